import { expect } from '@open-wc/testing';
import { CookieRecordStorage } from '../../src/storage/cookie-jar.js';
import { cookiePaths } from '../../src/storage/cookie-write.js';

/** The deletions `run` writes to document.cookie (nothing is written), as `path@domain`. */
function deletions(run: () => void): string[] {
  const texts: string[] = [];
  Object.defineProperty(document, 'cookie', { configurable: true, get: () => '', set: (text: string) => { texts.push(text); } });
  try {
    run();
  } finally {
    delete (document as { cookie?: string }).cookie;
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
