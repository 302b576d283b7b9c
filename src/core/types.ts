/** The three languages every string exists in. */
export type Lang = 'zh-CN' | 'zh-TW' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'zh-TW', 'en'];

/** A text in one string for every language, or per language. */
export type Text = string | { 'zh-CN'?: string; 'zh-TW'?: string; en?: string };

/** Cross-border transfer (PIPL Art. 38-39): always needs its own, separate consent. */
export interface CrossBorder {
  recipient: string;
  country?: string;
  purpose?: Text;
}

/** A cookie with its declared lifetime, as a site writes it in a service's `cookies`. */
export interface CookieConfig {
  /** A name, or a RegExp ("/^_ga_/" in JSON), as in the string form. */
  name: string | RegExp;
  /** The longest lifetime the cookie is set for, in days (0 to 3650); `0` declares a session cookie. */
  maxAgeDays?: number;
}

/** A declared cookie lifetime after validation; `name` is the same value as in `Service.cookies`. */
export interface CookieLifetime {
  /** The entry's name or RegExp: the very value in `Service.cookies`. */
  name: string | RegExp;
  /** Days; `0`: a session cookie. */
  maxAgeDays: number;
}

/** A service as a site writes it in its config. */
export interface ServiceConfig {
  id: string;
  name: string;
  vendor?: string;
  /** How to reach the vendor about the data (PIPL Art. 17): an address, phone number or URL, shown as text. */
  contact?: string;
  purpose?: Text;
  /** What personal information the service processes (PIPL Art. 17), e.g. "device identifiers, pages viewed". */
  dataTypes?: Text;
  /**
   * Cookie names or RegExps; in JSON a string written as "/^_ga_/" is a RegExp. An entry may also
   * declare the longest lifetime of its cookie: `{ name: '_ga', maxAgeDays: 395 }` (`0`: a session cookie).
   */
  cookies?: (string | RegExp | CookieConfig)[];
  /**
   * localStorage keys to delete while the service is not granted; in JSON a string written as
   * "/^amp_/" is a RegExp over the keys.
   */
  storage?: (string | RegExp)[];
  /** sessionStorage keys (or "/regex/") to delete while the service is not granted. */
  sessionStorage?: (string | RegExp)[];
  /** IndexedDB database names to delete while the service is not granted. */
  indexedDB?: string[];
  /**
   * Hosts the service's own code sends data to (a name also covers its subdomains;
   * "/regex/" in JSON): while not granted, sendBeacon, fetch and XHR to them send nothing.
   */
  hosts?: (string | RegExp)[];
  separate?: boolean;
  crossBorder?: CrossBorder;
}

/** A category as a site writes it in its config; merged with the defaults by id. */
export interface CategoryConfig {
  id: string;
  label?: Text;
  description?: Text;
  /** Never granted by "accept all" (PIPL "separate consent"). */
  separate?: boolean;
  services?: ServiceConfig[];
}

/** The site config: the `config` property or a child `<script type="application/json">`. */
export interface SiteConfig {
  categories?: CategoryConfig[];
  /**
   * `false`: only the categories listed here (and `necessary`, always) instead of merging them
   * with the five defaults. Default `true`.
   */
  defaults?: boolean;
  /** Overrides of UI strings, by language then key. */
  texts?: Record<string, Record<string, string>>;
  /**
   * Sibling sites that share one consent: registrable domains such as `"miguvideo.com"`,
   * `"migu.cn"` (each covers its subdomains). Links to them carry a short-lived handoff of the
   * choice (docs/sibling-domains.md).
   */
  siblings?: string[];
}

/** A service after validation. */
export interface Service {
  id: string;
  category: string;
  name: string;
  vendor?: string;
  contact?: string;
  purpose?: Text;
  dataTypes?: Text;
  cookies: (string | RegExp)[];
  /**
   * The `cookies` entries that declare `maxAgeDays`, in config order (the same name values). Always
   * set by `resolveConfig()`; optional so that a `Service` built by hand still type-checks.
   */
  cookieLifetimes?: CookieLifetime[];
  storage: (string | RegExp)[];
  sessionStorage: (string | RegExp)[];
  indexedDB: string[];
  hosts: (string | RegExp)[];
  /** True when the service needs its own explicit consent (separate or crossBorder). */
  separate: boolean;
  crossBorder?: CrossBorder;
}

/** A category after validation. */
export interface Category {
  id: string;
  label?: Text;
  description?: Text;
  /** `necessary` only: always on, cannot be switched off. */
  locked: boolean;
  separate: boolean;
  services: Service[];
}

/** The validated config every other part works from. */
export interface ResolvedConfig {
  categories: Category[];
  texts: Record<string, Record<string, string>>;
  /** Sibling sites, lower case, none inside another; absent when the config lists none. */
  siblings?: string[];
}

/** Browser privacy signals, as read on this page load. Data, never a decision. */
export interface Signals {
  dnt: boolean;
  gpc: boolean;
}

/**
 * Where the state comes from: a choice made on the web, one taken from the native app, one handed
 * over by a sibling site's link, a privacy signal, or none.
 */
export type Source = 'user' | 'app' | 'sibling' | 'signal' | 'default';

/** What `get()` returns and every event carries. */
export interface ConsentState {
  /** True once the user made a choice that is valid now (revision, expiry). */
  decided: boolean;
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  revision: string;
  /** Stable per browser choice; empty until the first decision. */
  consentId: string;
  /** ISO time of the last decision, or '' when none. */
  updatedAt: string;
  source: Source;
  signals: Signals;
}

/** Detail of `migu-consent-change`. */
export interface ChangeDetail {
  state: ConsentState;
  granted: string[];
  revoked: string[];
}

/** A choice as passed to `update()`: category ids and service ids to booleans. */
export type Choice = Record<string, boolean>;
