import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { startGating } from '../../src/gating/index.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

/** Starts gating over the page with a fresh runtime; returns the console.warn lines and the teardown. */
function gate(config?: unknown): { warned: string[]; runtime: ConsentRuntime; stop: () => void } {
  const warned: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
  const runtime = new ConsentRuntime({ options: { cookieName: 'check_markup' }, storage: new MemoryRecordStorage(), config });
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
        '[migu-consent:gating] <embed>', '[migu-consent:gating] <link>',
        '[migu-consent:gating] <script data-consent> has type="": only type="text/plain" is gated (a script type runs without consent, another never runs)',
        '[migu-consent:gating] <picture>', '[migu-consent:gating] <form>',
      ]);
      expect(warned[0]).to.equal('[migu-consent:gating] <embed> ignores data-consent: it cannot be gated (see docs/gated-markup.md)');
      expect(root.querySelector('embed')!.hasAttribute('src')).to.equal(false);
      expect(root.querySelector('picture source')!.hasAttribute('srcset')).to.equal(false);
    } finally {
      stop();
    }
  });

  it('a gated script whose type is not exactly text/plain (" text/plain", ;charset=) is named with its type, never run; markup naming no category is said (both were silent or general)', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <script type=" text/plain" data-consent="analytics" src="/test/gating/fixtures/never.js?spaced"></script>
      <script type="text/plain;charset=utf-8" data-consent="analytics">window.__paramRan = 1</script>
      <script type="TEXT/PLAIN" data-consent="analytics">window.__caseRan = 1</script>
      <img data-consent="" data-src="/test/gating/fixtures/pixel.gif?empty" alt="">
      <img data-consent=" " data-src="/test/gating/fixtures/pixel.gif?blank" alt="">
      <img data-consent="analytics" data-src="/test/gating/fixtures/pixel.gif?fine" alt="">
    </div>`);
    const { warned, runtime, stop } = gate();
    try {
      runtime.store.acceptAll();
      expect(warned).to.deep.equal([
        '[migu-consent:gating] <script data-consent src="/test/gating/fixtures/never.js?spaced"> has type=" text/plain": only type="text/plain" is gated (a script type runs without consent, another never runs)',
        '[migu-consent:gating] <script data-consent> has type="text/plain;charset=utf-8": only type="text/plain" is gated (a script type runs without consent, another never runs)',
        '[migu-consent:gating] <img data-consent=""> names no category: it never loads',
        '[migu-consent:gating] <img data-consent=" "> names no category: it never loads',
      ]);
      expect((window as { __paramRan?: number }).__paramRan).to.equal(undefined);
      expect((window as { __caseRan?: number }).__caseRan, 'the type\'s case does not matter').to.equal(1);
      expect(root.querySelector('img[data-consent="analytics"]')!.hasAttribute('src')).to.equal(true);
    } finally {
      stop();
    }
  });

  it('a gated image, frame, media element or script with nothing gated to load (a misspelt data-src, Klaro\'s data-src on a script): one warning each; the gated forms and a gate\'s stamped inline script (its text held off it; security probe 2) are quiet', async () => {
    await fixture<HTMLElement>(html`<div>
      <img data-consent="marketing" data-scr="/p.gif" alt="">
      <iframe data-consent="marketing" data-url="/f.html" title="f"></iframe>
      <video data-consent="marketing" preload="none"></video>
      <img data-consent="marketing" data-src="/p.gif" alt="fine">
      <img data-consent="marketing" data-srcset="/p.gif 2x" alt="fine">
      <video data-consent="marketing" data-poster="/p.gif" preload="none"></video>
      <audio data-consent="marketing" preload="none"><source data-src="/a.mp3"></audio>
      <picture><source data-srcset="/wide.gif"><img data-consent="marketing" alt="fine"></picture>
      <script type="text/plain" data-consent="marketing" data-src="/test/gating/fixtures/never.js?data-src"></script>
      <script type="text/plain" data-consent="marketing"></script>
      <script type="text/plain" data-consent="marketing" src="/test/gating/fixtures/never.js?fine"></script>
      <script type="text/plain" data-consent="marketing">window.__fine = 1;</script>
      <migu-consent-gate category="marketing"><script type="text/plain" data-consent="marketing"></script></migu-consent-gate>
    </div>`);
    const { warned, stop } = gate();
    try {
      await waitUntil(() => warned.length >= 5, `warned: ${warned.join(' | ')}`);
      await new Promise((r) => { setTimeout(r); });
      expect(warned).to.deep.equal([
        '[migu-consent:gating] <img data-consent> has no data-src or data-srcset: nothing loads once granted (a misspelt attribute?)',
        '[migu-consent:gating] <iframe data-consent> has no data-src: nothing loads once granted (a misspelt attribute?)',
        '[migu-consent:gating] <video data-consent> has no data-src or data-poster: nothing loads once granted (a misspelt attribute?)',
        '[migu-consent:gating] <script data-consent> has no src: nothing loads once granted (a misspelt attribute?)',
        '[migu-consent:gating] <script data-consent> has no src: nothing loads once granted (a misspelt attribute?)',
      ]);
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
  it('a gated frame with a srcdoc: its content ran regardless, so it is reported; an SVG script is reported and never run', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <iframe data-consent="marketing" srcdoc="&lt;p&gt;inline&lt;/p&gt;" title="inline"></iframe>
      <iframe data-consent="marketing" data-src="/test/gating/fixtures/pixel.gif?fine" title="fine"></iframe>
      <svg><script type="text/plain" data-consent="analytics">window.__svgRan = 1</script></svg>
    </div>`);
    const { warned, runtime, stop } = gate();
    try {
      runtime.store.acceptAll();
      expect(warned).to.deep.equal([
        '[migu-consent:gating] <iframe data-consent> has a live srcdoc: it loads without consent; write data-src, to a page of its own',
        '[migu-consent:gating] <script> ignores data-consent: it cannot be gated (see docs/gated-markup.md)',
      ]);
      expect((window as { __svgRan?: number }).__svgRan).to.equal(undefined);
      expect(root.querySelector('svg script')!.getAttribute('type')).to.equal('text/plain');
    } finally {
      stop();
    }
  });
});

describe('markup that names a category but not its separate or cross-border service is reported', () => {
  // the README's own pair: marketing has adnet, which sends data abroad and needs its own consent
  const config = {
    categories: [
      { id: 'marketing', services: [
        { id: 'adnet', name: 'AdNet', crossBorder: { recipient: 'AdNet Ltd', country: 'SG' } },
        { id: 'retarget', name: 'Retarget', separate: true },
        { id: 'banner-ads', name: 'Banner ads' },
      ] },
      { id: 'analytics', services: [{ id: 'stats', name: 'Stats' }] },
    ],
  };

  it('warns once for the category, naming the element, the category, its services and the fix; the pixel still loads on the category alone', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <img data-consent="marketing" data-src="/test/gating/fixtures/pixel.gif?no-service" alt="">
      <img data-consent="marketing" data-src="/test/gating/fixtures/pixel.gif?no-service-2" alt="">
      <iframe data-consent="analytics marketing" data-src="/test/gating/fixtures/pixel.gif?frame" title="f"></iframe>
    </div>`);
    const { warned, runtime, stop } = gate(config);
    try {
      runtime.store.acceptAll();
      runtime.store.rejectAll();
      expect(warned).to.deep.equal([
        '[migu-consent:gating] <img data-consent="marketing"> names no service, so it loads without adnet, retarget (asked for separately): '
        + 'add data-consent-service="adnet" or "retarget"',
      ]);
      // what the warning is about: "accept all" grants marketing, not adnet, and the pixel loaded
      runtime.store.update({ marketing: true });
      expect(runtime.store.isGranted('marketing', 'adnet')).to.equal(false);
      expect(root.querySelector('img')!.getAttribute('src')).to.match(/\/pixel\.gif\?no-service$/);
    } finally {
      stop();
    }
  });

  it('does not warn when the element names its service, nor for a category without such services', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <img data-consent="marketing" data-consent-service="adnet" data-src="/test/gating/fixtures/pixel.gif?adnet" alt="">
      <script type="text/plain" data-consent="analytics">window.__statsRan = 1</script>
      <img data-consent="functional" data-src="/test/gating/fixtures/pixel.gif?functional" alt="">
    </div>`);
    const { warned, runtime, stop } = gate(config);
    try {
      runtime.store.acceptAll();
      expect(warned).to.deep.equal([]);
      // the named service holds the pixel back although marketing is granted
      expect(root.querySelector('img')!.hasAttribute('src')).to.equal(false);
    } finally {
      stop();
    }
  });
});

describe('markup naming a category or service the config does not have is reported', () => {
  const config = { categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats' }] }, { id: 'video', services: [] }] };

  it('once per id, after the page has loaded, with the near id and the known ones; none for known ids, nor for one a config set meanwhile adds', async () => {
    await fixture<HTMLElement>(html`<div>
      <img data-consent="analytcs" data-src="/test/gating/fixtures/pixel.gif?typo" alt="">
      <img data-consent="analytcs" data-src="/test/gating/fixtures/pixel.gif?typo-2" alt="">
      <img data-consent="analytics" data-consent-service="Stats" data-src="/test/gating/fixtures/pixel.gif?case" alt="">
      <img data-consent="analytics marketing" data-consent-service="stats" data-src="/test/gating/fixtures/pixel.gif?known" alt="">
      <iframe data-consent="maps" data-src="/test/gating/fixtures/pixel.gif?later" title="map"></iframe>
    </div>`);
    const { warned, runtime, stop } = gate(config);
    try {
      // an app's config, set as it mounts, before the page's load is over: it adds maps
      runtime.reconfigure({ categories: [...config.categories, { id: 'maps', services: [] }] });
      const known = 'known: categories necessary, functional, analytics, personalization, marketing, video, maps; services stats';
      await waitUntil(() => warned.length >= 2, 'reported');
      runtime.store.acceptAll();
      await new Promise((resolve) => { setTimeout(resolve, 0); });
      expect(warned).to.deep.equal([
        `[migu-consent:gating] data-consent: "analytcs" is unknown (did you mean "analytics"?); ${known}. Markup naming it stays inert until a config adds it`,
        `[migu-consent:gating] data-consent: "Stats" is unknown (did you mean "stats"?); ${known}. Markup naming it stays inert until a config adds it`,
      ]);
      // what the warning is about: all granted, and the typo's pixel stays inert
      expect(document.querySelector('img[data-src$="typo"]')!.hasAttribute('src')).to.equal(false);
      expect(document.querySelector('img[data-src$="known"]')!.hasAttribute('src')).to.equal(true);
    } finally {
      stop();
    }
  });
});
