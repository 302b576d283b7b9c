// The runtime's side of shared/first-stage-modules.ts: rollup.config.js turns each import of one of
// those modules in the files built with them (dist/migu-consent.runtime.js, check.js, ...) into a read
// of the first stage's registration, which holds only the exports those files use.
import type { Registry } from './loader-link.js';

const mismatch = (what: string): Error => new Error(`migu-consent.runtime.js needs migu-consent.iife.js of the same version (${what})`);

/**
 * The reader of the first stage's copy of module `name` (a path from src/): each export is asked for
 * by name (the first stage registers one object of the exports of all those modules, by name: no two
 * of them export a name the files read), and one the first stage did not register throws. Without a
 * first stage of this version on the page it throws too: the first stage then reports that the file
 * did not register.
 */
export function firstStageModule(name: string): (exported: string) => unknown {
  const registry = (globalThis as { [key: symbol]: Registry | undefined })[Symbol.for('migu-consent.chunks')];
  const exports = registry?.loaded?.<Record<string, unknown>>('first-stage');
  if (!exports) throw mismatch(name);
  return (exported) => {
    if (!(exported in exports)) throw mismatch(`${name}: ${exported}`);
    return exports[exported];
  };
}
