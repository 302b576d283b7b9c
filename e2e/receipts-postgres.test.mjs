// The collector on a real PostgreSQL: a throwaway cluster started for this file (Debian's
// postgresql; as root it runs as the postgres user). Without PostgreSQL the tests skip with a
// message, except under CI, where that is a failure.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, startCollector } from 'migu-consent/server';
import pgDriver from 'pg';
import { MIGRATIONS, monthPartition } from '../node/receipts/schema.mjs';
import { CI, contractBodyCheck, crashTest, fastClockCheck, post, receipt, rid, runCli, startPostgres, storeContract, upgradeCheck } from './receipts-support.mjs';

let pg;
let store;
before(async () => {
  pg = await startPostgres();
  if (pg.skip) {
    if (CI) throw new Error(`CI: ${pg.skip}`);
    console.log(`!! ${pg.skip}`);
    return;
  }
  store = await openStore({ databaseUrl: pg.url });
});
after(async () => {
  await store?.close();
  await pg?.stop?.();
});

const maybe = (name, fn) => test(name, (t) => (pg.skip ? t.skip(pg.skip) : fn(t)));

describe('store contract (PostgreSQL)', () => {
  storeContract(maybe, () => store);
});

maybe('migrations run once, also when two collectors start at the same time', async () => {
  const [a, b] = await Promise.all([openStore({ databaseUrl: pg.url }), openStore({ databaseUrl: pg.url })]);
  await a.close();
  await b.close();
  const rows = await store.db.query('SELECT version FROM consent_schema_migrations');
  assert.deepEqual(rows.map((r) => r.version).sort(), MIGRATIONS.map((m) => m.version));
  const parts = await store.db.query(`SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'consent_receipts'`);
  assert.ok(parts[0].n >= 4, 'default + this month + 2 ahead');
});

maybe('collectors starting together on a new database all start: the migrations table and the partitions are made once (collector probe F5)', async () => {
  for (let round = 0; round < 4; round++) {
    const name = `race_${String(round)}_${rid().slice(0, 6)}`;
    await store.db.query(`CREATE DATABASE ${name}`);
    const url = new URL(pg.url);
    url.pathname = `/${name}`;
    const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openStore({ databaseUrl: url.href, poolSize: 2 })));
    for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
    assert.deepEqual(opened.filter((o) => o.status === 'rejected').map((o) => String(o.reason)), [], `round ${String(round)}`);
  }
});

maybe('reads on a database that takes no writes (a hot standby, an auditor\'s role): export, counts and history work; the upkeep is not tried (collector probe F4)', async () => {
  const r = receipt();
  await store.insert(r);
  // what a streaming replica answers every write with: read_only_sql_transaction
  const url = new URL(pg.url);
  url.searchParams.set('options', '-c default_transaction_read_only=on');
  await assert.rejects(openStore({ databaseUrl: url.href }), /read-only transaction/, 'a writer is told');
  const ro = await openStore({ databaseUrl: url.href, readOnly: true });
  try {
    assert.equal((await ro.history(r.consentId)).receipts.length, 1);
  } finally {
    await ro.close();
  }
  for (const command of [['export', '--consent-id', r.consentId], ['counts'], ['history', r.consentId]]) {
    const run = await runCli(['receipts', ...command, '--database-url', url.href]);
    assert.equal(run.code, 0, `${command[0]}: ${run.stderr}`);
    if (command[0] !== 'counts') assert.ok(run.stdout.includes(r.receiptId), command[0]);
  }
  const del = await runCli(['receipts', 'delete', r.consentId, '--database-url', url.href]);
  assert.notEqual(del.code, 0, 'a write still needs the primary');
});

maybe('read commands on a database without the receipts schema (a mistyped name) say so, exit 1, and create nothing (docs probe 2, M2)', async () => {
  const name = `empty_${rid().slice(0, 8).toLowerCase()}`;
  await store.db.query(`CREATE DATABASE ${name}`);
  const url = new URL(pg.url);
  url.pathname = `/${name}`;
  for (const command of [['export'], ['counts'], ['history', 'abcdefgh']]) {
    const run = await runCli(['receipts', ...command, '--database-url', url.href]);
    assert.equal(run.code, 1, `${command[0]}: ${run.stdout}`);
    assert.equal(run.stderr, 'migu-consent receipts: this database has no receipts schema: no receipts were ever stored in it (a mistyped database name?); `migu-consent receipts serve` creates it\n');
  }
  // nothing was created: a store opened for reads still finds no schema
  await assert.rejects(openStore({ databaseUrl: url.href, readOnly: true }), /no receipts schema/);
});

maybe('a device clock up to a day fast is stored on PostgreSQL, with the server\'s time beside the one it claims; more is refused', async () => {
  const collector = await startCollector({ port: 0, store, rateLimit: 0, retentionDays: 0 });
  try {
    await fastClockCheck(collector.url, store);
  } finally {
    await collector.close();
  }
});

maybe('a body with exactly the contract\'s fields (no action) is stored on PostgreSQL (201) once, exported and counted; the CLI reads it (conformance probe F3)', async () => {
  const collector = await startCollector({ port: 0, store, rateLimit: 0, retentionDays: 0 });
  try {
    await contractBodyCheck(collector.url, store, ['--database-url', pg.url]);
  } finally {
    await collector.close();
  }
});

maybe('a database made by a collector of schema version 1 (action NOT NULL) is upgraded on PostgreSQL: its receipts kept, receipts without action taken in every partition', async () => {
  const name = `v1_${rid().slice(0, 8).toLowerCase()}`;
  await store.db.query(`CREATE DATABASE ${name}`);
  const url = new URL(pg.url);
  url.pathname = `/${name}`;
  const pool = new pgDriver.Pool({ connectionString: url.href, max: 1 });
  await upgradeCheck({ query: async (sql, params) => (await pool.query(sql, params)).rows, close: () => pool.end() }, () => openStore({ databaseUrl: url.href }));
});

maybe('kill -9 during a burst on PostgreSQL: every acknowledged receipt is stored exactly once after restart', async () => {
  const result = await crashTest({ args: ['--database-url', pg.url], total: 250, killAfter: 80 });
  console.log(`crash (PostgreSQL): ${result.sent} posts, ${result.acked} acknowledged before kill -9, ${result.refused} cut off; `
    + `after restart ${result.stored} stored, each once`);
  assert.ok(result.acked > 0 && result.refused > 0);
  const r = receipt();
  assert.equal((await post(result.second.url, r)).status, 201);
  result.second.child.kill('SIGTERM');
  assert.equal(await result.second.exited, 0);
  const out = await runCli(['receipts', 'export', '--consent-id', r.consentId], { env: { DATABASE_URL: pg.url } });
  assert.equal(out.code, 0, out.stderr);
  assert.equal(JSON.parse(out.stdout).receiptId, r.receiptId);
});

maybe('a database whose DateStyle is not ISO (SQL, DMY; Asia/Shanghai): storedAt is the real time and an export in pages loses nothing', async () => {
  // set by a DBA for the database or the role: each connection starts with it
  await store.db.query('CREATE DATABASE datestyle_sql');
  await store.db.query(`ALTER DATABASE datestyle_sql SET datestyle TO 'SQL, DMY'`);
  await store.db.query(`ALTER DATABASE datestyle_sql SET timezone TO 'Asia/Shanghai'`);
  // the DateStyle set on each new connection, never beside a query of the pool's: pg warns of that
  // (DeprecationWarning on stderr, "client.query() when the client is already executing a query")
  const warnings = [];
  const onWarning = (w) => { warnings.push(String(w)); };
  process.on('warning', onWarning);
  const other = await openStore({ databaseUrl: pg.url.replace(/\/postgres$/, '/datestyle_sql') });
  try {
    const started = Date.now();
    const consentId = rid();
    // at once: new connections are made while the receipts wait for them
    const stored = await Promise.all(Array.from({ length: 5 }, () => other.insert(receipt({ consentId }))));
    const near = (/** @type {string | Date} */ t) => Math.abs(new Date(t).getTime() - started) < 60_000;
    assert.ok(stored.every((s) => s.status === 'stored' && near(s.storedAt)), JSON.stringify(stored));
    // pages of 2: the cursor goes back to the database between pages
    const all = [];
    for await (const r of other.export({ pageSize: 2 })) all.push(r);
    assert.equal(all.length, 5, JSON.stringify(all.map((r) => r.storedAt)));
    assert.ok(all.every((r) => near(r.storedAt)), JSON.stringify(all.map((r) => r.storedAt)));
    const history = await other.history(consentId);
    assert.ok(history.receipts.length === 5 && history.receipts.every((r) => near(r.storedAt)));
    const tomb = await other.deleteConsent(consentId);
    assert.ok(near(tomb.deletedAt), tomb.deletedAt);
    await new Promise((resolve) => { setImmediate(resolve); }); // process warnings are emitted on the next tick
    assert.deepEqual(warnings, []);
  } finally {
    process.off('warning', onWarning);
    await other.close();
  }
});

maybe('two collectors purging at once (both run retention at start): both succeed, each old partition counted once', async () => {
  const [a, b] = await Promise.all([openStore({ databaseUrl: pg.url }), openStore({ databaseUrl: pg.url })]);
  try {
    for (let round = 0; round < 3; round++) {
      const old = new Date(Date.UTC(new Date().getUTCFullYear() - 4, round, 15));
      const p = monthPartition(old);
      await store.db.query(`CREATE TABLE ${p.name} PARTITION OF consent_receipts FOR VALUES FROM ('${p.from}') TO ('${p.to}')`);
      const r = receipt();
      await store.db.query(`INSERT INTO consent_receipts (received_at, receipt_id, consent_id, decided_at, action, source, revision, body)
        VALUES ($1, $2, $3, $1, 'accept-all', 'user', '1', $4)`, [old, r.receiptId, r.consentId, JSON.stringify(r)]);
      const before = new Date(Date.now() - 365 * 24 * 3600_000);
      const results = await Promise.allSettled([a.purge(before), b.purge(before)]);
      for (const s of results) assert.equal(s.status, 'fulfilled', String(s.reason));
      const [ra, rb] = results.map((s) => s.value);
      assert.equal(ra.receipts + rb.receipts, 1, 'the old receipt counted once');
      assert.deepEqual([...ra.partitionsDropped, ...rb.partitionsDropped], [p.name]);
      const left = await store.db.query('SELECT 1 FROM pg_class WHERE relname = $1', [p.name]);
      assert.equal(left.length, 0);
    }
  } finally {
    await a.close();
    await b.close();
  }
});
