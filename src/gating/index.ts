import type { FeatureRuntime, RuntimeFeature } from '../core/runtime-types.js';
import { applyBatch } from './apply.js';
import type { ScriptQueue } from './activate-script.js';
import { scriptQueue } from './activate-script.js';
import { checkMarkup, checkService, unknownIdsChecker } from './check-markup.js';
import { observeGated } from './observer.js';
import { isAllowed, opensPreferences, scan } from './scan.js';
import { startSweeping } from './sweep.js';
import { declaredHosts } from './declared-hosts.js';
import { everyGranted, gatePings } from './ping.js';

export interface GatingOptions {
  /** Reloads the page after a withdrawal; tests pass a spy. */
  reload?: () => void;
  /**
   * Called with each batch of the page's changes, before it is applied: the script build's runtime watches its
   * element there, and ends when another replaced it (this gating with it: the batch is then not applied).
   */
  onBatch?: (() => void) | undefined;
}

/**
 * Gating of the page's marked-up trackers for one runtime: activates what is granted
 * now, what becomes granted, and what is inserted later (reporting markup it cannot
 * keep inert); on withdrawal restores clean links, blanks frames, stops players and
 * reloads when a withdrawn script already ran (`revoke="reload"`). First of all it
 * starts the sweep (sweep.ts): what services that are not granted declare is deleted
 * before anything gated runs, and again on withdrawal. Also opens the preferences from
 * any `[data-consent-open]`. Returns the teardown.
 */
export function startGating(
  runtime: FeatureRuntime,
  options: GatingOptions = {},
): () => void {
  return startGatingWith(runtime, options);
}

/**
 * {@link startGating}, carrying on with the script queue `early` when given: the script build's
 * first stage hands over its own (early.ts), with what it ran and what waits, asking the same store
 * once the runtime is in.
 */
export function startGatingWith(
  runtime: FeatureRuntime,
  { reload = () => { location.reload(); }, onBatch }: GatingOptions = {},
  early?: ScriptQueue,
): () => void {
  const { store, options } = runtime;
  const stopSweeping = startSweeping(runtime);
  const allowed = (el: Element): boolean => isAllowed(el, (c, s) => store.isGranted(c, s));
  const scripts = early ?? scriptQueue(allowed);
  let reloading = false;
  /** Whether code gating ran needs what is no longer granted (it cannot be stopped: `revoke="reload"`). */
  const ranWithdrawn = (): boolean => [...scripts.ran].some((needs) => {
    const [categories = '', service] = needs.split(',');
    // as isAllowed reads the attributes they came from
    return categories.split(/\s+/).some((c) => c && !store.isGranted(c, service || undefined));
  });

  /** Allowed scripts the parser is still in: looked at again with the next batch, not only at DOMContentLoaded. */
  const unparsed = new Set<HTMLScriptElement>();
  /** Categories already warned about for markup that names no service (check-markup.ts). */
  const warned = new Set<string>();
  const checkIds = unknownIdsChecker(() => store.config);

  const batch = {
    unparsed, scripts, allowed, revert: true,
    handled: (el: Element): boolean => {
      if (!checkMarkup(el)) return false;
      checkService(el, store.config, warned);
      checkIds(el);
      return true;
    },
  };
  const apply = (elements: Element[]): void => { applyBatch(elements, batch); };
  const applyAll = (): void => { apply(scan(document)); };

  const unbind = store.subscribe(({ revoked }) => {
    // optional: an earlier version's first stage (a cached iife.js beside today's runtime) has no stop(), and
    // calling it threw: gating died, and a withdrawal no longer reloaded (upgrade probe F1)
    scripts.stop?.();
    applyAll();
    if (!revoked.length) return;
    if (options.revoke === 'reload' && !reloading && ranWithdrawn()) {
      reloading = true;
      // a withdrawn frame goes as a fresh copy: Firefox's reload puts a frame back to the last page it
      // showed (its session history), and the blank one it was just sent to is not in it yet
      for (const frame of document.querySelectorAll('iframe[data-consent]')) if (!allowed(frame)) frame.replaceWith(frame.cloneNode());
      // once every listener, the page's own included, has seen the change
      setTimeout(reload);
    }
  });
  const onClick = (e: Event): void => {
    if (opensPreferences(e)) {
      e.preventDefault();
      runtime.showPreferences();
    }
  };
  document.addEventListener('click', onClick);
  document.addEventListener('DOMContentLoaded', applyAll);
  let ended = false;
  const stopObserving = observeGated((elements) => {
    onBatch?.();
    if (!ended) apply(elements);
  });
  // the first stage's copies still downloading that a choice made before this runtime came (in another tab,
  // which loads it) no longer allows
  scripts.stop?.();
  applyAll();
  // a runtime started where scripts of a category it does not grant ran already (a remounted element under a
  // new revision or cookie name): as a withdrawal, since that code cannot be stopped
  if (options.revoke === 'reload' && ranWithdrawn()) {
    reloading = true;
    setTimeout(reload);
  }
  return () => {
    ended = true;
    stopSweeping();
    stopObserving();
    unbind();
    // the first stage's queue is the page's: a runtime that replaces this one (a new element, Turbo's body
    // swap) has queued into it already, and clearing it here dropped those scripts for good
    if (!early) scripts.clear();
    document.removeEventListener('click', onClick);
    document.removeEventListener('DOMContentLoaded', applyAll);
  };
}

/** The runtime feature every entry starts (see `src/features.ts`). */
export const gatingFeature: RuntimeFeature = (runtime) => startGating(runtime);

/**
 * The gate of links' `ping` (ping.ts), asking the runtime's store: started with the host guard, before
 * gating (src/features.ts), and in the script build as the first stage's stops (runtime/lazy-features.ts).
 */
export const pingGateFeature: RuntimeFeature = ({ store }) => gatePings({
  isGranted: (category, service) => store.isGranted(category, service),
  hosts: () => declaredHosts(store.config),
  allGranted: () => everyGranted(store.get()),
});
