// runtime/config-check.ts and runtime/page-check.ts: whether the script build's runtime must come
// although nothing uses it, because it would report something. Each reason on a page that is
// otherwise clean, so that each case fails if its reason is missed; and the clean page, which must
// not ask for the runtime. A returning visitor's check (lazy/returning.ts) reads the early config
// instead of validating: the same answers for every reason but the config's own.
import { expect } from '@open-wc/testing';
import { needsRuntime } from '../../src/runtime/config-check.js';
import { needsRuntimeFor } from '../../src/runtime/page-check.js';
import { earlyKey, fromEarly, toEarly } from '../../src/core/early.js';
import { resolveConfig } from '../../src/core/config.js';

/** The early config a returning visitor's first stage reads for `text`, as the runtime saves it. */
const early = (text: string) => {
  const { config } = resolveConfig(JSON.parse(text) as unknown);
  return fromEarly(JSON.parse(JSON.stringify(toEarly(config, earlyKey(text), true))), earlyKey(text))!;
};

const CLEAN_CONFIG = JSON.stringify({ categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['stats.example'] }] }] });

/** A <migu-consent> with a policy-url and a valid config, changed by `edit`, and gated markup in the page. */
function page(edit: (element: HTMLElement) => void = () => undefined, markup = '<img data-consent="analytics" data-src="https://stats.example/p.gif">'): HTMLElement {
  const holder = document.createElement('div');
  holder.id = 'page-check';
  holder.innerHTML = markup;
  const element = document.createElement('migu-consent');
  element.setAttribute('policy-url', '/privacy.html');
  const script = document.createElement('script');
  script.type = 'application/json';
  script.textContent = CLEAN_CONFIG;
  element.append(script);
  holder.prepend(element);
  document.body.append(holder);
  edit(element);
  return element;
}

const setConfig = (element: HTMLElement, text: string): void => { element.querySelector('script')!.textContent = text; };

describe('page check (runtime/page-check.ts)', () => {
  afterEach(() => { document.getElementById('page-check')?.remove(); });

  it('a clean page: the runtime need not come', () => {
    expect(needsRuntime(page())).to.equal(false);
  });

  const reasons: [string, (element: HTMLElement) => void, string?][] = [
    ['no policy-url (the banner warns)', (e) => { e.removeAttribute('policy-url'); }],
    ['a javascript: policy-url', (e) => { e.setAttribute('policy-url', 'javascript:alert(1)'); }],
    ['a bad expires-days', (e) => { e.setAttribute('expires-days', 'soon'); }],
    ['a bad dnt', (e) => { e.setAttribute('dnt', 'maybe'); }],
    ['a data: receipt-endpoint', (e) => { e.setAttribute('receipt-endpoint', 'data:text/plain,x'); }],
    ['a receipt-endpoint with a password', (e) => { e.setAttribute('receipt-endpoint', 'https://user:pw@receipts.example/r'); }],
    ['a cookie-domain that does not cover the host', (e) => { e.setAttribute('cookie-domain', '.migu.cn'); }],
    ['a config that is not JSON', (e) => { setConfig(e, '{ "categories": ['); }],
    ['duplicate ids', (e) => { setConfig(e, JSON.stringify({ categories: [{ id: 'a', services: [{ id: 'a', name: 'A' }] }] })); }],
    ['a service without a name', (e) => { setConfig(e, JSON.stringify({ categories: [{ id: 'a', services: [{ id: 's' }] }] })); }],
    ['an unknown key (a warning)', (e) => { setConfig(e, JSON.stringify({ categories: [], colour: 'red' })); }],
    ['a config object whose getter throws', (e) => {
      e.querySelector('script')!.remove();
      (e as { config?: unknown }).config = { get categories() { throw new Error('boom'); } };
    }],
  ];
  for (const [what, edit] of reasons) {
    it(`${what}: the runtime comes to report it`, () => {
      expect(needsRuntime(page(edit))).to.equal(true);
    });
    if (/config|ids|name|key/.test(what)) continue;
    it(`${what}, a returning visitor's page (the early config, no validator): the runtime comes to report it`, () => {
      expect(needsRuntimeFor(page(edit), early(CLEAN_CONFIG))).to.equal(true);
    });
  }

  it('a returning visitor\'s clean page: the runtime need not come', () => {
    expect(needsRuntimeFor(page(), early(CLEAN_CONFIG))).to.equal(false);
  });

  it('gated markup gating cannot keep inert: the runtime comes to report it', () => {
    expect(needsRuntime(page(undefined, '<img data-consent="analytics" src="https://stats.example/live.gif">'))).to.equal(true);
    document.getElementById('page-check')?.remove();
    expect(needsRuntime(page(undefined, '<embed data-consent="analytics" data-src="https://stats.example/e.swf">'))).to.equal(true);
  });

  it('gated markup naming a category or service the config does not have: the runtime comes to report it, first visit or returning', () => {
    for (const markup of ['<img data-consent="analytcs" data-src="https://stats.example/p.gif">',
      '<img data-consent="analytics" data-consent-service="statz" data-src="https://stats.example/p.gif">',
      '<script type="text/plain" data-consent="analytics Marketing"></script>']) {
      expect(needsRuntime(page(undefined, markup)), markup).to.equal(true);
      document.getElementById('page-check')?.remove();
      expect(needsRuntimeFor(page(undefined, markup), early(CLEAN_CONFIG)), `${markup}, early config`).to.equal(true);
      document.getElementById('page-check')?.remove();
    }
    // known ids: a default category, a service named as its category (the runtime's warning takes it as known)
    for (const markup of ['<img data-consent="marketing analytics" data-consent-service="stats" data-src="https://stats.example/p.gif">',
      '<img data-consent="stats" data-src="https://stats.example/p.gif">']) {
      expect(needsRuntime(page(undefined, markup)), markup).to.equal(false);
      document.getElementById('page-check')?.remove();
      expect(needsRuntimeFor(page(undefined, markup), early(CLEAN_CONFIG)), `${markup}, early config`).to.equal(false);
      document.getElementById('page-check')?.remove();
    }
  });

  it('gated markup naming no service of a category asked for separately: the runtime comes to report it', () => {
    const separate = JSON.stringify({ categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', separate: true }] }] });
    expect(needsRuntime(page((e) => { setConfig(e, separate); }))).to.equal(true);
    document.getElementById('page-check')?.remove();
    expect(needsRuntime(page((e) => { setConfig(e, separate); }, '<img data-consent="analytics" data-consent-service="stats" data-src="https://stats.example/p.gif">'))).to.equal(false);
    document.getElementById('page-check')?.remove();
    expect(needsRuntimeFor(page(), early(separate)), 'with the early config').to.equal(true);
  });
});
