// What the script build (dist/migu-consent.iife.js) takes from the integrations: Google
// Consent Mode, when its own script tag asks for it. (Presets stay ESM only: see README.)
import type { ConsentApi } from '../runtime/api.js';
import { logError } from '../runtime/log.js';
import type { GoogleConsentModeOptions } from './google-consent-mode.js';
import { CONSENT_MODE_DEFAULTS, googleConsentMode } from './google-consent-mode.js';

const ATTRIBUTE = 'data-google-consent-mode';

/**
 * Options from the attribute's value: empty for the defaults, else JSON such as
 * `{"waitForUpdate": 1000, "mapping": {"ad_personalization": ["marketing", "personalization"]}}`.
 * A bad value is reported and the defaults are used (Consent Mode still starts: denying is safe).
 */
export function parseGoogleConsentModeOptions(text: string): GoogleConsentModeOptions {
  if (!text.trim()) return {};
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    const { mapping = {}, waitForUpdate = 500, dataLayer = 'dataLayer', adsDataRedaction = true } = o;
    const ids = (v: unknown): boolean => typeof v === 'string' || (Array.isArray(v) && v.every((id) => typeof id === 'string'));
    if (
      typeof mapping === 'object' && mapping !== null && Object.entries(mapping).every(([type, v]) => type in CONSENT_MODE_DEFAULTS && ids(v))
      && typeof waitForUpdate === 'number' && waitForUpdate >= 0
      && typeof dataLayer === 'string' && /^[A-Za-z_$][\w$]*$/.test(dataLayer)
      && typeof adsDataRedaction === 'boolean'
    ) return { mapping, waitForUpdate, dataLayer, adsDataRedaction };
  } catch {
    /* reported below */
  }
  logError('option', `${ATTRIBUTE}: expected JSON options (mapping, waitForUpdate, dataLayer, adsDataRedaction); using the defaults`);
  return {};
}

/**
 * Called by the loader as it starts: with `<script src=".../migu-consent.iife.js"
 * data-google-consent-mode>` it pushes Google's consent default right then, synchronously,
 * so that it precedes every later tag on the page.
 */
export function startScriptIntegrations(script: Element | null, api: Pick<ConsentApi, 'get'>): (() => void) | undefined {
  const value = script?.getAttribute(ATTRIBUTE);
  return typeof value === 'string' ? googleConsentMode(api, parseGoogleConsentModeOptions(value)) : undefined;
}
