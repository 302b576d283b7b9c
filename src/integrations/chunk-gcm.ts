// Entry of dist/migu-consent.gcm.js: Google Consent Mode updates (see shared/chunks.ts).
import { registerChunk } from '../runtime/chunk-entry.js';
import { consentModeUpdates } from './google-consent-mode.js';

registerChunk('gcm', { consentModeUpdates });
