// What `receipt-endpoint` may not be, checked where the option is read (runtime/options.ts) and
// where receipts start (runtime/receipts-feature.ts, also called directly from `migu-consent/core`).
// Not in shared/url.ts: the first stage would carry it for the others.

/**
 * Whether an http(s) URL carries a user name or password (`https://user:pw@host/`): fetch()
 * refuses such a URL on every try, and a message naming it would print the password. Refused,
 * not stripped: the site must fix its config.
 */
// the authority ends at "/", "?" or "#": an "@" after those is a query's or hash's (`https://host?next=a@b`)
export const hasCredentials = (url: string): boolean => /^[^/]*\/\/[^/?#]*@/.test(url);

/**
 * `receipt-endpoint` as checked (runtime/options.ts refuses one written with user:password@), less the
 * user name and password a relative one takes from a page opened as `http://user:pw@host/` (Chromium's
 * document.baseURI keeps them): fetch() would refuse it.
 */
export function endpointOf(checked: string): string {
  const url = new URL(checked);
  url.username = url.password = '';
  return url.href;
}
