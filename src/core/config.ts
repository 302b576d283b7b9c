import type {
  Category, CrossBorder, ResolvedConfig, Service, Text,
} from './types.js';

/** The default categories, in display order. Labels and descriptions live in i18n. */
export const DEFAULT_CATEGORY_IDS = ['necessary', 'functional', 'analytics', 'personalization', 'marketing'] as const;
export const NECESSARY = 'necessary';

/** Ids go into the consent cookie between separators, so they are kept to a safe alphabet. */
const ID = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
const MAX_TEXT = 4000;
const TEXT_LANGS = ['zh-CN', 'zh-TW', 'en'];

export function defaultConfig(): ResolvedConfig {
  return {
    categories: DEFAULT_CATEGORY_IDS.map((id) => ({
      id, locked: id === NECESSARY, separate: false, services: [],
    })),
    texts: {},
  };
}

export interface ConfigResult {
  config: ResolvedConfig;
  /** Empty when the input was applied; otherwise why it was rejected as a whole. */
  errors: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);

/**
 * Validates a site config and merges it with the defaults. Any error rejects the
 * whole input (never a half-applied state): the result is then the defaults plus
 * the list of errors, each naming the path of the bad value.
 */
export function resolveConfig(input: unknown): ConfigResult {
  const errors: string[] = [];
  const config = defaultConfig();
  if (input === undefined || input === null) return { config, errors };
  if (!isObject(input)) {
    return { config, errors: [`config: expected an object, got ${describe(input)}`] };
  }
  const seen = new Set<string>();
  if (input['categories'] !== undefined) {
    if (!Array.isArray(input['categories'])) {
      errors.push(`config.categories: expected an array, got ${describe(input['categories'])}`);
    } else {
      input['categories'].forEach((raw: unknown, i) => {
        const category = readCategory(raw, `config.categories[${String(i)}]`, errors, seen);
        if (!category) return;
        const existing = config.categories.find((c) => c.id === category.id);
        if (existing) {
          if (existing.locked && category.separate) {
            errors.push(`config.categories[${String(i)}].separate: "${NECESSARY}" cannot need separate consent`);
          }
          Object.assign(existing, { ...category, locked: existing.locked });
        } else {
          config.categories.push(category);
        }
      });
    }
  }
  if (input['texts'] !== undefined) readTexts(input['texts'], config.texts, errors);
  return errors.length ? { config: defaultConfig(), errors } : { config, errors };
}

function readCategory(raw: unknown, path: string, errors: string[], seen: Set<string>): Category | undefined {
  if (!isObject(raw)) {
    errors.push(`${path}: expected an object, got ${describe(raw)}`);
    return undefined;
  }
  const id = readId(raw['id'], `${path}.id`, errors, seen);
  if (id === undefined) return undefined;
  const category: Category = {
    id, locked: false, separate: readBool(raw['separate'], `${path}.separate`, errors), services: [],
  };
  assignText(category, 'label', raw['label'], `${path}.label`, errors);
  assignText(category, 'description', raw['description'], `${path}.description`, errors);
  if (raw['services'] !== undefined) {
    if (!Array.isArray(raw['services'])) {
      errors.push(`${path}.services: expected an array, got ${describe(raw['services'])}`);
    } else {
      raw['services'].forEach((s: unknown, j) => {
        const service = readService(s, `${path}.services[${String(j)}]`, id, errors, seen);
        if (service) category.services.push(service);
      });
    }
  }
  return category;
}

function readService(raw: unknown, path: string, category: string, errors: string[], seen: Set<string>): Service | undefined {
  if (!isObject(raw)) {
    errors.push(`${path}: expected an object, got ${describe(raw)}`);
    return undefined;
  }
  const id = readId(raw['id'], `${path}.id`, errors, seen);
  const name = readString(raw['name'], `${path}.name`, errors, true);
  if (id === undefined || name === undefined) return undefined;
  const crossBorder = readCrossBorder(raw['crossBorder'], `${path}.crossBorder`, errors);
  const service: Service = {
    id, category, name,
    cookies: readCookies(raw['cookies'], `${path}.cookies`, errors),
    storage: readStringList(raw['storage'], `${path}.storage`, errors),
    separate: readBool(raw['separate'], `${path}.separate`, errors) || crossBorder !== undefined,
  };
  const vendor = readString(raw['vendor'], `${path}.vendor`, errors, false);
  if (vendor !== undefined) service.vendor = vendor;
  assignText(service, 'purpose', raw['purpose'], `${path}.purpose`, errors);
  if (crossBorder) service.crossBorder = crossBorder;
  return service;
}

function readCrossBorder(raw: unknown, path: string, errors: string[]): CrossBorder | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    errors.push(`${path}: expected { recipient, country?, purpose? }, got ${describe(raw)}`);
    return undefined;
  }
  const recipient = readString(raw['recipient'], `${path}.recipient`, errors, true);
  if (recipient === undefined) return undefined;
  const result: CrossBorder = { recipient };
  const country = readString(raw['country'], `${path}.country`, errors, false);
  if (country !== undefined) result.country = country;
  assignText(result, 'purpose', raw['purpose'], `${path}.purpose`, errors);
  return result;
}

function readId(raw: unknown, path: string, errors: string[], seen: Set<string>): string | undefined {
  if (typeof raw !== 'string' || !ID.test(raw)) {
    errors.push(`${path}: expected an id of letters, digits, "_" or "-" starting with a letter (at most 40), got ${describe(raw)}`);
    return undefined;
  }
  if (seen.has(raw)) {
    errors.push(`${path}: "${raw}" is used twice (category and service ids share one namespace)`);
    return undefined;
  }
  seen.add(raw);
  return raw;
}

function readBool(raw: unknown, path: string, errors: string[]): boolean {
  if (raw === undefined) return false;
  if (typeof raw !== 'boolean') errors.push(`${path}: expected true or false, got ${describe(raw)}`);
  return raw === true;
}

function readString(raw: unknown, path: string, errors: string[], required: boolean): string | undefined {
  if (raw === undefined && !required) return undefined;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_TEXT) {
    errors.push(`${path}: expected a non-empty string of at most ${String(MAX_TEXT)} characters, got ${describe(raw)}`);
    return undefined;
  }
  return raw;
}

function readText(raw: unknown, path: string, errors: string[]): Text | undefined {
  if (raw === undefined || typeof raw === 'string') return readString(raw, path, errors, false);
  if (!isObject(raw)) {
    errors.push(`${path}: expected a string or { "zh-CN", "zh-TW", "en" }, got ${describe(raw)}`);
    return undefined;
  }
  const text: Record<string, string> = {};
  for (const [lang, value] of Object.entries(raw)) {
    if (!TEXT_LANGS.includes(lang)) {
      errors.push(`${path}: unknown language "${lang.slice(0, 20)}" (use zh-CN, zh-TW or en)`);
      continue;
    }
    const s = readString(value, `${path}.${lang}`, errors, true);
    if (s !== undefined) text[lang] = s;
  }
  return text;
}

function assignText<K extends string>(target: { [key in K]?: Text }, key: K, raw: unknown, path: string, errors: string[]): void {
  const text = readText(raw, path, errors);
  if (text !== undefined) target[key] = text;
}

function readStringList(raw: unknown, path: string, errors: string[]): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 200)) {
    errors.push(`${path}: expected an array of non-empty strings, got ${describe(raw)}`);
    return [];
  }
  return raw as string[];
}

/** "/^_ga_/i" in JSON becomes a RegExp; anything else between slashes that does not compile is an error. */
function readCookies(raw: unknown, path: string, errors: string[]): (string | RegExp)[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.push(`${path}: expected an array of cookie names or RegExps, got ${describe(raw)}`);
    return [];
  }
  const out: (string | RegExp)[] = [];
  raw.forEach((c: unknown, i) => {
    const p = `${path}[${String(i)}]`;
    if (c instanceof RegExp) out.push(c);
    else if (typeof c !== 'string' || c.length === 0 || c.length > 200) {
      errors.push(`${p}: expected a cookie name or RegExp, got ${describe(c)}`);
    } else {
      const m = /^\/(.+)\/([dgimsuy]*)$/.exec(c);
      if (!m) out.push(c);
      else {
        try {
          out.push(new RegExp(m[1] ?? '', (m[2] ?? '').replace('g', '')));
        } catch {
          errors.push(`${p}: ${JSON.stringify(c)} is not a valid RegExp`);
        }
      }
    }
  });
  return out;
}

function readTexts(raw: unknown, out: Record<string, Record<string, string>>, errors: string[]): void {
  if (!isObject(raw)) {
    errors.push(`config.texts: expected { [lang]: { [key]: string } }, got ${describe(raw)}`);
    return;
  }
  for (const [lang, table] of Object.entries(raw)) {
    if (!isObject(table)) {
      errors.push(`config.texts.${lang.slice(0, 20)}: expected an object of strings, got ${describe(table)}`);
      continue;
    }
    const strings: Record<string, string> = {};
    for (const [key, value] of Object.entries(table)) {
      const s = readString(value, `config.texts.${lang.slice(0, 20)}.${key.slice(0, 40)}`, errors, true);
      if (s !== undefined) strings[key] = s;
    }
    out[lang] = strings;
  }
}

/** A short, safe description of a bad value for an error message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' || typeof value === 'function') return `an ${typeof value}`;
  if (typeof value === 'bigint') return `bigint ${value.toString()}`;
  return typeof value === 'symbol' ? 'a symbol' : `${typeof value} ${JSON.stringify(value) ?? 'undefined'}`;
}

/** Every service of a config, in display order. */
export function allServices(config: ResolvedConfig): Service[] {
  return config.categories.flatMap((c) => c.services);
}

/** Parses the JSON of a `<script type="application/json">`; errors name the source. */
export function parseConfigJson(text: string): ConfigResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { config: defaultConfig(), errors: [`config JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  return resolveConfig(parsed);
}
