// What the script build (dist/migu-consent.iife.js) takes from the integrations: Google
// Consent Mode, when its own script tag asks for it. (Presets stay ESM only: see README.)
import type { ConsentApi } from '../runtime/api.js';
import { logError } from '../shared/log.js';
import type { GoogleConsentModeOptions } from './google-consent-mode.js';
import { consentModeDefault, STARTED } from './google-consent-mode.js';
import type { attributeUpdates } from './script-build-updates.js';
import { ATTRIBUTE } from './script-build-updates.js';
import { gatingWaitsFor, loadChunk } from '../shared/chunks.js';

/** The attribute's options, the mapping not checked yet (see {@link parseGoogleConsentModeOptions}). */
export type AttributeOptions = Omit<GoogleConsentModeOptions, 'mapping'> & { mapping?: unknown };

/**
 * Options from the attribute's value: empty for the defaults, else JSON such as
 * `{"waitForUpdate": 1000, "mapping": {"ad_personalization": ["marketing", "personalization"]}}`.
 * A bad value is reported and the defaults are used (Consent Mode still starts: denying is safe).
 * The mapping is passed on as it is: only the updates use it, so the `gcm` chunk checks it
 * (`script-build-updates.ts`) and the first stage does not carry that code.
 */
export function parseGoogleConsentModeOptions(text: string): AttributeOptions {
  if (!text.trim()) return {};
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    const { mapping, waitForUpdate = 500, dataLayer = 'dataLayer', adsDataRedaction = true } = o;
    if (
      typeof waitForUpdate === 'number' && waitForUpdate >= 0
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
 * so that it precedes every later tag on the page; the updates come with the `gcm` chunk
 * (the first one carries the latest state, so a decision made meanwhile is not lost; gated
 * elements wait for it, so that Google's tags find their update).
 */
export function startScriptIntegrations(
  script: Element | null,
  api: Pick<ConsentApi, 'get'>,
  load: typeof loadChunk = loadChunk,
): (() => void) | undefined {
  const value = script?.getAttribute(ATTRIBUTE);
  if (typeof value !== 'string') return undefined;
  const options = parseGoogleConsentModeOptions(value);
  const gtag = consentModeDefault(options);
  if (!gtag) return undefined;
  let stop: (() => void) | undefined;
  let stopped = false;
  gatingWaitsFor.push('gcm');
  load<{ attributeUpdates: typeof attributeUpdates }>('gcm', 'Google Consent Mode gets no updates', (chunk) => {
    if (!stopped) stop = chunk.attributeUpdates(api, gtag, options.mapping);
  });
  return () => {
    stopped = true;
    stop?.();
    (globalThis as Record<symbol, unknown>)[STARTED] = false;
  };
}
