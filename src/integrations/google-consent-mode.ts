import type { ChangeDetail, ConsentState } from '../core/types.js';
import { grants } from '../core/policy.js';
import type { ConsentApi } from '../runtime/api.js';
import { CHANGE_EVENT, READY_EVENT } from '../runtime/events.js';
import { logError, logWarn } from '../shared/log.js';

/** The consent types of Google Consent Mode v2. */
export type ConsentModeType =
  | 'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage'
  | 'functionality_storage' | 'personalization_storage' | 'security_storage';

/**
 * When a consent type is granted: a category or service id, a list of ids that must all be
 * granted, or a function of the state. An id the config does not know is never granted.
 */
export type ConsentModeRule = string | readonly string[] | ((state: ConsentState) => boolean);

export type ConsentModeMapping = Partial<Record<ConsentModeType, ConsentModeRule>>;

export interface GoogleConsentModeOptions {
  /** Merged over the default mapping (`DEFAULT_CONSENT_MODE_MAPPING`, see docs/integrations.md) type by type. */
  mapping?: ConsentModeMapping;
  /** How long Google tags wait for the first update, in ms (default 500). */
  waitForUpdate?: number;
  /** The global the Google tag reads (`gtag/js?...&l=NAME`); default `dataLayer`. */
  dataLayer?: string;
  /** `gtag('set', 'ads_data_redaction', true)`: redacts ad click ids while ad_storage is denied (default true). */
  adsDataRedaction?: boolean;
}

/** Everything denied but security_storage (necessary by definition), before any choice. */
export const CONSENT_MODE_DEFAULTS: Readonly<Record<ConsentModeType, 'granted' | 'denied'>> = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'granted',
};

/**
 * The default categories mapped onto consent types. analytics_storage also needs the `ga4`
 * service when the config lists one: Google Analytics sends data to the US, which needs its
 * own consent (PIPL Art. 39), so "analytics" alone must not let gtag.js write `_ga`.
 */
export const DEFAULT_CONSENT_MODE_MAPPING: Readonly<Record<Exclude<ConsentModeType, 'security_storage'>, ConsentModeRule>> = {
  ad_storage: 'marketing',
  ad_user_data: 'marketing',
  ad_personalization: 'marketing',
  analytics_storage: (state) => grants(state.categories, 'analytics') && state.services['ga4'] !== false,
  functionality_storage: 'functional',
  personalization_storage: 'personalization',
};

const granted = (state: ConsentState, rule: ConsentModeRule): boolean => {
  if (typeof rule === 'function') return rule(state) === true;
  const ids: readonly string[] = typeof rule === 'string' ? [rule] : rule;
  // a service id stands for its category too: state.services holds the effective grant
  return ids.every((id) => (Object.prototype.hasOwnProperty.call(state.services, id) ? grants(state.services, id) : grants(state.categories, id)));
};

/** The `consent update` parameters for a state: every mapped type, granted or denied. */
export function consentModeParams(state: ConsentState, mapping: ConsentModeMapping = {}): Record<string, 'granted' | 'denied'> {
  const params: Record<string, 'granted' | 'denied'> = {};
  for (const [type, rule] of Object.entries({ ...DEFAULT_CONSENT_MODE_MAPPING, ...mapping })) {
    let on = false;
    try {
      on = granted(state, rule);
    } catch (e) {
      logError('api', `googleConsentMode: ${type}: ${String(e)}`); // denied, then
    }
    params[type] = on ? 'granted' : 'denied';
  }
  return params;
}

export const STARTED = Symbol.for('migu-consent.google-consent-mode');
type Global = typeof globalThis & Record<string | symbol, unknown>;

type Gtag = (...command: unknown[]) => void;

/**
 * Google Consent Mode v2: pushes `consent default` (all denied but security_storage, with
 * `wait_for_update`) onto the data layer at once, then one `consent update` for a returning
 * visitor's stored choice (now when `<migu-consent>` already runs, else when it is ready) and
 * one per decision (each `migu-consent-change`, which fires before gated tags are activated).
 * The default must precede every Google tag: call this before gtag.js or the GTM snippet
 * loads (the script build does it at load with `data-google-consent-mode`). Works from events,
 * so with any build. Once per page; returns the teardown. Never throws.
 */
export function googleConsentMode(api: Pick<ConsentApi, 'get'>, options: GoogleConsentModeOptions = {}): () => void {
  const gtag = consentModeDefault(options);
  const stop = gtag && consentModeUpdates(api, gtag, options.mapping);
  return () => {
    if (stop) {
      stop();
      (globalThis as Global)[STARTED] = false;
    }
  };
}

/**
 * The first half of {@link googleConsentMode}: the default, pushed synchronously. Returns
 * the `gtag` that pushes onto the data layer, undefined when Consent Mode started already.
 */
export function consentModeDefault(options: Omit<GoogleConsentModeOptions, 'mapping'>): Gtag | undefined {
  const g = globalThis as Global;
  if (g[STARTED]) {
    logWarn('api', 'googleConsentMode(): started already'); // a second default would reset Google's state
    return undefined;
  }
  g[STARTED] = true;
  const { waitForUpdate = 500, dataLayer = 'dataLayer', adsDataRedaction = true } = options;
  // gtag.js takes a data layer entry as a command only when it is an Arguments object, as
  // Google's own snippet pushes it; an array would be read as a GTM message and ignored.
  const gtag: Gtag = function () {
    try {
      ((g[dataLayer] ||= []) as unknown[]).push(arguments); // eslint-disable-line prefer-rest-params
    } catch (e) {
      logError('api', `googleConsentMode: ${String(e)}`); // a frozen or odd window[dataLayer]
    }
  };
  gtag('consent', 'default', { ...CONSENT_MODE_DEFAULTS, wait_for_update: waitForUpdate });
  if (adsDataRedaction) gtag('set', 'ads_data_redaction', true);
  return gtag;
}

/** The second half of {@link googleConsentMode}: the updates (the script build loads it as a chunk). Returns the teardown. */
export function consentModeUpdates(api: Pick<ConsentApi, 'get'>, gtag: Gtag, mapping?: ConsentModeMapping): () => void {
  const update = (state: ConsentState): void => { gtag('consent', 'update', consentModeParams(state, mapping)); };
  let restored = false;
  const restore = (state: ConsentState): void => {
    if (!restored && state.decided) {
      restored = true;
      update(state);
    }
  };
  const onReady = (e: CustomEvent<ConsentState>): void => { restore(e.detail); };
  const onChange = (e: CustomEvent<ChangeDetail>): void => {
    // a change before any decision (the page setting its config) says what the default said: nothing is pushed
    if (!restored && !e.detail.state.decided) return;
    restored = true;
    update(e.detail.state);
  };
  restore(api.get());
  document.addEventListener(READY_EVENT, onReady);
  document.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    document.removeEventListener(READY_EVENT, onReady);
    document.removeEventListener(CHANGE_EVENT, onChange);
  };
}
