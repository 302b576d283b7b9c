// The script build's loader hands the files it fetches its own functions through one global,
// so that no second core loads (see runtime/bootstrap-shared.ts for the runtime's part). This is
// the low end of that hand-over: the symbol, the lookup and the functions that need nothing above
// shared/ (the language files are fetched through it from i18n/).
import type * as Chunks from './chunks.js';
import { logError } from './log.js';

export const SHARED = Symbol.for('migu-consent.bootstrap');

/** What the loader hands over besides the runtime's functions (runtime/bootstrap-shared.ts adds those). */
export interface LoaderLink {
  /** Runs `fn` once the loader has started the page's element (its config parsed); absent in loaders before it. */
  whenStarted?: (fn: () => void) => void;
  /** Fetches a file of the loader's folder, through the loader's Trusted Types policy (private to it); absent in older loaders. */
  loadScript?: typeof Chunks.loadScript;
}

/** The loader's hand-over; without the loader on the page, an error is logged and thrown. */
export function loaderLink<T extends LoaderLink = LoaderLink>(): T {
  const found = (globalThis as { [SHARED]?: T })[SHARED];
  if (!found) {
    logError('api', 'migu-consent.ui.js needs migu-consent.iife.js on the page first');
    throw new Error('migu-consent: loader missing');
  }
  return found;
}

/** Runs the UI's element definitions once the loader has the page's element and its config: a UI fetched early waits. */
export const whenStarted = (fn: () => void): void => { const s = loaderLink(); if (s.whenStarted) s.whenStarted(fn); else fn(); };
