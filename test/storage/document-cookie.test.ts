import { expect } from '@open-wc/testing';
import { readCookie } from '../../src/storage/cookie-read.js';
import { writeCookie } from '../../src/storage/cookie-write.js';
import { CookieRecordStorage } from '../../src/storage/cookie-jar.js';

describe('document.cookie shadowed by markup (<img name="cookie">, an HTML injection without script)', () => {
  let injected: HTMLImageElement;
  const name = `clobbered_${String(Math.random()).slice(2, 8)}`;
  beforeEach(() => {
    injected = Object.assign(document.createElement('img'), { name: 'cookie', alt: '' });
    document.body.append(injected);
  });
  afterEach(() => {
    injected.remove();
    writeCookie(name, '', { path: '/', expires: -1 });
  });

  it('the consent cookie is written and read all the same, through the browser\'s own accessor', () => {
    expect(typeof document.cookie, 'the markup shadows the property in this engine').to.equal('object');
    writeCookie(name, '1.a', { path: '/' });
    expect(readCookie(name)).to.equal('1.a');
  });

  it('the store\'s cookie keeps the choice across pages, with no "not stored" error', () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      new CookieRecordStorage({ name, expiresDays: 1 }).write('1.withdrawn');
      expect(new CookieRecordStorage({ name, expiresDays: 1 }).read(), 'a later page reads it').to.equal('1.withdrawn');
    } finally {
      console.error = original;
    }
    expect(errors).to.deep.equal([]);
  });
});
