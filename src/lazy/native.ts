// dist/migu-consent.native.js: the native app's bridge, fetched only inside an app
// (window.MiguConsentNative is defined before the page's scripts run; iife.ts).
import { registerChunk } from '../shared/loader-link.js';
import { nativeBridge } from '../runtime/native-bridge.js';

registerChunk('native', { nativeBridge });
