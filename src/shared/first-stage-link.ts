// The runtime's side of shared/first-stage-modules.ts: rollup.config.js turns each import of one of
// those modules in dist/migu-consent.runtime.js into a read of the first stage's registration.
import type { Registry } from './loader-link.js';

/**
 * The first stage's copy of module `name` (a path from src/), checked to export `names`. Throws
 * without a first stage of this version on the page: the first stage then reports that the runtime
 * did not register.
 */
export function firstStageModule(name: string, names: string[]): Record<string, unknown> {
  const registry = (globalThis as { [key: symbol]: Registry | undefined })[Symbol.for('migu-consent.chunks')];
  const module = registry?.loaded?.<Record<string, Record<string, unknown> | undefined>>('first-stage')?.[name];
  if (!module || !names.every((n) => n in module)) throw new Error(`migu-consent.runtime.js needs migu-consent.iife.js of the same version (${name})`);
  return module;
}
