import { expect, fixture, html } from '@open-wc/testing';
import { startGating } from '../../src/gating/index.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

/** Starts gating over the page with a fresh runtime; returns the console.warn lines and the teardown. */
function gate(): { warned: string[]; runtime: ConsentRuntime; stop: () => void } {
  const warned: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
  const runtime = new ConsentRuntime({ options: { cookieName: 'check_markup' }, storage: new MemoryRecordStorage() });
  const stopGating = startGating(runtime, { reload: () => undefined });
  return {
    warned,
    runtime,
    stop: () => {
      stopGating();
      runtime.store.reset();
      runtime.dispose();
      console.warn = original;
    },
  };
}

describe('markup gating cannot keep inert is reported', () => {
  it('data-consent on an element gating does not handle: one warning per element, never activated', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <embed data-consent="marketing" data-src="https://ads.example/e.swf">
      <link data-consent="marketing" rel="prefetch" href="/x.css">
      <script data-consent="marketing">window.__liveRan = 1</script>
      <picture data-consent="marketing"><source data-srcset="/a.gif"><img alt=""></picture>
      <form data-consent="marketing" action="/f"></form>
    </div>`);
    const { warned, runtime, stop } = gate();
    try {
      runtime.store.acceptAll();
      runtime.store.rejectAll();
      expect(warned.map((w) => w.replace(/ ignores data-consent: .*$/, ''))).to.deep.equal([
        '[migu-consent:gating] <embed>', '[migu-consent:gating] <link>', '[migu-consent:gating] <script>', '[migu-consent:gating] <picture>', '[migu-consent:gating] <form>',
      ]);
      expect(warned[0]).to.equal('[migu-consent:gating] <embed> ignores data-consent: it cannot be gated (see "Gated markup" in the README)');
      expect(root.querySelector('embed')!.hasAttribute('src')).to.equal(false);
      expect(root.querySelector('picture source')!.hasAttribute('srcset')).to.equal(false);
    } finally {
      stop();
    }
  });

  it('a gated element with a live src, srcset, poster or <source> src: one warning each, naming the attribute', async () => {
    await fixture<HTMLElement>(html`<div>
      <img data-consent="marketing" src="/test/gating/fixtures/pixel.gif?live" data-src="/p.gif" alt="">
      <img data-consent="marketing" srcset="/test/gating/fixtures/pixel.gif?live2 2x" alt="">
      <iframe data-consent="marketing" src="/test/gating/fixtures/pixel.gif?frame" title="f"></iframe>
      <video data-consent="marketing" poster="/test/gating/fixtures/pixel.gif?poster" preload="none"></video>
      <audio data-consent="marketing" preload="none"><source src="/a.mp3"></audio>
      <picture><source srcset="/test/gating/fixtures/pixel.gif?wide"><img data-consent="marketing" data-src="/n.gif" alt=""></picture>
      <img data-consent="marketing" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/p.gif" alt="placeholder: fine">
      <iframe data-consent="marketing" src="about:blank" data-src="/f.html" title="blank: fine"></iframe>
    </div>`);
    const { warned, runtime, stop } = gate();
    try {
      runtime.store.acceptAll();
      runtime.store.rejectAll();
      expect(warned).to.deep.equal([
        '[migu-consent:gating] <img data-consent> has a live src: it loads without consent; write data-src',
        '[migu-consent:gating] <img data-consent> has a live srcset: it loads without consent; write data-srcset',
        '[migu-consent:gating] <iframe data-consent> has a live src: it loads without consent; write data-src',
        '[migu-consent:gating] <video data-consent> has a live poster: it loads without consent; write data-poster',
        '[migu-consent:gating] <audio data-consent> has a live <source> src: it loads without consent; write data-src',
        '[migu-consent:gating] <img data-consent> has a live <source> srcset: it loads without consent; write data-srcset',
      ]);
    } finally {
      stop();
    }
  });

  it('a live ping on a gated link is reported once; the link gating sets up itself is not', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <a href="/clean" data-consent="analytics" ping="https://pixel.example/p">live</a>
      <a href="/clean" data-consent="analytics" data-ping="https://pixel.example/p">fine</a>
    </div>`);
    const { warned, runtime, stop } = gate();
    try {
      runtime.store.acceptAll();
      root.append(root.querySelector('a:last-child')!.cloneNode(true));
      runtime.store.rejectAll();
      expect(warned).to.deep.equal(['[migu-consent:gating] <a data-consent> has a live ping: it pings until migu-consent has started; write data-ping']);
    } finally {
      stop();
    }
  });
});
