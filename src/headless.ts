// `migu-consent/core`: the consent manager without Lit and without UI.
export type * from './core/types.js';
export { resolveConfig, parseConfigJson, defaultConfig, DEFAULT_CATEGORY_IDS } from './core/config.js';
export type { ConfigResult } from './core/config.js';
export { readSignals, browserSignals } from './core/signals.js';
export type { SignalSource, HostSignals } from './core/signals.js';
export { evaluate, isGranted, diff, recordStatus } from './core/policy.js';
export type { DntMode, PolicyOptions, PromptReason, Evaluation } from './core/policy.js';
export { encodeRecord, decodeRecord, MAX_RECORD_BYTES } from './core/record.js';
export type { ConsentRecord } from './core/record.js';
export { ConsentStore } from './core/store.js';
export type { RecordStorage, StoreChange, StoreListener, ChangeCause } from './core/store.js';
export { CookieRecordStorage, MemoryRecordStorage } from './storage/cookie-jar.js';
export { ConsentRuntime } from './runtime/consent-runtime.js';
export type { RuntimeInit, UiHandle } from './runtime/consent-runtime.js';
export { ConsentFacade } from './runtime/api.js';
export type { ConsentApi, CookieWriteAttributes } from './runtime/api.js';
export { DEFAULT_OPTIONS, normalizeOptions } from './runtime/options.js';
export type { ConsentOptions } from './runtime/options.js';
export { runtimeFor, pageApi, addRuntimeFeature } from './runtime/bootstrap.js';
export type { RuntimeFeature } from './runtime/bootstrap.js';
export { READY_EVENT, CHANGE_EVENT } from './runtime/events.js';
export { features } from './features.js';
export { gatingFeature, startGating } from './gating/index.js';
export type { GatingOptions } from './gating/index.js';
export { scan, isAllowed } from './gating/scan.js';
export { guardTrackerHosts, trackerGuard, hostGuardFeature } from './gating/guard.js';
export type { TrackerHost } from './gating/guard.js';
export { cleanWithdrawn } from './storage/cookie-cleaner.js';
export { makeReceipt, mergeQueue, parseQueue, pageOf, retryDelay, RECEIPT_CAP } from './core/receipts.js';
export type { Receipt, ReceiptAction } from './core/receipts.js';
export { receiptsFeature, startReceipts } from './runtime/receipts-feature.js';
export { nativeBridge } from './runtime/native-bridge.js';
export type { MiguConsentNative } from './runtime/native-bridge.js';
export { parseNativeConsent, nativeWins, nativeConsentOf } from './core/native.js';
export type { NativeConsent, NativeChoice } from './core/native.js';
export { siblingsFeature, decorateLinks } from './runtime/handoff-links.js';
export { takeHandoff } from './runtime/handoff-feature.js';
export {
  hasHandoff, encodeHandoff, decodeHandoff, handoffIn, withHandoff, withoutHandoff, siblingOf, fromSibling, refuseHandoff,
  usedHandoffs, HANDOFF_PARAM, HANDOFF_MAX_AGE,
} from './core/handoff.js';
export type { Handoff, HandoffContext } from './core/handoff.js';
export type { ReceiptOptions } from './runtime/receipts-feature.js';
export { googleConsentMode, consentModeParams, CONSENT_MODE_DEFAULTS, DEFAULT_CONSENT_MODE_MAPPING } from './integrations/google-consent-mode.js';
export type { ConsentModeType, ConsentModeRule, ConsentModeMapping, GoogleConsentModeOptions } from './integrations/google-consent-mode.js';
export * as presets from './integrations/presets.js';
export type { ServicePreset } from './integrations/presets.js';
