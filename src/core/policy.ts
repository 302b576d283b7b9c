import { allServices, NECESSARY } from './config.js';
import type { ConsentRecord } from './record.js';
import { listed, revisionTag } from './record.js';
import type { Choice, ConsentState, ResolvedConfig, Signals } from './types.js';

export type DntMode = 'respect' | 'ignore';

export interface PolicyOptions {
  revision: string;
  dnt: DntMode;
  expiresDays: number;
  /** The host says the user is under 14: only guardian-confirmed grants count. */
  minor?: boolean;
}

/** Why the banner is shown: no choice yet, a new policy revision, or an expired choice. */
export type PromptReason = 'none' | 'no-choice' | 'revision' | 'expired';

export interface Evaluation {
  state: ConsentState;
  /** Show the first-layer banner. False when a valid choice exists or a signal was honoured. */
  prompt: boolean;
  reason: PromptReason;
}

export const DAY = 86_400_000;
/** A decision dated further in the future than this is not trusted (clock skew allowance). */
export const FUTURE_SKEW = DAY;

export const signalActive = (signals: Signals, mode: DntMode): boolean =>
  mode === 'respect' && (signals.dnt || signals.gpc);

/** Is a stored record valid now: same revision, not expired, not from the future. */
export function recordStatus(record: ConsentRecord | undefined, options: PolicyOptions, now: number): PromptReason {
  if (!record) return 'no-choice';
  if (record.revision !== revisionTag(options.revision)) return 'revision';
  // a grant dated ahead (made while the clock was that fast) would outlast expires-days by as much: none. A refusal
  // stands (REQUIREMENTS 21: not asked again after it): the clock set back since (a user, a dead clock battery) must
  // not undo it, and a refusal dated ahead grants nothing to anyone (the store dates it now as it starts)
  if (record.updatedAt > now + FUTURE_SKEW && (record.categories.length || record.servicesOn.length)) return 'no-choice';
  if (now - record.updatedAt >= options.expiresDays * DAY) return 'expired';
  return 'none';
}

/**
 * The consent state for a stored record, the signals and the options.
 * Only a valid record grants anything; without one every non-necessary item is off.
 */
export function evaluate(
  config: ResolvedConfig, record: ConsentRecord | undefined, signals: Signals, options: PolicyOptions, now: number,
): Evaluation {
  const reason = recordStatus(record, options, now);
  const signal = signalActive(signals, options.dnt);
  // a choice made while no signal was honoured yields to one for as long as it is on (REQUIREMENTS 2: a
  // signal turned on after "accept all" denies; CCPA §7025(c)(3)); an opt-in made over the signal outlasts it
  // (REQUIREMENTS 7). The record stays: it holds again when the signal is gone, which is the user's choice, not the signal's
  const valid = reason === 'none' && record && (record.overSignal || !signal) ? record : undefined;
  // a minor's own grants (made before the host knew the age) do not count without a guardian
  const granting = valid && options.minor && !valid.guardian ? { ...valid, categories: [], servicesOn: [] } : valid;
  const state: ConsentState = {
    decided: valid !== undefined,
    ...effective(config, granting),
    revision: options.revision,
    consentId: record?.consentId ?? '',
    // a refusal dated ahead, as the store dates it as it starts (recordStatus)
    updatedAt: valid ? new Date(valid.updatedAt > now + FUTURE_SKEW ? now : valid.updatedAt).toISOString() : '',
    source: valid ? (valid.app ? 'app' : valid.sibling ? 'sibling' : 'user') : signal ? 'signal' : 'default',
    signals: { ...signals },
  };
  return { state, prompt: !valid && !signal, reason: valid ? 'none' : reason };
}

/** Granted categories and services of a record (nothing but necessary without one). */
export function effective(config: ResolvedConfig, record: ConsentRecord | undefined):
  Pick<ConsentState, 'categories' | 'services'> {
  const categories: Record<string, boolean> = {};
  for (const c of config.categories) categories[c.id] = c.locked || (record ? listed(record.categories, c.id) : false);
  const services: Record<string, boolean> = {};
  for (const s of allServices(config)) {
    const own = s.separate
      ? (record ? listed(record.servicesOn, s.id) : false)
      : !(record ? listed(record.servicesOff, s.id) : false);
    services[s.id] = (categories[s.category] ?? false) && own;
  }
  return { categories, services };
}

/**
 * Whether `map` grants `id` itself: an entry inherited from Object.prototype (`Object.prototype.video = true`, a
 * prototype-pollution hole in a page's query parser) is none, so an id the config does not have stays refused.
 */
export const grants = (map: Record<string, boolean>, id: string): boolean =>
  Object.prototype.hasOwnProperty.call(map, id) && map[id] === true;

/** True when the category (and, if given, the service in it) is granted. */
export function isGranted(state: ConsentState, category: string, service?: string): boolean {
  return grants(state.categories, category) && (service === undefined || grants(state.services, service));
}

/** Category and service ids newly granted and newly revoked between two states. */
export function diff(prev: ConsentState, next: ConsentState): { granted: string[]; revoked: string[] } {
  const granted: string[] = [];
  const revoked: string[] = [];
  for (const map of ['categories', 'services'] as const) {
    for (const id of new Set([...Object.keys(prev[map]), ...Object.keys(next[map])])) {
      const was = prev[map][id] === true;
      const is = next[map][id] === true;
      if (!was && is) granted.push(id);
      if (was && !is) revoked.push(id);
    }
  }
  return { granted, revoked };
}

/** The choice as the granted lists a record stores. */
export interface Selection {
  categories: string[];
  servicesOff: string[];
  servicesOn: string[];
}

/** The selection behind a state, the starting point of a change. */
export function selectionOf(config: ResolvedConfig, state: ConsentState, record?: ConsentRecord): Selection {
  const categories = config.categories.filter((c) => !c.locked && state.categories[c.id] === true).map((c) => c.id);
  const servicesOff: string[] = [];
  const servicesOn: string[] = [];
  for (const s of allServices(config)) {
    if (s.separate && state.services[s.id] === true) servicesOn.push(s.id);
    // a service switched off stays so while its category is withdrawn (the record keeps it): turning
    // the category on again must not turn on what the user switched off
    const off = state.categories[s.category] === true ? state.services[s.id] !== true : record !== undefined && listed(record.servicesOff, s.id);
    if (!s.separate && off) servicesOff.push(s.id);
  }
  return { categories, servicesOff, servicesOn };
}

/**
 * The selection as a record stores it: a separate service not granted in a granted category is listed as switched
 * off too. Its grant is read from `servicesOn` only, so this changes nothing today; but should the site drop its
 * `separate` (or `crossBorder`), the service is read from `servicesOff`, and what the user refused, or was never
 * asked about, must not become a grant of its category. Only while they fit the cookie (store.ts `_decide`).
 */
export function withSeparateRefusals(config: ResolvedConfig, selection: Selection): Selection {
  const refused = allServices(config).filter((s) => s.separate && selection.categories.includes(s.category)
    && !selection.servicesOn.includes(s.id) && !selection.servicesOff.includes(s.id)).map((s) => s.id);
  return refused.length ? { ...selection, servicesOff: [...selection.servicesOff, ...refused] } : selection;
}

/** A record's choice as a selection of `config`'s ids (a record may hold them hashed, or ids the config no longer has). */
export function recordSelection(config: ResolvedConfig, record: ConsentRecord): Selection {
  const ids = (list: string[], all: { id: string }[]): string[] => all.filter((x) => listed(list, x.id)).map((x) => x.id);
  const services = allServices(config);
  return {
    categories: ids(record.categories, config.categories.filter((c) => !c.locked)),
    servicesOff: ids(record.servicesOff, services),
    servicesOn: ids(record.servicesOn, services),
  };
}

/**
 * What a record holds of ids `config` does not have: another subdomain's categories and services, when sites
 * with other configs share one cookie (`cookie-domain`), or ids this config has dropped. A decision here keeps
 * them (store.ts), or one site's choice undid another's: a service switched off there came back on. Refusals
 * always; grants when `grants`.
 */
export function foreignSelection(config: ResolvedConfig, record: ConsentRecord | undefined, grants: boolean): Selection {
  const known = [...config.categories, ...allServices(config)].map((x) => x.id);
  const foreign = (list: string[] = []): string[] => list.filter((entry) => !known.some((id) => listed([entry], id)));
  return { categories: grants ? foreign(record?.categories) : [], servicesOff: foreign(record?.servicesOff), servicesOn: grants ? foreign(record?.servicesOn) : [] };
}

/**
 * "Accept all": every category and service that does not need separate consent.
 * Separate items keep what they had: only their own toggle or `update()` grants them.
 */
export function acceptAllSelection(config: ResolvedConfig, current: Selection): Selection {
  const categories = config.categories
    .filter((c) => !c.locked && (!c.separate || current.categories.includes(c.id)))
    .map((c) => c.id);
  return { categories, servicesOff: [], servicesOn: current.servicesOn.filter((id) => categories.includes(serviceCategory(config, id))) };
}

/**
 * Everything off, separate services' own grants included; services the user switched off stay
 * switched off (`current`), so granting their category again later does not bring them back.
 */
export const rejectAllSelection = (current?: Selection): Selection => ({ categories: [], servicesOff: current?.servicesOff ?? [], servicesOn: [] });

/** Why `update()` skipped an entry: an id it does not know, a value that is not a boolean, or `necessary: false`. */
export type IgnoredReason = 'unknown' | 'not-boolean' | 'necessary';

/**
 * Applies `{ id: boolean }` for category and service ids to a selection.
 * Returns the entries it skipped, with why, and how many it applied (`necessary: true`,
 * which changes nothing, is neither).
 */
export function applyChoice(
  config: ResolvedConfig, current: Selection, choice: Choice,
): { selection: Selection; ignored: { id: string; reason: IgnoredReason }[]; applied: number } {
  const categories = new Set(current.categories);
  const off = new Set(current.servicesOff);
  const on = new Set(current.servicesOn);
  const ignored: { id: string; reason: IgnoredReason }[] = [];
  let applied = 0;
  const services = allServices(config);
  for (const [id, value] of Object.entries(choice)) {
    const category = config.categories.find((c) => c.id === id);
    const service = services.find((s) => s.id === id);
    const reason: IgnoredReason | undefined = !category && !service ? 'unknown'
      : typeof value !== 'boolean' ? 'not-boolean'
        : category?.locked && !value ? 'necessary' : undefined;
    if (reason) {
      ignored.push({ id, reason });
    } else if (category) {
      if (category.locked) continue;
      applied++;
      if (value) categories.add(id);
      else categories.delete(id);
    } else if (service) {
      applied++;
      const set = service.separate ? on : off;
      if (value === service.separate) set.add(id);
      else set.delete(id);
      // A service is granted only inside a granted category. Granting one service of a
      // refused category grants "just that service": the category, with its other services off.
      if (value && !categories.has(service.category) && !(service.category in choice)) {
        categories.add(service.category);
        for (const other of services) {
          if (other.category === service.category && other.id !== id && !other.separate && !(other.id in choice)) off.add(other.id);
        }
      }
    }
  }
  const order = (ids: Set<string>, list: { id: string }[]): string[] => list.filter((x) => ids.has(x.id)).map((x) => x.id);
  return {
    selection: {
      categories: order(categories, config.categories.filter((c) => !c.locked)),
      servicesOff: order(off, services),
      servicesOn: order(on, services),
    },
    ignored,
    applied,
  };
}

function serviceCategory(config: ResolvedConfig, id: string): string {
  return allServices(config).find((s) => s.id === id)?.category ?? NECESSARY;
}
