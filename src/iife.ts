// The script-tag build (dist/migu-consent.iife.js): the first stage of two. Small, so that a
// returning visitor's trackers start and a first visitor's banner shows with this one file, and
// no second round trip. It defines `window.MiguConsent`, finds the page's <migu-consent> (adding
// one to <body> when there is none by DOMContentLoaded) and decides what it can without the
// config validator (runtime/first-stage.ts): a returning visitor's granted markup activates at
// once (gating/early.ts), and the re-open button without Lit (elements/reopen-lite.ts) shows once
// the page is idle; a first visitor gets the banner without Lit (elements/banner-lite.ts).
// The runtime (dist/migu-consent.runtime.js: config, store, events, tab sync, receipts ...) comes
// only when something needs it: an API call that changes something, a banner or re-open button
// approached, a choice in another tab, a gate, a context request, a config or attribute set by the page,
// something to report about the page (dist/migu-consent.check.js tells once the page is idle;
// this stage fires `migu-consent-ready` meanwhile); at DOMContentLoaded when a stored choice
// gives it work, used or not (a sweep, sibling links, receipts); at once for a signal notice or
// a stored choice this stage cannot read. It takes over what this stage started
// (`FirstStageHandover`) and uses this stage's modules instead of second copies: the ones in
// shared/first-stage-modules.ts, which this file registers as 'first-stage' (rollup.config.js).
// The UI (Lit) and the other lazily loaded files come as before, through the runtime.
import firstStageModules from 'virtual:first-stage-modules';
import type { ConsentApi } from './runtime/api.js';
import type { CheckExports } from './lazy/check.js';
import type { EarlyDecision, RuntimeExports } from './runtime/first-stage.js';
import { decideEarly, declaredHostsEarly, OPTION_NAMES } from './runtime/first-stage.js';
import { OPTION_ATTRIBUTES } from './runtime/option-checks.js';
import type { EarlyBannerActions } from './runtime/first-stage-loader.js';
import { FirstStage } from './runtime/first-stage-loader.js';
import { copyState, firstStageApi } from './runtime/early-api.js';
import type { ConsentState } from './core/types.js';
import { hasHandoff } from './core/handoff.js';
import { disarmPlantedHandoffs } from './runtime/handoff-planted.js';
import { scriptQueue } from './gating/activate-script.js';
import { isAllowed, opensPreferences, parsed } from './gating/scan.js';
import { startEarlyGating } from './gating/early.js';
import { guardTrackerHosts } from './gating/guard.js';
import { gatePings } from './gating/ping.js';
import { startScriptIntegrations } from './integrations/script-build.js';
import { logError, logWarn } from './shared/log.js';
import { currentScript } from './shared/current-script.js';
import type { ChunkName } from './shared/chunks.js';
import { gatingWaitsFor, holdFor, loadChunk, openRegistry } from './shared/chunks.js';
import { BUILD } from './shared/build.js';
import type { BannerHost } from './elements/banner-lite.js';
import { showBannerLite } from './elements/banner-lite.js';
import type { ReturningExports } from './lazy/returning.js';
import { GATE_ATTRIBUTES, GATE_TAG } from './elements/gate-tag.js';
import { CONSENT_PROPERTIES, defineStub } from './elements/stub.js';
import { consentContext } from './context/consent-context.js';
import { dispatch, READY_EVENT } from './runtime/events.js';
import { readRecordCookie } from './storage/cookie-read.js';

declare global {
  interface Window {
    MiguConsent: ConsentApi;
  }
}

const TAG = 'migu-consent';
const self = currentScript();

/** This page's first stage (runtime/first-stage-loader.ts), with the browser's parts. */
const stage = new FirstStage({
  decide: (element) => decideEarly(element),
  hostsOf: declaredHostsEarly,
  guard: guardTrackerHosts,
  gatePings,
  scriptQueue: (granted) => scriptQueue((el) => isAllowed(el, granted)),
  startGating: startEarlyGating,
  afterGatingChunks: (fn) => { holdFor(gatingWaitsFor, fn); },
  holdFor,
  loadRuntime: (use, failed) => { loadChunk<RuntimeExports>('runtime', 'no choice can be made until it loads', use, failed); },
  showBanner,
  showReopen: (element, texts, open, prefetch) => {
    loadChunk<ReturningExports>('returning', 'the re-open button comes with the UI', (chunk) => {
      if (!stage.handover.uiWanted && !chunk.renderReopen(element, texts, open, prefetch)) prefetch();
    }, prefetch);
  },
  afterIdle,
  check: (element, early, report, fine) => {
    const what = 'the page is not checked: the runtime comes instead';
    const answer = (needs: boolean): void => { if (needs) report(); else fine(); };
    if (early) loadChunk<ReturningExports>('returning', what, (chunk) => { answer(chunk.needsRuntimeFor(element, early)); }, report);
    else loadChunk<CheckExports>('check', what, (chunk) => { answer(chunk.needsRuntime(element)); }, report);
  },
  announce: (element, state) => { dispatch(element, READY_EVENT, copyState(state)); },
  onSet: (element, fn) => {
    let value = (element as { config?: unknown }).config;
    Object.defineProperty(element, 'config', {
      configurable: true, get: () => value, set: (v) => { value = v; fn(); },
    });
    // the runtime applies an option set later (runtime/bootstrap.ts); other attributes (a class a framework
    // toggles) bring nothing, nor fetch a runtime that failed to load again at each change
    new MutationObserver(fn).observe(element, { attributeFilter: Object.values(OPTION_ATTRIBUTES) });
  },
  afterParsed: (fn) => {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
    else fn();
  },
  onOtherTab: (cookieName, fn, lapsesAt) => {
    // a choice made on another host of cookie-domain (no message crosses origins), while this page was
    // in the back/forward cache, or without BroadcastChannel: seen as the tab shows again, as the runtime's sync does;
    // so is a choice that lapsed while the device slept (the runtime's store lapses it)
    const seen = readRecordCookie(cookieName);
    // WebKit restores a page from the back/forward cache without a visibilitychange (SDK probe F1: another tab's
    // withdrawal went unheard, its trackers sending again); the document's visibilitychange reaches window
    const check = (): void => { if (readRecordCookie(cookieName) !== seen || Date.now() >= lapsesAt) fn(); };
    // and as its window takes focus again: a page beside the one where the choice changed stays visible
    'visibilitychange pageshow focus'.split(' ').map((type) => { addEventListener(type, check); });
    try {
      const channel = new BroadcastChannel(`migu-consent-sync:${cookieName}`);
      channel.onmessage = () => {
        channel.close();
        fn();
      };
    } catch { /* no BroadcastChannel: the visibility check above */ }
  },
  onOpenLinks: (open, approach) => {
    // as the runtime's gating does (gating/index.ts), which takes over
    const click = (e: Event): void => {
      if (!opensPreferences(e)) return;
      e.preventDefault();
      open();
    };
    const near = (e: Event): void => { if (opensPreferences(e)) approach(); };
    document.addEventListener('click', click);
    for (const type of ['pointerover', 'focusin']) document.addEventListener(type, near, { passive: true });
    return () => {
      document.removeEventListener('click', click);
      for (const type of ['pointerover', 'focusin']) document.removeEventListener(type, near);
    };
  },
  hasGate: () => !!document.querySelector(GATE_TAG),
  report: (message) => { logError('api', message); },
});

// A second copy is told by the first stage's registration in the registry, a global symbol, not
// by `window.MiguConsent`: an element with that id (named access) would make it look present.
const registry = openRegistry();
if (registry.loaded?.('first-stage')) {
  logWarn('api', 'migu-consent.iife.js is on the page twice: this copy does nothing');
} else if ('HTMLDialogElement' in window && 'replaceChildren' in document) {
  // older browsers than those supported (docs/script-tag.md) that parse this file do nothing, as those that
  // cannot: Firefox 79-97 and Safari 14.1-15.3 (no <dialog>) got a banner that granted, and no way to withdraw;
  // Chromium 85 (no replaceChildren) an empty banner. Gated markup stays inert.
  registry('first-stage', firstStageModules, BUILD);
  // before a sibling's links carry the user's choice (the runtime's siblings.js), and for the page's life
  disarmPlantedHandoffs();
  window.MiguConsent = firstStageApi(stage);
  startScriptIntegrations(self, window.MiguConsent);
  // registered now, their Lit classes adopted by the UI (elements/stub.ts)
  defineStub(TAG, OPTION_NAMES, undefined, CONSENT_PROPERTIES);
  defineStub(GATE_TAG, GATE_ATTRIBUTES, () => { stage.wantUi(true); });
  holdContextRequests();
  watchForElement();
}

/** The banner without Lit, deciding through the runtime's API (applied as it comes in, a moment later). */
function showBanner(element: HTMLElement, { evaluation, options, config, listed }: EarlyDecision, actions: EarlyBannerActions): (() => void) | undefined {
  const listeners = new Set<() => void>();
  // the banner only asks whether it still has to show
  const store: BannerHost['store'] = {
    prompt: true,
    reason: evaluation?.reason ?? 'no-choice',
    minor: options.minor,
    config: { categories: [], texts: (config ?? listed)?.texts ?? {} },
    get: () => window.MiguConsent.get(),
    subscribe: (listener) => {
      listeners.add(listener as () => void);
      return () => listeners.delete(listener as () => void);
    },
    acceptAll: () => decide(true),
    rejectAll: () => decide(false),
  };
  const decide = (accept: boolean): ConsentState => {
    (store as { prompt: boolean }).prompt = false;
    actions.decide(accept);
    for (const listener of [...listeners]) listener();
    return window.MiguConsent.get();
  };
  const remove = showBannerLite(element, {
    store,
    policyUrl: options.policyUrl,
    customize: actions.customize,
    prefetch: actions.prefetch,
    decided: actions.decided,
  });
  const bar = element.shadowRoot?.querySelector('[part=banner]');
  for (const type of ['pointerenter', 'focusin', 'touchstart']) bar?.addEventListener(type, actions.prefetch, { once: true, passive: true });
  return remove;
}

/** Runs `fn` once, when the page has loaded and then is idle (2 s at most), or after 5 s. */
function afterIdle(fn: () => void): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    fn();
  };
  const idle = (): void => {
    // a function: a page's `window.requestIdleCallback = null` (a shim switched off) threw here
    if (typeof requestIdleCallback == 'function') requestIdleCallback(once, { timeout: 2000 });
    else setTimeout(once, 200);
  };
  if (document.readyState === 'complete') return idle();
  addEventListener('load', idle); // fires once
  // a page whose load never ends (a stalled image) is checked all the same
  setTimeout(once, 5000);
}

type ContextRequest = Event & { context?: unknown; callback?: unknown; subscribe?: boolean; contextTarget?: EventTarget };

/**
 * A descendant of a <migu-consent> asking for the consent context (the @lit/context protocol)
 * before the UI is there, even while the element is still being parsed: the runtime and the UI
 * are fetched, and the request made again once the element can answer it, which it says with
 * the protocol's `context-provider` event. Once it can, it answers them itself: none comes here.
 */
function holdContextRequests(): void {
  const held: [EventTarget, ContextRequest][] = [];
  document.addEventListener('context-request', (e: ContextRequest) => {
    if (e.context !== consentContext) return;
    const path = e.composedPath();
    if (!path.some((n) => (n as Element).localName === TAG)) return;
    held.push([e.contextTarget ?? path[0] ?? document, e]);
    stage.wantUi();
  });
  document.addEventListener('context-provider', (e: Event & { context?: unknown }) => {
    // said as the element connects: asked again once it has started, with its runtime's state (one answer, not two)
    if (e.context === consentContext) {
      queueMicrotask(() => {
        for (const [target, { context, callback, subscribe }] of held.splice(0)) {
          target.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), { context, callback, subscribe, contextTarget: target }));
        }
      });
    }
  });
}

/**
 * The options as properties (`el.minor = true` once the user logged in, `el.revision = '2'`) until the UI's
 * element class is there: written to their attributes as it does, which the first stage and the runtime
 * follow (before, they were plain properties until the UI came). One set before this stage found the
 * element is written now. `lang` is the browser's own property, which writes its attribute already.
 */
function optionProperties(element: HTMLElement): void {
  for (const [name, attribute] of Object.entries(OPTION_ATTRIBUTES)) {
    if (attribute === 'lang') continue;
    const flag = name === 'minor';
    const set = (v: unknown): void => {
      if (flag ? v : v != null) element.setAttribute(attribute, flag ? '' : String(v));
      else element.removeAttribute(attribute);
    };
    const early = Object.prototype.hasOwnProperty.call(element, name) ? [(element as unknown as Record<string, unknown>)[name]] : [];
    Object.defineProperty(element, name, {
      configurable: true, get: () => (flag ? element.hasAttribute(attribute) : element.getAttribute(attribute) ?? undefined), set,
    });
    early.forEach(set);
  }
}

/** The chunks a start waits for: the app's bridge when an app defined one, the handoff when the URL carries one. */
function holds(): ChunkName[] {
  const names: ChunkName[] = [];
  try {
    if ('MiguConsentNative' in window) names.push('native');
    if (hasHandoff(location.href)) names.push('siblings');
  } catch { /* an exotic window: start at once */ }
  return names;
}

/**
 * Starts (`parsed`: its config child is in) as soon as the page's <migu-consent> is fully parsed,
 * which for a returning visitor is long before DOMContentLoaded; adds one when the page has none.
 */
function watchForElement(): void {
  let found = false;
  const check = (final: boolean): void => {
    if (found) return;
    let element = document.querySelector<HTMLElement>(TAG);
    if (!element && final) element = document.body.appendChild(document.createElement(TAG));
    if (element && (final || parsed(element))) {
      found = true;
      observer?.disconnect();
      optionProperties(element);
      // inside an app, or arriving from a sibling site with a choice: what they hand over decides
      // whether a banner shows, so only the runtime decides, once their chunk is in (no banner
      // flash, nothing gated before)
      stage.begin(element, holds());
    }
  };
  let observer: MutationObserver | undefined;
  if (document.readyState === 'loading') {
    observer = new MutationObserver(() => { check(false); });
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', () => { check(true); }, { once: true });
    check(false);
  } else {
    check(true);
  }
}
