// The script build's first stage registers the tags at once (elements/stub.ts); the UI's Lit class
// is adopted later (elements/adopt.ts), and the elements made before get what an upgrade gives.
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { CONSENT_PROPERTIES, defineStub, STUB, uiDefined } from '../../src/elements/stub.js';
import type { StubClass } from '../../src/elements/stub.js';
import { adopt } from '../../src/elements/adopt.js';
import { MiguConsentElement } from '../../src/elements/migu-consent.js';
import { MiguConsentGateElement } from '../../src/elements/migu-consent-gate.js';
import { GATE_ATTRIBUTES } from '../../src/elements/gate-tag.js';
import { OPTION_NAMES } from '../../src/runtime/first-stage.js';

let n = 0;
const calls: string[] = [];
/** Elements whose constructor throws. */
const failing = new WeakSet<Element>();

/** A Lit class standing for the UI's: it records what it is given, as its element. */
function uiClass(): typeof LitElement & { observedAttributes: string[] } {
  return class extends LitElement {
    static override properties = { category: { reflect: true }, config: { attribute: false } };
    declare category: string | undefined;
    declare config: unknown;
    made = true;

    constructor() {
      super();
      if (failing.has(this)) throw new Error('cannot start');
    }

    override connectedCallback(): void {
      super.connectedCallback();
      calls.push(`connected ${this.id} ${this.category ?? '-'}`);
    }

    override disconnectedCallback(): void {
      super.disconnectedCallback();
      calls.push(`disconnected ${this.id}`);
    }

    override render(): unknown {
      return html`<p part="shown">${this.category}</p>`;
    }
  };
}

const make = (tag: string, id: string, category?: string): HTMLElement & { category?: string; made?: boolean; updateComplete?: Promise<boolean> } => {
  const el = document.createElement(tag);
  el.id = id;
  if (category) el.setAttribute('category', category);
  return el;
};

describe('elements registered by the first stage, their UI adopted later', () => {
  beforeEach(() => { calls.length = 0; });

  it('observes the attributes its UI class observes: the options of <migu-consent>, the gate\'s own', () => {
    expect([...OPTION_NAMES.split(' ')].sort()).to.deep.equal([...MiguConsentElement.observedAttributes].sort());
    expect([...GATE_ATTRIBUTES.split(' ')].sort()).to.deep.equal([...MiguConsentGateElement.observedAttributes].sort());
  });

  it('is defined at once, with no behaviour, and not taken for the UI', async () => {
    const tag = `stub-test-${++n}`;
    defineStub(tag, 'category');
    expect(customElements.get(tag)).to.be.a('function');
    expect(await Promise.race([customElements.whenDefined(tag).then(() => true), new Promise((r) => { setTimeout(r, 50, false); })])).to.equal(true);
    expect(uiDefined(tag)).to.equal(false);
    const el = make(tag, 'a', 'analytics');
    document.body.append(el);
    expect(el.matches(':defined')).to.equal(true);
    expect(el.shadowRoot).to.equal(null);
    el.remove();
    defineStub(tag, 'category'); // a second copy: nothing, no throw
  });

  it('calls its hook as an element connects before the UI is there (a gate asks for the UI), not after', () => {
    const tag = `stub-test-${++n}`;
    const asked: string[] = [];
    defineStub(tag, 'category', () => { asked.push('ui'); });
    const host = document.body.appendChild(document.createElement('div'));
    // in a shadow root too, which no query of the document reaches
    host.attachShadow({ mode: 'open' }).append(make(tag, 'in-shadow'));
    expect(asked).to.deep.equal(['ui']);
    adopt(tag, uiClass());
    host.shadowRoot!.append(make(tag, 'after'));
    expect(asked).to.deep.equal(['ui'], 'the UI is there: its class connects them');
    expect(calls).to.deep.equal(['connected in-shadow -', 'connected after -']);
    host.remove();
  });

  it('gives the elements made before what an upgrade gives: the constructor on the element, its attributes, then connected; those made after are made as the UI\'s', async () => {
    const tag = `stub-test-${++n}`;
    defineStub(tag, 'category');
    const inPage = make(tag, 'in-page', 'analytics');
    document.body.append(inPage);
    const detached = make(tag, 'detached', 'marketing');
    const Ui = uiClass();
    adopt(tag, Ui);
    expect(uiDefined(tag)).to.equal(true);
    expect((customElements.get(tag) as StubClass)[STUB]).to.equal(undefined);
    expect(inPage).to.be.instanceOf(Ui);
    expect(inPage.made, 'its class fields').to.equal(true);
    expect(inPage.category, 'its attribute, as a property').to.equal('analytics');
    expect(calls).to.deep.equal(['connected in-page analytics'], 'connected once; the detached one not yet');
    await inPage.updateComplete;
    expect(inPage.shadowRoot?.querySelector('[part=shown]')?.textContent).to.equal('analytics');

    // the browser calls the callbacks from now on: the attribute, connecting, disconnecting
    inPage.setAttribute('category', 'functional');
    await inPage.updateComplete;
    expect(inPage.shadowRoot?.querySelector('[part=shown]')?.textContent).to.equal('functional');
    document.body.append(detached);
    const after = make(tag, 'after', 'personalization');
    expect(after).to.be.instanceOf(Ui);
    expect(after.made).to.equal(true);
    document.body.append(after);
    inPage.remove();
    expect(calls).to.deep.equal(['connected in-page analytics', 'connected detached marketing', 'connected after personalization', 'disconnected in-page']);
    detached.remove();
    after.remove();
  });

  it('<migu-consent> has its config property before the UI (React 19 and Vue set a property only where the element has one): the value set is taken up by the UI\'s class', async () => {
    const tag = `stub-test-${++n}`;
    defineStub(tag, OPTION_NAMES, undefined, CONSENT_PROPERTIES);
    // React 19's rule for a custom element: the property when `name in element`, else the attribute
    const el = document.createElement(tag) as HTMLElement & { config?: unknown };
    expect('config' in el).to.equal(true);
    expect(el.config).to.equal(undefined);
    const config = { categories: [{ id: 'video' }] };
    el.config = config;
    expect(el.hasAttribute('config'), 'no attribute for the object').to.equal(false);
    expect(Object.prototype.hasOwnProperty.call(el, 'config'), 'the element\'s own, as one set before an upgrade').to.equal(true);
    expect(el.config).to.equal(config);
    const other = document.createElement(tag) as HTMLElement & { config?: unknown };
    expect(other.config, 'one element\'s value is its own').to.equal(undefined);
    document.body.append(el);

    const Ui = uiClass();
    adopt(tag, Ui);
    expect(el).to.be.instanceOf(Ui);
    // Lit sets the properties an element had before its upgrade as it first updates
    await (el as unknown as LitElement).updateComplete;
    expect(el.config).to.equal(config);
    expect(Object.prototype.hasOwnProperty.call(el, 'config'), 'the UI\'s accessor from now on').to.equal(false);
    const next = { categories: [] };
    el.config = next;
    expect(el.config).to.equal(next);
    expect(Object.prototype.hasOwnProperty.call(el, 'config')).to.equal(false);
    expect('config' in document.createElement(tag), 'the UI\'s own property').to.equal(true);
    el.remove();
  });

  it('an element whose constructor throws is reported; the others are adopted', () => {
    const tag = `stub-test-${++n}`;
    defineStub(tag, 'category');
    const bad = make(tag, 'bad', 'analytics');
    const good = make(tag, 'good', 'marketing');
    document.body.append(bad, good);
    failing.add(bad);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.join(' ')); };
    try {
      adopt(tag, uiClass());
    } finally {
      console.error = original;
    }
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^\[migu-consent:api\] <stub-test-\d+> could not start: Error: cannot start/);
    expect(calls).to.deep.equal(['connected good marketing']);
    // and HTMLElement is the root of the class chain again: a new element is made as usual
    expect(make(tag, 'later')).to.be.instanceOf(HTMLElement);
    bad.remove();
    good.remove();
  });

  it('leaves a tag another copy defined with a class of its own', () => {
    const tag = `stub-test-${++n}`;
    const Ui = uiClass();
    customElements.define(tag, Ui);
    expect(uiDefined(tag)).to.equal(true);
    adopt(tag, uiClass());
    expect(customElements.get(tag)).to.equal(Ui);
    expect(make(tag, 'other')).to.be.instanceOf(Ui);
  });
});
