import type { RuntimeFeature } from './runtime/bootstrap.js';
import { gatingFeature } from './gating/index.js';
import { receiptsFeature } from './runtime/receipts-feature.js';

/**
 * What every runtime starts with on a page: gating of the marked-up trackers,
 * clean-up on withdrawal, proof-of-consent receipts. Each is one function.
 */
export const features: RuntimeFeature[] = [gatingFeature, receiptsFeature];
