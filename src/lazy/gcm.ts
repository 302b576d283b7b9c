// dist/migu-consent.gcm.js: Google Consent Mode updates, with data-google-consent-mode (integrations/script-build.ts).
import { registerChunk } from '../shared/loader-link.js';
import { attributeUpdates } from '../integrations/script-build-updates.js';

registerChunk('gcm', { attributeUpdates });
