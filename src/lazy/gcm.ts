// dist/migu-consent.gcm.js: Google Consent Mode updates, with data-google-consent-mode (integrations/script-build.ts).
import { registerChunk } from '../shared/loader-link.js';
import { consentModeUpdates } from '../integrations/google-consent-mode.js';

registerChunk('gcm', { consentModeUpdates });
