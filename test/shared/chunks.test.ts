// The registry of the script build's lazily loaded files, the loader's side (src/shared/chunks.ts),
// without the loader: in a test page no currentScript is captured, so files come from the page's
// folder, where none exists (404). The test registers what a file's entry would (src/lazy/).
import { expect, waitUntil } from '@open-wc/testing';
import type { ChunkName } from '../../src/shared/chunks.js';
import { loadChunk, loadedChunk, loadScript, openRegistry } from '../../src/shared/chunks.js';
import { CHUNKS, registerChunk } from '../../src/shared/loader-link.js';
import { BUILD } from '../../src/shared/build.js';

const register = (name: string, exports: unknown): void => { registerChunk(name as ChunkName, exports); };
const scriptsFor = (file: string): HTMLScriptElement[] =>
  [...document.head.querySelectorAll('script')].filter((s) => s.src.endsWith(`/migu-consent.${file}.js?v=dev`));
/** The test registers the chunk itself: its file's 404 must not count as a failure. */
const arrives = (file: string): void => {
  for (const s of scriptsFor(file)) {
    s.onerror = null;
    s.remove();
  }
};

describe('chunks: the script build\'s lazily loaded files', () => {
  let errors: string[] = [];
  const realError = console.error;
  before(() => { openRegistry(); }); // as the loader does as it starts (iife.ts)
  beforeEach(() => {
    errors = [];
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
  });
  afterEach(() => { console.error = realError; });

  it('loadScript adds migu-consent.<file>.js?v=<build> from the folder, and reports a file that does not load', async () => {
    const failed: string[] = [];
    loadScript('test-missing', (src) => failed.push(src));
    const [script] = scriptsFor('test-missing');
    // the build's stamp ('dev' unbuilt): a cache that kept an earlier build's file under its plain name never gives it
    expect(BUILD).to.equal('dev');
    expect(script.src).to.equal(new URL('migu-consent.test-missing.js?v=dev', location.href).href);
    await waitUntil(() => failed.length > 0, 'the 404 is reported');
    expect(failed).to.deep.equal([script.src]);
    script.remove();
  });

  it('loadScript refuses anything but a plain file name, without adding a script', () => {
    const before = document.head.querySelectorAll('script').length;
    for (const file of ['../up', 'a/b', 'https://evil.test/x', '']) {
      const failed: string[] = [];
      loadScript(file, (why) => failed.push(why));
      expect(failed, file).to.have.length(1);
      expect(failed[0]).to.contain('not a file of ours');
    }
    expect(document.head.querySelectorAll('script').length).to.equal(before);
  });

  it('loadChunk fetches a chunk once, hands its exports to every waiter, and later ones at once', () => {
    const got: unknown[] = [];
    loadChunk<{ n: number }>('gcm', 'test', (e) => got.push(['first', e.n]));
    loadChunk<{ n: number }>('gcm', 'test', (e) => got.push(['second', e.n]));
    expect(scriptsFor('gcm')).to.have.length(1);
    arrives('gcm');
    expect(got).to.deep.equal([]);
    // what the chunk's entry does (src/lazy/gcm.ts)
    register('gcm', { n: 7 });
    expect(got).to.deep.equal([['first', 7], ['second', 7]]);
    loadChunk<{ n: number }>('gcm', 'test', (e) => got.push(['later', e.n]));
    expect(got.at(-1)).to.deep.equal(['later', 7]);
    expect(scriptsFor('gcm'), 'not fetched again').to.have.length(0);
  });

  it('a waiter that throws is reported and the others still get the exports', () => {
    const got: string[] = [];
    loadChunk('receipts', 'test', () => { throw new Error('boom'); });
    loadChunk('receipts', 'test', () => got.push('ok'));
    arrives('receipts');
    register('receipts', {});
    expect(got).to.deep.equal(['ok']);
    expect(errors).to.deep.equal(['[migu-consent:api] receipts: Error: boom']);
  });

  it('a chunk that cannot load runs each fallback instead, and the error names the file and what is lost', async () => {
    const used: string[] = [];
    const lost: string[] = [];
    loadChunk('reopen', 'no button without the UI', () => used.push('a'), () => lost.push('a'));
    loadChunk('reopen', 'no button without the UI', () => used.push('b'));
    loadChunk('reopen', 'no button without the UI', () => used.push('c'), () => lost.push('c'));
    await waitUntil(() => lost.length === 2, 'the fallbacks run');
    expect(used).to.deep.equal([]);
    expect(lost).to.deep.equal(['a', 'c']);
    expect(errors).to.deep.equal([`[migu-consent:api] could not load ${new URL('migu-consent.reopen.js?v=dev', location.href).href}: no button without the UI`]);
    scriptsFor('reopen')[0].remove();
    // a file fails once per page: a later caller gets its fallback at once, without a fetch or a second error
    loadChunk('reopen', 'no button without the UI', () => used.push('d'), () => lost.push('d'));
    expect(lost).to.deep.equal(['a', 'c', 'd']);
    expect(scriptsFor('reopen')).to.have.length(0);
    expect(errors).to.have.length(1);
  });

  it('the runtime, which every choice needs, is fetched again at its next use after a failed load (a network blip), and the failure said once', async () => {
    const lost: string[] = [];
    loadChunk('runtime', 'no choice', () => undefined, () => lost.push('a'));
    await waitUntil(() => lost.length === 1, 'the fallback runs');
    scriptsFor('runtime')[0].remove();
    loadChunk('runtime', 'no choice', () => undefined, () => lost.push('b'));
    expect(lost).to.deep.equal(['a'], 'no fallback at once: asked for again');
    expect(scriptsFor('runtime')).to.have.length(1);
    await waitUntil(() => lost.length === 2, 'its fallback runs again when it fails again');
    scriptsFor('runtime')[0].remove();
    // not said again: a missing file's every use said it (three errors for one click on the banner: console probe F3)
    expect(errors, errors.join('\n')).to.have.length(1);
  });

  it('a file that runs without registering (one of another version) is reported once, and the fallbacks run', () => {
    const used: string[] = [];
    const lost: string[] = [];
    loadChunk('native', 'the page starts without it', () => used.push('a'), () => lost.push('a'));
    loadChunk('native', 'the page starts without it', () => used.push('b'), () => lost.push('b'));
    const [script] = scriptsFor('native');
    // the file ran (its load event) and registered nothing, or under another name
    script.onerror = null;
    script.remove();
    register('native-of-another-version', {});
    script.dispatchEvent(new Event('load'));
    expect(used).to.deep.equal([]);
    expect(lost).to.deep.equal(['a', 'b']);
    expect(errors).to.deep.equal([`[migu-consent:api] ${script.src} did not register (a file of another version?): the page starts without it`]);
    loadChunk('native', 'the page starts without it', () => used.push('c'), () => lost.push('c'));
    expect(lost).to.deep.equal(['a', 'b', 'c']);
    expect(errors).to.have.length(1);
  });

  it('a file that registers before its load event is used, and the load event changes nothing', () => {
    const got: number[] = [];
    loadChunk<{ n: number }>('siblings', 'test', (e) => got.push(e.n), () => got.push(-1));
    const [script] = scriptsFor('siblings');
    script.onerror = null;
    script.remove();
    register('siblings', { n: 1 });
    script.dispatchEvent(new Event('load'));
    expect(got).to.deep.equal([1]);
    expect(errors).to.deep.equal([]);
  });

  it('a file of another build (a folder that mixes builds, a cache that ignores the query) is taken as it is, and said for its file', () => {
    const registry = openRegistry();
    const got: string[] = [];
    loadChunk<{ v: string }>('theme', 'test', (e) => got.push(e.v), () => got.push('lost'));
    arrives('theme');
    registry('theme', { v: 'earlier' }, 'a1b2c3d4');
    expect(got).to.deep.equal(['earlier']);
    expect(errors).to.deep.equal(['[migu-consent:api] migu-consent.theme.js is of another build: serve one build\'s files together']);
    // this build's files say nothing; nor does the runtime's registration of the loader, said with its file
    registerChunk('check', {});
    registry('loader', { v: 'earlier' });
    expect(errors).to.have.length(1);
  });

  it('the registry is one page-wide global: callable, the way the files of every version register, with load and loaded', () => {
    const registry = openRegistry();
    expect(openRegistry()).to.equal(registry);
    expect((globalThis as unknown as Record<symbol, unknown>)[CHUNKS]).to.equal(registry);
    expect(registry).to.be.a('function');
    expect(registry.load).to.equal(loadChunk);
    // a file of an earlier version: `globalThis[Symbol.for('migu-consent.chunks')](name, exports)`
    (globalThis as unknown as Record<symbol, (n: string, e: unknown) => void>)[Symbol.for('migu-consent.chunks')]('loader', { v: 1 });
    expect(registry.loaded?.('loader')).to.deep.equal({ v: 1 });
    expect(loadedChunk('loader')).to.deep.equal({ v: 1 });
    expect(scriptsFor('loader'), 'a registration alone fetches nothing').to.have.length(0);
  });

  // last: before the fix, the leaving flag this sets stayed set for the rest of the page
  it('a load error after a return from the back/forward cache is reported at once, not retried as one of a page being left', async () => {
    dispatchEvent(new Event('beforeunload'));
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    const failed: string[] = [];
    loadScript('test-missing-after-return', (src) => failed.push(src));
    const [script] = scriptsFor('test-missing-after-return');
    // a listener added after onerror runs after it: the report must be made by then
    await new Promise((resolve) => { script.addEventListener('error', resolve); });
    expect(failed).to.deep.equal([script.src]);
    script.remove();
  });
});
