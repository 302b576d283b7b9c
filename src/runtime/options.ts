import type { ConsentOptions } from '../core/runtime-types.js';
import { baseFor } from '../shared/url.js';
import type { OptionInput } from './option-checks.js';
import { attributesOf, checkOptions, DEFAULT_OPTIONS, OPTION_ATTRIBUTES } from './option-checks.js';

// the checks without their words are in option-checks.ts, which the first stage registers
export { attributesOf, checkOptions, DEFAULT_OPTIONS, OPTION_ATTRIBUTES } from './option-checks.js';

const quote = (v: string, n: number): string => JSON.stringify(v.slice(0, n));

/**
 * Said once per runtime by whichever banner shows first (the one without Lit, the Lit one). Here, not in
 * elements/banner-lite.ts: the runtime says it, and the first stage would carry it for the runtime alone.
 */
export const POLICY_URL_MISSING = 'policy-url is not set: the banner should link the privacy policy';

/** Why a bad value is bad: apart from CHECKS, so that what only counts problems (page-check.ts) ships without the words. */
const WHY: Partial<Record<keyof ConsentOptions, (v: string) => string>> = {
  revision: () => 'expected 1 to 200 characters',
  cookieName: (v) => `${quote(v, 40)} is not a plain cookie name`,
  cookieDomain: (v) => `${quote(v, 40)} is not a domain`,
  expiresDays: (v) => `${quote(v, 20)} is not a number of days above 0 and at most 3650`,
  lang: (v) => `${quote(v, 20)} is none of zh-CN, zh-TW, en: the texts are in zh-CN`,
  policyUrl: () => 'only http and https links are allowed',
  // never the URL: it may hold a password (receipt-endpoint.ts)
  receiptEndpoint: () => 'only http and https URLs without user:password@ are allowed',
  dnt: (v) => `expected "respect" or "ignore", got ${quote(v, 20)}`,
  revoke: (v) => `expected "reload" or "none", got ${quote(v, 20)}`,
  serverSignals: (v) => `expected "dnt", "gpc" or both, got ${quote(v, 20)}`,
};

/**
 * Validates options from attributes or code. A bad value is reported and
 * replaced by its default, so one typo never disables the manager.
 */
export function normalizeOptions(input: OptionInput, report: (message: string) => void, base?: string): ConsentOptions {
  // own members only: a page's polluted Object.prototype (`?__proto__[receiptEndpoint]=…` in a query parser)
  // sets no option the site did not, such as an endpoint of the attacker's or dnt="ignore" (the page check
  // only counts problems: it goes without)
  return checkOptions(Object.assign(Object.create(null) as OptionInput, input), (key, v) => {
    // an option unset by default (policy-url, receipt-endpoint, lang ...) is just not used: no `the default ""`
    const fallback = DEFAULT_OPTIONS[key];
    report(`${OPTION_ATTRIBUTES[key]}: ${WHY[key]?.(v) ?? ''}${fallback === '' ? '' : `; using the default ${JSON.stringify(fallback)}`}`);
  }, base);
}

/**
 * Reads the options from a `<migu-consent>` element's attributes; a relative policy-url or receipt-endpoint
 * resolves as the parser resolved the element's URLs, so that a `<base href>` injected after it (a comment
 * field) does not send receipts to its host.
 */
export function optionsFromElement(element: Element, report: (message: string) => void): ConsentOptions {
  return normalizeOptions(attributesOf(element), report, baseFor(element));
}
