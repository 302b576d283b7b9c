// Entry of dist/migu-consent.reopen.js (see shared/chunks.ts and reopen-lite.ts).
import { registerChunk } from '../runtime/chunk-entry.js';
import { renderReopen } from './reopen-lite.js';

registerChunk('reopen', { renderReopen });
