import type { ConsentOptions } from '../core/runtime-types.js';
import { baseFor, safeHttpUrl } from '../shared/url.js';
import { hasCredentials } from './receipt-endpoint.js';

/**
 * Said once per runtime by whichever banner shows first (the one without Lit, the Lit one). Here, not in
 * elements/banner-lite.ts: the runtime says it, and the first stage would carry it for the runtime alone.
 */
export const POLICY_URL_MISSING = 'policy-url is not set: the banner should link the privacy policy';

export const DEFAULT_OPTIONS: ConsentOptions = {
  revision: '1',
  cookieName: 'migu_consent',
  cookieDomain: '',
  expiresDays: 365,
  lang: '',
  policyUrl: '',
  dnt: 'respect',
  receiptEndpoint: '',
  revoke: 'reload',
  minor: false,
  serverSignals: '',
};

/** Attribute name for each option (the element's public API). */
export const OPTION_ATTRIBUTES: Record<keyof ConsentOptions, string> = {
  revision: 'revision',
  cookieName: 'cookie-name',
  cookieDomain: 'cookie-domain',
  expiresDays: 'expires-days',
  lang: 'lang',
  policyUrl: 'policy-url',
  dnt: 'dnt',
  receiptEndpoint: 'receipt-endpoint',
  revoke: 'revoke',
  minor: 'minor',
  serverSignals: 'server-signals',
};

const quote = (v: string, n: number): string => JSON.stringify(v.slice(0, n));
const oneOf = (...allowed: string[]) => (v: string): string | undefined => (allowed.includes(v) ? v : undefined);
const matches = (re: RegExp) => (v: string): string | undefined => (re.test(v) ? v : undefined);

type OptionInput = Partial<Record<keyof ConsentOptions, unknown>>;

/** Per option: its checked value (undefined when bad), whether empty means unset. */
// URLs resolve against `base`: for an element's attributes, the one the parser used for it (shared/url.ts baseFor)
const CHECKS: Partial<Record<keyof ConsentOptions, [check: (v: string, base?: string) => unknown, emptyIsUnset?: true]>> = {
  revision: [(v) => (v.length > 0 && v.length <= 200 ? v : undefined)],
  cookieName: [matches(/^[A-Za-z0-9_-]{1,64}$/)],
  cookieDomain: [matches(/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/), true],
  expiresDays: [(v) => { const n = Number(v); return n > 0 && n <= 3650 ? n : undefined; }],
  // one of ours, as i18n/lang.ts resolveLang maps them (en-US, en_GB, zh-Hant-HK ...): any other falls back to zh-CN
  lang: [matches(/^(en|zh)(?![a-z0-9])/i), true],
  policyUrl: [(v, base) => safeHttpUrl(v, base), true],
  // as written, resolved against a base without any (a page opened as http://user:pw@host/ lends them to a
  // relative one: runtime/receipt-endpoint.ts endpointOf), so that `https:\\user:pw@host` is seen too
  receiptEndpoint: [(v, base) => { const url = safeHttpUrl(v, base); return url && !hasCredentials(new URL(v, 'http://x').href) ? url : undefined; }, true],
  dnt: [oneOf('respect', 'ignore')],
  revoke: [oneOf('reload', 'none')],
  serverSignals: [matches(/^(?:(?:dnt|gpc)(?:\s+|$))*$/), true],
};

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

/** The options checked (relative URLs resolved against `base`, else the page's): each bad value is handed to `bad` and replaced by its default. */
export function checkOptions(input: OptionInput, bad: (key: keyof ConsentOptions, value: string) => void, base?: string): ConsentOptions {
  const out: ConsentOptions = { ...DEFAULT_OPTIONS };
  const str = (key: keyof ConsentOptions): string | undefined => {
    const v = input[key];
    return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
  };
  for (const [key, [check, emptyIsUnset]] of Object.entries(CHECKS) as [keyof ConsentOptions, NonNullable<(typeof CHECKS)[keyof ConsentOptions]>][]) {
    const v = str(key);
    if (v === undefined || (emptyIsUnset && !v)) continue;
    const checked = check(v, base);
    if (checked !== undefined) Object.assign(out, { [key]: checked });
    else bad(key, v);
  }
  const minor = input.minor;
  // a boolean attribute: present means on, unless it says "false"
  out.minor = minor === true || (typeof minor === 'string' && minor.trim() !== 'false');
  return out;
}

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

/** The option attributes a `<migu-consent>` element has, as they are. */
export function attributesOf(element: Element): OptionInput {
  const input: OptionInput = {};
  for (const [key, attribute] of Object.entries(OPTION_ATTRIBUTES) as [keyof ConsentOptions, string][]) {
    const value = element.getAttribute(attribute);
    if (value !== null) input[key] = value;
  }
  return input;
}

/**
 * Reads the options from a `<migu-consent>` element's attributes; a relative policy-url or receipt-endpoint
 * resolves as the parser resolved the element's URLs, so that a `<base href>` injected after it (a comment
 * field) does not send receipts to its host.
 */
export function optionsFromElement(element: Element, report: (message: string) => void): ConsentOptions {
  return normalizeOptions(attributesOf(element), report, baseFor(element));
}
