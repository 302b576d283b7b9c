import type { ConsentOptions } from '../core/runtime-types.js';
import { safeHttpUrl } from '../shared/url.js';
import { hasCredentials } from './receipt-endpoint.js';

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

/** Per option: its checked value (undefined when bad), why a bad value is bad, whether empty means unset. */
const RULES: Partial<Record<keyof ConsentOptions, [check: (v: string) => unknown, why: (v: string) => string, emptyIsUnset?: true]>> = {
  revision: [(v) => (v.length > 0 && v.length <= 200 ? v : undefined), () => 'expected 1 to 200 characters'],
  cookieName: [matches(/^[A-Za-z0-9_-]{1,64}$/), (v) => `${quote(v, 40)} is not a plain cookie name`],
  cookieDomain: [matches(/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/), (v) => `${quote(v, 40)} is not a domain`, true],
  expiresDays: [(v) => { const n = Number(v); return n > 0 && n <= 3650 ? n : undefined; }, (v) => `${quote(v, 20)} is not a number of days between 0 and 3650`],
  policyUrl: [(v) => safeHttpUrl(v), () => 'only http and https links are allowed', true],
  dnt: [oneOf('respect', 'ignore'), (v) => `expected "respect" or "ignore", got ${quote(v, 20)}`],
  // the message never shows the URL: it may hold a password (receipt-endpoint.ts)
  receiptEndpoint: [(v) => { const url = safeHttpUrl(v); return url && !hasCredentials(url) ? url : undefined; },
    () => 'only http and https URLs without user:password@ are allowed', true],
  revoke: [oneOf('reload', 'none'), (v) => `expected "reload" or "none", got ${quote(v, 20)}`],
  serverSignals: [matches(/^(?:(?:dnt|gpc)(?:\s+|$))*$/), (v) => `expected "dnt", "gpc" or both, got ${quote(v, 20)}`, true],
};

/**
 * Validates options from attributes or code. A bad value is reported and
 * replaced by its default, so one typo never disables the manager.
 */
export function normalizeOptions(input: Partial<Record<keyof ConsentOptions, unknown>>, report: (message: string) => void): ConsentOptions {
  const out: ConsentOptions = { ...DEFAULT_OPTIONS };
  const str = (key: keyof ConsentOptions): string | undefined => {
    const v = input[key];
    return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
  };
  for (const [key, [check, why, emptyIsUnset]] of Object.entries(RULES) as [keyof ConsentOptions, NonNullable<(typeof RULES)[keyof ConsentOptions]>][]) {
    const v = str(key);
    if (v === undefined || (emptyIsUnset && !v)) continue;
    const checked = check(v);
    if (checked !== undefined) Object.assign(out, { [key]: checked });
    else report(`${OPTION_ATTRIBUTES[key]}: ${why(v)}; using the default ${JSON.stringify(DEFAULT_OPTIONS[key])}`);
  }
  out.lang = str('lang') ?? '';
  const minor = input.minor;
  // a boolean attribute: present means on, unless it says "false"
  out.minor = minor === true || (typeof minor === 'string' && minor.trim() !== 'false');
  return out;
}

/** Reads the options from a `<migu-consent>` element's attributes. */
export function optionsFromElement(element: Element, report: (message: string) => void): ConsentOptions {
  const input: Partial<Record<keyof ConsentOptions, unknown>> = {};
  for (const [key, attribute] of Object.entries(OPTION_ATTRIBUTES) as [keyof ConsentOptions, string][]) {
    const value = element.getAttribute(attribute);
    if (value !== null) input[key] = value;
  }
  return normalizeOptions(input, report);
}
