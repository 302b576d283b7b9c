// Proof-of-consent receipts against a local endpoint that fails, hangs and goes away.
// Time is driven with Playwright's clock (the retry backoff runs up to 60 s); the
// network is real: the endpoint is middleware on the harness's own server.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness, until } from './support.mjs';

const FIXTURE = '/e2e/fixtures/receipts.html';
const QUEUE_KEY = 'migu_consent.receipts';

/** What the endpoint does next and what it saw. */
const endpoint = {
  /** 'ok' | 'down' (503) | 'hang' (never answers until released) */
  mode: 'ok',
  /** answer 503 to this many requests first, whatever the mode */
  failFirst: 0,
  /** requests to leave hanging first */
  hangFirst: 0,
  /** answers to the next requests first, each `[status, headers?]` */
  answers: [],
  /** a status to answer for good to the receipts of an action: `{ 'accept-all': 422 }` */
  refuse: {},
  log: [],
  hung: [],
  reset() {
    Object.assign(this, { mode: 'ok', failFirst: 0, hangFirst: 0, answers: [], refuse: {}, log: [] });
    this.release();
  },
  release() {
    for (const resolve of this.hung.splice(0)) resolve();
  },
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function receiptsEndpoint(ctx, next) {
  if (ctx.path !== '/receipts') return next();
  // CORS, as a cross-origin endpoint (or a sandboxed, opaque-origin page) needs it
  ctx.set('Access-Control-Allow-Origin', '*');
  if (ctx.method === 'OPTIONS') {
    ctx.set('Access-Control-Allow-Methods', 'POST');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type');
    ctx.status = 204;
    return undefined;
  }
  const body = await readBody(ctx.req);
  let json;
  try { json = JSON.parse(body); } catch { json = undefined; }
  const entry = {
    method: ctx.method, type: ctx.get('content-type'), referer: ctx.get('referer'), cookie: ctx.get('cookie'),
    body, json, status: 0,
  };
  // the queue goes out as text/plain when the page is left (no CORS preflight then)
  entry.kind = entry.type.startsWith('text/plain') ? 'leave' : 'fetch';
  endpoint.log.push(entry);
  if (endpoint.refuse[json?.action]) {
    entry.status = endpoint.refuse[json.action];
  } else if (endpoint.answers.length) {
    const [status, headers = {}] = endpoint.answers.shift();
    entry.status = status;
    ctx.set(headers);
  } else if (endpoint.hangFirst > 0 || endpoint.mode === 'hang') {
    endpoint.hangFirst = Math.max(0, endpoint.hangFirst - 1);
    await new Promise((resolve) => endpoint.hung.push(resolve));
    entry.status = 503;
  } else if (endpoint.failFirst > 0 || endpoint.mode === 'down') {
    endpoint.failFirst = Math.max(0, endpoint.failFirst - 1);
    entry.status = 503;
  } else {
    entry.status = 201;
  }
  ctx.status = entry.status;
  ctx.body = entry.status === 201 ? '' : 'unavailable';
  return undefined;
}

/** An endpoint that moved: 301 to a URL that answers any request, a GET too, with 200. */
const moved = { log: [] };
const MOVED_PAGE = '/e2e/receipts-moved.html';
async function movedEndpoint(ctx, next) {
  if (ctx.path === MOVED_PAGE) {
    ctx.type = 'text/html';
    ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/dist/migu-consent.iife.js"></script></head>
<body><migu-consent receipt-endpoint="/receipts-moved" revision="2026-11"></migu-consent></body></html>`;
    return undefined;
  }
  if (!ctx.path.startsWith('/receipts-moved')) return next();
  moved.log.push(`${ctx.method} ${ctx.path}`);
  if (ctx.path === '/receipts-moved') {
    ctx.status = 301;
    ctx.set('Location', '/receipts-moved/here');
  } else {
    ctx.status = 200;
    ctx.body = 'a page';
  }
  return undefined;
}

/** The fixture with a policy-url: a page the runtime would find nothing to report about. */
const CLEAN_PAGE = '/e2e/receipts-clean.html';
async function cleanPage(ctx, next) {
  if (ctx.path !== CLEAN_PAGE) return next();
  ctx.type = 'text/html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/dist/migu-consent.iife.js"></script></head>
<body><migu-consent receipt-endpoint="/receipts" revision="2026-11" policy-url="/privacy.html"></migu-consent></body></html>`;
  return undefined;
}

/** A page whose receipt-endpoint carries a user name and password (the real endpoint's URL otherwise). */
const CREDENTIALS_PAGE = '/e2e/receipts-credentials.html';
const PASSWORD = 's3cret-pw';
async function credentialsPage(ctx, next) {
  if (ctx.path !== CREDENTIALS_PAGE) return next();
  ctx.type = 'text/html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/dist/migu-consent.iife.js"></script></head>
<body><migu-consent receipt-endpoint="http://collector:${PASSWORD}@${ctx.host}/receipts" revision="2026-11"></migu-consent></body></html>`;
  return undefined;
}

let h;
const figures = [];
before(async () => { h = await startHarness({ middleware: [receiptsEndpoint, movedEndpoint, credentialsPage, cleanPage] }); });
after(async () => {
  endpoint.release();
  console.log('receipts figures:');
  for (const f of figures) console.log(`  ${JSON.stringify(f)}`);
  await h?.stop();
});
beforeEach(() => { endpoint.reset(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Advances the page's clock in steps (letting real responses arrive between them) until `done()`. */
async function pump(page, done, { step = 2000, limit = 400 } = {}) {
  for (let i = 0; i < limit; i++) {
    if (await done()) return;
    await page.clock.runFor(step);
    await sleep(15);
  }
  assert.fail('the receipts were not all delivered');
}

async function openPage({ query = '?uid=secret-123&utm_source=mail#frag' } = {}) {
  const tracked = await newTrackedPage(h.browser);
  const logged = [];
  tracked.page.on('console', (m) => { if (m.type() === 'error' && m.text().startsWith('[migu-consent')) logged.push(m.text()); });
  await tracked.page.clock.install({ time: new Date('2026-11-28T08:00:00Z') });
  await tracked.page.goto(`${h.base}${FIXTURE}${query}`);
  await tracked.page.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
  // on a first visit the runtime, and with it the receipts chunk, comes when the banner is used (here
  // approached): the tests below read the queue the chunk keeps in localStorage (decisions made
  // before it arrives are kept in memory and handed over, see the lazy-chunk test below)
  await tracked.page.locator('migu-consent [part=banner]').hover();
  await tracked.page.waitForFunction(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('receipts') !== undefined);
  return { ...tracked, logged };
}

/** Five decisions a (fake) second apart, the state after each: accept, withdraw one, reject, forget, a new choice. */
async function decide(page) {
  const steps = [
    ['accept-all', () => { window.MiguConsent.acceptAll(); }],
    ['update', () => window.MiguConsent.update({ analytics: false })],
    ['reject-all', () => { window.MiguConsent.rejectAll(); }],
    ['reset', () => { window.MiguConsent.reset(); }],
    ['update', () => window.MiguConsent.update({ marketing: true })],
  ];
  const out = [];
  for (const [action, run] of steps) {
    const before = await page.evaluate(() => Date.now());
    await page.evaluate(run);
    out.push([action, { ...(await page.evaluate(() => window.MiguConsent.get())), resetAt: before }]);
    await page.clock.runFor(1000);
  }
  return out;
}

const delivered = (log) => new Set(log.filter((e) => e.status >= 200 && e.status < 300).map((e) => e.json?.receiptId));
const ids = (log) => new Set(log.map((e) => e.json?.receiptId));

/** Every check that holds for any scenario, given the decisions made and what the endpoint saw. */
function checkReceipts(made, log, base) {
  const posts = log.filter((e) => e.method === 'POST');
  assert.equal(posts.length, log.length, 'only POSTs');
  const byId = new Map();
  for (const e of posts) {
    assert.ok(e.json, `a JSON body: ${e.body.slice(0, 80)}`);
    const seen = byId.get(e.json.receiptId);
    // a duplicate is the same receipt again, byte for byte
    if (seen) assert.equal(e.body, seen.body, 'duplicates only ever share a receiptId');
    else byId.set(e.json.receiptId, e);
  }
  assert.equal(byId.size, made.length, 'one receipt per decision');
  for (const id of byId.keys()) assert.ok(delivered(posts).has(id), `receipt ${id} acknowledged with a 2xx`);
  // in time order they line up with the decisions (arrival order is not kept: on leave they go out in parallel)
  const receipts = [...byId.values()].map((e) => e.json).sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  assert.equal(new Set(receipts.map((r) => r.timestamp)).size, made.length, 'decisions a second apart, distinct times');
  receipts.forEach((r, i) => {
    const [action, state] = made[i];
    assert.equal(r.action, action);
    assert.deepEqual(Object.keys(r).sort(), ['action', 'categories', 'consentId', 'page', 'receiptId', 'revision', 'services', 'signals', 'source', 'timestamp']);
    assert.match(r.receiptId, /^[a-z0-9]{16}$/);
    assert.equal(r.revision, '2026-11');
    assert.deepEqual(r.categories, state.categories);
    assert.deepEqual(r.services, state.services);
    assert.deepEqual(r.signals, { dnt: false, gpc: false });
    assert.equal(r.source, state.source);
    assert.equal(r.page, `${base}${FIXTURE}`);
    if (action === 'reset') {
      assert.equal(r.consentId, made[i - 1][1].consentId, 'a reset names the choice it forgot');
      const t = Date.parse(r.timestamp);
      assert.ok(t >= state.resetAt && t < Date.parse(made[i + 1][1].updatedAt), `reset time ${r.timestamp}`);
      assert.equal(new Date(t).toISOString(), r.timestamp);
    } else {
      assert.equal(r.consentId, state.consentId);
      assert.equal(r.timestamp, state.updatedAt);
    }
  });
  assert.notEqual(receipts[4].consentId, receipts[0].consentId, 'a choice after a reset is a new consent id');
  for (const e of posts) {
    assert.ok(!/secret|utm_|frag|Mozilla|Chrome|127\.0\.0\.1:\d+\/e2e\/fixtures\/receipts\.html\?/.test(e.body), `no query, hash or UA: ${e.body}`);
    assert.equal(e.type, e.kind === 'fetch' ? 'application/json' : 'text/plain;charset=UTF-8');
    assert.equal(e.referer, '', `no Referer (it would carry the query), ${e.kind}`);
    assert.equal(e.cookie, '', `no cookies (credentials: omit), ${e.kind}`);
  }
}

function tally(name, made, log) {
  const posts = log.filter((e) => e.method === 'POST');
  const f = {
    scenario: name, receipts: made.length, requests: posts.length,
    fetches: posts.filter((e) => e.kind === 'fetch').length, onLeave: posts.filter((e) => e.kind === 'leave').length,
    '503s': posts.filter((e) => e.status === 503).length, hung: posts.filter((e) => e.hungFor).length,
    // the same receipt more than once at the endpoint (after a refusal, a hang or a page left)
    repeats: posts.length - ids(posts).size,
    acknowledgedTwice: posts.filter((e) => e.status >= 200 && e.status < 300).length - delivered(posts).size,
  };
  figures.push(f);
  return f;
}

const queueOf = (page) => page.evaluate((key) => localStorage.getItem(key), QUEUE_KEY);

test('an endpoint failing with 503 at first: every receipt arrives, retried with backoff', async () => {
  endpoint.failFirst = 4;
  const { context, page, errors, logged } = await openPage();
  const made = await decide(page);
  assert.ok(JSON.parse(await queueOf(page)).length >= 1, 'queued in localStorage while failing');
  await pump(page, () => delivered(endpoint.log).size === made.length && ids(endpoint.log).size === made.length);
  await pump(page, async () => (await queueOf(page)) === null);
  checkReceipts(made, endpoint.log, h.base);
  const f = tally('503 x4', made, endpoint.log);
  assert.equal(f['503s'], 4);
  assert.deepEqual(logged.filter((m) => m.startsWith('[migu-consent:receipt]')).length, 1, `one error: ${logged.join(' | ')}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an endpoint that refuses receipts (400, 413, 422): each sent once from the page, kept queued with an error naming it, sent once more from the next page; the others delivered', async () => {
  // before, a refused receipt was retried with backoff for as long as a page was open
  endpoint.refuse = { 'accept-all': 400, 'reject-all': 422, reset: 413 };
  const { context, page, errors, logged } = await openPage();
  await decide(page);
  const queued = async () => JSON.parse((await queueOf(page)) ?? '[]');
  await pump(page, async () => delivered(endpoint.log).size === 2 && (await queued()).length === 3);
  await page.clock.runFor(180_000); // three of the longest backoffs: nothing more goes out
  await sleep(50);
  const byAction = (action, log = endpoint.log) => log.filter((e) => e.json.action === action);
  for (const [action, status] of Object.entries(endpoint.refuse)) {
    assert.deepEqual(byAction(action).map((e) => e.status), [status], `${action}: sent once`);
  }
  assert.equal(delivered(endpoint.log).size, 2, 'the two updates delivered');
  const kept = await queued();
  assert.deepEqual(kept.map((r) => r.action).sort(), ['accept-all', 'reject-all', 'reset']);
  for (const r of kept) assert.deepEqual(r, endpoint.log.find((e) => e.json.receiptId === r.receiptId).json, 'kept as it was sent');
  const errorsLogged = logged.filter((m) => m.includes(' refused receipt '));
  assert.equal(errorsLogged.length, 3, logged.join(' | '));
  for (const r of kept) {
    const status = endpoint.refuse[r.action];
    assert.ok(errorsLogged.includes(`[migu-consent:receipt] ${h.base}/receipts refused receipt ${r.receiptId} with HTTP ${status}: not sent again from this page, it stays queued for the next`), errorsLogged.join('\n'));
  }
  // the next page sends each once more (CONTRACT: retried until a 2xx); the endpoint, fixed, takes them
  endpoint.refuse = {};
  const before = endpoint.log.length;
  await page.reload();
  await page.waitForFunction(() => window.MiguConsent?.get().decided === true);
  await page.evaluate(() => { window.MiguConsent.update({ analytics: true }); });
  await pump(page, async () => (await queueOf(page)) === null);
  const next = endpoint.log.slice(before);
  assert.deepEqual(next.map((e) => e.json.action).sort(), ['accept-all', 'reject-all', 'reset', 'update']);
  assert.equal(delivered(next).size, 4);
  assert.deepEqual(errors, []);
  await context.close();
});

test('408, 429 and 5xx are retried; a Retry-After in seconds is waited for', async () => {
  endpoint.answers = [[408], [429, { 'Retry-After': '30' }], [500]];
  const { context, page, errors } = await openPage();
  await page.evaluate(() => { window.MiguConsent.acceptAll(); });
  await pump(page, () => endpoint.log.length === 2, { step: 500 });
  // the backoff alone would try again within 2 s
  await page.clock.runFor(25_000);
  await sleep(50);
  assert.equal(endpoint.log.length, 2, 'nothing sent before Retry-After');
  await pump(page, async () => (await queueOf(page)) === null, { step: 1000 });
  assert.deepEqual(endpoint.log.map((e) => e.status), [408, 429, 500, 201]);
  assert.equal(new Set(endpoint.log.map((e) => e.json.receiptId)).size, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const channel of [true, false]) {
  test(`a decision made in one tab is receipted once: the tabs that learn it (runtime in or not) make none of their own, ${channel ? 'over BroadcastChannel' : 'without BroadcastChannel'}`, async () => {
  endpoint.reset();
  const { context, page: a, errors, settle } = await newTrackedPage(h.browser);
  if (!channel) await context.addInitScript(() => { delete window.BroadcastChannel; });
  const open = async (p, { runtime }) => {
    await p.goto(`${h.base}${FIXTURE}`);
    await p.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
    if (runtime) {
      await p.locator('migu-consent [part=banner]').hover();
      await p.waitForFunction(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('receipts') !== undefined);
    }
  };
  const withRuntime = await context.newPage();
  const firstStageOnly = await context.newPage();
  for (const p of [withRuntime, firstStageOnly]) p.on('pageerror', (e) => errors.push(String(e)));
  await open(a, { runtime: true });
  await open(withRuntime, { runtime: true });
  await open(firstStageOnly, { runtime: false });
  const others = [withRuntime, firstStageOnly];
  await a.evaluate(() => { window.MiguConsent.acceptAll(); });
  for (const p of others) await p.waitForFunction(() => window.MiguConsent.isGranted('marketing'));
  await a.evaluate(() => window.MiguConsent.update({ marketing: false }));
  for (const p of others) await p.waitForFunction(() => !window.MiguConsent.isGranted('marketing'));
  await firstStageOnly.reload(); // a returning visitor's page with receipt-endpoint: its runtime comes at the start
  await firstStageOnly.waitForFunction(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('receipts') !== undefined);
  for (const p of [a, ...others]) await settle(p);
  // one receipt per decision, made by the tab that decided; a tab whose runtime starts while that receipt
  // is still on its way (the first-stage one, which fetches its runtime on learning the choice) may send
  // the queued copy too: the same receiptId, which the endpoint keeps once (receipts-collector.test.mjs)
  const byId = new Map(endpoint.log.map((e) => [e.json.receiptId, e.json]));
  assert.deepEqual([...byId.values()].map((r) => r.action), ['accept-all', 'update'], 'one receipt per decision');
  assert.equal(new Set([...byId.values()].map((r) => r.consentId)).size, 1);
  assert.equal(delivered(endpoint.log).size, 2);
  assert.equal(await queueOf(a), null);
  assert.deepEqual(errors, []);
  await context.close();
  });
}

test('offline, then online: the receipt goes as the browser is back, not after the backoff', async () => {
  const { context, page, errors, logged } = await openPage();
  await context.setOffline(true);
  await page.evaluate(() => { window.MiguConsent.acceptAll(); });
  await until(() => logged.some((m) => m.includes('(no answer)')), () => logged.join(' | '));
  await page.clock.runFor(200_000); // retries, all failing, the backoff now at its longest (60 s)
  await sleep(50);
  assert.equal(endpoint.log.length, 0);
  assert.equal(JSON.parse(await queueOf(page)).length, 1, 'kept queued');
  await context.setOffline(false); // fires `online`
  await until(() => delivered(endpoint.log).size === 1, 'sent as the browser came back');
  await page.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY);
  assert.equal(endpoint.log.length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reset\'s receipt left queued (endpoint down) goes with the next page, though no choice is stored there to bring the runtime', async () => {
  // before, a page with no stored choice and nothing to report fetched no runtime until the banner was
  // used: the reset's receipt (and any before it) waited for the visitor's next decision
  endpoint.mode = 'down';
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}${CLEAN_PAGE}`);
  await page.evaluate(() => { window.MiguConsent.acceptAll(); });
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  await page.evaluate(() => { window.MiguConsent.reset(); });
  await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key) ?? '[]').length === 2, QUEUE_KEY);
  assert.equal((await context.cookies()).some((c) => c.name === 'migu_consent'), false, 'no choice stored');
  const beforeLeave = endpoint.log.length;
  await page.goto(`${h.base}/e2e/fixtures/`); // left while the endpoint is still down: its pagehide sends are refused
  await until(() => endpoint.log.slice(beforeLeave).some((e) => e.kind === 'leave'), 'sent on leave');
  endpoint.mode = 'ok';
  await page.goto(`${h.base}${CLEAN_PAGE}`);
  await until(() => delivered(endpoint.log).size === 2, () => `delivered: ${JSON.stringify(endpoint.log.map((e) => [e.json?.action, e.status]))}`, { timeout: 15_000 });
  assert.deepEqual([...new Set(endpoint.log.map((e) => e.json.action))].sort(), ['accept-all', 'reset']);
  await page.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY);
  assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false, 'still asked: nothing decided for the visitor');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an endpoint that hangs, then recovers: hung requests time out and are retried', async () => {
  endpoint.hangFirst = 3;
  const { context, page, errors, logged } = await openPage();
  const made = await decide(page);
  await pump(page, () => delivered(endpoint.log).size === made.length);
  await pump(page, async () => (await queueOf(page)) === null);
  if (process.env.DEBUG_RECEIPTS) console.log(endpoint.log.map((e) => `${e.kind} ${e.status} ${e.json?.action} ${e.json?.receiptId}`).join('\n'));
  const hungIds = endpoint.log.filter((e) => e.status === 0).map((e) => e.json.receiptId);
  assert.equal(hungIds.length, 3, 'three requests never answered');
  for (const e of endpoint.log) if (e.status === 0) e.hungFor = true;
  checkReceipts(made, endpoint.log, h.base);
  const f = tally('hang x3', made, endpoint.log);
  assert.ok(f.repeats >= 3, 'a hung request reached the endpoint, so its receipt arrives again');
  assert.equal(logged.filter((m) => m.includes('no answer')).length, 1, logged.join(' | '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('an endpoint down for a whole page life: sent again on pagehide, delivered on the next load', async () => {
  endpoint.mode = 'down';
  const { context, page, errors, logged } = await openPage();
  const made = await decide(page);
  await page.clock.runFor(30_000); // a few retries, all refused
  await sleep(50);
  const queued = JSON.parse(await queueOf(page));
  assert.equal(queued.length, made.length, 'all five wait in localStorage');
  const beforeLeave = endpoint.log.length;
  await page.goto('about:blank'); // pagehide: the queue goes out as keepalive requests
  for (let i = 0; i < 100 && endpoint.log.slice(beforeLeave).filter((e) => e.kind === 'leave').length < made.length - 1; i++) await sleep(20);
  const onLeave = endpoint.log.slice(beforeLeave).filter((e) => e.kind === 'leave');
  assert.ok(onLeave.length >= made.length - 1, `sent on leave: ${onLeave.length} (one may still be in flight as a fetch)`);
  assert.equal(onLeave[0].type, 'text/plain;charset=UTF-8');
  assert.ok(onLeave.every((b) => queued.some((q) => q.receiptId === b.json.receiptId)), 'they carry the queued receipts');
  assert.equal(logged.filter((m) => m.startsWith('[migu-consent:receipt]')).length, 1);

  endpoint.mode = 'ok';
  logged.length = 0;
  await page.goto(`${h.base}${FIXTURE}`); // next load, no new decision: the queue is flushed at start
  await pump(page, async () => (await queueOf(page)) === null, { step: 500 });
  checkReceipts(made, endpoint.log, h.base);
  const f = tally('down for a page life', made, endpoint.log);
  assert.ok(f['503s'] >= made.length, 'every receipt was refused at least once');
  assert.deepEqual(logged, [], 'no error once it works');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on page leave the queue is delivered without cookies or Referer (a beacon would send both)', async () => {
  endpoint.mode = 'down';
  const { context, page, errors } = await openPage();
  const made = await decide(page);
  // a session cookie for the endpoint's origin, besides the consent cookie: a credentialed request would carry them
  await page.evaluate(() => { document.cookie = 'session=s3cret; path=/'; });
  const queued = JSON.parse(await queueOf(page));
  assert.equal(queued.length, made.length);
  endpoint.mode = 'ok';
  const beforeLeave = endpoint.log.length;
  await page.goto('about:blank');
  const left = () => endpoint.log.slice(beforeLeave).filter((e) => e.kind === 'leave');
  for (let i = 0; i < 200 && delivered(left()).size < made.length - 1; i++) await sleep(20);
  const onLeave = left();
  assert.ok(delivered(onLeave).size >= made.length - 1, `delivered on leave: ${delivered(onLeave).size} (one may be in flight already)`);
  for (const e of onLeave) {
    assert.equal(e.cookie, '', 'no Cookie header');
    assert.equal(e.referer, '', 'no Referer');
    assert.ok(queued.some((q) => q.body === undefined && q.receiptId === e.json.receiptId));
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a queue bigger than the keepalive quota: what fits goes on leave, the rest on the next load, none lost', async () => {
  endpoint.mode = 'down';
  const { context, page, errors } = await openPage();
  const count = 190; // ~72 kB of receipts: more than the 64 KiB a page may have in keepalive requests
  await page.evaluate((n) => { for (let i = 0; i < n; i++) window.MiguConsent.update({ analytics: i % 2 === 0 }); }, count);
  const queued = JSON.parse(await queueOf(page));
  assert.equal(queued.length, count);
  const bytes = queued.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0);
  assert.ok(bytes > 64 * 1024, `${bytes} B queued`);
  // count what the page hands to fetch() on leave (kept in localStorage, read back by the next page)
  await page.evaluate(() => {
    const original = window.fetch;
    window.fetch = (url, init) => {
      if (init?.keepalive && !init.headers?.['Content-Type']) {
        const seen = JSON.parse(localStorage.getItem('leave-sends') ?? '{"n":0,"bytes":0}');
        localStorage.setItem('leave-sends', JSON.stringify({ n: seen.n + 1, bytes: seen.bytes + new Blob([init.body]).size }));
      }
      return original(url, init);
    };
  });
  endpoint.mode = 'ok';
  const beforeLeave = endpoint.log.length;
  await page.goto(`${h.base}/e2e/fixtures/`); // same origin, no library: only the leaving page's requests arrive
  const sent = JSON.parse(await page.evaluate(() => localStorage.getItem('leave-sends')));
  assert.ok(sent.n > 0 && sent.n < count, `some, not all, sent on leave: ${sent.n}`);
  assert.ok(sent.bytes <= 48 * 1024, `within the quota share: ${sent.bytes} B`);
  const left = () => endpoint.log.slice(beforeLeave).filter((e) => e.kind === 'leave');
  for (let i = 0; i < 400 && delivered(left()).size < sent.n; i++) await sleep(20);
  assert.equal(delivered(left()).size, sent.n, 'each one sent on leave arrived');
  await page.goto(`${h.base}${FIXTURE}`);
  await pump(page, async () => (await queueOf(page)) === null, { step: 500 });
  assert.equal(delivered(endpoint.log).size, count, 'every receipt delivered once the next page flushed the rest');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an endpoint that redirects: the receipt stays queued and the error says why (a 301 would turn the POST into a GET)', async () => {
  moved.log.length = 0;
  // a plain context: Playwright's request interception holds redirected keepalive requests
  const context = await h.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const logged = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && m.text().startsWith('[migu-consent:receipt]')) logged.push(m.text()); });
  await page.goto(`${h.base}${MOVED_PAGE}`);
  await page.evaluate(() => { window.MiguConsent.acceptAll(); });
  const queue = () => page.evaluate((key) => localStorage.getItem(key), QUEUE_KEY);
  await until(async () => logged.length > 0 || (moved.log.length > 0 && (await queue()) === null), 'no answer handled');
  assert.equal(JSON.parse(await queue() ?? '[]').length, 1, `still queued (seen: ${moved.log.join(', ')})`);
  assert.ok(!moved.log.includes('GET /receipts-moved/here'), `not followed as a GET: ${moved.log.join(', ')}`);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /\/receipts-moved did not take a receipt \(a redirect: give receipt-endpoint the URL it leads to\)/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an endpoint with a user name and password: refused once at the start, the password printed nowhere, nothing sent or queued', async () => {
  // fetch() refuses such a URL: before, every retry failed and each error printed the whole URL
  const { context, page, errors, settle } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { logged.push(m.text()); });
  await page.goto(`${h.base}${CREDENTIALS_PAGE}`);
  await page.evaluate(() => { window.MiguConsent.acceptAll(); });
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  const refusal = '[migu-consent:option] receipt-endpoint: only http and https URLs without user:password@ are allowed';
  await until(() => logged.includes(refusal) || logged.some((t) => t.includes(PASSWORD)), () => logged.join('\n'));
  await page.evaluate(() => { window.MiguConsent.rejectAll(); });
  await settle();
  assert.deepEqual(logged.filter((t) => t.includes(PASSWORD)), [], 'the password is in no console message');
  assert.deepEqual(logged.filter((t) => t.startsWith('[migu-consent')), [refusal], 'said once');
  assert.equal(await queueOf(page), null, 'nothing queued for an endpoint that can never take it');
  assert.deepEqual(endpoint.log, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a page opened as http://user:pw@host/: a relative endpoint takes no user name from it, and receipts go', async () => {
  // Chromium's document.baseURI keeps the page's user:pw@, location.href does not: the endpoint
  // resolved against it was refused as if the site had written a password into it
  const { context, page, errors, settle } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { logged.push(m.text()); });
  await page.goto(`${h.base.replace('//', `//visitor:${PASSWORD}@`)}${FIXTURE}`);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await until(() => delivered(endpoint.log).size === 1, () => `log: ${JSON.stringify(endpoint.log.map((e) => e.status))}; console: ${logged.join('\n')}`);
  await settle();
  assert.equal(endpoint.log[0].json.action, 'accept-all');
  assert.equal(endpoint.log[0].json.page, `${h.base}${FIXTURE}`, 'the page without its user name either');
  assert.deepEqual(logged.filter((t) => t.startsWith('[migu-consent')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('script build: the receipts chunk loads lazily; a decision made before it arrives still gets its receipt', async () => {
  const tracked = await newTrackedPage(h.browser);
  const { context, page, errors } = tracked;
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route('**/migu-consent.receipts.js*', async (route) => { await held; await route.continue(); });
  await page.goto(`${h.base}${FIXTURE}`, { waitUntil: 'domcontentloaded' }); // the load event waits for the chunk
  await page.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
  await page.evaluate(() => { window.MiguConsent.acceptAll(); });
  assert.equal(endpoint.log.length, 0, 'nothing sent while the chunk is held back');
  release();
  for (let i = 0; i < 100 && delivered(endpoint.log).size < 1; i++) await sleep(50);
  assert.equal(endpoint.log.length, 1, 'one receipt');
  assert.equal(endpoint.log[0].json.action, 'accept-all');
  assert.equal(endpoint.log[0].json.consentId, await page.evaluate(() => window.MiguConsent.get().consentId));
  assert.deepEqual(errors, []);
  await context.close();
});

test('script build: a decision made before the receipts chunk arrives keeps its receipt when the page is left at once', async () => {
  // a phone-like network: the runtime is in (fetched as the banner is approached), the receipts
  // chunk still on its way when the user decides and goes on to another page
  const tracked = await newTrackedPage(h.browser);
  const { context, page, errors } = tracked;
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route('**/migu-consent.receipts.js*', async (route) => {
    await held;
    await route.continue().catch(() => {}); // the page that asked for it may be gone
  });
  await page.goto(`${h.base}${FIXTURE}`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
  await page.evaluate(() => { window.MiguConsent.acceptAll(); });
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  const consentId = await page.evaluate(() => window.MiguConsent.get().consentId);
  await page.goto(`${h.base}/e2e/fixtures/`); // same origin, no library: left before the chunk came
  assert.equal(endpoint.log.length, 0, 'nothing sent by the page that was left');
  release();
  await page.goto(`${h.base}${FIXTURE}`); // the next page sends what is queued
  await until(() => delivered(endpoint.log).size >= 1, () => `no receipt delivered: ${JSON.stringify(endpoint.log.map((e) => e.json))}`);
  assert.deepEqual(endpoint.log.map((e) => [e.json.action, e.json.consentId]), [['accept-all', consentId]]);
  await page.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY);
  assert.deepEqual(errors, []);
  await context.close();
});

test('script build: an Accept on the first file\'s banner, the page left before the runtime came: the next page applies it and sends its receipt, with the click\'s time and page', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  let hold = true;
  // the runtime file of the first page never comes (a slow phone network); the next page's does
  await context.route('**/migu-consent.runtime.js*', (route) => (hold ? undefined : route.continue()));
  // the first page at a URL of its own, to tell it from the next in the receipt
  const first = `${h.base}/e2e/first/receipts.html`;
  await context.route(`${first}?ref=1`, (route) => route.fulfill({ path: `.${FIXTURE}` }));
  await page.goto(`${first}?ref=1`, { waitUntil: 'domcontentloaded' });
  await page.locator('migu-consent').locator('[part~=accept-all]').first().click();
  const clickedBy = await page.evaluate(() => Date.now());
  assert.equal((await context.cookies()).some((c) => c.name === 'migu_consent'), false, 'no choice stored by the first page');
  await page.goto(`${h.base}/e2e/fixtures/`); // same origin, no library
  hold = false;
  await page.goto(`${h.base}${FIXTURE}`);
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  const state = await page.evaluate(() => window.MiguConsent.get());
  assert.equal(state.source, 'user');
  assert.deepEqual(state.categories, { necessary: true, functional: true, analytics: true, personalization: true, marketing: true });
  assert.equal(await page.locator('migu-consent').locator('[part~=accept-all]').count(), 0, 'not asked again');
  await until(() => delivered(endpoint.log).size >= 1, () => `no receipt delivered: ${JSON.stringify(endpoint.log.map((e) => e.json))}`);
  assert.deepEqual(endpoint.log.map((e) => [e.json.action, e.json.consentId]), [['accept-all', state.consentId]]);
  const [{ json }] = endpoint.log;
  assert.ok(Date.parse(json.timestamp) <= clickedBy, `the click's time, not the next page's: ${json.timestamp}`);
  assert.equal(state.updatedAt, json.timestamp, 'the choice is dated as its receipt');
  assert.equal(json.page, first, 'the page of the click, without its query');
  assert.ok(!(await context.cookies()).some((c) => c.name.endsWith('_pending')), 'the hand-over cookie is gone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('script build: a receipts chunk that cannot load is reported; consent still works', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  await context.route('**/migu-consent.receipts.js*', (route) => route.abort());
  await page.goto(`${h.base}${FIXTURE}`);
  await page.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
  await page.evaluate(() => window.MiguConsent.acceptAll());
  assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), true);
  for (let i = 0; i < 40 && !logged.some((t) => t.startsWith('[migu-consent')); i++) await sleep(50);
  assert.ok(logged.some((t) => /^\[migu-consent:api\] could not load \S+\/migu-consent\.receipts\.js\?v=\w+: decisions get no receipts$/.test(t)), logged.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a cross-origin endpoint without CORS headers: the console says it may be CORS, not only "no answer"', async () => {
  // a real endpoint on another origin (another port) that answers, but without Access-Control-Allow-Origin;
  // the page comes from a third server, so that no Playwright routing is on (with it, Playwright answers
  // the CORS preflight itself and the refusal never happens)
  const { createServer } = await import('node:http');
  const hits = [];
  const other = createServer((req, res) => { hits.push(req.method); res.writeHead(204).end(); });
  await new Promise((resolve) => { other.listen(0, '127.0.0.1', resolve); });
  const url = `http://127.0.0.1:${other.address().port}/receipts`;
  const pages = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><html lang="en"><head><script src="${h.base}/dist/migu-consent.iife.js"></script></head>
<body><migu-consent receipt-endpoint="${url}"></migu-consent></body></html>`);
  });
  await new Promise((resolve) => { pages.listen(0, '127.0.0.1', resolve); });
  const context = await h.browser.newContext();
  try {
    const page = await context.newPage();
    const logged = [];
    page.on('console', (m) => { if (m.text().startsWith('[migu-consent')) logged.push(m.text()); });
    await page.goto(`http://127.0.0.1:${pages.address().port}/`);
    await page.waitForFunction(() => window.MiguConsent?.get().categories.necessary === true);
    await page.evaluate(() => { window.MiguConsent.acceptAll(); });
    await until(() => logged.some((m) => m.includes('did not take a receipt')), () => logged.join('\n'), { timeout: 60_000 });
    const said = logged.find((m) => m.includes('did not take a receipt'));
    assert.match(said, /no answer \(network error or CORS refusal\)/);
    // the browser asked (a preflight for the JSON POST) and, refused, never sent the receipt
    assert.ok(hits.includes('OPTIONS'), hits.join());
    assert.ok(!hits.includes('POST'), hits.join());
  } finally {
    await context.close();
    other.close();
    pages.close();
  }
});

test('a withdrawal that reloads a same-origin srcdoc frame cuts its receipt\'s request: no error blames the endpoint, and the receipt stays queued', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  const inner = `<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/dist/migu-consent.iife.js"></script>
<script type="text/plain" data-consent="analytics">window.__ran = true;</script></head>
<body><migu-consent receipt-endpoint="/receipts" revision="2026-11" policy-url="/privacy.html"></migu-consent></body></html>`;
  const host = `${h.base}/e2e/srcdoc-receipts.html`;
  await context.route(host, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><body><iframe id="f" srcdoc="${inner.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"></iframe></body></html>`,
  }));
  await page.goto(host);
  const frame = () => page.frames().find((f) => f !== page.mainFrame());
  await until(() => frame(), () => 'no frame');
  await frame().waitForFunction(() => window.MiguConsent?.acceptAll);
  await frame().evaluate(() => window.MiguConsent.acceptAll());
  await frame().waitForFunction(() => window.__ran === true);
  await until(() => delivered(endpoint.log).size === 1, () => `accept-all not delivered: ${JSON.stringify(endpoint.log.map((e) => e.status))}`);
  // the withdrawal's receipt is on its way (the endpoint holds it) when revoke="reload" reloads the frame
  endpoint.mode = 'hang';
  const reloaded = page.waitForEvent('framenavigated', (f) => f !== page.mainFrame());
  await frame().evaluate(() => { void window.MiguConsent.rejectAll(); });
  await reloaded;
  await frame().waitForFunction(() => window.MiguConsent?.get().decided === true && document.readyState === 'complete');
  assert.ok(endpoint.log.some((e) => e.json?.action === 'reject-all'), 'the withdrawal\'s receipt was sent before the reload');
  assert.deepEqual(logged.filter((t) => t.includes('did not take a receipt')), [], 'a request the reload cut is no failure of the endpoint');
  const queued = await frame().evaluate((key) => localStorage.getItem(key) ?? '', QUEUE_KEY);
  assert.ok(queued.includes('reject-all'), `queued until the endpoint answers: ${queued}`);
  assert.equal(await frame().evaluate(() => window.__ran), undefined, 'the withdrawn script did not run again');
  assert.deepEqual(errors, []);
  await context.close();
});
