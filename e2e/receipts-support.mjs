// Helpers of the receipts collector tests: receipts, the real CLI as a child process, a throwaway
// PostgreSQL cluster, and the store contract both databases must meet.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import { FUTURE_SKEW } from '../dist/core/policy.js';
import { header, line } from '../node/receipts/format.mjs';
import { MIGRATIONS, MONTHS_AHEAD, monthPartition } from '../node/receipts/schema.mjs';
import { openStore } from '../node/receipts/store.mjs';

export const CI = process.env.CI === 'true' || process.env.CI === '1';
export const BIN = new URL('../bin/migu-consent.mjs', import.meta.url).pathname;

/** An id as the browser makes them (randomId: 16 of [a-z0-9]). */
export const rid = () => Array.from(randomBytes(16), (b) => (b % 36).toString(36)).join('');

/** A valid receipt, as the browser sends it. */
export function receipt(overrides = {}) {
  return {
    receiptId: rid(),
    consentId: rid(),
    revision: '2026-11',
    timestamp: new Date().toISOString(),
    action: 'accept-all',
    categories: { necessary: true, functional: true, analytics: true, personalization: true, marketing: false },
    services: { 'global-stats': false },
    source: 'user',
    signals: { dnt: false, gpc: false },
    page: 'https://www.example.com/video/',
    ...overrides,
  };
}

/**
 * The receipt's fields as CONTRACT.md ("Receipts") lists them: what a sender built from the contract alone (a native
 * app, another client, a checker) POSTs. The browser sends `action` besides.
 */
export const CONTRACT_FIELDS = ['receiptId', 'consentId', 'revision', 'timestamp', 'categories', 'services', 'source', 'signals', 'page'];

/** A valid receipt with exactly the contract's fields, in its order: no `action`. */
export function contractReceipt(overrides = {}) {
  const full = receipt(overrides);
  return Object.fromEntries(CONTRACT_FIELDS.map((key) => [key, full[key]]));
}

/** POSTs a body (an object is sent as JSON); resolves to { status, json }. */
export async function post(url, body, { headers = {}, type = 'application/json' } = {}) {
  const response = await fetch(`${url}/consent-receipts`, {
    method: 'POST', headers: { 'Content-Type': type, ...headers }, body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: response.status, json, headers: response.headers };
}

export function tempDir(prefix = 'migu-receipts-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A new PGlite data folder (for `--data`) that starts as a copy of an empty, migrated database. The
 * template is made once per PGlite version and machine: PGlite's first start (an initdb in
 * WebAssembly) is the slowest part of these tests, a copy takes a fraction of it.
 */
export async function pgliteFolder(dir) {
  const { version } = JSON.parse(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'));
  // and per schema version: a template made before a new migration is not the schema a new database gets
  const template = join(tmpdir(), `migu-receipts-template-pglite-${version}-schema${MIGRATIONS.at(-1).version}`);
  if (!existsSync(join(template, 'pgdata', 'PG_VERSION'))) {
    const building = mkdtempSync(`${template}-building-`);
    const store = await openStore({ data: building });
    await store.close();
    try {
      renameSync(building, template);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another test file made it first
    }
  }
  const folder = join(dir, 'db');
  cpSync(join(template, 'pgdata'), join(folder, 'pgdata'), { recursive: true });
  return folder;
}

/**
 * Starts `migu-consent receipts serve` with `args` and waits for its first stdout line.
 * @returns {Promise<{ url: string, child: import('node:child_process').ChildProcess, stderr: () => string, exited: Promise<number | null> }>}
 */
export function spawnCollector(args, { timeout = 120_000 } = {}) {
  const child = spawn(process.execPath, [BIN, 'receipts', 'serve', ...(args.includes('--port') ? [] : ['--port', '0']), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => { child.on('exit', (code) => { resolve(code); }); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`collector did not start: ${err}`)); }, timeout);
    child.stdout.on('data', (d) => {
      out += d;
      const first = out.split('\n');
      if (first.length < 2) return;
      clearTimeout(timer);
      const m = /^listening on (http:\/\/\S+)$/.exec(first[0]);
      if (!m) reject(new Error(`first stdout line: ${JSON.stringify(first[0])}`));
      else resolve({ url: m[1], child, stderr: () => err, exited });
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`collector exited with ${code}: ${err}`)); });
  });
}

/**
 * Runs the CLI to completion. With `timeout`, a CLI still running then is killed and resolves with
 * `timedOut: true` (a command that should end but hangs fails its test instead of hanging it). `bin`: another
 * copy of the CLI (one installed without its optional peers).
 */
export function runCli(args, { env, timeout, bin = BIN } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = timeout ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeout) : undefined;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, timedOut }); });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => { resolve(port); });
    });
  });
}

/** initdb of the newest PostgreSQL under /usr/lib/postgresql (Debian's layout), or $PG_BIN. */
function postgresBin() {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

/**
 * A throwaway PostgreSQL cluster in a temp folder, on a free port, for one test file. As root it
 * runs as the `postgres` user (PostgreSQL refuses root). Resolves to { skip } when no PostgreSQL
 * is installed: a test skips with it, and fails with it under CI.
 */
export async function startPostgres() {
  const bin = postgresBin();
  if (!bin) return { skip: 'PostgreSQL not installed (apt-get install postgresql, or set PG_BIN): PostgreSQL tests skipped' };
  const asRoot = process.getuid?.() === 0;
  const dir = tempDir('migu-pg-');
  const data = join(dir, 'data');
  let user = process.env.USER || 'postgres';
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) return { skip: 'running as root and there is no postgres user to run PostgreSQL as' };
    chmodSync(dir, 0o700);
    chownSync(dir, Number(id.stdout), Number(gid.stdout));
    user = 'postgres';
  }
  const run = (cmd, args) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(full[0], full[1], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout || r.error}`);
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', user, '--no-sync', '-E', 'UTF8', '--locale=C']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50 -c shared_buffers=32MB`, 'start']);
  return {
    url: `postgres://${user}@127.0.0.1:${port}/postgres`,
    bin,
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Counts of each receiptId in an export. */
export function tally(receipts) {
  const n = new Map();
  for (const r of receipts) n.set(r.receiptId, (n.get(r.receiptId) ?? 0) + 1);
  return n;
}

export async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/**
 * What any ReceiptStore must do, run against PGlite and PostgreSQL alike. `openStore` opens the
 * same, empty database each time it is called.
 */
const DAY_MS = 86_400_000;

export function storeContract(test, getStore) {
  test('stores once per receiptId: a retry is a duplicate, another body under the same id a conflict', async () => {
    const store = getStore();
    const r = receipt();
    const first = await store.insert(r);
    assert.equal(first.status, 'stored');
    const again = await store.insert(r);
    assert.equal(again.status, 'duplicate');
    assert.equal(again.storedAt.getTime(), first.storedAt.getTime());
    assert.equal((await store.insert({ ...r, action: 'reject-all' })).status, 'conflict');
    const rows = await collect(store.export({ consentId: r.consentId }));
    assert.deepEqual(rows, [{ ...r, storedAt: first.storedAt.toISOString() }]);
  });

  test('concurrent inserts of one receipt store it once', async () => {
    const store = getStore();
    const r = receipt();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.insert(r)));
    assert.equal(results.filter((x) => x.status === 'stored').length, 1);
    assert.equal(results.filter((x) => x.status === 'duplicate').length, 19);
    assert.equal((await collect(store.export({ consentId: r.consentId }))).length, 1);
  });

  test('export pages through everything in order, filtered by time and consentId', async () => {
    const store = getStore();
    const consentId = rid();
    const mine = [];
    for (let i = 0; i < 7; i++) {
      const r = receipt({ consentId, action: i % 2 ? 'update' : 'accept-all' });
      await store.insert(r);
      mine.push(r.receiptId);
    }
    const rows = await collect(store.export({ consentId, pageSize: 3 }));
    assert.deepEqual(rows.map((r) => r.receiptId).sort(), [...mine].sort());
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].storedAt <= rows[i].storedAt);
    assert.deepEqual(await collect(store.export({ consentId, until: new Date(Date.parse(rows[0].storedAt)) })), []);
    assert.equal((await collect(store.export({ consentId, since: new Date(Date.parse(rows[6].storedAt)) }))).length >= 1, true);
    const history = await store.history(consentId);
    assert.equal(history.receipts.length, 7);
    assert.equal(history.deletion, null);
  });

  test('counts by day, decision and category', async () => {
    const store = getStore();
    const since = new Date(Date.now() - 1000);
    await store.insert(receipt({ action: 'reject-all', categories: { necessary: true, analytics: false } }));
    await store.insert(receipt({ action: 'accept-all', categories: { necessary: true, analytics: true } }));
    const counts = await store.counts({ since });
    const today = new Date().toISOString().slice(0, 10);
    const day = counts.days.find((d) => d.day === today);
    assert.ok(day, JSON.stringify(counts));
    assert.equal(day.actions['reject-all'] >= 1 && day.actions['accept-all'] >= 1, true);
    assert.equal(day.categories.analytics.granted >= 1 && day.categories.analytics.denied >= 1, true);
  });

  test('a receipt without action (the contract\'s fields alone) is stored once, read back as received, counted as "unspecified" (conformance probe F3)', async () => {
    const store = getStore();
    const r = contractReceipt();
    const before = unspecified(await store.counts());
    const first = await store.insert(r);
    assert.equal(first.status, 'stored');
    assert.equal((await store.insert(r)).status, 'duplicate');
    assert.equal((await store.insert({ ...r, action: 'accept-all' })).status, 'conflict', 'the same id with an action is another body');
    const rows = await collect(store.export({ consentId: r.consentId }));
    assert.deepEqual(rows, [{ ...r, storedAt: first.storedAt.toISOString() }]);
    assert.deepEqual(Object.keys(rows[0]), [...CONTRACT_FIELDS, 'storedAt'], 'no action key, not even an undefined one');
    assert.deepEqual((await store.history(r.consentId)).receipts, rows);
    const [row] = await store.db.query('SELECT action FROM consent_receipts WHERE receipt_id = $1', [r.receiptId]);
    assert.equal(row.action, null);
    const counts = await store.counts();
    assert.equal(unspecified(counts), before + 1);
    for (const day of counts.days) {
      assert.ok(!('null' in day.actions) && !('' in day.actions), JSON.stringify(day.actions));
      assert.equal(Object.values(day.actions).reduce((a, b) => a + b, 0), day.receipts, `${day.day}: every receipt counted under an action`);
    }
  });

  test('deleting a consentId leaves a tombstone; a late retry of a deleted receipt does not bring it back', async () => {
    const store = getStore();
    const consentId = rid();
    const a = receipt({ consentId });
    await store.insert(a);
    await store.insert(receipt({ consentId, action: 'update' }));
    const tomb = await store.deleteConsent(consentId);
    assert.equal(tomb.consentId, consentId);
    assert.equal(tomb.receipts, 2);
    assert.equal(tomb.deletedNow, 2);
    assert.equal((await store.insert(a)).status, 'duplicate');
    const history = await store.history(consentId);
    assert.deepEqual(history.receipts, []);
    assert.equal(history.deletion?.receipts, 2);
  });

  test('retention counts from the newest receipt when the clock is past it: a clock a month fast purges nothing still within retention (collector probe F1)', async () => {
    const store = getStore();
    const r = receipt();
    const { storedAt } = await store.insert(r);
    const right = await store.retentionCutoff(30);
    assert.ok(Math.abs(right.before.getTime() - (Date.now() - 30 * DAY_MS)) < 60_000, `from the clock: ${right.before.toISOString()}`);
    assert.equal(right.clockAhead, 0);
    const fast = await store.retentionCutoff(30, Date.now() + 31 * DAY_MS);
    assert.ok(fast.before.getTime() <= storedAt.getTime() - 30 * DAY_MS, `from the newest receipt: ${fast.before.toISOString()}`);
    assert.ok(fast.clockAhead >= 30 && fast.clockAhead <= 31, String(fast.clockAhead));
    await store.purge(fast.before);
    assert.equal((await collect(store.export({ consentId: r.consentId }))).length, 1, 'still there');
    // a clock behind the newest receipt: from the clock, which keeps more
    const slow = await store.retentionCutoff(30, Date.now() - 5 * DAY_MS);
    assert.ok(slow.before.getTime() < right.before.getTime() - 4 * DAY_MS);
  });

  test('a month whose receipts went to the DEFAULT partition (a clock stepped by months) gets its partition, with them in it; reads go on (collector probe F2)', async () => {
    const store = getStore();
    const month = new Date(Date.UTC(new Date().getUTCFullYear() - 2, 4, 10));
    const p = monthPartition(month);
    const r = receipt();
    await store.db.query(`INSERT INTO consent_receipts (received_at, receipt_id, consent_id, decided_at, action, source, revision, body)
      VALUES ($1, $2, $3, $1, 'accept-all', 'user', '1', $4)`, [month, r.receiptId, r.consentId, JSON.stringify(r)]);
    const [{ n }] = await store.db.query('SELECT count(*)::int AS n FROM consent_receipts_default WHERE receipt_id = $1', [r.receiptId]);
    assert.equal(n, 1, 'stored in the DEFAULT partition');
    await store.createPartition(p);
    await store.createPartition(p); // again (another collector): nothing to do
    const [{ m }] = await store.db.query(`SELECT count(*)::int AS m FROM ${p.name} WHERE receipt_id = $1`, [r.receiptId]);
    assert.equal(m, 1, 'moved into its month');
    assert.equal((await collect(store.export({ consentId: r.consentId }))).length, 1, 'read as before');
    await store.ensurePartitions();
    await store.purge(new Date(month.getTime() + 40 * DAY_MS));
    assert.deepEqual(await collect(store.export({ consentId: r.consentId })), [], 'and purged with its month');
  });

  test('retention purge drops old monthly partitions and older rows, keeps the rest', async () => {
    const store = getStore();
    const old = new Date(Date.UTC(new Date().getUTCFullYear() - 3, 0, 15));
    const p = monthPartition(old);
    await store.db.query(`CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF consent_receipts FOR VALUES FROM ('${p.from}') TO ('${p.to}')`);
    const r = receipt();
    await store.db.query(`INSERT INTO consent_receipts (received_at, receipt_id, consent_id, decided_at, action, source, revision, body)
      VALUES ($1, $2, $3, $1, 'accept-all', 'user', '1', $4)`, [old, r.receiptId, r.consentId, JSON.stringify(r)]);
    await store.db.query('INSERT INTO consent_receipt_ids VALUES ($1, $2, $3)', [r.receiptId, old, 'x']);
    const keep = receipt();
    await store.insert(keep);
    const result = await store.purge(new Date(Date.now() - 365 * 24 * 3600_000));
    assert.deepEqual(result.partitionsDropped, [p.name]);
    assert.equal(result.receipts, 1);
    assert.deepEqual(await collect(store.export({ consentId: r.consentId })), []);
    assert.equal((await collect(store.export({ consentId: keep.consentId }))).length, 1);
  });
}

/**
 * A device whose clock is fast, against a collector at `url` on `store`, with the default limits:
 * its receipts are stored as far ahead as the page itself trusts a decision's date (FUTURE_SKEW of
 * src/core/policy.ts, one day), each with the server's time of storage beside the time it claims;
 * past that, refused with a reason (the browser then drops it: it would be refused again).
 */
export async function fastClockCheck(url, store) {
  const stored = [];
  for (const ahead of [2 * 3600_000, FUTURE_SKEW - 60_000]) {
    const before = Date.now();
    const r = receipt({ timestamp: new Date(before + ahead).toISOString() });
    const res = await post(url, r);
    assert.equal(res.status, 201, `${ahead / 3600_000} h ahead: ${JSON.stringify(res.json)}`);
    const [row] = await collect(store.export({ consentId: r.consentId }));
    assert.equal(row.timestamp, r.timestamp, 'the time the device claims, as sent');
    const storedAt = Date.parse(row.storedAt);
    assert.ok(storedAt >= before - 1000 && storedAt <= Date.now() + 1000, `storedAt is the server's time: ${row.storedAt}`);
    const [db] = await store.db.query('SELECT decided_at, received_at FROM consent_receipts WHERE receipt_id = $1', [r.receiptId]);
    assert.equal(new Date(db.decided_at).toISOString(), r.timestamp);
    assert.equal(new Date(db.received_at).toISOString(), row.storedAt);
    stored.push(r);
  }
  const beyond = receipt({ timestamp: new Date(Date.now() + FUTURE_SKEW + 60_000).toISOString() });
  const res = await post(url, beyond);
  assert.equal(res.status, 422);
  assert.equal(res.json.error, 'timestamp: more than 1 day ahead of the server\'s clock');
  assert.deepEqual(await collect(store.export({ consentId: beyond.consentId })), []);
  return stored;
}

/**
 * The crash test: a burst of concurrent posts (a fifth of them duplicates) against the real CLI
 * server, kill -9 in the middle, restart on the same database: every receipt answered 2xx is
 * there exactly once.
 */
export async function crashTest({ args: where, total = 400, killAfter = 120, concurrency = 24 }) {
  const token = rid() + rid();
  const tokenFile = join(tempDir(), 'token');
  writeFileSync(tokenFile, token);
  const args = [...where, '--rate-limit', '0', '--admin-token-file', tokenFile];
  const first = await spawnCollector(args);
  const unique = Array.from({ length: Math.round(total * 0.8) }, () => receipt());
  const sends = [...unique, ...unique.slice(0, total - unique.length)].sort(() => Math.random() - 0.5);
  const acked = new Set();
  let answered = 0;
  let refused = 0;
  let next = 0;
  let killed = false;
  /** A kept-alive connection the server closes as a request goes out is no answer: try again, as a browser would. */
  const postRetrying = async (r) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await post(first.url, r);
      } catch (error) {
        if (killed || attempt >= 3) throw error;
      }
    }
  };
  const worker = async () => {
    while (next < sends.length) {
      const r = sends[next++];
      try {
        const res = await postRetrying(r);
        if (res.status >= 200 && res.status < 300) acked.add(r.receiptId);
        else if (res.status !== 503) throw new Error(`unexpected ${res.status} ${JSON.stringify(res.json)}`);
        answered++;
        if (!killed && answered >= killAfter) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      } catch (error) {
        if (!killed) throw error;
        refused++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await first.exited;
  assert.equal(first.child.signalCode, 'SIGKILL', `the collector ended by itself: ${first.stderr()}`);
  const second = await spawnCollector(args);
  try {
    // every receipt again, as the browsers' retry queues would: the acknowledged ones are duplicates now
    const again = new Map();
    for (let i = 0; i < unique.length; i += concurrency) {
      await Promise.all(unique.slice(i, i + concurrency).map(async (r) => { again.set(r.receiptId, (await post(second.url, r)).status); }));
    }
    for (const id of acked) assert.equal(again.get(id), 200, `acknowledged ${id} is not a duplicate after restart`);
    for (const [id, status] of again) assert.ok(status === 200 || status === 201, `${id}: ${status}`);
    const response = await fetch(`${second.url}/admin/export`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    const stored = (await response.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const n = tally(stored);
    for (const id of acked) assert.equal(n.get(id), 1, `acknowledged ${id} stored ${n.get(id) ?? 0} times`);
    for (const [id, count] of n) assert.equal(count, 1, `${id} stored ${count} times`);
    const ids = new Set(unique.map((r) => r.receiptId));
    const mine = stored.filter((r) => ids.has(r.receiptId)).length;
    assert.equal(mine, unique.length);
    return { acked: acked.size, refused, sent: sends.length, stored: mine, second };
  } catch (error) {
    second.child.kill('SIGKILL');
    throw error;
  } finally {
    rmSync(dirname(tokenFile), { recursive: true, force: true }); // read at start: no longer needed
  }
}

/** Receipts counted without an action, over all days. @param {import('../node/receipts/index.mjs').Counts} counts */
export const unspecified = (counts) => counts.days.reduce((n, d) => n + (d.actions.unspecified ?? 0), 0);

/** The cells of one CSV row of the export, by column (no cell of these receipts holds a comma or a quote). */
function csvRow(text) {
  const columns = header('csv').trim().split(',');
  const cells = text.trim().split(',');
  assert.equal(cells.length, columns.length, text);
  return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
}

/**
 * A sender built from CONTRACT.md alone POSTs a receipt with its nine fields, no `action`, to the collector at
 * `url` on `store`: 201 after the write, a repeat 200 and one row, exported with the fields it sent (NDJSON without
 * an action key, an empty CSV cell) and counted as "unspecified"; with `cli` (where the CLI reads: `--url …` or
 * `--database-url …`), export and counts of `migu-consent receipts` say the same. An action that is sent is still
 * checked: anything but the browser's is a 422 and stores nothing (conformance probe F3).
 */
export async function contractBodyCheck(url, store, cli) {
  const r = contractReceipt();
  assert.deepEqual(Object.keys(r), CONTRACT_FIELDS);
  const before = unspecified(await store.counts());
  const first = await post(url, r);
  assert.equal(first.status, 201, JSON.stringify(first.json));
  assert.deepEqual({ ...first.json, storedAt: undefined }, { receiptId: r.receiptId, storedAt: undefined, duplicate: false });
  const again = await post(url, r, { type: 'text/plain;charset=UTF-8' });
  assert.equal(again.status, 200, JSON.stringify(again.json));
  assert.equal(again.json.duplicate, true);
  assert.equal(again.json.storedAt, first.json.storedAt);
  const rows = await collect(store.export({ consentId: r.consentId }));
  assert.deepEqual(rows, [{ ...r, storedAt: first.json.storedAt }], 'stored once, as sent');
  const nd = JSON.parse(line(rows[0], 'ndjson'));
  assert.deepEqual(Object.keys(nd), [...CONTRACT_FIELDS, 'storedAt']);
  const csv = csvRow(line(rows[0], 'csv'));
  assert.deepEqual([csv.receiptId, csv.action, csv.source, csv.categoriesGranted], [r.receiptId, '', r.source, 'necessary functional analytics personalization']);
  assert.equal(unspecified(await store.counts()), before + 1, 'counted once, as "unspecified"');
  if (cli) {
    const exported = await runCli(['receipts', 'export', ...cli, '--consent-id', r.consentId]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(exported.stdout.trim().split('\n').map((l) => JSON.parse(l)), [{ ...r, storedAt: first.json.storedAt }]);
    const table = await runCli(['receipts', 'export', ...cli, '--consent-id', r.consentId, '--format', 'csv']);
    assert.equal(table.code, 0, table.stderr);
    const [head, only, ...more] = table.stdout.split('\r\n');
    assert.deepEqual([head, more], [header('csv').trim(), ['']]);
    assert.equal(csvRow(only).action, '');
    const counted = await runCli(['receipts', 'counts', ...cli]);
    assert.equal(counted.code, 0, counted.stderr);
    assert.equal(unspecified(JSON.parse(counted.stdout)), before + 1);
    const history = await runCli(['receipts', 'history', r.consentId, ...cli]);
    assert.equal(history.code, 0, history.stderr);
    assert.deepEqual(JSON.parse(history.stdout).receipts, [{ ...r, storedAt: first.json.storedAt }]);
  }
  for (const action of ['drop', 'Accept-All', '', null, 1, ['update']]) {
    const bad = { ...contractReceipt(), action };
    const res = await post(url, bad);
    assert.equal(res.status, 422, `${JSON.stringify(action)}: ${JSON.stringify(res.json)}`);
    assert.match(res.json.error, /^action: one of accept-all, reject-all, update, reset, app, sibling expected$/);
    assert.deepEqual(await collect(store.export({ consentId: bad.consentId })), []);
  }
  return r;
}

/**
 * A database that a collector of schema version 1 (action NOT NULL) made and wrote to, opened by this one: the
 * migrations after 1 run once, every receipt stays as it was, and receipts without an action are taken in every
 * partition (this month's, one made ahead before the upgrade, the DEFAULT one).
 * @param {{ query: (sql: string, params?: unknown[]) => Promise<any[]>, close: () => Promise<void> }} raw a new, empty database
 * @param {() => Promise<import('../node/receipts/store.mjs').ReceiptStore>} open opens that database with this version
 */
export async function upgradeCheck(raw, open) {
  const v1 = MIGRATIONS.find((m) => m.version === 1);
  // what the collector of version 1 did: its migrations table, migration 1, the partitions of this month and two ahead
  await raw.query('CREATE TABLE consent_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  for (const statement of v1.sql.split(/;\s*$/m).map((t) => t.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean)) await raw.query(statement);
  await raw.query('INSERT INTO consent_schema_migrations (version, name) VALUES (1, $1)', [v1.name]);
  const now = new Date();
  for (let i = 0; i <= MONTHS_AHEAD; i++) {
    const p = monthPartition(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1)));
    await raw.query(`CREATE TABLE ${p.name} PARTITION OF consent_receipts FOR VALUES FROM ('${p.from}') TO ('${p.to}')`);
  }
  // its receipts: one this month, one stored two years ago (the DEFAULT partition)
  const longAgo = new Date(Date.UTC(now.getUTCFullYear() - 2, 5, 15));
  const old = [[receipt(), now], [receipt({ action: 'reject-all' }), longAgo]];
  const write = (query, r, at, action) => query(`WITH id AS (INSERT INTO consent_receipt_ids VALUES ($1, $2, 'x') RETURNING received_at)
    INSERT INTO consent_receipts (received_at, receipt_id, consent_id, decided_at, action, source, revision, body)
    SELECT received_at, $1, $3, $4, $5, $6, $7, $8 FROM id`, [r.receiptId, at, r.consentId, r.timestamp, action, r.source, r.revision, JSON.stringify(r)]);
  for (const [r, at] of old) await write(raw.query, r, at, r.action);
  await assert.rejects(write(raw.query, contractReceipt(), now, null), /null value in column "action"/, 'version 1 refuses a receipt without action');
  await raw.close();

  let store = await open();
  try {
    assert.equal(await store.schemaVersion(), MIGRATIONS.at(-1).version);
    const applied = await store.db.query('SELECT version FROM consent_schema_migrations ORDER BY version');
    assert.deepEqual(applied.map((m) => m.version), MIGRATIONS.map((m) => m.version));
    const kept = await collect(store.export());
    assert.deepEqual(kept.map((r) => r.receiptId).sort(), old.map(([r]) => r.receiptId).sort(), 'every receipt kept');
    for (const [r, at] of old) assert.deepEqual(kept.find((k) => k.receiptId === r.receiptId), { ...r, storedAt: at.toISOString() });
    // no partition keeps the NOT NULL: the parent, DEFAULT and the monthly ones made before the upgrade
    const columns = await store.db.query(`SELECT c.relname AS name, a.attnotnull AS notnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE a.attname = 'action' AND c.relname LIKE 'consent_receipts%' AND c.relkind IN ('r', 'p') ORDER BY 1`);
    assert.ok(columns.length >= 2 + MONTHS_AHEAD + 1, JSON.stringify(columns));
    assert.deepEqual(columns.filter((c) => c.notnull), [], 'action NOT NULL left on a partition');
    const ahead = monthPartition(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + MONTHS_AHEAD, 1)));
    const fresh = contractReceipt();
    assert.equal((await store.insert(fresh)).status, 'stored');
    const query = (sql, params) => store.db.query(sql, params);
    await write(query, contractReceipt(), longAgo, null); // the DEFAULT partition
    await write(query, contractReceipt(), new Date(Date.parse(ahead.from) + DAY_MS), null); // a month made ahead by version 1
    assert.equal(unspecified(await store.counts()), 3);
    assert.equal((await store.counts()).receipts, 5);
  } finally {
    await store.close();
  }
  // opened again: nothing more to apply, nothing changed
  store = await open();
  try {
    assert.equal((await store.db.query('SELECT count(*)::int AS n FROM consent_schema_migrations'))[0].n, MIGRATIONS.length);
    assert.equal((await collect(store.export())).length, 5);
  } finally {
    await store.close();
  }
}
