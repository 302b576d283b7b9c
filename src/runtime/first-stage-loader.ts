// The script build's first stage as one object with named phases, its dependencies given to it:
// src/iife.ts gives the browser's (the decision, gating, the guard, the banner without Lit, the
// chunk registry), test/runtime/first-stage-loader.test.ts gives stand-ins, so every path is
// tested without the build. What it hands the runtime is runtime/first-stage.ts's
// FirstStageHandover; `window.MiguConsent` stands on it (runtime/early-api.ts).
import type { ConsentState } from '../core/types.js';
import type { ConsentStore, DecisionMade } from '../core/store.js';
import { isGranted } from '../core/policy.js';
import type { ScriptQueue } from '../gating/activate-script.js';
import type { TrackerHost } from '../gating/guard.js';
import type { PingRules } from '../gating/ping.js';
import { everyGranted } from '../gating/ping.js';
import type { ChunkName } from '../shared/chunks.js';
import type { ConsentApi } from './api.js';
import type { FirstStageApiHost } from './early-api.js';
import type { EarlyDecision, FirstStageHandover, RuntimeExports } from './first-stage.js';
import type { EarlyResolved } from '../core/early.js';
import { readCookie } from '../storage/cookie-read.js';
import { setDocumentCookie } from '../storage/document-cookie.js';


/** Nothing to undo yet: one function for each of them (bytes). */
const nothing = (): void => undefined;
/**
 * - `waiting`: for the page's `<migu-consent>`;
 * - `asking`: the banner without Lit shows and what is granted without a choice (necessary) activates;
 * - `granting`: a returning visitor's granted markup activates;
 *
 *   in both, the runtime comes at the first sign of use, or once the page is parsed when it has
 *   work there used or not (`EarlyDecision.runtimeDue`); until then, once the page has loaded
 *   and is idle, the check: the runtime if it has something to report (or if its file has not
 *   answered in 5 s), else `migu-consent-ready` from here and, for a returning visitor, the re-open
 *   button without Lit;
 * - `deferring`: only the runtime can tell (a stored choice without the early config, a signal notice,
 *   inside an app, a sibling's handoff): it is fetched at once;
 * - `started`: the runtime has taken over.
 */
export type FirstStagePhase = 'waiting' | 'asking' | 'granting' | 'deferring' | 'started';

type IsGranted = (category: string, service?: string) => boolean;

/** What the first stage's banner can do: decide (through the runtime, as it comes in), open the preferences, or call for the runtime. */
export interface EarlyBannerActions {
  decide: (accept: boolean) => void;
  /** After a decision: whether the focus was in the banner (the re-open button takes it). */
  decided: (hadFocus: boolean) => void;
  customize: () => void;
  prefetch: () => void;
}

export interface FirstStageDeps {
  decide(element: HTMLElement): EarlyDecision;
  hostsOf(decision: EarlyDecision): TrackerHost[];
  /** Blocks requests to `hosts` while `isGranted` says no (it reads `hosts` at each request); returns the stop. */
  guard(hosts: TrackerHost[], isGranted: IsGranted): () => void;
  /** Holds back links' `ping` that `rules` refuse, at the click that would send it (gating/ping.ts); returns the stop. */
  gatePings(rules: PingRules): () => void;
  scriptQueue(isGranted: IsGranted): ScriptQueue;
  /** Activates what `isGranted` allows, through `scripts`, calling `onBatch` after each pass over what was added; returns the stop. */
  startGating(isGranted: IsGranted, scripts: ScriptQueue, onBatch: () => void): () => void;
  /** Runs `fn` once the chunks gated elements wait for are in (Consent Mode's updates). */
  afterGatingChunks(fn: () => void): void;
  holdFor(names: ChunkName[], go: () => void): void;
  /** Fetches the runtime's file: `use` with its exports, or `failed` (reported by the registry). */
  loadRuntime(use: (runtime: RuntimeExports) => void, failed: () => void): void;
  /** Shows the banner without Lit; its removal, or undefined when it cannot show (the UI is needed). */
  showBanner(element: HTMLElement, decision: EarlyDecision, actions: EarlyBannerActions): (() => void) | undefined;
  /**
   * Shows a returning visitor's re-open button without Lit (its own file), with the config's
   * `texts`: `open` when it is clicked, `prefetch` at the first sign of use (and instead of
   * the button when it cannot show: the UI shows its own).
   */
  showReopen(element: HTMLElement, texts: Record<string, Record<string, string>>, open: () => void, prefetch: () => void): void;
  /** Runs `fn` once (never twice: it announces the state), when the page has loaded and is idle. */
  afterIdle(fn: () => void): void;
  /**
   * Whether the runtime has something to report about `element` or the page: `report` or `fine`
   * (lazy/check.ts; with `early`, the early config of a text the runtime found clean,
   * lazy/returning.ts, which needs no validator).
   */
  check(element: HTMLElement, early: EarlyResolved | undefined, report: () => void, fine: () => void): void;
  /** Fires `migu-consent-ready` on `element` with `state`. */
  announce(element: HTMLElement, state: ConsentState): void;
  /**
   * Runs `fn` when the page sets `element.config` (a config fetched, an app's hydration) or one of
   * its attributes (a policy revision learnt later, `minor` once the user logged in).
   */
  onSet(element: HTMLElement, fn: () => void): void;
  /** Runs `fn` at DOMContentLoaded, or now when the page is parsed. */
  afterParsed(fn: () => void): void;
  /**
   * Runs `fn` (once) when a choice is made in another tab (storage/tab-sync.ts), or when the page shows again
   * at `lapsesAt` or later (epoch ms: the stored choice lapsed while the device slept, and the lapse timer, which
   * counts awake time, comes late).
   */
  onOtherTab(cookieName: string, fn: () => void, lapsesAt: number): void;
  /**
   * Until the runtime's gating takes over: a click on a `[data-consent-open]` element (the page's
   * own "cookie settings" link) calls `open`, one approached (pointer, focus) `approach`. Returns the stop.
   */
  onOpenLinks(open: () => void, approach: () => void): () => void;
  /** Whether the page has a `<migu-consent-gate>` (part of the UI). */
  hasGate(): boolean;
  report(message: string): void;
}

export class FirstStage implements FirstStageApiHost {
  phase: FirstStagePhase = 'waiting';
  /** The first stage's decided state (the necessary category alone without the early config). */
  state: ConsentState | undefined;
  /** The runtime's page API, once it is in. */
  api: ConsentApi | undefined;
  readonly handover: FirstStageHandover;
  private readonly _deps: FirstStageDeps;
  private _store: Pick<ConsentStore, 'get' | 'isGranted' | 'acceptAll' | 'rejectAll'> | undefined;
  private readonly _calls: ((api: ConsentApi) => void)[] = [];
  private _deciding: (() => void)[] | undefined = [];
  private _element: HTMLElement | undefined;
  private _runtime: RuntimeExports | undefined;
  private _loadUi: (() => void) | undefined;
  private _requested = false;
  /**
   * An option or the config set on the element after this stage decided (a new `revision` with new markup, in
   * one task): nothing more is granted until the runtime, which it brings, decides under it.
   */
  private _held = false;
  private readonly _hosts: TrackerHost[] = [];
  private _unguard = nothing;
  private _stopGating = nothing;
  private _stopOpenLinks = nothing;
  private _stopPings = nothing;
  private _releaseBanner = nothing;
  /** Fires ready from this stage and shows a returning visitor's re-open button, once (see _decide). */
  private _settle = nothing;

  constructor(deps: FirstStageDeps) {
    this._deps = deps;
    this.handover = {
      announced: false,
      scripts: deps.scriptQueue(this.isGranted),
      decided: undefined,
      uiWanted: false,
      earlier: () => this.state,
      takeOver: (store) => {
        this._store = store;
        // what page code kept of this guard's wrappers asks the runtime's guard from now on (gating/guard.ts)
        this._unguard();
        this._stopGating();
        this._stopOpenLinks();
        this._stopPings();
      },
      attach: (api) => {
        this.api = api;
        for (const call of this._calls.splice(0)) {
          try {
            call(api);
          } catch (e) {
            deps.report(String(e));
          }
        }
      },
      releaseBanner: () => { this._releaseBanner(); },
    };
  }

  /** The page API's answer (runtime/early-api.ts): the runtime's state once it took over, else this stage's. */
  get answer(): ConsentState | undefined {
    return this._store?.get() ?? this.state;
  }

  /** Granted now: by the runtime's store once it took over, else by this stage's decision. */
  readonly isGranted: IsGranted = (category, service) =>
    this._store ? this._store.isGranted(category, service) : !this._held && !!this.state && isGranted(this.state, category, service);

  withApi(fn: (api: ConsentApi) => void, wait = false): void {
    if (this.api) fn(this.api);
    else {
      this._calls.push(fn);
      if (!wait) this.loadRuntime();
    }
  }

  whenDecided(fn: () => void): void {
    if (this._deciding) this._deciding.push(fn);
    else fn();
  }

  /** Fetches the runtime (once); it starts once the element is there too. */
  readonly loadRuntime = (): void => {
    if (this._requested) return;
    this._requested = true;
    this._deps.loadRuntime((runtime) => {
      this._runtime = runtime;
      this._start();
    }, () => {
      // asked for again at the next use (chunks.ts fetches it again): calls made meanwhile wait for it. The
      // banner stays: a click on it fetches the runtime again, and its choice waits in the pending cookie
      this._requested = false;
      this._settle();
    });
  };

  /**
   * The UI is wanted (a context request, "Customize"): fetched by the runtime, now or as it starts. For a gate
   * that connected (`forGate`, in any tree: elements/stub.ts) it is no sign that the preferences are wanted: this
   * stage's re-open button still shows while neither file loads (the runtime fetches the UI for the gates it finds).
   */
  wantUi(forGate?: boolean): void {
    if (!forGate) this.handover.uiWanted = true;
    if (this._loadUi) this._loadUi();
    else this.loadRuntime();
  }

  /**
   * The page's element is parsed. With `held` chunks (the app's bridge, a sibling's handoff) only
   * the runtime decides, once they are in; else this stage decides what it can.
   */
  begin(element: HTMLElement, held: ChunkName[] = []): void {
    if (this.phase !== 'waiting') return;
    // the page's links to the preferences work before the runtime is in, whatever the phase, and
    // links ping only with consent: until this stage has decided, none
    this._stopOpenLinks = this._deps.onOpenLinks(this._customize, () => { this.wantUi(); });
    this._stopPings = this._deps.gatePings({
      isGranted: this.isGranted,
      hosts: () => this._hosts,
      allGranted: () => everyGranted(this.state),
    });
    if (held.length) {
      this.phase = 'deferring';
      this.loadRuntime();
    } else {
      this._decide(element);
    }
    this._deps.holdFor(held, () => {
      this._element = element;
      this._start();
    });
  }

  private _decide(element: HTMLElement): void {
    const deps = this._deps;
    let decision: EarlyDecision;
    try {
      decision = deps.decide(element);
    } catch (e) {
      // not expected (the decision never throws on bad input): the runtime decides alone then
      deps.report(String(e));
      this.phase = 'deferring';
      return this.loadRuntime();
    }
    const { evaluation } = decision;
    this.state = evaluation?.state;
    for (const fn of this._deciding?.splice(0) ?? []) fn();
    this._deciding = undefined;
    this._hosts.push(...deps.hostsOf(decision));
    if (this._hosts.length) this._unguard = deps.guard(this._hosts, this.isGranted);
    if (!evaluation || evaluation.state.source === 'signal') {
      // only the runtime can tell, or a signal notice (the UI) is due
      this.phase = 'deferring';
      return this.loadRuntime();
    }
    // a first visit (or a choice to confirm again): the banner and what needs no choice; a
    // returning visitor: what the choice grants
    const asking = evaluation.prompt;
    this.phase = asking ? 'asking' : 'granting';
    // a page left open past expires-days asks again then: the runtime comes at the lapse, and its store lapses the choice
    // (consent-runtime.ts; at most 23 days ahead, within setTimeout's range, and then it comes early)
    if (!asking) setTimeout(this.loadRuntime, Math.min(decision.lapsesIn, 2e9));
    if (asking) this._showBanner(element, decision);
    // ready from this stage, and a returning visitor's re-open button (the runtime shows its own when it
    // comes instead): once the page is idle and checked, or when the runtime it needs could not load (the
    // button then fetches it again); the button too after a choice on the banner that the runtime could not
    // take: it waits, and the page is left with a way to it
    let shown = false;
    this._settle = () => {
      if (this._requested) return;
      if (!this.handover.announced) deps.announce(element, evaluation.state);
      this.handover.announced = true;
      // once: the button's file failing too fetches the runtime, whose failure comes back here
      if (!shown && (!asking || this.handover.decided)) {
        shown = true;
        deps.showReopen(element, (decision.config ?? decision.listed)?.texts ?? {}, this._customize, () => { this.wantUi(); });
      }
    };
    if (!decision.config && !decision.listed) {
      // a config not even shaped like one: the runtime reports it
      this.loadRuntime();
    } else if (decision.runtimeDue) {
      deps.afterParsed(this.loadRuntime);
    } else {
      // the runtime when it is used: a banner or re-open button approached, an API call that
      // changes something, a choice in another tab, a gate (part of the UI, which comes through
      // the runtime), a config set by the page; or when it has something to report once the page
      // is idle (lazy/check.ts)
      deps.afterIdle(() => {
        if (this._requested) return;
        // a file that never answers (no error: a stalled connection) holds neither ready nor the button (it
        // comes with the same file): the runtime comes, as when the file cannot load
        setTimeout(() => { if (!this.handover.announced) this.loadRuntime(); }, 5e3);
        deps.check(element, decision.config?.clean ? decision.config : undefined, this.loadRuntime, this._settle);
      });
      deps.onOtherTab(decision.options.cookieName, this.loadRuntime, Date.now() + decision.lapsesIn);
      deps.onSet(element, () => {
        this._held = true;
        this.loadRuntime();
      });
    }
    // after onSet's observer: Chromium calls observers in the order they were made, and an option set in the
    // same task as markup is inserted must hold it first
    this._startGating();
  }

  /** The preferences, through the runtime and the UI it fetches. */
  private readonly _customize = (): void => {
    this.wantUi();
    this.withApi((api) => { api.showPreferences(); });
  };

  /** Gating by this stage's decision (after the chunks gated elements wait for), until the runtime takes over. */
  private _startGating(): void {
    const deps = this._deps;
    let stopped = false;
    let stop = nothing;
    // <migu-consent-gate> is part of the UI, which comes with the runtime: one in the page, parsed or
    // added by a script at any time, brings it (a first visit's gate otherwise stayed empty, 0 px high)
    // once: after a failed load, the next use asks again, not every change of the page
    let gated = false;
    // and so does the page's element replaced (a body swap, document.open(), an app's remount): the new one
    // starts with it, where this stage's banner and re-open button went with the old one
    const gates = (): void => {
      if (!gated && (deps.hasGate() || this._element?.isConnected === false)) {
        gated = true;
        this.loadRuntime();
      }
    };
    deps.afterGatingChunks(() => { if (!stopped) stop = deps.startGating(this.isGranted, this.handover.scripts, gates); });
    this._stopGating = () => {
      stopped = true;
      stop();
    };
  }

  private _showBanner(element: HTMLElement, decision: EarlyDecision): void {
    // A page prerendered before a choice on the previous page's banner gets that choice at activation,
    // in the cookie below: it is read then (a banner shown before would ask again, and the choice be lost)
    if ((document as { prerendering?: boolean }).prerendering) {
      return document.addEventListener('prerenderingchange', () => { if (this.phase === 'asking') this._showBanner(element, decision); }, { once: true });
    }
    // A choice on this banner is applied once the runtime is in. Until then it waits in a cookie of a
    // minute for the next page, should this one be left before: that page applies it as if clicked there,
    // its runtime storing it and sending its receipt: no choice lost, nothing granted that was not chosen.
    // Written at the click, not as the page is left: a next page prerendered before the click is shown
    // before this one's pagehide. The cookie carries a token this tab's sessionStorage holds too: a cookie
    // written by anyone else (a sibling subdomain, a script injected on a plain http page, another tab)
    // forges no choice and no receipt. The decision keeps the time and page of the click (the store's
    // record and the receipt): the runtime, or the next page, may come much later.
    const name = `${decision.options.cookieName}_pending`;
    const pending = readCookie(name);
    const mark = (value: string, age: string): void => { setDocumentCookie(`${name}=${value};path=/;max-age=${age}`); };
    const decide = (accept: boolean, made: DecisionMade = { at: Date.now(), page: location.href }): void => {
      this.handover.decided = { hadFocus: false };
      const token = `${accept ? 'a' : 'r'}${Math.random()}`;
      if (!this.api) try {
        // an object, not an array: a page's Array#toJSON (Prototype.js) would store a string
        sessionStorage.setItem(name, JSON.stringify({ token, made }));
        mark(token, '60');
      } catch {
        /* cookies or storage blocked: asked again on the next page, as without this */
      }
      // straight to the store when the runtime has taken over (the page API's decisions take no time of their own)
      this.withApi((api) => {
        void (this._store ?? api)[accept ? 'acceptAll' : 'rejectAll'](made);
        if (readCookie(name) == token) try {
          mark('', '0');
          sessionStorage.removeItem(name);
        } catch { /* as above */ }
      });
    };
    if (pending) try {
      const { token, made } = JSON.parse(sessionStorage.getItem(name) as string) as { token: string; made: DecisionMade };
      // another tab's is left to it
      if (token === pending) {
        mark('', '0');
        return decide(pending[0] == 'a', made);
      }
    } catch {
      /* as above */
    }
    const remove = this._deps.showBanner(element, decision, {
      decide,
      decided: (hadFocus) => { this.handover.decided = { hadFocus }; },
      customize: this._customize,
      prefetch: this.loadRuntime,
    });
    if (remove) this._releaseBanner = remove;
    else this.wantUi(); // no constructable style sheets: the Lit banner, with the UI
  }

  private _start(): void {
    if (!this._element || !this._runtime || this.phase === 'started') return;
    this.phase = 'started';
    const element = this._element.isConnected ? this._element : document.querySelector<HTMLElement>('migu-consent') ?? this._element;
    this._loadUi = this._runtime.start(element, this.handover);
  }
}
