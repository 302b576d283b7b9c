import type { Receipt } from '../core/receipts.js';
import { mergeQueue, parseQueue, RECEIPT_CAP, receiptMaker, retryDelay } from '../core/receipts.js';
import type { ConsentStore } from '../core/store.js';
import type { RuntimeFeature } from '../core/runtime-types.js';
import { logError } from '../shared/log.js';
import { hasCredentials } from './receipt-endpoint.js';
import { stringify } from '../shared/json.js';

export interface ReceiptOptions {
  /** http(s) URL that takes the POSTs (`receipt-endpoint`, already validated); one with a user name or password is refused. */
  endpoint: string;
  /** localStorage key of the queue. */
  key: string;
  /** First retry delay in ms; doubles up to `maxDelay`. */
  baseDelay?: number;
  maxDelay?: number;
  /** A request that has not answered by then counts as failed (a hung one would block keepalive quota). */
  timeout?: number;
  /**
   * Receipts of decisions made before this started (the script build's runtime makes them while
   * this file is on its way, and queues them in storage at once): sent as this page's own.
   */
  pending?: Receipt[];
}

/**
 * Bytes of keepalive request bodies a page may have in flight: the fetch standard's 64 KiB,
 * shared with the page's own beacons and keepalive fetches, less a share left to them.
 * Over it a keepalive fetch fails at once.
 */
const KEEPALIVE_QUOTA = 48 * 1024;

/**
 * Proof-of-consent delivery for one store: every decision becomes a receipt in a
 * queue in localStorage (memory only when storage is blocked), POSTed as JSON and
 * removed when the endpoint answers 2xx; retried with backoff (or `Retry-After`; a 4xx that refuses
 * it only on the next page, see `refused`), at the next page
 * load, and on pagehide all at once (text/plain, same JSON: no CORS preflight) as far
 * as the keepalive quota goes; what does not fit waits for the next page. Every request
 * is a keepalive `fetch` without cookies or Referer (a beacon would carry both, and the
 * Referer the query string). A request cut off by the page going away cannot confirm
 * delivery, so its receipt stays queued: the endpoint must drop duplicates by
 * `receiptId`. Never throws; the first failure is logged once.
 */
export function startReceipts(store: Pick<ConsentStore, 'get' | 'subscribe'>, options: ReceiptOptions): () => void {
  const { endpoint, key, baseDelay = 1000, maxDelay = 60_000, timeout = 10_000 } = options;
  // fetch() would refuse every try, and each message below would print the password
  if (hasCredentials(endpoint)) {
    logError('receipt', 'receipt-endpoint has user:password@: no receipts are sent');
    return () => undefined;
  }
  /** This page's receipts until delivered: safe from another tab's overlapping write to the stored queue. */
  let own: Receipt[] = [...(options.pending ?? [])];
  const delivered = new Set<string>();
  const receiptOf = receiptMaker(store.get().consentId);
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Until when the endpoint asked not to be sent to (`Retry-After`): coming back online does not cut it short. */
  let notBefore = 0;
  let sending: string | undefined;
  /** Receipts in keepalive requests not yet answered, with their body sizes (they count against the quota). */
  const inFlight = new Map<string, number>();
  let stopped = false;
  /**
   * Set from `beforeunload` on, as shared/chunks.ts does: a request the page's leaving cut (a reload after a
   * withdrawal, which a srcdoc frame runs before its pagehide, or a link) is no failure of the endpoint.
   */
  let leaving = false;
  const onBeforeUnload = (): void => { leaving = true; };
  const onPageShow = (): void => { leaving = false; };
  const logged = new Set<string>();
  const once = (what: string, message: string): void => {
    if (!logged.has(what)) {
      logged.add(what);
      logError('receipt', message);
    }
  };

  /** Re-reads the stored queue, merges this page's receipts in and writes it back. */
  const sync = (): Receipt[] => {
    let storage: Storage | undefined;
    let stored: Receipt[] = [];
    try {
      storage = localStorage;
      stored = parseQueue(storage.getItem(key));
    } catch {
      /* blocked (sandboxed frame, privacy mode): this page's receipts live in memory */
    }
    const { queue, dropped } = mergeQueue(stored, own, delivered);
    if (dropped) {
      once('cap', `over ${RECEIPT_CAP} receipts waiting (${endpoint} down, or decisions in a loop?): ${dropped} between the oldest and the newest dropped`);
    }
    const kept = new Set(queue.map((r) => r.receiptId));
    own = own.filter((r) => kept.has(r.receiptId));
    try {
      if (queue.length) storage?.setItem(key, stringify(queue));
      else storage?.removeItem(key);
    } catch {
      once('storage', 'receipts cannot be stored (storage full?): kept for this page only');
    }
    return queue;
  };

  /**
   * POSTs one receipt, as a keepalive request while it fits the quota; resolves to the HTTP
   * status (0: none) and the delay the endpoint asked for. `leaving`: the page is going away, so it goes as
   * text/plain (a CORS preflight may not outlive the page), and only if it fits (else it waits for the next page).
   */
  const send = async (receipt: Receipt, leaving: boolean): Promise<Answer> => {
    const body = JSON.stringify(receipt);
    const size = new Blob([body]).size;
    let used = size;
    for (const bytes of inFlight.values()) used += bytes;
    const keepalive = used <= KEEPALIVE_QUOTA;
    if (!keepalive && leaving) return [0, 0];
    if (keepalive) inFlight.set(receipt.receiptId, size);
    const answer = await post(endpoint, body, !leaving, keepalive, timeout);
    if (keepalive) inFlight.delete(receipt.receiptId);
    return answer;
  };

  /**
   * Receipts the endpoint refused with a 4xx other than 408 and 429 (it says it will not take them as
   * they are): not sent again from this page, where trying would only hold the queue and fill the
   * endpoint's log, but kept queued (CONTRACT: retried until a 2xx), so the next page sends each once
   * more: a receipt refused by an endpoint being deployed, or for a clock since set right, still arrives.
   */
  const refused = new Set<string>();

  /** What an answer means for a receipt; returns whether it is done with on this page (delivered or refused). */
  const settle = (receipt: Receipt, status: number): boolean => {
    if (status > 399 && status < 500 && status != 408 && status != 429) {
      if (!refused.has(receipt.receiptId)) {
        refused.add(receipt.receiptId);
        logError('receipt', `${endpoint} refused receipt ${receipt.receiptId} with HTTP ${status}: not sent again from this page, it stays queued for the next`);
      }
      return true;
    }
    if (status < 200 || status > 299) return false;
    delivered.add(receipt.receiptId);
    sync();
    return true;
  };

  /** Receipts that failed in this round: the next try starts after them, so one that fails blocks no other. */
  const failed = new Set<string>();
  const flush = (): void => {
    if (stopped || sending !== undefined || timer !== undefined) return;
    const queue = sync();
    const waiting = queue.filter((r) => !refused.has(r.receiptId));
    let next = waiting.find((r) => !failed.has(r.receiptId));
    if (!next) {
      failed.clear();
      next = waiting[0];
    }
    if (!next) {
      attempt = 0;
      return;
    }
    const receipt = next;
    sending = receipt.receiptId;
    void send(receipt, false).then(([status, retryAfter]) => {
      sending = undefined;
      if (stopped) return;
      if (settle(receipt, status)) {
        attempt = 0;
        flush();
      } else {
        failed.add(receipt.receiptId);
        // docs/receipts.md says why a redirect is not followed
        const what = status === REDIRECTED ? 'a redirect: give receipt-endpoint the URL it leads to' : status === REFUSED
          ? 'no answer (network error or CORS refusal)' : status ? `HTTP ${status}` : 'no answer';
        if (!leaving) once('send', `${endpoint} did not take a receipt (${what}): it stays queued and is retried`);
        notBefore = Date.now() + retryAfter;
        timer = setTimeout(() => {
          timer = undefined;
          flush();
        }, Math.max(retryDelay(attempt++, Math.random, baseDelay, maxDelay), retryAfter));
      }
    });
  };

  /** The page is going away: what is queued and not on its way yet goes now (keepalive requests outlive the page). */
  const onPageHide = (): void => {
    for (const receipt of sync()) {
      if (inFlight.has(receipt.receiptId) || refused.has(receipt.receiptId)) continue;
      // the page may come back (back-forward cache) and see the answer
      void send(receipt, true).then(([status]) => settle(receipt, status));
    }
  };

  const onOnline = (): void => {
    if (Date.now() < notBefore) return;
    clearTimeout(timer);
    timer = undefined;
    attempt = 0;
    flush();
  };

  const unbind = store.subscribe((change) => {
    const receipts = receiptOf(change);
    if (receipts.length) {
      own.push(...receipts);
      sync(); // stored at once, even while a retry is pending
      flush();
    }
  });
  addEventListener('pagehide', onPageHide);
  addEventListener('online', onOnline);
  addEventListener('beforeunload', onBeforeUnload);
  addEventListener('pageshow', onPageShow);
  flush(); // what earlier pages could not deliver
  return () => {
    stopped = true;
    unbind();
    clearTimeout(timer);
    removeEventListener('pagehide', onPageHide);
    removeEventListener('online', onOnline);
    removeEventListener('beforeunload', onBeforeUnload);
    removeEventListener('pageshow', onPageShow);
  };
}

/** What {@link post} resolves to when the endpoint answered with a redirect. */
const REDIRECTED = -1;
/** What {@link post} resolves to when fetch failed (TypeError) for another origin: a preflight without CORS headers looks so. */
const REFUSED = -2;

/** An HTTP status ({@link post}) and the ms its `Retry-After` asks to wait, at most an hour (0: none). */
type Answer = [status: number, retryAfter: number];

/**
 * POSTs one receipt's JSON, as `application/json` or (`json` false) as text/plain;
 * resolves to the HTTP status, 0 when there was no answer in time, {@link REDIRECTED} for
 * a redirect: it is not followed, since after a 301, 302 or 303 the browser sends a GET without
 * the receipt, and that GET's 2xx would drop a receipt nobody stored. Then `Retry-After` (seconds
 * or an HTTP date, counted from the answer's `Date`) in ms, at most an hour (a longer timer than 2^31 ms would fire at once).
 */
async function post(endpoint: string, body: string, json: boolean, keepalive: boolean, timeout: number): Promise<Answer> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const controller = new AbortController();
    timer = setTimeout(() => { controller.abort(); }, timeout);
    const response = await fetch(endpoint, {
      method: 'POST',
      body,
      headers: json ? { 'Content-Type': 'application/json' } : {},
      keepalive, // survives the page going away
      credentials: 'omit', // no cookies: the receipt names the choice by its consent id, nothing else
      referrerPolicy: 'no-referrer', // a Referer would carry the query string the receipt leaves out
      redirect: 'manual',
      signal: controller.signal,
    });
    // a page's fetch replacement may answer without headers (an old wrapper's `{ ok, status }`): a 2xx read as
    // a failure was sent again, stored twice where the endpoint does not drop duplicates (messy-pages probe F11)
    const header = (name: string): string => (response.headers as Headers | undefined)?.get(name) ?? '';
    const retryAfter = header('Retry-After');
    // a date counts from the answer's own Date, where it can be read: the device's clock may be a day off
    const wait = /^\s*\d+\s*$/.test(retryAfter) ? Number(retryAfter) * 1000
      : Date.parse(retryAfter) - (Date.parse(header('Date')) || Date.now());
    return [response.type === 'opaqueredirect' ? REDIRECTED : response.status, Math.min(Math.max(wait, 0) || 0, 3_600_000)];
  } catch (e) {
    return [e instanceof TypeError && new URL(endpoint, location.href).origin != location.origin ? REFUSED : 0, 0];
  } finally {
    clearTimeout(timer);
  }
}

/** The runtime feature: receipts for every decision when `receipt-endpoint` is set. */
export const receiptsFeature: RuntimeFeature = ({ store, options }) => (options.receiptEndpoint
  ? startReceipts(store, { endpoint: options.receiptEndpoint, key: `${options.cookieName}.receipts` })
  : undefined);
