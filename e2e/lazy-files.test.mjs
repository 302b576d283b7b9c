// The lazily loaded files of the script build come from one table (src/shared/lazy-files.ts):
// each row has its entry in src/lazy/ and nothing else is there, each is built as
// dist/migu-consent.<name>.js and registers under its own name, and each has a size budget.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { lazyEntries, lazyFiles } from '../scripts/lazy-files.mjs';
import { budgets } from '../scripts/size.mjs';

const ROOT = new URL('..', import.meta.url);

test('the table and src/lazy/ agree, entry for entry', async () => {
  const files = await lazyEntries(); // throws, naming the file, when they do not
  assert.deepEqual(Object.keys(files).sort(), ['gcm', 'lang.en', 'lang.zh-TW', 'native', 'receipts', 'reopen', 'runtime', 'siblings', 'ui']);
  for (const [name, { build }] of Object.entries(files)) assert.ok(['code', 'data', 'ui', 'runtime'].includes(build), `${name}: build "${build}"`);
});

test('each row is built as dist/migu-consent.<name>.js, and each file but the UI registers under its own name', async () => {
  for (const [name, { build }] of Object.entries(await lazyFiles())) {
    const code = readFileSync(new URL(`dist/migu-consent.${name}.js`, ROOT), 'utf8');
    assert.ok(code.includes('Symbol.for("migu-consent.chunks")'), `${name}: meets the registry`);
    // the entry's registerChunk('<name>', ...) survives minification as a string literal
    if (build !== 'ui') assert.match(code, new RegExp(`[(,]"${name.replace('.', '\\.')}",`), `${name}: registers as "${name}"`);
  }
});

test('each lazily loaded file has a size budget (scripts/size.mjs)', async () => {
  const missing = Object.keys(await lazyFiles()).filter((name) => !budgets.some((b) => b.file === `dist/migu-consent.${name}.js`));
  assert.deepEqual(missing, []);
});
