// Options given in code to a store or a consent cookie (`migu-consent/core`), checked as the element
// checks its attributes (runtime/options.ts): a bad value is reported and its default used. The
// script build swaps this file for options-check-script.ts (rollup.config.js): its options are checked
// already, and its storage is the cookie.
import type { ConfigResult } from './config.js';
import { defaultConfig, resolveConfig } from './config.js';
import { MAX_RECORD_BYTES } from './record.js';
import { browserSignals } from './signals.js';
import type { ConsentStore, RecordStorage, StoreOptions } from './store.js';
import type { ResolvedConfig } from './types.js';

type Report = (message: string) => void;

const shown = (v: unknown): string => (typeof v == 'string' ? JSON.stringify(v.slice(0, 20)) : typeof v == 'number' ? String(v) : typeof v);

/**
 * `options` with `expiresDays` more than 0 and at most 3650 (a Date holds no more), else 365: NaN
 * kept a choice for ever, 0 asked again at once, 1e9 wrote `expires=Invalid Date`.
 */
export function withExpiryDays<T extends { expiresDays: number }>(options: T, report: Report): T {
  const value: unknown = options.expiresDays;
  const days = typeof value == 'number' || typeof value == 'string' ? Number(value) : NaN;
  if (days > 0 && days <= 3650) return { ...options, expiresDays: days };
  report(`expiresDays: ${shown(value)} is not a number of days above 0 and at most 3650; using the default 365`);
  return { ...options, expiresDays: 365 };
}

/**
 * A consent cookie's options, checked: `expiresDays`, and `name` as the element's `cookie-name` (1 to
 * 64 of A-Z a-z 0-9 _ -), else "migu_consent": "" wrote a nameless cookie, which any other one clobbers.
 */
export function cookieOptions<T extends { name: string; expiresDays: number }>(given: T, report: Report): T {
  const options = withExpiryDays(given, report);
  if (typeof options.name != 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(options.name)) {
    report(`name: ${shown(options.name)} is not a plain cookie name; using the default "migu_consent"`);
    options.name = 'migu_consent';
  }
  return options;
}

/**
 * The options a store evaluates a choice under, checked (at its start and in `setPolicy`): `expiresDays`;
 * `signals`; `dnt` other than "ignore" ("Respect", none) is "respect" (it ignored DNT and GPC).
 */
export function policyOptions(given: StoreOptions, report: Report): StoreOptions {
  const options = withExpiryDays(given, report);
  // none, or not two booleans (a Proxy that throws): the browser's own, with whatever was given as on
  // kept on (a host's DNT header passed as { dnt: true } alone); it threw TypeError at construction
  let flags: Record<string, unknown> | undefined;
  try {
    flags = { ...options.signals as unknown as object };
  } catch { /* reading it threw */ }
  if (typeof flags?.['dnt'] != 'boolean' || typeof flags['gpc'] != 'boolean') {
    const on = { dnt: flags?.['dnt'] === true, gpc: flags?.['gpc'] === true };
    report(`signals: expected { dnt: boolean, gpc: boolean }; using the browser's (none outside a browser)${on.dnt || on.gpc ? ' and those given as true' : ''}`);
    options.signals = browserSignals(on);
  }
  if (options.dnt !== 'respect' && options.dnt !== 'ignore') {
    report(`dnt: expected "respect" or "ignore", got ${shown(options.dnt)}; using the default "respect"`);
    options.dnt = 'respect';
  }
  return options;
}

/**
 * A store's options, checked: those of {@link policyOptions}; a clock giving no time a Date holds (NaN) is Date.now() (it
 * made acceptAll() throw RangeError); and a storage whose read() gives no text (a Promise from an
 * async store) or whose write() or clear() rejects is reported, not an unhandled rejection.
 */
export function storeOptions(given: StoreOptions, report: Report): StoreOptions {
  const options = policyOptions(given, report);
  options.config = resolvedConfig(options.config, report);
  const { now } = options;
  let { storage } = options;
  if (!['read', 'write', 'clear'].every((m) => typeof (storage as unknown as Record<string, unknown> | null)?.[m] == 'function')) {
    report('storage: expected { read(), write(value), clear() }; the choice is kept in memory, for this page only');
    let kept: string | undefined;
    storage = { read: () => kept, write: (value) => { kept = value; }, clear: () => { kept = undefined; } };
  }
  if (now !== undefined) {
    let told = false;
    options.now = (): number => {
      let at = NaN;
      try { at = Number((now as () => unknown)()); } catch { /* as a bad time */ }
      if (at >= 0 && at <= 8.64e15) return at;
      if (!told) report(`now(): ${String(at)} is not a time in epoch ms; using Date.now()`);
      told = true;
      return Date.now();
    };
  }
  const told = new Set<string>();
  const once = (what: string, message: string): void => {
    if (!told.has(what)) report(`storage.${what}(): ${message}`);
    told.add(what);
  };
  const settled = (what: string, result: unknown): void => {
    if (typeof (result as PromiseLike<unknown> | undefined)?.then == 'function') {
      (result as PromiseLike<unknown>).then(undefined, (e: unknown) => {
        once(what, `failed (${e instanceof Error ? e.message : String(e)}): the choice holds on this page only`);
      });
    }
  };
  const checked: RecordStorage = {
    read: () => {
      const value: unknown = storage.read();
      // null: nothing stored, as localStorage.getItem() says it
      if (value == null || typeof value == 'string') return value ?? undefined;
      settled('read', value);
      once('read', `expected the stored text or undefined, got ${typeof (value as PromiseLike<unknown> | null)?.then == 'function'
        ? 'a Promise (read an async store before, and give a storage that holds the text)' : typeof value}; taken as no choice`);
      return undefined;
    },
    write: (value) => { settled('write', storage.write(value)); },
    clear: () => { settled('clear', storage.clear()); },
    // anything but a length in the record's range is none: a stray value must not refuse every choice
    get maxLength() {
      const max: unknown = storage.maxLength;
      return typeof max == 'number' && max > 0 && max <= MAX_RECORD_BYTES ? max : undefined;
    },
  };
  options.storage = checked;
  return options;
}

/**
 * A config as the store takes it, `resolveConfig(siteConfig).config`: a site config given as it is
 * (`{ categories: [{ id: 'video' }] }`) is resolved here and reported; it threw TypeError out of
 * acceptAll() and the next calls. An invalid one is reported and the defaults used, as everywhere.
 */
export function resolvedConfig(config: ResolvedConfig, report: Report | Pick<StoreOptions, 'warn'>): ResolvedConfig {
  const given: unknown = config;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null;
  if (isObject(given) && Array.isArray(given['categories']) && (given['categories'] as unknown[]).every((c) => isObject(c)
    && typeof c['id'] == 'string' && typeof c['locked'] == 'boolean' && typeof c['separate'] == 'boolean' && Array.isArray(c['services']))) return config;
  let result: ConfigResult;
  try {
    result = resolveConfig(given);
  } catch (e) {
    result = { config: defaultConfig(), errors: [`reading it threw ${e instanceof Error ? e.message : 'an exception'}`] };
  }
  // the store's options (its warn, else as its own default) for a config it is given later
  const say = typeof report == 'function' ? report : report.warn ?? ((m: string) => { console.warn(`[migu-consent] ${m}`); });
  say(`config: expected resolveConfig(siteConfig).config; ${result.errors.length
    ? `invalid, the defaults are used: ${result.errors.join('; ')}` : 'resolved here'}`);
  return result.config;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): boolean => typeof v == 'number' && v >= 0 && v <= 8.64e15;
const isFlag = (v: unknown): boolean => v === undefined || typeof v == 'boolean';
const isIds = (v: unknown): boolean => Array.isArray(v) && v.every((id) => typeof id == 'string');

/** What adoptNative() and adoptSibling() take, copied (a getter or Proxy is read once); else what it should be. */
const adoptable: Record<string, (v: Record<string, unknown>) => unknown> = {
  adoptNative: (v) => isMap(v) && typeof v['revision'] == 'string' && isTime(v['updatedAt']) && isMap(v['choice'])
    && isFlag(v['authoritative']) && isFlag(v['guardian'])
    ? { ...v, choice: { ...v['choice'] } }
    : '{ revision: string, updatedAt: epoch ms, choice: { id: boolean }, authoritative?: boolean, guardian?: boolean }',
  adoptSibling: (v) => isMap(v) && typeof v['revision'] == 'string' && isTime(v['updatedAt'])
    && isIds(v['categories']) && isIds(v['servicesOff']) && isIds(v['servicesOn']) && isFlag(v['guardian'])
    ? { ...v, categories: [...v['categories'] as string[]], servicesOff: [...v['servicesOff'] as string[]], servicesOn: [...v['servicesOn'] as string[]] }
    : 'a ConsentRecord { revision, updatedAt: epoch ms, categories, servicesOff, servicesOn: string[], guardian?: boolean }',
};

/**
 * The headless store's methods that read what the caller gives, made not to throw into it: a value
 * whose reading throws (a Proxy, a getter), a wrong shape (adoptNative(undefined), an updatedAt of
 * NaN threw RangeError) is reported and changes nothing; the method answers as for no change.
 * The script build gives these methods only values it made (its own parse of the app's JSON, of a
 * handoff link, of the page API's call), so there this is a no-op.
 */
export function guarded(store: ConsentStore, report: Report): void {
  const self = store as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['acceptAll', 'rejectAll', 'update', 'grantsOf', 'adoptNative', 'adoptSibling', 'reconfigure', 'setPolicy', 'catchUp', 'batch']) {
    const method = self[name];
    self[name] = (...args: unknown[]): unknown => {
      // the answer for no change: as the method gives it when it takes nothing
      const unchanged = (): unknown => (name.startsWith('adopt') ? false : name == 'grantsOf' ? [] : ['reconfigure', 'setPolicy', 'catchUp', 'batch'].includes(name) ? undefined : store.get());
      try {
        const check = adoptable[name];
        if (check) {
          const value = check(args[0] as Record<string, unknown>);
          if (typeof value == 'string') {
            report(`${name}(): expected ${value}; nothing changed`);
            return unchanged();
          }
          args[0] = value;
        }
        return method.apply(store, args);
      } catch (e) {
        report(`${name}() threw ${e instanceof Error ? e.message : String(e)}; nothing changed`); // reading its input (a Proxy, a getter), or anything below
        return unchanged();
      }
    };
  }
}
