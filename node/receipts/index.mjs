// `migu-consent/server`: the proof-of-consent receipts collector (Node ≥ 20; no browser code).
// Types: index.d.ts next to this file. Guide: docs/receipts-server.md.
export { createReceiptsHandler } from './handler.mjs';
export { startCollector } from './server.mjs';
export { openStore, ReceiptStore, StoreLocked, DEFAULT_RETENTION_DAYS } from './store.mjs';
export { parseReceipt, checkReceipt, BODY_LIMIT } from './validate.mjs';
export { MIGRATIONS } from './schema.mjs';
