// The receipts collector (migu-consent/server) on embedded PGlite: validation, idempotency, CORS,
// rate limit, admin reads, export, hostile input, and the handler inside node:http, Express, Koa
// and Fastify. One database for the file (PGlite's first start is the slow part).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer as createTcpServer } from 'node:net';
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { startCollector, createReceiptsHandler, openStore, parseReceipt, BODY_LIMIT } from 'migu-consent/server';
import { FUTURE_SKEW } from '../dist/core/policy.js';
import { line } from '../node/receipts/format.mjs';
import { reasonOf } from '../node/receipts/store.mjs';
import { BIN, collect, contractBodyCheck, contractReceipt, fastClockCheck, pgliteFolder, post, receipt, rid, runCli, spawnCollector, storeContract, tempDir, upgradeCheck } from './receipts-support.mjs';

const ORIGIN = 'https://www.example.com';
const TOKEN = `${rid()}${rid()}`;
let dir;
let collector;
let url;
const auth = { Authorization: `Bearer ${TOKEN}` };

before(async () => {
  dir = tempDir();
  collector = await startCollector({ port: 0, data: await pgliteFolder(dir), allowOrigins: [ORIGIN], adminToken: TOKEN, rateLimit: 0 });
  url = collector.url;
});
after(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `ms` written in the local time of a UTC offset of `minutes`: the same instant, another notation. */
function withOffset(ms, minutes) {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return new Date(ms + minutes * 60_000).toISOString().replace('Z', `${sign}${hhmm}`);
}

/** The day after the last of the month before `ms`'s (e.g. "…-11-31"): within the age limit, and not a date. */
function pastMonthEnd(ms) {
  const d = new Date(ms);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)); // day 0: the previous month's last
  return `${last.toISOString().slice(0, 8)}${last.getUTCDate() + 1}T00:00:00.000Z`;
}

/** Every stored receipt (the check that hostile input left nothing behind). */
const everything = () => collect(collector.store.export());

describe('store contract (PGlite)', () => {
  storeContract(test, () => collector.store);
});

test('a collector started with its clock a month fast purges nothing still within retention, and says why (collector probe F1)', async () => {
  const kept = receipt();
  assert.equal((await post(url, kept)).status, 201);
  const logged = [];
  const realNow = Date.now;
  let fast;
  // the host's clock 31 days fast (no RTC, a bad NTP source, a VM restored), a 30-day retention: once, it purged every receipt
  Date.now = () => realNow() + 31 * 86_400_000;
  try {
    fast = await startCollector({ port: 0, store: collector.store, retentionDays: 30, rateLimit: 0, log: (m) => logged.push(m) });
    for (let i = 0; i < 500 && !logged.some((m) => m.startsWith('retention: counted from the newest receipt')); i++) await new Promise((r) => { setTimeout(r, 20); });
  } finally {
    Date.now = realNow;
    await fast?.close();
  }
  assert.match(logged.join('\n'), /retention: counted from the newest receipt, 3[01] days before this host's clock/);
  assert.ok(!logged.some((m) => m.includes('purged')), logged.join('\n'));
  assert.ok((await everything()).some((r) => r.receiptId === kept.receiptId), 'the receipt is still there');
});

describe('POST /consent-receipts', () => {
  test('a valid receipt is stored (201), a repeat answered 200 and stored once; sendBeacon\'s text/plain too', async () => {
    const r = receipt();
    const first = await post(url, r);
    assert.equal(first.status, 201);
    assert.equal(first.json.receiptId, r.receiptId);
    assert.equal(first.json.duplicate, false);
    const again = await post(url, r, { type: 'text/plain;charset=UTF-8' });
    assert.equal(again.status, 200);
    assert.equal(again.json.duplicate, true);
    assert.equal(again.json.storedAt, first.json.storedAt);
    const beacon = receipt();
    assert.equal((await post(url, JSON.stringify(beacon), { type: 'text/plain;charset=UTF-8' })).status, 201);
    const rows = await collect(collector.store.export({ consentId: r.consentId }));
    assert.deepEqual(rows, [{ ...r, storedAt: first.json.storedAt }]);
  });

  test('the same receiptId with another body is a 409 and changes nothing', async () => {
    const r = receipt();
    assert.equal((await post(url, r)).status, 201);
    const res = await post(url, { ...r, categories: { ...r.categories, marketing: true } });
    assert.equal(res.status, 409);
    assert.match(res.json.error, /another body/);
    const [row] = await collect(collector.store.export({ consentId: r.consentId }));
    assert.equal(row.categories.marketing, false);
  });

  const now = Date.now();
  const invalid = [
    ['not an object', [1, 2], /not a JSON object/],
    ['null', null, /not a JSON object/],
    ['a field missing', Object.fromEntries(Object.entries(receipt()).filter(([k]) => k !== 'page')), /missing field "page"/],
    ['an unknown field', { ...receipt(), ip: '1.2.3.4' }, /unknown field "ip"/],
    ['receiptId too short', receipt({ receiptId: 'abc' }), /receiptId/],
    ['receiptId a number', receipt({ receiptId: 12345678901 }), /receiptId/],
    ['consentId with SQL', receipt({ consentId: "x'; DROP TABLE consent_receipts; --" }), /consentId/],
    ['timestamp not ISO', receipt({ timestamp: 'yesterday' }), /timestamp/],
    ['timestamp over a day ahead (more clock skew than the page allows)', receipt({ timestamp: new Date(now + FUTURE_SKEW + 3600_000).toISOString() }), /more than 1 day ahead of the server's clock/],
    ['timestamp two years old', receipt({ timestamp: new Date(now - 730 * 24 * 3600_000).toISOString() }), /older than/],
    // Date.parse rolls these over into a recent time; PostgreSQL refuses them: never a 503
    ['timestamp a day past the end of last month', receipt({ timestamp: pastMonthEnd(now) }), /timestamp/],
    ['timestamp on April 31', receipt({ timestamp: '2026-04-31T00:00:00.000Z' }), /timestamp/],
    ['timestamp at 24:00', receipt({ timestamp: `${new Date(now - 2 * 24 * 3600_000).toISOString().slice(0, 10)}T24:00:00.000Z` }), /timestamp/],
    ['timestamp with an offset of +16:00', receipt({ timestamp: withOffset(now, 16 * 60) }), /timestamp/],
    ['timestamp with an offset of -18:00', receipt({ timestamp: withOffset(now, -18 * 60) }), /timestamp/],
    ['timestamp with an offset of +05:60', receipt({ timestamp: withOffset(now, 6 * 60).replace('+06:00', '+05:60') }), /timestamp/],
    ['unknown action', receipt({ action: 'drop' }), /action/],
    // optional since conformance probe F3, still checked when sent
    ['action null', receipt({ action: null }), /^action: one of /],
    ['action a number', receipt({ action: 1 }), /^action: one of /],
    ['action empty', receipt({ action: '' }), /^action: one of /],
    ['action unknown, the other fields the contract\'s', { ...contractReceipt(), action: 'drop' }, /^action: one of /],
    ['unknown source', receipt({ source: 'admin' }), /source/],
    ['a category not boolean', receipt({ categories: { analytics: 'yes' } }), /categories: "analytics" is not a boolean/],
    ['categories an array', receipt({ categories: [true] }), /categories/],
    ['a nested object in services', receipt({ services: { a: { b: true } } }), /services/],
    ['too many categories', receipt({ categories: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`c${i}`, true])) }), /more than 64/],
    ['a category id with SQL', receipt({ categories: { "a'||pg_sleep(5)||'": true } }), /categories: id/],
    ['signals incomplete', receipt({ signals: { dnt: true } }), /signals/],
    ['page with a query string', receipt({ page: 'https://www.example.com/?uid=42' }), /page/],
    ['page javascript:', receipt({ page: 'javascript:alert(1)' }), /page/],
    ['page javascript://', receipt({ page: 'javascript://alert(1)' }), /page/],
    ['page with credentials', receipt({ page: 'http://user:pass@www.example.com/x' }), /page/],
    ['page with no host', receipt({ page: 'https:///x' }), /page/],
    ['page ftp:', receipt({ page: 'ftp://www.example.com/x' }), /page/],
    // each says why (docs probe F9: a 3-character one was refused for "1 to 64 characters")
    ['revision with a NUL', receipt({ revision: 'a\u0000b' }), /^revision: a control character \(/],
    ['revision with a C1 control (NEL, a line end for str.splitlines())', receipt({ revision: 'a\u0085b' }), /^revision: a control character \(/],
    // tab and line breaks are taken there (an attribute written over two lines keeps them), no other control
    ['revision with an escape (a terminal\'s control sequences)', receipt({ revision: 'a\u001b[2Jb' }), /^revision: a control character \(/],
    ['page with a C1 control', receipt({ page: 'https://www.example.com/a\u0085b' }), /^page: a control character \(/],
    ['revision with a lone surrogate', receipt({ revision: '\ud800' }), /^revision: a lone surrogate \(/],
    ['revision too long', receipt({ revision: 'x'.repeat(201) }), /^revision: more than 200 characters \(1 to 200 characters expected\)$/],
    ['revision empty', receipt({ revision: '' }), /^revision: empty \(/],
    ['revision a number', receipt({ revision: 3 }), /^revision: not a string \(/],
    // JSON.parse keeps the last of two: one body saying both was stored as accept-all (collector probe F8)
    ['a field given twice', JSON.stringify(receipt({ action: 'reject-all' })).replace(/}$/, ',"action":"accept-all"}'), /^field "action" given twice$/],
    ['a category given twice, once escaped', JSON.stringify(receipt({ categories: { analytics: false } })).replace('"analytics":false', '"analytics":false,"\\u0061nalytics":true'), /^field "analytics" given twice$/],
  ];
  for (const [name, body, reason] of invalid) {
    test(`422 with a reason: ${name}`, async () => {
      const before = (await everything()).length;
      const res = await post(url, body);
      assert.equal(res.status, 422, JSON.stringify(res.json));
      assert.match(res.json.error, reason);
      assert.equal((await everything()).length, before);
    });
  }

  test('a body with exactly the contract\'s fields (no action) is stored (201) once, exported and counted; the CLI reads it (conformance probe F3)', async () => {
    // before: 422 missing field "action", so a sender built from CONTRACT.md alone (an app, a checker) was refused for good
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, TOKEN);
    const r = await contractBodyCheck(url, collector.store, ['--url', url, '--admin-token-file', tokenFile]);
    const nd = await (await fetch(`${url}/admin/export?consentId=${r.consentId}`, { headers: auth })).text();
    assert.deepEqual(Object.keys(JSON.parse(nd)), [...Object.keys(r), 'storedAt']);
    const counts = await (await fetch(`${url}/admin/counts`, { headers: auth })).json();
    assert.ok(counts.days.some((d) => d.actions.unspecified >= 1), JSON.stringify(counts));
  });

  test('a device clock up to a day fast is stored, with the server\'s time beside the one it claims; more is refused', async () => {
    // before, 1 h was the limit: such a device's receipts were refused on every retry, never stored
    await fastClockCheck(url, collector.store);
  });

  test('a timestamp in any real offset PostgreSQL takes is stored, and pages as pageOf() makes them', async () => {
    for (const minutes of [14 * 60, -12 * 60, 15 * 60 + 59, -(15 * 60 + 59), 5 * 60 + 30]) {
      const res = await post(url, receipt({ timestamp: withOffset(now, minutes) }));
      assert.equal(res.status, 201, `${withOffset(now, minutes)}: ${JSON.stringify(res.json)}`);
    }
    for (const page of ['', 'http://127.0.0.1:8080/', 'https://[::1]/a/@b', 'https://www.example.com/%E4%BD%A0']) {
      const res = await post(url, receipt({ page }));
      assert.equal(res.status, 201, `${page}: ${JSON.stringify(res.json)}`);
    }
  });

  test('wrong method, content type and route', async () => {
    assert.equal((await fetch(`${url}/consent-receipts`)).status, 405);
    assert.equal((await post(url, receipt(), { type: 'application/x-www-form-urlencoded' })).status, 415);
    assert.equal((await fetch(`${url}/other`, { method: 'POST' })).status, 404);
  });
});

test('the collector takes every action and source the browser sends (src/core/store.ts, src/core/types.ts)', () => {
  const union = (file, name) => {
    const text = readFileSync(new URL(`../src/core/${file}`, import.meta.url), 'utf8');
    const m = new RegExp(`export type ${name} = ([^;]+);`).exec(text);
    assert.ok(m, `${name} in ${file}`);
    return [...m[1].matchAll(/'([\w-]+)'/g)].map((x) => x[1]);
  };
  const actions = union('store.ts', 'DecisionCause');
  const sources = union('types.ts', 'Source');
  assert.ok(actions.includes('reset') && sources.includes('user'));
  for (const action of actions) for (const source of sources) {
    const checked = parseReceipt(new TextEncoder().encode(JSON.stringify(receipt({ action, source }))), Date.now());
    assert.equal(checked.ok, true, `${action} / ${source}: ${checked.reason ?? ''}`);
  }
});

describe('CORS', () => {
  test('a configured origin gets its preflight and Access-Control-Allow-Origin', async () => {
    const pre = await fetch(`${url}/consent-receipts`, {
      method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(pre.headers.get('access-control-allow-headers'), /Content-Type/i);
    const res = await post(url, receipt(), { headers: { Origin: ORIGIN } });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  });

  test('any other origin is refused (403), preflight and beacon alike, and nothing is stored', async () => {
    const pre = await fetch(`${url}/consent-receipts`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const r = receipt();
    const res = await post(url, JSON.stringify(r), { type: 'text/plain', headers: { Origin: 'https://evil.example' } });
    assert.equal(res.status, 403);
    assert.deepEqual(await collect(collector.store.export({ consentId: r.consentId })), []);
  });

  test('the collector\'s own origin is taken besides the listed ones (a collector on the site that also serves a sibling)', async () => {
    const r = receipt();
    const res = await post(url, JSON.stringify(r), { type: 'text/plain', headers: { Origin: new URL(url).origin } });
    assert.equal(res.status, 201);
    assert.equal((await collect(collector.store.export({ consentId: r.consentId }))).length, 1);
  });
});

describe('rate limit', () => {
  test('a client over its limit gets 429 with Retry-After; another client does not', async () => {
    const handler = createReceiptsHandler({ store: collector.store, rateLimit: 3, trustProxy: true });
    const server = createServer((req, res) => { void handler(req, res); });
    await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    const base = `http://127.0.0.1:${server.address().port}`;
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(base, receipt(), { headers: { 'X-Forwarded-For': '203.0.113.7' } })).status);
      assert.deepEqual(statuses, [201, 201, 201, 429]);
      const limited = await post(base, receipt(), { headers: { 'X-Forwarded-For': '203.0.113.7' } });
      assert.equal(limited.headers.get('retry-after'), '60');
      assert.equal((await post(base, receipt(), { headers: { 'X-Forwarded-For': '203.0.113.8' } })).status, 201);
      // receipts and admin reads are counted apart: the client's receipts leave its admin reads theirs
      const counts = () => fetch(`${base}/admin/counts`, { headers: { 'X-Forwarded-For': '203.0.113.7' } }).then((r) => r.status);
      assert.deepEqual([await counts(), await counts(), await counts(), await counts()], [404, 404, 404, 429]);
    } finally {
      handler.close();
      await new Promise((resolve) => { server.close(resolve); });
    }
  });

  test('a 429 to an allowed origin carries CORS headers and exposes Retry-After, so the page can read and wait for it', async () => {
    // before, the 429 came before the CORS headers: the browser saw a network error and retried within a second
    const handler = createReceiptsHandler({ store: collector.store, rateLimit: 1, allowOrigins: [ORIGIN] });
    const server = createServer((req, res) => { void handler(req, res); });
    await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    const base = `http://127.0.0.1:${server.address().port}`;
    try {
      // preflights are not counted: each cross-origin receipt sends one, and a 429 to it hides Retry-After from the page
      for (let i = 0; i < 3; i++) {
        const pre = await fetch(`${base}/consent-receipts`, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
        assert.equal(pre.status, 204, `preflight ${String(i)}`);
      }
      const ok = await post(base, receipt(), { headers: { Origin: ORIGIN } });
      assert.equal(ok.status, 201);
      assert.equal(ok.headers.get('access-control-expose-headers'), 'Retry-After, Date');
      const limited = await post(base, receipt(), { headers: { Origin: ORIGIN } });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(limited.headers.get('access-control-expose-headers'), 'Retry-After, Date');
      assert.ok(Date.parse(limited.headers.get('date')) > 0, 'the Date a Retry-After date counts from');
      assert.equal((await post(base, receipt(), { headers: { Origin: 'https://evil.example' } })).headers.get('access-control-allow-origin'), null);
    } finally {
      handler.close();
      await new Promise((resolve) => { server.close(resolve); });
    }
  });
});

describe('admin reads', () => {
  const paths = [['GET', '/admin/consents/abcdefgh12345678'], ['DELETE', '/admin/consents/abcdefgh12345678'],
    ['GET', '/admin/export'], ['GET', '/admin/counts'], ['POST', '/admin/purge']];
  test('nothing is readable without the admin token', async () => {
    for (const [method, path] of paths) {
      assert.equal((await fetch(`${url}${path}`, { method })).status, 401, path);
      assert.equal((await fetch(`${url}${path}`, { method, headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status, 401, path);
    }
  });

  test('without a configured token the admin reads do not exist', async () => {
    const handler = createReceiptsHandler({ store: collector.store });
    const server = createServer((req, res) => { void handler(req, res); });
    await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    try {
      const res = await fetch(`http://127.0.0.1:${server.address().port}/admin/export`, { headers: auth });
      assert.equal(res.status, 404);
    } finally {
      handler.close();
      await new Promise((resolve) => { server.close(resolve); });
    }
  });

  test('history, counts, export (NDJSON and CSV) and deletion with a tombstone, over HTTP', async () => {
    const consentId = rid();
    const a = receipt({ consentId, action: 'accept-all', timestamp: new Date(Date.now() - 2000).toISOString() });
    const b = receipt({ consentId, action: 'update', categories: { necessary: true, marketing: false }, page: 'https://www.example.com/a,b"c' });
    await post(url, a);
    await post(url, b);
    const history = await (await fetch(`${url}/admin/consents/${consentId}`, { headers: auth })).json();
    assert.deepEqual(history.receipts.map((r) => r.receiptId), [a.receiptId, b.receiptId]);
    assert.equal(history.deletion, null);

    const counts = await (await fetch(`${url}/admin/counts`, { headers: auth })).json();
    assert.ok(counts.days.at(-1).actions.update >= 1);

    const nd = await fetch(`${url}/admin/export?consentId=${consentId}`, { headers: auth });
    assert.match(nd.headers.get('content-type'), /ndjson/);
    const lines = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.receiptId).sort(), [a.receiptId, b.receiptId].sort());
    const line = lines.find((l) => l.receiptId === a.receiptId);
    assert.deepEqual(Object.keys(line), [...Object.keys(a), 'storedAt']);
    assert.ok(!Number.isNaN(Date.parse(line.storedAt)));

    const csv = await (await fetch(`${url}/admin/export?consentId=${consentId}&format=csv`, { headers: auth })).text();
    const rows = csv.trim().split('\r\n');
    assert.equal(rows.length, 3);
    assert.match(rows[0], /^storedAt,receiptId,consentId,/);
    assert.ok(rows.some((r) => r.endsWith(',"https://www.example.com/a,b""c"')), csv);

    const del = await fetch(`${url}/admin/consents/${consentId}`, { method: 'DELETE', headers: auth });
    assert.equal(del.status, 200);
    const tomb = await del.json();
    assert.equal(tomb.receipts, 2);
    const after = await (await fetch(`${url}/admin/consents/${consentId}`, { headers: auth })).json();
    assert.deepEqual(after.receipts, []);
    assert.deepEqual(Object.keys(after.deletion).sort(), ['consentId', 'deletedAt', 'receipts']);
    assert.equal((await post(url, a)).status, 200, 'a late retry of a deleted receipt');
    assert.deepEqual((await (await fetch(`${url}/admin/consents/${consentId}`, { headers: auth })).json()).receipts, []);

    const purge = await fetch(`${url}/admin/purge?retentionDays=3650`, { method: 'POST', headers: auth });
    assert.equal(purge.status, 200);
    assert.equal((await purge.json()).receipts, 0);
    const kept = receipt();
    assert.equal((await post(url, kept)).status, 201);
    for (const days of ['0', '']) {
      const keep = await fetch(`${url}/admin/purge?retentionDays=${days}`, { method: 'POST', headers: auth });
      assert.equal(keep.status, days ? 200 : 400, `retentionDays=${days}`);
      if (days) assert.deepEqual(await keep.json(), { before: null, receipts: 0, partitionsDropped: [] }, '0 keeps every receipt');
    }
    assert.ok((await everything()).some((r) => r.receiptId === kept.receiptId), 'a receipt stored just now is still there');
    for (const days of ['36501', '1e12', '-1', 'x']) {
      const far = await fetch(`${url}/admin/purge?retentionDays=${days}`, { method: 'POST', headers: auth });
      assert.equal(far.status, 400, `retentionDays=${days}`);
      assert.match((await far.json()).error, /from 0 to 36500/);
    }
    assert.equal((await fetch(`${url}/admin/consents/not-an-id!`, { headers: auth })).status, 400);
    assert.equal((await fetch(`${url}/admin/consents/%E0%A4%A`, { headers: auth })).status, 400, 'a malformed escape');
    assert.equal((await fetch(`${url}/admin/export?since=garbage`, { headers: auth })).status, 400);
    assert.equal((await fetch(`${url}/admin/export?since=2026-02-30`, { headers: auth })).status, 400, 'a day past the month\'s end');
    assert.equal((await fetch(`${url}/admin/counts?until=Dec%2025`, { headers: auth })).status, 400, 'not ISO 8601');
    // real times past the years 1 to 9999 in UTC, which PGlite refuses: the export answered 200, then cut its connection (CLI probe 2 F4)
    for (const q of ['until=0001-01-01T00:00:00%2B15:00', 'since=9999-12-31T23:59:59-15:59']) {
      for (const read of ['export', 'counts']) assert.equal((await fetch(`${url}/admin/${read}?${q}`, { headers: auth })).status, 400, `${read}?${q}`);
    }
  });

  test('the CLI reads through a running collector with --url (the PGlite folder is locked while it runs)', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, TOKEN);
    const r = receipt();
    await post(url, r);
    const out = await runCli(['receipts', 'export', '--url', url, '--admin-token-file', tokenFile, '--consent-id', r.consentId]);
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout.trim()).receiptId, r.receiptId);
    const csv = await runCli(['receipts', 'export', '--url', url, '--admin-token-file', tokenFile, '--format', 'csv', '--consent-id', r.consentId]);
    assert.equal(csv.stdout.trim().split('\r\n').length, 2);
    const history = await runCli(['receipts', 'history', r.consentId, '--url', url, '--admin-token-file', tokenFile]);
    assert.equal(JSON.parse(history.stdout).receipts[0].receiptId, r.receiptId);
    // a refusal is said as a sentence, not as the collector's raw JSON
    const wrong = join(dir, 'wrong-token');
    writeFileSync(wrong, 'not-the-token-not-the-token');
    const refused = await runCli(['receipts', 'export', '--url', url, '--admin-token-file', wrong]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^migu-consent receipts: the collector at ${new URL(url).origin.replace(/\./g, '\\.')} answered 401: [^{]+$`, 'm'));
    const locked = await runCli(['receipts', 'export', '--data', join(dir, 'db')]);
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /is open in process \d+/);
    const usage = await runCli(['receipts', 'export', '--format', 'xml']);
    assert.equal(usage.code, 2);
  });

  test('NDJSON export escapes U+0085, U+2028 and U+2029: one receipt a line for any line splitter (Python\'s splitlines), over HTTP and --url', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, TOKEN);
    const r = receipt({ revision: 'v\u20281\u2029b' });
    assert.equal((await post(url, r)).status, 201);
    const http = await (await fetch(`${url}/admin/export?consentId=${r.consentId}`, { headers: auth })).text();
    const cli = await runCli(['receipts', 'export', '--url', url, '--admin-token-file', tokenFile, '--consent-id', r.consentId]);
    assert.equal(cli.code, 0, cli.stderr);
    for (const text of [http, cli.stdout]) {
      assert.ok(!/[\u2028\u2029]/.test(text), JSON.stringify(text));
      assert.ok(text.includes('v\\u20281\\u2029b'), text);
      // eslint-disable-next-line no-control-regex -- the separators str.splitlines() ends lines at
      const lines = text.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).filter(Boolean); // what str.splitlines() splits on
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.equal(JSON.parse(lines[0]).revision, r.revision);
    }
    // U+0085 too (str.splitlines() ends a line there), which a receipt cannot carry but an older row can
    const stored = line({ ...receipt(), storedAt: new Date().toISOString(), revision: 'a\u0085b' }, 'ndjson');
    assert.ok(!stored.includes('\u0085') && stored.includes('a\\u0085b'), JSON.stringify(stored));
    assert.equal(JSON.parse(stored).revision, 'a\u0085b');
  });

  test('CSV export defuses every cell a spreadsheet would run (OWASP): | and leading spaces, tab, CR, full-width signs', async () => {
    const consentId = rid();
    const hostile = ['=1+1', '+1', '-1', '@SUM(A1)', '|calc', " =HYPERLINK(\"x\")", '   +1', '\u3000@x', '\uff1d1+1', '\uff0b1', '\uff0d1', '\uff20x', '\uff5ccalc'];
    const benign = ['2026-11', 'a=b', ' v2', 'x|y'];
    for (const revision of [...hostile, ...benign]) assert.equal((await post(url, receipt({ consentId, revision }))).status, 201, revision);
    const csv = await (await fetch(`${url}/admin/export?consentId=${consentId}&format=csv`, { headers: auth })).text();
    const cells = csv.trim().split('\r\n').slice(1).map((row) => {
      const m = /^[^,]*,[^,]*,[^,]*,("(?:[^"]|"")*"|[^,]*),/.exec(row);
      return m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1];
    });
    assert.deepEqual(cells.sort(), [...hostile.map((v) => `'${v}`), ...benign].sort());
    // what a receipt cannot carry (control characters are refused) but another writer of the store could
    const base = { ...receipt(), storedAt: new Date().toISOString() };
    for (const revision of ['\t=1', '\r+1', '\n-1', '\t', ' \t@x']) {
      const row = line({ ...base, revision }, 'csv');
      assert.ok(row.includes(`,"'${revision}",`) || row.includes(`,'${revision},`), JSON.stringify(row));
    }
  });

  test('an export read slowly keeps a constant number of listeners on the response (no leak per pause of the reader)', async () => {
    const consentId = rid();
    const body = JSON.stringify(receipt({ consentId, page: `https://www.example.com/${'a'.repeat(2000)}` }));
    await collector.store.db.query(`INSERT INTO consent_receipt_ids SELECT $1 || g, now(), 'x' FROM generate_series(1, 2000) g`, [`slow${consentId}`]);
    await collector.store.db.query(`INSERT INTO consent_receipts (received_at, receipt_id, consent_id, decided_at, action, source, revision, body)
      SELECT now(), $1 || g, $2, now(), 'accept-all', 'user', '1', $3::jsonb FROM generate_series(1, 2000) g`, [`slow${consentId}`, consentId, body]);
    const handler = createReceiptsHandler({ store: collector.store, adminToken: TOKEN, rateLimit: 0 });
    let response;
    const server = createServer((req, res) => { response = res; void handler(req, res); });
    await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    try {
      const res = await fetch(`http://127.0.0.1:${server.address().port}/admin/export?consentId=${consentId}`, { headers: auth });
      let most = 0;
      let lines = 0;
      for await (const chunk of res.body) {
        most = Math.max(most, response.listenerCount('close'), response.listenerCount('drain'));
        lines += Buffer.from(chunk).toString().split('\n').length - 1;
        await new Promise((resolve) => { setImmediate(resolve); }); // a reader slower than the database
      }
      assert.equal(lines, 2000);
      assert.ok(most <= 3, `${most} listeners on the response at once`);
    } finally {
      handler.close();
      await new Promise((resolve) => { server.close(resolve); });
      await collector.store.deleteConsent(consentId);
    }
  });
});


describe('command line: bad input and failures end with a message and a status, leaving nothing behind', () => {
  /** Long enough for a loaded machine; a CLI still running then is a hang, and fails the test. */
  const LIMIT = 90_000;
  let scratch;
  before(() => { scratch = tempDir(); });
  after(() => { rmSync(scratch, { recursive: true, force: true }); });

  test('serve that cannot listen exits 1 with the reason and leaves its database free', async () => {
    const data = await pgliteFolder(tempDir()); // an existing database: opened before the listen fails
    try {
      const busy = await runCli(['receipts', 'serve', '--port', new URL(url).port, '--data', data], { timeout: LIMIT });
      assert.equal(busy.timedOut, false, `still running after a failed listen: ${busy.stderr}`);
      assert.equal(busy.code, 1, busy.stderr);
      assert.match(busy.stderr, /^migu-consent receipts: .*EADDRINUSE/m);
      assert.equal(busy.stdout, '');
      const host = await runCli(['receipts', 'serve', '--port', '0', '--host', '999.1.1.1', '--data', data], { timeout: LIMIT });
      assert.equal(host.timedOut, false, `still running after a failed listen: ${host.stderr}`);
      assert.equal(host.code, 1, host.stderr);
      assert.match(host.stderr, /999\.1\.1\.1/);
      const read = await runCli(['receipts', 'export', '--data', data], { timeout: LIMIT });
      assert.equal(read.code, 0, `the lock was kept: ${read.stderr}`);
    } finally {
      rmSync(join(data, '..'), { recursive: true, force: true });
    }
  });

  test('a PostgreSQL that accepts and never answers fails within connect_timeout (default 10 s), the password never shown', async () => {
    // what a firewall dropping packets or a stuck proxy looks like: pg alone waits without end
    const silent = createTcpServer((socket) => { socket.on('error', () => {}); });
    await new Promise((resolve) => { silent.listen(0, '127.0.0.1', resolve); });
    const at = `postgres://alice:S3cretPW@127.0.0.1:${silent.address().port}/receipts`;
    try {
      const cases = [
        [['export', '--database-url', `${at}?connect_timeout=2`], {}, 2],
        [['counts', '--database-url', at], { PGCONNECT_TIMEOUT: '1' }, 1],
        [['serve', '--port', '0', '--database-url', at], {}, 10],
      ];
      for (const [args, env, seconds] of cases) {
        const run = await runCli(['receipts', ...args], { env, timeout: LIMIT });
        assert.equal(run.timedOut, false, `${args[0]} still waiting for the database after ${LIMIT} ms`);
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.stderr, `migu-consent receipts: PostgreSQL at 127.0.0.1:${silent.address().port} did not answer within ${seconds} s `
          + '(connect_timeout in the URL or PGCONNECT_TIMEOUT changes it)\n');
        assert.equal(run.stdout, '');
      }
    } finally {
      silent.close();
    }
  });

  test('--url: credentials in it are a usage error that never shows them; a collector not there is named with the reason', async () => {
    const env = { MIGU_RECEIPTS_ADMIN_TOKEN: 'a-token-of-24-characters' };
    const closed = createTcpServer();
    await new Promise((resolve) => { closed.listen(0, '127.0.0.1', resolve); });
    const { port } = closed.address();
    await new Promise((resolve) => { closed.close(resolve); });
    for (const url of [`http://admin:S3cretPW@127.0.0.1:${port}`, `http://:S3cretPW@127.0.0.1:${port}/`, 'http://admin:S3cretPW@[::1']) {
      const run = await runCli(['receipts', 'export', '--url', url], { env, timeout: LIMIT });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^migu-consent receipts: --url: /);
      assert.ok(!run.stderr.includes('S3cretPW'), run.stderr);
    }
    const away = await runCli(['receipts', 'counts', '--url', `http://127.0.0.1:${port}`], { env, timeout: LIMIT });
    assert.equal(away.code, 1, away.stderr);
    assert.equal(away.stderr, `migu-consent receipts: cannot reach the collector at http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  test('--url to a collector that goes silent (before answering or midway) fails after --timeout, one that breaks off midway at once; naming it, never its token; output cut short is said to be', async () => {
    const env = { MIGU_RECEIPTS_ADMIN_TOKEN: 'a-token-of-24-characters' };
    // accepts and never answers: what a stuck proxy looks like; fetch alone waited 5 minutes
    const mute = createTcpServer((socket) => { socket.on('error', () => {}); });
    // answers, sends one receipt and then nothing more
    const stalls = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.write(`${JSON.stringify(receipt())}\n`);
    });
    // answers, sends one receipt and breaks the connection (a collector killed midway)
    const breaks = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.write(`${JSON.stringify(receipt())}\n`, () => { res.socket?.destroy(); });
    });
    for (const server of [mute, stalls, breaks]) await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    try {
      const cases = [
        [mute, ['counts'], '', 'sent nothing for 0.3 s (--timeout MS changes it)'],
        // midway: the output is said to be incomplete, not "cannot reach" after lines were written (collector probe F11)
        [stalls, ['export'], /^\{"receiptId"/, 'sent nothing more for 0.3 s (--timeout MS changes it): the output is incomplete'],
        [breaks, ['export'], /^\{"receiptId"/, /^broke off its answer \(.+\): the output is incomplete$/],
      ];
      for (const [server, args, out, said] of cases) {
        const at = `http://127.0.0.1:${server.address().port}`;
        const run = await runCli(['receipts', ...args, '--url', at, '--timeout', '300'], { env, timeout: LIMIT });
        assert.equal(run.timedOut, false, `${args[0]} still waiting for the collector after ${LIMIT} ms`);
        assert.equal(run.code, 1, run.stderr);
        const prefix = `migu-consent receipts: the collector at ${at} `;
        assert.ok(run.stderr.startsWith(prefix) && run.stderr.endsWith('\n'), run.stderr);
        const rest = run.stderr.slice(prefix.length, -1);
        if (typeof said === 'string') assert.equal(rest, said);
        else assert.match(rest, said);
        if (typeof out === 'string') assert.equal(run.stdout, out);
        else assert.match(run.stdout, out);
      }
      for (const value of ['5s', '3000000000']) {
        const bad = await runCli(['receipts', 'counts', '--url', `http://127.0.0.1:${mute.address().port}`, '--timeout', value], { env, timeout: LIMIT });
        assert.equal(bad.code, 2, bad.stderr);
        assert.ok(bad.stderr.startsWith(`migu-consent receipts: --timeout: a whole number from 0 to 2147483647 expected, not "${value}"`), bad.stderr);
      }
    } finally {
      stalls.closeAllConnections();
      stalls.close();
      breaks.close();
      mute.close();
    }
  });

  test('--admin-token-file that cannot be read: a usage error naming the file, as an empty one is', async () => {
    const missing = join(dir, 'no-such-token');
    for (const args of [['serve', '--port', '0'], ['counts', '--url', 'http://127.0.0.1:9']]) {
      const run = await runCli(['receipts', ...args, '--admin-token-file', missing], { timeout: LIMIT });
      assert.equal(run.code, 2, run.stderr);
      assert.ok(run.stderr.startsWith(`migu-consent receipts: --admin-token-file ${missing}: cannot read it (ENOENT)\n`), run.stderr);
    }
  });

  test('--database-url (or DATABASE_URL) that is no PostgreSQL URL: a usage error saying what is expected, never the value', async () => {
    for (const [args, env] of [
      [['export', '--database-url', 'base'], {}],
      [['counts', '--database-url', 'postgress://alice:S3cretPW@db.example/receipts'], {}],
      [['serve', '--port', '0', '--database-url', 'localhost:5432'], {}],
      [['history', rid()], { DATABASE_URL: 'S3cretPW' }],
    ]) {
      const run = await runCli(['receipts', ...args], { env, timeout: LIMIT });
      assert.equal(run.code, 2, run.stderr);
      const name = env.DATABASE_URL ? 'DATABASE_URL' : '--database-url';
      assert.ok(run.stderr.startsWith(`migu-consent receipts: ${name}: a PostgreSQL URL expected (postgres://USER:PASSWORD@HOST:PORT/DATABASE); `
        + 'for the embedded database, --data DIR\n'), run.stderr);
      assert.ok(!/S3cretPW|ENOTFOUND|\n\s+at /.test(run.stderr), run.stderr);
      assert.equal(run.stdout, '');
    }
    await assert.rejects(openStore({ databaseUrl: 'base' }), (error) => error instanceof TypeError && /^databaseUrl: a PostgreSQL URL expected/.test(error.message));
  });

  test('serve stops on SIGTERM even while an admin export goes to a client that stopped reading, and frees its database', async () => {
    const data = await pgliteFolder(tempDir());
    try {
      const store = await openStore({ data });
      const consentId = rid();
      const body = JSON.stringify(receipt({ consentId, page: `https://www.example.com/${'a'.repeat(2000)}` }));
      // far more than the socket buffers hold, so that the export is still writing when the reader stops
      await store.db.query(`INSERT INTO consent_receipt_ids SELECT 'stuck' || g, now(), 'x' FROM generate_series(1, 5000) g`);
      await store.db.query(`INSERT INTO consent_receipts (received_at, receipt_id, consent_id, decided_at, action, source, revision, body)
        SELECT now(), 'stuck' || g, $1, now(), 'accept-all', 'user', '1', $2::jsonb FROM generate_series(1, 5000) g`, [consentId, body]);
      await store.close();
      const tokenFile = join(scratch, 'stuck-token');
      writeFileSync(tokenFile, TOKEN);
      const serve = await spawnCollector(['--data', data, '--admin-token-file', tokenFile]);
      const { port, hostname } = new URL(serve.url);
      const client = connect(Number(port), hostname);
      client.on('error', () => {});
      client.write(`GET /admin/export HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
      await new Promise((resolve) => { client.once('data', resolve); });
      client.pause(); // and never reads again
      const guard = setTimeout(() => { serve.child.kill('SIGKILL'); }, LIMIT);
      serve.child.kill('SIGTERM');
      const code = await serve.exited;
      clearTimeout(guard);
      client.destroy();
      assert.equal(serve.child.signalCode, null, `still running ${LIMIT} ms after SIGTERM: ${serve.stderr()}`);
      assert.equal(code, 0, serve.stderr());
      assert.ok(!/Warning|Error/.test(serve.stderr()), serve.stderr());
      const read = await runCli(['receipts', 'counts', '--data', data], { timeout: LIMIT });
      assert.equal(read.code, 0, `the database was left locked: ${read.stderr}`);
      assert.equal(JSON.parse(read.stdout).receipts, 5000);
    } finally {
      rmSync(join(data, '..'), { recursive: true, force: true });
    }
  });

  test('--url with a path (a collector behind a proxy at /receipts/): the admin reads go under that path', async () => {
    const env = { MIGU_RECEIPTS_ADMIN_TOKEN: 'a-token-of-24-characters' };
    const asked = [];
    const proxy = createServer((req, res) => {
      asked.push(req.url);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"receipts":0,"days":[]}');
    });
    await new Promise((resolve) => { proxy.listen(0, '127.0.0.1', resolve); });
    try {
      const at = `http://127.0.0.1:${proxy.address().port}`;
      for (const base of [`${at}/receipts`, `${at}/receipts/`, `${at}/receipts/?x=1#y`, at, `${at}/`]) {
        const run = await runCli(['receipts', 'counts', '--since', '2026-01-01', '--url', base], { env, timeout: LIMIT });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(JSON.parse(run.stdout), { receipts: 0, days: [] });
      }
      assert.deepEqual(asked.map((u) => u.split('?')[0]), ['/receipts/admin/counts', '/receipts/admin/counts', '/receipts/admin/counts', '/admin/counts', '/admin/counts']);
      assert.ok(asked.every((u) => u.endsWith('?since=2026-01-01T00%3A00%3A00.000Z')), asked.join(' '));
    } finally {
      proxy.close();
    }
  });

  test('an admin token no HTTP header can carry (a UTF-16 file, an accent, a space) is a usage error, never shown', async () => {
    const data = join(scratch, 'never-opened');
    const files = {
      utf16: Buffer.from('\ufeffS3cretPW-token-1234567890', 'utf16le'),
      accent: Buffer.from('S3cretPW-pässwort-1234567890'),
      space: Buffer.from('S3cretPW token 1234567890'),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const file = join(scratch, `token-${name}`);
      writeFileSync(file, bytes);
      for (const args of [['serve', '--port', '0', '--data', data], ['counts', '--url', 'http://127.0.0.1:9']]) {
        const run = await runCli(['receipts', ...args, '--admin-token-file', file], { timeout: LIMIT });
        assert.equal(run.code, 2, `${name} ${args[0]}: ${run.stderr}`);
        assert.ok(run.stderr.startsWith(`migu-consent receipts: the admin token in ${file} must be printable ASCII without spaces`), run.stderr);
        assert.ok(!run.stderr.includes('S3cretPW'), run.stderr);
      }
    }
    const env = await runCli(['receipts', 'counts', '--url', 'http://127.0.0.1:9'], { env: { MIGU_RECEIPTS_ADMIN_TOKEN: 'S3cretPW-pässwort-1234567890' }, timeout: LIMIT });
    assert.equal(env.code, 2, env.stderr);
    assert.match(env.stderr, /^migu-consent receipts: the admin token must be printable ASCII/);
    assert.equal(existsSync(data), false, 'no database opened');
    assert.throws(() => createReceiptsHandler({ store: collector.store, adminToken: 'S3cretPW-pässwort-1234567890' }), TypeError);
  });

  test('serve --port outside 0..65535 or not a whole number is a usage error, before anything is opened', async () => {
    const data = join(scratch, 'never-opened');
    for (const port of ['65536', '99999', '-1', '80.5', '0x50', '1e3', '', ' 80', 'http']) {
      const run = await runCli(['receipts', 'serve', `--port=${port}`, '--data', data], { timeout: LIMIT });
      assert.equal(run.code, 2, `--port "${port}": ${run.stderr}`);
      assert.match(run.stderr, /--port/);
      assert.equal(existsSync(data), false, `--port "${port}" opened the database`);
    }
  });

  test('--retention-days beyond a century is a usage error, from serve and purge, before anything is opened; in the API a RangeError', async () => {
    const data = join(scratch, 'never-opened');
    for (const command of ['serve', 'purge']) {
      for (const days of ['36501', '999999999999999', '-5', '1.5']) {
        const run = await runCli(['receipts', command, `--retention-days=${days}`, '--data', data], { timeout: LIMIT });
        assert.equal(run.code, 2, `${command} --retention-days ${days}: ${run.stderr}`);
        assert.match(run.stderr, /--retention-days: a whole number from 0 to 36500 expected/);
      }
    }
    assert.equal(existsSync(data), false, 'no database opened');
    await assert.rejects(startCollector({ port: 0, data, retentionDays: 1e12 }), RangeError);
    assert.equal(existsSync(data), false, 'startCollector opened nothing');
    assert.throws(() => createReceiptsHandler({ store: collector.store, retentionDays: Number.NaN }), RangeError);
  });

  test('the commands that read a database refuse a folder with none (exit 1) and create nothing', async () => {
    const missing = join(scratch, 'no', 'such', 'db');
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    for (const dir of [missing, empty]) {
      for (const args of [['export'], ['history', rid()], ['counts'], ['delete', rid()], ['purge']]) {
        const run = await runCli(['receipts', ...args, '--data', dir], { timeout: LIMIT });
        assert.equal(run.code, 1, `${args[0]} ${dir}: ${run.stderr}`);
        assert.match(run.stderr, /^migu-consent receipts: no database at /m);
        assert.ok(run.stderr.includes(dir), run.stderr);
        assert.equal(run.stdout, '');
      }
    }
    assert.equal(existsSync(join(scratch, 'no')), false);
    assert.deepEqual(readdirSync(empty), []);
  });

  test('an open that fails on PGlite\'s file system says so in words, not "[object Object]" (collector probe F11: a full disk)', () => {
    assert.match(reasonOf({ errno: 51 }), /^the file system refused it \(errno 51\): a full disk, or a folder it may not write\?$/);
    assert.equal(reasonOf(new Error('boom')), 'boom');
    assert.equal(reasonOf('text'), 'text');
  });

  test('serve on a database folder without PG_VERSION (damage) stops with a sentence and changes nothing (collector probe F6)', async () => {
    const data = join(scratch, 'damaged');
    mkdirSync(join(data, 'pgdata', 'base'), { recursive: true });
    writeFileSync(join(data, 'pgdata', 'base', 'receipts'), 'what the damaged database holds');
    const run = await runCli(['receipts', 'serve', '--port', '0', '--data', data], { timeout: LIMIT });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /pgdata holds no PG_VERSION: a damaged database.*Nothing was changed/);
    assert.deepEqual(readdirSync(data).filter((n) => n !== 'migu-receipts.lock').sort(), ['pgdata'], 'nothing set aside, nothing made');
    assert.equal(readFileSync(join(data, 'pgdata', 'base', 'receipts'), 'utf8'), 'what the damaged database holds');
  });

  test('--since and --until take only real ISO 8601 dates and times (exit 2 otherwise)', async () => {
    const bad = ['Dec 25', '1', '2026', '2026-02-30', '2026-13-01', '2026-04-31T00:00:00Z', '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:60Z', '2026-01-01T00:00:00+16:00', '2026-01-01 00:00:00Z', 'yesterday',
      // in year 0 and year 10000 UTC: PGlite refused them with its own words, exit 1 (CLI probe 2 F4)
      '0001-01-01T00:00:00+15:00', '9999-12-31T23:59:59-15:59'];
    for (const text of bad) {
      for (const [command, key] of [['export', '--since'], ['counts', '--until']]) {
        const run = await runCli(['receipts', command, key, text, '--data', join(scratch, 'never-opened')], { timeout: LIMIT });
        assert.equal(run.code, 2, `${command} ${key} "${text}": ${run.stderr}`);
        assert.match(run.stderr, new RegExp(`^migu-consent receipts: ${key}: `, 'm'));
      }
    }
    // a local time a daylight-saving change skips does not exist either (it was moved an hour on);
    // the hour before it, and the one repeated in autumn, do
    const berlin = { TZ: 'Europe/Berlin' };
    const gap = await runCli(['receipts', 'export', '--since', '2026-03-29T02:30', '--data', join(scratch, 'never-opened')], { env: berlin, timeout: LIMIT });
    assert.equal(gap.code, 2, gap.stderr);
    assert.match(gap.stderr, /^migu-consent receipts: --since: a real ISO 8601 date or time expected/m);
    for (const text of ['2026-03-29T01:59', '2026-10-25T02:30']) {
      const run = await runCli(['receipts', 'export', '--since', text, '--data', join(scratch, 'never-opened')], { env: berlin, timeout: LIMIT });
      assert.equal(run.code, 1, `${text}: ${run.stderr}`);
      assert.match(run.stderr, /no database at /);
    }
    // the range the wrong way round: said, not an empty export
    const inverted = await runCli(['receipts', 'export', '--since', '2026-12-07', '--until', '2026-12-06', '--data', join(scratch, 'never-opened')], { timeout: LIMIT });
    assert.equal(inverted.code, 2, inverted.stderr);
    assert.match(inverted.stderr, /^migu-consent receipts: --since \(2026-12-07T00:00:00\.000Z\) is after --until/m);
    // an unknown option: parseArgs's first sentence, not its advice with an unbalanced quote
    const unknown = await runCli(['receipts', 'export', '--bogus'], { timeout: LIMIT });
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /^migu-consent receipts: Unknown option '--bogus'$/m);
  });

  test('export into a pipe closed early (| head -1) ends quietly with exit 0; real ISO bounds select', async () => {
    const data = await pgliteFolder(tempDir());
    try {
      const store = await openStore({ data });
      // more than a pipe holds, so that the export is still writing when the reader goes
      const page = `https://www.example.com/${'a'.repeat(2000)}`;
      for (let i = 0; i < 300; i++) await store.insert(receipt({ page }));
      await store.close();
      const child = spawn(process.execPath, [BIN, 'receipts', 'export', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let first = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.stdout.on('data', (d) => {
        first += d;
        if (first.includes('\n')) child.stdout.destroy();
      });
      const timer = setTimeout(() => { child.kill('SIGKILL'); }, LIMIT);
      const code = await new Promise((resolve) => { child.on('close', resolve); });
      clearTimeout(timer);
      assert.equal(JSON.parse(first.slice(0, first.indexOf('\n'))).page, page);
      assert.equal(stderr, '');
      assert.equal(code, 0);

      const all = await runCli(['receipts', 'export', '--data', data, '--since', '2024-02-29', '--until', '2999-12-31T23:59:59.999+14:00'], { timeout: LIMIT });
      assert.equal(all.code, 0, all.stderr);
      assert.equal(all.stdout.trim().split('\n').length, 300);
      const none = await runCli(['receipts', 'export', '--data', data, '--until', '2024-02-29T12:00'], { timeout: LIMIT });
      assert.equal(none.code, 0, none.stderr);
      assert.equal(none.stdout, '');
    } finally {
      rmSync(join(data, '..'), { recursive: true, force: true });
    }
  });
});

test('the largest receipt the default limits allow fits the body limit: stored, not refused for good with 413', async () => {
  const id = (prefix, i) => `${prefix}${String(i).padStart(4, '0')}`.padEnd(64, 'x');
  const largest = receipt({
    categories: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [id('c', i), i % 2 === 0])),
    services: Object.fromEntries(Array.from({ length: 256 }, (_, i) => [id('s', i), i % 2 === 0])),
    revision: '版'.repeat(200), // the most the element's revision attribute takes
    page: `https://www.example.com/${'页'.repeat(2048 - 'https://www.example.com/'.length)}`,
  });
  // as a client that writes every character of the revision and the page as a \u escape would send it
  const body = JSON.stringify(largest).replace(/页/g, '\\u9875').replace(/版/g, '\\u7248');
  assert.ok(body.length > 16 * 1024 && body.length <= BODY_LIMIT, `${body.length} bytes`);
  const res = await post(url, body);
  assert.equal(res.status, 201, JSON.stringify(res.json));
});

describe('hostile input: a 4xx or a closed connection, nothing stored, the server stays up', () => {
  /** Raw HTTP over a socket; resolves to the status line's code, or 0 when the server closed without one. */
  const raw = (head, ...chunks) => new Promise((resolve) => {
    const u = new URL(url);
    const socket = connect(Number(u.port), u.hostname);
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('error', () => {});
    socket.on('close', () => { resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)); });
    socket.write(head);
    for (const c of chunks) socket.write(c);
  });
  let stored;
  before(async () => { stored = (await everything()).length; });

  test('an oversized body: 413 before it is read, announced or chunked', async () => {
    const big = JSON.stringify({ ...receipt(), revision: 'x'.repeat(BODY_LIMIT) });
    assert.equal((await post(url, big)).status, 413);
    const code = await raw(`POST /consent-receipts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      `${(BODY_LIMIT + 1).toString(16)}\r\n${'['.repeat(BODY_LIMIT + 1)}\r\n`);
    assert.equal(code, 413);
  });

  test('deep JSON within the size limit', async () => {
    const deep = `${'['.repeat(8000)}${']'.repeat(8000)}`;
    assert.equal((await post(url, deep)).status, 422);
    const deepObject = `{"categories":${'{"a":'.repeat(2000)}true${'}'.repeat(2000)}}`;
    assert.equal((await post(url, deepObject)).status, 422);
  });

  test('invalid UTF-8 and broken JSON', async () => {
    const body = Buffer.concat([Buffer.from('{"receiptId":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const res = await post(url, body);
    assert.equal(res.status, 400);
    assert.match(res.json.error, /UTF-8/);
    assert.equal((await post(url, '{"receiptId":')).status, 400);
  });

  test('SQL-looking strings are data: refused by the id rules, or stored verbatim where text is free', async () => {
    const r = receipt({ revision: "1'); DELETE FROM consent_receipts; --", page: "https://x.example/'%3B--" });
    assert.equal((await post(url, r)).status, 201);
    const [row] = await collect(collector.store.export({ consentId: r.consentId }));
    assert.equal(row.revision, r.revision);
    assert.ok((await everything()).length > stored);
    stored += 1;
  });

  test('a slow-loris body is cut off with 408', async () => {
    const handler = createReceiptsHandler({ store: collector.store, bodyTimeoutMs: 300 });
    const server = createServer((req, res) => { void handler(req, res); });
    await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    try {
      const status = await new Promise((resolve) => {
        const socket = connect(server.address().port, '127.0.0.1');
        let data = '';
        socket.on('data', (d) => { data += d; });
        socket.on('error', () => {});
        socket.on('close', () => { resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)); });
        socket.write('POST /consent-receipts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"rec');
        // and then nothing more: the handler must not wait for the rest
      });
      assert.equal(status, 408);
    } finally {
      handler.close();
      server.closeAllConnections();
      await new Promise((resolve) => { server.close(resolve); });
    }
  });

  test('after all that: nothing else stored, and the server still takes receipts', async () => {
    assert.equal((await everything()).length, stored);
    assert.equal((await post(url, receipt())).status, 201);
  });
});

describe('frameworks: the same handler in node:http, Express, Koa and Fastify', () => {
  const tries = async (base) => {
    const r = receipt();
    assert.equal((await post(base, r)).status, 201);
    assert.equal((await post(base, r)).status, 200);
    assert.equal((await post(base, { nope: true })).status, 422);
    assert.equal((await fetch(`${base}/admin/counts`)).status, 401);
  };
  const listen = (server) => new Promise((resolve) => { server.listen(0, '127.0.0.1', () => { resolve(`http://127.0.0.1:${server.address().port}`); }); });
  const close = (server) => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); });

  test('node:http', async () => {
    const handler = createReceiptsHandler({ store: collector.store, adminToken: TOKEN });
    const server = createServer((req, res) => { void handler(req, res); });
    try { await tries(await listen(server)); } finally { handler.close(); await close(server); }
  });

  test('Express: app.use(handler), mounted before any body parser', async () => {
    const { default: express } = await import('express');
    const handler = createReceiptsHandler({ store: collector.store, adminToken: TOKEN });
    const app = express();
    app.use(handler); // other paths go on to next()
    app.use(express.json());
    app.get('/hello', (_req, res) => { res.send('site'); });
    const server = createServer(app);
    try {
      const base = await listen(server);
      await tries(base);
      assert.equal(await (await fetch(`${base}/hello`)).text(), 'site');
    } finally { handler.close(); await close(server); }
  });

  test('Koa: ctx.respond = false and the raw req/res', async () => {
    const { default: Koa } = await import('koa');
    const handler = createReceiptsHandler({ store: collector.store, adminToken: TOKEN });
    const app = new Koa();
    app.use(async (ctx, next) => {
      if (!handler.matches(ctx.path)) return next();
      ctx.respond = false;
      await handler(ctx.req, ctx.res);
      return undefined;
    });
    app.use((ctx) => { ctx.body = 'site'; });
    const server = createServer(app.callback());
    try {
      const base = await listen(server);
      await tries(base);
      assert.equal(await (await fetch(`${base}/hello`)).text(), 'site');
    } finally { handler.close(); await close(server); }
  });

  test('Fastify: an onRequest hook hands the raw request over with reply.hijack()', async () => {
    const { default: Fastify } = await import('fastify');
    const handler = createReceiptsHandler({ store: collector.store, adminToken: TOKEN });
    const app = Fastify();
    app.addHook('onRequest', async (request, reply) => {
      if (!handler.matches(new URL(request.url, 'http://x').pathname)) return;
      reply.hijack();
      await handler(request.raw, reply.raw);
    });
    app.get('/hello', async () => 'site');
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      await tries(base);
      assert.equal(await (await fetch(`${base}/hello`)).text(), 'site');
    } finally { handler.close(); await app.close(); }
  });
});

test('validation is pure and exported: parseReceipt takes the raw bytes', () => {
  const r = receipt();
  assert.deepEqual(parseReceipt(Buffer.from(JSON.stringify(r)), Date.now()), { ok: true, receipt: r });
  assert.equal(parseReceipt(Buffer.alloc(BODY_LIMIT + 1, 32), Date.now()).status, 413);
  // the contract's fields alone: taken as they are, no action added (conformance probe F3)
  const c = contractReceipt();
  assert.deepEqual(parseReceipt(Buffer.from(JSON.stringify(c)), Date.now()), { ok: true, receipt: c });
});

test('a database made by a collector of schema version 1 (action NOT NULL) is upgraded on PGlite: its receipts kept, receipts without action taken in every partition', async () => {
  const folder = join(tempDir(), 'v1');
  mkdirSync(folder);
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: join(folder, 'pgdata') });
  try {
    await upgradeCheck({ query: async (sql, params) => (await db.query(sql, params)).rows, close: () => db.close() }, () => openStore({ data: folder }));
  } finally {
    if (!db.closed) await db.close();
    rmSync(join(folder, '..'), { recursive: true, force: true });
  }
});

test('the types of migu-consent/server type-check against a usage example', () => {
  const check = join(process.cwd(), '.tmp', 'server-types');
  mkdirSync(check, { recursive: true });
  writeFileSync(join(check, 'use.ts'), `
import { createServer } from 'node:http';
import { createReceiptsHandler, openStore, startCollector, withdrawnCookies, type Receipt, type StoredReceipt } from 'migu-consent/server';
export async function demo(): Promise<void> {
  const store = await openStore({ data: 'x' });
  const handler = createReceiptsHandler({ store, allowOrigins: ['https://www.example.com'], adminToken: 'a'.repeat(32), rateLimit: 60 });
  createServer((req, res) => { void handler(req, res); });
  const r: Receipt = { receiptId: 'a', consentId: 'b', revision: '1', timestamp: '', action: 'update', categories: {}, services: {}, source: 'user', signals: { dnt: false, gpc: false }, page: '' };
  // the contract's fields alone: action is optional
  const contract: Receipt = { receiptId: 'a', consentId: 'b', revision: '1', timestamp: '', categories: {}, services: {}, source: 'user', signals: { dnt: false, gpc: false }, page: '' };
  void contract;
  const result = await store.insert(r);
  const status: 'stored' | 'duplicate' | 'conflict' = result.status;
  for await (const s of store.export({ since: new Date() })) { const at: string = s.storedAt; void at; }
  const c = await startCollector({ port: 0, data: 'x', retentionDays: 30 });
  const url: string = c.url;
  // @ts-expect-error an unknown action is not a Receipt
  const bad: Receipt = { ...r, action: 'drop' };
  void status; void url; void bad; void ({} as StoredReceipt);
  const withdrawn = withdrawnCookies({ config: '{}', domain: '.migu.cn' });
  createServer((req, res) => {
    const gone: string[] = withdrawn.clear(req, res);
    const analytics: boolean = withdrawn.check(req.headers).state.categories['analytics'] ?? false;
    void gone; void analytics;
  });
  // @ts-expect-error dnt is "respect" or "ignore"
  withdrawnCookies({ config: {}, dnt: 'on' });
  await c.close();
}
`);
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '--strict', '--exactOptionalPropertyTypes',
    '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', join(check, 'use.ts')],
  { encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test('a history longer than 10,000 receipts says it is cut (truncated, and the CLI names the export that has them all)', async () => {
  const data = await pgliteFolder(tempDir());
  try {
    const store = await openStore({ data });
    const consentId = rid();
    const body = JSON.stringify(receipt({ consentId }));
    // as many receipts of one consentId as a flood of forged posts leaves
    await store.db.query(`INSERT INTO consent_receipt_ids SELECT 'many' || g, now(), 'x' FROM generate_series(1, 10001) g`);
    await store.db.query(`INSERT INTO consent_receipts (received_at, receipt_id, consent_id, decided_at, action, source, revision, body)
      SELECT now(), 'many' || g, $1, now(), 'accept-all', 'user', '1', $2::json FROM generate_series(1, 10001) g`, [consentId, body]);
    const long = await store.history(consentId);
    assert.deepEqual([long.receipts.length, long.truncated], [10_000, true]);
    const short = await store.history(rid());
    assert.deepEqual([short.receipts.length, short.truncated], [0, false]);
    await store.close();
    const run = await runCli(['receipts', 'history', consentId, '--data', data]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).truncated, true);
    assert.match(run.stderr, new RegExp(`only the first 10000 receipts; \`export --consent-id ${consentId}\` streams them all`));
  } finally {
    rmSync(join(data, '..'), { recursive: true, force: true });
  }
});
