// Crash test of the collector on embedded PGlite: the real CLI server, a burst of concurrent posts
// (duplicates among them), kill -9 in the middle, a restart on the same data folder. Every receipt
// answered 2xx must be there exactly once. Then the CLI exports the folder directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crashTest, pgliteFolder, post, receipt, runCli, spawnCollector, tempDir } from './receipts-support.mjs';

test('kill -9 during a burst on PGlite: every acknowledged receipt is stored exactly once after restart', async () => {
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  try {
    const result = await crashTest({ args: ['--data', data], total: 250, killAfter: 80 });
    console.log(`crash (PGlite): ${result.sent} posts, ${result.acked} acknowledged before kill -9, ${result.refused} cut off; `
      + `after restart ${result.stored} stored, each once`);
    assert.ok(result.acked > 0 && result.refused > 0, 'the kill came in the middle of the burst');
    result.second.child.kill('SIGTERM');
    assert.equal(await result.second.exited, 0);
    const out = await runCli(['receipts', 'export', '--data', data]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim().split('\n').length, result.stored);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a first start killed while PGlite writes the new database: the next start makes it whole and works', async () => {
  const dir = tempDir();
  try {
    // the process dies (kill -9, from inside) the moment PGlite opens postgresql.conf of the new
    // database: PG_VERSION is written by then, some other files are not
    const preload = join(dir, 'die-on-open.mjs');
    writeFileSync(preload, `import fs from 'node:fs';
const open = fs.openSync;
fs.openSync = function (path, ...rest) {
  if (String(path).endsWith('/postgresql.conf')) process.kill(process.pid, 'SIGKILL');
  return open.call(this, path, ...rest);
};
`);
    const data = join(dir, 'db');
    mkdirSync(data);
    const first = await runCli(['receipts', 'serve', '--port', '0', '--data', data], { env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` }, timeout: 180_000 });
    assert.equal(first.code, null, `the first start was to be killed: ${first.stderr}`);
    // a read refuses the folder: no database was made there
    const read = await runCli(['receipts', 'counts', '--data', data], { timeout: 180_000 });
    assert.equal(read.code, 1, read.stderr);
    assert.match(read.stderr, /no database at /);
    const second = await spawnCollector(['--data', data], { timeout: 180_000 });
    try {
      assert.equal((await post(second.url, receipt())).status, 201);
    } finally {
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
    }
    assert.ok(existsSync(join(data, 'pgdata', 'PG_VERSION')));
    assert.deepEqual(readdirSync(data).sort(), ['pgdata']);
    const counts = await runCli(['receipts', 'counts', '--data', data], { timeout: 180_000 });
    assert.equal(JSON.parse(counts.stdout).receipts, 1, counts.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
