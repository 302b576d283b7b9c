// Entry of dist/migu-consent.receipts.js (see shared/chunks.ts).
import { registerChunk } from './chunk-entry.js';
import { startReceipts } from './receipts-feature.js';

registerChunk('receipts', { startReceipts });
