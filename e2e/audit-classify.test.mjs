// The audit's classification of what a page stored, without a browser: the snapshot a scenario records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { classifyPage, configJson, findingsFor, siteConfig, suggestConfig } from '../node/audit/classify.mjs';

/** migu-consent's own validator of a site config (src/core/config.ts), from the source: what a page does with the config. */
const resolveConfig = build({
  entryPoints: [new URL('../src/core/config.ts', import.meta.url).pathname], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent',
}).then(async (out) => (await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`)).resolveConfig);

/** A suggested config, through JSON as the terminal prints it, with what the validator says of it. */
async function validated(suggested) {
  const config = JSON.parse(configJson(suggested.config));
  const { errors, warnings = [] } = (await resolveConfig)(config);
  return { config, errors, warnings };
}

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
  assert.deepEqual(suggested.config.categories, [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['stats.example'] }] }]);
});

test('--suggest-config: a config the validator accepts; each host in one service, the one that holds it best, none covering another\'s; names it cannot hold as strings made patterns', async () => {
  const config = siteConfig({ element: true, config: JSON.stringify({ categories: [
    { id: 'functional', services: [{ id: 'video', name: 'Video', hosts: ['player.vendor.example', 'media.example'] }] },
    { id: 'analytics', services: [{ id: 'stats-example', name: 'Stats', cookies: ['st_id'] }] },
    { id: 'media', separate: true, services: [{ id: 'tv', name: 'TV', separate: true, hosts: ['tv.example'] }] },
  ] }) });
  const at = { phase: 'after-accept', t: 1 };
  const page$ = 'https://www.migu.cn/';
  const cookie = (name, setBy, extra = {}) => ({ name, domain: 'www.migu.cn', setBy: { kind: 'script', url: setBy }, presentAt: ['loaded'], lifetimeDays: 2.5, writes: [], firstSeen: at, ...extra });
  const p = {
    ...page([]),
    gated: [
      { tag: 'script', categories: ['functional'], service: 'video', urls: ['https://player.vendor.example/p.js'] },
      { tag: 'img', categories: ['marketing'], urls: ['https://t.vendor.example/px.gif', 'https://vendor.example/px.gif', 'https://stats.example/px.gif'] },
      { tag: 'img', categories: ['analytics'], urls: ['https://t.vendor.example/a.gif'] },
      { tag: 'img', categories: ['marketing'], urls: ['https://media.example/ad.gif'] },
      // markup naming a service's id as its category: no category of the page's, nor one a new service can take
      { tag: 'img', categories: ['tv'], urls: ['https://odd.example/a.gif'] },
    ],
    scenarios: [{
      scenario: 'accept', phases: [{ name: 'before' }, { name: 'after-accept' }],
      requests: [
        { url: 'https://player.vendor.example/p.js', type: 'script', phase: 'after-accept' },
        // the video player's own request to the vendor's tracking host, which the marketing markup requests itself
        { url: 'https://t.vendor.example/v.gif', type: 'image', phase: 'after-accept', initiator: { url: 'https://player.vendor.example/p.js' } },
        { url: 'https://t.vendor.example/px.gif', type: 'image', phase: 'after-accept' },
        { url: 'https://t.vendor.example/a.gif', type: 'image', phase: 'after-accept' },
        // the vendor's apex, under marketing: it must not gate t. (marketing) nor player. (video)
        { url: 'https://vendor.example/px.gif', type: 'image', phase: 'after-accept' },
        // an undeclared host whose name is a category's id, and one whose slug is a declared service's id
        { url: 'https://analytics/collect', type: 'beacon', phase: 'before' },
        { url: 'https://stats.example/px.gif', type: 'image', phase: 'after-accept' },
        { url: 'https://tv.example/live', type: 'fetch', phase: 'after-accept' },
        // a host the page's config gives video, also requested by marketing markup that names no service
        { url: 'https://media.example/ad.gif', type: 'image', phase: 'after-accept' },
        { url: 'https://media.example/clip.mp4', type: 'media', phase: 'after-accept' },
        { url: 'https://odd.example/a.gif', type: 'image', phase: 'after-accept' },
      ],
      cookies: [cookie('st_id', page$), cookie('', page$), cookie('/^x/', page$), cookie('sess', page$, { lifetimeDays: undefined })],
      storage: [
        { area: 'local', key: 'pl_state', origin: 'https://www.migu.cn', setBy: { url: 'https://player.vendor.example/p.js' }, writes: [], firstSeen: at },
        { area: 'session', key: 'pl_tab', origin: 'https://www.migu.cn', setBy: { url: 'https://player.vendor.example/p.js' }, writes: [], firstSeen: at },
        { area: 'local', key: `k${'x'.repeat(4000)}`, origin: 'https://www.migu.cn', setBy: { url: page$ }, writes: [], firstSeen: at },
        { area: 'local', key: '</script><!--', origin: 'https://www.migu.cn', setBy: { url: page$ }, writes: [], firstSeen: at },
      ],
      indexedDB: [{ name: '/db/', origin: 'https://www.migu.cn', firstSeen: at }],
    }],
  };
  classifyPage(p, config);
  const suggested = suggestConfig(p, config);
  const { config: out, errors, warnings } = await validated(suggested);
  assert.deepEqual({ errors, warnings }, { errors: [], warnings: [] }, JSON.stringify(out, null, 1));
  assert.doesNotMatch(configJson(suggested.config), /<\/script|<!--/);

  const services = Object.fromEntries(out.categories.flatMap((c) => c.services.map((s) => [s.id, { category: c.id, ...s }])));
  const hostsOf = (id) => services[id]?.hosts;
  // the video service keeps its own host; the tracking host its player also requested stays with the service
  // whose markup requested it (one, under the last of its categories)
  assert.deepEqual(hostsOf('video'), ['media.example', 'player.vendor.example']);
  assert.equal(services['media-example'], undefined);
  assert.deepEqual([services['t-vendor-example']?.category, hostsOf('t-vendor-example')], ['marketing', ['t.vendor.example']]);
  // the apex is matched exactly: as "vendor.example" it would gate t. and player. too
  assert.deepEqual(hostsOf('vendor-example'), ['/^vendor\\.example$/']);
  // ids taken by a category and by a declared service are numbered
  assert.deepEqual([hostsOf('analytics-2'), services['analytics-2']?.category], [['analytics'], 'marketing']);
  assert.deepEqual([hostsOf('stats-example-2'), services['stats-example-2']?.category], [['stats.example'], 'marketing']);
  assert.deepEqual([hostsOf('odd-example'), services['odd-example']?.category], [['odd.example'], 'marketing']);
  // a separate category and service stay separate
  assert.deepEqual([out.categories.find((c) => c.id === 'media')?.separate, services.tv?.separate, hostsOf('tv')], [true, true, ['tv.example']]);
  // storage by area, from the script that wrote it; names a string cannot hold become exact patterns, and one too long is left out
  assert.deepEqual([services.video.storage, services.video.sessionStorage], [['pl_state'], ['pl_tab']]);
  const own = services['www-migu-cn'];
  assert.deepEqual(own?.cookies, [{ name: '/^$/', maxAgeDays: 3 }, { name: '/^\\/\\^x\\/$/', maxAgeDays: 3 }, { name: 'sess', maxAgeDays: 0 }]);
  assert.deepEqual([own?.storage, own?.indexedDB, own?.category], [['</script><!--'], ['/db/'], 'marketing']);
  assert.deepEqual(services['stats-example']?.cookies, [{ name: 'st_id', maxAgeDays: 3 }]);
  // each host in one service, none covering another's (the guard gates a host's subdomains too)
  const hosts = out.categories.flatMap((c) => c.services.flatMap((s) => (s.hosts ?? []).map((h) => [s.id, h])));
  const covers = (a, b) => (a.startsWith('/') ? new RegExp(a.slice(1, -1)).test(b) : b === a || b.endsWith(`.${a}`));
  for (const [sa, a] of hosts) for (const [sb, b] of hosts) if (sa !== sb) assert.ok(!covers(a, b.replace(/^\/\^|\$\/$|\\/g, '')), `${sa} ${a} covers ${sb} ${b}`);
  // what a person decides is said
  const notes = suggested.notes.join('\n');
  assert.match(notes, /t-vendor-example \(t\.vendor\.example\) is under marketing, the last of the categories it was seen under \(analytics, marketing\)/);
  assert.match(notes, /t\.vendor\.example is in t-vendor-example only \(it requested it itself\); video requested it too: its requests to it wait for t-vendor-example to be granted as well/);
  assert.match(notes, /www-migu-cn \(www\.migu\.cn\) is under marketing: nothing seen tells its purpose; move it to functional, analytics, personalization, media or necessary/);
  assert.match(notes, /vendor-example lists \/\^vendor\\\.example\$\/ rather than vendor\.example/);
  assert.match(notes, /share the site vendor\.example/);
  assert.match(notes, /media\.example is in video only \(the page's config declares it there\); media-example requested it too/);
  assert.match(notes, /media-example \(media\.example\) is left out: what was seen of it is in another service/);
  assert.match(notes, /www-migu-cn: storage "kxxx[^"]*" is left out: a config cannot name it/);
});

test('--suggest-config without a config: the default categories, each host in the service named after it', async () => {
  const p = { ...page([]), scenarios: [{ scenario: 'first-visit', phases: [{ name: 'no-choice' }], storage: [], indexedDB: [], cookies: [], requests: [
    { url: 'https://a.cdn.example/x.js', type: 'script', phase: 'no-choice' },
    { url: 'https://b.cdn.example/y.js', type: 'script', phase: 'no-choice' },
  ] }] };
  const config = siteConfig(undefined);
  classifyPage(p, config);
  const suggested = suggestConfig(p, config);
  const { config: out, errors, warnings } = await validated(suggested);
  assert.deepEqual({ errors, warnings }, { errors: [], warnings: [] });
  assert.deepEqual(out, { categories: [{ id: 'marketing', services: [
    { id: 'a-cdn-example', name: 'a.cdn.example', hosts: ['a.cdn.example'] },
    { id: 'b-cdn-example', name: 'b.cdn.example', hosts: ['b.cdn.example'] },
  ] }] });
  assert.match(suggested.notes.join('\n'), /share the site cdn\.example/);
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
