// End to end: the browser's retry queue (script-tag build, receipt-endpoint on another origin)
// against the real collector (the CLI on PGlite), which is killed and restarted on the same port
// and data folder halfway: every decision arrives exactly once. The page's timers run on
// Playwright's clock (the backoff goes up to 60 s); the network and the collector are real.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { newTrackedPage, startHarness, until } from './support.mjs';
import { pgliteFolder, receipt, rid, spawnCollector, tempDir } from './receipts-support.mjs';

const QUEUE_KEY = 'migu_consent.receipts';
let h;
let dir;
let port;
let collector;
const token = `${rid()}${rid()}`;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address();
      probe.close(() => { resolve(p); });
    });
  });
}

/** The page, served by the harness: its receipt-endpoint is the collector, another origin. */
const page = (endpoint, revision = '2026-12') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>collector</title>
<script src="/dist/migu-consent.iife.js"></script></head>
<body><migu-consent receipt-endpoint="${endpoint}" revision="${revision}"></migu-consent><h1>collector</h1></body></html>`;
/** The longest revision the element takes (its option check, src/runtime/option-checks.ts): a policy's date and title. */
const LONG_REVISION = `2026-12-08 隐私政策（第三版）：${'个性化推荐与跨境传输的单独同意'.repeat(20)}`.slice(0, 200);
/** A revision written over two lines, with a tab: the attribute keeps both (the element trims only its ends). */
const TEMPLATED_REVISION = '2026-12\t第三版\n修订二';
const REVISIONS = { long: LONG_REVISION, templated: TEMPLATED_REVISION };

before(async () => {
  dir = tempDir();
  writeFileSync(join(dir, 'token'), token);
  await pgliteFolder(dir);
  port = await freePort();
  h = await startHarness({
    middleware: [async (ctx, next) => {
      if (ctx.path !== '/e2e/receipts-collector.html') return next();
      ctx.type = 'text/html';
      ctx.body = page(`http://127.0.0.1:${port}/consent-receipts`, REVISIONS[String(ctx.query.revision)]);
      return undefined;
    }],
  });
});
after(async () => {
  collector?.child.kill('SIGKILL');
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const start = () => spawnCollector(['--port', String(port), '--data', join(dir, 'db'), '--allow-origin', h.base,
  '--admin-token-file', join(dir, 'token')]).then((c) => { collector = c; return c; });

async function stored() {
  const res = await fetch(`${collector.url}/admin/export`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

test('decisions made while the collector is down (and across a reload) arrive exactly once after its restart', async () => {
  await start();
  const { context, page: p, errors } = await newTrackedPage(h.browser);
  await p.clock.install();
  await p.goto(`${h.base}/e2e/receipts-collector.html`);
  await p.locator('[part="accept-all"]').first().click();
  // a first visit's choice is applied once the runtime is in (it comes as the banner is approached)
  await p.waitForFunction(() => window.MiguConsent.get().decided);
  const consentId = await p.evaluate(() => window.MiguConsent.get().consentId);
  await p.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY);
  const first = await stored();
  assert.equal(first.length, 1);

  collector.child.kill('SIGKILL');
  await collector.exited;
  await p.evaluate(() => window.MiguConsent.update({ analytics: false }));
  await p.evaluate(() => { window.MiguConsent.rejectAll(); });
  await p.clock.runFor(5_000); // retries into the void
  await p.reload(); // the queue outlives the page: it goes out as beacons (lost) and again on the next load
  await p.waitForFunction(() => window.MiguConsent?.get().decided === true);
  await p.evaluate(() => window.MiguConsent.update({ marketing: true }));
  await p.clock.runFor(5_000);
  const queued = JSON.parse(await p.evaluate((key) => localStorage.getItem(key), QUEUE_KEY));
  assert.deepEqual(queued.map((r) => r.action), ['update', 'reject-all', 'update']);

  await start();
  // the next retry comes within the backoff (at most 60 s of the page's clock)
  for (let i = 0; i < 40 && await p.evaluate((key) => localStorage.getItem(key), QUEUE_KEY) !== null; i++) {
    await p.clock.runFor(5_000);
    await p.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY, { timeout: 1000 }).catch(() => {});
  }
  const all = await stored();
  const ids = [first[0].receiptId, ...queued.map((r) => r.receiptId)];
  assert.deepEqual(all.map((r) => r.receiptId).sort(), [...ids].sort(), 'every decision, each once');
  assert.ok(all.every((r) => r.consentId === consentId));
  assert.deepEqual(all.map((r) => r.action).sort(), ['accept-all', 'reject-all', 'update', 'update']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a device whose clock is fast: up to a day, its receipts are stored, with the server\'s time beside its own; beyond, refused once per page and kept queued', async () => {
  // before, the collector refused anything over 1 h ahead with a 422 and the page retried it forever: never stored, never drained
  if (collector?.child.exitCode !== null || collector.child.signalCode) await start();
  const decide = async (ahead) => {
    const tracked = await newTrackedPage(h.browser);
    const logged = [];
    const posts = [];
    tracked.page.on('console', (m) => { if (m.text().startsWith('[migu-consent:receipt]')) logged.push(m.text()); });
    tracked.page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/consent-receipts')) posts.push(r.url()); });
    await tracked.page.clock.install({ time: Date.now() + ahead });
    await tracked.page.goto(`${h.base}/e2e/receipts-collector.html`);
    await tracked.page.locator('[part="accept-all"]').first().click();
    await tracked.page.waitForFunction(() => window.MiguConsent.get().decided);
    const consentId = await tracked.page.evaluate(() => window.MiguConsent.get().consentId);
    return { ...tracked, logged, posts, consentId, updatedAt: await tracked.page.evaluate(() => window.MiguConsent.get().updatedAt) };
  };

  const hours = await decide(2 * 3600_000);
  // sent at once (no retry timer runs on this clock): delivered, the queue drained
  await hours.page.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY);
  const [row] = (await stored()).filter((r) => r.consentId === hours.consentId);
  assert.equal(row?.timestamp, hours.updatedAt, 'stored with the time the device claims');
  assert.ok(Date.parse(row.timestamp) - Date.parse(row.storedAt) > 3600_000, `storedAt is the server's: ${row.storedAt}, ${row.timestamp}`);
  assert.deepEqual(hours.logged, []);
  assert.deepEqual(hours.errors, []);
  await hours.context.close();

  // more than the page's own allowance (FUTURE_SKEW): refused, so not sent again from this page, but kept
  // queued for the next one, as CONTRACT.md says (retried until a 2xx): the device's clock may be set right by then
  const days = await decide(2 * 24 * 3600_000);
  await until(() => days.logged.length === 1, () => `one console error, got ${JSON.stringify(days.logged)}`);
  assert.match(days.logged[0], /^\[migu-consent:receipt\] http:\/\/127\.0\.0\.1:\d+\/consent-receipts refused receipt [a-z0-9]{16} with HTTP 422: not sent again from this page, it stays queued for the next$/);
  assert.deepEqual((await stored()).filter((r) => r.consentId === days.consentId), []);
  const queued = await days.page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), QUEUE_KEY);
  assert.deepEqual(queued.map((r) => r.consentId), [days.consentId], 'still queued');
  await days.page.clock.runFor(120_000); // two of the longest backoffs: no retry from this page
  assert.equal(days.posts.length, 1, 'not sent again');
  assert.deepEqual(days.errors, []);
  await days.context.close();
});

test('a queued receipt two tabs load and both send is stored once (the collector keeps one per receiptId)', async () => {
  // the browser does not stop two tabs that start together from sending the same queued receipt (a
  // tab that learns a choice while the deciding tab's request is on its way does so too): harmless here
  if (collector?.child.exitCode !== null || collector.child.signalCode) await start();
  const { context, page: first, errors } = await newTrackedPage(h.browser);
  await first.goto(`${h.base}/e2e/receipts-collector.html`);
  await first.locator('[part="accept-all"]').first().click();
  await first.waitForFunction(() => window.MiguConsent.get().decided);
  await first.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY);
  const { consentId } = await first.evaluate(() => window.MiguConsent.get());
  const queued = receipt({ consentId, action: 'update', page: `${h.base}/e2e/receipts-collector.html` });
  await first.evaluate(([key, r]) => { localStorage.setItem(key, JSON.stringify([r])); }, [QUEUE_KEY, queued]);
  await first.close();
  // both tabs' POSTs of it are held until both have been made: then both reach the collector
  const held = [];
  let releaseAll;
  const both = new Promise((resolve) => { releaseAll = resolve; });
  await context.route(`http://127.0.0.1:${port}/consent-receipts`, async (route) => {
    if (route.request().method() === 'POST') {
      held.push(JSON.parse(route.request().postData()).receiptId);
      if (held.length === 2) releaseAll();
      await both;
    }
    await route.continue();
  });
  const tabs = [await context.newPage(), await context.newPage()];
  await Promise.all(tabs.map((p) => p.goto(`${h.base}/e2e/receipts-collector.html`)));
  await until(() => held.length === 2, () => `POSTs made: ${held.length}`);
  assert.deepEqual(held, [queued.receiptId, queued.receiptId], 'both tabs sent it');
  for (const p of tabs) await p.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY);
  const rows = (await stored()).filter((r) => r.receiptId === queued.receiptId);
  assert.equal(rows.length, 1, 'stored once');
  assert.deepEqual({ ...rows[0], storedAt: undefined }, { ...queued, storedAt: undefined });
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [name, revision, why] of [
  ['long', LONG_REVISION, 'as long as the element takes (200 characters): the collector took 64 (CLI probe 2 F1)'],
  ['templated', TEMPLATED_REVISION, 'written over two lines, with a tab: the collector refused any control character (CLI probe 2 O1)'],
]) {
  test(`a page whose revision is ${why}: its receipts are stored, not refused`, async () => {
    // every receipt of such a page was a 422, kept queued and refused on every page
    if (collector?.child.exitCode !== null || collector.child.signalCode) await start();
    const { context, page: p, errors } = await newTrackedPage(h.browser);
    const answers = [];
    p.on('response', (r) => { if (r.url().endsWith('/consent-receipts') && r.request().method() === 'POST') answers.push(r.status()); });
    await p.goto(`${h.base}/e2e/receipts-collector.html?revision=${name}`);
    await p.locator('[part="accept-all"]').first().click();
    await p.waitForFunction(() => window.MiguConsent.get().decided);
    const { consentId, revision: got } = await p.evaluate(() => window.MiguConsent.get());
    assert.equal(got, revision, 'the element took the revision as written');
    await p.evaluate(() => window.MiguConsent.update({ analytics: false }));
    await until(() => answers.length === 2, () => `answers: ${JSON.stringify(answers)}`);
    assert.deepEqual(answers, [201, 201]);
    await p.waitForFunction((key) => localStorage.getItem(key) === null, QUEUE_KEY);
    const rows = (await stored()).filter((r) => r.consentId === consentId);
    assert.deepEqual(rows.map((r) => [r.action, r.revision]), [['accept-all', revision], ['update', revision]]);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
