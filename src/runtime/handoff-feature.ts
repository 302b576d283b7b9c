// Sibling sites (docs/sibling-domains.md): the incoming handoff, taken or dropped at once when the
// runtime starts (before gating and before a banner could show), and the frame of the feature
// whose other half, the links, is runtime/handoff-links.ts (a chunk in the script build).
import { decodeHandoff, fromSibling, handoffIn, refuseHandoff, usedHandoffs, withoutHandoff } from '../core/handoff.js';
import { revisionTag } from '../core/record.js';
import type { ConsentStore } from '../core/store.js';
import type { FeatureRuntime, RuntimeFeature } from '../core/runtime-types.js';
import { logWarn } from '../shared/log.js';

/**
 * Takes the choice a sibling's link handed over in this page's URL, when there is one and the
 * config lists siblings: removed from the URL (`history.replaceState`) whatever becomes of it,
 * remembered as used, then taken when {@link refuseHandoff} finds nothing against it and the
 * store finds it newer than its own choice.
 */
export function takeHandoff({ store, options }: FeatureRuntime): void {
  const siblings = store.config.siblings ?? [];
  const href = location.href;
  const value = siblings.length ? handoffIn(href) : undefined;
  if (value === undefined) return;
  try {
    history.replaceState(history.state, '', withoutHandoff(href));
  } catch {
    /* an opaque-origin document: the URL keeps it, and the handoff is used up below */
  }
  const handoff = decodeHandoff(value);
  if (!handoff) return logWarn('handoff', 'the URL\'s handoff is malformed: ignored');
  const key = `${options.cookieName}.handoffs`;
  let used: string[] = [];
  try {
    used = usedHandoffs(localStorage.getItem(key));
    localStorage.setItem(key, usedHandoffs(used.join(' '), handoff.id).join(' '));
  } catch {
    /* storage blocked: one-time use is not enforced; the handoff still has to be fresh and newer */
  }
  const why = refuseHandoff(handoff, {
    now: Date.now(), revision: revisionTag(options.revision), used, fromSibling: fromSibling(document.referrer, siblings, location.hostname),
  });
  if (why) logWarn('handoff', `the URL's handoff is not taken: ${why}`);
  else store.adoptSibling(handoff.record);
}

/**
 * The sibling-sites feature, once the config lists siblings (also a config given late): the
 * incoming handoff at once (`take`), then `links`, which calls `started` with its teardown (at once, or
 * when its chunk has arrived).
 */
export function siblingsFeatureWith(
  links: (store: ConsentStore, started: (stop: () => void) => void) => void, take: (runtime: FeatureRuntime) => void,
): RuntimeFeature {
  return (runtime) => {
    const { store } = runtime;
    let stop: (() => void) | undefined;
    let on = false;
    let ended = false;
    const start = (): void => {
      if (on || !store.config.siblings?.length) return;
      on = true;
      take(runtime);
      links(store, (s) => { if (ended) s(); else stop = s; });
    };
    start();
    const unbind = store.subscribe(start);
    return () => {
      ended = true;
      unbind();
      stop?.();
    };
  };
}
