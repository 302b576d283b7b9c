// `npm run size:modules` (scripts/size-modules.mjs): the breakdown of the built files by source
// module adds up, and a hand-made sourcemap is read byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breakdown, browserFiles, UNMAPPED } from '../scripts/size-modules.mjs';

test('the loader breaks down into its source modules, which add up to the file', () => {
  const loader = 'dist/migu-consent.iife.js';
  assert.ok(existsSync(loader) && existsSync(`${loader}.map`), 'built with its sourcemap (npm run build)');
  const b = breakdown(loader);
  const record = b.modules.find((m) => m.source === 'src/core/record.ts');
  assert.ok(record && record.bytes > 0, `src/core/record.ts is listed (got ${b.modules.map((m) => m.source).join(', ')})`);
  assert.equal(b.modules.reduce((sum, m) => sum + m.bytes, 0), b.raw, 'every byte goes to one row');
  assert.ok(Math.abs(b.mapped - b.raw) <= 0.1 * b.raw, `modules ${b.mapped} B within 10% of the file's ${b.raw} B`);
  const estimated = b.modules.reduce((sum, m) => sum + m.brotli, 0);
  assert.ok(Math.abs(estimated - b.brotli) <= b.modules.length, 'the brotli estimates share out the file\'s brotli size');
  assert.ok(browserFiles().some((f) => f.includes('/migu-consent.ui.js')), 'the UI is one of the browser files');
});

test('segments, lines without segments and bytes without source are attributed exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'size-modules-'));
  try {
    const file = join(dir, 'x.js');
    // line 1: "(" before any segment, "aaé" from a.ts (é: 1 column, 2 bytes), "BBBBB" from b.ts;
    // line 2: no segment, the rest of b.ts's token (a template literal over lines);
    // line 3: "cc" before its first segment (still b.ts), ";" a segment without source, "dd" from a.ts
    writeFileSync(file, '(aaéBBBBB\nBB\ncc;dd');
    writeFileSync(`${file}.map`, JSON.stringify({
      version: 3, sources: ['a.ts', 'b.ts'], names: [],
      // [col 1, a.ts], [col 4, b.ts]; line 2 none; [col 2, no source], [col 3, a.ts]
      mappings: 'CAAA,GCAA;;E,CDAA',
    }));
    const b = breakdown(file);
    const by = Object.fromEntries(b.modules.map((m) => [m.source.replace(/.*\//, ''), m.bytes]));
    // a.ts: "aaé" 4 + "dd" 2; b.ts: "BBBBB\n" 6 + "BB\n" 3 + "cc" 2; unmapped: "(" and ";"
    assert.deepEqual(by, { 'a.ts': 6, 'b.ts': 11, [UNMAPPED]: 2 });
    assert.equal(b.raw, 19);
    assert.equal(b.mapped, 17);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
