// Script build only: the registry of the lazily loaded files (shared/lazy-files.ts), the
// loader's side. Parts few pages need (receipts, Consent Mode updates, a returning visitor's
// re-open button without the UI, the languages other than zh-CN ...) are separate files next to
// the loader, fetched when a page uses them. Each hands its exports over to this registry under
// its name (src/lazy/<name>.ts through shared/loader-link.ts), so no second copy of the core loads;
// the loader registers its own functions as 'loader' for the UI, which fetches the languages
// through the registry too. One registry, one global, both directions.
import type { ChunkName, LoadChunk, Registry } from './loader-link.js';
import { CHUNKS } from './loader-link.js';
import { logError } from './log.js';
import { trustedScriptURL } from './trusted-types.js';
import { currentScript } from './current-script.js';
import { baseFor } from './url.js';
import { BUILD } from './build.js';

export type { ChunkName } from './loader-link.js';

/** The loader's own tag, read while it runs: files come from its folder with its nonce. */
const self = currentScript();
/**
 * Its URL as fetched, resolved as the parser did: `src` resolves against a `<base href>` parsed after the
 * tag (injected into a comment field), another host's folder, when read later or by a `defer` loader.
 * Without a tag of its own (a loader that fetched its text and ran it: jQuery's getScript, qiankun, a tag
 * manager's eval), the URL the page fetched it from, in its resource timing: the page's own folder lost every
 * choice (messy-pages probe F1: the runtime, which writes it, was a 404 there). Else the page's (a file that
 * cannot load there is reported with its URL). Only a fetch by script counts, never markup's.
 */
const folder = ((): string => {
  try {
    const src = self?.getAttribute('src');
    if (self && src) return new URL(src, baseFor(self)).href;
    // fetched by a script: an <img> of that name, in markup the page lets users post, chose the folder where
    // its resource timing had no room left for the page's own fetch (security probe 2 F3)
    const fetched = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).reverse()
      .find((entry) => /^(fetch|xmlhttprequest|script)$/.test(entry.initiatorType) && /\/migu-consent\.iife\.js([?#]|$)/.test(entry.name));
    if (fetched) return fetched.name;
  } catch {
    // no resource timing: the page's folder
  }
  return location.href;
})();
type Waiting = [use: (exports: never) => void, fallback: (() => void) | undefined];
const waiting: Partial<Record<ChunkName, Waiting[]>> = {};
const loaded: Partial<Record<ChunkName, unknown>> = {};
/** Files that could not load or registered nothing: not fetched again, their fallbacks run at once. */
const failed: Partial<Record<ChunkName, true>> = {};

/** Chunks that gated elements wait for (see lazy-features.ts): Consent Mode's updates must precede Google's tags. */
export const gatingWaitsFor: ChunkName[] = [];

/**
 * Set from `beforeunload` on: Firefox ends the loads of a page being left with `error` events, as if
 * our files were missing. Cleared on `pageshow`: a page back from the back/forward cache is not being
 * left, and a real failure there is reported at once, not after the retries below.
 */
let leaving = 0;
addEventListener('beforeunload', () => { leaving = 1; });
addEventListener('pageshow', () => { leaving = 0; });

/**
 * Adds `migu-consent.<file>.js?v=<build>` from the loader's folder; a failure is logged, never thrown.
 * `onLoad` runs once the file has run (its `load` event). The build's stamp (shared/build.ts) in the URL: a
 * cache (a CDN's edge, the browser's) that kept a file of an earlier build under its plain name never gives it
 * to this loader, where it failed without a word (upgrade probes F3, F4) or, run first, broke the UI under
 * Trusted Types (its lit-html policy taken before this build's UI could have it).
 */
export function loadScript(file: string, onError: (src: string) => void, onLoad?: (src: string) => void, tries = 0): void {
  try {
    if (!/^[\w.-]+$/.test(file)) throw new TypeError('not a file of ours');
    const script = document.createElement('script');
    script.src = trustedScriptURL(new URL(`migu-consent.${file}.js?v=${BUILD}`, folder).href);
    if (self?.nonce) script.nonce = self.nonce;
    // a load that failed as the page is left is not reported: the page goes (and its timers with it),
    // or it stays (a download, a 204, a cancelled leave) and the file is fetched again
    script.onerror = () => {
      if (leaving && tries < 5) setTimeout(loadScript, 1e3, file, onError, onLoad, tries + 1);
      else onError(script.src);
    };
    if (onLoad) script.onload = () => { onLoad(script.src); };
    document.head.append(script);
  } catch (e) {
    onError(`${file}: ${String(e)}`);
  }
}

/**
 * A file (or the loader) hands its exports over: whoever waits for them gets them. A file of another build
 * (`build`, absent before stamps: a folder that mixes builds, or a cache that ignores the query) is taken as it
 * is, as before stamps, and said: an earlier runtime there may not open the preferences (upgrade probe 2, F2).
 */
function register(name: ChunkName, exports: unknown, build?: string): void {
  // the runtime registers the loader too: one message for its file
  if (build != BUILD && name != 'loader') logError('api', `migu-consent.${name}.js is of another build: serve one build's files together`);
  loaded[name] = exports;
  for (const [fn] of waiting[name]?.splice(0) ?? []) {
    try {
      fn(exports as never);
    } catch (e) {
      logError('api', `${name}: ${String(e)}`);
    }
  }
}

/**
 * The page's registry: opened by the first loader as it starts (iife.ts), before it asks for any
 * file; a second copy finds the first one's, with its 'loader' registration.
 */
export function openRegistry(): Registry {
  const g = globalThis as { [CHUNKS]?: Registry };
  return (g[CHUNKS] ??= Object.assign(register, { load: loadChunk satisfies LoadChunk, loaded: loadedChunk }));
}

/**
 * Calls `use` with a file's exports once it is there (fetched once, on first need; the registry
 * must be open, see {@link openRegistry}). When the file
 * cannot load, or runs without registering (a file of another version), one error names it and
 * what is lost, and `fallback` runs instead of `use`, now and for later callers.
 */
export function loadChunk<T>(name: ChunkName, what: string, use: (exports: T) => void, fallback?: () => void): void {
  if (name in loaded) return use(loaded[name] as T);
  // the runtime is fetched again at its next use (a network blip): without it no choice can be made on the page
  if (failed[name] && name != 'runtime') return fallback?.();
  if ((waiting[name] ??= []).push([use, fallback]) > 1) return;
  const fail = (why: string): void => {
    // said once: a missing file's every use said it again (three errors for one click on the banner)
    if (!failed[name]) logError('api', `${why}: ${what}`);
    failed[name] = true;
    for (const [, lost] of waiting[name]?.splice(0) ?? []) lost?.();
  };
  loadScript(name, (src) => { fail(`could not load ${src}`); }, (src) => {
    if (!(name in loaded)) fail(`${src} did not register (a file of another version?)`);
  });
}

/** A file's exports if it is in already (see {@link holdFor}), else undefined. */
export function loadedChunk<T>(name: ChunkName): T | undefined {
  return loaded[name] as T | undefined;
}

/**
 * Fetches the chunks a page's start must wait for (the app's bridge, a sibling's handoff: both
 * decide whether a banner shows), then calls `go`, also when one could not load.
 */
export function holdFor(names: ChunkName[], go: () => void): void {
  let pending = names.length;
  const done = (): void => { if (--pending === 0) go(); };
  if (!pending) go();
  for (const name of names) loadChunk(name, 'the page starts without it', done, done);
}
