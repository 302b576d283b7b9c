// The script build's first stage decides without the config validator: from an "early config",
// the part of a validated config that a decision reads (categories and services with their
// `locked` / `separate` flags, the hosts the guard blocks, the banner's texts), and what tells
// whether a returning visitor's page needs the runtime at its start (which services declare
// cookies or storage to sweep while not granted, the sibling sites whose links carry a handoff). The runtime saves
// it after validating, keyed by the config's text (storage/early-cache.ts); a first stage that
// finds the key of its page's text decides with the very function the store uses (policy.ts
// `evaluate`). test/core/early.differential.test.ts holds both paths to the same answers.
import { NECESSARY } from './config.js';
import { fnv1a } from './hash.js';
import type { Category, ResolvedConfig, Service } from './types.js';

/** Raised when the shape below changes: an entry of another format is never read. */
const FORMAT = 2;

/** A host as JSON holds it: a name, or a RegExp's source and flags. */
export type EarlyHost = string | [source: string, flags: string];

export interface EarlyConfig {
  key: string;
  categories: {
    id: string;
    locked: boolean;
    separate: boolean;
    /** `sweep`: the service declares cookies or storage (the runtime's sweep deletes them while it is not granted). */
    services: { id: string; separate: boolean; hosts: EarlyHost[]; sweep: boolean }[];
  }[];
  texts: ResolvedConfig['texts'];
  siblings: string[];
  /** The runtime found nothing to report in this config text (no error, no unknown key): a later page need not validate it again to know. */
  clean: boolean;
}

/** The early config as a decision reads it, with the services whose declared cookies or storage the runtime sweeps while they are not granted. */
export interface EarlyResolved extends ResolvedConfig {
  sweeps: { category: string; service: string }[];
  clean: boolean;
}

/** The key of a config's text (`''` when the element has none: the defaults). */
export const earlyKey = (text: string): string => `${FORMAT}.${fnv1a(text)}.${text.length}`;

/** What the first stage needs of a validated config, as JSON-safe data. */
export function toEarly(config: ResolvedConfig, key: string, clean: boolean): EarlyConfig {
  return {
    key,
    categories: config.categories.map((c) => ({
      id: c.id,
      locked: c.locked,
      separate: c.separate,
      services: c.services.map((s) => ({
        id: s.id,
        separate: s.separate,
        hosts: s.hosts.map((h): EarlyHost => (typeof h === 'string' ? h : [h.source, h.flags])),
        sweep: !!(s.cookies.length || s.storage.length || s.sessionStorage.length || s.indexedDB.length),
      })),
    })),
    texts: config.texts,
    siblings: config.siblings ?? [],
    clean,
  };
}

/**
 * The early config as the config `evaluate()` and the guard read: what the first stage does not
 * use (labels, cookies, storage keys) is empty. Undefined for anything not made by {@link toEarly}
 * (storage edited by hand, another format): the first stage then decides nothing.
 */
export function fromEarly(early: unknown, key: string): EarlyResolved | undefined {
  try {
    const e = early as EarlyConfig;
    if (e.key !== key || !Array.isArray(e.categories)) return undefined;
    const str = (v: unknown): string => { if (typeof v !== 'string') throw new TypeError(); return v; };
    const sweeps: EarlyResolved['sweeps'] = [];
    const bool = (v: unknown): boolean => { if (typeof v !== 'boolean') throw new TypeError(); return v; };
    const categories = e.categories.map((c): Category => {
      const id = str(c.id);
      return {
        // never read from storage: only necessary is ever locked (a cache edited to lock analytics granted it, Firefox fuzz F4)
        id, locked: id === NECESSARY, separate: bool(c.separate),
        services: c.services.map((s): Service => {
          if (bool(s.sweep)) sweeps.push({ category: id, service: str(s.id) });
          return {
            id: str(s.id), category: id, name: '', separate: bool(s.separate),
            hosts: s.hosts.map((h) => (typeof h === 'string' ? h : new RegExp(str(h[0]), str(h[1])))),
            cookies: [], storage: [], sessionStorage: [], indexedDB: [],
          };
        }),
      };
    });
    const texts: ResolvedConfig['texts'] = {};
    for (const [lang, strings] of Object.entries(e.texts)) {
      texts[lang] = {};
      for (const [name, value] of Object.entries(strings)) texts[lang][name] = str(value);
    }
    const siblings = e.siblings.map(str);
    return { categories, texts, ...(siblings.length ? { siblings } : {}), sweeps, clean: bool(e.clean) };
  } catch {
    return undefined;
  }
}
