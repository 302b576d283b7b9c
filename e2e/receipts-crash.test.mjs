// Crash test of the collector on embedded PGlite: the real CLI server, a burst of concurrent posts
// (duplicates among them), kill -9 in the middle, a restart on the same data folder. Every receipt
// answered 2xx must be there exactly once. Then the CLI exports the folder directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { crashTest, pgliteFolder, runCli, tempDir } from './receipts-support.mjs';

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
