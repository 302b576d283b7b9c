import type { RuntimeFeature } from './runtime/bootstrap.js';
import { gatingFeature } from './gating/index.js';
import { hostGuardFeature } from './gating/guard.js';
import { receiptsFeature } from './runtime/receipts-feature.js';

/**
 * What every runtime starts with on a page, in order: the network guard for declared
 * tracker hosts (before anything gated can run), gating of the marked-up trackers with
 * clean-up on withdrawal, proof-of-consent receipts. Each is one function.
 */
export const features: RuntimeFeature[] = [hostGuardFeature, gatingFeature, receiptsFeature];
