// The script build's runtime features (src/runtime/lazy-features.ts): receipts from a chunk that
// arrives late, and gating behind the host guard and the chunks it waits for. The chunks are
// registered by the test the way their entries do (src/lazy/, shared/loader-link.ts); their files 404.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ConsentOptions } from '../../src/core/runtime-types.js';
import type { Receipt } from '../../src/core/receipts.js';
import type { StoreChange } from '../../src/core/store.js';
import type { ConsentState } from '../../src/core/types.js';
import { guardedGating, lazyReceipts } from '../../src/runtime/lazy-features.js';
import type { FirstStageHandover } from '../../src/runtime/first-stage.js';
import { scriptQueue } from '../../src/gating/activate-script.js';
import type { ReceiptOptions } from '../../src/runtime/receipts-feature.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import type { ChunkName } from '../../src/shared/chunks.js';
import { gatingWaitsFor, openRegistry } from '../../src/shared/chunks.js';
import { registerChunk } from '../../src/shared/loader-link.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

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
/** What the script build's first stage hands over (src/iife.ts): its queue, and a record of the take-over. */
const handover = (took: unknown[] = []): Pick<FirstStageHandover, 'takeOver' | 'scripts'> => ({
  takeOver: (store) => { took.push(store); },
  scripts: scriptQueue(() => true),
});
const nextTask = (): Promise<void> => new Promise((r) => { setTimeout(r); });
const PIXEL = '/test/gating/fixtures/pixel.gif';

let n = 0;
// the test server's own host is the "tracker": a beacon to it is blocked or sent, never off the machine
const config = { categories: [{ id: 'analytics', services: [{ id: 'hm', name: 'Tongji', hosts: [location.hostname] }] }] };

describe('lazy runtime features (script build)', () => {
  const runtimes: ConsentRuntime[] = [];
  const stops: (() => void)[] = [];
  let errors: string[] = [];
  const realError = console.error;
  const make = (options: Partial<ConsentOptions> = {}): ConsentRuntime => {
    const runtime = new ConsentRuntime({ options: { cookieName: `lazy_${String(n++)}`, ...options }, storage: new MemoryRecordStorage(), config });
    runtimes.push(runtime);
    return runtime;
  };
  before(() => { openRegistry(); }); // as the loader does as it starts (iife.ts)
  beforeEach(() => {
    errors = [];
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
  });
  afterEach(() => {
    console.error = realError;
    for (const stop of stops.splice(0)) stop();
    for (const r of runtimes.splice(0)) r.dispose();
    gatingWaitsFor.splice(0);
  });

  describe('lazyReceipts', () => {
    /** What the receipts chunk was started with, per call; the fake chunk stays registered for the page. */
    let started: { before: ConsentState; options: ReceiptOptions; seen: StoreChange[] }[] = [];
    const chunk = {
      startReceipts(store: { get(): ConsentState; subscribe(l: (c: StoreChange) => void): () => void }, options: ReceiptOptions) {
        const run = { before: store.get(), options, seen: [] as StoreChange[] };
        started.push(run);
        return store.subscribe((c) => run.seen.push(c));
      },
    };
    beforeEach(() => { started = []; });

    it('without receipt-endpoint: nothing is fetched and nothing starts', () => {
      expect(lazyReceipts(make())).to.equal(undefined);
      expect(scriptsFor('receipts')).to.deep.equal([]);
    });

    it('decisions made before the chunk arrives are queued at once and handed over; a runtime stopped before never starts; later ones at once', async () => {
      // one test: the chunk arrives once per page
      const runtime = make({ receiptEndpoint: 'https://receipts.example.test/c' });
      const { store } = runtime;
      const key = `${runtime.options.cookieName}.receipts`;
      const stop = lazyReceipts(runtime)!;
      stops.push(stop);
      const stopped = make({ receiptEndpoint: 'https://receipts.example.test/other' });
      lazyReceipts(stopped)!();
      expect(scriptsFor('receipts'), 'fetched once').to.have.length(1);
      arrives('receipts');
      store.acceptAll();
      const consentId = store.get().consentId;
      store.update({ analytics: false });
      stopped.store.acceptAll();
      expect(started).to.deep.equal([]);
      // in storage at once: the page may be left before the chunk is in, and the next page sends them
      const queued = JSON.parse(localStorage.getItem(key) ?? '[]') as Receipt[];
      expect(queued.map((r) => [r.action, r.consentId])).to.deep.equal([['accept-all', consentId], ['update', consentId]]);
      expect(localStorage.getItem(`${stopped.options.cookieName}.receipts`), 'nothing for a stopped runtime').to.equal(null);
      register('receipts', chunk);
      expect(started, 'only the runtime still running').to.have.length(1);
      const [run] = started;
      expect(run.options).to.deep.equal({ endpoint: 'https://receipts.example.test/c', key, pending: queued });
      expect(run.before.consentId).to.equal(consentId);
      expect(run.seen, 'the early decisions come as receipts, not again as changes').to.deep.equal([]);
      store.rejectAll();
      expect(run.seen.map((c) => c.cause)).to.deep.equal(['reject-all']);
      stop();
      store.reset();
      await nextTask();
      expect(run.seen, 'nothing after the teardown').to.have.length(1);
      localStorage.removeItem(key);

      const later = make({ receiptEndpoint: 'https://receipts.example.test/c' });
      later.store.acceptAll();
      stops.push(lazyReceipts(later)!);
      expect(started, 'the chunk is in: started at once').to.have.length(2);
      expect(started[1].before.decided).to.equal(true);
      expect(started[1].options.pending).to.deep.equal([]);
      expect(scriptsFor('receipts')).to.deep.equal([]);
    });
  });

  describe('guardedGating', () => {
    it('guards the declared hosts at once and gates at once when it waits for no chunk', async () => {
      const root = await fixture<HTMLElement>(html`<div><img data-consent="analytics" data-src=${PIXEL}></div>`);
      const runtime = make();
      stops.push(guardedGating(handover())(runtime)!);
      expect(navigator.sendBeacon('/__headers', ''), 'the declared host is guarded at once').to.equal(false);
      expect(root.querySelector('img')!.hasAttribute('src')).to.equal(false);
      runtime.store.acceptAll();
      expect(root.querySelector('img')!.getAttribute('src')).to.equal(new URL(PIXEL, location.href).href);
      expect(navigator.sendBeacon('/__headers', ''), 'granted: sent').to.equal(true);
      stops.pop()!();
      runtime.store.rejectAll();
      expect(navigator.sendBeacon('/__headers', ''), 'the teardown removed the guard').to.equal(true);
    });

    it('takes over from the first stage before anything: its store answers, and the first stage\'s script queue runs on', async () => {
      const root = await fixture<HTMLElement>(html`<div><script type="text/plain" data-consent="analytics">window.__tookOver = (window.__tookOver ?? 0) + 1;</script></div>`);
      const took: unknown[] = [];
      const given = handover(took);
      const added: HTMLScriptElement[][] = [];
      const add = given.scripts.add.bind(given.scripts);
      given.scripts.add = (scripts) => { added.push(scripts); add(scripts); };
      const runtime = make();
      runtime.store.acceptAll();
      stops.push(guardedGating(given)(runtime)!);
      expect(took).to.deep.equal([runtime.store]);
      expect(added.flat(), 'the first stage\'s queue').to.have.length(1);
      expect((window as { __tookOver?: number }).__tookOver).to.equal(1);
      expect(root.querySelector('script')!.getAttribute('data-consent-state')).to.equal('activated');
    });

    it('waits for the chunks in gatingWaitsFor: nothing gated activates before they are in', async () => {
      const root = await fixture<HTMLElement>(html`<div><img data-consent="analytics" data-src=${PIXEL}></div>`);
      gatingWaitsFor.push('gcm');
      const runtime = make();
      runtime.store.acceptAll();
      stops.push(guardedGating(handover())(runtime)!);
      arrives('gcm');
      await nextTask();
      expect(root.querySelector('img')!.hasAttribute('src')).to.equal(false);
      register('gcm', {});
      expect(root.querySelector('img')!.hasAttribute('src')).to.equal(true);
    });

    it('a chunk that cannot load does not hold gating back: it starts without it, and says so', async () => {
      const root = await fixture<HTMLElement>(html`<div><img data-consent="analytics" data-src=${PIXEL}></div>`);
      gatingWaitsFor.push('reopen');
      const runtime = make();
      runtime.store.acceptAll();
      stops.push(guardedGating(handover())(runtime)!);
      expect(root.querySelector('img')!.hasAttribute('src')).to.equal(false);
      await waitUntil(() => root.querySelector('img')!.hasAttribute('src'), 'gating starts once the chunk failed');
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(/^\[migu-consent:api\] could not load \S+\/migu-consent\.reopen\.js\?v=dev: gated elements start without it$/);
    });

    it('stopped before its chunks are in, gating never starts', async () => {
      const root = await fixture<HTMLElement>(html`<div><img data-consent="analytics" data-src=${PIXEL}></div>`);
      const name = 'test-late' as ChunkName; // a chunk no other test loaded
      gatingWaitsFor.push(name);
      const runtime = make();
      runtime.store.acceptAll();
      const stop = guardedGating(handover())(runtime)!;
      arrives(name);
      stop();
      register(name, {});
      await nextTask();
      expect(root.querySelector('img')!.hasAttribute('src')).to.equal(false);
    });
  });
});
