// The script-tag build (dist/migu-consent.iife.js): a small loader with the core and
// gating, so a returning visitor's trackers start without waiting for the UI. It
// defines `window.MiguConsent`, starts the runtime of the page's <migu-consent> (adding
// one to <body> when there is none by DOMContentLoaded) and fetches the UI
// (dist/migu-consent.ui.js, from its own folder) at once when there is something to
// ask or tell, with the language file the element shows (in parallel, not after the UI: one
// round trip less); on a first visit already while the page is being parsed. A returning
// visitor gets a re-open button without the UI once the page has loaded and is idle
// (elements/reopen-lite.ts); the UI comes when the button is about to be used.
// Receipts and Consent Mode updates come as chunks, only for pages that use them
// (shared/chunks.ts); the host guard is in the loader, so that it is in place at the start.
import type { ConsentApi } from './runtime/api.js';
import { addRuntimeFeature, disposeRuntime, pageApi, runtimeFor } from './runtime/bootstrap.js';
import { SHARED } from './shared/loader-link.js';
import { configOf } from './runtime/config-source.js';
import { parsed } from './gating/index.js';
import { startScriptIntegrations } from './integrations/script-build.js';
import { logError, logWarn } from './shared/log.js';
import { langOf, resolveLang } from './i18n/lang.js';
import { requestPack } from './i18n/register.js';
import { loadChunk, loadScript } from './shared/chunks.js';
import { decodeRecord } from './core/record.js';
import { browserSignals } from './core/signals.js';
import type { Lang } from './core/types.js';
import type { ConsentRuntime } from './runtime/consent-runtime.js';
import type { renderReopen } from './elements/reopen-lite.js';
import { noticeDismissed } from './storage/signal-notice.js';
import { lazyGuardedGating, lazyReceipts } from './runtime/lazy-features.js';
import { nativeBridge } from './runtime/native-bridge.js';

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

// A second copy is told by the loader's own symbol, not by `window.MiguConsent`: an element with
// that id (named access) would make it look present. Assigning it works over named access.
if ((globalThis as Record<symbol, unknown>)[SHARED]) {
  logWarn('api', 'migu-consent.iife.js is on the page twice: this copy does nothing');
} else {
  loadEarlyForFirstVisit();
  // as src/features.ts, with receipts and the host guard fetched by the pages that use them
  // (receipts first, so the app's choice taken before gating starts gets one)
  [lazyReceipts, nativeBridge, lazyGuardedGating].forEach(addRuntimeFeature);
  window.MiguConsent = pageApi();
  startScriptIntegrations(self, window.MiguConsent);
  // loadScript: the UI's language files come through the loader's private Trusted Types policy
  (globalThis as Record<symbol, unknown>)[SHARED] = { runtimeFor, pageApi, disposeRuntime, whenStarted, loadScript };
  holdContextRequests();
  watchForElement();
}

/**
 * A first visit (no cookie of the page holds a consent record, whatever its name) will show
 * the banner: the UI and the language of `<html lang>` are fetched while the page is still
 * being parsed, so they run as soon as they arrive. The UI defines its elements only once
 * {@link start} has the element and its config ({@link whenStarted}). A wrong guess costs
 * bytes, never behaviour.
 */
function loadEarlyForFirstVisit(): void {
  try {
    if (document.readyState !== 'loading' || document.cookie.split('; ').some((c) => decodeRecord(c.slice(c.indexOf('=') + 1)))) return;
    const { dnt, gpc } = browserSignals();
    if ((dnt || gpc) && noticeDismissed()) return;
  } catch {
    return; // cookies blocked: the runtime finds out what to show
  }
  loadUi(resolveLang(document.documentElement.lang));
}

/** Fetches the UI (once) and, in parallel, the file of `lang`. */
function loadUi(lang: Lang): void {
  if (customElements.get(TAG)) return;
  if (!uiRequested) loadScript('ui', (src) => { logError('api', `could not load ${src}: the banner cannot show`); });
  uiRequested = true;
  if (lang !== 'zh-CN') requestPack(lang, loadScript);
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
  // reset(), or a new choice asked for in another tab, before the UI is there
  store.subscribe(() => { if (store.prompt) load(); });
  const notice = store.get().source === 'signal' && !noticeDismissed();
  if (store.prompt || notice) load();
  else afterLoad(() => { idle(() => { showReopen(element as HTMLElement, runtime, load); }); });
  loadUiForElement = load;
  if (heldRequests.length) load();
  // <migu-consent-gate> is part of the UI: a gated embed anywhere in the page needs it once parsed
  const gates = (): void => { if (document.querySelector('migu-consent-gate')) load(); };
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

/** A returning visitor's re-open button without the UI, which comes when the button is about to be used. */
function showReopen(element: HTMLElement, runtime: ConsentRuntime, load: () => void): void {
  loadChunk<{ renderReopen: typeof renderReopen }>('reopen', 'the re-open button comes with the UI', (chunk) => {
    if (!uiRequested && !chunk.renderReopen(element, runtime.store.config.texts, () => { runtime.showPreferences(); }, load)) load();
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
      start(element);
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
