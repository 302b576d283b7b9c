import { siblingOf } from './handoff.js';
import { regexRisk } from './regex-risk.js';
import type { Category, CookieLifetime, CrossBorder, ResolvedConfig, Service, Text } from './types.js';

/** The default categories, in display order. Labels and descriptions live in i18n. */
export const DEFAULT_CATEGORY_IDS = ['necessary', 'functional', 'analytics', 'personalization', 'marketing'] as const;
export const NECESSARY = 'necessary';

/** Ids go into the consent cookie between separators, so they are kept to a safe alphabet. */
export const ID = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
/** The longest text a config holds (the audit's --suggest-config keeps to it too: node/audit/classify.mjs). */
export const MAX_TEXT = 4000;
/** A sibling site: a host name of two labels or more (an IPv4 address too), or localhost, for development. */
const SITE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^localhost$/;
/** Second-level public suffixes (com.cn, co.uk, ...) a site name could be mistaken for. */
const PUBLIC_SUFFIX = /^(?:com|net|org|gov|edu|ac|co|mil|ne|or|go)\.[a-z]{2}$/;
const LANGS = ['zh-CN', 'zh-TW', 'en'];

export function defaultConfig(): ResolvedConfig {
  return {
    categories: DEFAULT_CATEGORY_IDS.map((id) => ({ id, locked: id === NECESSARY, separate: false, services: [] })),
    texts: {},
  };
}

export interface ConfigResult {
  config: ResolvedConfig;
  /** Empty when the input was applied; otherwise why it was rejected as a whole. */
  errors: string[];
  /** Keys the config has that nothing reads (a typo, or a newer version's field): ignored, reported. */
  warnings?: string[];
}

/** The keys each object of a site config may have. */
const KEYS = {
  config: ['categories', 'texts', 'defaults', 'siblings'],
  category: ['id', 'label', 'description', 'separate', 'services'],
  service: ['id', 'name', 'vendor', 'contact', 'purpose', 'dataTypes', 'cookies', 'storage', 'sessionStorage', 'indexedDB', 'hosts', 'separate', 'crossBorder'],
  crossBorder: ['recipient', 'country', 'purpose'],
};

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);

/**
 * Validates a site config and merges it with the defaults. Any error rejects the
 * whole input (never a half-applied state): the result is then the defaults plus
 * the list of errors, each naming the path of the bad value.
 */
export function resolveConfig(input: unknown): ConfigResult {
  const config = defaultConfig();
  if (input === undefined || input === null) return { config, errors: [] };
  const v = new Validator();
  if (v._object(input, 'config') && v._known(input, 'config', KEYS.config)) {
    // by id: a search of the list per category made a config of 50,000 categories take seconds
    const byId = new Map(config.categories.map((c) => [c.id, c]));
    v._list(input['categories'], 'config.categories', (raw, path) => {
      const category = v._category(raw, path);
      if (!category) return;
      const existing = byId.get(category.id);
      if (!existing) {
        config.categories.push(category);
        byId.set(category.id, category);
      } else {
        if (existing.locked && category.separate) v._fail(`${path}.separate`, `"${NECESSARY}" cannot need separate consent`);
        Object.assign(existing, category, { locked: existing.locked });
      }
    });
    // `"defaults": false`: only the categories the config lists (and necessary, always): a purpose
    // with nothing behind it is not asked about (CONTRACT.md, Categories)
    const defaults = input['defaults'];
    if (defaults !== undefined && !v._bool(defaults, 'config.defaults')) {
      const listed = new Set(config.categories.slice(DEFAULT_CATEGORY_IDS.length).map((c) => c.id));
      if (Array.isArray(input['categories'])) for (const c of input['categories']) if (isObject(c)) listed.add(String(c['id']));
      config.categories = config.categories.filter((c) => c.locked || listed.has(c.id));
    }
    if (input['siblings'] !== undefined) config.siblings = v._siblings(input['siblings'], 'config.siblings');
    const texts = input['texts'];
    if (texts !== undefined && v._object(texts, 'config.texts')) {
      for (const [lang, table] of Object.entries(texts)) {
        const path = `config.texts.${lang.slice(0, 20)}`;
        // texts are looked up by the language shown: any other key (fr, en-US) would be ignored without a word
        if (!LANGS.includes(lang)) {
          v.warnings.push(`${path}: unknown language, ignored (known: ${LANGS.join(', ')})`);
          continue;
        }
        if (!v._object(table, path)) continue;
        config.texts[lang] = {};
        for (const [key, s] of Object.entries(table)) {
          const text = v._visible(s, `${path}.${key.slice(0, 40)}`);
          if (text !== undefined) config.texts[lang][key] = text;
        }
      }
    }
  }
  const warnings = v.warnings.length ? { warnings: v.warnings } : {};
  return v.errors.length ? { config: defaultConfig(), errors: v.errors, ...warnings } : { config, errors: [], ...warnings };
}

/** Collects every error with its path; each reader returns undefined for a bad value. */
class Validator {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  /** Category and service ids share one namespace: `update()` takes both. */
  private readonly _ids = new Set<string>();

  _fail(path: string, message: string): undefined {
    this.errors.push(`${path}: ${message}`);
    return undefined;
  }

  _expected(path: string, what: string, value: unknown): undefined {
    return this._fail(path, `expected ${what}, got ${describe(value)}`);
  }

  _object(value: unknown, path: string): value is Obj {
    return isObject(value) || (this._expected(path, 'an object', value) ?? false);
  }

  /** Reports keys outside `keys`; always true, so it chains after `object()`. */
  _known(value: Obj, path: string, keys: string[]): true {
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) this.warnings.push(`${path}.${key.slice(0, 40)}: unknown key, ignored (known: ${keys.join(', ')})`);
    }
    return true;
  }

  _list(value: unknown, path: string, each: (item: unknown, path: string) => void): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) this._expected(path, 'an array', value);
    else value.forEach((item: unknown, i) => { each(item, `${path}[${String(i)}]`); });
  }

  _id(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string' || !ID.test(value)) {
      return this._expected(path, 'an id of letters, digits, "_" or "-" starting with a letter (at most 40)', value);
    }
    if (this._ids.has(value)) return this._fail(path, `"${value}" is used twice (category and service ids share one namespace)`);
    this._ids.add(value);
    return value;
  }

  _bool(value: unknown, path: string): boolean {
    if (value !== undefined && typeof value !== 'boolean') this._expected(path, 'true or false', value);
    return value === true;
  }

  _string(value: unknown, path: string, required = false): string | undefined {
    if (value === undefined) {
      return required ? this._fail(path, `missing: a non-empty string of at most ${String(MAX_TEXT)} characters is required`) : undefined;
    }
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT) return value;
    return this._expected(path, `a non-empty string of at most ${String(MAX_TEXT)} characters`, value);
  }

  /** A text people read: one of spaces only would leave a button or a switch without a name (WCAG 4.1.2). */
  _visible(value: unknown, path: string, required = true): string | undefined {
    const s = this._string(value, path, required);
    return s === undefined || s.trim() ? s : this._fail(path, 'blank: a text with something to read is required');
  }

  _text(value: unknown, path: string): Text | undefined {
    if (!isObject(value)) return this._visible(value, path, false);
    const text: Record<string, string> = {};
    for (const [lang, s] of Object.entries(value)) {
      if (!LANGS.includes(lang)) this._fail(path, `unknown language "${lang.slice(0, 20)}" (use zh-CN, zh-TW or en)`);
      else {
        const checked = this._visible(s, `${path}.${lang}`);
        if (checked !== undefined) text[lang] = checked;
      }
    }
    return text;
  }

  /** Copies the optional texts `keys` of `raw` that are valid onto `target`. */
  _texts<T extends object>(target: T, raw: Obj, path: string, keys: string[]): T {
    for (const key of keys) {
      const text = this._text(raw[key], `${path}.${key}`);
      if (text !== undefined) Object.assign(target, { [key]: text });
    }
    return target;
  }

  _category(raw: unknown, path: string): Category | undefined {
    if (!this._object(raw, path) || !this._known(raw, path, KEYS.category)) return undefined;
    const id = this._id(raw['id'], `${path}.id`);
    if (id === undefined) return undefined;
    const category: Category = { id, locked: false, separate: this._bool(raw['separate'], `${path}.separate`), services: [] };
    this._list(raw['services'], `${path}.services`, (s, p) => {
      const service = this._service(s, p, id);
      if (service) category.services.push(service);
    });
    return this._texts(category, raw, path, ['label', 'description']);
  }

  _service(raw: unknown, path: string, category: string): Service | undefined {
    if (!this._object(raw, path) || !this._known(raw, path, KEYS.service)) return undefined;
    const id = this._id(raw['id'], `${path}.id`);
    const name = this._string(raw['name'], `${path}.name`, true);
    const crossBorder = this._crossBorder(raw['crossBorder'], `${path}.crossBorder`);
    const vendor = this._string(raw['vendor'], `${path}.vendor`);
    const contact = this._string(raw['contact'], `${path}.contact`);
    const cookieLifetimes: CookieLifetime[] = [];
    const service: Service = {
      id: id ?? '', category, name: name ?? '',
      cookies: this._cookies(raw['cookies'], `${path}.cookies`, id ?? '', cookieLifetimes),
      cookieLifetimes,
      storage: this._cookies(raw['storage'], `${path}.storage`, id ?? ''),
      sessionStorage: this._cookies(raw['sessionStorage'], `${path}.sessionStorage`, id ?? ''),
      // deleteDatabase() takes a name: no patterns here
      indexedDB: this._strings(raw['indexedDB'], `${path}.indexedDB`),
      hosts: this._cookies(raw['hosts'], `${path}.hosts`, id ?? ''),
      separate: this._bool(raw['separate'], `${path}.separate`) || crossBorder !== undefined,
      ...(vendor === undefined ? {} : { vendor }),
      ...(contact === undefined ? {} : { contact }),
      ...(crossBorder ? { crossBorder } : {}),
    };
    return id === undefined || name === undefined ? undefined : this._texts(service, raw, path, ['purpose', 'dataTypes']);
  }

  _crossBorder(raw: unknown, path: string): CrossBorder | undefined {
    if (raw === undefined) return undefined;
    if (!isObject(raw)) return this._expected(path, '{ recipient, country?, purpose? }', raw);
    this._known(raw, path, KEYS.crossBorder);
    const recipient = this._string(raw['recipient'], `${path}.recipient`, true);
    const country = this._string(raw['country'], `${path}.country`);
    if (recipient === undefined) return undefined;
    return this._texts({ recipient, ...(country === undefined ? {} : { country }) }, raw, path, ['purpose']);
  }

  /** Sibling sites (registrable domains): lower-cased; a malformed entry, a public suffix or one that overlaps another is an error. */
  _siblings(raw: unknown, path: string): string[] {
    const out: string[] = [];
    this._list(raw, path, (entry, p) => {
      const site = typeof entry === 'string' ? entry.toLowerCase() : '';
      const clash = out.find((o) => siblingOf(o, [site]) ?? siblingOf(site, [o]));
      if (!SITE.test(site)) this._expected(p, 'a domain like "migu.cn" (no scheme, port, path, "*" or leading dot; IDNs as xn--)', entry);
      else if (PUBLIC_SUFFIX.test(site)) this._fail(p, `"${site}" is a public suffix`);
      else if (clash) this._fail(p, `"${site}" overlaps "${clash}": list each site once`);
      else out.push(site);
    });
    return out;
  }

  _strings(raw: unknown, path: string): string[] {
    const out: string[] = [];
    this._list(raw, path, (s, p) => {
      const checked = this._string(s, p, true);
      if (checked !== undefined) out.push(checked);
    });
    return out;
  }

  /**
   * Cookie names, storage keys or hosts: "/^_ga_/i" in JSON becomes a RegExp; one that does not compile is an
   * error, and so is one that could backtrack for seconds on every cookie name (core/regex-risk.ts).
   * With `lifetimes` (cookies only) an entry may also be `{ name, maxAgeDays? }`: the name as above, and
   * each declared lifetime is pushed there with the same name value.
   */
  _cookies(raw: unknown, path: string, service = '', lifetimes?: CookieLifetime[]): (string | RegExp)[] {
    const out: (string | RegExp)[] = [];
    const safe = (re: RegExp, p: string): void => {
      const risk = regexRisk(re.source);
      if (risk) this._fail(p, `service "${service}": ${describe(String(re))} is refused: ${risk}`);
      else out.push(re);
    };
    this._list(raw, path, (c, p) => {
      let days: unknown;
      if (lifetimes && isObject(c)) {
        this._known(c, p, ['name', 'maxAgeDays']);
        days = c['maxAgeDays'];
        // 0: a session cookie; 3650: ten years, far past any browser's cap (Chromium: 400 days)
        if (days !== undefined && !(typeof days === 'number' && days >= 0 && days <= 3650)) this._expected(`${p}.maxAgeDays`, 'a number of days from 0 to 3650', days);
        c = c['name'];
        p += '.name';
      }
      if (c instanceof RegExp) safe(c, p);
      else {
        const name = this._string(c, p, true);
        const m = name === undefined ? null : /^\/(.+)\/([dgimsuy]*)$/.exec(name);
        try {
          // g and y make test() stateful (lastIndex): dropped
          if (m) safe(new RegExp(m[1] ?? '', m[2]?.replace(/[gy]/g, '')), p);
          else if (name !== undefined) out.push(name);
        } catch {
          this._fail(p, `${JSON.stringify(name)} is not a valid RegExp`);
        }
      }
      // the name just pushed; when the name or the days were bad, the error rejects the whole config anyway
      if (typeof days === 'number') lifetimes?.push({ name: out[out.length - 1] ?? '', maxAgeDays: days });
    });
    return out;
  }
}

/** A short, safe description of a bad value for an error message. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof RegExp) return `the RegExp ${String(value).slice(0, 40)}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' || typeof value === 'function') return `an ${typeof value}`;
  if (typeof value === 'bigint') return `bigint ${value.toString()}`;
  return typeof value === 'symbol' ? 'a symbol' : `${typeof value} ${JSON.stringify(value) ?? 'undefined'}`;
}

/** Every service of a config, in display order. */
export function allServices(config: ResolvedConfig): Service[] {
  return config.categories.flatMap((c) => c.services);
}

/**
 * Parses the JSON of a `<script type="application/json">`; errors name the source. A byte-order mark before
 * the JSON (a file saved as UTF-8 with BOM, included into the page) is not JSON: it is read as a space.
 */
export function parseConfigJson(text: string): ConfigResult {
  try {
    // as spaces, so that a JSON error's position still points into the page's text
    const input: unknown = JSON.parse(text.replace(/^(\s*)\uFEFF/, '$1 '));
    // the property's null is "no config"; written in the page, it is a template's missing value
    return input === null ? { config: defaultConfig(), errors: ['config: expected an object, got null'] } : resolveConfig(input);
  } catch (e) {
    return { config: defaultConfig(), errors: [`config JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
}
