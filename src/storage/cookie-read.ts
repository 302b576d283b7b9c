import { decodeRecord } from '../core/record.js';

/**
 * js-cookie's `Cookies.get(name)` in a few bytes, for the script build's first stage, which has no
 * js-cookie: the first cookie of that name whose value decodes, decoded as js-cookie decodes it
 * (test/storage/cookie-read.test.ts compares the two). Undefined when there is none or cookies
 * are blocked; never throws.
 */
export function readCookie(name: string): string | undefined {
  return readCookies(name)[0];
}

/** Every cookie of that name the page sees (a host-only one and a domain one can share it), decoded as above. */
function readCookies(name: string): string[] {
  const values: string[] = [];
  try {
    for (const pair of document.cookie.split('; ')) {
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
 * The consent cookie: of its copies, the one with the newest decision. A site that adds
 * cookie-domain leaves visitors a host-only copy from before on each subdomain, which comes first
 * in document.cookie; a decision made since on another subdomain (a refusal) is the domain copy.
 * The first when none decodes (read as no choice). A copy dated beyond tomorrow is no newer than
 * one that does not decode: it would be no choice anyway (core/policy.ts), and a sibling subdomain
 * that tossed such a cookie must not shadow the user's real choice with it. Never throws.
 */
export function readRecordCookie(name: string, now = Date.now()): string | undefined {
  let newest: string | undefined;
  let at = -2;
  for (const value of readCookies(name)) {
    const decoded = decodeRecord(value)?.updatedAt ?? -1;
    const time = decoded > now + 86_400_000 ? -1 : decoded;
    if (time > at) {
      at = time;
      newest = value;
    }
  }
  return newest;
}
