import { expect } from '@open-wc/testing';
import { DEFAULT_CATEGORY_IDS, parseConfigJson, resolveConfig } from '../../src/core/config.js';

const ids = (r: ReturnType<typeof resolveConfig>): string[] => r.config.categories.map((c) => c.id);

describe('config', () => {
  it('defaults: five categories, necessary locked, nothing separate', () => {
    const { config, errors } = resolveConfig(undefined);
    expect(errors).to.deep.equal([]);
    expect(ids({ config, errors })).to.deep.equal([...DEFAULT_CATEGORY_IDS]);
    expect(config.categories.filter((c) => c.locked).map((c) => c.id)).to.deep.equal(['necessary']);
    expect(config.categories.some((c) => c.separate)).to.equal(false);
  });

  it('"defaults": false keeps only the listed categories and necessary; anything but a boolean is an error', () => {
    const only = resolveConfig({ defaults: false, categories: [{ id: 'video' }, { id: 'analytics', services: [{ id: 'stats', name: 'Stats' }] }] });
    expect(only.errors).to.deep.equal([]);
    expect(only.config.categories.map((c) => c.id)).to.deep.equal(['necessary', 'analytics', 'video']);
    expect(only.config.categories[0]?.locked).to.equal(true);
    expect(resolveConfig({ defaults: false }).config.categories.map((c) => c.id)).to.deep.equal(['necessary']);
    expect(resolveConfig({ defaults: true, categories: [{ id: 'video' }] }).config.categories).to.have.length(6);
    const bad = resolveConfig({ defaults: 'no', categories: [{ id: 'video' }] });
    expect(bad.errors.join()).to.match(/config\.defaults/);
    expect(bad.config.categories).to.have.length(5, 'rejected whole: the defaults');
  });

  it('merges by id and appends new categories after the defaults', () => {
    const r = resolveConfig({
      categories: [
        { id: 'analytics', label: { en: 'Stats' }, services: [{ id: 'baidu', name: 'Baidu Tongji', cookies: ['HMACCOUNT', '/^Hm_lvt_/g'] }] },
        { id: 'partners', separate: true, label: '合作伙伴' },
      ],
    });
    expect(r.errors).to.deep.equal([]);
    expect(ids(r)).to.deep.equal([...DEFAULT_CATEGORY_IDS, 'partners']);
    const analytics = r.config.categories.find((c) => c.id === 'analytics')!;
    expect(analytics.label).to.deep.equal({ en: 'Stats' });
    expect(analytics.services[0].category).to.equal('analytics');
    const [name, regexp] = analytics.services[0].cookies;
    expect(name).to.equal('HMACCOUNT');
    expect(regexp).to.be.instanceOf(RegExp);
    expect((regexp as RegExp).test('Hm_lvt_123')).to.equal(true);
    expect((regexp as RegExp).test('Hm_lvt_123'), 'no stateful g flag').to.equal(true);
    expect(r.config.categories.find((c) => c.id === 'partners')!.separate).to.equal(true);
  });

  it('a cross-border service always needs separate consent', () => {
    const r = resolveConfig({ categories: [{ id: 'analytics', services: [{ id: 'ga4', name: 'GA4', crossBorder: { recipient: 'Google LLC', country: 'US' } }] }] });
    expect(r.errors).to.deep.equal([]);
    expect(r.config.categories.find((c) => c.id === 'analytics')!.services[0].separate).to.equal(true);
  });

  it('a service names its vendor\'s contact and the personal information it processes (PIPL Art. 17)', () => {
    const r = resolveConfig({ categories: [{ id: 'analytics', services: [{
      id: 'ga4', name: 'GA4', vendor: 'Google LLC', contact: 'privacy@example.com',
      dataTypes: { 'zh-CN': '设备标识符', en: 'device identifiers' },
    }, { id: 'plain', name: 'Plain' }] }] });
    expect(r.errors).to.deep.equal([]);
    expect(r.warnings, 'both keys known').to.equal(undefined);
    const [ga4, plain] = r.config.categories.find((c) => c.id === 'analytics')!.services;
    expect([ga4.contact, ga4.dataTypes]).to.deep.equal(['privacy@example.com', { 'zh-CN': '设备标识符', en: 'device identifiers' }]);
    expect('contact' in plain || 'dataTypes' in plain, 'absent when not given').to.equal(false);
  });

  it('storage: localStorage keys or "/regex/"; sessionStorage keys or "/regex/"; IndexedDB database names', () => {
    const r = resolveConfig({ categories: [{ id: 'analytics', services: [{
      id: 'amp', name: 'Amplitude', storage: ['AMP_unsent_k', '/^AMP_/'], sessionStorage: ['s1', /^sp_/], indexedDB: ['amp-db'],
    }, { id: 'old', name: 'Old' }] }] });
    expect(r.errors).to.deep.equal([]);
    const [amp, old] = r.config.categories.find((c) => c.id === 'analytics')!.services;
    expect(amp.storage[0]).to.equal('AMP_unsent_k');
    expect(String(amp.storage[1])).to.equal('/^AMP_/');
    expect(amp.sessionStorage[0]).to.equal('s1');
    expect(amp.sessionStorage[1]).to.be.instanceOf(RegExp);
    expect(amp.indexedDB).to.deep.equal(['amp-db']);
    expect([old.storage, old.sessionStorage, old.indexedDB]).to.deep.equal([[], [], []]);
  });

  it('cookies: an entry may be { name, maxAgeDays }; the names stay in cookies, the lifetimes go beside them', () => {
    const ga = /^_ga_/;
    const r = resolveConfig({ categories: [{ id: 'analytics', services: [{
      id: 'ga4', name: 'GA4',
      cookies: ['_gid', { name: '_ga', maxAgeDays: 395 }, { name: '/^_gac_/i' }, { name: ga, maxAgeDays: 730 }, { name: 'sid', maxAgeDays: 0 }, { name: '_hjAbs', maxAgeDays: 0.5 }],
    }] }] });
    expect(r.errors).to.deep.equal([]);
    expect(r.warnings).to.equal(undefined);
    const [service] = r.config.categories.find((c) => c.id === 'analytics')!.services;
    // what the withdrawal cleaner and the sweep read: names and RegExps, as before
    expect(service.cookies.map(String)).to.deep.equal(['_gid', '_ga', '/^_gac_/i', '/^_ga_/', 'sid', '_hjAbs']);
    expect(service.cookies[2]).to.be.instanceOf(RegExp);
    expect(service.cookieLifetimes?.map((l) => [String(l.name), l.maxAgeDays])).to.deep.equal([['_ga', 395], ['/^_ga_/', 730], ['sid', 0], ['_hjAbs', 0.5]]);
    // the same values as in cookies, so a lifetime is found by its entry
    expect(service.cookieLifetimes?.[1]?.name).to.equal(service.cookies[3]);
    expect(service.cookieLifetimes?.[1]?.name).to.equal(ga);
    // strings only: no lifetimes
    const plain = resolveConfig({ categories: [{ id: 'x', services: [{ id: 's', name: 'n', cookies: ['a', '/^b/'] }] }] });
    expect(plain.config.categories.at(-1)?.services[0]?.cookieLifetimes).to.deep.equal([]);
  });

  it('cookie objects: a bad name or maxAgeDays rejects the config with its path; a typo is warned about; storage and hosts take no objects', () => {
    const at = 'config.categories[0].services[0]';
    const cases: [unknown, RegExp][] = [
      [{ maxAgeDays: 30 }, /^config\.categories\[0\]\.services\[0\]\.cookies\[0\]\.name: missing: a non-empty string/],
      [{ name: '', maxAgeDays: 30 }, /cookies\[0\]\.name: expected a non-empty string/],
      [{ name: '/[/' }, /cookies\[0\]\.name: "\/\[\/" is not a valid RegExp/],
      [{ name: '/(a+)+$/' }, /cookies\[0\]\.name: service "s": "\/\(a\+\)\+\$\/" is refused: a repeated group/],
      [{ name: 'a', maxAgeDays: -1 }, /cookies\[0\]\.maxAgeDays: expected a number of days from 0 to 3650, got number -1$/],
      [{ name: 'a', maxAgeDays: 3651 }, /cookies\[0\]\.maxAgeDays: expected .*, got number 3651$/],
      [{ name: 'a', maxAgeDays: '395' }, /cookies\[0\]\.maxAgeDays: expected .*, got "395"$/],
      [{ name: 'a', maxAgeDays: Number.NaN }, /cookies\[0\]\.maxAgeDays: expected/],
      [{ name: 'a', maxAgeDays: Infinity }, /cookies\[0\]\.maxAgeDays: expected/],
      [{ name: 'a', maxAgeDays: null }, /cookies\[0\]\.maxAgeDays: expected .*, got null$/],
      [[{ name: 'a' }], /cookies\[0\]: expected a non-empty string .*, got an array$/],
    ];
    for (const [entry, message] of cases) {
      const r = resolveConfig({ categories: [{ id: 'x', services: [{ id: 's', name: 'n', cookies: [entry] }] }] });
      expect(r.errors.join('\n'), JSON.stringify(entry)).to.match(message);
      expect(r.errors.join('\n')).to.include(at);
      expect(r.config.categories.every((c) => c.services.length === 0), 'the defaults, never half of it').to.equal(true);
    }
    const typo = resolveConfig({ categories: [{ id: 'x', services: [{ id: 's', name: 'n', cookies: [{ name: '_ga', maxAge: 395 }] }] }] });
    expect(typo.errors).to.deep.equal([]);
    expect(typo.warnings).to.deep.equal([`${at}.cookies[0].maxAge: unknown key, ignored (known: name, maxAgeDays)`]);
    expect(typo.config.categories.at(-1)?.services[0]?.cookieLifetimes).to.deep.equal([]);
    for (const key of ['storage', 'sessionStorage', 'hosts']) {
      const r = resolveConfig({ categories: [{ id: 'x', services: [{ id: 's', name: 'n', [key]: [{ name: 'a', maxAgeDays: 1 }] }] }] });
      expect(r.errors.join(), key).to.match(new RegExp(`${key}\\[0\\]: expected a non-empty string .*, got an object`));
    }
  });

  it('necessary stays locked even when the config names it', () => {
    const r = resolveConfig({ categories: [{ id: 'necessary', label: 'Needed' }] });
    expect(r.errors).to.deep.equal([]);
    expect(r.config.categories[0].locked).to.equal(true);
  });

  const broken: [string, unknown, RegExp][] = [
    ['not an object', 42, /config: expected an object/],
    ['categories not an array', { categories: {} }, /config\.categories: expected an array/],
    ['bad id', { categories: [{ id: 'a b' }] }, /config\.categories\[0\]\.id/],
    ['duplicate id', { categories: [{ id: 'x' }, { id: 'x' }] }, /used twice/],
    ['service id equal to a category id', { categories: [{ id: 'x', services: [{ id: 'analytics', name: 'n' }] }, { id: 'analytics' }] }, /used twice/],
    ['service without name', { categories: [{ id: 'x', services: [{ id: 's' }] }] }, /^config\.categories\[0\]\.services\[0\]\.name: missing: a non-empty string of at most 4000 characters is required$/],
    ['crossBorder with recipient undefined', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', crossBorder: { recipient: undefined } }] }] }, /recipient: missing: /],
    ['id undefined', { categories: [{ id: undefined }] }, /config\.categories\[0\]\.id: expected an id .*, got undefined$/],
    ['bad RegExp', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', cookies: ['/[/'] }] }] }, /not a valid RegExp/],
    ['storage not a list', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', storage: 'AMP_k' }] }] }, /services\[0\]\.storage: expected an array, got "AMP_k"/],
    ['bad sessionStorage RegExp', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', sessionStorage: ['/(/'] }] }] }, /sessionStorage\[0\]: "\/\(\/" is not a valid RegExp/],
    ['a RegExp for an IndexedDB name', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', indexedDB: [/db/] }] }] }, /indexedDB\[0\]: expected a non-empty string .*, got the RegExp \/db\//],
    ['label of wrong type', { categories: [{ id: 'x', label: 5 }] }, /label/],
    ['unknown language', { categories: [{ id: 'x', label: { fr: 'x' } }] }, /unknown language/],
    ['huge string', { categories: [{ id: 'x', label: 'x'.repeat(100_000) }] }, /at most 4000/],
    ['separate necessary', { categories: [{ id: 'necessary', separate: true }] }, /cannot need separate/],
    ['crossBorder without recipient', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', crossBorder: {} }] }] }, /recipient/],
    ['texts of wrong shape', { texts: { en: 'x' } }, /config\.texts\.en/],
    ['contact of wrong type', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', contact: 5 }] }] }, /services\[0\]\.contact: expected a non-empty string/],
    ['dataTypes in an unknown language', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', dataTypes: { fr: 'x' } }] }] }, /services\[0\]\.dataTypes.*unknown language/],
  ];
  for (const [name, input, message] of broken) {
    it(`rejects the whole config on ${name}, with a clear error and the defaults`, () => {
      const r = resolveConfig(input);
      expect(r.errors.join('\n')).to.match(message).and.not.match(/undefined undefined/);
      expect(ids(r)).to.deep.equal([...DEFAULT_CATEGORY_IDS]);
      expect(r.config.categories.every((c) => c.services.length === 0)).to.equal(true);
    });
  }

  for (const pattern of ['/(a+)+$/', /(a*)*b/, '/^(_x|_x)*$/', '/(?:[a-z]+_)+$/i', `/${'a'.repeat(201)}/`]) {
    it(`refuses the catastrophic or overlong pattern ${String(pattern).slice(0, 30)}, naming the service and the pattern`, () => {
      const r = resolveConfig({ categories: [{ id: 'analytics', services: [{ id: 'slow', name: 'n', cookies: ['_ok', pattern] }] }] });
      expect(r.errors.join('\n')).to.match(/^config\.categories\[0\]\.services\[0\]\.cookies\[1\]: service "slow": "\/.*" is refused: (a repeated group holds a repeat|it is longer than 200)/);
      expect(r.config.categories.every((c) => c.services.length === 0)).to.equal(true, 'the defaults, never half of it');
    });
  }

  it('refuses one in hosts too; keeps plain patterns such as /^_ga_/ and /^_hm(lvt|lpvt)_[0-9a-f]+$/', () => {
    expect(resolveConfig({ categories: [{ id: 'x', services: [{ id: 's', name: 'n', hosts: ['/^(a|b)+\\.example$/'] }] }] }).errors.join()).to.match(/service "s".*is refused/);
    const r = resolveConfig({ categories: [{ id: 'x', services: [{ id: 's', name: 'n', cookies: ['/^_ga_/', /^_hm(lvt|lpvt)_[0-9a-f]+$/, '/^(?:www\\.)?ab?c{2}$/'] }] }] });
    expect(r.errors).to.deep.equal([]);
    expect(r.config.categories.find((c) => c.id === 'x')?.services[0]?.cookies.map(String)).to.deep.equal(['/^_ga_/', '/^_hm(lvt|lpvt)_[0-9a-f]+$/', '/^(?:www\\.)?ab?c{2}$/']);
  });

  it('never half-applies: one bad service drops the good categories too', () => {
    const r = resolveConfig({ categories: [{ id: 'good' }, { id: 'bad', services: [{ id: 's' }] }] });
    expect(r.errors.length).to.be.greaterThan(0);
    expect(ids(r)).to.not.include('good');
  });

  it('keeps HTML in texts as plain strings (rendering is text-only)', () => {
    const r = resolveConfig({ categories: [{ id: 'x', label: '<img src=x onerror=alert(1)>' }] });
    expect(r.errors).to.deep.equal([]);
    expect(r.config.categories.at(-1)!.label).to.equal('<img src=x onerror=alert(1)>');
  });

  it('refuses a text of spaces only: it would leave a button or a switch without a name', () => {
    for (const [input, error] of [
      [{ texts: { 'zh-CN': { acceptAll: '   ' } } }, 'config.texts.zh-CN.acceptAll: blank'],
      [{ categories: [{ id: 'x', label: ' \n ' }] }, 'config.categories[0].label: blank'],
      [{ categories: [{ id: 'x', label: { en: '\t' } }] }, 'config.categories[0].label.en: blank'],
    ] as const) {
      const r = resolveConfig(input);
      expect(r.errors.join('\n'), JSON.stringify(input)).to.contain(error);
      expect(r.config.texts).to.deep.equal({});
    }
    expect(resolveConfig({ texts: { en: { acceptAll: ' OK ' } } }).errors).to.deep.equal([]);
  });

  it('warns about unknown keys (a typo) and applies the rest', () => {
    const r = resolveConfig({ categoriez: [], categories: [{ id: 'x', lable: 'X', services: [{ id: 's', name: 'n', cookie: ['a'], crossBorder: { recipient: 'r', contry: 'US' } }] }] });
    expect(r.errors).to.deep.equal([]);
    expect(r.warnings).to.deep.equal([
      'config.categoriez: unknown key, ignored (known: categories, texts, defaults, siblings)',
      'config.categories[0].lable: unknown key, ignored (known: id, label, description, separate, services)',
      'config.categories[0].services[0].cookie: unknown key, ignored (known: id, name, vendor, contact, purpose, dataTypes, cookies, storage, sessionStorage, indexedDB, hosts, separate, crossBorder)',
      'config.categories[0].services[0].crossBorder.contry: unknown key, ignored (known: recipient, country, purpose)',
    ]);
    expect(ids(r)).to.include('x');
    expect(resolveConfig({ categories: [] }).warnings).to.equal(undefined);
    // texts are looked up by the language shown: another key would never be
    const texts = resolveConfig({ texts: { fr: { acceptAll: 'OK' }, 'en-US': { acceptAll: 'OK' }, en: { acceptAll: 'OK' } } });
    expect(texts.errors).to.deep.equal([]);
    expect(texts.warnings).to.deep.equal([
      'config.texts.fr: unknown language, ignored (known: zh-CN, zh-TW, en)',
      'config.texts.en-US: unknown language, ignored (known: zh-CN, zh-TW, en)',
    ]);
    expect(texts.config.texts).to.deep.equal({ en: { acceptAll: 'OK' } });
  });

  it('reports JSON syntax errors', () => {
    const r = parseConfigJson('{ "categories": [ }');
    expect(r.errors[0]).to.match(/^config JSON:/);
    expect(ids(r)).to.deep.equal([...DEFAULT_CATEGORY_IDS]);
  });

  it('reports a JSON null (a template\'s missing value) as it reports any other non-object: only the property\'s null means no config', () => {
    for (const text of ['null', ' null\n', 'true', '[]']) {
      const r = parseConfigJson(text);
      expect(r.errors, text).to.have.length(1);
      expect(r.errors[0], text).to.match(/^config: expected an object, got /);
      expect(ids(r)).to.deep.equal([...DEFAULT_CATEGORY_IDS]);
    }
    expect(resolveConfig(null).errors).to.deep.equal([]);
  });

  it('reads a config saved with a byte-order mark (an editor\'s UTF-8 BOM, pasted or included into the page)', () => {
    // after the script tag's line break, where an included file's BOM lands
    const r = parseConfigJson('\n\uFEFF{ "categories": [{ "id": "video", "services": [] }] }\n');
    expect(r.errors).to.deep.equal([]);
    expect(ids(r)).to.include('video');
    // only at the start, where an editor puts it: inside, it is the JSON error it is
    expect(parseConfigJson('{ "categories": \uFEFF[] }').errors[0]).to.match(/^config JSON:/);
  });

  it('never throws on hostile values', () => {
    const hostile: unknown[] = [Symbol('x'), 10n, () => 1, new Date(), [null], { categories: [Symbol('s')] },
      { categories: [{ id: 'x', services: [null, 1, 'a'] }] }, Object.create(null) as unknown];
    for (const value of hostile) expect(() => resolveConfig(value)).to.not.throw();
  });
});
