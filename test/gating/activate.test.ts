import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { applyLink } from '../../src/gating/activate-link.js';
import { applyMedia } from '../../src/gating/activate-media.js';

/** Collects console.error lines while `fn` runs. */
function errorsDuring(fn: () => void): string[] {
  const seen: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => { seen.push(args.map(String).join(' ')); };
  try {
    fn();
  } finally {
    console.error = original;
  }
  return seen;
}

const STATE = 'data-consent-state';

describe('gated images and frames', () => {
  it('stay inert while denied and get their http(s) URLs when allowed', async () => {
    const img = await fixture<HTMLImageElement>(html`<img data-consent="marketing" data-src="/test/gating/fixtures/pixel.gif?a=1" data-srcset="/test/gating/fixtures/pixel.gif?1 1x, https://pixel.example/p2.gif 2x">`);
    applyMedia(img, false);
    expect(img.hasAttribute('src') || img.hasAttribute('srcset')).to.equal(false);
    applyMedia(img, true);
    expect(img.getAttribute('src')).to.equal(new URL('/test/gating/fixtures/pixel.gif?a=1', location.href).href);
    expect(img.getAttribute('srcset')).to.equal('/test/gating/fixtures/pixel.gif?1 1x, https://pixel.example/p2.gif 2x');
    expect(img.getAttribute(STATE)).to.equal('activated');
  });

  for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:image/gif;base64,R0lGOD', 'vbscript:msgbox', 'blob:http://x/y', 'file:///etc/passwd', 'http://[bad']) {
    it(`refuses ${JSON.stringify(bad)} with a logged error, for good`, async () => {
      const frame = await fixture<HTMLIFrameElement>(html`<iframe data-consent="marketing" data-src=${bad} srcdoc-test="x"></iframe>`);
      const errors = errorsDuring(() => { applyMedia(frame, true); });
      expect(frame.hasAttribute('src')).to.equal(false);
      expect(frame.getAttribute(STATE)).to.equal('refused');
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(/^\[migu-consent:gating\] <iframe> not activated/);
    });
  }

  it('refuses an image whose srcset hides a non-http URL', async () => {
    const img = await fixture<HTMLImageElement>(html`<img data-consent="marketing" data-src="/ok.gif" data-srcset="/a.gif 1x,javascript:alert(1) 2x">`);
    const errors = errorsDuring(() => { applyMedia(img, true); });
    expect(img.hasAttribute('src') || img.hasAttribute('srcset')).to.equal(false);
    expect(errors.join()).to.include('javascript:alert(1)');
  });

  it('accepts a srcset URL that contains commas', async () => {
    const img = await fixture<HTMLImageElement>(html`<img data-consent="marketing" data-srcset="https://cdn.example/c_fill,w_100/p.gif 1x">`);
    applyMedia(img, true);
    expect(img.getAttribute('srcset')).to.equal('https://cdn.example/c_fill,w_100/p.gif 1x');
  });

  it('never takes srcdoc: only data-src reaches a frame', async () => {
    const frame = await fixture<HTMLIFrameElement>(html`<iframe data-consent="marketing" data-srcdoc=${'<script>parent.__srcdoc = 1</script>'}></iframe>`);
    applyMedia(frame, true);
    expect(frame.hasAttribute('srcdoc')).to.equal(false);
    expect(frame.hasAttribute('src')).to.equal(false);
  });

  it('on withdrawal a frame goes blank and inert; an image stays and is not set again', async () => {
    const root = await fixture<HTMLElement>(html`<div><iframe data-consent="marketing" data-src="/test/gating/fixtures/pixel.gif?f"></iframe><img data-consent="marketing" data-src="/test/gating/fixtures/pixel.gif"></div>`);
    const frame = root.querySelector('iframe')!;
    const img = root.querySelector('img')!;
    applyMedia(frame, true);
    applyMedia(img, true);
    await new Promise((loaded) => { if (img.complete) loaded(undefined); else img.addEventListener('load', loaded); });
    const length = history.length;
    applyMedia(frame, false);
    applyMedia(img, false);
    expect(frame.hasAttribute(STATE)).to.equal(false);
    // navigated by location.replace(): no history entry, which Back would take back to the tracker; the src follows
    await waitUntil(() => frame.getAttribute('src') === 'about:blank', 'the frame goes blank');
    expect(frame.contentWindow?.location.href).to.equal('about:blank');
    expect(history.length, 'no history entry').to.equal(length);
    expect(img.getAttribute('src')).to.equal(new URL('/test/gating/fixtures/pixel.gif', location.href).href);
    // granted again: the frame comes back; the image is left alone (same URL, no second load)
    const observer = new MutationObserver(() => undefined);
    observer.observe(img, { attributeFilter: ['src', 'srcset'] });
    applyMedia(frame, true);
    applyMedia(img, true);
    expect(frame.getAttribute('src')).to.equal(new URL('/test/gating/fixtures/pixel.gif?f', location.href).href);
    expect(observer.takeRecords()).to.have.length(0);
    observer.disconnect();
  });

  it('on withdrawal an image not loaded yet (lazy, off screen) loses its URLs, and gets them back on the next grant', async () => {
    const root = await fixture<HTMLElement>(html`<div><div style="height: 10000px"></div><picture><source data-srcset="/test/gating/fixtures/pixel.gif?s" media="(min-width: 1px)"><img loading="lazy" data-consent="marketing" data-src="/test/gating/fixtures/pixel.gif?lazy"></picture></div>`);
    const img = root.querySelector('img')!;
    const source = root.querySelector('source')!;
    applyMedia(img, true);
    expect(img.complete).to.equal(false);
    applyMedia(img, false);
    expect([img.hasAttribute('src'), source.hasAttribute('srcset'), img.hasAttribute(STATE)]).to.deep.equal([false, false, false]);
    applyMedia(img, true);
    expect(img.getAttribute('src')).to.equal(new URL('/test/gating/fixtures/pixel.gif?lazy', location.href).href);
    expect(source.getAttribute('srcset')).to.equal('/test/gating/fixtures/pixel.gif?s');
  });
});

describe('gated links', () => {
  it('use the tracked URL and ping only while allowed', async () => {
    const a = await fixture<HTMLAnchorElement>(html`<a href="https://shop.example/item" data-consent="analytics" data-href="https://tracker.example/click?to=item" data-ping="https://pixel.example/ping https://tracker.example/p2">go</a>`);
    applyLink(a, false);
    expect(a.getAttribute('href')).to.equal('https://shop.example/item');
    expect(a.hasAttribute('ping')).to.equal(false);
    applyLink(a, true);
    expect(a.getAttribute('href')).to.equal('https://tracker.example/click?to=item');
    expect(a.getAttribute('ping')).to.equal('https://pixel.example/ping https://tracker.example/p2');
    applyLink(a, true);
    applyLink(a, false);
    expect(a.getAttribute('href')).to.equal('https://shop.example/item', 'the clean href comes back, also after two grants');
    expect(a.hasAttribute('ping')).to.equal(false);
    expect(a.hasAttribute('data-clean-href')).to.equal(false);
  });

  it('a link the page rewrites while granted (a framework rendering it for another item) gets the new clean href back', async () => {
    const a = await fixture<HTMLAnchorElement>(html`<a href="/song/1" data-consent="analytics" data-href="https://tracker.example/click?to=1">song 1</a>`);
    applyLink(a, true);
    // React or Vue, rendering the same <a> for song 2, sets both attributes it renders
    a.setAttribute('href', '/song/2');
    a.setAttribute('data-href', 'https://tracker.example/click?to=2');
    applyLink(a, true);
    expect(a.getAttribute('href')).to.equal('https://tracker.example/click?to=2');
    applyLink(a, false);
    expect(a.getAttribute('href')).to.equal('/song/2', 'not the href of song 1');
    // only the clean href changed while granted: the page's own stays on withdrawal
    applyLink(a, true);
    a.setAttribute('href', '/song/3');
    applyLink(a, false);
    expect(a.getAttribute('href')).to.equal('/song/3');
  });

  it('a copy made while granted still knows its clean href', async () => {
    const a = await fixture<HTMLAnchorElement>(html`<a href="/clean" data-consent="analytics" data-href="/tracked">go</a>`);
    applyLink(a, true);
    const copy = a.cloneNode(true) as HTMLAnchorElement;
    applyLink(copy, false);
    expect(copy.getAttribute('href')).to.equal('/clean');
  });

  it('never restores a data-clean-href from the markup (sanitizers keep data-*): only a clean href it saved itself', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <a data-consent="analytics" data-clean-href="javascript:alert(1)">planted</a>
      <a data-consent="analytics" data-href="https://tracker.example/t" data-clean-href="javascript:alert(2)">planted, tracked</a>
      <a href="/clean" data-consent="analytics" data-href="/tracked" data-clean-href="javascript:alert(3)">planted over a clean one</a>
    </div>`);
    const [planted, tracked, overClean] = [...root.querySelectorAll('a')];
    applyLink(planted, false);
    applyLink(tracked, false);
    expect(planted.hasAttribute('href')).to.equal(false);
    expect(tracked.hasAttribute('href')).to.equal(false);
    for (const a of [tracked, overClean]) {
      applyLink(a, true);
      applyLink(a, false);
    }
    expect(tracked.hasAttribute('href')).to.equal(false, 'it had no clean href');
    expect(overClean.getAttribute('href')).to.equal('/clean');
    expect([...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))).to.deep.equal(['/clean']);
  });

  it('writes back only an http(s) clean href', async () => {
    const a = await fixture<HTMLAnchorElement>(html`<a href="javascript:void(0)" data-consent="analytics" data-href="/tracked">go</a>`);
    applyLink(a, true);
    expect(a.getAttribute('href')).to.equal(new URL('/tracked', location.href).href);
    const errors = errorsDuring(() => { applyLink(a, false); });
    expect(a.hasAttribute('href')).to.equal(false);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^\[migu-consent:gating\] <a> clean href "javascript:void\(0\)" is not an http\(s\) URL/);
  });

  it('strips a ping written in the markup while denied and gives it back on grant', async () => {
    const a = await fixture<HTMLAnchorElement>(html`<a href="/clean" data-consent="analytics" ping="/ping">go</a>`);
    applyLink(a, false);
    expect(a.hasAttribute('ping')).to.equal(false);
    applyLink(a, true);
    expect(a.getAttribute('ping')).to.equal('/ping');
  });

  it('a link without href gets none back', async () => {
    const a = await fixture<HTMLAnchorElement>(html`<a data-consent="analytics" data-href="/tracked">go</a>`);
    applyLink(a, true);
    expect(a.getAttribute('href')).to.equal(new URL('/tracked', location.href).href);
    applyLink(a, false);
    expect(a.hasAttribute('href')).to.equal(false);
  });

  it('refuses a javascript: tracked URL or ping: the link stays clean, with an error', async () => {
    const a = await fixture<HTMLAnchorElement>(html`<a href="/clean" data-consent="analytics" data-href="javascript:alert(1)" data-ping="/p">go</a>`);
    const errors = errorsDuring(() => { applyLink(a, true); });
    expect(a.getAttribute('href')).to.equal('/clean');
    expect(a.hasAttribute('ping')).to.equal(false);
    expect(errors).to.have.length(1);
    const b = await fixture<HTMLAnchorElement>(html`<a href="/clean" data-consent="analytics" data-href="/t" data-ping="/p data:,x">go</a>`);
    errorsDuring(() => { applyLink(b, true); });
    expect(b.getAttribute('href')).to.equal('/clean');
    expect(b.hasAttribute('ping')).to.equal(false);
  });
});
