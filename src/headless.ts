// `migu-consent/core`: the consent manager without Lit and without UI. Only what a site needs to
// build its own UI or wiring is exported; the helpers behind it stay internal. The public API is
// etc/migu-consent-core.api.md (`npm run api` fails when it changes unseen).
export type * from './core/types.js';
// site config
export { resolveConfig, parseConfigJson } from './core/config.js';
export type { ConfigResult } from './core/config.js';
// privacy signals
export { readSignals, browserSignals } from './core/signals.js';
export type { SignalSource, HostSignals } from './core/signals.js';
// the consent state and the stored choice
export { isGranted } from './core/policy.js';
export type { DntMode, PolicyOptions, PromptReason, Selection } from './core/policy.js';
export { ConsentStore } from './core/store.js';
export type { StoreOptions, RecordStorage, StoreChange, StoreListener, ChangeCause, DecisionCause, DecisionMade, PolicyKey } from './core/store.js';
export { CookieRecordStorage, MemoryRecordStorage } from './storage/cookie-jar.js';
export type { CookieOptions } from './storage/cookie-jar.js';
// one consent manager on a page, and what starts with it
export { ConsentRuntime } from './runtime/consent-runtime.js';
export type { RuntimeInit, UiHandle, GuardianCallback, GuardianRequest } from './runtime/consent-runtime.js';
export type { ConsentOptions, FeatureRuntime, RuntimeFeature } from './core/runtime-types.js';
export { addRuntimeFeature } from './runtime/bootstrap.js';
export { features } from './features.js';
export type { ConsentApi, CookieWriteAttributes } from './runtime/api.js';
export { READY_EVENT, CHANGE_EVENT } from './runtime/events.js';
// gating, the network guard and withdrawal
export { startGating } from './gating/index.js';
export type { GatingOptions } from './gating/index.js';
export { guardTrackerHosts, trackerGuard } from './gating/guard.js';
export type { TrackerHost } from './gating/guard.js';
export { cleanWithdrawn } from './storage/cookie-cleaner.js';
// proof of consent and the native app bridge
export { startReceipts } from './runtime/receipts-feature.js';
export type { ReceiptOptions } from './runtime/receipts-feature.js';
export type { Receipt, ReceiptAction } from './core/receipts.js';
export type { MiguConsentNative } from './runtime/native-bridge.js';
export type { NativeConsent, NativeChoice } from './core/native.js';
// integrations
export { googleConsentMode } from './integrations/google-consent-mode.js';
export type { ConsentModeType, ConsentModeRule, ConsentModeMapping, GoogleConsentModeOptions } from './integrations/google-consent-mode.js';
export * as presets from './integrations/presets.js';
export type { ServicePreset } from './integrations/presets.js';
