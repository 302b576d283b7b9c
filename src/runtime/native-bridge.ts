import type { NativeChoice } from '../core/native.js';
import { nativeConsentOf, parseNativeConsent } from '../core/native.js';
import { isDecision } from '../core/store.js';
import type { RuntimeFeature } from '../core/runtime-types.js';
import { logWarn } from '../shared/log.js';

/** What a native app defines before the page's scripts run (CONTRACT.md, "Native app bridge"). */
export interface MiguConsentNative {
  /** The app's choice as JSON, or `""` when it has none. */
  getConsent(): string;
  /** Takes each decision made in the page, as JSON of the same shape. */
  postConsent(json: string): void;
}

declare global {
  interface Window {
    MiguConsentNative?: Partial<MiguConsentNative>;
  }
}

/**
 * The page inside a native app: the app's choice is taken before gating starts, when it is
 * newer than the stored one or authoritative (no banner, gating as for a stored choice, state
 * source `app`, a receipt), and every decision made in the page is reported back. A bridge that
 * is missing is no bridge; one that throws or returns anything malformed is warned about and the
 * page behaves as without an app. Runs before the gating feature so the first activation
 * already follows the app.
 */
export const nativeBridge: RuntimeFeature = ({ store, options }) => {
  let bridge: Partial<MiguConsentNative> | undefined;
  try {
    bridge = window.MiguConsentNative;
  } catch {
    return undefined;
  }
  if (!bridge) return undefined;
  // CONTRACT: a malformed bridge is ignored with a warning (a number, or no getConsent, was ignored silently)
  if (typeof bridge !== 'object' && typeof bridge !== 'function') {
    logWarn('native', `MiguConsentNative is a ${typeof bridge}, not the app's bridge: ignored`);
    return undefined;
  }
  let parsed;
  let post;
  try {
    // inside the try: a getter or a Proxy may throw as the member is read, not only as it is called;
    // Android's addJavascriptInterface methods must be called on their object
    post = bridge.postConsent;
    parsed = typeof bridge.getConsent === 'function' ? parseNativeConsent(bridge.getConsent()) : 'it has no getConsent()';
  } catch (e) {
    parsed = `getConsent() threw ${e instanceof Error ? e.message : String(e)}`;
  }
  if (typeof parsed === 'string') logWarn('native', `the app's choice is ignored: ${parsed}`);
  else if (parsed) adoptOnce(parsed);
  /**
   * An app clock ahead of the page's makes the app's choice count as made now (core/store.ts), so on each
   * load it would look newer than what the user chose in the page since: a refusal the app has not
   * stored, or one it dropped as older by its own clock. Such a choice is taken once: the same one
   * handed over again (remembered in localStorage) is left alone while the page has a choice of its own.
   * Storage blocked: the store's own check.
   */
  function adoptOnce(choice: NativeChoice): void {
    const key = `${options.cookieName}.app`;
    const ahead = choice.updatedAt > Date.now() ? JSON.stringify(choice) : undefined;
    let seen = false;
    try {
      seen = ahead !== undefined && localStorage.getItem(key) === ahead;
      if (ahead) localStorage.setItem(key, ahead);
      else localStorage.removeItem(key);
    } catch {
      /* storage blocked */
    }
    // with no choice stored (cookies cleared, localStorage kept) it is the choice there is
    if (!seen || !store.get().decided) store.adoptNative(choice);
  }
  if (typeof post !== 'function') return undefined;
  let warned = false;
  return store.subscribe(({ cause, state }) => {
    if (!isDecision(cause) || cause === 'app') return;
    try {
      bridge.postConsent?.(JSON.stringify(nativeConsentOf(state, Date.now(), cause === 'reset')));
    } catch (e) {
      if (!warned) logWarn('native', `postConsent() threw ${e instanceof Error ? e.message : String(e)}; the app does not hear of this choice`);
      warned = true;
    }
  });
};
