// `window.MiguConsent` in the script build: defined by the first stage (src/iife.ts) as it runs,
// so that it is there for every later script, and the same object for the page's life. Once the
// runtime is in, every call goes to the runtime's API (api.ts). Before that, it answers what the
// first stage decided (runtime/first-stage.ts), which is what the runtime will say, and keeps the
// rest for the runtime, in order: see docs/script-tag.md, "Inline scripts".
import type { ChangeDetail, ConsentState } from '../core/types.js';
import { DEFAULT_CATEGORY_IDS, NECESSARY } from '../core/config.js';
import { isGranted } from '../core/policy.js';
import { browserSignals } from '../core/signals.js';
import { safeHttpUrl } from '../shared/url.js';
import type { ConsentApi } from './api.js';

/** What the first stage's API stands on. */
export interface FirstStageApiHost {
  /**
   * The state to answer with: the runtime's once it has taken over (its API comes a moment later,
   * after the changes it fires on the way in), else the first stage's decided state; undefined before
   * the element is parsed, or when only the runtime can tell.
   */
  readonly answer: ConsentState | undefined;
  /** The runtime's API, once the runtime is in. */
  readonly api: ConsentApi | undefined;
  /** Runs `fn` with the runtime's API once it is in, in call order; asks for the runtime now unless `wait`. */
  withApi(fn: (api: ConsentApi) => void, wait?: boolean): void;
  /** Runs `fn` once the first stage has decided (at once if it has). */
  whenDecided(fn: () => void): void;
}

/**
 * Before the element is parsed: the default categories, off but `necessary` (a site's own come with its config), and
 * the browser's signals, which need no element (`get().signals.dnt` from <head> said false with DNT on: grader probe).
 */
const undecided = (): ConsentState => ({
  decided: false, categories: Object.fromEntries(DEFAULT_CATEGORY_IDS.map((id) => [id, id == NECESSARY])), services: {},
  revision: '', consentId: '', updatedAt: '', source: 'default', signals: browserSignals(),
});

/**
 * A copy of `state` for the page, which may change it: a state is JSON (strings and booleans). Not
 * `structuredClone`, which is Chrome 98: the script build runs from Chrome 88 (docs/script-tag.md).
 */
export const copyState = (state: ConsentState): ConsentState => JSON.parse(JSON.stringify(state)) as ConsentState;

export function firstStageApi(host: FirstStageApiHost): ConsentApi {
  const granted = (category: string, service?: string): boolean => {
    try {
      const state = host.answer;
      return !!state && isGranted(state, String(category), service === undefined ? undefined : String(service));
    } catch {
      return false; // an id that is no string: the runtime says so
    }
  };
  /** A call for the runtime: its result once it is in. */
  const later = <T>(call: (api: ConsentApi) => T | Promise<T>): Promise<T> =>
    new Promise((resolve) => { host.withApi((api) => { resolve(call(api)); }); });
  const api: ConsentApi = {
    get: () => host.api?.get() ?? copyState(host.answer ?? undecided()),
    isGranted: (category, service) => host.api?.isGranted(category, service) ?? granted(category, service),
    // resolved by whichever knows first: the first stage's decision (while the page is still
    // parsed), or the runtime; waiting for it does not ask for the runtime sooner
    whenGranted: (category, service) => new Promise((resolve) => {
      let done = false;
      const settle = (state: ConsentState): void => { if (!done) { done = true; resolve(state); } };
      host.whenDecided(() => { if (!host.api && granted(category, service)) settle(api.get()); });
      host.withApi((a) => { void a.whenGranted(category, service).then(settle); }, true);
    }),
    acceptAll: () => later((a) => a.acceptAll()),
    rejectAll: () => later((a) => a.rejectAll()),
    update: (choice) => later((a) => a.update(choice)),
    reset: () => later((a) => a.reset()),
    setGuardianCallback: (callback) => { host.withApi((a) => { a.setGuardianCallback(callback); }); },
    showBanner: () => { host.withApi((a) => { a.showBanner(); }); },
    showPreferences: () => { host.withApi((a) => { a.showPreferences(); }); },
    beacon: (category, url, data) => {
      if (host.api) return host.api.beacon(category, url, data);
      try {
        // no URL is no beacon: String(undefined) would resolve as a page's relative "undefined"
        const href = url && safeHttpUrl(url);
        return granted(category) && !!href && navigator.sendBeacon(href, data);
      } catch {
        return false;
      }
    },
    // js-cookie comes with the runtime: a granted write is made as it is in, a moment later
    setCookie: (category, name, value, attributes) => host.api?.setCookie(category, name, value, attributes)
      ?? (granted(category) && (host.withApi((a) => { a.setCookie(category, name, value, attributes); }), name != null && value != null)),
    subscribe: (listener: (detail: ChangeDetail) => void) => {
      let unbind: (() => void) | undefined;
      let ended = false;
      host.withApi((a) => { if (!ended) unbind = a.subscribe(listener); });
      return () => {
        ended = true;
        unbind?.();
      };
    },
  };
  return api;
}
