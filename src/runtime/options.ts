import type { DntMode } from '../core/policy.js';

/** The options of one consent manager: the `<migu-consent>` attributes, as data. */
export interface ConsentOptions {
  /** Policy revision; a choice made under another revision is asked again. */
  revision: string;
  cookieName: string;
  /** e.g. `.migu.cn`; host-only when empty. */
  cookieDomain: string;
  expiresDays: number;
  lang: string;
  /** http(s) only; anything else is dropped with an error. */
  policyUrl: string;
  dnt: DntMode;
  receiptEndpoint: string;
  /** `reload`: reload when a script of a revoked category already ran. */
  revoke: 'reload' | 'none';
  /** Set by the host for a user under 14: grants need a guardian's confirmation. */
  minor: boolean;
}

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
};

/** A URL that may be shown as a link or posted to: http(s) only, resolved against the page. */
export function safeHttpUrl(value: string, base?: string): string | undefined {
  try {
    const url = new URL(value, base ?? (typeof location === 'undefined' ? undefined : location.href));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates options from attributes or code. A bad value is reported and
 * replaced by its default, so one typo never disables the manager.
 */
export function normalizeOptions(input: Partial<Record<keyof ConsentOptions, unknown>>, report: (message: string) => void): ConsentOptions {
  const out: ConsentOptions = { ...DEFAULT_OPTIONS };
  const bad = (key: keyof ConsentOptions, why: string): void => {
    report(`${OPTION_ATTRIBUTES[key]}: ${why}; using the default ${JSON.stringify(DEFAULT_OPTIONS[key])}`);
  };
  const str = (key: keyof ConsentOptions): string | undefined => {
    const v = input[key];
    return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
  };
  const revision = str('revision');
  if (revision !== undefined) {
    if (revision.length > 0 && revision.length <= 200) out.revision = revision;
    else bad('revision', 'expected 1 to 200 characters');
  }
  const cookieName = str('cookieName');
  if (cookieName !== undefined) {
    if (/^[A-Za-z0-9_-]{1,64}$/.test(cookieName)) out.cookieName = cookieName;
    else bad('cookieName', `${JSON.stringify(cookieName.slice(0, 40))} is not a plain cookie name`);
  }
  const domain = str('cookieDomain');
  if (domain) {
    if (/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(domain)) out.cookieDomain = domain;
    else bad('cookieDomain', `${JSON.stringify(domain.slice(0, 40))} is not a domain`);
  }
  const days = str('expiresDays');
  if (days !== undefined) {
    const n = Number(days);
    if (Number.isFinite(n) && n > 0 && n <= 3650) out.expiresDays = n;
    else bad('expiresDays', `${JSON.stringify(days.slice(0, 20))} is not a number of days between 0 and 3650`);
  }
  out.lang = str('lang') ?? '';
  const policy = str('policyUrl');
  if (policy) {
    const url = safeHttpUrl(policy);
    if (url) out.policyUrl = url;
    else bad('policyUrl', 'only http and https links are allowed');
  }
  const dnt = str('dnt');
  if (dnt !== undefined) {
    if (dnt === 'respect' || dnt === 'ignore') out.dnt = dnt;
    else bad('dnt', `expected "respect" or "ignore", got ${JSON.stringify(dnt.slice(0, 20))}`);
  }
  const endpoint = str('receiptEndpoint');
  if (endpoint) {
    const url = safeHttpUrl(endpoint);
    if (url) out.receiptEndpoint = url;
    else bad('receiptEndpoint', 'only http and https URLs are allowed');
  }
  const revoke = str('revoke');
  if (revoke !== undefined) {
    if (revoke === 'reload' || revoke === 'none') out.revoke = revoke;
    else bad('revoke', `expected "reload" or "none", got ${JSON.stringify(revoke.slice(0, 20))}`);
  }
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
