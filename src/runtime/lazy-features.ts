// The script build's runtime features (src/lazy/runtime.ts): gating and the host guard carrying
// on the first stage's; receipts fetched as a chunk (shared/chunks.ts) by the pages that use them.
import type { Receipt } from '../core/receipts.js';
import { enqueue, receiptMaker } from '../core/receipts.js';
import { hostGuardFeature } from '../gating/host-guard-feature.js';
import { pingGateFeature, startGatingWith } from '../gating/index.js';
import type { RuntimeFeature } from '../core/runtime-types.js';
import { gatingWaitsFor, loadChunk, loadedChunk } from '../shared/chunks.js';
import type { startReceipts } from './receipts-feature.js';
import { endpointOf } from './receipt-endpoint.js';
import type { takeHandoff } from './handoff-feature.js';
import { siblingsFeatureWith } from './handoff-feature.js';
import type { decorateLinks } from './handoff-links.js';
import type { nativeBridge } from './native-bridge.js';
import type { FirstStageHandover } from './first-stage.js';

/**
 * Receipts when `receipt-endpoint` is set. A decision made before the chunk is there gets its
 * receipt here, queued in localStorage at once (the page may be left, or the chunk never come,
 * and the next page sends it) and handed over in memory too (storage may be blocked).
 */
export const lazyReceipts: RuntimeFeature = ({ store, options }) => {
  if (!options.receiptEndpoint) return undefined;
  const endpoint = endpointOf(options.receiptEndpoint);
  const key = `${options.cookieName}.receipts`;
  const receiptOf = receiptMaker(store.get().consentId);
  const pending: Receipt[] = [];
  let unbind = store.subscribe((change) => {
    for (const receipt of receiptOf(change)) {
      pending.push(receipt);
      enqueue(key, receipt);
    }
  });
  let stopped = false;
  loadChunk<{ startReceipts: typeof startReceipts }>('receipts', 'decisions get no receipts', (chunk) => {
    if (stopped) return;
    unbind();
    unbind = chunk.startReceipts(store, { endpoint, key, pending });
  });
  return () => {
    stopped = true;
    unbind();
  };
};

/**
 * The network guard for the `hosts` services declare and the gate of links' `ping`, installed
 * synchronously as the runtime starts, then gating, behind the chunks in {@link gatingWaitsFor}:
 * nothing gated runs before they are in. If one cannot load, gating starts without it. In the
 * script build it carries on what the first stage began (src/iife.ts): the first stage's guard
 * and script queue ask this store from here on, its gating and ping gate stop, and this one goes
 * on with its queue.
 */
export const guardedGating = (handover: Pick<FirstStageHandover, 'takeOver' | 'scripts'>, onBatch?: () => void): RuntimeFeature => (runtime) => {
  handover.takeOver(runtime.store);
  const unguard = hostGuardFeature(runtime);
  const ungatePings = pingGateFeature(runtime);
  let stop: (() => void) | undefined;
  let stopped = false;
  let pending = gatingWaitsFor.length;
  const gate = (): void => { if (!--pending && !stopped) stop = startGatingWith(runtime, { onBatch }, handover.scripts); };
  if (!pending) stop = startGatingWith(runtime, { onBatch }, handover.scripts);
  for (const name of gatingWaitsFor) loadChunk(name, 'gated elements start without it', gate, gate);
  return () => {
    stopped = true;
    stop?.();
    unguard?.();
    ungatePings?.();
  };
};

/**
 * Sibling sites, when the config lists them: the incoming handoff in the loader (it must be
 * taken before gating and before a banner could show), the links as a chunk.
 */
export const lazySiblings: RuntimeFeature = siblingsFeatureWith((store, started) => {
  loadChunk<{ decorateLinks: typeof decorateLinks }>('siblings', 'links to sibling sites carry no handoff', (chunk) => {
    started(chunk.decorateLinks(store));
  });
}, (runtime) => {
  // in already when the URL carries a handoff: the loader held the start for it (iife.ts)
  loadedChunk<{ takeHandoff: typeof takeHandoff }>('siblings')?.takeHandoff(runtime);
});

/** The native app's choice and reports, from its chunk, which the loader holds the start for inside an app (iife.ts). */
export const lazyNativeBridge: RuntimeFeature = (runtime) =>
  loadedChunk<{ nativeBridge: typeof nativeBridge }>('native')?.nativeBridge(runtime);
