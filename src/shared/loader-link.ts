// The registry of the script build's lazily loaded files (shared/lazy-files.ts), seen from the
// files the loader fetched: each hands its exports over under its name (src/lazy/<name>.ts), and
// the UI takes the loader's own registration, 'loader', and fetches the languages through it.
// The registry itself, the loader's side, is shared/chunks.ts. One page-wide global, shared by
// separately loaded files, so that no second core loads. Nothing here runs on import: a file
// that imports this gets only what it calls (the lazily loaded files stay small).
import type { LazyFileName } from './lazy-files.js';
import { logError } from './log.js';
import { BUILD } from './build.js';

/** The registry's global; the name is the one files of earlier versions register with. */
export const CHUNKS = Symbol.for('migu-consent.chunks');

/**
 * What hands exports over to the registry: a lazily loaded file (not the UI), the runtime as
 * 'loader' for the UI, or the first stage its modules (shared/first-stage-modules.ts).
 */
export type ChunkName = Exclude<LazyFileName, 'ui'> | 'loader' | 'first-stage';

/** Calls `use` with a file's exports once it is in (fetched on first need); see chunks.ts `loadChunk`. */
export type LoadChunk = <T>(name: ChunkName, what: string, use: (exports: T) => void, fallback?: () => void) => void;

/**
 * The page's registry, opened by the loader. It stays callable: every version's files register by
 * calling it, so a cached file of an earlier version still hands its exports over. `load` and
 * `loaded` are absent in the loaders before them.
 */
export interface Registry {
  /** `build`: the file's stamp (shared/build.ts), absent in the files before stamps. */
  (name: ChunkName, exports: unknown, build?: string): void;
  load?: LoadChunk;
  /** A file's exports if they are in already, else undefined. */
  loaded?: <T>(name: ChunkName) => T | undefined;
}

/** The loader's registry, if a loader opened one. */
export const registry = (): Registry | undefined => (globalThis as { [CHUNKS]?: Registry })[CHUNKS];

/**
 * A lazily loaded file's entry hands its exports over. Without the registry nothing happens:
 * the loader that fetched the file reports a file that did not register (chunks.ts).
 */
export function registerChunk(name: ChunkName, exports: unknown): void {
  const r = registry();
  if (typeof r === 'function') r(name, exports, BUILD);
}

/** The loader's own registration (what the UI uses of it). */
export interface LoaderExports {
  /** Runs `fn` once the loader has started the page's element (its config parsed); `build`: the UI's stamp (shared/build.ts). */
  whenStarted: (fn: () => void, build?: string) => void;
}

const NO_LOADER = 'migu-consent.ui.js needs migu-consent.iife.js of the same version on the page first';

/** The loader's registration, or undefined with an error logged (no loader, or one of another version). */
function found<T extends LoaderExports>(): T | undefined {
  const exports = registry()?.loaded?.<T>('loader');
  if (!exports) logError('api', NO_LOADER);
  return exports;
}

/** The loader's registration; without it an error is logged and thrown (the UI cannot work). */
export function loader<T extends LoaderExports = LoaderExports>(): T {
  const exports = found<T>();
  if (!exports) throw new Error(NO_LOADER);
  return exports;
}

/**
 * Runs the UI's element definitions once the loader has the page's element and its config: a UI
 * fetched early waits. Without the loader nothing is defined, and one error says why.
 */
export const whenStarted = (fn: () => void): void => { found()?.whenStarted(fn, BUILD); };

/** {@link LoadChunk} through the loader: from its folder, with its nonce and its Trusted Types policy. */
export const loadViaLoader: LoadChunk = (name, what, use, fallback) => {
  const load = registry()?.load;
  if (load) load(name, what, use, fallback);
  else fallback?.();
};
