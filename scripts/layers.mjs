// The layers of src/, one table for the lint rule (eslint.config.js), the import graph's check
// (scripts/import-graph.mjs --check) and their test (e2e/layers.test.mjs). Each folder may import
// itself and the folders listed for it, nothing else: imports point down only. The files directly
// in src/ (the entries: index.ts, headless.ts, iife.ts, features.ts) import anything, and no folder
// imports them; so do the entries of the lazily loaded files, src/lazy/ (every folder below it, and
// no folder imports it). See docs/architecture.md, "Layers".
const LOW = ['shared', 'core', 'storage', 'gating', 'i18n'];
const RUNTIME_AND_BELOW = [...LOW, 'runtime'];

/** @type {Record<string, readonly string[]>} folder of src/ -> the folders it may import */
export const LAYERS = {
  shared: [], // log, Trusted Types, URL checks, chunk loading: imports nothing of ours
  core: ['shared'], // pure consent logic (today it imports nothing at all)
  storage: ['shared', 'core'],
  gating: ['shared', 'core', 'storage'], // the withdrawal sweep uses storage's cleaner
  i18n: ['shared', 'core'],
  runtime: LOW,
  integrations: RUNTIME_AND_BELOW,
  context: RUNTIME_AND_BELOW, // the @lit/context key, for the elements
  elements: [...RUNTIME_AND_BELOW, 'context'],
  lazy: [...RUNTIME_AND_BELOW, 'context', 'integrations', 'elements'], // the entries of the lazily loaded files
};

/** Whether a file in `from` (a folder of src/, or '' for the entries) may import one in `to`. */
export function mayImport(from, to) {
  if (from === to || from === '') return true;
  return Boolean(LAYERS[from]?.includes(to));
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * ESLint flat-config entries: per folder, ESLint's own `no-restricted-imports` refuses every
 * `../` import that does not go to a folder the table allows (type-only imports and
 * `export ... from` included). The folders of src/ are one level deep.
 */
export function layerRules() {
  return Object.entries(LAYERS).map(([folder, allowed]) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: allowed.length ? `^\\.\\./(?!(?:${allowed.map(escape).join('|')})/)` : '^\\.\\./',
          message: `layers point one way: src/${folder}/ may import ${allowed.length ? allowed.map((a) => `${a}/`).join(', ') : 'nothing outside itself'} (scripts/layers.mjs, docs/architecture.md)`,
        }],
      }],
    },
  }));
}
