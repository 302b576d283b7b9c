import { FUTURE_SKEW } from '../core/policy.js';
import { decodeRecord } from '../core/record.js';
import { documentCookie } from './document-cookie.js';

/**
 * js-cookie's `Cookies.get(name)` in a few bytes, for the script build's first stage, which has no
 * js-cookie: the first cookie of that name whose value decodes, decoded as js-cookie decodes it
 * (test/storage/cookie-read.test.ts compares the two). Undefined when there is none or cookies
 * are blocked; never throws.
 */
export function readCookie(name: string): string | undefined {
  return readCookies(name)[0];
}

/**
 * Every cookie of that name the page sees (a host-only one and a domain one can share it, copies at
 * several paths too: the longest path first), decoded as above.
 */
export function readCookies(name: string): string[] {
  const values: string[] = [];
  try {
    for (const pair of documentCookie().split('; ')) {
      const [found = '', ...value] = pair.split('=');
      try {
        if (decodeURIComponent(found) !== name) continue;
        const text = value.join('=');
        values.push((text[0] === '"' ? text.slice(1, -1) : text).replace(/(%[\dA-F]{2})+/gi, decodeURIComponent));
      } catch {
        /* as js-cookie: a name or value that does not decode is skipped */
      }
    }
  } catch {
    /* cookies blocked (a sandboxed frame): no choice stored */
  }
  return values;
}

/**
 * Of a consent cookie's copies (a host-only one from before cookie-domain, a domain one made since,
 * which comes later in the Cookie header), the one with the newest decision; the first when none
 * decodes (read as no choice). A copy dated beyond FUTURE_SKEW, which the policy reads as no choice,
 * is no newer than one that does not decode: a sibling subdomain that tossed one must not shadow the
 * user's choice with it.
 */
export function newestCopy(values: readonly string[], now: number): string | undefined {
  let newest: string | undefined;
  let at = -2;
  for (const value of values) {
    const decoded = decodeRecord(value)?.updatedAt ?? -1;
    const time = decoded > now + FUTURE_SKEW ? -1 : decoded;
    if (time > at) {
      at = time;
      newest = value;
    }
  }
  return newest;
}

/** The consent cookie: of its copies, the one with the newest decision (newestCopy). Never throws. */
export function readRecordCookie(name: string, now = Date.now()): string | undefined {
  return newestCopy(readCookies(name), now);
}
