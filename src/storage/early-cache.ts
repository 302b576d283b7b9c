// Where the runtime leaves the early config (core/early.ts) for the next page's first stage:
// localStorage, next to the receipts queue, under `<cookie-name>.early`. The last few configs
// are kept (a site's pages may carry different ones). Never throws: storage may be blocked
// (a sandboxed frame, privacy mode), and then the first stage decides nothing and waits.
import type { EarlyConfig } from '../core/early.js';
import { stringify } from '../shared/json.js';

/** How many configs of one cookie are kept, the most recent first. */
const KEPT = 4;

const storageKey = (cookieName: string): string => `${cookieName}.early`;

function entries(cookieName: string): unknown[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(storageKey(cookieName)) ?? '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** The saved early config whose key is `key`, unchecked (core/early.ts `fromEarly` checks it). */
export function readEarly(cookieName: string, key: string): unknown {
  return entries(cookieName).find((e) => (e as Partial<EarlyConfig> | null)?.key === key);
}

/** Saves `early` first, dropping an older one of the same key; writes only when that changes something. */
export function saveEarly(cookieName: string, early: EarlyConfig): void {
  try {
    const old = entries(cookieName);
    const text = stringify([early, ...old.filter((e) => (e as Partial<EarlyConfig> | null)?.key !== early.key)].slice(0, KEPT));
    if (text !== stringify(old)) localStorage.setItem(storageKey(cookieName), text);
  } catch {
    /* blocked or full: the next page waits for the runtime, as a first visit does */
  }
}
