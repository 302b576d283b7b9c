// The `gcm` chunk's half of `data-google-consent-mode` (script-build.ts is the loader's half): the
// updates, with the attribute's mapping checked here rather than in the first stage, which only
// passes it on.
import type { ConsentApi } from '../runtime/api.js';
import { logError } from '../shared/log.js';
import type { ConsentModeMapping } from './google-consent-mode.js';
import { CONSENT_MODE_DEFAULTS, consentModeUpdates } from './google-consent-mode.js';

export const ATTRIBUTE = 'data-google-consent-mode';

/**
 * The attribute's mapping as the updates can use it: each type Consent Mode's own, each rule an id or a list
 * of ids (functions cannot come from JSON). A bad mapping is reported and the default mapping is used; the
 * other options stand.
 */
export function checkAttributeMapping(mapping: unknown): ConsentModeMapping | undefined {
  const ids = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.every((id) => typeof id === 'string'));
  if (mapping === undefined || (typeof mapping === 'object' && mapping !== null && !Array.isArray(mapping)
    && Object.entries(mapping).every(([type, v]) => type in CONSENT_MODE_DEFAULTS && ids(v)))) return mapping;
  logError('option', `${ATTRIBUTE}: "mapping" expects Consent Mode types, each with an id or a list of ids; using the default mapping`);
  return undefined;
}

/** What the `gcm` chunk runs: the updates, with the attribute's mapping checked. */
export function attributeUpdates(api: Pick<ConsentApi, 'get'>, gtag: Parameters<typeof consentModeUpdates>[1], mapping: unknown): () => void {
  return consentModeUpdates(api, gtag, checkAttributeMapping(mapping));
}
