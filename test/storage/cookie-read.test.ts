// The first stage's cookie reader (storage/cookie-read.ts) against js-cookie's `Cookies.get`, which the
// runtime reads the same cookie with: the same value for every way a cookie jar can hold it.
import { expect } from '@open-wc/testing';
import Cookies from 'js-cookie';
import { readCookie } from '../../src/storage/cookie-read.js';

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
    const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    Object.defineProperty(document, 'cookie', { configurable: true, get: () => { throw new DOMException('blocked', 'SecurityError'); } });
    try {
      expect(readCookie(name)).to.equal(undefined);
    } finally {
      delete (document as { cookie?: string }).cookie;
      expect(Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')).to.deep.equal(descriptor);
    }
  });
});
