import { expect } from '@open-wc/testing';
import { CookieRecordStorage } from '../../src/storage/cookie-jar.js';
import { cookiePaths } from '../../src/storage/cookie-write.js';
import { fakeDocumentCookie } from './fake-cookie.js';

/** The deletions `run` writes to document.cookie (nothing is written), as `path@domain`. */
function deletions(run: () => void): string[] {
  const texts: string[] = [];
  const restore = fakeDocumentCookie({ set: (text: string) => { texts.push(text); } });
  try {
    run();
  } finally {
    restore();
  }
  return texts.map((text) => `${/; path=([^;]*)/.exec(text)?.[1] ?? ''}@${/; domain=([^;]*)/.exec(text)?.[1] ?? ''}`).sort();
}

describe('the paths a cookie the page sees can have (cookiePaths)', () => {
  it('the root, each folder with and without its "/", and the page itself', () => {
    expect([...cookiePaths('/')]).to.deep.equal(['/']);
    expect([...cookiePaths('/sub/')].sort()).to.deep.equal(['/', '/sub', '/sub/']);
    expect([...cookiePaths('/a/b/page.html')].sort()).to.deep.equal(['/', '/a', '/a/', '/a/b', '/a/b/', '/a/b/page.html']);
  });
});

describe('CookieRecordStorage.clear() on a page below the root', () => {
  const home = location.href;
  // (document.cookie keeps answering for the page's first URL in Chromium: the browser test is e2e/withdrawn-cookies.test.mjs)
  beforeEach(() => { history.replaceState(null, '', '/sub/page.html'); });
  afterEach(() => { history.replaceState(null, '', home); });

  it('deletes the consent cookie at each path it can have been written with there (an older deployment, a page script), host-only and on cookie-domain', () => {
    expect(deletions(() => { new CookieRecordStorage({ name: 'mc', expiresDays: 1 }).clear(); })).to.deep.equal(
      ['/@', '/sub/@', '/sub/page.html@', '/sub@'],
    );
    expect(deletions(() => { new CookieRecordStorage({ name: 'mc', domain: '.migu.test', expiresDays: 1 }).clear(); })).to.deep.equal(
      ['/@', '/@.migu.test', '/sub/@', '/sub/@.migu.test', '/sub/page.html@', '/sub/page.html@.migu.test', '/sub@', '/sub@.migu.test'],
    );
  });
});

describe('CookieRecordStorage expiresDays', () => {
  /** The cookie texts written by `run` (nothing is written) and the console errors. */
  function writes(run: () => void): { texts: string[]; errors: string[] } {
    const texts: string[] = [];
    const errors: string[] = [];
    const error = console.error;
    console.error = (m: string) => { errors.push(m); };
    const restore = fakeDocumentCookie({ set: (text: string) => { texts.push(text); } });
    try {
      run();
    } finally {
      restore();
      console.error = error;
    }
    return { texts, errors };
  }
  const days = (text: string): number => Math.round((Date.parse(/; expires=([^;]*)/.exec(text)?.[1] ?? '') - Date.now()) / 86_400_000);

  it('out of 0 < days <= 3650 is reported and 365 is used: 1e9 wrote "expires=Invalid Date", a cookie gone with the session', () => {
    for (const expiresDays of [1e9, NaN, 0, -1, 'soon'] as unknown as number[]) {
      const { texts, errors } = writes(() => { new CookieRecordStorage({ name: 'mc', expiresDays }).write('v'); });
      expect(texts.map(days), String(expiresDays)).to.deep.equal([365]);
      expect(errors[0], String(expiresDays)).to.match(/^\[migu-consent:option\] expiresDays: .* is not a number of days above 0 and at most 3650; using the default 365$/);
    }
    const { texts, errors } = writes(() => { new CookieRecordStorage({ name: 'mc', expiresDays: 30 }).write('v'); });
    expect(texts.map(days)).to.deep.equal([30]);
    expect(errors.filter((e) => e.includes('expiresDays'))).to.deep.equal([]);
  });

  it('cookie-domain in capitals (".MIGU.cn") is written in lower case: WebKitGTK refuses a Domain with a capital, and the choice was host-only there', () => {
    // (Chromium and Firefox lower-case it themselves; WebKitGTK's libsoup drops the cookie, and the jar fell back to a
    // host-only one: one choice per subdomain, engines probe F2. The browser check is e2e/webkit.test.mjs.)
    const { texts } = writes(() => { new CookieRecordStorage({ name: 'mc', domain: '.MIGU.Test', expiresDays: 1 }).write('v'); });
    // (the fake keeps nothing, so the jar goes on to a host-only copy: only the write on the domain is looked at)
    expect(/; domain=([^;]*)/.exec(texts.find((t) => /^mc=v;.*; domain=/.test(t)) ?? '')?.[1]).to.equal('.migu.test');
    expect(deletions(() => { new CookieRecordStorage({ name: 'mc', domain: '.MIGU.Test', expiresDays: 1 }).clear(); }).filter((d) => d.endsWith('.migu.test'))).to.deep.equal(['/@.migu.test']);
  });

  it('a name that is no plain cookie name is reported and "migu_consent" is used: "" wrote a nameless cookie', () => {
    for (const name of ['', 'a b', 'x;y', undefined] as unknown as string[]) {
      const { texts, errors } = writes(() => { new CookieRecordStorage({ name, expiresDays: 1 }).write('v'); });
      expect(texts.map((t) => t.split(';')[0]), String(name)).to.deep.equal(['migu_consent=v']);
      expect(errors[0], String(name)).to.match(/^\[migu-consent:option\] name: .* is not a plain cookie name; using the default "migu_consent"$/);
    }
  });
});
