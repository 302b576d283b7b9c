// Planted handoffs (src/runtime/handoff-planted.ts): links in the page that already hold a handoff
// lose it as they are followed, or are not followed when it is encoded inside their URL. Real clicks
// are not made (they would navigate the test page): the events are dispatched as the browser would,
// and the test reads what the link's activation would use and whether its default was prevented.
import { expect, fixture, html } from '@open-wc/testing';
import { disarmPlantedHandoffs } from '../../src/runtime/handoff-planted.js';

const V = 'h1.mx5q0k2a.1.7.k3v9x0c2p7qa.mx5pzq1b..analytics...1a2b3c.x9y8z7';
const SIBLING = 'https://www.migu.cn/music';
const ENCODED = `/go?to=${encodeURIComponent(`${SIBLING}#migu-consent-handoff=${V}`)}`;

/**
 * Dispatches `type` on `target` as a cancelable, composed mouse event, as the browser would for a
 * link followed; whether its default was prevented before the test's own listener, which prevents
 * it always (the test page must never navigate).
 */
function follow(target: Element, type = 'click', button = 0): boolean {
  const seen: boolean[] = [];
  // at the target, capture listeners run first: after the window's capture listener under test
  target.addEventListener(type, (e) => { seen.push(e.defaultPrevented); }, { once: true, capture: true });
  target.addEventListener(type, (e) => { e.preventDefault(); }, { once: true });
  target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, button }));
  return seen[0] ?? false;
}

describe('planted handoffs in links', () => {
  let stop: () => void = () => {};
  let warned: string[] = [];
  const warn = console.warn;
  beforeEach(() => {
    stop = disarmPlantedHandoffs();
    warned = [];
    console.warn = (...args: unknown[]) => { warned.push(args.join(' ')); };
  });
  afterEach(() => {
    stop();
    console.warn = warn;
  });

  it('a handoff in the link\'s own URL is removed for good as it is followed; the rest of the URL is kept', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <a id="frag" href="${SIBLING}#migu-consent-handoff=${V}">1</a>
      <a id="query" href=${`${SIBLING}?a=1&migu-consent-handoff=${V}#top`}>2</a>
      <map name="m"><area id="area" href="${SIBLING}#migu-consent-handoff=${V}" alt="3"></map>
    </div>`);
    const prevented = ([['frag', 'click', 0], ['query', 'auxclick', 1], ['area', 'contextmenu', 2]] as const)
      .map(([id, type, button]) => follow(root.querySelector(`#${id}`)!, type, button));
    expect(prevented, 'followed').to.deep.equal([false, false, false]);
    expect(root.querySelector('#frag')!.getAttribute('href')).to.equal(SIBLING);
    expect(root.querySelector('#query')!.getAttribute('href')).to.equal(`${SIBLING}?a=1#top`);
    expect(root.querySelector('#area')!.getAttribute('href')).to.equal(SIBLING);
    expect(warned).to.deep.equal([]);
  });

  it('one encoded inside the URL (a redirect\'s target) takes the link\'s href away and its default: click, middle click, context menu', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <a id="a" href="${ENCODED}"><span id="inside">see this</span></a>
      <a id="b" href="${ENCODED}">b</a>
      <a id="c" href="${ENCODED}">c</a>
    </div>`);
    // a click on the link's content is a click on the link
    const prevented = [follow(root.querySelector('#inside')!), follow(root.querySelector('#b')!, 'auxclick', 1), follow(root.querySelector('#c')!, 'contextmenu', 2)];
    expect(prevented).to.deep.equal([true, true, true]);
    for (const id of ['a', 'b', 'c']) expect(root.querySelector(`#${id}`)!.hasAttribute('href'), id).to.equal(false);
    expect(warned.length).to.equal(3);
    expect(warned[0]).to.contain('[migu-consent:handoff]');
  });

  it('an SVG link, by href or xlink:href; a link in a shadow root', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <svg><a id="svg" href="${ENCODED}"><text y="10">svg</text></a><a id="xlink"><text y="20">x</text></a></svg>
      <div id="host"></div>
    </div>`);
    const xlink = root.querySelector('#xlink')!;
    xlink.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', `${SIBLING}#migu-consent-handoff=${V}`);
    const shadow = root.querySelector('#host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<a href="${ENCODED}">in a shadow root</a>`;
    follow(root.querySelector('#svg text')!);
    follow(xlink);
    follow(shadow.querySelector('a')!);
    expect(root.querySelector('#svg')!.hasAttribute('href')).to.equal(false);
    expect(xlink.getAttributeNS('http://www.w3.org/1999/xlink', 'href')).to.equal(SIBLING);
    expect(shadow.querySelector('a')!.hasAttribute('href')).to.equal(false);
  });

  it('leaves every other link, and every other click, as it was', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <a id="plain" href="${SIBLING}?q=migu-consent-handoff#top">plain</a>
      <a id="redirect" href="/go?to=${encodeURIComponent(SIBLING)}">redirect</a>
      <button id="button">button</button>
    </div>`);
    const prevented = ['plain', 'redirect', 'button'].map((id) => follow(root.querySelector(`#${id}`)!));
    expect(prevented).to.deep.equal([false, false, false]);
    expect(root.querySelector('#plain')!.getAttribute('href')).to.equal(`${SIBLING}?q=migu-consent-handoff#top`);
    expect(root.querySelector('#redirect')!.getAttribute('href')).to.equal(`/go?to=${encodeURIComponent(SIBLING)}`);
    expect(warned).to.deep.equal([]);
  });

  it('a form whose submission would carry one is stopped: in its action, a submit button\'s formaction or a field; others go', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <form id="action" action="${SIBLING}#migu-consent-handoff=${V}"><input name="action" value="x"><button>1</button></form>
      <form id="field" action="${SIBLING}"><input type="hidden" name="migu-consent-handoff" value="${V}"><button>2</button></form>
      <form id="formaction" action="/search"><button formaction="${ENCODED}">3</button></form>
      <form id="search" action="/search"><input name="q" value="migu consent"><button>4</button></form>
    </div>`);
    const submit = (id: string): boolean => {
      const form = root.querySelector<HTMLFormElement>(`#${id}`)!;
      let prevented: boolean | undefined;
      // read after the window's capture listener, then never submitted for real
      form.addEventListener('submit', (e) => { prevented = e.defaultPrevented; e.preventDefault(); }, { once: true });
      form.requestSubmit(form.querySelector('button'));
      return prevented ?? false;
    };
    expect(['action', 'field', 'formaction', 'search'].map(submit)).to.deep.equal([true, true, true, false]);
    expect(warned.length).to.equal(3);
    // a submit event a script dispatches on something that is no form: nothing thrown into the page
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent): void => { errors.push(e.error); e.preventDefault(); };
    addEventListener('error', onError);
    try {
      root.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    } finally {
      removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });

  it('stops', async () => {
    stop();
    const root = await fixture<HTMLElement>(html`<div><a id="a" href="${ENCODED}">a</a></div>`);
    follow(root.querySelector('#a')!);
    expect(root.querySelector('#a')!.getAttribute('href')).to.equal(ENCODED);
  });
});
