// dist/migu-consent.receipts.js: proof-of-consent delivery, when `receipt-endpoint` is set (runtime/lazy-features.ts).
import { registerChunk } from '../shared/loader-link.js';
import { startReceipts } from '../runtime/receipts-feature.js';

registerChunk('receipts', { startReceipts });
