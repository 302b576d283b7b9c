// Hostile input and hostile environments: broken configs, garbage consent cookies,
// script URLs as attributes, storage that throws. In every case: no page error,
// nothing non-necessary granted, and a clear console error where the site is at fault.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, prng, startHarness } from './support.mjs';

const DEFAULTS = ['necessary', 'functional', 'analytics', 'personalization', 'marketing'];
const HTML = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const j = (value) => JSON.stringify(value);
const cat = (extra) => j({ categories: [{ id: 'video', ...extra }] });
const svc = (extra) => cat({ services: [{ id: 'yt', name: 'YouTube', ...extra }] });

/** Site configs (JSON text) that must be rejected as a whole. */
const BROKEN = [
  ['not JSON', '{"categories": ['],
  ['empty text', ''],
  ['HTML instead of JSON', HTML],
  ['an array', '[]'],
  ['a number', '42'],
  ['a string', '"analytics"'],
  ['true', 'true'],
  ['categories a string', j({ categories: 'analytics' })],
  ['categories an object', j({ categories: { id: 'video' } })],
  ['category null', j({ categories: [null] })],
  ['category a number', j({ categories: [1] })],
  ['category without id', j({ categories: [{ label: 'x' }] })],
  ['numeric id', j({ categories: [{ id: 5 }] })],
  ['empty id', j({ categories: [{ id: '' }] })],
  ['id with a space', j({ categories: [{ id: 'a b' }] })],
  ['id with the cookie separator', j({ categories: [{ id: 'a.b' }] })],
  ['id __proto__', j({ categories: [{ id: '__proto__' }] })],
  ['id too long', j({ categories: [{ id: 'a'.repeat(41) }] })],
  ['HTML as id', j({ categories: [{ id: '<b>x</b>' }] })],
  ['duplicate category ids', j({ categories: [{ id: 'video' }, { id: 'video' }] })],
  ['a default id twice', j({ categories: [{ id: 'analytics' }, { id: 'analytics' }] })],
  ['constructor twice', j({ categories: [{ id: 'constructor' }, { id: 'constructor' }] })],
  ['service id equal to a category id', svc({ id: 'video' })],
  ['duplicate service ids across categories', j({ categories: [{ id: 'a1', services: [{ id: 's', name: 'S' }] }, { id: 'a2', services: [{ id: 's', name: 'S' }] }] })],
  ['separate "yes"', cat({ separate: 'yes' })],
  ['necessary made separate', j({ categories: [{ id: 'necessary', separate: true }] })],
  ['services an object', cat({ services: {} })],
  ['service without name', cat({ services: [{ id: 'yt' }] })],
  ['service name a number', svc({ name: 5 })],
  ['service name HTML, too long', svc({ name: HTML + 'x'.repeat(5000) })],
  ['cookies a string', svc({ cookies: '_ga' })],
  ['cookie a number', svc({ cookies: [5] })],
  ['bad RegExp (', svc({ cookies: ['/(/'] })],
  ['bad RegExp flags (g and y are dropped, a repeated i is not)', svc({ cookies: ['/a/ii'] })],
  ['bad RegExp range', svc({ cookies: ['/[z-a]/'] })],
  ['bad RegExp quantifier', svc({ cookies: ['/+/'] })],
  ['storage a number', svc({ storage: [1] })],
  ['crossBorder a string', svc({ crossBorder: 'US' })],
  ['crossBorder without recipient', svc({ crossBorder: { country: 'US' } })],
  ['label a number', cat({ label: 5 })],
  ['label empty', cat({ label: '' })],
  ['label 5 000 characters', cat({ label: 'x'.repeat(5000) })],
  ['label a million CJK characters', cat({ label: '界'.repeat(1_000_000) })],
  ['label in an unknown language', cat({ label: { fr: 'x' } })],
  ['label in a language, but a number', cat({ label: { en: 5 } })],
  ['HTML label next to a bad value', cat({ label: HTML, description: HTML, separate: 'no' })],
  ['texts an array', j({ texts: [] })],
  ['texts a string per language', j({ texts: { en: 'x' } })],
  ['a text a number', j({ texts: { en: { acceptAll: 5 } } })],
  ['a text HTML, too long', j({ texts: { en: { acceptAll: HTML + 'x'.repeat(5000) } } })],
  ['nested 5 000 deep', `{"categories":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ['__proto__ key next to a bad value', '{"__proto__":{"polluted":true},"categories":[{"id":"video","separate":"no"}]}'],
];

/** A valid config full of markup, odd ids and RegExps: applied, rendered as text, never as HTML. */
const HOSTILE_VALID = {
  categories: [
    {
      id: 'video', label: HTML, description: { en: HTML, 'zh-CN': HTML },
      services: [{ id: 'yt', name: HTML, vendor: HTML, purpose: HTML, cookies: ['/^_yt_/i', '_yt'], storage: [HTML], crossBorder: { recipient: HTML, country: HTML } }],
    },
    { id: 'constructor', label: 'C' },
    { id: 'toString', separate: true },
    { id: 'hasOwnProperty' },
  ],
  texts: { en: { acceptAll: HTML, bannerText: HTML, prefsTitle: HTML } },
};

/** A valid config that the generator breaks in one place at a time. */
const BASE = {
  categories: [
    { id: 'video', label: { en: 'Video', 'zh-CN': '视频' }, services: [{ id: 'yt', name: 'YT', vendor: 'G', cookies: ['_yt', '/^_yt_/'], storage: ['yt'], crossBorder: { recipient: 'G', country: 'US' } }] },
    { id: 'partners', separate: true, description: 'P', services: [{ id: 'adx', name: 'AdX', purpose: { en: 'ads' } }] },
  ],
  texts: { en: { acceptAll: 'OK' } },
};
const POOL = [null, 0, -1, 1e308, true, false, '', ' ', 'x'.repeat(5000), HTML, '/(/', '/^ok$/', [], {}, [null], { id: 'video' },
  'video', 'necessary', '__proto__', '\u0000', '\ud800', [{ id: 'yt', name: 'again' }], { en: 5 }];

/** `count` mutations of BASE: one value replaced, removed or added somewhere. */
function mutatedConfigs(count, seed) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const paths = [];
  const walk = (value, path) => {
    paths.push(path);
    if (value && typeof value === 'object') for (const k of Object.keys(value)) walk(value[k], [...path, k]);
  };
  walk(BASE, []);
  const out = [];
  for (let i = 0; i < count; i++) {
    const config = structuredClone(BASE);
    const path = pick(paths.filter((p) => p.length));
    const parent = path.slice(0, -1).reduce((o, k) => o[k], config);
    const key = path.at(-1);
    const how = random();
    if (how < 0.7) parent[key] = structuredClone(pick(POOL));
    else if (how < 0.85) Reflect.deleteProperty(parent, key);
    else if (Array.isArray(parent)) parent.push(structuredClone(parent[key]));
    else parent[`${key}_${String(i)}`] = pick(POOL);
    out.push(JSON.stringify(config));
  }
  return out;
}

/** The category ids a config must give when valid: the defaults, then its new ids in order. */
function expectedKeys(text) {
  const ids = (JSON.parse(text).categories ?? []).map((c) => c.id);
  return [...DEFAULTS, ...ids.filter((id, i) => !DEFAULTS.includes(id) && ids.indexOf(id) === i)];
}

const grantedOf = (state) => [
  ...Object.entries(state.categories).filter(([id, on]) => on && id !== 'necessary').map(([id]) => id),
  ...Object.entries(state.services).filter(([, on]) => on).map(([id]) => id),
];

/** A page for one case: `<migu-consent>` with attributes and a child config script. */
function pageHtml({ attrs = '', json } = {}) {
  const config = json === undefined ? '' : `<script type="application/json">${json.replace(/<\/script/gi, '<\\/script')}</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>generated</title>
<script>window.__events = []; document.addEventListener('migu-consent-ready', (e) => window.__events.push(['ready', e.detail]));</script>
<script src="/dist/migu-consent.iife.js"></script></head>
<body><migu-consent ${attrs}>${config}</migu-consent><p>page</p></body></html>`;
}

/** In-page: every element matching `selector`, in the document and every shadow root under it. */
function deepQuery(selector) {
  const out = [];
  const walk = (root) => {
    out.push(...root.querySelectorAll(selector));
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  return out.map((el) => ({ tag: el.localName, href: el.getAttribute('href'), src: el.getAttribute('src'), text: el.textContent }));
}

const receipts = [];
let h;
before(async () => {
  h = await startHarness({
    middleware: [async (ctx, next) => {
      if (ctx.path !== '/receipts') return next();
      ctx.set('Access-Control-Allow-Origin', '*');
      if (ctx.method === 'OPTIONS') {
        ctx.set('Access-Control-Allow-Headers', 'Content-Type');
        ctx.status = 204;
        return undefined;
      }
      let body = '';
      for await (const chunk of ctx.req) body += chunk;
      receipts.push({ origin: ctx.get('origin'), body: JSON.parse(body) });
      ctx.status = 204;
      return undefined;
    }],
  });
});
after(async () => { await h?.stop(); });

/** One page reused across cases; console errors of the current case in `logged`. */
async function casePage() {
  const tracked = await newTrackedPage(h.browser);
  const logged = [];
  tracked.page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  const served = new Map();
  await tracked.context.route(`${h.base}/generated/**`, (route) => route.fulfill({
    contentType: 'text/html', body: served.get(new URL(route.request().url()).pathname) ?? 'missing',
  }));
  let n = 0;
  /** Loads a page made of `html` and waits for the runtime; returns the state. */
  const open = async (html) => {
    const path = `/generated/${String(n++)}.html`;
    served.set(path, html);
    logged.length = 0;
    await tracked.page.goto(`${h.base}${path}`);
    await tracked.page.waitForFunction(() => window.__events.some(([t]) => t === 'ready'));
    return tracked.page.evaluate(() => window.MiguConsent.get());
  };
  return { ...tracked, logged, open };
}

test('broken configs in <script type="application/json">: one clear error, the defaults, nothing granted', async () => {
  const { context, page, errors, logged, open } = await casePage();
  const generated = mutatedConfigs(15, 7).map((text, i) => [`generated #${String(i)}`, text]);
  let rejected = 0;
  for (const [name, json] of [...BROKEN, ...generated]) {
    const state = await open(pageHtml({ json })).catch((e) => { throw new Error(`${name}: ${String(e)}`); });
    const configErrors = logged.filter((m) => m.startsWith('[migu-consent:config]'));
    assert.ok(configErrors.length <= 1, `${name}: one message, not a flood`);
    const mustFail = !name.startsWith('generated');
    if (mustFail) assert.equal(configErrors.length, 1, `${name}: a [migu-consent:config] error`);
    if (configErrors.length) {
      rejected++;
      assert.match(configErrors[0], /defaults are used/, name);
      assert.ok(configErrors[0].length < 5000, `${name}: the message quotes bad values briefly`);
      assert.deepEqual(Object.keys(state.categories), DEFAULTS, `${name}: the defaults, not half of the config`);
    } else {
      assert.deepEqual(Object.keys(state.categories), expectedKeys(json), `${name}: applied whole`);
    }
    assert.equal(state.decided, false, name);
    assert.deepEqual(grantedOf(state), [], `${name}: nothing granted`);
    assert.equal(await page.evaluate(() => window.__xss), undefined, `${name}: no markup ran`);
  }
  assert.equal(await page.evaluate(() => ({}).polluted), undefined, 'no prototype pollution');
  assert.ok(rejected > BROKEN.length, 'some generated configs were rejected too');
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile values in the config property (throwing getters, proxies, cycles, functions)', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  const cases = ['getter-throws', 'proxy-throws', 'cyclic', 'function-label', 'symbol-id', 'bigint-flag', 'regexp-config',
    'array-config', 'number-config', 'throwing-toString', 'frozen-bad', 'huge-array'];
  for (const name of cases) {
    logged.length = 0;
    await page.goto(`${h.base}/e2e/fixtures/hardening-property.html?case=${name}`);
    await page.waitForFunction(() => window.__events.some(([t]) => t === 'ready'), null, { timeout: 5000 })
      .catch((e) => { throw new Error(`${name}: ${String(e)} ${errors.join(' | ')}`); });
    const state = await page.evaluate(() => window.MiguConsent.get());
    assert.deepEqual(errors, [], `${name}: no page error`);
    assert.equal(logged.filter((m) => m.startsWith('[migu-consent:config]')).length, 1, `${name}: one config error, got ${logged.join(' | ')}`);
    assert.deepEqual(Object.keys(state.categories), DEFAULTS, name);
    assert.deepEqual(grantedOf(state), [], name);
    // the API still works after a rejected config
    await page.evaluate(() => window.MiguConsent.rejectAll());
    assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), true, name);
    await context.clearCookies();
  }
  await context.close();
});

test('a valid config full of markup is applied and shown as text, never run', async () => {
  const { context, page, errors, logged, open, settle } = await casePage();
  const state = await open(pageHtml({ json: j(HOSTILE_VALID), attrs: 'lang="en"' }));
  assert.deepEqual(logged.filter((m) => m.startsWith('[migu-consent:config]')), []);
  assert.deepEqual(Object.keys(state.categories), [...DEFAULTS, 'video', 'constructor', 'toString', 'hasOwnProperty']);
  assert.deepEqual(grantedOf(state), []);
  assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('constructor')), false);
  assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('toString')), false);
  await page.evaluate(() => window.MiguConsent.showPreferences());
  await page.waitForFunction(() => {
    const find = (root) => root.querySelector('[part=preferences][open]') ?? [...root.querySelectorAll('*')].map((el) => el.shadowRoot && find(el.shadowRoot)).find(Boolean);
    return find(document);
  });
  const shown = await page.evaluate(deepQuery, 'img, script:not([src]):not([type="application/json"]), [part=preferences], [part=banner]');
  assert.ok(shown.some((el) => el.tag === 'dialog' && el.text.includes('<img src=x onerror=')), 'the markup shows as text in the dialog');
  assert.deepEqual(shown.filter((el) => el.tag === 'img'), [], 'no <img> made from config text');
  assert.ok(!shown.some((el) => el.tag === 'script' && el.text.includes('__xss')), 'no <script> made from config text');
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await settle();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  const after = await page.evaluate(() => window.MiguConsent.get());
  assert.equal(after.categories.video, true);
  assert.equal(after.categories.toString, false, 'separate: not granted by accept all');
  assert.deepEqual(errors, []);
  await context.close();
});

test('headless core: 300 generated configs, each rejected whole or applied whole, nothing granted', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/hardening-headless.html`);
  await page.waitForFunction(() => window.coreReady === true);
  const configs = [...mutatedConfigs(300, 2026), ...BROKEN.map(([, text]) => text)];
  const results = await page.evaluate((texts) => {
    const { ConsentRuntime, MemoryRecordStorage } = window.core;
    const target = document.createElement('div');
    const realError = console.error;
    let logged = 0;
    console.error = (m) => { if (String(m).startsWith('[migu-consent:config]')) logged++; };
    try {
      return texts.map((config) => {
        logged = 0;
        try {
          const runtime = new ConsentRuntime({ config, target, storage: new MemoryRecordStorage() });
          const state = runtime.store.get();
          runtime.dispose();
          return { errors: runtime.configErrors.length, logged, keys: Object.keys(state.categories), state };
        } catch (e) {
          return { threw: String(e) };
        }
      });
    } finally {
      console.error = realError;
    }
  }, configs);
  let rejected = 0;
  results.forEach((r, i) => {
    const name = i < 300 ? `generated #${String(i)} (seed 2026)` : BROKEN[i - 300][0];
    assert.equal(r.threw, undefined, name);
    assert.equal(r.state.decided, false, name);
    assert.deepEqual(grantedOf(r.state), [], name);
    if (r.errors) {
      rejected++;
      assert.equal(r.logged, 1, name);
      assert.deepEqual(r.keys, DEFAULTS, name);
    } else {
      assert.ok(i < 300, `${name} must be rejected`);
      assert.equal(r.logged, 0, name);
      assert.deepEqual(r.keys, expectedKeys(configs[i]), name);
    }
  });
  console.log(`headless configs: ${String(results.length)} checked, ${String(rejected)} rejected, ${String(results.length - rejected)} valid`);
  assert.ok(rejected > BROKEN.length && rejected < results.length, 'the generator makes both kinds');
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- consent cookies: garbage never throws and never grants ----

/** Every kind of damage to a real value, plus noise; `count` at least. */
function cookieValues(real, count, seed) {
  const random = prng(seed);
  const values = new Set();
  for (let i = 0; i < real.length; i++) values.add(real.slice(0, i)); // truncations
  for (let i = 0; i < real.length; i++) {
    for (let bit = 0; bit < 8; bit++) values.add(real.slice(0, i) + String.fromCharCode(real.charCodeAt(i) ^ (1 << bit)) + real.slice(i + 1));
  }
  for (const extra of ['.', '0', 'a', '.x', '~x', ' ', ';', '%', '%00', '\u0000', '界', '\ud800']) values.add(real + extra);
  const parts = real.split('.');
  values.add(['2', ...parts.slice(1)].join('.')); // a future version
  values.add(['0', ...parts.slice(1)].join('.'));
  values.add(parts.slice(0, -1).join('.')); // checksum cut off
  values.add([...parts.slice(0, -1), 'zzzzzz'].join('.'));
  values.add([...parts, parts.at(-1)].join('.'));
  values.add(parts.join('..'));
  values.add(real.toUpperCase());
  values.add(encodeURIComponent(real).replace(/\./g, '%2E'));
  values.add(real.replace(/~/g, '%7E'));
  for (const big of [4096, 100_000]) values.add('a'.repeat(big));
  values.add(real.repeat(100));
  values.add(`1.${'x'.repeat(5000)}`);
  for (const u of ['界界界', '😀', '\ud800', '\udfff', '\u202e', 'é', 'e\u0301', '\ufeff', '%E4%B8%AD', '%', '%%', '%zz', '%00', '%ud800', '=', '"', '\\', '\n']) {
    values.add(u);
    values.add(real.slice(0, 10) + u + real.slice(10));
  }
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz.~-_$';
  while (values.size < count) {
    const kind = random();
    const length = Math.floor(random() * 120);
    let s = '';
    for (let i = 0; i < length; i++) {
      s += kind < 0.4 ? alphabet[Math.floor(random() * alphabet.length)]
        : kind < 0.8 ? String.fromCharCode(Math.floor(random() * 256))
          : String.fromCharCode(Math.floor(random() * 0x10000));
    }
    values.add(kind < 0.4 ? `1.${s}` : s);
  }
  values.delete(real);
  return [...values];
}

async function realCookieValue() {
  const { context, page } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/hardening-basic.html`);
  await page.waitForFunction(() => window.__events.some(([t]) => t === 'ready'));
  await page.evaluate(() => window.MiguConsent.acceptAll());
  const cookie = (await context.cookies()).find((c) => c.name === 'migu_consent');
  await context.close();
  return cookie.value;
}

test('1 000+ damaged and random consent cookies through the headless core: none throws, none grants', async () => {
  const real = await realCookieValue();
  const values = cookieValues(real, 1200, 99);
  assert.ok(values.length >= 1200, `${String(values.length)} values`);
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/hardening-headless.html`);
  await page.waitForFunction(() => window.coreReady === true);
  const result = await page.evaluate(({ values, real }) => {
    const { ConsentRuntime } = window.core;
    const target = document.createElement('div');
    const granted = (s) => Object.entries(s.categories).some(([id, on]) => on && id !== 'necessary') || Object.values(s.services).some(Boolean);
    /** Through a storage stub: the raw value reaches the decoder. */
    const raw = (value) => {
      const runtime = new ConsentRuntime({ target, storage: { read: () => value, write() {}, clear() {} } });
      const state = runtime.store.get();
      runtime.dispose();
      return state;
    };
    /**
     * Through document.cookie and js-cookie, as far as the browser lets the value in.
     * The browser trims and cuts at ";", js-cookie decodes %XX: what comes back may be the real value again.
     */
    let equivalent = 0;
    const viaCookie = (value) => {
      try { document.cookie = `hz=${value}; path=/`; } catch { /* the browser refused it */ }
      if (window.Cookies.get('hz') === real) {
        equivalent++;
        document.cookie = 'hz=; path=/; max-age=0';
        return { decided: false, categories: {}, services: {} };
      }
      const runtime = new ConsentRuntime({ target, options: { cookieName: 'hz' } });
      const state = runtime.store.get();
      runtime.dispose();
      document.cookie = 'hz=; path=/; max-age=0';
      return state;
    };
    const control = [raw(real).decided];
    const out = { control, threw: [], decided: [], granted: [], runs: 0 };
    for (const value of values) {
      for (const run of [raw, viaCookie]) {
        out.runs++;
        try {
          const state = run(value);
          if (state.decided) out.decided.push(value);
          if (granted(state)) out.granted.push(value);
        } catch (e) {
          out.threw.push([value.slice(0, 80), String(e)]);
        }
      }
    }
    document.cookie = `hz=${real}; path=/`;
    const runtime = new ConsentRuntime({ target, options: { cookieName: 'hz' } });
    control.push(runtime.store.get().decided);
    runtime.dispose();
    document.cookie = 'hz=; path=/; max-age=0';
    return { ...out, equivalent };
  }, { values, real });
  assert.deepEqual(result.control, [true, true], 'the undamaged value is a valid choice both ways (the check can fail)');
  assert.deepEqual(result.threw, []);
  assert.deepEqual(result.granted, []);
  assert.deepEqual(result.decided, []);
  console.log(`cookie values: ${String(values.length)} values, ${String(result.runs)} runs (raw + document.cookie; ${String(result.equivalent)} read back as the real value)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('records with a valid checksum but the wrong content grant nothing', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/hardening-headless.html`);
  await page.waitForFunction(() => window.coreReady === true);
  const states = await page.evaluate(() => {
    const { ConsentRuntime, encodeRecord } = window.core;
    const base = { revision: '1', consentId: 'abcdefgh12345678', updatedAt: Date.now(), categories: ['analytics'], servicesOff: [], servicesOn: [] };
    const cases = {
      control: base,
      future: { ...base, updatedAt: Date.now() + 10 * 86_400_000 },
      expired: { ...base, updatedAt: Date.now() - 400 * 86_400_000 },
      otherRevision: { ...base, revision: '2' },
      unknownCategories: { ...base, categories: ['bogus', 'toString', 'constructor'] },
      badConsentId: { ...base, consentId: 'x' },
      necessaryOnly: { ...base, categories: ['necessary'] },
    };
    const out = {};
    for (const [name, record] of Object.entries(cases)) {
      const value = encodeRecord(record);
      const runtime = new ConsentRuntime({ target: document.createElement('div'), storage: { read: () => value, write() {}, clear() {} } });
      out[name] = runtime.store.get();
      runtime.dispose();
    }
    return out;
  });
  assert.equal(states.control.categories.analytics, true, 'control: a genuine record grants');
  for (const name of ['future', 'expired', 'otherRevision', 'unknownCategories', 'badConsentId', 'necessaryOnly']) {
    assert.deepEqual(grantedOf(states[name]), [], name);
  }
  for (const name of ['future', 'expired', 'otherRevision', 'badConsentId']) assert.equal(states[name].decided, false, name);
  assert.deepEqual(errors, []);
  await context.close();
});

test('50 damaged cookies end to end (context.addCookies + load of the script-tag build)', async () => {
  const real = await realCookieValue();
  // only values a browser stores as they are: no separators, controls or spaces
  // ... and not the real value percent-encoded (js-cookie decodes %7E to ~: the same cookie, not a damaged one)
  const sameAsReal = (v) => { try { return decodeURIComponent(v) === real; } catch { return false; } };
  const storable = cookieValues(real, 1200, 5).filter((v) => v.length > 0 && v.length < 4000 && /^[\x21-\x7e]+$/.test(v) && !/[;,"\\]/.test(v) && !sameAsReal(v));
  const random = prng(11);
  const sample = [real, ...Array.from({ length: 50 }, () => storable[Math.floor(random() * storable.length)]), real.slice(0, -1), `${real}%E4%B8%AD`];
  const { context, page, errors } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  let checked = 0;
  for (const value of sample) {
    await context.clearCookies();
    await context.addCookies([{ name: 'migu_consent', value, url: h.base }]);
    await page.goto(`${h.base}/e2e/fixtures/hardening-basic.html`);
    await page.waitForFunction(() => window.__events.some(([t]) => t === 'ready'));
    const state = await page.evaluate(() => window.MiguConsent.get());
    if (value === real) {
      assert.equal(state.decided, true, 'control: the real cookie is a valid choice');
      assert.equal(state.categories.analytics, true);
    } else {
      assert.equal(state.decided, false, value);
      assert.deepEqual(grantedOf(state), [], value);
      checked++;
    }
  }
  assert.ok(checked >= 50);
  assert.deepEqual(logged.filter((m) => m.startsWith('[migu-consent')), [], 'a bad cookie is no site error: silence');
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- URLs ----

test('policy-url and receipt-endpoint: javascript:, data: and friends are dropped with an error', async () => {
  const { context, page, errors, logged, open } = await casePage();
  const bad = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java&#x09;script:alert(1)',
    'data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;', 'vbscript:msgbox(1)', 'blob:http://127.0.0.1/x', 'file:///etc/passwd'];
  for (const url of bad) {
    const state = await open(pageHtml({ attrs: `policy-url="${url}" receipt-endpoint="${url}" lang="en"` }));
    assert.ok(logged.some((m) => m.startsWith('[migu-consent:option] policy-url')), `${url}: policy-url error (${logged.join(' | ')})`);
    assert.ok(logged.some((m) => m.startsWith('[migu-consent:option] receipt-endpoint')), `${url}: receipt-endpoint error`);
    await page.waitForFunction(() => {
      const find = (root) => root.querySelector('[part=banner]') ?? [...root.querySelectorAll('*')].map((el) => el.shadowRoot && find(el.shadowRoot)).find(Boolean);
      return find(document);
    });
    const links = await page.evaluate(deepQuery, 'a[href]');
    assert.deepEqual(links.filter((l) => !/^https?:/.test(new URL(l.href, 'http://x/').protocol)), [], `${url}: no script link`);
    assert.equal(state.decided, false);
  }
  // control: a plain path becomes an http link in the banner, so the check above can fail
  await open(pageHtml({ attrs: 'policy-url="/privacy.html?from=banner" lang="en"' }));
  await page.waitForFunction(() => {
    const find = (root) => root.querySelector('[part=banner] a[href]') ?? [...root.querySelectorAll('*')].map((el) => el.shadowRoot && find(el.shadowRoot)).find(Boolean);
    return find(document);
  });
  const links = await page.evaluate(deepQuery, 'a[href]');
  assert.ok(links.some((l) => l.href === `${h.base}/privacy.html?from=banner`), JSON.stringify(links));
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---- storage that throws ----

test('sandboxed frame (opaque origin, cookies and localStorage throw): works in memory, receipt still sent', async () => {
  receipts.length = 0;
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/hardening-sandbox.html`);
  await page.waitForFunction(() => window.__results.some((r) => r.type === 'result'), null, { timeout: 10_000 });
  for (let i = 0; i < 100 && receipts.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const results = await page.evaluate(() => window.__results);
  const { data } = results.find((r) => r.type === 'result');
  assert.equal(data.cookieBlocked, true, 'document.cookie throws in here');
  assert.equal(data.storageBlocked, true, 'localStorage throws in here');
  assert.equal(data.before.decided, false);
  assert.equal(data.after.decided, true);
  assert.equal(data.analytics, true);
  assert.deepEqual(results.filter((r) => r.type === 'pageerror'), []);
  assert.deepEqual(errors, []);
  assert.equal(receipts.length, 1, 'the receipt went out from memory');
  assert.equal(receipts[0].origin, 'null');
  assert.equal(receipts[0].body.action, 'accept-all');
  assert.equal(receipts[0].body.consentId, data.after.consentId);
  assert.equal(receipts[0].body.page, `${h.base}/e2e/fixtures/hardening-sandboxed.html`);
  await context.close();
});

test('sandboxed frame without BroadcastChannel (older browser): no SecurityError into the page, the banner decides', async () => {
  receipts.length = 0;
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/hardening-sandbox.html?nobc`);
  const frame = page.frameLocator('iframe[title="sandboxed"]');
  await frame.locator('[part="accept-all"]').first().click({ timeout: 10_000 });
  await page.waitForFunction(() => window.__results.some((r) => r.type === 'result' || r.type === 'pageerror' || /runtime:/.test(r.data)), null, { timeout: 10_000 });
  const results = await page.evaluate(() => window.__results);
  // the runtime's start failed (logged as "runtime: SecurityError") and the click was lost
  assert.deepEqual(results.filter((r) => r.type === 'pageerror' || /runtime:/.test(r.data)), []);
  assert.deepEqual(errors, []);
  const { data } = results.find((r) => r.type === 'result');
  assert.equal(data.storageBlocked, true, 'localStorage throws in here');
  assert.equal(data.before.decided, false);
  assert.equal(data.after.decided, true);
  assert.equal(data.analytics, true);
  await context.close();
});

test('a polluted Object.prototype (`Object.prototype.video = true` before the loader) grants no category the config does not have, first visit or after a refusal', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/polluted.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>polluted</title>
<script>Object.prototype.video = true; Object.prototype.adnet = true;</script>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revoke="none" policy-url="/privacy.html"></migu-consent>
<img data-consent="video" data-src="https://tracker.example/video.gif" alt="">
<img data-consent="marketing" data-consent-service="adnet" data-src="https://tracker.example/adnet.gif" alt="">
<script type="text/plain" data-consent="video">window.__ran = true;</script>
</body></html>` }));
  await page.goto(`${h.base}/generated/polluted.html`);
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]'));
  await settle();
  assert.deepEqual(await page.evaluate(() => [window.MiguConsent.isGranted('video'), window.__ran ?? false]), [false, false]);
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await page.reload();
  await settle();
  assert.deepEqual(await page.evaluate(() => [window.MiguConsent.get().decided, window.MiguConsent.isGranted('video'), window.__ran ?? false]), [true, false, false]);
  assert.deepEqual(tracker, [], 'no tracker request');
  assert.deepEqual(errors, []);
  await context.close();
});
