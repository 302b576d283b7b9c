// The table of the script build's lazily loaded files (src/shared/lazy-files.ts) for node scripts:
// rollup.config.js builds one file per row, scripts/size.mjs asks for a budget per row. The table
// is TypeScript with no imports, so TypeScript's own transpiler turns it into a module to import:
// no parser of ours, and one source for the types, the build and the budgets.
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';

const TABLE = new URL('../src/shared/lazy-files.ts', import.meta.url);
/** The folder of their entries: src/lazy/<name>.ts -> dist/migu-consent.<name>.js. */
export const LAZY_DIR = new URL('../src/lazy/', import.meta.url);

/** A data-only TypeScript module of src/, as a module. */
async function importTable(url) {
  const { outputText } = ts.transpileModule(readFileSync(url, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
}

/** @returns {Promise<Record<string, { build: 'code' | 'data' | 'ui' | 'runtime' | 'first-stage' }>>} the rows, by file name */
export async function lazyFiles() {
  return (await importTable(TABLE)).LAZY_FILES;
}

/** @returns {Promise<readonly string[]>} the modules the runtime takes from the first stage (src/shared/first-stage-modules.ts) */
export async function firstStageModules() {
  return (await importTable(new URL('../src/shared/first-stage-modules.ts', import.meta.url))).FIRST_STAGE_MODULES;
}

/**
 * The rows, checked against src/lazy/: an entry without a row would not be built, and a row
 * without an entry would not build; either throws, naming the file.
 */
export async function lazyEntries() {
  const files = await lazyFiles();
  const entries = readdirSync(LAZY_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
  const noRow = entries.filter((name) => !(name in files));
  const noEntry = Object.keys(files).filter((name) => !entries.includes(name));
  if (noRow.length || noEntry.length) {
    throw new Error([
      ...noRow.map((n) => `src/lazy/${n}.ts has no row in src/shared/lazy-files.ts`),
      ...noEntry.map((n) => `src/shared/lazy-files.ts: "${n}" has no entry src/lazy/${n}.ts`),
    ].join('\n'));
  }
  return files;
}
