import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config.js';
import { cleanWithdrawn } from '../../src/storage/cookie-cleaner.js';

const { config, errors } = resolveConfig({
  categories: [
    { id: 'analytics', services: [
      { id: 'ga', name: 'GA', cookies: ['_ga', /^_gid$/, '/^_ga_[A-Z0-9]+$/'], storage: ['ga_store'] },
      { id: 'baidu', name: 'Baidu', cookies: [/^Hm_lvt_/i], storage: ['hm_store'] },
    ] },
    { id: 'marketing', services: [{ id: 'ads', name: 'Ads', cookies: ['_ads'] }] },
  ],
});

const names = (): string[] => document.cookie.split(';').map((c) => c.trim().split('=')[0]).filter(Boolean);
const set = (...cookies: string[]): void => { for (const c of cookies) document.cookie = `${c}=1; path=/`; };

describe('cookie cleaner', () => {
  afterEach(() => {
    for (const name of names()) document.cookie = `${name}=; path=/; max-age=0`;
    localStorage.clear();
  });

  it('the test config is valid', () => {
    expect(errors).to.deep.equal([]);
  });

  it('deletes the cookies of a withdrawn service by name and by RegExp, and its storage keys', () => {
    set('_ga', '_gid', '_ga_ABC123', '_ga_lower', 'Hm_lvt_1', '_ads', 'unrelated');
    localStorage.setItem('ga_store', '1');
    localStorage.setItem('hm_store', '1');
    const deleted = cleanWithdrawn(config, ['ga']);
    expect(deleted.sort()).to.deep.equal(['_ga', '_ga_ABC123', '_gid']);
    expect(names().sort()).to.deep.equal(['Hm_lvt_1', '_ads', '_ga_lower', 'unrelated']);
    expect(localStorage.getItem('ga_store')).to.equal(null);
    expect(localStorage.getItem('hm_store')).to.equal('1');
  });

  it('tests patterns only against names of at most 256 characters', () => {
    const long = `_ga_${'A'.repeat(253)}`;
    set(`_ga_${'A'.repeat(252)}`, long);
    expect(cleanWithdrawn(config, ['ga'])).to.deep.equal([`_ga_${'A'.repeat(252)}`]);
    expect(names()).to.deep.equal([long]);
  });

  it('a withdrawn category takes every one of its services along', () => {
    set('_ga', 'hm_lvt_x', '_ads');
    localStorage.setItem('hm_store', '1');
    cleanWithdrawn(config, ['analytics']);
    expect(names()).to.deep.equal(['_ads']);
    expect(localStorage.getItem('hm_store')).to.equal(null);
  });

  it('deletes a copy written for the cookie domain given (the host itself here)', function () {
    document.cookie = `_ga=domain; path=/; domain=${location.hostname}`;
    // WebKit stores no cookie with Domain=localhost (the test server's host): nothing to delete there
    if (names().length === 0 && location.hostname === 'localhost') this.skip();
    expect(names()).to.deep.equal(['_ga']);
    cleanWithdrawn(config, ['ga'], location.hostname);
    expect(names()).to.deep.equal([]);
  });

  it('leaves everything alone for an unknown id, an empty list, or a service without cookies', () => {
    set('_ga', '_ads');
    expect(cleanWithdrawn(config, [])).to.deep.equal([]);
    expect(cleanWithdrawn(config, ['nope', 'functional'])).to.deep.equal([]);
    expect(names().sort()).to.deep.equal(['_ads', '_ga']);
  });

  it('never throws, even with a broken config', () => {
    expect(cleanWithdrawn(null as never, ['ga'])).to.deep.equal([]);
    expect(cleanWithdrawn({ categories: [{ id: 'x', services: [{ id: 'y', cookies: [{}], storage: null }] }] } as never, ['x'])).to.deep.equal([]);
  });
});
