// The consent cookie's and the cleaner's writer (storage/cookie-write.ts) against js-cookie's
// `Cookies.set`: the same text for every name, value and attribute, also on a page whose old scripts
// put enumerable members on Object.prototype, where js-cookie throws and the writer does not.
import { expect } from '@open-wc/testing';
import Cookies from 'js-cookie';
import { writeCookie } from '../../src/storage/cookie-write.js';
import { CookieRecordStorage } from '../../src/storage/cookie-jar.js';
import { readCookie } from '../../src/storage/cookie-read.js';
import { fakeDocumentCookie } from './fake-cookie.js';

/** What each call of `write` sets document.cookie to, with the clock stopped and nothing written. */
function written(write: () => void): string[] {
  const texts: string[] = [];
  const now = Date.now;
  Date.now = () => 1_780_000_000_000;
  const restore = fakeDocumentCookie({ set: (text: string) => { texts.push(text); } });
  try {
    write();
  } finally {
    restore();
    Date.now = now;
  }
  return texts;
}

/** Runs `run` with Object.prototype and Array.prototype as a legacy page leaves them. */
function polluted(run: () => void): void {
  const proto = Object.prototype as Record<string, unknown>;
  proto['extend'] = function extend(): void { /* Prototype.js, MooTools */ };
  Object.defineProperty(Object.prototype, 'size', { enumerable: true, configurable: true, get: () => 1, set: () => undefined });
  (Array.prototype as unknown as Record<string, unknown>)['each'] = function each(): void { /* ditto */ };
  try {
    run();
  } finally {
    delete proto['extend'];
    delete proto['size'];
    delete (Array.prototype as unknown as Record<string, unknown>)['each'];
  }
}

const names = ['migu_consent', 'a b', 'a(b)', 'é中', '!#$&\'*+-.^_`|~', ';=,"\\%'];
const values = [
  '1.1.abcdefgh12.kz3m9q.a.analytics~marketing..$1x2y.1x2y3z', '', 'a b', '%', '%41', '"quoted"', 'a;b,c\\d', '中文 😀',
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(''),
];
const attributes: Record<string, string | number | boolean | Date>[] = [
  { path: '/' },
  { path: '/', sameSite: 'Lax', secure: false, expires: 365 },
  { path: '/shop;x', domain: '.migu.test', secure: true, sameSite: 'None', expires: -1 },
  { path: '/', domain: '', expires: new Date(Date.UTC(2027, 0, 1)) },
];

describe('writeCookie writes what js-cookie writes', () => {
  for (const name of names) {
    it(`name ${JSON.stringify(name)}, every value`, () => {
      for (const value of values) {
        expect(written(() => { writeCookie(name, value, { path: '/' }); })).to.deep.equal(written(() => { Cookies.set(name, value); }));
      }
    });
  }
  attributes.forEach((a, i) => {
    it(`attributes ${String(i)}`, () => {
      expect(written(() => { writeCookie('n', 'v', a); })).to.deep.equal(written(() => { Cookies.set('n', 'v', a); }));
    });
  });

  it('on a page with enumerable members on Object.prototype and Array.prototype: js-cookie throws, the writer writes the same text', () => {
    const clean = attributes.map((a) => written(() => { Cookies.set('n', 'v', a); }));
    polluted(() => {
      expect(() => written(() => { Cookies.set('n', 'v', attributes[1]); })).to.throw(TypeError);
      expect(attributes.map((a) => written(() => { writeCookie('n', 'v', a); }))).to.deep.equal(clean);
    });
  });

  it('a value written is read back as written, by js-cookie and by the first stage\'s reader', () => {
    const name = `cw_${Math.random().toString(36).slice(2, 8)}`;
    try {
      for (const value of values.filter(Boolean)) {
        writeCookie(name, value, { path: '/' });
        expect([Cookies.get(name), readCookie(name)]).to.deep.equal([value, value]);
      }
    } finally {
      writeCookie(name, '', { path: '/', expires: -1 });
    }
    expect(Cookies.get(name)).to.equal(undefined);
  });
});

describe('CookieRecordStorage on a legacy page, and when a write fails', () => {
  const name = `cw_${Math.random().toString(36).slice(2, 8)}`;
  let errors: string[];
  const original = console.error;
  beforeEach(() => {
    errors = [];
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
  });
  afterEach(() => {
    console.error = original;
    writeCookie(name, '', { path: '/', expires: -1 });
  });

  it('with Object.prototype polluted: stores, reads back and clears the consent cookie, nothing logged', () => {
    polluted(() => {
      const storage = new CookieRecordStorage({ name, expiresDays: 1 });
      storage.write('1.x');
      expect(Cookies.get(name)).to.equal('1.x');
      expect(new CookieRecordStorage({ name, expiresDays: 1 }).read(), 'the next page has it').to.equal('1.x');
      storage.clear();
      expect(Cookies.get(name)).to.equal(undefined);
    });
    expect(errors).to.deep.equal([]);
  });

  it('on a page that sets Date back (a preview of a past campaign, a test clock left on): the cookie is kept for expires-days all the same', () => {
    const now = Date.now;
    // two years back: an Expires counted from this Date is in the past, and the browser deletes the cookie
    Date.now = () => now() - 2 * 365 * 864e5;
    try {
      const storage = new CookieRecordStorage({ name, expiresDays: 365 });
      storage.write('1.x');
      expect(new CookieRecordStorage({ name, expiresDays: 365 }).read(), 'the next page has it').to.equal('1.x');
    } finally {
      Date.now = now;
    }
    expect(errors).to.deep.equal([]);
  });

  it('on a page that sets Date back, with expires-days a fraction (1.1, 0.7): kept all the same, its Max-Age a whole number of seconds', () => {
    // 1.1 * 86400 is 95040.00000000001 in floating point: a Max-Age that is no whole number is ignored by every engine
    // (Chromium, Firefox ESR, WebKitGTK), and the Expires counted from the page's Date alone deleted the choice at once
    const now = Date.now;
    Date.now = () => now() - 2 * 864e5;
    try {
      for (const expiresDays of [1.1, 0.7]) {
        writeCookie(name, '', { path: '/', expires: -1, 'max-age': -1 });
        new CookieRecordStorage({ name, expiresDays }).write('1.x');
        expect(new CookieRecordStorage({ name, expiresDays }).read(), `the next page has it (expires-days ${expiresDays})`).to.equal('1.x');
        const texts: string[] = [];
        const restore = fakeDocumentCookie({ set: (text: string) => { texts.push(text); } });
        try {
          new CookieRecordStorage({ name, expiresDays }).write('1.x');
        } finally {
          restore();
        }
        expect(texts[0], String(expiresDays)).to.match(/; max-age=\d+(;|$)/);
        errors.length = 0; // the fake's dropped write, reported as refused
      }
    } finally {
      Date.now = now;
    }
    expect(errors).to.deep.equal([]);
  });

  it('refused by the browser (cookies off for the site): one clear console error however many writes, the value kept in memory', () => {
    const storage = new CookieRecordStorage({ name, domain: 'example.org', expiresDays: 1 });
    // a browser that drops every cookie write silently
    const restore = fakeDocumentCookie({});
    try {
      storage.write('1.x');
      storage.write('1.y');
    } finally {
      restore();
    }
    expect(storage.read()).to.equal('1.y');
    // this page is http: an https page's Secure cookie of the name would be refused as well (Chromium)
    expect(errors).to.deep.equal([`[migu-consent:storage] consent cookie ${name} not stored (not read back: cookies refused or an https page's Secure ${name} there?): the choice holds on this page only`]);
  });

  it('a cookie-domain the browser refuses though it covers the host (a public suffix, an IP address): a host-only cookie, one warning, the next page has the choice', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    try {
      // refused as .com.cn or the tail of an IP address is (the test page's host covers no such domain)
      const storage = new CookieRecordStorage({ name, domain: 'example.org', expiresDays: 1 });
      storage.write('1.x');
      storage.write('1.y');
      expect(Cookies.get(name)).to.equal('1.y');
      expect(new CookieRecordStorage({ name, expiresDays: 1 }).read(), 'the next page has it').to.equal('1.y');
      storage.clear();
      expect(Cookies.get(name)).to.equal(undefined);
    } finally {
      console.warn = warn;
    }
    expect(errors).to.deep.equal([]);
    expect(warnings).to.deep.equal([`[migu-consent:option] cookie-domain: the browser refuses "example.org" (a public suffix? an IP address? or an https page's Secure ${name} there): a host-only cookie is used instead`]);
  });

  it('a write that throws (a page that broke encodeURIComponent): one console error naming the cause, nothing thrown', () => {
    const encode = window.encodeURIComponent;
    window.encodeURIComponent = () => { throw new TypeError('broken by the page'); };
    try {
      const storage = new CookieRecordStorage({ name, expiresDays: 1 });
      expect(() => { storage.write('1.x'); storage.write('1.y'); }).to.not.throw();
      expect(storage.read()).to.equal('1.y');
    } finally {
      window.encodeURIComponent = encode;
    }
    expect(errors).to.deep.equal([`[migu-consent:storage] consent cookie ${name} not stored (TypeError: broken by the page): the choice holds on this page only`]);
  });
});
