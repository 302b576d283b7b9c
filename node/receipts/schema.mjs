// The one SQL schema, for PGlite and PostgreSQL alike, as numbered migrations. A migration is
// applied once, in a transaction, under an advisory lock (several collectors may start at once
// against one PostgreSQL), and recorded in consent_schema_migrations. Never edit a released
// migration: add the next one.

/** @type {{ version: number, name: string, sql: string }[]} */
export const MIGRATIONS = [
  {
    version: 1,
    name: 'receipts, ids, deletions',
    sql: `
-- One row per receipt. Partitioned by the month it was stored (server time, so the partition of a
-- write is always known ahead); whole months are dropped by the retention purge. A DEFAULT
-- partition catches anything outside the months created ahead, so that a write never fails.
-- body is json, not jsonb: it keeps the receipt as received, key order included.
CREATE TABLE consent_receipts (
  received_at timestamptz NOT NULL DEFAULT now(),
  receipt_id  text        NOT NULL,
  consent_id  text        NOT NULL,
  decided_at  timestamptz NOT NULL,
  action      text        NOT NULL,
  source      text        NOT NULL,
  revision    text        NOT NULL,
  body        json        NOT NULL
) PARTITION BY RANGE (received_at);
CREATE TABLE consent_receipts_default PARTITION OF consent_receipts DEFAULT;
CREATE INDEX consent_receipts_by_consent ON consent_receipts (consent_id, received_at);
CREATE INDEX consent_receipts_by_time ON consent_receipts (received_at, receipt_id);

-- Idempotency: a unique index on a partitioned table must contain the partition key, so the
-- receipt ids live in their own narrow table (id, time, hash of the body). A retry finds its id
-- here and is answered 2xx without a second row; the same id with another body is a conflict.
-- Ids stay after a deletion (they say nothing about the person), so that a late retry of a
-- deleted receipt does not bring it back.
CREATE TABLE consent_receipt_ids (
  receipt_id  text        PRIMARY KEY,
  received_at timestamptz NOT NULL,
  body_hash   text        NOT NULL
);
CREATE INDEX consent_receipt_ids_by_time ON consent_receipt_ids (received_at);

-- What is left of one consentId after a deletion request: the id, when, and how many receipts.
CREATE TABLE consent_deletions (
  consent_id  text        PRIMARY KEY,
  deleted_at  timestamptz NOT NULL DEFAULT now(),
  receipts    integer     NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'action optional',
    sql: `
-- A receipt may come without "action": CONTRACT.md's receipt has none, the browser sends one (conformance
-- probe F3). On the partitioned table, this reaches every partition, the DEFAULT one and those made ahead.
-- Counts show a receipt without one under "unspecified" (NO_ACTION of store.mjs). A catalog change: no rewrite, no scan.
ALTER TABLE consent_receipts ALTER COLUMN action DROP NOT NULL;
`,
  },
];

/** Months of partitions kept created ahead of the current one. */
export const MONTHS_AHEAD = 2;

/**
 * Name and bounds of the monthly partition holding `date` (UTC).
 * @param {Date} date
 * @returns {{ name: string, from: string, to: string }}
 */
export function monthPartition(date) {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const iso = (/** @type {number} */ year, /** @type {number} */ month) => new Date(Date.UTC(year, month, 1)).toISOString();
  return { name: `consent_receipts_p${y}${String(m + 1).padStart(2, '0')}`, from: iso(y, m), to: iso(y, m + 1) };
}
