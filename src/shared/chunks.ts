// Script build only: parts few pages need (receipts, Consent Mode updates, a returning
// visitor's re-open button without the UI) are separate files next to the loader,
// fetched when a page uses them. A chunk hands its exports over through a
// global symbol, so no second copy of the core loads.
import { logError } from './log.js';
import { trustedScriptURL } from './trusted-types.js';

export const CHUNKS = Symbol.for('migu-consent.chunks');
export type ChunkName = 'receipts' | 'gcm' | 'reopen' | 'siblings' | 'native';
type Register = (name: ChunkName, exports: unknown) => void;
type Global = typeof globalThis & { [CHUNKS]?: Register };

/** The loader's own tag, read while it runs: chunks come from its folder with its nonce. */
const self = document.currentScript as HTMLScriptElement | null;
type Waiting = [use: (exports: never) => void, fallback: (() => void) | undefined];
const waiting: Partial<Record<ChunkName, Waiting[]>> = {};
const loaded: Partial<Record<ChunkName, unknown>> = {};

/** Chunks that gated elements wait for (see lazy-features.ts): Consent Mode's updates must precede Google's tags. */
export const gatingWaitsFor: ChunkName[] = [];

/**
 * Adds `migu-consent.<file>.js` from the loader's folder; a failure is logged, never thrown.
 * The UI calls it through a global (iife.ts): a plain name, so that nothing outside the folder loads.
 */
export function loadScript(file: string, onError: (src: string) => void): void {
  try {
    if (!/^[\w.-]+$/.test(file)) throw new TypeError('not a file of ours');
    const script = document.createElement('script');
    script.src = trustedScriptURL(new URL(`migu-consent.${file}.js`, self?.src || location.href).href);
    if (self?.nonce) script.nonce = self.nonce;
    script.onerror = () => { onError(script.src); };
    document.head.append(script);
  } catch (e) {
    onError(`${file}: ${String(e)}`);
  }
}

/**
 * Calls `use` with a chunk's exports once it is there (fetched on first need). On failure
 * the error names the file and `what` is lost; `fallback` runs instead of `use`.
 */
export function loadChunk<T>(name: ChunkName, what: string, use: (exports: T) => void, fallback?: () => void): void {
  const g = globalThis as Global;
  g[CHUNKS] ??= (n, exports) => {
    loaded[n] = exports;
    for (const [fn] of waiting[n]?.splice(0) ?? []) {
      try {
        fn(exports as never);
      } catch (e) {
        logError('api', `${n}: ${String(e)}`);
      }
    }
  };
  if (name in loaded) return use(loaded[name] as T);
  if ((waiting[name] ??= []).push([use, fallback]) > 1) return;
  loadScript(name, (src) => {
    logError('api', `could not load ${src}: ${what}`);
    for (const [, lost] of waiting[name]?.splice(0) ?? []) lost?.();
  });
}

/** A chunk's exports if it is in already (see {@link holdFor}), else undefined. */
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
