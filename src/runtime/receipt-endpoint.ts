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
