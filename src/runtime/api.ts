import type { ChangeDetail, Choice, ConsentState } from '../core/types.js';
import type { ConsentRuntime, GuardianCallback } from './consent-runtime.js';
import { logError, logWarn } from './log.js';
import { safeHttpUrl } from './options.js';
import Cookies from 'js-cookie';

/** The public JavaScript API: `window.MiguConsent` in the script build, `consent` in ESM. */
export interface ConsentApi {
  get(): ConsentState;
  isGranted(category: string, service?: string): boolean;
  /** Resolves once the category (and service) is granted. */
  whenGranted(category: string, service?: string): Promise<void>;
  acceptAll(): void;
  rejectAll(): void;
  /**
   * `{ analytics: true, marketing: false, someServiceId: true }`. Applied at once; for a user
   * under 14 (`minor`) grants wait for the guardian callback: the promise says what holds then.
   */
  update(choice: Choice): Promise<ConsentState>;
  /** For `minor`: the host's guardian confirmation, asked before anything is enabled. */
  setGuardianCallback(callback: GuardianCallback | undefined): void;
  /** Forgets the choice and asks again. */
  reset(): void;
  showBanner(): void;
  showPreferences(): void;
  /** `navigator.sendBeacon` only when granted; returns whether it was sent. */
  beacon(category: string, url: string, data?: BodyInit | null): boolean;
  /** Writes a cookie through js-cookie only when granted; returns whether it was written. */
  setCookie(category: string, name: string, value: string, attributes?: CookieWriteAttributes): boolean;
  /** Subscribes to changes; returns the unbind function. */
  subscribe(listener: (detail: ChangeDetail) => void): () => void;
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
 * Nothing here throws into the host page.
 */
export class ConsentFacade implements ConsentApi {
  private runtime: ConsentRuntime | undefined;
  private guardian: GuardianCallback | undefined;
  private readonly waiting: ((runtime: ConsentRuntime) => void)[] = [];
  /** The runtime this API speaks for; the first one attached wins. */
  attach(runtime: ConsentRuntime): void {
    if (this.runtime && this.runtime !== runtime) {
      logWarn('api', 'more than one <migu-consent> on the page: the API speaks for the first one');
      return;
    }
    this.runtime = runtime;
    runtime.guardian ??= this.guardian;
    for (const fn of this.waiting.splice(0)) fn(runtime);
  }

  detach(runtime: ConsentRuntime): void {
    if (this.runtime === runtime) this.runtime = undefined;
  }

  get attached(): ConsentRuntime | undefined {
    return this.runtime;
  }

  get(): ConsentState {
    return this.runtime?.store.get() ?? { ...UNDECIDED, categories: { ...UNDECIDED.categories } };
  }

  isGranted(category: string, service?: string): boolean {
    return this.runtime?.store.isGranted(String(category), service === undefined ? undefined : String(service)) ?? false;
  }

  whenGranted(category: string, service?: string): Promise<void> {
    return new Promise((resolve) => {
      this.withRuntime((runtime) => { void runtime.store.whenGranted(category, service).then(resolve); });
    });
  }

  acceptAll(): void {
    this.call('acceptAll', (r) => r.store.acceptAll());
  }

  rejectAll(): void {
    this.call('rejectAll', (r) => r.store.rejectAll());
  }

  update(choice: Choice): Promise<ConsentState> {
    return new Promise((resolve) => {
      this.call('update', (r) => r.update(choice).then(resolve, () => { resolve(r.store.get()); }));
    });
  }

  setGuardianCallback(callback: GuardianCallback | undefined): void {
    this.guardian = typeof callback === 'function' ? callback : undefined;
    if (this.runtime) this.runtime.guardian = this.guardian;
  }

  reset(): void {
    this.call('reset', (r) => r.store.reset());
  }

  showBanner(): void {
    this.withRuntime((r) => { r.showBanner(); });
  }

  showPreferences(): void {
    this.withRuntime((r) => { r.showPreferences(); });
  }

  beacon(category: string, url: string, data?: BodyInit | null): boolean {
    try {
      const href = safeHttpUrl(String(url));
      if (!this.isGranted(category) || !href || typeof navigator.sendBeacon !== 'function') return false;
      return navigator.sendBeacon(href, data);
    } catch (e) {
      logError('api', `beacon(): ${String(e)}`);
      return false;
    }
  }

  setCookie(category: string, name: string, value: string, attributes?: CookieWriteAttributes): boolean {
    try {
      if (!this.isGranted(category)) return false;
      Cookies.set(String(name), String(value), { path: '/', sameSite: 'Lax', secure: location.protocol === 'https:', ...attributes });
      return true;
    } catch (e) {
      logError('api', `setCookie(): ${String(e)}`);
      return false;
    }
  }

  subscribe(listener: (detail: ChangeDetail) => void): () => void {
    let unbind: (() => void) | undefined;
    let cancelled = false;
    this.withRuntime((r) => {
      if (!cancelled) unbind = r.store.subscribe(({ state, granted, revoked }) => { listener({ state, granted, revoked }); });
    });
    return () => {
      cancelled = true;
      unbind?.();
    };
  }

  private withRuntime(fn: (runtime: ConsentRuntime) => void): void {
    if (this.runtime) fn(this.runtime);
    else this.waiting.push(fn);
  }

  private call(name: string, fn: (runtime: ConsentRuntime) => unknown): void {
    if (!this.runtime) {
      logWarn('api', `${name}() before <migu-consent> is on the page: applied once it is`);
    }
    this.withRuntime((r) => {
      try {
        fn(r);
      } catch (e) {
        logError('api', `${name}(): ${String(e)}`);
      }
    });
  }
}
