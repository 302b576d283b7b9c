// The first stage's cookie reader (storage/cookie-read.ts) against js-cookie's `Cookies.get`, which the
// runtime reads the same cookie with: the same value for every way a cookie jar can hold it.
import { expect } from '@open-wc/testing';
import Cookies from 'js-cookie';
import { readCookie, readRecordCookie } from '../../src/storage/cookie-read.js';
import { encodeRecord } from '../../src/core/record.js';
import { fakeDocumentCookie } from './fake-cookie.js';

const name = `cr_${Math.random().toString(36).slice(2, 8)}`;
const set = (raw: string): void => { document.cookie = `${raw}; Path=/`; };
const clear = (n: string): void => { document.cookie = `${n}=; Path=/; Max-Age=0`; };

describe('readCookie reads as js-cookie does', () => {
  afterEach(() => { for (const n of [name, `${name}x`, `x${name}`, encodeURIComponent(`${name}é`)]) clear(n); });

  const values = [
    '1.1.abcdefgh12.kz3m9q.a.analytics~marketing..svc.1x2y3z',
    'plain', '', '"quoted"', '"', 'a=b=c', 'with%20space', '%E4%B8%AD%E6%96%87', '%E4%B8%AD%zz', '%', '%%41', 'a%2Cb',
  ];
  for (const value of values) {
    it(`value ${JSON.stringify(value)}`, () => {
      set(`${name}=${value}`);
      expect(readCookie(name)).to.equal(Cookies.get(name));
    });
  }

  it('a name that only starts or ends like it is another cookie', () => {
    set(`${name}x=1`);
    set(`x${name}=2`);
    expect(readCookie(name)).to.equal(Cookies.get(name));
    expect(readCookie(name)).to.equal(undefined);
    set(`${name}=3`);
    expect(readCookie(name)).to.equal(Cookies.get(name));
    expect(readCookie(name)).to.equal('3');
  });

  it('a percent-encoded name', () => {
    set(`${encodeURIComponent(`${name}é`)}=v`);
    expect(readCookie(`${name}é`)).to.equal(Cookies.get(`${name}é`));
    expect(readCookie(`${name}é`)).to.equal('v');
  });

  it('no cookie at all, and cookies that throw (a sandboxed frame): undefined, nothing thrown', () => {
    expect(readCookie(name)).to.equal(undefined);
    const restore = fakeDocumentCookie({ get: () => { throw new DOMException('blocked', 'SecurityError'); } });
    try {
      expect(readCookie(name)).to.equal(undefined);
    } finally {
      restore();
    }
  });
});

describe('readRecordCookie: of the copies a host-only and a domain cookie make, the newest decision', () => {
  const DAY = 86_400_000;
  const now = Date.UTC(2026, 11, 3);
  const record = (updatedAt: number, categories: string[]): string =>
    encodeRecord({ revision: '1', consentId: 'abcdefgh12', updatedAt, categories, servicesOff: [], servicesOn: [] })!;
  // two cookies of one name need two domains or paths: the jar's string is what the reader sees
  const withJar = (jar: string, read: () => void): void => {
    const restore = fakeDocumentCookie({ get: () => jar });
    try { read(); } finally { restore(); }
  };

  it('a refusal made later wins over an older accept-all that comes first', () => {
    const old = record(now - 10 * DAY, ['analytics', 'marketing']);
    const refusal = record(now - DAY, []);
    withJar(`${name}=${old}; ${name}=${refusal}`, () => { expect(readRecordCookie(name, now)).to.equal(refusal); });
  });

  it('a copy dated beyond tomorrow (tossed by a sibling subdomain) does not shadow a valid choice', () => {
    const choice = record(now - DAY, []);
    const tossed = record(now + 400 * DAY, ['analytics', 'marketing']);
    withJar(`${name}=${tossed}; ${name}=${choice}`, () => { expect(readRecordCookie(name, now)).to.equal(choice); });
    withJar(`${name}=${choice}; ${name}=${tossed}`, () => { expect(readRecordCookie(name, now)).to.equal(choice); });
    // within the clock skew the policy allows, a newer copy still counts
    const skewed = record(now + DAY / 2, ['analytics']);
    withJar(`${name}=${choice}; ${name}=${skewed}`, () => { expect(readRecordCookie(name, now)).to.equal(skewed); });
  });
});
