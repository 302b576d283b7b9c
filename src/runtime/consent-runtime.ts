import type { ConfigResult } from '../core/config.js';
import { DEFAULT_CATEGORY_IDS, defaultConfig, parseConfigJson, resolveConfig } from '../core/config.js';
import type { HostSignals } from '../core/signals.js';
import { browserSignals, serverSignals } from '../core/signals.js';
import type { RecordStorage, StoreChange } from '../core/store.js';
import { ConsentStore, isDecision } from '../core/store.js';
import type { ChangeDetail, Choice, ConsentState, Signals } from '../core/types.js';
import { LANGS } from '../core/types.js';
import { CookieRecordStorage } from '../storage/cookie-jar.js';
import { TabSync } from '../storage/tab-sync.js';
import { CHANGE_EVENT, READY_EVENT } from './events.js';
import { emit } from './core-events.js';
import { logError, logWarn } from '../shared/log.js';
import type { ConsentOptions, FeatureRuntime } from '../core/runtime-types.js';
import { domainCovers } from '../shared/url.js';
import { checkInit } from './init-check.js';
import { normalizeOptions, OPTION_ATTRIBUTES } from './options.js';

/** cookie-domain values already warned about: once per page, not once per element. */
const warnedDomains = new Set<string>();

/** What a guardian is asked to confirm for a user under 14. */
export interface GuardianRequest {
  /** Category and service ids the choice would grant. */
  grants: string[];
  choice: Choice;
}

/** The host's guardian check: resolves true when a guardian confirmed. */
export type GuardianCallback = (request: GuardianRequest) => Promise<boolean> | boolean;

/** What the UI layer offers the runtime once it is loaded. */
export interface UiHandle {
  showBanner(): void;
  showPreferences(): void;
}

/**
 * What a runtime starts from. Each member, and each option, may be left out or `undefined` (an unset
 * environment variable, a strict project's `exactOptionalPropertyTypes`): either takes the default.
 */
export interface RuntimeInit {
  /** The `<migu-consent>` attributes, as data: each checked as the attribute is, a bad value reported and its default used. */
  options?: { [K in keyof ConsentOptions]?: ConsentOptions[K] | undefined } | undefined;
  /** A site config object, or JSON text (from a child `<script type="application/json">`). */
  config?: unknown;
  /** Where events are dispatched: the `<migu-consent>` element, else `document` (without one, an EventTarget of its own). */
  target?: EventTarget | undefined;
  /** DNT / Sec-GPC request headers as the server saw them, passed on by the host. */
  hostSignals?: HostSignals | undefined;
  /** Where the record is kept: the consent cookie by default. */
  storage?: RecordStorage | undefined;
  /** The clock, in epoch ms: `Date.now` by default. */
  now?: (() => number) | undefined;
}

/**
 * One consent manager on a page: config, signals, store, cross-tab sync and events
 * wired together. No rendering: the UI attaches through {@link UiHandle}.
 */
export class ConsentRuntime implements FeatureRuntime {
  readonly options: ConsentOptions;
  readonly store: ConsentStore;
  // Written from outside, on purpose: `ui` and `pendingUi` by the element (which may come in a
  // separately loaded file), `loadUi` by the script-tag loader, `guardian` by the page API.
  /** Set by the UI when it is there; the loader may load it on demand. */
  ui: UiHandle | undefined;
  /** The host's guardian confirmation, needed for grants when `minor` is set. */
  guardian: GuardianCallback | undefined;
  /** Called when the UI is needed but not loaded (the script-tag loader fetches it). */
  loadUi: (() => void) | undefined;
  private _configErrors: string[];
  private _configClean: boolean;
  /** Where its events are dispatched: its `<migu-consent>`, else the document. */
  readonly target: EventTarget;
  /** The site config as given, object or JSON text. */
  private _input: unknown;
  private readonly _sync: TabSync | undefined;
  /** The options as given (before a refused cookie-domain fell back), and the host's signals: for {@link ConsentRuntime.setOptions}. */
  private _given: ConsentOptions;
  private readonly _hostSignals: HostSignals | undefined;
  private readonly _cleanups: (() => void)[] = [];

  constructor(init: RuntimeInit = {}) {
    const checked = checkInit(init);
    this.options = checked.options;
    this._given = { ...this.options };
    this._hostSignals = checked.hostSignals;
    const { cookieDomain } = this.options;
    if (cookieDomain && typeof location !== 'undefined' && !domainCovers(cookieDomain, location.hostname)) {
      // the browser would refuse the cookie, and the banner would come back on every page
      if (!warnedDomains.has(cookieDomain)) {
        warnedDomains.add(cookieDomain);
        logWarn('option', `cookie-domain: "${cookieDomain.slice(0, 60)}" does not cover this page's host "${location.hostname}": `
          + 'the browser would refuse the consent cookie; a host-only cookie is used instead');
      }
      this.options.cookieDomain = '';
    }
    // no document in React Native or Node: the events go to the given target, or to one of its own
    // (checkInit gives one; the script build always has a document)
    const doc = globalThis.document as Document | undefined;
    this.target = checked.target ?? (doc as EventTarget);
    this._input = checked.config;
    const resolved = resolveSiteConfig(checked.config);
    this._configErrors = resolved.errors;
    this._configClean = !resolved.errors.length && !resolved.warnings?.length;
    const storage = checked.storage ?? new CookieRecordStorage({
      name: this.options.cookieName,
      domain: this.options.cookieDomain || undefined,
      expiresDays: this.options.expiresDays,
    });
    this.store = new ConsentStore({
      ...this.options,
      config: resolved.config,
      storage,
      signals: this._signals(),
      ...(checked.now ? { now: checked.now } : {}),
      warn: (message) => { logError('api', message); },
    });
    // REQUIREMENTS 19: asked again under a new revision, the banner should say what changed, which only the site knows;
    // in each language: a zh-CN summary alone left the zh-TW and English visitors the built-in line (i18n probe F8)
    const unsaid = LANGS.filter((lang) => !this.store.config.texts[lang]?.['revisionNotice']);
    if (this.store.reason === 'revision' && unsaid.length) {
      logWarn('config', `asked again under a new revision: say what changed in config.texts[lang].revisionNotice (none for ${unsaid.join(', ')})`);
    }
    // REQUIREMENTS 11: the built-in banner text names the four default purposes; a site that does not ask about one of
    // them (a video site with "advertising" and no "marketing") says its own, or its visitors read of a purpose it does
    // not have (subdomains probe F11)
    const ids = this.store.config.categories.map((c) => c.id);
    if (this.store.prompt && DEFAULT_CATEGORY_IDS.some((id) => !ids.includes(id)) && !Object.values(this.store.config.texts).some((t) => t['bannerText'])) {
      logWarn('config', `the banner's text names the default purposes; with categories of your own (${ids.join(', ')}), say yours in config.texts[lang].bannerText`);
    }
    // not `typeof localStorage`: that runs its getter, which throws in a sandboxed frame (TabSync copes)
    const sync = typeof BroadcastChannel === 'undefined' && typeof addEventListener === 'undefined'
      ? undefined
      : new TabSync(this.options.cookieName, (record) => { this.store.sync(record); });
    this._sync = sync;
    // the stored record read again on the events below (a choice made elsewhere), and the lapse checked then too: after a
    // sleep the lapse timer below comes late by as long (timers count awake time), and a cookie jar that still holds
    // the record (a clock set forward) leaves sync nothing to see (clock probe F2)
    const reread = (): void => {
      this.store.sync();
      this.store.lapse();
    };
    const resync = (): void => { if (document.visibilityState === 'visible') reread(); };
    doc?.addEventListener('visibilitychange', resync);
    // WebKitGTK restores a page from the back/forward cache without a visibilitychange, and still "hidden": another
    // tab's withdrawal went unheard there (SDK probe F1), its trackers sending again. On every pageshow (a first
    // one finds the record it read)
    if (doc) addEventListener('pageshow', reread);
    // a choice made on another host of cookie-domain, beside this page (another window, split screen): no message
    // crosses origins and this page stays visible, its trackers sending (subdomains probe F2). Seen as its window
    // takes focus again, and at once where the Cookie Store API tells of a new value of the consent cookie (a choice; a
    // deletion, a reset there or cookies cleared, waits for focus: a reload as they are cleared came in their midst)
    const cookies = (globalThis as { cookieStore?: EventTarget }).cookieStore;
    const changed = (e: Event): void => {
      for (const { name } of (e as Event & { changed?: { name?: string }[] }).changed ?? []) if (name === this.options.cookieName) reread();
    };
    if (doc) addEventListener('focus', resync);
    cookies?.addEventListener('change', changed);
    // a page left open past expires-days (a single-page app, a kiosk) asks again then, as the next page would:
    // a timer at the lapse, at most ~24 days ahead (setTimeout's range), armed again at each change
    let lapse: ReturnType<typeof setTimeout> | undefined;
    const armLapse = (): void => {
      clearTimeout(lapse);
      const ms = this.store.lapsesIn;
      if (ms === undefined) return;
      lapse = setTimeout(() => { this.store.lapse(); armLapse(); }, Math.min(ms, 2 ** 31 - 1));
      (lapse as { unref?: () => void }).unref?.(); // a headless runtime in Node does not keep the process alive for it
    };
    armLapse();
    this._cleanups.push(
      () => {
        doc?.removeEventListener('visibilitychange', resync);
        if (doc) {
          removeEventListener('pageshow', reread);
          removeEventListener('focus', resync);
        }
        cookies?.removeEventListener('change', changed);
        clearTimeout(lapse);
      },
      this.store.subscribe((change) => { this._onChange(change); armLapse(); }),
    );
  }

  /**
   * Applies a choice. For a user under 14, a choice that grants anything first asks the
   * host's guardian callback: its grants apply only if it confirms; what it revokes always applies.
   */
  async update(choice: Choice): Promise<ConsentState> {
    const store = this.store;
    const grants = store.minor ? store.grantsOf(choice) : [];
    if (!grants.length) return store.update(choice);
    if (!this.guardian) {
      logError('api', 'minor: enabling needs a guardian confirmation, but no guardian callback is set (MiguConsent.setGuardianCallback)');
      return store.update(choice); // what it switches off still applies
    }
    let confirmed = false;
    try {
      confirmed = (await this.guardian({ grants, choice: { ...choice } })) === true;
    } catch (e) {
      logError('api', `minor: the guardian callback failed: ${String(e)}`);
    }
    return store.update(choice, { guardianConfirmed: confirmed });
  }

  /**
   * A site config given after the start (the element's `config` set late): reported as at the
   * start, then the stored choice is evaluated again under it (see ConsentStore.reconfigure).
   */
  reconfigure(config: unknown): void {
    // the very value it already has (an element taking over its early property, a re-render): nothing to do
    if (config === this._input) return;
    this._input = config;
    const resolved = resolveSiteConfig(config);
    this._configErrors = resolved.errors;
    this._configClean = !resolved.errors.length && !resolved.warnings?.length;
    this.store.reconfigure(resolved.config);
  }

  /**
   * Options set after the start: the element's attributes changed (runtime/bootstrap.ts), or a call from
   * code with those to change, checked as at the start. The stored choice is evaluated again under
   * `revision`, `expiresDays`, `dnt`, `minor` and `serverSignals` (listeners hear cause `config`, as
   * of a config set later); `policyUrl`, `revoke` and `lang` hold from their next use. `cookieName`,
   * `cookieDomain` and `receiptEndpoint` are read at the start only: a change is reported and kept
   * for the next page.
   */
  setOptions(options: Partial<ConsentOptions>): void {
    let next: ConsentOptions;
    try {
      next = normalizeOptions({ ...this._given, ...options }, (m) => { logError('option', m); });
    } catch (e) {
      logError('option', `setOptions() threw ${String(e)}; nothing changed`); // reading its input (a Proxy, a getter)
      return;
    }
    const startOnly = (['cookieName', 'cookieDomain', 'receiptEndpoint'] as const).filter((key) => next[key] !== this._given[key]);
    if (startOnly.length) {
      logWarn('option', `${startOnly.map((key) => OPTION_ATTRIBUTES[key]).join(', ')}: read when the page starts; a change holds from the next page`);
    }
    this._given = next;
    const { cookieName, cookieDomain, receiptEndpoint } = this.options;
    Object.assign(this.options, next, { cookieName, cookieDomain, receiptEndpoint });
    this.store.setPolicy({ ...next, signals: this._signals() });
  }

  /** The browser's privacy signals with the host's and `server-signals`, as the first stage reads them (runtime/first-stage.ts). */
  private _signals(): Signals {
    const fromServer = serverSignals(this.options.serverSignals);
    return browserSignals({
      dnt: this._hostSignals?.dnt === true || fromServer.dnt,
      gpc: this._hostSignals?.gpc === true || fromServer.gpc,
    });
  }

  /** Whether the config gave neither errors nor warnings (unknown keys): nothing to report about it on a later page. */
  get configClean(): boolean {
    return this._configClean;
  }

  /** What was wrong with the site config (the defaults are used then); empty when it is valid. */
  get configErrors(): readonly string[] {
    return this._configErrors;
  }

  /** Fires `migu-consent-ready`; call once the page can listen (after wiring the UI and gating). */
  announceReady(): void {
    emit(this.target, READY_EVENT, this.store.get());
  }

  /** Adds a teardown step run by {@link ConsentRuntime.dispose}. */
  addCleanup(cleanup: () => void): void {
    this._cleanups.push(cleanup);
  }

  /** What the UI was asked to show before it was loaded; read once by the UI when it attaches. */
  pendingUi: 'banner' | 'preferences' | undefined;

  showBanner(): void {
    this._show('banner');
  }

  showPreferences(): void {
    this._show('preferences');
  }

  private _show(what: 'banner' | 'preferences'): void {
    if (this.ui) {
      if (what === 'banner') this.ui.showBanner();
      else this.ui.showPreferences();
    } else {
      this.pendingUi = what;
      this.loadUi?.();
    }
  }

  dispose(): void {
    for (const cleanup of this._cleanups.splice(0)) cleanup();
    this._sync?.close();
  }

  private _onChange(change: StoreChange): void {
    if (isDecision(change.cause)) this._sync?.notify(this.store.recordText());
    const detail: ChangeDetail = { state: change.state, granted: change.granted, revoked: change.revoked };
    emit(this.target, CHANGE_EVENT, detail);
  }
}

/** A site config object or JSON text, validated and reported; the defaults when it is invalid. */
function resolveSiteConfig(input: unknown): ConfigResult {
  let resolved: ConfigResult;
  try {
    resolved = typeof input === 'string' ? parseConfigJson(input) : resolveConfig(input);
  } catch (e) {
    // a getter or proxy in the page's config object threw: that must not stop the manager
    resolved = { config: defaultConfig(), errors: [`config: reading it threw ${e instanceof Error ? e.message : 'an exception'}`] };
  }
  if (resolved.warnings) logWarn('config', resolved.warnings.join('\n  '));
  if (resolved.errors.length) {
    logError('config', `invalid site config, the defaults are used instead:\n  ${resolved.errors.join('\n  ')}`);
  }
  return resolved;
}

