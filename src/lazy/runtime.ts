// dist/migu-consent.runtime.js: the script build's second stage, fetched by the first
// (src/iife.ts) when it is needed. It starts the runtime of the page's
// <migu-consent> (config, store, events, tab sync, the features below) and takes over what the
// first stage began: its API calls, its guard and script queue (which ask this store from now
// on), its banner. It saves the early config the next page's first stage decides with
// (core/early.ts). The modules listed in shared/first-stage-modules.ts are the first stage's
// own, not second copies (rollup.config.js). The UI (dist/migu-consent.ui.js, Lit: preferences,
// signal notice, gate) is fetched from here only when it is needed, with the language file the
// element shows: on the first sign that the preferences are wanted, for a signal notice, a gate
// or a context request. After a choice, and for a returning visitor once the page has loaded
// and is idle (unless the first stage's shows already), a re-open button without the UI
// (elements/reopen-lite.ts); the UI comes when it is about to be used. Receipts, Consent Mode updates, the app's bridge, sibling sites' links and
// the languages other than zh-CN are lazily loaded files too (shared/lazy-files.ts).
import { addRuntimeFeature, disposeRuntime, holdScriptText, pageApi, runtimeFor } from '../runtime/bootstrap.js';
import { configOf } from '../runtime/config-source.js';
import type { FirstStageHandover, RuntimeExports } from '../runtime/first-stage.js';
import { logError, logWarnOnce } from '../shared/log.js';
import { langOf } from '../i18n/lang.js';
import { loadChunk, loadScript } from '../shared/chunks.js';
import { BUILD } from '../shared/build.js';
import { registerChunk } from '../shared/loader-link.js';
import type { Lang } from '../core/types.js';
import { earlyKey, toEarly } from '../core/early.js';
import type { ConsentRuntime } from '../runtime/consent-runtime.js';
import type { Loader } from '../runtime/bootstrap-shared.js';
import type { renderReopen } from '../elements/reopen-lite.js';
import { noticeDismissed } from '../storage/signal-notice.js';
import { saveEarly } from '../storage/early-cache.js';
import { showBannerLite } from '../elements/banner-lite.js';
import { carryOver } from '../elements/click-on-release.js';
import { REFOCUS } from '../elements/lite-takeover-controller.js';
import { POLICY_URL_MISSING } from '../runtime/options.js';
import { GATE_TAG, onGateAdded } from '../elements/gate-tag.js';
import type { StubClass } from '../elements/stub.js';
import { STUB, uiDefined } from '../elements/stub.js';
import { guardedGating, lazyNativeBridge, lazyReceipts, lazySiblings } from '../runtime/lazy-features.js';
import { themeSet } from '../elements/theme-contrast.js';
import type { ThemeExports } from './theme.js';

const TAG = 'migu-consent';
/** The longest a returning visitor's re-open button waits for the page's load event. */
const LOAD_WAIT_MS = 5000;
let uiRequested = false;
/** Whether the UI file ran (it hands its definitions to {@link whenStarted}): one that loads without that is broken. */
let uiArrived = false;
/** The UI's element definitions, waiting for {@link start}; none once it ran. */
let onStart: (() => void)[] | undefined = [];

/** Fetches the UI (once) and, in parallel, the file of `lang`. */
function loadUi(lang: Lang): void {
  if (uiDefined(TAG)) return;
  const lost = 'the preferences, the signal notice and gates cannot show';
  // one that could not load (a network blip) is fetched again at the next use, as the runtime is: the
  // re-open button, Customize and [data-consent-open] links keep working for the rest of the page
  if (!uiRequested) {
    uiRequested = true;
    loadScript('ui', (src) => {
      uiRequested = false;
      logError('api', `could not load ${src}: ${lost} until it loads`);
    }, (src) => { if (!uiArrived) logError('api', `${src} did not register (a file of another version?): ${lost}`); });
  }
  // fetched once, whoever asks first: the UI finds it in the registry (i18n/packs-lazy.ts)
  if (lang !== 'zh-CN') loadChunk(`lang.${lang}`, 'the UI stays in zh-CN', () => undefined);
}

/**
 * Runs `fn` (the UI's element definitions) once the page's element is started. A UI of another build (`build`,
 * absent before stamps: a folder that mixes builds) is taken as it is, as the loader takes the other files
 * (shared/chunks.ts), and said.
 */
function whenStarted(fn: () => void, build?: string): void {
  if (build != BUILD) logError('api', 'migu-consent.ui.js is of another build: serve one build\'s files together');
  uiArrived = true;
  if (onStart) onStart.push(fn);
  else fn();
}

function start(element: HTMLElement, handover: FirstStageHandover): () => void {
  // as src/features.ts, with receipts fetched by the pages that use them (receipts first, so the
  // app's choice taken before gating starts gets one), gating carrying on the first stage's
  // the page's element replaced before the UI came (a body swap, document.open(), an app's remount, the
  // element added at DOMContentLoaded removed once the app mounted its own): this runtime ends, as a removed
  // element's does, and the UI's element class starts the new one. Removed with none in its place, it goes on
  const replaced = (): void => {
    if (element.isConnected || uiDefined(TAG) || !document.querySelector(TAG)) return;
    disposeRuntime(element);
    load();
  };
  [lazyReceipts, lazyNativeBridge, lazySiblings, guardedGating(handover, replaced)].forEach(addRuntimeFeature);
  const input = configOf(element);
  // the page API's calls made before (a decision in the first stage's banner among them) are
  // applied before `migu-consent-ready` (unless the first stage fired it: a first visit's runtime
  // comes when it is used), and the API answers from the runtime from then on
  const load = (): void => { loadUi(langOf(element)); };
  let ours = false;
  const runtime = runtimeFor(element, {}, {
    beforeReady: (started) => {
      ours = true;
      // before the calls: showPreferences() made early fetches the UI
      started.loadUi = load;
      // a config the page sets from now on (one it fetched; one set in a ready listener) applies
      // before the UI is there too; the UI's element takes this own property over when it is defined
      if (!uiDefined(TAG)) {
        let config = (element as { config?: unknown }).config;
        Object.defineProperty(element, 'config', {
          configurable: true, get: () => config, set: (value) => { config = value; started.reconfigure(configOf(element)); },
        });
      }
      // a choice made in another tab while only the first stage ran (what brought the runtime,
      // maybe): the page hears of it as a change (a withdrawal reloads, sweeps), before the calls;
      // so it does of a config it set after it heard the first stage's state
      const earlier = handover.earlier();
      if (earlier) started.store.catchUp(earlier, handover.announced);
      // as one decision: a grant the next call undoes (the page's acceptAll(), then Reject all in the
      // banner) must not reach gating on the way
      started.store.batch(() => { handover.attach(pageApi()); });
    },
    announced: handover.announced,
  });
  const { store } = runtime;
  if (!ours) {
    // the element had a runtime already: the npm build's, imported on this page too, whose element class took the
    // first stage's over. The page API's calls made here waited for ever (upgrade probe F2): they go to it, and so
    // does this stage's gating; that build shows its own banner and preferences
    handover.takeOver(store);
    store.batch(() => { handover.attach(pageApi()); });
    handover.releaseBanner();
    return load;
  }
  // the next page's first stage decides with this (a config set as an object has no text to key it by)
  if (input === undefined || typeof input === 'string') saveEarly(runtime.options.cookieName, toEarly(store.config, earlyKey(input ?? ''), runtime.configClean));
  let removeBanner: (() => void) | undefined;
  const showBanner = (): void => {
    if (uiDefined(TAG)) return; // the UI's element shows its own
    // one set and refused (a javascript: link) was said as such
    if (!element.getAttribute('policy-url')?.trim()) logWarnOnce(globalThis, 'option', POLICY_URL_MISSING);
    // the one shown is taken over, then let go (banner-lite.ts): a swipe on it goes on
    const earlier = removeBanner;
    removeBanner = showBannerLite(element, {
      store,
      policyUrl: runtime.options.policyUrl,
      customize: () => { runtime.showPreferences(); },
      prefetch: load,
      decided: (hadFocus) => { showReopen(element, runtime, load, hadFocus); },
      carry: carryOver,
    });
    earlier?.();
    if (!removeBanner) load();
  };
  // reset(), or a new choice asked for in another tab, before the UI is there; and the other way:
  // a choice made elsewhere than in the banner (the API, another tab) leaves the re-open button
  // a signal that comes later (server-signals set, dnt switched to respect) takes the banner's place
  // with the signal notice, which the UI shows
  const noticeDue = (): boolean => store.get().source === 'signal' && !noticeDismissed();
  store.subscribe(() => {
    if (store.prompt) showBanner();
    else if (noticeDue()) {
      removeBanner = undefined;
      load();
    } else if (removeBanner) {
      removeBanner = undefined;
      showReopen(element, runtime, load);
    }
  });
  if (store.prompt) showBanner();
  else if (noticeDue()) load();
  else if (handover.decided) showReopen(element, runtime, load, handover.decided.hadFocus);
  // a returning visitor's, unless the first stage's shows already (its clicks reach this runtime)
  else if (!element.shadowRoot?.querySelector('[part=reopen]')) afterLoad(() => { idle(() => { showReopen(element, runtime, load); }); });
  // the first stage's banner: replaced by the one above (focus kept), or gone with no choice to ask for
  handover.releaseBanner();
  // a first visit's theme is reported by the first stage's page check (lazy/check.ts), which it skips when
  // this runtime comes before the page is idle (a gate in the page, the banner used at once): reported here then
  // (once per element: the check's warnings, if it ran, are not repeated)
  if (!handover.earlier()?.decided) afterLoad(() => { idle(() => { checkTheme(element); }); });
  if (handover.uiWanted) load();
  // <migu-consent-gate> is part of the UI: a gated embed anywhere in the page needs it, parsed or added
  // by a script later (a single-page app's view): one added after the start stayed empty, 0 px high
  if (gateInPage()) load();
  else onGateAdded(load, () => uiDefined(GATE_TAG)); // the UI renders those added after
  const waiting = onStart ?? [];
  onStart = undefined;
  for (const fn of waiting) {
    try {
      fn();
    } catch (e) {
      logError('api', String(e));
    }
  }
  return load;
}

/** A gate in the page: in the document, or connected in a shadow root (the first stage's stub has made it). */
function gateInPage(): boolean {
  return !!document.querySelector(GATE_TAG) || !!(customElements.get(GATE_TAG) as StubClass | undefined)?.[STUB]?.some((gate) => gate.deref()?.isConnected);
}

/**
 * The re-open button without the UI, which comes when the button is about to be used: for a
 * returning visitor, and after a choice made in the banner without Lit (`focus`: it had focus,
 * which moves to the button).
 */
function showReopen(element: HTMLElement, runtime: ConsentRuntime, load: () => void, focus = false): void {
  // the UI's button takes focus if no button of ours does (lite-takeover-controller.ts)
  if (focus) (element as { [REFOCUS]?: true })[REFOCUS] = true;
  loadChunk<{ renderReopen: typeof renderReopen }>('reopen', 'the re-open button comes with the UI', (chunk) => {
    if (uiRequested || uiDefined(TAG) || runtime.store.prompt) return; // the banner shows instead
    // a gate is part of the UI, which brings its own button
    if (document.querySelector(GATE_TAG) || !chunk.renderReopen(element, runtime.store.config.texts, () => { runtime.showPreferences(); }, load, focus)) load();
  }, load);
}

/** Warns about the contrast of the page's own theme colours (lazy/theme.ts), when it sets any. */
function checkTheme(element: HTMLElement): void {
  try {
    if (themeSet(element)) loadChunk<ThemeExports>('theme', 'the theme\'s contrast is not checked', (chunk) => { chunk.warnThemeProblems(element, element); });
  } catch {
    // a diagnostic: nothing to break
  }
}

// a function, not just there: a page's `window.requestIdleCallback = null` threw (messy-pages probe F8)
const idle = (fn: () => void): unknown => (typeof requestIdleCallback == 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));

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

// what the UI takes of the runtime (runtime/bootstrap-shared.ts, shared/loader-link.ts)
registerChunk('loader', { runtimeFor, pageApi, disposeRuntime, holdScriptText, whenStarted } satisfies Loader);
registerChunk('runtime', { start } satisfies RuntimeExports);
