import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { applyMedia } from '../../src/gating/activate-media.js';
import { startGating } from '../../src/gating/index.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

const STATE = 'data-consent-state';
const abs = (path: string): string => new URL(path, location.href).href;
/** Counts load() calls on a media element (the real one runs too). */
function countLoads(media: HTMLMediaElement): () => number {
  let n = 0;
  const load = media.load.bind(media);
  media.load = () => { n++; load(); };
  return () => n;
}
const urls = (root: Element): (string | null)[] => [...root.querySelectorAll('*')].flatMap((e) => ['src', 'srcset', 'poster'].map((a) => e.getAttribute(a))).filter((v) => v !== null);

describe('gated video, audio and picture sources', () => {
  it('a video with data-poster and <source data-src>: inert while denied; on grant the URLs are set and it loads once', async () => {
    const video = await fixture<HTMLVideoElement>(html`<video data-consent="marketing" data-poster="/p.gif" preload="none">
      <source data-src="/v.webm" type="video/webm"><source data-src="/v.mp4" type="video/mp4"></video>`);
    const loads = countLoads(video);
    applyMedia(video, false);
    expect(urls(video)).to.deep.equal([]);
    expect(video.hasAttribute('poster') || video.hasAttribute('src')).to.equal(false);
    applyMedia(video, true);
    expect(video.getAttribute('poster')).to.equal(abs('/p.gif'));
    expect([...video.querySelectorAll('source')].map((s) => s.getAttribute('src'))).to.deep.equal([abs('/v.webm'), abs('/v.mp4')]);
    expect(video.getAttribute(STATE)).to.equal('activated');
    expect(loads(), 'load() after the sources are set').to.equal(1);
    applyMedia(video, true);
    expect(loads(), 'nothing changed: no second load').to.equal(1);
  });

  it('a video or audio with its own data-src gets src, which loads by itself (no extra load())', async () => {
    const audio = await fixture<HTMLAudioElement>(html`<audio data-consent="marketing" data-src="/a.mp3" preload="none"></audio>`);
    const loads = countLoads(audio);
    applyMedia(audio, false);
    expect(audio.hasAttribute('src')).to.equal(false);
    applyMedia(audio, true);
    expect(audio.getAttribute('src')).to.equal(abs('/a.mp3'));
    expect(loads()).to.equal(0);
  });

  it('on withdrawal a video or audio loses its URLs and stops; granted again, it gets them back', async () => {
    const video = await fixture<HTMLVideoElement>(html`<video data-consent="marketing" data-src="/v.webm" data-poster="/p.gif" preload="none"><source data-src="/v.mp4"></video>`);
    const loads = countLoads(video);
    applyMedia(video, true);
    applyMedia(video, false);
    expect(urls(video)).to.deep.equal([]);
    expect(video.hasAttribute(STATE)).to.equal(false);
    expect(loads(), 'load() with nothing to load stops it').to.equal(1);
    applyMedia(video, true);
    expect(video.getAttribute('src')).to.equal(abs('/v.webm'));
    expect(video.querySelector('source')!.getAttribute('src')).to.equal(abs('/v.mp4'));
  });

  it('a picture: the <source data-srcset> go with the gated <img>; an image shown stays, pinned to the URL it shows', async () => {
    const picture = await fixture<HTMLPictureElement>(html`<picture>
      <source data-srcset="/test/gating/fixtures/pixel.gif?wide 1x, /test/gating/fixtures/pixel.gif?wide2 2x" media="(min-width: 10px)">
      <img data-consent="marketing" data-src="/test/gating/fixtures/pixel.gif?narrow" alt=""></picture>`);
    const img = picture.querySelector('img')!;
    applyMedia(img, false);
    expect(urls(picture)).to.deep.equal([]);
    applyMedia(img, true);
    expect(picture.querySelector('source')!.getAttribute('srcset')).to.equal('/test/gating/fixtures/pixel.gif?wide 1x, /test/gating/fixtures/pixel.gif?wide2 2x');
    expect(img.getAttribute('src')).to.equal(abs('/test/gating/fixtures/pixel.gif?narrow'));
    await waitUntil(() => img.complete, 'the image loads'); // one not loaded yet would lose its URLs
    const shown = img.currentSrc;
    expect(shown, 'the source matches').to.match(/\?wide2?$/);
    applyMedia(img, false);
    // a resize or zoom would pick another candidate of a srcset, and request it
    expect(img.getAttribute('src'), 'an image is not taken back, it keeps what it shows').to.equal(shown);
    expect(urls(picture), 'and nothing else to pick from').to.deep.equal([shown]);
    expect(img.getAttribute(STATE)).to.equal('activated');
    applyMedia(img, true);
    expect(picture.querySelector('source')!.getAttribute('srcset'), 'granted again: the sources come back').to.equal('/test/gating/fixtures/pixel.gif?wide 1x, /test/gating/fixtures/pixel.gif?wide2 2x');
  });

  it('a broken image (an error, or nothing to show) loses its URLs on withdrawal: pinned, it would be fetched again', async () => {
    const img = await fixture<HTMLImageElement>(html`<img data-consent="marketing" data-srcset="/test/gating/fixtures/missing.gif?a 1x, /test/gating/fixtures/missing.gif?b 2x" alt="">`);
    applyMedia(img, true);
    await waitUntil(() => img.complete, 'the load ends, with an error');
    expect(img.naturalWidth).to.equal(0);
    applyMedia(img, false);
    expect(urls(img)).to.deep.equal([]);
    expect(img.hasAttribute(STATE)).to.equal(false);
  });

  it('one unsafe source URL refuses the whole element', async () => {
    const video = await fixture<HTMLVideoElement>(html`<video data-consent="marketing" data-poster="/p.gif"><source data-src="/ok.webm"><source data-src="javascript:alert(1)"></video>`);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      applyMedia(video, true);
    } finally {
      console.error = original;
    }
    expect(urls(video)).to.deep.equal([]);
    expect(video.getAttribute(STATE)).to.equal('refused');
    expect(errors).to.deep.equal(['[migu-consent:gating] <source> not activated: "javascript:alert(1)" is not an http(s) URL']);
  });
});

describe('gating engine: media markup', () => {
  it('activates a gated video, audio and picture on grant (also inserted later) and stops players on withdrawal', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <video data-consent="marketing" preload="none"><source data-src="/v.webm"></video>
      <picture><source data-srcset="/test/gating/fixtures/pixel.gif?w 1x"><img data-consent="marketing" data-src="/n.gif" alt=""></picture>
    </div>`);
    const runtime = new ConsentRuntime({ options: { cookieName: 'media_engine' }, storage: new MemoryRecordStorage() });
    const stop = startGating(runtime, { reload: () => undefined });
    try {
      expect(urls(root)).to.deep.equal([]);
      runtime.store.update({ marketing: true });
      const audio = Object.assign(document.createElement('audio'), { preload: 'none' });
      audio.dataset.consent = 'marketing';
      audio.dataset.src = '/a.mp3';
      root.append(audio);
      await waitUntil(() => audio.hasAttribute('src'), 'the audio inserted after the grant activates');
      expect(urls(root)).to.deep.equal([abs('/v.webm'), '/test/gating/fixtures/pixel.gif?w 1x', abs('/n.gif'), abs('/a.mp3')]);
      await waitUntil(() => root.querySelector('img')!.complete, 'the image is done (one not loaded yet would lose its URLs)');
      runtime.store.update({ marketing: false });
      expect(urls(root), 'players lose their URLs; the image stays, pinned to what it shows').to.deep.equal([abs('/test/gating/fixtures/pixel.gif?w')]);
    } finally {
      stop();
      runtime.store.reset();
      runtime.dispose();
    }
  });
});
