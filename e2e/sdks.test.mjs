// Real analytics SDKs from npm (devDependencies), each gated by data-consent="analytics" and set up
// as its own documentation says, sending to a collector on the test server (no network): nothing
// before a choice or under DNT/GPC; events after accept; and after a withdrawal (with a reload,
// without, with a page leave right after, with a back/forward-cache return) none of the SDK's
// cookies or storage remain and no further event arrives. One test per SDK and scenario.
// The pages are e2e/fixtures/sdks/<sdk>.html; {{REVOKE}} and the collector URL are filled in here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { startHarness, withSignals } from './support.mjs';

const SDKS = ['sensors', 'amplitude', 'segment', 'snowplow'];
/** Storage keys an SDK writes again on its own while it keeps running (Sensors' PageLeave heartbeat, every second here). */
const REWRITES = { sensors: '^sawebjssdkpageleave-' };
/** Cookies and storage keys of ours: everything else on these pages is the SDK's. */
const OWN = /^(migu_consent|migu-consent)/;
const DEADLINE_MS = 5000;

let h;
/** Collector hits by test id: { sdk, method, path }. */
const hits = new Map();
/** Page starts and markers seen by the server, by test id: strings. */
const seen = new Map();
const note = (map, t, value) => { if (!map.has(t)) map.set(t, []); map.get(t).push(value); };
let segmentBundle;

/** The collector (any request to collector.test): records, answers CORS for every SDK. */
function collector(ctx, next) {
  if (ctx.hostname !== 'collector.test') return next();
  const origin = ctx.get('origin');
  if (origin) {
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Credentials', 'true');
  }
  if (ctx.method === 'OPTIONS') {
    ctx.set('Access-Control-Allow-Headers', ctx.get('access-control-request-headers') || '*');
    ctx.set('Access-Control-Allow-Methods', 'GET, POST');
    ctx.status = 204;
    return undefined;
  }
  ctx.set('Cache-Control', 'no-store');
  const [, , t, sdk, ...rest] = ctx.path.split('/');
  note(hits, t, { sdk, method: ctx.method, path: `/${rest.join('/')}` });
  if (/\.gif$/.test(ctx.path)) {
    ctx.type = 'image/gif';
    ctx.body = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64');
  } else {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ code: 200, events_ingested: 1, payload_size_bytes: 1, server_upload_time: Date.now() });
  }
  return undefined;
}

/** Pages /sdk/<sdk>/<any>.html?t=ID&revoke=…: the fixture with the harness and the test's collector. */
function pages(ctx, next) {
  if (ctx.path === '/sdk-bundles/segment.js') {
    ctx.type = 'text/javascript';
    ctx.body = segmentBundle;
    return undefined;
  }
  if (ctx.path === '/ping') {
    note(seen, ctx.query.t, ctx.query.what);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 204;
    return undefined;
  }
  const m = /^\/sdk\/(\w+)\/\w+\.html$/.exec(ctx.path);
  if (!m || !SDKS.includes(m[1])) return next();
  const t = String(ctx.query.t);
  const host = `collector.test:${new URL(h.base).port}/c/${t}/${m[1]}`;
  const harness = `<script>
    // test plumbing: tells the server when the loader is ready and when the page came back from the bfcache
    let pings = 0;
    const ping = (what) => fetch('/ping?t=${t}&what=' + what + ':' + location.pathname + '&n=' + Date.now() + '-' + ++pings, { cache: 'no-store' });
    document.addEventListener('migu-consent-ready', () => ping('ready'));
    addEventListener('pageshow', (e) => { if (e.persisted) ping('restored'); });
    window.__ping = ping;
  </script>`;
  ctx.type = 'text/html';
  // not no-store: that alone keeps a page out of the back/forward cache
  ctx.set('Cache-Control', 'no-cache');
  ctx.body = readFileSync(`e2e/fixtures/sdks/${m[1]}.html`, 'utf8')
    .replace('<!-- harness -->', harness)
    .replaceAll('{{REVOKE}}', ctx.query.revoke === 'none' ? 'none' : 'reload')
    .replaceAll('{{COLLECTOR_HOST}}', host)
    .replaceAll('{{COLLECTOR}}', `http://${host}`);
  return undefined;
}

before(async () => {
  // Segment ships for bundlers (its UMD build fetches its chunks from Segment's CDN): bundled as an app would
  segmentBundle = (await build({
    entryPoints: ['e2e/fixtures/sdks/segment-entry.mjs'], bundle: true, format: 'iife', globalName: 'SegmentAnalytics',
    write: false, logLevel: 'silent', target: 'es2020',
  })).outputFiles[0].text;
  // the site on www.sdk.test (cookies on its parent domain too), the collector on collector.test, nothing else resolves
  h = await startHarness({
    args: ['--host-resolver-rules=MAP www.sdk.test 127.0.0.1, MAP collector.test 127.0.0.1, MAP * ~NOTFOUND'],
    middleware: [collector, pages],
    // Playwright turns the back/forward cache off by default; the scenario that returns to a page needs it
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
});
after(async () => {
  await h?.stop();
  // which SDK pages Chromium kept in the back/forward cache (an `unload` listener keeps a page out)
  if (restored.size) console.log(`back/forward cache: ${[...restored].map(([sdk, r]) => `${sdk} ${r ? 'restored' : 'loaded again'}`).join(', ')}`);
});
const restored = new Map();

let n = 0;

/** A fresh context on the SDK's page; `signals` turns DNT and GPC on. */
async function open(sdk, { revoke = 'reload', signals = false } = {}) {
  const t = `t${String(++n)}${sdk}`;
  const context = await h.browser.newContext();
  if (signals) await withSignals(context);
  const page = await context.newPage();
  const errors = [];
  const port = new URL(h.base).port;
  page.on('request', (r) => {
    const { hostname, port: p } = new URL(r.url());
    if (!['www.sdk.test', 'collector.test'].includes(hostname) || p !== port) errors.push(`off-host request: ${r.url()}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = (path = 'index') => `http://www.sdk.test:${port}/sdk/${sdk}/${path}.html?t=${t}&revoke=${revoke}`;
  const events = () => (hits.get(t) ?? []).filter((x) => x.sdk === sdk).length;
  const pings = (what) => (seen.get(t) ?? []).filter((x) => x.startsWith(what)).length;
  const until = async (what, condition, ms = DEADLINE_MS) => {
    const end = Date.now() + ms;
    for (;;) {
      const value = await condition();
      if (value) return value;
      if (Date.now() > end) assert.fail(`${sdk}: timed out waiting for ${typeof what === 'function' ? what() : what}`);
      await new Promise((r) => { setTimeout(r, 50); });
    }
  };
  /** The SDK's state: cookies (all domains), localStorage, sessionStorage, IndexedDB; ours left out. */
  const state = async () => {
    const cookies = (await context.cookies()).map((c) => `cookie ${c.name} (${c.domain})`);
    let stored = [];
    try {
      stored = await page.evaluate(async () => [
        ...Object.keys(localStorage).map((k) => `localStorage ${k}`),
        ...Object.keys(sessionStorage).map((k) => `sessionStorage ${k}`),
        ...(await indexedDB.databases()).map((d) => `indexedDB ${d.name}`),
      ]);
    } catch {
      stored = ['(page navigating)'];
    }
    return [...cookies, ...stored].filter((s) => !OWN.test(s.split(' ')[1]));
  };
  /** Waits for the nth page start with the loader ready (counted at the server). */
  const ready = (count) => until(`page start ${String(count)} (loader ready)`, () => pings('ready') >= count);
  /** A marker request of our own, seen at the server: everything the page sent before it had its chance. */
  let markers = 0;
  const marker = async () => {
    const k = ++markers;
    await page.evaluate((i) => window.__ping(`marker${String(i)}`), k);
    await until(`marker ${String(k)}`, () => pings(`marker${String(k)}`) >= 1);
  };
  /** Waits until nothing of the SDK is left; `heldOpen`: but for an IndexedDB database the running SDK holds open. */
  const clean = async (what, { heldOpen = false } = {}) => {
    let last = [];
    await until(() => `${what}: none of the SDK's cookies and storage left (still: ${last.join(', ')})`, async () => {
      last = (await state()).filter((s) => !(heldOpen && s.startsWith('indexedDB ')));
      return last.length === 0;
    });
  };
  /** Accepts and waits for an event at the collector and the SDK's state in the browser. */
  const accept = async () => {
    await page.evaluate(() => window.MiguConsent.acceptAll());
    await until('an event at the collector', () => events() > 0);
    await until('the SDK to store something', async () => (await state()).length > 0);
    await marker();
    self.stored = await state();
  };
  const withdraw = (leaveTo) => page.evaluate((to) => {
    void window.MiguConsent.update({ analytics: false });
    if (to) location.href = to;
  }, leaveTo);
  await page.goto(url());
  await ready(1);
  const self = { t, context, page, errors, url, events, pings, ready, marker, state, clean, accept, withdraw, until,
    stored: undefined, async close() { await context.close(); } };
  return self;
}

const scenarios = {
  async 'before any choice: no request to its collector, nothing stored'(sdk) {
    const s = await open(sdk);
    await s.marker();
    assert.equal(s.events(), 0);
    assert.deepEqual(await s.state(), []);
    return s;
  },
  async 'DNT and GPC on: no request to its collector, nothing stored'(sdk) {
    const s = await open(sdk, { signals: true });
    await s.marker();
    assert.equal(s.events(), 0);
    assert.deepEqual(await s.state(), []);
    return s;
  },
  async 'accept: events arrive at its collector'(sdk) {
    const s = await open(sdk);
    await s.accept();
    return s;
  },
  async 'withdraw with the reload: once the next page started, nothing of it remains and no event follows'(sdk) {
    const s = await open(sdk);
    await s.accept();
    await s.withdraw();
    const sent = s.events();
    await s.ready(2);
    await s.clean('after the reload');
    await s.marker();
    assert.deepEqual(await s.state(), []);
    assert.equal(s.events(), sent, 'no event after the withdrawal');
    return s;
  },
  async 'withdraw with revoke="none": once settled, nothing of it remains and no event follows'(sdk) {
    const s = await open(sdk, { revoke: 'none' });
    await s.accept();
    await s.withdraw();
    const sent = s.events();
    if (REWRITES[sdk]) {
      // the running SDK tries to write its key again (seen on top of everything): it must not land
      await s.page.evaluate((pattern) => {
        const { setItem } = Storage.prototype;
        window.__rewrites = 0;
        Storage.prototype.setItem = function (key, value) {
          if (new RegExp(pattern).test(key)) window.__rewrites++;
          return setItem.call(this, key, value);
        };
      }, REWRITES[sdk]);
      await s.until('the SDK writing again', () => s.page.evaluate(() => window.__rewrites > 0));
    }
    // a database the SDK still holds open is deleted only once it lets go: when the page is left
    await s.clean('after the withdrawal', { heldOpen: true });
    await s.marker();
    assert.deepEqual((await s.state()).filter((x) => !x.startsWith('indexedDB ')), []);
    assert.equal(s.events(), sent, 'no event after the withdrawal');
    assert.equal(s.pings('ready'), 1, 'no reload');
    await s.page.goto(s.url('other'));
    await s.ready(2);
    await s.clean('on the next page');
    return s;
  },
  async 'withdraw and leave at once: once the next page started, nothing of it remains'(sdk) {
    const s = await open(sdk);
    await s.accept();
    await s.withdraw(s.url('other'));
    const sent = s.events();
    await s.ready(2);
    await s.clean('on the next page');
    await s.marker();
    assert.deepEqual(await s.state(), []);
    assert.equal(s.events(), sent, 'no event after the withdrawal');
    return s;
  },
  async 'withdraw (revoke="none"), leave, come back from the back/forward cache: nothing of it remains'(sdk) {
    const s = await open(sdk, { revoke: 'none' });
    await s.accept();
    await s.withdraw();
    const sent = s.events();
    await s.page.goto(s.url('other'));
    await s.ready(2);
    await s.page.goBack({ waitUntil: 'commit' });
    await s.until(() => `the page back (restored or loaded): ${JSON.stringify(seen.get(s.t))}`, () => s.pings('restored') + s.pings('ready') >= 3);
    restored.set(sdk, s.pings('restored') > 0);
    await s.clean('after coming back');
    await s.marker();
    assert.deepEqual(await s.state(), []);
    assert.equal(s.events(), sent, 'no event after the withdrawal');
    return s;
  },
};

for (const sdk of SDKS) {
  for (const [name, run] of Object.entries(scenarios)) {
    test(`${sdk}: ${name}`, async (t) => {
      const s = await run(sdk);
      // what the SDK stored once accepted: the names its service declares must cover these
      if (s.stored && name.startsWith('accept')) t.diagnostic(`${sdk} stored: ${s.stored.join(', ')}`);
      try {
        assert.deepEqual(s.errors, []);
      } finally {
        await s.close();
      }
    });
  }
}
