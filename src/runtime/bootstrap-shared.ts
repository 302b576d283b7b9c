// Stands in for bootstrap.ts inside the lazily loaded UI script (dist/migu-consent.ui.js):
// the loader already holds the page's runtime and API, so the UI uses the loader's
// functions instead of bundling a second core. rollup.config.js swaps the module in.
import type * as Bootstrap from './bootstrap.js';
import type * as Chunks from './chunks.js';
import { logError } from './log.js';

export const SHARED = Symbol.for('migu-consent.bootstrap');
type Shared = Pick<typeof Bootstrap, 'runtimeFor' | 'pageApi' | 'disposeRuntime'> & {
  /** Runs `fn` once the loader has started the page's element (its config parsed); absent in loaders before it. */
  whenStarted?: (fn: () => void) => void;
  /** Fetches a file of the loader's folder, through the loader's Trusted Types policy (private to it); absent in older loaders. */
  loadScript?: typeof Chunks.loadScript;
};

function shared(): Shared {
  const found = (globalThis as { [SHARED]?: Shared })[SHARED];
  if (!found) {
    logError('api', 'migu-consent.ui.js needs migu-consent.iife.js on the page first');
    throw new Error('migu-consent: loader missing');
  }
  return found;
}

export const runtimeFor: Shared['runtimeFor'] = (element, init) => shared().runtimeFor(element, init);
export const pageApi: Shared['pageApi'] = () => shared().pageApi();
export const disposeRuntime: Shared['disposeRuntime'] = (element) => { shared().disposeRuntime(element); };
/** Runs the UI's element definitions once the loader has the page's element and its config: a UI fetched early waits. */
export const whenStarted = (fn: () => void): void => { const s = shared(); if (s.whenStarted) s.whenStarted(fn); else fn(); };
/** Fetches `migu-consent.<file>.js` from the loader's folder (the languages): the loader creates the script element. */
export const loadScript: typeof Chunks.loadScript = (file, onError) => {
  const load = shared().loadScript;
  if (load) load(file, onError);
  else onError(file);
};
