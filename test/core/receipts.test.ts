import { expect } from '@open-wc/testing';
import type { Receipt } from '../../src/core/receipts.js';
import { makeReceipt, mergeQueue, pageOf, parseQueue, RECEIPT_CAP, receiptMaker, retryDelay } from '../../src/core/receipts.js';
import type { ConsentState } from '../../src/core/types.js';

const decided: ConsentState = {
  decided: true,
  categories: { necessary: true, analytics: true, marketing: false },
  services: { baidu: true },
  revision: '3',
  consentId: 'abc123def456ghi7',
  updatedAt: '2026-11-28T08:00:00.000Z',
  source: 'user',
  signals: { dnt: true, gpc: false },
};

let n = 0;
const receipt = (timestamp: string, receiptId = `r${String(n++)}`): Receipt => ({
  ...makeReceipt(decided, 'update', { receiptId, href: 'http://a.test/p', now: 0 }), timestamp,
});
const iso = (minute: number): string => new Date(Date.UTC(2026, 10, 28, 8, minute)).toISOString();
const ids = (list: Receipt[]): string[] => list.map((r) => r.receiptId);

describe('receipts: construction', () => {
  it('a decision made on another page (a click applied on the next) names that page, not this one', () => {
    const make = receiptMaker('', () => 'https://www.migu.cn/next?x=1');
    const change = { state: decided, granted: [], revoked: [] };
    expect(make({ ...change, cause: 'accept-all', page: 'https://www.migu.cn/first?q=2#h' })[0]?.page).to.equal('https://www.migu.cn/first');
    expect(make({ ...change, cause: 'reject-all' })[0]?.page).to.equal('https://www.migu.cn/next');
  });

  it('takes everything from the state after the decision, as copies', () => {
    const r = makeReceipt(decided, 'accept-all', { receiptId: 'x1', href: 'https://www.migu.cn/video/12?uid=7&t=1#top', now: 5 });
    expect(r).to.deep.equal({
      receiptId: 'x1', consentId: 'abc123def456ghi7', revision: '3', timestamp: '2026-11-28T08:00:00.000Z',
      action: 'accept-all', categories: { necessary: true, analytics: true, marketing: false }, services: { baidu: true },
      source: 'user', signals: { dnt: true, gpc: false }, page: 'https://www.migu.cn/video/12',
    });
    r.categories['marketing'] = true;
    r.signals.gpc = true;
    expect(decided.categories['marketing']).to.equal(false);
    expect(decided.signals.gpc).to.equal(false);
  });

  it('a reset has no consent id or time in its state: the previous id and the clock are used', () => {
    const reset: ConsentState = { ...decided, decided: false, consentId: '', updatedAt: '', source: 'default' };
    const now = Date.UTC(2026, 10, 29, 1, 2, 3);
    const r = makeReceipt(reset, 'reset', { receiptId: 'x2', href: 'http://a.test/', now, previousConsentId: 'prev0000id' });
    expect(r.consentId).to.equal('prev0000id');
    expect(r.timestamp).to.equal('2026-11-29T01:02:03.000Z');
    expect(r.action).to.equal('reset');
    expect(makeReceipt(reset, 'reset', { receiptId: 'x3', href: 'http://a.test/', now }).consentId).to.equal('');
  });

  it('page is origin + path: no credentials, query or hash', () => {
    expect(pageOf('http://user:secret@127.0.0.1:8080/a/b.html?q=1#h')).to.equal('http://127.0.0.1:8080/a/b.html');
    expect(pageOf('https://m.migu.cn')).to.equal('https://m.migu.cn/');
    expect(pageOf('not a url')).to.equal('');
  });

  it('page is one a collector takes: none for a srcdoc frame or a file, a long path cut at 2048 characters', () => {
    // the collector's rule (node/receipts/validate.mjs): '' or an http(s) origin + path of at most 2048 characters;
    // anything else is refused with 422 on every retry, so the receipt is never stored
    const takes = (page: string): boolean => page === '' || (page.length <= 2048 && /^https?:\/\/[^\s/\\?#@]+\/[^\s?#]*$/.test(page));
    for (const href of ['about:srcdoc', 'file:///home/u/page.html', 'blob:https://a.test/0b7f', `https://a.test/${'%E4%BD%A0'.repeat(300)}?q=1`]) {
      const page = pageOf(href);
      expect(takes(page), `${href.slice(0, 40)} -> ${page.slice(0, 60)}`).to.equal(true);
    }
    expect(pageOf('about:srcdoc')).to.equal('');
    expect(pageOf(`https://a.test/${'x'.repeat(3000)}`)).to.equal(`https://a.test/${'x'.repeat(2048 - 15)}`);
    // a cut inside a character's escapes drops the whole character, wherever the cut falls: decodeURI takes every page
    for (let pad = 0; pad < 12; pad++) {
      const page = pageOf(`https://a.test/${'x'.repeat(pad)}${'中文𠀀é'.repeat(200)}`);
      expect(page.length, `pad ${String(pad)}`).to.be.within(2048 - 12, 2048);
      expect(() => decodeURI(page), `pad ${String(pad)}: …${page.slice(-12)}`).not.to.throw();
      expect(`https://a.test/${'x'.repeat(pad)}${'中文𠀀é'.repeat(200)}`.startsWith(decodeURI(page)), `pad ${String(pad)}: a prefix`).to.equal(true);
    }
  });
});

describe('receipts: stored queue', () => {
  it('parses what it wrote and survives anything else', () => {
    const list = [receipt(iso(1)), receipt(iso(2))];
    expect(parseQueue(JSON.stringify(list))).to.deep.equal(list);
    for (const bad of [null, undefined, '', '{', 'null', '42', '"x"', '{"receiptId":"a"}', '\u0000', '[[]]']) {
      expect(parseQueue(bad), String(bad)).to.deep.equal([]);
    }
    const mixed = JSON.stringify([null, 1, 'x', { receiptId: 5, timestamp: iso(0) }, { receiptId: 'ok', timestamp: iso(0) }, { timestamp: iso(0) }]);
    expect(ids(parseQueue(mixed))).to.deep.equal(['ok']);
  });

  it('merges two tabs\' queues by receipt id, oldest first, each once', () => {
    const a1 = receipt(iso(1), 'a1');
    const b1 = receipt(iso(2), 'b1');
    const a2 = receipt(iso(3), 'a2');
    // tab B wrote [a1, b1] in between; tab A still holds its own a1 and a2
    const { queue, dropped } = mergeQueue([a1, b1], [a1, a2], new Set());
    expect(ids(queue)).to.deep.equal(['a1', 'b1', 'a2']);
    expect(dropped).to.equal(0);
    // stored copies win over own copies of the same id (same content, one entry)
    expect(queue[0]).to.equal(a1);
  });

  it('leaves out what was delivered', () => {
    const list = [receipt(iso(1), 'd1'), receipt(iso(2), 'd2'), receipt(iso(3), 'd3')];
    expect(ids(mergeQueue(list, [list[1]], new Set(['d2', 'd1'])).queue)).to.deep.equal(['d3']);
  });

  it('sorts by time and keeps the order of equal times', () => {
    const late = receipt(iso(9), 'late');
    const same1 = receipt(iso(5), 's1');
    const same2 = receipt(iso(5), 's2');
    expect(ids(mergeQueue([late, same1], [same2], new Set()).queue)).to.deep.equal(['s1', 's2', 'late']);
  });

  it('over the cap keeps the oldest and the newest and says how many went', () => {
    const stored = Array.from({ length: RECEIPT_CAP + 4 }, (_, i) => receipt(new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), `c${String(i)}`));
    const newest = receipt(iso(59), 'newest');
    const { queue, dropped } = mergeQueue(stored, [newest], new Set());
    expect(queue).to.have.length(RECEIPT_CAP);
    expect(dropped).to.equal(5);
    expect(queue[0].receiptId).to.equal('c0');
    expect(queue[RECEIPT_CAP - 2].receiptId).to.equal(`c${String(RECEIPT_CAP - 2)}`);
    expect(queue.at(-1)?.receiptId).to.equal('newest');
    expect(mergeQueue(stored.slice(0, 10), [], new Set(), 3).queue.map((r) => r.receiptId)).to.deep.equal(['c0', 'c1', 'c9']);
  });
});

describe('receipts: retry schedule', () => {
  it('doubles from the base up to the cap, between half and all of each step', () => {
    const low = Array.from({ length: 10 }, (_, i) => retryDelay(i, () => 0));
    const high = Array.from({ length: 10 }, (_, i) => retryDelay(i, () => 0.999999));
    expect(low).to.deep.equal([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(high).to.deep.equal([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000]);
    expect(retryDelay(2, () => 0.5, 10, 1000)).to.equal(30);
    expect(retryDelay(1e9, () => 1)).to.equal(60_000);
  });

  it('jitter spreads pages that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(3)));
    expect(delays.size).to.be.greaterThan(10);
    for (const d of delays) expect(d).to.be.within(4000, 8000);
  });
});
