// The options' checks apart from their words (runtime/options.ts WHY): the first stage reads the element's
// options with them (runtime/first-stage.ts earlyOptions) and registers them, so that what only counts the
// problems (runtime/page-check.ts, in check.js and returning.js) and the runtime take them from it instead
// of a copy each (shared/first-stage-modules.ts).
import type { ConsentOptions } from '../core/runtime-types.js';
import { safeHttpUrl } from '../shared/url.js';
import { hasCredentials } from './receipt-endpoint.js';

const oneOf = (...allowed: string[]) => (v: string): string | undefined => (allowed.includes(v) ? v : undefined);
const matches = (re: RegExp) => (v: string): string | undefined => (re.test(v) ? v : undefined);

export type OptionInput = Partial<Record<keyof ConsentOptions, unknown>>;

/**
 * Per option, in one table (one copy of the names in the first stage): its default, then its check (the
 * checked value, undefined when bad) and whether empty means unset; its attribute is its name in kebab case.
 */
// URLs resolve against `base`: for an element's attributes, the one the parser used for it (shared/url.ts baseFor)
const OPTIONS: { [K in keyof ConsentOptions]: [fallback: ConsentOptions[K], check?: (v: string, base?: string) => unknown, emptyIsUnset?: true] } = {
  revision: ['1', (v) => (v.length > 0 && v.length <= 200 ? v : undefined)],
  cookieName: ['migu_consent', matches(/^[A-Za-z0-9_-]{1,64}$/)],
  cookieDomain: ['', matches(/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/), true],
  expiresDays: [365, (v) => { const n = Number(v); return n > 0 && n <= 3650 ? n : undefined; }],
  // one of ours, as i18n/lang.ts resolveLang maps them (en-US, en_GB, zh-Hant-HK ...): any other falls back to zh-CN
  lang: ['', matches(/^(en|zh)(?![a-z0-9])/i), true],
  policyUrl: ['', (v, base) => safeHttpUrl(v, base), true],
  dnt: ['respect', oneOf('respect', 'ignore')],
  // as written, resolved against a base without any (a page opened as http://user:pw@host/ lends them to a
  // relative one: runtime/receipt-endpoint.ts endpointOf), so that `https:\\user:pw@host` is seen too
  receiptEndpoint: ['', (v, base) => { const url = safeHttpUrl(v, base); return url && !hasCredentials(new URL(v, 'http://x').href) ? url : undefined; }, true],
  revoke: ['reload', oneOf('reload', 'none')],
  // a boolean attribute: checkOptions reads it apart
  minor: [false],
  serverSignals: ['', matches(/^(?:(?:dnt|gpc)(?:\s+|$))*$/), true],
};

type Rows = [keyof ConsentOptions, (typeof OPTIONS)[keyof ConsentOptions]][];

export const DEFAULT_OPTIONS = /*#__PURE__*/ Object.fromEntries(/*#__PURE__*/ (Object.entries(OPTIONS) as Rows).map(([key, [fallback]]) => [key, fallback])) as unknown as ConsentOptions;

/** Attribute name for each option (the element's public API): its name in kebab case. */
export const OPTION_ATTRIBUTES = /*#__PURE__*/ Object.fromEntries(/*#__PURE__*/ Object.keys(OPTIONS).map((key) => [key, key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)])) as Record<keyof ConsentOptions, string>;

/** The options checked (relative URLs resolved against `base`, else the page's): each bad value is handed to `bad` and replaced by its default. */
export function checkOptions(input: OptionInput, bad: (key: keyof ConsentOptions, value: string) => void, base?: string): ConsentOptions {
  const out: ConsentOptions = { ...DEFAULT_OPTIONS };
  const str = (key: keyof ConsentOptions): string | undefined => {
    const v = input[key];
    return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
  };
  for (const [key, [, check, emptyIsUnset]] of Object.entries(OPTIONS) as Rows) {
    const v = str(key);
    if (!check || v === undefined || (emptyIsUnset && !v)) continue;
    const checked = check(v, base);
    if (checked !== undefined) Object.assign(out, { [key]: checked });
    else bad(key, v);
  }
  const minor = input.minor;
  // a boolean attribute: present means on, unless it says "false"
  out.minor = minor === true || (typeof minor === 'string' && minor.trim() !== 'false');
  return out;
}

/** The option attributes a `<migu-consent>` element has, as they are: own members only (a page's polluted Object.prototype sets no option). */
export function attributesOf(element: Element): OptionInput {
  const input = Object.create(null) as OptionInput;
  for (const [key, attribute] of Object.entries(OPTION_ATTRIBUTES) as [keyof ConsentOptions, string][]) {
    const value = element.getAttribute(attribute);
    if (value !== null) input[key] = value;
  }
  return input;
}
