// The lazily loaded files of the script build come from one table (src/shared/lazy-files.ts):
// each row has its entry in src/lazy/ and nothing else is there, each is built as
// dist/migu-consent.<name>.js and registers under its own name, and each has a size budget.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { firstStageModules, lazyEntries, lazyFiles } from '../scripts/lazy-files.mjs';
import { budgets } from '../scripts/size.mjs';
import { newTrackedPage, startHarness } from './support.mjs';

const ROOT = new URL('..', import.meta.url);

test('the table and src/lazy/ agree, entry for entry', async () => {
  const files = await lazyEntries(); // throws, naming the file, when they do not
  assert.deepEqual(Object.keys(files).sort(), ['check', 'gcm', 'lang.en', 'lang.zh-TW', 'native', 'receipts', 'reopen', 'returning', 'runtime', 'siblings', 'theme', 'ui']);
  for (const [name, { build }] of Object.entries(files)) assert.ok(['code', 'data', 'ui', 'runtime', 'first-stage'].includes(build), `${name}: build "${build}"`);
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

test('the files built with the first stage\'s modules bundle no copy of them (rollup.config.js takeFromFirstStage)', async () => {
  const FIRST_STAGE_MODULES = await firstStageModules();
  const taking = Object.entries(await lazyFiles()).filter(([, { build }]) => build === 'runtime' || build === 'first-stage');
  assert.deepEqual(taking.map(([name]) => name).sort(), ['check', 'reopen', 'returning', 'runtime', 'theme']);
  for (const [name] of taking) {
    const { sources } = JSON.parse(readFileSync(new URL(`dist/migu-consent.${name}.js.map`, ROOT), 'utf8'));
    const copies = sources.filter((s) => FIRST_STAGE_MODULES.some((m) => s.endsWith(`src/${m}.ts`)));
    assert.deepEqual(copies, [], `${name} bundles its own copy of ${copies.join(', ')}`);
    assert.ok(sources.some((s) => s.endsWith('src/shared/first-stage-link.ts')), `${name} takes them from the first stage`);
  }
});

test('the first stage registers exactly the exports the files built with its modules read (rollup.config.js registerFirstStage)', async () => {
  const h = await startHarness();
  try {
    const { page, errors } = await newTrackedPage(h.browser);
    await page.goto(`${h.base}/e2e/fixtures/loader.html`);
    const taking = Object.entries(await lazyFiles()).filter(([, { build }]) => build === 'runtime' || build === 'first-stage').map(([name]) => name);
    // every read of a taking file goes through the registry's `loaded('first-stage')` (shared/first-stage-link.ts):
    // recorded, then each file run once more
    await page.evaluate(() => {
      const registry = globalThis[Symbol.for('migu-consent.chunks')];
      const loaded = registry.loaded;
      const asked = (globalThis.__asked = []);
      registry.loaded = (name) => {
        const exports = loaded(name);
        if (name !== 'first-stage') return exports;
        // one object of the exports of its modules, by name
        return new Proxy(exports, { has: (target, exported) => { asked.push(exported); return exported in target; } });
      };
    });
    for (const name of taking) await page.addScriptTag({ url: `/dist/migu-consent.${name}.js` });
    const { asked, registered } = await page.evaluate(() => {
      const exports = globalThis[Symbol.for('migu-consent.chunks')].loaded('first-stage');
      return { asked: [...new Set(globalThis.__asked)].sort(), registered: Object.keys(exports).sort() };
    });
    assert.deepEqual(errors, []);
    assert.ok(asked.length >= 20, `the taking files read from the first stage: ${JSON.stringify(asked)}`);
    assert.deepEqual(registered, asked);
  } finally {
    await h.stop();
  }
});
