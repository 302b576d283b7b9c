// What the script build's first stage (src/iife.ts) decides for the page's <migu-consent> before
// the runtime is in: from the attributes (parsed as the runtime parses them), the early config
// the runtime saved for this config text (core/early.ts), the consent cookie and the signals,
// with the store's own `evaluate()`. test/core/early.differential.test.ts holds it to the
// runtime's answers over seeded random configs, records, signals and attributes.
import type { Category, ConsentState, ResolvedConfig } from '../core/types.js';
import { defaultConfig, ID } from '../core/config.js';
import type { Evaluation } from '../core/policy.js';
import { DAY, evaluate, isGranted } from '../core/policy.js';
import { decodeRecord } from '../core/record.js';
import type { EarlyResolved } from '../core/early.js';
import { earlyKey, fromEarly } from '../core/early.js';
import { regexRisk } from '../core/regex-risk.js';
import { browserSignals, serverSignals } from '../core/signals.js';
import type { ConsentOptions } from '../core/runtime-types.js';
import type { TrackerHost } from '../gating/guard.js';
import type { ScriptQueue } from '../gating/activate-script.js';
import type { ConsentStore } from '../core/store.js';
import type { ConsentApi } from './api.js';
import { readRecordCookie } from '../storage/cookie-read.js';
import { readEarly } from '../storage/early-cache.js';
import { baseFor } from '../shared/url.js';
import { attributesOf, checkOptions, OPTION_ATTRIBUTES } from './option-checks.js';
import { configOf } from './config-source.js';

/** The config a decision reads when neither the early one nor the page's is there: what the state says before the runtime knows more. */
const NECESSARY_ONLY: ResolvedConfig = { categories: [{ id: 'necessary', locked: true, separate: false, services: [] }], texts: {} };

type Raw = Record<string, unknown> | undefined;

/**
 * The categories and services the runtime's config will list, read from the page's config (its
 * text or object) without the validator: merged with the defaults, `defaults: false` and
 * `separate` / `crossBorder` as core/config.ts does, for a state that lists them all before the
 * runtime is in (a first visit's `get()` and `migu-consent-ready`), with the hosts the guard
 * blocks and the banner's texts as written. Undefined when the config is
 * not even shaped like one (not JSON, not an object, a category or service without a valid id):
 * the runtime is then asked for at once, and reports it. A config with subtler errors (the runtime
 * uses the defaults then) is listed as written until the runtime is in.
 */
export function listedConfig(input: unknown): ResolvedConfig | undefined {
  try {
    const raw = (typeof input === 'string' ? JSON.parse(input.trimStart()) : input ?? {}) as Raw; // a BOM too (core/config.ts)
    const list = raw?.['categories'] ?? [];
    if (typeof raw !== 'object' || Array.isArray(raw) || !Array.isArray(list)) return undefined;
    const config = defaultConfig();
    const byId = new Map(config.categories.map((c) => [c.id, c]));
    const idOf = (o: Raw): string => {
      const id = o?.['id'];
      if (typeof id !== 'string' || !ID.test(id)) throw new TypeError();
      return id;
    };
    const listed = new Set<string>();
    for (const c of list as Raw[]) {
      const id = idOf(c);
      const services = c?.['services'] ?? [];
      if (!Array.isArray(services)) return undefined;
      const category: Category = {
        id, locked: false, separate: c?.['separate'] === true,
        services: (services as Raw[]).map((s) => ({
          id: idOf(s), category: id, name: '', cookies: [], storage: [], sessionStorage: [], indexedDB: [],
          // as written: declaredHostsEarly() takes what the validator would
          hosts: Array.isArray(s?.['hosts']) ? s['hosts'] as (string | RegExp)[] : [],
          separate: s?.['separate'] === true || s?.['crossBorder'] !== undefined,
        })),
      };
      const existing = byId.get(id);
      if (existing) Object.assign(existing, category, { locked: existing.locked });
      else {
        config.categories.push(category);
        byId.set(id, category);
      }
      listed.add(id);
    }
    if (raw?.['defaults'] === false) config.categories = config.categories.filter((c) => c.locked || listed.has(c.id));
    // the banner's texts: strings only, shown as text (never markup); not blank, which the runtime refuses
    for (const [lang, strings] of Object.entries(raw?.['texts'] ?? {})) {
      config.texts[lang] = {};
      for (const [name, value] of Object.entries(strings as object)) if (typeof value === 'string' && value.trim()) config.texts[lang][name] = value;
    }
    return config;
  } catch {
    return undefined;
  }
}

/** The attributes of the options (runtime/option-checks.ts OPTION_ATTRIBUTES): a change of one brings the runtime (src/iife.ts). */
export const OPTION_NAMES = Object.values(OPTION_ATTRIBUTES).join(' ');

/** The options the first stage reads. */
export type EarlyOptions = Pick<ConsentOptions, 'revision' | 'cookieName' | 'expiresDays' | 'dnt' | 'minor' | 'serverSignals' | 'policyUrl'>;

/**
 * The options the first stage needs, from the attributes with runtime/options.ts's own checks (a bad
 * value is its default), without its error messages: the runtime reports bad values. The checks are
 * registered for the files that count problems (runtime/page-check.ts) and the runtime.
 * test/core/early.differential.test.ts compares the two.
 */
export function earlyOptions(element: Element): EarlyOptions {
  return checkOptions(attributesOf(element), () => undefined, baseFor(element));
}

export interface EarlyDecision {
  options: EarlyOptions;
  /**
   * The decision, as the runtime will make it: whole with the early config; without it (a first
   * visit, a config changed) only whether to ask, and why, when nothing valid is stored (the
   * state then lists what {@link listedConfig} reads, all off but the locked ones). Undefined when
   * only the runtime can tell: a valid stored choice, but no early config to read it with.
   */
  evaluation: Evaluation | undefined;
  /**
   * The early config, when there is one for this text and a choice is stored (without a choice the
   * banner asks, and its texts come from the config's text): the state is whole, its texts serve a
   * banner asking again.
   */
  config: EarlyResolved | undefined;
  /**
   * Without the early config: the page's config as {@link listedConfig} reads it; undefined when it
   * is not even shaped like one (the runtime is then asked for at once, to report it).
   */
  listed: ResolvedConfig | undefined;
  /**
   * A choice is stored, and the runtime has work as the page starts, used or not: sweeping what a
   * service not granted declares (cookies, storage: what a withdrawn SDK wrote as the last page
   * unloaded, what a lapsed choice no longer allows), the links to sibling sites, the receipts
   * queue; or the early config that tells is not there. Without a stored choice (a first visit)
   * there is nothing to sweep, and the runtime comes when it is used.
   */
  runtimeDue: boolean;
  /** Milliseconds until the stored choice lapses (expires-days; NaN without one). */
  lapsesIn: number;
}

/** Decides for `element` what can be decided without the runtime. Never throws (storage, cookies may be blocked). */
export function decideEarly(element: Element, now = Date.now()): EarlyDecision {
  const options = earlyOptions(element);
  const input = configOf(element);
  const text = input === undefined ? '' : typeof input === 'string' ? input : undefined;
  const record = decodeRecord(readRecordCookie(options.cookieName));
  // with no choice stored the banner asks whatever the config: localStorage is not opened for
  // it (its first access is a synchronous round trip to the browser, 2-18 ms before the banner)
  const key = text === undefined || !record ? undefined : earlyKey(text);
  const config = key === undefined ? undefined : fromEarly(readEarly(options.cookieName, key), key);
  const listed = config ? undefined : listedConfig(input);
  const evaluation = evaluate(config ?? listed ?? NECESSARY_ONLY, record, browserSignals(serverSignals(options.serverSignals)), options, now);
  const { state } = evaluation;
  const runtimeDue = !!record && (!config || !!config.siblings || !!element.getAttribute('receipt-endpoint')
    || config.sweeps.some((s) => !isGranted(state, s.category, s.service)));
  // without the early config, only a decision that grants nothing is certain
  return {
    options, evaluation: config || !state.decided ? evaluation : undefined, config, listed, runtimeDue,
    lapsesIn: record ? record.updatedAt + options.expiresDays * DAY - now : NaN,
  };
}

/**
 * The hosts a config declares for the guard: from the early config, else from the page's config
 * unvalidated (a first visit). Those are blocked only until the runtime, which validates them,
 * takes over: a host it would refuse is blocked a moment longer, never one it would block let through.
 */
export function declaredHostsEarly({ config, listed }: EarlyDecision): TrackerHost[] {
  const hosts: TrackerHost[] = [];
  for (const c of (config ?? listed)?.categories ?? []) {
    for (const s of c.services) {
      for (let host of s.hosts) {
        try {
          const m = typeof host === 'string' ? /^\/(.+)\/([dgimsuy]*)$/.exec(host) : null;
          if (m?.[1] && !regexRisk(m[1])) host = new RegExp(m[1], m[2]?.replace(/[gy]/g, ''));
          if (typeof host === 'string' ? !m : host instanceof RegExp) hosts.push({ host, category: c.id, service: s.id });
        } catch {
          /* not a valid pattern: the runtime reports it */
        }
      }
    }
  }
  return hosts;
}

/**
 * What the first stage hands the runtime (src/lazy/runtime.ts `start`), and how the runtime takes
 * over: from {@link FirstStageHandover.takeOver} on, the first stage's API, guard and script queue
 * ask the runtime's store.
 */
export interface FirstStageHandover {
  /** The first stage fired `migu-consent-ready` (a first visit's banner, the runtime not used yet): the runtime fires no second one. */
  announced: boolean;
  /** Gating's script queue, with the scripts the first stage ran (gating/early.ts). */
  scripts: ScriptQueue;
  /** The first stage's banner took a decision before the runtime was in (applied through the API), focus in it or not. */
  decided: { hadFocus: boolean } | undefined;
  /** The UI was asked for before the runtime was in (a context request, "Customize"). */
  uiWanted: boolean;
  /** The state the first stage gated and answered with (undefined when it left the decision to the runtime). */
  earlier(): ConsentState | undefined;
  /** The runtime's gating starts: the first stage's stops, and isGranted, the guard and the queue ask `store`. */
  takeOver(store: Pick<ConsentStore, 'get' | 'isGranted' | 'acceptAll' | 'rejectAll'>): void;
  /** The runtime's API is there: the page API's calls made meanwhile are applied, in order, and the next go to it. */
  attach(api: ConsentApi): void;
  /** The first stage's banner stops following the page (the runtime shows its own over it), or goes when none asks. */
  releaseBanner(): void;
}

/** What the runtime file registers (src/lazy/runtime.ts). */
export interface RuntimeExports {
  /** Starts the element's runtime; returns how to fetch the UI from then on (a context request comes late). */
  start(element: HTMLElement, handover: FirstStageHandover): () => void;
}
