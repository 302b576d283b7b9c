// dist/migu-consent.reopen.js: a returning visitor's re-open button without Lit (elements/reopen-lite.ts, iife.ts).
import { registerChunk } from '../shared/loader-link.js';
import { renderReopen } from '../elements/reopen-lite.js';

registerChunk('reopen', { renderReopen });
