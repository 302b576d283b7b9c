// `migu-consent`: registers the elements; the API and the types as named exports. The public API
// is etc/migu-consent.api.md (`npm run api` fails when it changes unseen).
// first, before Lit loads: Lit's globals where the page's elements have their names, and Lit's templates
// parsed as HTML on a page served as XHTML
import './elements/lit-globals.js';
import './elements/xhtml.js';
import { addRuntimeFeature, pageApi } from './runtime/bootstrap.js';
import { defineElementsWhereSupported } from './elements/define.js';
import { features } from './features.js';
import { themeCheckFeature } from './elements/theme-contrast.js';
import type { ConsentApi } from './runtime/api.js';

export type * from './core/types.js';
export type { ConsentApi, CookieWriteAttributes } from './runtime/api.js';
export type { GuardianCallback, GuardianRequest } from './runtime/consent-runtime.js';
export type { ConsentOptions } from './core/runtime-types.js';
export type { DntMode } from './core/policy.js';
export { MiguConsentElement } from './elements/migu-consent.js';
export { MiguConsentGateElement } from './elements/migu-consent-gate.js';
export { READY_EVENT, CHANGE_EVENT } from './runtime/events.js';
export { googleConsentMode } from './integrations/google-consent-mode.js';
export type { ConsentModeType, ConsentModeRule, ConsentModeMapping, GoogleConsentModeOptions } from './integrations/google-consent-mode.js';
export * as presets from './integrations/presets.js';
export type { ServicePreset } from './integrations/presets.js';

features.forEach(addRuntimeFeature);
// the UI's theme, checked for contrast once the page is idle (not in the headless core: no UI)
addRuntimeFeature(themeCheckFeature);
defineElementsWhereSupported();

/** The page's consent API (the same object as `window.MiguConsent` in the script build). */
export const consent: ConsentApi = pageApi();
