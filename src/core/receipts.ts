import { randomId } from './hash.js';
import type { DecisionCause, StoreChange } from './store.js';
import { isDecision } from './store.js';
import type { ConsentState, Signals, Source } from './types.js';
import { stringify } from '../shared/json.js';

/** A decision that gets a receipt: not `sync`, which the deciding tab receipts itself, nor `config`. */
export type ReceiptAction = DecisionCause;

/**
 * Proof of one consent decision, as POSTed to `receipt-endpoint`. Holds no IP,
 * no user agent, no query string: `page` is origin + path only.
 */
export interface Receipt {
  /** Random; the endpoint drops duplicates by it (a receipt may arrive more than once). */
  receiptId: string;
  consentId: string;
  revision: string;
  /** ISO time of the decision. */
  timestamp: string;
  action: ReceiptAction;
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  source: Source;
  signals: Signals;
  page: string;
}

/** Receipts kept waiting at most; past it the oldest and the newest are kept, and an error says so. */
export const RECEIPT_CAP = 200;

/** Longest `page` a receipt carries: what collectors take (node/receipts/validate.mjs). */
const PAGE_MAX = 2048;

/**
 * `origin + path` of an http(s) URL: no credentials, query or hash, at most {@link PAGE_MAX}
 * characters; '' for anything else (a sandboxed `about:srcdoc` frame). Collectors refuse any
 * other page for good, and a refused receipt is never stored.
 */
export function pageOf(href: string): string {
  try {
    const url = new URL(href);
    return /^https?:$/.test(url.protocol) ? cutEscaped(`${url.protocol}//${url.host}${url.pathname}`) : '';
  } catch {
    return '';
  }
}

/**
 * At most {@link PAGE_MAX} characters, never ending inside a character's escapes: a path of Chinese
 * characters cut in the middle of `%E4%B8%AD` left a URI that decodeURI() refuses.
 */
function cutEscaped(page: string): string {
  let cut = page.slice(0, PAGE_MAX);
  // what is left of the cut character: up to four escapes, dropped one by one until the URI decodes
  for (let i = 0; i < 4 && page.length > PAGE_MAX; i++) {
    try {
      decodeURI(cut);
      break;
    } catch {
      cut = cut.slice(0, cut.lastIndexOf('%'));
    }
  }
  return cut;
}

/**
 * The receipt of a decision, from the state right after it. A reset leaves no
 * consent id in the state, so the previous one is passed to link the records.
 */
export function makeReceipt(
  state: ConsentState, action: ReceiptAction, init: { receiptId: string; href: string; now: number; previousConsentId?: string },
): Receipt {
  return {
    receiptId: init.receiptId,
    consentId: state.consentId || (init.previousConsentId ?? ''),
    revision: state.revision,
    timestamp: state.updatedAt || new Date(init.now).toISOString(),
    action,
    categories: { ...state.categories },
    services: { ...state.services },
    source: state.source,
    signals: { ...state.signals },
    page: pageOf(init.href),
  };
}

/**
 * Turns a store's changes into receipts: one per decision, superseded ones included (store.batch: they
 * were never in force, but they are of the history), none for a change from another tab or a config,
 * nor for a reset before any decision (no consent id to prove anything about: collectors refuse it).
 * A reset names the consent id it forgot. `consentId`: the store's when it starts. The page is the
 * change's own when it names one (a click applied on a later page), else `href()`.
 */
export function receiptMaker(consentId: string, href = (): string => location.href): (change: StoreChange) => Receipt[] {
  let last = 0;
  const receiptOf = ({ cause, state, page }: StoreChange): Receipt | undefined => {
    const previous = consentId;
    consentId = state.consentId || consentId;
    if (!isDecision(cause) || !(state.consentId || previous)) return undefined;
    const receipt = makeReceipt(state, cause, { receiptId: randomId(), href: page ?? href(), now: Date.now(), previousConsentId: previous });
    // dated in the order made, as the store dates decisions: a reset, which has no time of its own but the
    // clock's, came before the decision it followed (a coarse clock), and the queue is sent in time order
    receipt.timestamp = new Date(last = Math.max(Date.parse(receipt.timestamp), last + 1)).toISOString();
    return receipt;
  };
  return (change) => [...change.superseded ?? [], change].map(receiptOf).filter((r) => !!r);
}

/**
 * Adds a receipt to the queue stored under `key` at once, so that it outlives the page even when
 * the page is left before the code that sends it is in. Never throws: with storage blocked or full
 * the caller keeps the receipt in memory.
 */
export function enqueue(key: string, receipt: Receipt): void {
  try {
    localStorage.setItem(key, stringify([...parseQueue(localStorage.getItem(key)), receipt]));
  } catch {
    /* blocked or full */
  }
}

/** The stored queue, or [] when it is missing or unreadable; entries without an id are dropped. */
export function parseQueue(text: string | null | undefined): Receipt[] {
  try {
    const value: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(value)
      ? value.filter((r: Partial<Receipt> | null): r is Receipt => typeof r?.receiptId === 'string' && typeof r.timestamp === 'string')
      : [];
  } catch {
    return [];
  }
}

/**
 * The queue to keep and send: what is stored (other tabs and earlier pages may
 * have added to it) plus this page's own receipts, once each, oldest first, minus
 * those delivered. Over `cap`, the oldest `cap - 1` and the newest are kept.
 */
export function mergeQueue(
  stored: readonly Receipt[], own: readonly Receipt[], delivered: ReadonlySet<string>, cap = RECEIPT_CAP,
): { queue: Receipt[]; dropped: number } {
  const byId = new Map<string, Receipt>();
  for (const r of [...stored, ...own]) if (!delivered.has(r.receiptId) && !byId.has(r.receiptId)) byId.set(r.receiptId, r);
  // ISO timestamps sort as strings; sort() is stable, so equal times keep their order
  const queue = [...byId.values()].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  const dropped = Math.max(0, queue.length - cap);
  if (dropped) queue.splice(cap - 1, dropped);
  return { queue, dropped };
}

/**
 * Delay before retry number `attempt` (0-based): doubling from `base` up to `max`,
 * with "equal jitter" (between half and all of it) so that many pages do not
 * retry in step after an outage.
 */
export function retryDelay(attempt: number, random: () => number = Math.random, base = 1000, max = 60_000): number {
  const ceiling = Math.min(max, base * 2 ** attempt); // 2 ** 1e9 is Infinity: still max
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
