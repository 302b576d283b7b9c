// Entry of dist/migu-consent.native.js (see chunks.ts): the native app's bridge, fetched only
// inside an app (window.MiguConsentNative is defined before the page's scripts run).
import { registerChunk } from './chunk-entry.js';
import { nativeBridge } from './native-bridge.js';

registerChunk('native', { nativeBridge });
