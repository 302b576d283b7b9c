// The receipts feature in a real browser: fetch (and sendBeacon, to prove it unused) are replaced by
// recorders (the network is the e2e suite's job), localStorage and timers are real.
import { expect, waitUntil } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config.js';
import type { Receipt } from '../../src/core/receipts.js';
import { RECEIPT_CAP } from '../../src/core/receipts.js';
import { ConsentStore } from '../../src/core/store.js';
import { hasCredentials } from '../../src/runtime/receipt-endpoint.js';
import { startReceipts } from '../../src/runtime/receipts-feature.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

interface Sent {
  url: string;
  init: RequestInit;
  receipt: Receipt;
}

const { config } = resolveConfig({ categories: [{ id: 'analytics', services: [{ id: 'baidu', name: 'Baidu' }] }] });
let n = 0;

function setup() {
  const key = `receipts_test_${String(Date.now())}_${String(n++)}.receipts`;
  const sent: Sent[] = [];
  const beacons: { url: string; body: string }[] = [];
  const errors: string[] = [];
  /** Answers per request, in order; the last one repeats. 'hang' never answers (until aborted). */
  type Answer = number | 'hang' | { status: number; headers: Record<string, string> };
  let plan: Answer[] | ((r: Receipt) => number) = [200];
  const realFetch = Object.getOwnPropertyDescriptor(window, 'fetch')!;
  const realBeacon = navigator.sendBeacon.bind(navigator);
  const realError = console.error;
  window.fetch = (input, init = {}) => {
    const receipt = JSON.parse(init.body as string) as Receipt;
    const answer = typeof plan === 'function' ? plan(receipt) : plan.length > 1 ? plan.shift()! : plan[0];
    sent.push({ url: input as string, init, receipt });
    if (answer === 'hang') {
      return new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () => { reject(new DOMException('aborted', 'AbortError')); });
      });
    }
    return Promise.resolve(new Response(null, typeof answer === 'number' ? { status: answer } : answer));
  };
  navigator.sendBeacon = (url: string | URL, body?: BodyInit | null) => {
    beacons.push({ url: url as string, body: body as string });
    return true;
  };
  console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
  const stops: (() => void)[] = [];
  const makeStore = () => new ConsentStore({
    config, storage: new MemoryRecordStorage(), revision: '7', dnt: 'respect', expiresDays: 365, signals: { dnt: false, gpc: false },
  });
  const start = (store = makeStore(), endpoint = 'http://127.0.0.1/receipts') => {
    stops.push(startReceipts(store, { endpoint, key, baseDelay: 5, maxDelay: 40, timeout: 60 }));
    return store;
  };
  const stored = (): Receipt[] => JSON.parse(localStorage.getItem(key) ?? '[]') as Receipt[];
  const teardown = () => {
    for (const stop of stops.splice(0)) stop();
    Object.defineProperty(window, 'fetch', realFetch);
    navigator.sendBeacon = realBeacon;
    console.error = realError;
    localStorage.removeItem(key);
  };
  return {
    key, sent, beacons, errors, start, stop: () => { stops.shift()?.(); }, stored, teardown, makeStore,
    answer: (...next: (number | 'hang')[]) => { plan = next; },
    answerWith: (...next: Answer[]) => { plan = next; },
    answerBy: (fn: (r: Receipt) => number) => { plan = fn; },
  };
}

describe('receipts feature', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => { t = setup(); });
  afterEach(() => { t.teardown(); });

  it('POSTs one JSON receipt per decision, with no credentials and no referrer', async () => {
    const store = t.start();
    const accepted = store.acceptAll();
    store.update({ analytics: false });
    store.rejectAll();
    store.reset();
    await waitUntil(() => t.sent.length === 4 && t.stored().length === 0, 'all four delivered');
    expect(t.sent.map((s) => s.receipt.action)).to.deep.equal(['accept-all', 'update', 'reject-all', 'reset']);
    const [first] = t.sent;
    expect(first.url).to.equal('http://127.0.0.1/receipts');
    expect(first.init).to.include({ method: 'POST', keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect(first.init.headers).to.deep.equal({ 'Content-Type': 'application/json' });
    expect(first.receipt).to.deep.equal({
      receiptId: first.receipt.receiptId, consentId: accepted.consentId, revision: '7', timestamp: accepted.updatedAt,
      action: 'accept-all', categories: accepted.categories, services: accepted.services, source: 'user',
      signals: { dnt: false, gpc: false }, page: location.origin + location.pathname,
    });
    expect(new Set(t.sent.map((s) => s.receipt.receiptId)).size).to.equal(4);
    // a reset forgets the choice, but its receipt still names whose choice it was
    expect(t.sent[3].receipt.consentId).to.equal(accepted.consentId);
    expect(t.sent[3].receipt.categories['analytics']).to.equal(false);
    expect(t.errors).to.deep.equal([]);
  });

  it('receipts are dated in the order made: a reset after decisions dated ahead of the clock (a coarse clock, one stepped back) comes after them', async () => {
    // Firefox's clock gave four decisions one millisecond: the store dated them 1 ms apart, the reset took the
    // clock's time, before them, and the queue (sent in time order) sent it before the reject-all
    const store = t.start(new ConsentStore({
      config, storage: new MemoryRecordStorage(), revision: '7', dnt: 'respect', expiresDays: 365, signals: { dnt: false, gpc: false },
      now: () => Date.now() + 60_000,
    }));
    store.acceptAll();
    store.rejectAll();
    store.reset();
    await waitUntil(() => t.sent.length === 3 && t.stored().length === 0, 'all three delivered');
    expect(t.sent.map((s) => s.receipt.action)).to.deep.equal(['accept-all', 'reject-all', 'reset']);
    const times = t.sent.map((s) => Date.parse(s.receipt.timestamp));
    expect(times[1] > times[0] && times[2] > times[1], times.join(' < ')).to.equal(true);
  });

  it('decisions heard as one change (store.batch: the page\'s calls applied as the runtime comes): each still gets its receipt, in order', async () => {
    const store = t.start();
    store.batch(() => {
      store.acceptAll({ at: Date.now() - 2000 });
      store.rejectAll();
    });
    await waitUntil(() => t.sent.length === 2 && t.stored().length === 0, 'both delivered');
    expect(t.sent.map((s) => [s.receipt.action, s.receipt.categories['analytics']])).to.deep.equal([['accept-all', true], ['reject-all', false]]);
    expect(t.sent[0].receipt.consentId).to.equal(t.sent[1].receipt.consentId);
    expect(t.errors).to.deep.equal([]);
  });

  it('an endpoint with a user name or password is refused at the start: nothing sent, the password never logged', () => {
    const store = t.start(undefined, 'https://collector:s3cret@127.0.0.1/receipts');
    store.acceptAll();
    store.rejectAll();
    // a send would have been under way by now: fetch is called as the decision is made
    expect(t.sent).to.have.length(0);
    expect(t.stored()).to.deep.equal([]);
    expect(t.errors).to.deep.equal(['[migu-consent:receipt] receipt-endpoint has user:password@: no receipts are sent']);
  });

  it('an "@" in the query or hash of an endpoint without a path is no user name: receipts go; user:pw@ without a path is refused', async () => {
    const store = t.start(undefined, 'http://127.0.0.1?next=a@b');
    store.acceptAll();
    await waitUntil(() => t.sent.length === 1, 'the receipt is posted');
    expect(t.sent[0].url).to.equal('http://127.0.0.1?next=a@b');
    t.start(undefined, 'https://user:pw@127.0.0.1');
    expect(t.errors).to.deep.equal(['[migu-consent:receipt] receipt-endpoint has user:password@: no receipts are sent']);
    expect(['https://h#a@b', 'https://h?a@b', 'https://h/p@q', 'https://u@h', 'https://u:p@h?x', 'https://u:p@h/p'].map(hasCredentials))
      .to.deep.equal([false, false, false, true, true, true]);
  });

  it('a change synced from another tab is not receipted here', async () => {
    const store = t.start();
    store.sync(); // nothing changed
    expect(t.sent).to.have.length(0);
    const storage = new MemoryRecordStorage();
    const options = { config, storage, revision: '7', dnt: 'respect' as const, expiresDays: 365, signals: { dnt: false, gpc: false } };
    const here = new ConsentStore(options);
    t.start(here);
    new ConsentStore(options).acceptAll(); // "the other tab" writes the shared record
    here.sync();
    expect(here.get().decided).to.equal(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(t.sent).to.have.length(0);
  });


  it('a reset before any decision is no receipt (no consent id to link it to); a reset after one is', async () => {
    const store = t.start();
    store.reset();
    store.acceptAll();
    store.reset();
    await waitUntil(() => t.sent.length >= 2, 'the decision and the later reset are receipted');
    await new Promise((r) => setTimeout(r, 30));
    expect(t.sent.map((s) => s.receipt.action)).to.deep.equal(['accept-all', 'reset']);
    expect(t.sent.every((s) => /^[a-z0-9]{8,}$/.test(s.receipt.consentId))).to.equal(true);
  });

  it('a site config given after the start is no decision: no receipt', async () => {
    const store = t.start();
    store.reconfigure(resolveConfig({ categories: [{ id: 'video' }] }).config);
    expect(store.get().categories['video']).to.equal(false, 'the new config is in');
    store.acceptAll();
    await waitUntil(() => t.sent.length > 0, 'the decision is receipted');
    await new Promise((r) => setTimeout(r, 30));
    expect(t.sent.map((s) => s.receipt.action)).to.deep.equal(['accept-all']);
  });
  it('keeps a receipt queued through failures and hung requests until a 2xx, logging once', async () => {
    t.answer(503, 500, 'hang', 408, 429, 200);
    const store = t.start();
    store.acceptAll();
    expect(t.stored()).to.have.length(1); // queued before the first answer
    await waitUntil(() => t.stored().length === 0, 'delivered at last', { timeout: 3000 });
    expect(t.sent).to.have.length(6);
    expect(new Set(t.sent.map((s) => s.receipt.receiptId)).size).to.equal(1);
    expect(t.errors).to.have.length(1);
    expect(t.errors[0]).to.match(/^\[migu-consent:receipt\] .*HTTP 503/);
  });

  it('a page\'s fetch replacement that answers without headers (an old wrapper\'s `{ ok, status }`): a 2xx delivers, once', async () => {
    const replaced = window.fetch.bind(window);
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      await replaced(input, init);
      return { ok: true, status: 200 } as Response;
    };
    const store = t.start();
    store.acceptAll();
    await waitUntil(() => t.stored().length === 0, 'delivered');
    expect(t.sent).to.have.length(1);
    expect(t.errors).to.deep.equal([]);
  });

  it('a receipt the endpoint refuses (a 4xx but 408 and 429) is sent once from this page, stays queued with an error naming it, and once more from the next page; the others go on', async () => {
    for (const status of [400, 409, 413, 422]) {
      t.teardown();
      t = setup();
      t.answerBy((r) => (r.action === 'accept-all' ? status : 200));
      const store = t.start();
      store.acceptAll();
      store.rejectAll();
      store.update({ analytics: true });
      await waitUntil(() => t.sent.length === 3 && t.stored().length === 1, `${String(status)}: the others delivered`);
      const [kept] = t.stored();
      expect(kept.action).to.equal('accept-all');
      expect(t.errors).to.deep.equal([`[migu-consent:receipt] http://127.0.0.1/receipts refused receipt ${kept.receiptId} with HTTP ${String(status)}: not sent again from this page, it stays queued for the next`]);
      // later decisions and a page leave on this page do not send it again
      store.rejectAll();
      await waitUntil(() => t.sent.length === 4 && t.stored().length === 1, 'the fourth delivered');
      dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false })); // its sends start at once (fetch in the listener)
      expect(t.sent.filter((s) => s.receipt.receiptId === kept.receiptId)).to.have.length(1);
      // the next page: sent once more, and taken now
      t.stop();
      t.answer(200);
      t.start();
      await waitUntil(() => t.stored().length === 0, 'delivered from the next page');
      expect(t.sent.filter((s) => s.receipt.receiptId === kept.receiptId)).to.have.length(2);
    }
  });

  it('408, 429 and 5xx are not refusals: retried on the same page until taken', async () => {
    for (const status of [408, 429, 500, 503]) {
      t.teardown();
      t = setup();
      t.answer(status, status, 200);
      t.start().acceptAll();
      await waitUntil(() => t.stored().length === 0, `${String(status)}: delivered on the third try`);
      expect(t.sent).to.have.length(3);
      expect(t.errors.join()).not.to.include('refused');
    }
  });

  it('waits as long as Retry-After asks (in seconds) before the next try', async () => {
    t.answerWith({ status: 429, headers: { 'Retry-After': '1' } }, 200);
    const store = t.start();
    store.acceptAll();
    await waitUntil(() => t.sent.length === 1, 'tried');
    const first = performance.now();
    await waitUntil(() => t.stored().length === 0, 'delivered after the wait', { timeout: 3000 });
    // the backoff alone would have tried again within 5 ms
    expect(performance.now() - first).to.be.at.least(990);
    expect(t.sent).to.have.length(2);
  });

  // an HTTP date has whole seconds: 2 s ahead is at least 1 s away. From the answer's Date where it has one:
  // counted from a device clock a day fast, the date was a day past, and the receipt was retried at once
  const server = (): number => Date.now() - 86_400_000;
  for (const [what, headers] of [
    ['', (): Record<string, string> => ({ 'Retry-After': new Date(Date.now() + 2000).toUTCString() })],
    [' from the answer\'s Date: a device clock a day fast still waits as asked',
      (): Record<string, string> => ({ Date: new Date(server()).toUTCString(), 'Retry-After': new Date(server() + 2000).toUTCString() })],
  ] as const) {
    it(`takes Retry-After as an HTTP date too${what}`, async () => {
      t.answerWith({ status: 503, headers: headers() }, 200);
      t.start().acceptAll();
      await waitUntil(() => t.sent.length === 1, 'tried');
      const first = performance.now();
      await waitUntil(() => t.stored().length === 0, 'delivered after the wait', { timeout: 4000 });
      expect(performance.now() - first).to.be.at.least(900);
      expect(t.sent).to.have.length(2);
    });
  }

  it('coming back online does not cut a Retry-After short', async () => {
    t.answerWith({ status: 429, headers: { 'Retry-After': '1' } }, 200);
    t.start().acceptAll();
    // logged as the retry is scheduled
    await waitUntil(() => t.errors.some((e) => e.includes('HTTP 429')), 'tried, retry pending');
    const first = performance.now();
    dispatchEvent(new Event('online'));
    await waitUntil(() => t.stored().length === 0, 'delivered after the wait', { timeout: 3000 });
    // the wait began up to one poll (50 ms) before `first`; without it, delivery is at once
    expect(performance.now() - first).to.be.at.least(900);
    expect(t.sent).to.have.length(2);
  });

  it('sends what an earlier page left in the queue, oldest first', async () => {
    t.answer(503);
    const first = t.start();
    first.acceptAll();
    first.rejectAll();
    await waitUntil(() => t.sent.length >= 2, 'tried');
    t.stop(); // the page goes away
    expect(t.stored().map((r) => r.action)).to.deep.equal(['accept-all', 'reject-all']);
    const before = t.sent.length;
    t.answer(200);
    t.start(); // next page load
    await waitUntil(() => t.stored().length === 0, 'flushed at start');
    expect(t.sent.slice(before).map((s) => s.receipt.action)).to.deep.equal(['accept-all', 'reject-all']);
  });

  it('two tabs writing one queue lose nothing', async () => {
    t.answer(503);
    const a = t.start();
    const b = t.start();
    for (let i = 0; i < 5; i++) {
      a.update({ analytics: i % 2 === 0 });
      b.update({ marketing: i % 2 === 0 });
    }
    expect(t.stored()).to.have.length(10);
    // tab B writes a stale copy (as if its read had crossed A's write): A still holds its own
    localStorage.setItem(t.key, JSON.stringify(t.stored().slice(0, 1)));
    t.answer(200);
    dispatchEvent(new Event('online')); // both retry now
    await waitUntil(() => t.stored().length === 0 && new Set(t.sent.filter((s) => s.receipt).map((s) => s.receipt.receiptId)).size === 10, 'all ten delivered', { timeout: 3000 });
  });

  it('on pagehide sends the queue as keepalive text without cookies or Referer, keeps it queued, never as a beacon', async () => {
    t.answer('hang');
    const store = t.start();
    store.acceptAll();
    store.rejectAll();
    await waitUntil(() => t.sent.length === 1, 'first in flight');
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    // the one in flight goes on by itself (keepalive); the other goes now
    expect(t.beacons).to.have.length(0);
    expect(t.sent).to.have.length(2);
    const { url, init, receipt } = t.sent[1];
    expect(receipt.action).to.equal('reject-all');
    expect(url).to.equal('http://127.0.0.1/receipts');
    expect(init).to.include({ method: 'POST', keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect(init.headers).to.deep.equal({}); // text/plain: no CORS preflight that could outlive the page
    expect(t.stored().map((r) => r.receiptId)).to.include(receipt.receiptId);
  });

  it('on pagehide sends only what fits the keepalive quota; the rest stays queued', async () => {
    t.answer('hang');
    const store = t.start();
    for (let i = 0; i < 150; i++) store.update({ analytics: i % 2 === 0 });
    await waitUntil(() => t.sent.length === 1, 'first in flight');
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    const bytes = t.sent.reduce((sum, s) => sum + new Blob([s.init.body as string]).size, 0);
    expect(t.sent.length).to.be.within(2, 149);
    expect(bytes).to.be.at.most(48 * 1024);
    expect(t.sent.every((s) => s.init.keepalive)).to.equal(true);
    expect(t.stored()).to.have.length(150);
  });

  it('works in memory when localStorage throws, and never throws itself', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('blocked', 'SecurityError'); } });
    try {
      t.answer(503, 200);
      const store = t.start();
      store.acceptAll();
      store.update({ analytics: false });
      await waitUntil(() => new Set(t.sent.filter((s) => s.init.method === 'POST').map((s) => s.receipt.receiptId)).size === 2 && t.sent.length === 3, 'both delivered from memory');
      dispatchEvent(new PageTransitionEvent('pagehide'));
      expect(t.beacons).to.have.length(0); // nothing left
    } finally {
      Object.defineProperty(window, 'localStorage', descriptor);
    }
    expect(t.errors.filter((e) => !e.includes('HTTP 503'))).to.deep.equal([]);
  });

  it('a full storage keeps receipts in memory and says so once', async () => {
    const realSet = Object.getOwnPropertyDescriptor(Storage.prototype, 'setItem')!;
    Storage.prototype.setItem = function setItem(this: Storage, k: string, v: string) {
      if (k === t.key) throw new DOMException('full', 'QuotaExceededError');
      (realSet.value as Storage['setItem']).call(this, k, v);
    };
    try {
      const store = t.start();
      store.acceptAll();
      store.rejectAll();
      await waitUntil(() => t.sent.length === 2, 'delivered from memory');
    } finally {
      Object.defineProperty(Storage.prototype, 'setItem', realSet);
    }
    expect(t.errors).to.have.length(1);
    expect(t.errors[0]).to.match(/^\[migu-consent:receipt\] .*cannot be stored/);
  });

  it('past the cap keeps the oldest and the newest, and says so once', async () => {
    t.answer(503);
    const old = Array.from({ length: RECEIPT_CAP + 3 }, (_, i) => ({
      receiptId: `old${String(i)}`, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), action: 'update',
    }));
    localStorage.setItem(t.key, JSON.stringify(old));
    const store = t.start();
    store.acceptAll();
    store.rejectAll();
    const kept = t.stored();
    expect(kept).to.have.length(RECEIPT_CAP);
    expect(kept[0].receiptId).to.equal('old0');
    expect(kept.at(-1)?.action).to.equal('reject-all');
    await waitUntil(() => t.errors.length >= 2, 'errors logged');
    expect(t.errors.filter((e) => /^\[migu-consent:receipt\] over 200 receipts waiting/.test(e))).to.have.length(1);
  });

  it('stops on teardown: no more requests', async () => {
    t.answer(503);
    const store = t.start();
    store.acceptAll();
    await waitUntil(() => t.sent.length === 1, 'tried once');
    t.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(t.sent).to.have.length(1);
    store.rejectAll();
    expect(t.stored()).to.have.length(1); // not receipted after teardown
  });
});
