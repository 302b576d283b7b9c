import { allServices } from '../core/config.js';
import { MAX_MATCHED_NAME } from '../core/regex-risk.js';
import type { ResolvedConfig, Service } from '../core/types.js';
import { cookieDomains, cookiePaths, writeCookie } from './cookie-write.js';
import { documentCookie } from './document-cookie.js';

type Pattern = string | RegExp;

const attempt = (fn: () => void): void => {
  try {
    fn();
  } catch {
    /* cookies or storage blocked: nothing of ours can be there either */
  }
};

// a pattern's cost grows with the name: a longer one (none we know of is) is not tested
const matches = (patterns: readonly Pattern[], name: string): boolean =>
  patterns.some((p) => (p instanceof RegExp ? name.length <= MAX_MATCHED_NAME && name.search(p) >= 0 : p === name));

/**
 * A cookie's name as document.cookie shows it and as js-cookie reads it (its escapes decoded; a bare
 * `%` is no escape): a pattern may be written either way. Never throws.
 */
const cookieNames = (raw: string): string[] => {
  try {
    return [raw, raw.replace(/(%[\dA-F]{2})+/gi, decodeURIComponent)];
  } catch {
    return [raw]; // escapes of no UTF-8 text ("%E0%A4"): the name is what the browser shows
  }
};

/** Whether `patterns` match a cookie by either of its names ({@link cookieNames}). */
const matchesCookie = (patterns: readonly Pattern[], raw: string): boolean => cookieNames(raw).some((name) => matches(patterns, name));

const KINDS = ['cookies', 'storage', 'sessionStorage', 'indexedDB'] as const;
export type DeclaredKind = (typeof KINDS)[number];

/** What services declare, or a list of names that stands for one (cleanNamed). */
type Declaring = Partial<Pick<Service, DeclaredKind>>;

/** What `services` declare under `key`; names and RegExps only (a config built by hand may lack a list). */
const declared = (services: Declaring[], key: DeclaredKind): Pattern[] =>
  services.flatMap((s): unknown => s[key]).filter((p): p is Pattern => typeof p === 'string' || p instanceof RegExp);

/** Deletes the keys of a Storage that `patterns` match and `keep` does not. */
function cleanStorage(area: () => Storage, patterns: Pattern[], keep: Pattern[]): void {
  // untouched when nothing is declared: a page's first storage access is a slow synchronous load
  if (patterns.length) attempt(() => {
    const storage = area();
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) keys.push(storage.key(i) ?? '');
    for (const key of keys) if (matches(patterns, key) && !matches(keep, key)) storage.removeItem(key);
  });
}

/**
 * Deletes the declared cookies, localStorage and sessionStorage keys and IndexedDB databases of
 * `services`, except what `keep` (the declarations of services that stay, and names of our own)
 * also matches. A cookie is deleted on the host, on `cookieDomain` and on every parent domain of
 * the host, at each path a cookie this page sees can have (cookiePaths): where a tag could have written it.
 */
function clean(services: Declaring[], cookieDomain: string, keep: Declaring[], own: Pattern[]): string[] {
  const deleted: string[] = [];
  const patterns = declared(services, 'cookies');
  const kept = [...own, ...declared(keep, 'cookies')];
  attempt(() => {
    if (!patterns.length) return;
    const domains = new Set(['', cookieDomain, ...cookieDomains()]);
    const paths = cookiePaths();
    // names read from document.cookie itself (js-cookie's jar skips `constructor`, `__proto__` ...), and
    // deleted as written there: encoded again, "%" or "a%2fb" would be another cookie's name
    for (const pair of documentCookie().split('; ')) attempt(() => {
      const name = pair.split('=')[0] ?? '';
      if (!name || deleted.includes(name) || !matchesCookie(patterns, name) || matchesCookie(kept, name)) return;
      for (const domain of domains) for (const at of paths) writeCookie(name, '', { domain, path: at, expires: -1 }, true);
      deleted.push(name);
    });
  });
  cleanStorage(() => localStorage, declared(services, 'storage'), [...own, ...declared(keep, 'storage')]);
  cleanStorage(() => sessionStorage, declared(services, 'sessionStorage'), declared(keep, 'sessionStorage'));
  const databases = declared(keep, 'indexedDB');
  // at once, not after asking indexedDB.databases(): queued before any open() a later grant makes
  for (const name of declared(services, 'indexedDB')) {
    if (typeof name === 'string' && !databases.includes(name)) attempt(() => { indexedDB.deleteDatabase(name); });
  }
  return deleted;
}

/**
 * Withdrawal clean-up: deletes the cookies (names or RegExps) and the declared storage
 * (localStorage and sessionStorage keys, IndexedDB databases) of every service in `revoked`
 * or in a revoked category. HttpOnly cookies are out of reach (a server's job). Never
 * throws; returns the names of the cookies deleted.
 */
export function cleanWithdrawn(config: ResolvedConfig, revoked: readonly string[], cookieDomain = ''): string[] {
  let deleted: string[] = [];
  attempt(() => {
    deleted = clean(allServices(config).filter((s) => revoked.includes(s.id) || revoked.includes(s.category)), cookieDomain, [], []);
  });
  return deleted;
}

/**
 * Deletes the cookies named `names` (names, not patterns: what `setCookie()` wrote) as the withdrawal
 * deletes a service's, except those a service in `keep` declares. Never throws; returns the names deleted.
 */
export function cleanNamed(names: string[], cookieDomain: string, keep: Service[]): string[] {
  let deleted: string[] = [];
  attempt(() => {
    deleted = clean([{ cookies: names }], cookieDomain, keep, []);
  });
  return deleted;
}

/**
 * The sweep: deletes what every service that is not `granted` declares, except names a granted
 * service declares too and `own` (the consent cookie, our storage keys: a too broad "/regex/" never
 * takes them). Costs nothing beyond the config when no such service declares anything. Never throws;
 * returns the names of the cookies deleted.
 */
export function cleanNotGranted(
  config: ResolvedConfig, granted: (service: Service) => boolean, cookieDomain = '', own: Pattern[] = [],
): string[] {
  let deleted: string[] = [];
  attempt(() => {
    const services = allServices(config);
    const off = services.filter((s) => !granted(s));
    if (KINDS.some((key) => declared(off, key).length)) {
      deleted = clean(off, cookieDomain, services.filter((s) => !off.includes(s)), own);
    }
  });
  return deleted;
}

/**
 * Whether `name` (a cookie or a storage key) is one a service that is not `granted` declares and
 * no granted service (nor `own`) does: what the sweep deletes, decided for one name.
 */
export function notGrantedName(
  config: ResolvedConfig, granted: (service: Service) => boolean, kind: DeclaredKind, name: string, own: Pattern[] = [],
): boolean {
  const services = allServices(config);
  const off = services.filter((s) => !granted(s));
  const test = kind === 'cookies' ? matchesCookie : matches;
  return test(declared(off, kind), name) && !test([...own, ...declared(services.filter((s) => !off.includes(s)), kind)], name);
}
