import type { ChangeDetail, Choice, ConsentState } from '../core/types.js';
import type { ConsentRuntime, GuardianCallback } from './consent-runtime.js';
import { allServices } from '../core/config.js';
import { knownIds, unknownId } from '../core/ids.js';
import { logError, logWarn } from '../shared/log.js';
import { safeHttpUrl } from '../shared/url.js';
import Cookies from 'js-cookie';
import { readCookies } from '../storage/cookie-read.js';
import { writeCookie } from '../storage/cookie-write.js';
import { WrittenCookies } from '../storage/written-cookies.js';

/**
 * The public JavaScript API: `window.MiguConsent` in the script build, `consent` in ESM. Its
 * members are functions, not methods: each works taken off the object (`onclick = consent.showPreferences`).
 */
export interface ConsentApi {
  get: () => ConsentState;
  isGranted: (category: string, service?: string) => boolean;
  /** Resolves with the state once the category (and service) is granted. */
  whenGranted: (category: string, service?: string) => Promise<ConsentState>;
  /**
   * The four decisions are applied at once (once `<migu-consent>` is on the page) and resolve
   * with the state after them; they never reject.
   */
  acceptAll: () => Promise<ConsentState>;
  rejectAll: () => Promise<ConsentState>;
  /**
   * `{ analytics: true, marketing: false, someServiceId: true }`. For a user under 14 (`minor`)
   * grants wait for the guardian callback: the promise says what holds then.
   */
  update: (choice: Choice) => Promise<ConsentState>;
  /** For `minor`: the host's guardian confirmation, asked before anything is enabled. */
  setGuardianCallback: (callback: GuardianCallback | undefined) => void;
  /** Forgets the choice and asks again. */
  reset: () => Promise<ConsentState>;
  showBanner: () => void;
  showPreferences: () => void;
  /** `navigator.sendBeacon` only when granted; returns whether it was sent. */
  beacon: (category: string, url: string, data?: BodyInit | null) => boolean;
  /** Writes a cookie through js-cookie only when granted; returns whether it was written. */
  setCookie: (category: string, name: string, value: string, attributes?: CookieWriteAttributes) => boolean;
  /** Subscribes to changes; returns the unbind function. */
  subscribe: (listener: (detail: ChangeDetail) => void) => () => void;
}

export interface CookieWriteAttributes {
  expires?: number | Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  sameSite?: 'strict' | 'Strict' | 'lax' | 'Lax' | 'none' | 'None';
}

const UNDECIDED: ConsentState = {
  decided: false, categories: { necessary: true }, services: {}, revision: '', consentId: '', updatedAt: '',
  source: 'default', signals: { dnt: false, gpc: false },
};

/**
 * The page's API object. It stands for the page's `<migu-consent>` runtime once
 * one is attached; before that it reports "nothing granted" and waits.
 * Nothing here throws into the host page: its methods are arrow functions, so that they
 * work taken off the object too (`addEventListener('click', consent.showPreferences)`),
 * as `window.MiguConsent`'s do.
 */
export class ConsentFacade implements ConsentApi {
  private _runtime: ConsentRuntime | undefined;
  private _guardian: GuardianCallback | undefined;
  private readonly _waiting: ((runtime: ConsentRuntime) => void)[] = [];
  /** The page's subscribers: they follow whichever runtime is attached (an app may remount the element). */
  private readonly _listeners = new Set<(detail: ChangeDetail) => void>();
  /** Pending whenGranted() checks, run on every change and on every attach. */
  private readonly _checks = new Set<() => void>();
  private _unbind: (() => void) | undefined;
  /** Ids already warned about: one warning per unknown id, not one per call. */
  private readonly _warnedIds = new Set<string>();
  /** The cookies setCookie() wrote: deleted with their category. */
  private readonly _written = new WrittenCookies();
  /**
   * The runtime this API speaks for; the first one attached wins while its element is in the page.
   * One whose element is gone already (an app replacing the element in one task: its runtime ends
   * a microtask later) gives way to the new one.
   */
  attach(runtime: ConsentRuntime): void {
    const current = this._runtime;
    if (current && current !== runtime && current.target instanceof Element && !current.target.isConnected) this.detach(current);
    if (this._runtime && this._runtime !== runtime) {
      logWarn('api', 'more than one <migu-consent> on the page: the API speaks for the first one');
      return;
    }
    this._runtime = runtime;
    runtime.guardian ??= this._guardian;
    this._unbind = runtime.store.subscribe(({ state, granted, revoked }) => {
      for (const listener of [...this._listeners]) {
        // one that throws, or an async one that rejects (nothing awaits it), is reported and stops none of the
        // others: never thrown into the caller, nor left an unhandled rejection in the page
        void new Promise((resolve) => { resolve(listener({ state, granted, revoked })); }).catch((e: unknown) => {
          // with its stack, which tells which listener it was (console probe F14)
          logError('listener', `a subscribe() listener threw: ${String(e)}${e instanceof Error && e.stack ? `\n${e.stack}` : ''}`);
        });
      }
      this._checks.forEach((check) => { check(); });
      if (revoked.length) this._dropWritten(runtime);
    });
    // a runtime with a stored choice sends no change
    this._checks.forEach((check) => { check(); });
    // a choice that lapsed (revision, expiry) or was withdrawn where this page was not open: after the start,
    // which needs no storage read for it; without any choice stored (a first visit) there is none to make
    setTimeout(() => {
      const { store } = runtime;
      if (this._runtime === runtime && (store.get().decided || store.reason === 'revision' || store.reason === 'expired')) this._dropWritten(runtime);
    });
    for (const fn of this._waiting.splice(0)) fn(runtime);
  }

  detach(runtime: ConsentRuntime): void {
    if (this._runtime !== runtime) return;
    this._runtime = undefined;
    this._unbind?.();
  }

  get attached(): ConsentRuntime | undefined {
    return this._runtime;
  }

  readonly get = (): ConsentState => {
    return this._runtime?.store.get() ?? { ...UNDECIDED, categories: { ...UNDECIDED.categories } };
  };

  readonly isGranted = (category: string, service?: string): boolean => {
    try {
      return this._granted('isGranted', category, service);
    } catch (e) {
      // an id that is no string (an object whose toString throws, Object.create(null))
      logError('api', `isGranted(): ${String(e)}: not granted`);
      return false;
    }
  };

  /**
   * An id the config does not have warns (once) and the promise stays pending: a config set
   * later (a framework's late property, a fetched config) may still add it.
   */
  readonly whenGranted = (category: string, service?: string): Promise<ConsentState> => {
    try {
      category = String(category);
      if (service !== undefined) service = String(service);
    } catch (e) {
      logError('api', `whenGranted(): ${String(e)}: it never resolves`);
      return new Promise(() => undefined);
    }
    return new Promise((resolve) => {
      let checked = false;
      const check = (): void => {
        // before the element is there the ids cannot be known: checked once it is
        if (!checked && this._runtime) {
          checked = true;
          this._checkIds('whenGranted', category, service);
        }
        if (!this._granted('', category, service)) return;
        // still granted once the calls made in the same turn are in (update(on); update(off), queued
        // for the runtime and applied together): the caller's then() runs after them
        queueMicrotask(() => {
          if (!this._checks.has(check) || !this._granted('', category, service)) return;
          this._checks.delete(check);
          resolve(this.get());
        });
      };
      this._checks.add(check);
      check();
    });
  };

  /** Whether it is granted; `method` names the caller in the warning about an unknown id ('' for none). */
  private _granted(method: string, category: string, service?: string): boolean {
    const store = this._runtime?.store;
    if (!store) return false;
    if (method) this._checkIds(method, category, service);
    return store.isGranted(String(category), service === undefined ? undefined : String(service));
  }

  /**
   * Whether `<migu-consent-gate>`'s ids are the config's (true while no config is known); one that is not is
   * warned about as the gate's markup (`label`), once per id. It was said as a `whenGranted()` the page
   * never made, and its allow button an `update()`.
   */
  readonly checkGate = (label: string, category: string, service?: string): boolean => this._checkIds(label, category, service);

  /**
   * Warns once per id that is not a category (or service) of the config: a typo, a case mismatch. `method`
   * names the call, or the gate's markup (`<migu-consent-gate …>`). Whether all are known (or no config is).
   */
  private _checkIds(method: string, category: string, service?: string): boolean {
    const config = this._runtime?.store.config;
    if (!config) return true;
    const missing = [String(category)].filter((id) => !config.categories.some((c) => c.id === id));
    if (service !== undefined && !allServices(config).some((s) => s.id === String(service))) missing.push(String(service));
    const gate = method.startsWith('<');
    for (const id of missing) {
      if (this._warnedIds.has(id)) continue;
      this._warnedIds.add(id);
      // a service's id where its category goes: "did you mean" the same id would say nothing
      const service = id === String(category) ? allServices(config).find((s) => s.id === id) : undefined;
      logWarn(gate ? 'gating' : 'api', `${gate ? method : `${method}()`}: ${service ? `"${id}" is a service of "${service.category}", not a category`
        : `${unknownId(id, config)}; known: ${knownIds(config)}`}. It is not granted${
        method === 'whenGranted' ? ': the promise waits until a config adds it and it is' : gate ? ': its content does not load' : ''}`);
    }
    return !missing.length;
  }

  readonly acceptAll = (): Promise<ConsentState> => {
    return this._decide('acceptAll', (r) => r.store.acceptAll());
  };

  readonly rejectAll = (): Promise<ConsentState> => {
    return this._decide('rejectAll', (r) => r.store.rejectAll());
  };

  readonly update = (choice: Choice): Promise<ConsentState> => {
    return this._decide('update', (r) => r.update(choice));
  };

  readonly setGuardianCallback = (callback: GuardianCallback | undefined): void => {
    this._guardian = typeof callback === 'function' ? callback : undefined;
    if (this._runtime) this._runtime.guardian = this._guardian;
  };

  readonly reset = (): Promise<ConsentState> => {
    return this._decide('reset', (r) => r.store.reset());
  };

  readonly showBanner = (): void => {
    this._withRuntime((r) => { r.showBanner(); });
  };

  readonly showPreferences = (): void => {
    this._withRuntime((r) => { r.showPreferences(); });
  };

  readonly beacon = (category: string, url: string, data?: BodyInit | null): boolean => {
    try {
      // a wrong call is said whether granted or not: said only once granted, it went unseen in testing
      // no URL is no beacon: String(undefined) would resolve as a page's relative "undefined"
      const href = url ? safeHttpUrl(String(url)) : undefined;
      if (!href) {
        logError('api', `beacon(): ${JSON.stringify(String(url))} is not an http(s) URL: not sent`);
        return false;
      }
      if (!this._granted('beacon', category) || typeof navigator.sendBeacon !== 'function') return false;
      return navigator.sendBeacon(href, data);
    } catch (e) {
      logError('api', `beacon(): ${String(e)}`);
      return false;
    }
  };

  readonly setCookie = (category: string, name: string, value: string, attributes?: CookieWriteAttributes): boolean => {
    try {
      // the consent cookie is written by the store alone: one written here would be read as no choice
      // no name (or value) given: String() would write a cookie named (or holding) "undefined"
      // a wrong call is said whether granted or not (as beacon())
      if (name == null || !String(name).trim() || String(name) === this._runtime?.options.cookieName) {
        logError('api', `setCookie(): "${String(name)}" is ${name != null && String(name).trim() ? 'the consent cookie' : 'no name'}: not written`);
        return false;
      }
      if (value == null) {
        logError('api', `setCookie(): no value for "${String(name)}": not written`);
        return false;
      }
      if (!this._granted('setCookie', category)) return false;
      const all = { path: '/', sameSite: 'Lax' as const, secure: location.protocol === 'https:', ...attributes };
      try {
        // js-cookie writes through document.cookie, which markup can shadow (storage/document-cookie.ts):
        // nothing would be written, without an error
        if (typeof document.cookie != 'string') throw new TypeError('document.cookie shadowed');
        Cookies.set(String(name), String(value), all);
      } catch {
        // js-cookie throws on a page whose old scripts put enumerable members on Object.prototype; the line
        // then goes through the prototype's setter, as the store's own do
        writeCookie(String(name), String(value), all);
      }
      if (this._runtime) this._written.note(this._runtime.options.cookieName, String(category), String(name));
      // the browser may refuse it without a word (a domain this host is not in, SameSite=None on http): where this page
      // can read it back (at the default path, not expired), whether it is there (security probe F4)
      const gone = all.expires instanceof Date ? +all.expires <= Date.now() : Number(all.expires) <= 0;
      if (all.path == '/' && !gone && !readCookies(String(name)).includes(String(value))) {
        logError('api', `setCookie(): the browser refused "${String(name)}"`);
        return false;
      }
      return true;
    } catch (e) {
      logError('api', `setCookie(): ${String(e)}`);
      return false;
    }
  };

  readonly subscribe = (listener: (detail: ChangeDetail) => void): () => void => {
    if (typeof listener !== 'function') {
      logError('api', 'subscribe(): not a function: nothing subscribed');
      return () => undefined;
    }
    // a copy per call, so that the same function subscribed twice is also unbound one at a time
    // what it returns too (an async listener's promise, see attach)
    const own = (detail: ChangeDetail): void => listener(detail);
    this._listeners.add(own);
    return () => { this._listeners.delete(own); };
  };

  /** Deletes what setCookie() wrote for a category that is not granted now. */
  private _dropWritten({ store, options }: ConsentRuntime): void {
    this._written.drop(options.cookieName, store.config, (c, s) => store.isGranted(c, s), options.cookieDomain);
  }

  private _withRuntime(fn: (runtime: ConsentRuntime) => void): void {
    if (this._runtime) fn(this._runtime);
    else this._waiting.push(fn);
  }

  /** A decision, applied once there is a runtime; resolves with the state after it, never rejects. */
  private _decide(name: string, fn: (runtime: ConsentRuntime) => ConsentState | Promise<ConsentState>): Promise<ConsentState> {
    return new Promise((resolve) => {
      this._call(name, async (r) => {
        try {
          resolve(await fn(r));
        } catch (e) {
          logError('api', `${name}(): ${String(e)}`);
          resolve(r.store.get());
        }
      });
    });
  }

  private _call(name: string, fn: (runtime: ConsentRuntime) => unknown): void {
    if (!this._runtime) {
      logWarn('api', `${name}() before <migu-consent> is on the page: applied once it is`);
    }
    this._withRuntime((r) => {
      try {
        fn(r);
      } catch (e) {
        logError('api', `${name}(): ${String(e)}`);
      }
    });
  }
}
