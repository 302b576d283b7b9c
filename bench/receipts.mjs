// `npm run bench:receipts [-- --rows 10000,1000000] [--posts 2000] [--concurrency 16] [--backends pglite,postgres]`
// Receipts acknowledged per second and p50/p99 latency of the real collector (the CLI, one Node
// process; pinned to one core with taskset when it exists), with the table already holding
// `rows` receipts, on embedded PGlite and on PostgreSQL (a throwaway cluster, as in the tests).
// The load comes from this process over keep-alive connections. Figures go to stdout and to
// bench/results/receipts-<date>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../node/receipts/store.mjs';
import { receipt, spawnCollector, startPostgres, tempDir } from '../e2e/receipts-support.mjs';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000,1000000' },
    posts: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    backends: { type: 'string', default: 'pglite,postgres' },
  },
});
const ROWS = values.rows.split(',').map(Number);
const POSTS = Number(values.posts);
const CONCURRENCY = Number(values.concurrency);
const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Fills the tables with `n` receipts in a few SQL statements (generate_series), in batches. */
async function prefill(store, n) {
  const batch = 100_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await store.db.query(`INSERT INTO consent_receipt_ids
      SELECT 'prefill' || lpad(i::text, 9, '0'), now() - make_interval(secs => i), 'x' FROM generate_series(${from}, ${to}) i`);
    await store.db.query(`INSERT INTO consent_receipts
      SELECT now() - make_interval(secs => i), 'prefill' || lpad(i::text, 9, '0'), 'consent' || lpad((i / 3)::text, 9, '0'),
        now() - make_interval(secs => i), 'accept-all', 'user', '1',
        json_build_object('receiptId', 'prefill' || lpad(i::text, 9, '0'), 'consentId', 'consent' || lpad((i / 3)::text, 9, '0'),
          'revision', '1', 'timestamp', now() - make_interval(secs => i), 'action', 'accept-all',
          'categories', json_build_object('necessary', true, 'analytics', i % 2 = 0, 'marketing', false), 'services', '{}'::json,
          'source', 'user', 'signals', json_build_object('dnt', false, 'gpc', false), 'page', 'https://www.example.com/')
      FROM generate_series(${from}, ${to}) i`);
  }
}

async function load(url) {
  const bodies = Array.from({ length: POSTS }, () => JSON.stringify(receipt()));
  const latencies = [];
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const start = performance.now();
      const res = await fetch(`${url}/consent-receipts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      await res.arrayBuffer();
      if (res.status === 201) latencies.push(performance.now() - start);
      else failed++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return {
    acked: latencies.length, failed, seconds: +seconds.toFixed(2), perSecond: Math.round(latencies.length / seconds),
    p50ms: +q(0.5).toFixed(1), p99ms: +q(0.99).toFixed(1),
  };
}

async function one(backend, rows) {
  const dir = tempDir();
  let pg;
  try {
    let where;
    if (backend === 'postgres') {
      pg = await startPostgres();
      if (pg.skip) return { backend, rows, skipped: pg.skip };
      where = { databaseUrl: pg.url };
    } else {
      where = { data: join(dir, 'db') };
    }
    const t0 = performance.now();
    const store = await openStore(where);
    await prefill(store, rows);
    await store.close();
    const prefillSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    const args = ['--rate-limit', '0', '--retention-days', '0', ...(where.databaseUrl ? ['--database-url', where.databaseUrl] : ['--data', where.data])];
    const collector = await spawnCollector(args, { timeout: 600_000 });
    if (pin) spawnSync('taskset', ['-a', '-p', '-c', '0', String(collector.child.pid)]);
    try {
      return { backend, rows, prefillSeconds, ...(await load(collector.url)) };
    } finally {
      collector.child.kill('SIGTERM');
      await collector.exited;
    }
  } finally {
    await pg?.stop?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
console.log(`receipts bench: ${POSTS} posts, ${CONCURRENCY} at a time, collector ${pin ? 'pinned to one core' : 'not pinned (no taskset)'}; `
  + `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (figures from a busy machine are low)`);
for (const backend of values.backends.split(',')) {
  for (const rows of ROWS) {
    const r = await one(backend, rows);
    r.loadavg = +loadavg()[0].toFixed(1);
    results.push(r);
    console.log(JSON.stringify(r));
  }
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/receipts-${new Date().toISOString().slice(0, 10)}.json`, import.meta.url);
writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cores: cpus().length, loadavg: loadavg(), posts: POSTS, concurrency: CONCURRENCY, pinned: pin, results }, null, 2)}\n`);
console.log(`written to ${file.pathname}`);
