import { expect, fixture, html } from '@open-wc/testing';
import { isAllowed, scan } from '../../src/gating/scan.js';

describe('gating scan', () => {
  it('finds every element marked with data-consent (gated or to be reported), in document order, and the root itself', async () => {
    const root = await fixture<HTMLElement>(html`<div data-consent="analytics" id="root">
      <script type="text/plain" data-consent="analytics" id="s1">1</script>
      <img data-consent="marketing" data-src="/p.gif" id="i1">
      <section><iframe data-consent="marketing" data-src="/f.html" id="f1"></iframe>
        <a href="/clean" data-consent="analytics" data-href="/tracked" id="a1">x</a></section>
      <script type="text/javascript" data-consent="analytics" id="not-plain"></script>
      <script type="text/plain" id="no-category"></script>
      <div data-consent-open id="opener"></div>
      <video data-consent="marketing" id="v1"><source data-src="/v.webm" id="no-own-category"></video>
      <audio data-consent="marketing" id="au1"></audio>
    </div>`);
    expect(scan(root).map((e) => e.id)).to.deep.equal(['root', 's1', 'i1', 'f1', 'a1', 'not-plain', 'v1', 'au1']);
    const img = root.querySelector('img')!;
    expect(scan(img)).to.deep.equal([img], 'a gated element passed as root counts');
    expect(scan(document.createTextNode('x'))).to.deep.equal([]);
  });

  it('skips scripts already run and anything refused, but keeps activated pixels, frames, players and links', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <script type="text/plain" data-consent="analytics" data-consent-state="activated" id="ran"></script>
      <script type="text/plain" data-consent="analytics" data-consent-state="refused" id="refused-script"></script>
      <img data-consent="marketing" data-consent-state="refused" id="refused-img">
      <img data-consent="marketing" data-consent-state="activated" id="img">
      <iframe data-consent="marketing" data-consent-state="activated" id="frame"></iframe>
      <script data-consent="analytics" data-consent-state="activated" id="activated-copy"></script>
      <video data-consent="marketing" data-consent-state="activated" id="video"></video>
    </div>`);
    expect(scan(root).map((e) => e.id)).to.deep.equal(['img', 'frame', 'video']);
  });

  it('is pure: a scan changes nothing in the DOM', async () => {
    const root = await fixture<HTMLElement>(html`<div><img data-consent="marketing" data-src="/p.gif">
      <script type="text/plain" data-consent="analytics">window.__scanRan = true</script></div>`);
    const before = root.outerHTML;
    const observer = new MutationObserver(() => undefined);
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    expect(scan(root)).to.have.length(2);
    expect(observer.takeRecords()).to.deep.equal([]);
    observer.disconnect();
    expect(root.outerHTML).to.equal(before);
  });

  it('needs every listed category, and the service when one is named', () => {
    const granted = new Set(['analytics', 'marketing', 'analytics/baidu']);
    const isGranted = (c: string, s?: string): boolean => granted.has(c) && (s === undefined || granted.has(`${c}/${s}`));
    const el = (consent: string | null, service?: string): Element => {
      const e = document.createElement('img');
      if (consent !== null) e.setAttribute('data-consent', consent);
      if (service !== undefined) e.setAttribute('data-consent-service', service);
      return e;
    };
    expect(isAllowed(el('analytics'), isGranted)).to.equal(true);
    expect(isAllowed(el('  analytics   marketing '), isGranted)).to.equal(true);
    expect(isAllowed(el('analytics personalization'), isGranted)).to.equal(false);
    expect(isAllowed(el('analytics', 'baidu'), isGranted)).to.equal(true);
    expect(isAllowed(el('analytics', 'ga4'), isGranted)).to.equal(false);
    expect(isAllowed(el('analytics marketing', 'baidu'), isGranted)).to.equal(false, 'the service is checked against every category');
    expect(isAllowed(el('analytics', ''), isGranted)).to.equal(true, 'an empty service is no service');
    expect(isAllowed(el(''), isGranted)).to.equal(false, 'no category is never granted');
    expect(isAllowed(el('   '), isGranted)).to.equal(false);
    expect(isAllowed(el(null), isGranted)).to.equal(false);
  });
});
