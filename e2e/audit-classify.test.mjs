// The audit's classification of what a page stored, without a browser: the snapshot a scenario records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyPage, findingsFor, siteConfig, suggestConfig } from '../node/audit/classify.mjs';

const page = (cookies) => ({
  url: 'https://www.migu.cn/', finalUrl: 'https://www.migu.cn/',
  scenarios: [{ requests: [], storage: [], indexedDB: [], cookies: cookies.map((name) => ({ name, domain: 'www.migu.cn' })) }],
});

test('the consent cookie and the pending first-banner choice are migu-consent\'s own; another name is undeclared', () => {
  for (const cookieName of [undefined, 'site_consent']) {
    const config = siteConfig({ element: true, attributes: cookieName ? { 'cookie-name': cookieName } : {} });
    const own = cookieName ?? 'migu_consent';
    const p = page([own, `${own}_pending`, `${own}_other`]);
    classifyPage(p, config);
    assert.deepEqual(p.scenarios[0].cookies.map((c) => [c.name, c.class]), [
      [own, 'necessary'], [`${own}_pending`, 'necessary'], [`${own}_other`, 'undeclared'],
    ]);
  }
});

test('migu-consent\'s own storage keys are necessary, under the page\'s cookie-name; another key is not', () => {
  const config = siteConfig({ element: true, attributes: { 'cookie-name': 'site_consent' } });
  const keys = ['site_consent.receipts', 'site_consent.early', 'site_consent.handoffs', 'site_consent.cookies', 'site_consent.app', 'migu_consent.cookies'];
  const p = { ...page([]), scenarios: [{ requests: [], indexedDB: [], cookies: [], storage: [
    ...keys.map((key) => ({ area: 'local', key })),
    // the first banner's choice on its way (docs probe F1: an undeclared-storage warning on every script-tag page)
    { area: 'session', key: 'site_consent_pending' }, { area: 'session', key: 'migu_consent_pending' },
  ] }] };
  classifyPage(p, config);
  assert.deepEqual(p.scenarios[0].storage.map((i) => [i.key, i.class === 'necessary' && i.via === 'migu-consent']), [
    ['site_consent.receipts', true], ['site_consent.early', true], ['site_consent.handoffs', true],
    ['site_consent.cookies', true], ['site_consent.app', true], ['migu_consent.cookies', false],
    ['site_consent_pending', true], ['migu_consent_pending', false],
  ]);
});

test('--suggest-config keeps a host the config declares with its service, also when gated markup from it names no service', () => {
  const config = siteConfig({ element: true, config: JSON.stringify({ categories: [
    { id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['stats.example'] }] },
  ] }) });
  const p = {
    ...page([]),
    gated: [{ tag: 'script', categories: ['analytics'], urls: ['https://stats.example/s.js'] }],
    scenarios: [{ indexedDB: [], cookies: [], storage: [], requests: [
      { url: 'https://stats.example/s.js', type: 'script' },
      { url: 'https://stats.example/beacon', type: 'ping' },
    ] }],
  };
  classifyPage(p, config);
  assert.deepEqual(p.scenarios[0].requests.map((r) => [r.class, r.category, r.service]), [['declared', 'analytics', 'stats'], ['declared', 'analytics', 'stats']]);
  const suggested = suggestConfig(p, config);
  assert.deepEqual(suggested.categories, [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['stats.example'] }] }]);
});

test('expires-days over 13 months is a lifetime warning; 395 days and the default are not', () => {
  const lifetime = (attributes) => {
    const config = siteConfig({ element: true, attributes });
    const p = { ...page([]), scenarios: [{ scenario: 'first-visit', phases: [{ name: 'no-choice' }], requests: [], storage: [], indexedDB: [], cookies: [] }] };
    classifyPage(p, config);
    return findingsFor(p, config).filter((f) => f.rule === 'lifetime').map((f) => [f.severity, f.name, f.message]);
  };
  assert.deepEqual(lifetime({}), []);
  assert.deepEqual(lifetime({ 'expires-days': '395' }), []);
  assert.deepEqual(lifetime({ 'expires-days': '730' }), [[
    'warning', 'expires-days',
    'expires-days="730" asks a visitor again only after 730 days: the CNIL\'s guideline is 13 months (395 days) at most',
  ]]);
});

test('sessionStorage keys and IndexedDB databases a service declares are declared, each in its own area (docs probe F2)', () => {
  const config = siteConfig({ element: true, config: JSON.stringify({ categories: [
    { id: 'analytics', services: [{ id: 'stats', name: 'Stats', storage: ['st_local'], sessionStorage: ['/^st_tab/'], indexedDB: ['st_db'] }] },
  ] }) });
  const at = { phase: 'after-accept', t: 1 };
  const p = { ...page([]), scenarios: [{
    scenario: 'accept', phases: [{ name: 'no-choice' }, { name: 'after-accept' }], requests: [], cookies: [],
    storage: [
      { area: 'local', key: 'st_local', origin: 'https://www.migu.cn', firstSeen: at, writes: [], setBy: {} },
      { area: 'session', key: 'st_tab_1', origin: 'https://www.migu.cn', firstSeen: at, writes: [], setBy: {} },
      // a localStorage key is not declared by a sessionStorage entry, nor the other way round
      { area: 'local', key: 'st_tab_2', origin: 'https://www.migu.cn', firstSeen: at, writes: [], setBy: {} },
      { area: 'session', key: 'st_local', origin: 'https://www.migu.cn', firstSeen: at, writes: [], setBy: {} },
    ],
    indexedDB: [
      { name: 'st_db', origin: 'https://www.migu.cn', firstSeen: at },
      { name: 'other_db', origin: 'https://www.migu.cn', firstSeen: at },
    ],
  }] };
  classifyPage(p, config);
  const [s] = p.scenarios;
  assert.deepEqual(s.storage.map((i) => [i.area, i.key, i.class, i.service]), [
    ['local', 'st_local', 'declared', 'stats'], ['session', 'st_tab_1', 'declared', 'stats'],
    ['local', 'st_tab_2', 'undeclared', undefined], ['session', 'st_local', 'undeclared', undefined],
  ]);
  assert.deepEqual(s.indexedDB.map((db) => [db.name, db.class, db.service]), [['st_db', 'declared', 'stats'], ['other_db', 'undeclared', undefined]]);
  const undeclared = findingsFor(p, config).filter((f) => f.rule === 'undeclared-storage').map((f) => f.message);
  assert.deepEqual(undeclared, [
    'IndexedDB database other_db (https://www.migu.cn) is not declared by any service (`indexedDB`)',
    'sessionStorage key st_local (https://www.migu.cn) is not declared by any service',
    'localStorage key st_tab_2 (https://www.migu.cn) is not declared by any service',
  ]);
});
