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
    ['label of wrong type', { categories: [{ id: 'x', label: 5 }] }, /label/],
    ['unknown language', { categories: [{ id: 'x', label: { fr: 'x' } }] }, /unknown language/],
    ['huge string', { categories: [{ id: 'x', label: 'x'.repeat(100_000) }] }, /at most 4000/],
    ['separate necessary', { categories: [{ id: 'necessary', separate: true }] }, /cannot need separate/],
    ['crossBorder without recipient', { categories: [{ id: 'x', services: [{ id: 's', name: 'n', crossBorder: {} }] }] }, /recipient/],
    ['texts of wrong shape', { texts: { en: 'x' } }, /config\.texts\.en/],
  ];
  for (const [name, input, message] of broken) {
    it(`rejects the whole config on ${name}, with a clear error and the defaults`, () => {
      const r = resolveConfig(input);
      expect(r.errors.join('\n')).to.match(message).and.not.match(/undefined undefined/);
      expect(ids(r)).to.deep.equal([...DEFAULT_CATEGORY_IDS]);
      expect(r.config.categories.every((c) => c.services.length === 0)).to.equal(true);
    });
  }

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

  it('warns about unknown keys (a typo) and applies the rest', () => {
    const r = resolveConfig({ categoriez: [], categories: [{ id: 'x', lable: 'X', services: [{ id: 's', name: 'n', cookie: ['a'], crossBorder: { recipient: 'r', contry: 'US' } }] }] });
    expect(r.errors).to.deep.equal([]);
    expect(r.warnings).to.deep.equal([
      'config.categoriez: unknown key, ignored (known: categories, texts)',
      'config.categories[0].lable: unknown key, ignored (known: id, label, description, separate, services)',
      'config.categories[0].services[0].cookie: unknown key, ignored (known: id, name, vendor, purpose, cookies, storage, hosts, separate, crossBorder)',
      'config.categories[0].services[0].crossBorder.contry: unknown key, ignored (known: recipient, country, purpose)',
    ]);
    expect(ids(r)).to.include('x');
    expect(resolveConfig({ categories: [] }).warnings).to.equal(undefined);
  });

  it('reports JSON syntax errors', () => {
    const r = parseConfigJson('{ "categories": [ }');
    expect(r.errors[0]).to.match(/^config JSON:/);
    expect(ids(r)).to.deep.equal([...DEFAULT_CATEGORY_IDS]);
  });

  it('never throws on hostile values', () => {
    const hostile: unknown[] = [Symbol('x'), 10n, () => 1, new Date(), [null], { categories: [Symbol('s')] },
      { categories: [{ id: 'x', services: [null, 1, 'a'] }] }, Object.create(null) as unknown];
    for (const value of hostile) expect(() => resolveConfig(value)).to.not.throw();
  });
});
