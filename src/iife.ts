// The script-tag build (dist/migu-consent.iife.js): a small loader with the core, gating and
// the first-layer banner without Lit, so that a returning visitor's trackers start and a first
// visitor's banner shows with this one file, and no second round trip. It defines
// `window.MiguConsent`, starts the runtime of the page's <migu-consent> (adding one to <body>
// when there is none by DOMContentLoaded) and shows the banner without Lit
// (elements/banner-lite.ts) when there is something to ask. The UI (dist/migu-consent.ui.js,
// Lit: preferences, signal notice, gate) is fetched from its own folder only when it is
// needed, with the language file the element shows (in parallel: one round trip less): on the
// first sign that the preferences are wanted, for a signal notice, a gate or a context request.
// After a choice, and for a returning visitor once the page has loaded and is idle, a re-open
// button without the UI (elements/reopen-lite.ts); the UI comes when it is about to be used.
// Receipts, Consent Mode updates, the app's bridge, sibling sites' links and the languages other
// than zh-CN are lazily loaded files too, only for pages that use them (shared/lazy-files.ts,
// src/lazy/); the host guard is in the loader, so that it is in place at the start. They all meet
// the loader in its registry (shared/chunks.ts), where it registers its own functions for the UI.
import type { ConsentApi } from './runtime/api.js';
import { addRuntimeFeature, disposeRuntime, pageApi, runtimeFor } from './runtime/bootstrap.js';
import { configOf } from './runtime/config-source.js';
import { parsed } from './gating/index.js';
import { startScriptIntegrations } from './integrations/script-build.js';
import { logError, logWarn, logWarnOnce } from './shared/log.js';
import { langOf } from './i18n/lang.js';
import type { ChunkName } from './shared/chunks.js';
import { holdFor, loadChunk, loadScript, openRegistry } from './shared/chunks.js';
import type { Lang } from './core/types.js';
import type { ConsentRuntime } from './runtime/consent-runtime.js';
import type { Loader } from './runtime/bootstrap-shared.js';
import type { renderReopen } from './elements/reopen-lite.js';
import { noticeDismissed } from './storage/signal-notice.js';
import { POLICY_URL_MISSING, showBannerLite } from './elements/banner-lite.js';
import { GATE_TAG } from './elements/gate-tag.js';
import { lazyGuardedGating, lazyNativeBridge, lazyReceipts, lazySiblings } from './runtime/lazy-features.js';
import { hasHandoff } from './core/handoff.js';

declare global {
  interface Window {
    MiguConsent: ConsentApi;
  }
}

const TAG = 'migu-consent';
/** The longest a returning visitor's re-open button waits for the page's load event. */
const LOAD_WAIT_MS = 5000;
const self = document.currentScript as HTMLScriptElement | null;
let uiRequested = false;
/** The UI's element definitions, waiting for {@link start}; none once it ran. */
let onStart: (() => void)[] | undefined = [];
/** Fetches the UI with the started element's language; set by {@link start}. */
let loadUiForElement: (() => void) | undefined;
/** Context requests waiting for the UI (see {@link holdContextRequests}). */
const heldRequests: [EventTarget, ContextRequest][] = [];

// A second copy is told by the loader's registration in the registry, a global symbol, not by
// `window.MiguConsent`: an element with that id (named access) would make it look present.
// Assigning it works over named access.
const registry = openRegistry();
if (registry.loaded?.('loader')) {
  logWarn('api', 'migu-consent.iife.js is on the page twice: this copy does nothing');
} else {
  // as src/features.ts, with receipts and the host guard fetched by the pages that use them
  // (receipts first, so the app's choice taken before gating starts gets one)
  [lazyReceipts, lazyNativeBridge, lazySiblings, lazyGuardedGating].forEach(addRuntimeFeature);
  window.MiguConsent = pageApi();
  startScriptIntegrations(self, window.MiguConsent);
  // what the UI takes of the loader (runtime/bootstrap-shared.ts, shared/loader-link.ts)
  registry('loader', { runtimeFor, pageApi, disposeRuntime, whenStarted } satisfies Loader);
  holdContextRequests();
  watchForElement();
}

/** Fetches the UI (once) and, in parallel, the file of `lang`. */
function loadUi(lang: Lang): void {
  if (customElements.get(TAG)) return;
  if (!uiRequested) loadScript('ui', (src) => { logError('api', `could not load ${src}: the preferences, the signal notice and gates cannot show`); });
  uiRequested = true;
  // fetched once, whoever asks first: the UI finds it in the registry (i18n/packs-lazy.ts)
  if (lang !== 'zh-CN') loadChunk(`lang.${lang}`, 'the UI stays in zh-CN', () => undefined);
}

/** Runs `fn` (the UI's element definitions) once the page's element is started. */
function whenStarted(fn: () => void): void {
  if (onStart) onStart.push(fn);
  else fn();
}

function start(element: Element): void {
  const runtime = runtimeFor(element);
  const load = (): void => { loadUi(langOf(element)); };
  runtime.loadUi = load;
  const { store } = runtime;
  // a config the page sets later (one it fetched) applies before the UI is there too; the UI's
  // element takes this own property over when it is defined
  let config = (element as { config?: unknown }).config;
  if (!customElements.get(TAG)) {
    Object.defineProperty(element, 'config', {
      configurable: true, get: () => config, set: (value) => { config = value; runtime.reconfigure(configOf(element)); },
    });
  }
  let removeBanner: (() => void) | undefined;
  const showBanner = (): void => {
    if (customElements.get(TAG)) return; // the UI's element shows its own
    if (!runtime.options.policyUrl) logWarnOnce(runtime, 'option', POLICY_URL_MISSING);
    removeBanner?.();
    removeBanner = showBannerLite(element as HTMLElement, {
      store,
      policyUrl: runtime.options.policyUrl,
      customize: () => { runtime.showPreferences(); },
      prefetch: load,
      decided: (hadFocus) => { showReopen(element as HTMLElement, runtime, load, hadFocus); },
    });
    if (!removeBanner) load();
  };
  // reset(), or a new choice asked for in another tab, before the UI is there
  store.subscribe(() => { if (store.prompt) showBanner(); });
  const notice = store.get().source === 'signal' && !noticeDismissed();
  if (store.prompt) showBanner();
  else if (notice) load();
  else afterLoad(() => { idle(() => { showReopen(element as HTMLElement, runtime, load); }); });
  loadUiForElement = load;
  if (heldRequests.length) load();
  // <migu-consent-gate> is part of the UI: a gated embed anywhere in the page needs it once parsed
  const gates = (): void => { if (document.querySelector(GATE_TAG)) load(); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', gates, { once: true });
  else gates();
  const waiting = onStart ?? [];
  onStart = undefined;
  for (const fn of waiting) {
    try {
      fn();
    } catch (e) {
      logError('api', String(e));
    }
  }
}

/**
 * The re-open button without the UI, which comes when the button is about to be used: for a
 * returning visitor, and after a choice made in the banner without Lit (`focus`: it had focus,
 * which moves to the button).
 */
function showReopen(element: HTMLElement, runtime: ConsentRuntime, load: () => void, focus = false): void {
  loadChunk<{ renderReopen: typeof renderReopen }>('reopen', 'the re-open button comes with the UI', (chunk) => {
    if (uiRequested || customElements.get(TAG) || runtime.store.prompt) return; // the banner shows instead
    if (!chunk.renderReopen(element, runtime.store.config.texts, () => { runtime.showPreferences(); }, load)) load();
    else if (focus) element.shadowRoot?.querySelector<HTMLElement>('[part=reopen]')?.focus();
  }, load);
}

type ContextRequest = Event & { context?: unknown; callback?: unknown; subscribe?: boolean; contextTarget?: EventTarget };

/**
 * A descendant of a <migu-consent> asking for the consent context (the @lit/context protocol)
 * before the UI is there, even while the element is still being parsed: the UI is fetched,
 * and the request made again once the element can answer it.
 */
function holdContextRequests(): void {
  document.addEventListener('context-request', (e: ContextRequest) => {
    if (e.context !== Symbol.for('migu-consent.context') || customElements.get(TAG)) return;
    const path = e.composedPath();
    if (!path.some((n) => (n as Element).localName === TAG)) return;
    heldRequests.push([e.contextTarget ?? path[0] ?? document, e]);
    loadUiForElement?.();
  });
  void customElements.whenDefined(TAG).then(() => {
    for (const [target, { context, callback, subscribe }] of heldRequests.splice(0)) {
      target.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), { context, callback, subscribe, contextTarget: target }));
    }
  });
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

const idle = (fn: () => void): unknown => ('requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));

/**
 * Runs `fn` once the page has loaded (or after {@link LOAD_WAIT_MS} at most, for a page whose
 * load never ends): the re-open button does not compete with the page's own loading.
 */
function afterLoad(fn: () => void): void {
  if (document.readyState === 'complete') return fn();
  let done = false;
  const once = (): void => { if (!done) { done = true; fn(); } };
  addEventListener('load', once, { once: true });
  setTimeout(once, LOAD_WAIT_MS);
}

/**
 * Starts (`parsed`: its config child is in) as soon as the page's <migu-consent> is fully parsed, which for a returning
 * visitor is long before DOMContentLoaded; adds one when the page has none.
 */
function watchForElement(): void {
  let started = false;
  const check = (final: boolean): void => {
    if (started) return;
    let element = document.querySelector(TAG);
    if (!element && final) element = document.body.appendChild(document.createElement(TAG));
    if (element && (final || parsed(element))) {
      started = true;
      observer?.disconnect();
      const found = element;
      // inside an app, or arriving from a sibling site with a choice: what they hand over decides
      // whether a banner shows, so the start waits for their chunk (no banner flash, nothing gated before)
      holdFor(holds(), () => { start(found); });
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
