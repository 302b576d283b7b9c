// Layers point one way (scripts/layers.mjs): the lint rule refuses every upward import, planted in
// memory, allows every downward one, is the one eslint.config.js applies, and src/ has no upward import.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { LAYERS, layerRules, mayImport } from '../scripts/layers.mjs';
import { importEdges, upward as upwardEdge } from '../scripts/import-graph.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const folders = Object.keys(LAYERS);

test('the lint rule refuses each upward import and allows each downward one (planted in memory)', async () => {
  // the layer rules alone, parsed as TypeScript without type information: no file needs to exist
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    ...layerRules(),
  ] });
  const wrong = [];
  for (const from of folders) {
    for (const to of [...folders, '']) {
      if (to === from) continue;
      const target = to ? `../${to}/planted.js` : '../index.js';
      const code = `import { a } from '${target}';\nimport type { B } from '${target}';\nexport * from '${target}';\nexport const c: B = a;\n`;
      const [result] = await eslint.lintText(code, { filePath: `src/${from}/planted.ts` });
      const refused = result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
      const fatal = result.messages.filter((m) => m.fatal);
      assert.deepEqual(fatal, [], `src/${from}/planted.ts parses`);
      const expected = mayImport(from, to) ? 0 : 3;
      if (refused !== expected) wrong.push(`src/${from}/ -> ${target}: ${String(refused)} refused, expected ${String(expected)}`);
    }
  }
  assert.deepEqual(wrong, []);
  // and a planted file in the same folder, or an entry file, may import anything below it
  const [same] = await eslint.lintText("import { a } from './x.js';\nexport { a };\n", { filePath: 'src/gating/planted.ts' });
  assert.equal(same.messages.length, 0);
  const [entry] = await eslint.lintText("import { a } from './elements/x.js';\nexport { a };\n", { filePath: 'src/planted.ts' });
  assert.equal(entry.messages.length, 0);
});

test('eslint.config.js applies exactly these layer rules to every folder', async () => {
  const eslint = new ESLint({ cwd: ROOT });
  for (const { files, rules } of layerRules()) {
    const file = files[0].replace('**/*.ts', 'any.ts');
    const config = await eslint.calculateConfigForFile(file);
    const [severity, options] = config.rules['no-restricted-imports'];
    assert.equal(severity, 2, file);
    assert.deepEqual(options, rules['no-restricted-imports'][1], file);
  }
});

test('src/ has no upward import (resolved paths, scripts/import-graph.mjs)', () => {
  const upward = importEdges().filter((e) => upwardEdge(e.from, e.to));
  assert.deepEqual(upward.map((e) => `${e.file} -> ${e.target}`), []);
  assert.ok(importEdges().length > 100, 'the graph sees the imports');
});
