// Where the runtime leaves the early config for the next page's first stage (storage/early-cache.ts).
import { expect } from '@open-wc/testing';
import { earlyKey, fromEarly, toEarly } from '../../src/core/early.js';
import { resolveConfig } from '../../src/core/config.js';
import { readEarly, saveEarly } from '../../src/storage/early-cache.js';

const cookie = `ec_${Math.random().toString(36).slice(2, 8)}`;
const early = (text: string) => toEarly(resolveConfig(JSON.parse(text) as unknown).config, earlyKey(text), true);

describe('early config cache', () => {
  afterEach(() => { localStorage.removeItem(`${cookie}.early`); });

  it('keeps the last four configs, the most recent first, and reads each by its key', () => {
    const texts = [1, 2, 3, 4, 5].map((n) => JSON.stringify({ categories: [{ id: `c${String(n)}`, services: [{ id: `s${String(n)}`, name: 'S', hosts: ['t.example', '/^ads\\./i'] }] }] }));
    for (const text of texts) saveEarly(cookie, early(text));
    expect(readEarly(cookie, earlyKey(texts[0])), 'the oldest is dropped').to.equal(undefined);
    const back = fromEarly(readEarly(cookie, earlyKey(texts[4])), earlyKey(texts[4]));
    expect(back?.categories.map((c) => c.id)).to.include('c5');
    const service = back?.categories.find((c) => c.id === 'c5')?.services[0];
    expect(service?.hosts).to.deep.equal(['t.example', /^ads\./i]);
    saveEarly(cookie, early(texts[2]));
    expect((JSON.parse(localStorage.getItem(`${cookie}.early`)!) as { key: string }[]).map((e) => e.key))
      .to.deep.equal([2, 4, 3, 1].map((i) => earlyKey(texts[i])), 'saved again: first, once');
  });

  it('carries which services declare cookies or storage (the sweep) and the sibling sites: what tells whether the runtime has work at the start', () => {
    const text = JSON.stringify({
      siblings: ['migu.cn', 'miguvideo.com'],
      categories: [{ id: 'analytics', services: [{ id: 'ga', name: 'GA', cookies: ['_ga'] }, { id: 'quiet', name: 'Q' }] },
        { id: 'marketing', services: [{ id: 'ads', name: 'Ads', indexedDB: ['ads-db'] }] }],
    });
    saveEarly(cookie, early(text));
    const back = fromEarly(readEarly(cookie, earlyKey(text)), earlyKey(text));
    expect(back?.sweeps).to.deep.equal([{ category: 'analytics', service: 'ga' }, { category: 'marketing', service: 'ads' }]);
    expect(back?.siblings).to.deep.equal(['migu.cn', 'miguvideo.com']);
    const plain = '{"categories":[{"id":"analytics"}]}';
    saveEarly(cookie, early(plain));
    const none = fromEarly(readEarly(cookie, earlyKey(plain)), earlyKey(plain));
    expect(none?.sweeps).to.deep.equal([]);
    expect(none && 'siblings' in none, 'no siblings listed: none, as the validated config has').to.equal(false);
  });

  it('an entry of another text, another format or edited by hand is not used', () => {
    const text = '{"categories":[{"id":"analytics"}]}';
    saveEarly(cookie, early(text));
    expect(fromEarly(readEarly(cookie, earlyKey(text)), earlyKey(`${text} `))).to.equal(undefined);
    for (const stored of ['{', '"x"', '[{"key":"1.x.1"}]', JSON.stringify([{ ...early(text), categories: [{ id: 'a', locked: 'yes', separate: false, services: [] }] }])]) {
      localStorage.setItem(`${cookie}.early`, stored);
      const key = stored.includes('"key":"1.') && !stored.includes('1.x.1') ? earlyKey(text) : '1.x.1';
      expect(fromEarly(readEarly(cookie, key), key), stored).to.equal(undefined);
    }
  });

  it('storage that throws: nothing saved, nothing read, nothing thrown', () => {
    const proto = Storage.prototype;
    const get = Object.getOwnPropertyDescriptor(proto, 'getItem')!;
    const set = Object.getOwnPropertyDescriptor(proto, 'setItem')!;
    const blocked = { configurable: true, writable: true, value: () => { throw new DOMException('blocked', 'SecurityError'); } };
    Object.defineProperty(proto, 'getItem', blocked);
    Object.defineProperty(proto, 'setItem', blocked);
    try {
      saveEarly(cookie, early('{}'));
      expect(readEarly(cookie, earlyKey('{}'))).to.equal(undefined);
    } finally {
      Object.defineProperty(proto, 'getItem', get);
      Object.defineProperty(proto, 'setItem', set);
    }
    expect(localStorage.getItem(`${cookie}.early`)).to.equal(null);
  });
});
