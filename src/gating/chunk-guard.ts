// Entry of dist/migu-consent.guard.js (see runtime/chunks.ts).
import { registerChunk } from '../runtime/chunk-entry.js';
import { guardTrackerHosts } from './guard.js';

registerChunk('guard', { guardTrackerHosts });
