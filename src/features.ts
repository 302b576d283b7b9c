import type { RuntimeFeature } from './core/runtime-types.js';
import { gatingFeature, pingGateFeature } from './gating/index.js';
import { hostGuardFeature } from './gating/host-guard-feature.js';
import { receiptsFeature } from './runtime/receipts-feature.js';
import { nativeBridge } from './runtime/native-bridge.js';
import { siblingsFeature } from './runtime/handoff-links.js';

/**
 * What every runtime starts with on a page, in order: the network guard for declared
 * tracker hosts (before anything gated can run), the gate of links' `ping`, proof-of-consent
 * receipts, the choice of a native app that opened the page (after receipts, so it gets one;
 * before gating, so the first activation follows it), the choice a sibling site's link handed
 * over (likewise) with the links to siblings, gating of the marked-up trackers with clean-up on
 * withdrawal.
 * Each is one function.
 */
export const features: RuntimeFeature[] = [hostGuardFeature, pingGateFeature, receiptsFeature, nativeBridge, siblingsFeature, gatingFeature];
