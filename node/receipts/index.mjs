// `migu-consent/server` (Node ≥ 20; no browser code): the proof-of-consent receipts collector
// (guide: docs/receipts-server.md) and withdrawal's server side for HttpOnly cookies (docs/server-cookies.md).
// Types: index.d.mts next to this file.
export { createReceiptsHandler } from './handler.mjs';
export { startCollector } from './server.mjs';
export { openStore, ReceiptStore, StoreLocked, DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, MIN_FREE_MB } from './store.mjs';
export { parseReceipt, checkReceipt, BODY_LIMIT } from './validate.mjs';
export { MIGRATIONS } from './schema.mjs';
export { withdrawnCookies, parseCookieHeader } from '../withdrawal/cookies.mjs';
