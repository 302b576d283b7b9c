// Storage of receipts: one class over one SQL schema (schema.mjs), with two ways to reach a
// database: embedded PGlite in a folder (the default) or PostgreSQL through `pg`. Both drivers
// are optional peer dependencies, imported only here and only when used.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { cp, link, mkdir, mkdtemp, open, readFile, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importOptional } from '../optional.mjs';
import { MIGRATIONS, MONTHS_AHEAD, monthPartition } from './schema.mjs';

/** @typedef {import('./index.mjs').Receipt} Receipt */
/** @typedef {import('./index.mjs').StoredReceipt} StoredReceipt */
/** @typedef {import('./index.mjs').Tombstone} Tombstone */
/** @typedef {import('./index.mjs').Counts} Counts */
/** @typedef {import('./index.mjs').ExportQuery} ExportQuery */

/**
 * What the store needs from a driver.
 * @typedef {object} Db
 * @property {(sql: string, params?: unknown[]) => Promise<any[]>} query rows of one statement
 * @property {(sql: string) => Promise<void>} exec several statements, no parameters
 * @property {<T>(fn: (tx: Pick<Db, 'query'>) => Promise<T>) => Promise<T>} transaction
 * @property {() => Promise<void>} close
 * @property {() => Promise<void>} [roomToWrite] throws while a write could fill the disk (PGlite's folder)
 * @property {() => Promise<void>} [flush] makes what was committed so far durable where the driver's commit does not (PGlite)
 * @property {string} [note] what a reader should know of where the data is read (a copy of a read-only folder)
 * @property {'pglite' | 'postgres'} kind
 */

const DAY = 86_400_000;

/** Default retention of stored receipts, in days (see docs/receipts-server.md). */
export const DEFAULT_RETENTION_DAYS = 1825;

/** The longest retention taken, in days: a century. Far beyond, the cutoff is no date JavaScript holds. */
export const MAX_RETENTION_DAYS = 36_500;

/** Throws a RangeError unless `days` is a retention the collector can apply. @param {unknown} days */
export function checkRetentionDays(days) {
  if (!(typeof days === 'number' && days >= 0 && days <= MAX_RETENTION_DAYS)) {
    throw new RangeError(`retentionDays: a number of days from 0 to ${MAX_RETENTION_DAYS} expected, not ${String(days)}`);
  }
}

/** The most receipts a history holds (memory, and the size of one JSON answer). */
export const HISTORY_LIMIT = 10_000;

/** Lock key of the migrations (any constant bigint). */
const MIGRATION_LOCK = 7_220_512_001;
/** PostgreSQL's undefined_table: a partition another collector dropped between our listing and our DROP. */
const UNDEFINED_TABLE = '42P01';
/** What a database that takes no writes answers the upkeep: read_only_sql_transaction (a hot standby), insufficient_privilege. */
const READ_ONLY = ['25006', '42501'];
/** PostgreSQL's check_violation: here, rows of a new partition's range in the DEFAULT partition. */
const CHECK_VIOLATION = '23514';

/** The receipt fields in the client's order, for export. */
const FIELDS = ['receiptId', 'consentId', 'revision', 'timestamp', 'action', 'categories', 'services', 'source', 'signals', 'page'];

/**
 * What counts call the action of a receipt sent without one (`action` is optional: CONTRACT.md's receipt has
 * none). No action the browser sends has this name.
 */
export const NO_ACTION = 'unspecified';

export class ReceiptStore {
  /** @param {Db} db */
  constructor(db) {
    this.db = db;
    this.kind = db.kind;
    /** what a reader should know of where the data is read: a copy of a folder this process cannot write */
    this.note = db.note;
    /** @type {Set<string>} partitions known to exist */
    this.partitions = new Set();
  }

  /** Applies the migrations not applied yet and creates the monthly partitions ahead. */
  async migrate() {
    // under the lock too: two collectors starting on a new database both created it, and one crashed on
    // PostgreSQL's catalog (duplicate key in pg_type_typname_nsp_index; collector probe F5)
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(`CREATE TABLE IF NOT EXISTS consent_schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    });
    for (const m of MIGRATIONS) {
      await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const done = await tx.query('SELECT 1 FROM consent_schema_migrations WHERE version = $1', [m.version]);
        if (done.length) return;
        for (const statement of splitSql(m.sql)) await tx.query(statement);
        await tx.query('INSERT INTO consent_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      });
    }
    await this.ensurePartitions();
  }

  /** For reads on a database that refuses writes: throws unless the schema is there, at this version or later. */
  async checkSchema() {
    const version = await this.schemaVersion();
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (version < latest) {
      throw new Error(`this database, which takes no writes, has ${version ? `receipts schema version ${version}, not ${latest}` : 'no receipts schema'}: run \`migu-consent receipts serve\` on its primary first`);
    }
  }

  /** The receipts schema's version in this database, 0 when it has none. */
  async schemaVersion() {
    try {
      const [{ version }] = await this.db.query('SELECT coalesce(max(version), 0)::int AS version FROM consent_schema_migrations');
      return /** @type {number} */ (version);
    } catch (error) {
      if (/** @type {any} */ (error)?.code !== UNDEFINED_TABLE) throw error;
      return 0;
    }
  }

  /** Creates this month's partition and the next MONTHS_AHEAD ones (cheap when they exist). */
  async ensurePartitions() {
    const [{ now }] = await this.db.query('SELECT now() AS now');
    for (let i = 0; i <= MONTHS_AHEAD; i++) {
      const d = new Date(now);
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + i);
      const p = monthPartition(d);
      if (this.partitions.has(p.name)) continue;
      await this.createPartition(p);
      this.partitions.add(p.name);
    }
  }

  /**
   * Creates the monthly partition `p`. Receipts of its month stored in the DEFAULT partition meanwhile (a clock
   * stepped by months while the collector ran: no partition was made ahead for them) are moved into it: the
   * plain CREATE failed on them, and every later start and read command with it (collector probe F2).
   * @param {{ name: string, from: string, to: string }} p
   */
  async createPartition(p) {
    const range = `FOR VALUES FROM ('${p.from}') TO ('${p.to}')`;
    try {
      await this.db.query(`CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF consent_receipts ${range}`);
    } catch (error) {
      const code = /** @type {any} */ (error)?.code;
      // another collector created it at the same moment (or the catalog's unique type name said so first)
      if (code === '42P07' || code === '23505' || /already exists/.test(String(error))) return;
      if (code !== CHECK_VIOLATION) throw error;
      await this.db.transaction(async (tx) => {
        // one collector at a time; one that did it first leaves nothing to move
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const [{ exists }] = await tx.query('SELECT to_regclass($1) IS NOT NULL AS exists', [p.name]);
        if (exists) return;
        await tx.query(`CREATE TABLE ${p.name} (LIKE consent_receipts INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
        await tx.query(`WITH moved AS (DELETE FROM consent_receipts_default WHERE received_at >= $1 AND received_at < $2 RETURNING *)
          INSERT INTO ${p.name} SELECT * FROM moved`, [p.from, p.to]);
        // the parent's indexes are made on it as it is attached
        await tx.query(`ALTER TABLE consent_receipts ATTACH PARTITION ${p.name} ${range}`);
      });
    }
  }

  /**
   * Stores a validated receipt once. Resolves only after the database has committed it.
   * @param {Receipt} receipt
   * @returns {Promise<{ status: 'stored' | 'duplicate', storedAt: Date } | { status: 'conflict', storedAt: Date }>}
   */
  async insert(receipt) {
    await this.db.roomToWrite?.();
    const json = JSON.stringify(receipt);
    const hash = createHash('sha256').update(json).digest('base64url');
    // one statement: the id and the row are written together or not at all
    const rows = await this.db.query(
      `WITH id AS (
         INSERT INTO consent_receipt_ids (receipt_id, received_at, body_hash) VALUES ($1, now(), $2)
         ON CONFLICT (receipt_id) DO NOTHING RETURNING received_at)
       INSERT INTO consent_receipts (received_at, receipt_id, consent_id, decided_at, action, source, revision, body)
       SELECT received_at, $1, $3, $4, $5, $6, $7, $8 FROM id RETURNING received_at`,
      [receipt.receiptId, hash, receipt.consentId, receipt.timestamp, receipt.action ?? null, receipt.source, receipt.revision, json],
    );
    // on disk before any 2xx: a duplicate's first copy may have been committed by a request whose flush is still to come
    if (rows.length) {
      await this.db.flush?.();
      return { status: 'stored', storedAt: rows[0].received_at };
    }
    const [seen] = await this.db.query('SELECT body_hash, received_at FROM consent_receipt_ids WHERE receipt_id = $1', [receipt.receiptId]);
    if (!seen) throw new Error('receipt id neither inserted nor found'); // only if purged in between
    await this.db.flush?.();
    return { status: seen.body_hash === hash ? 'duplicate' : 'conflict', storedAt: seen.received_at };
  }

  /**
   * Stored receipts, oldest stored first, read in pages (keyset on the time index) so that any
   * volume streams in constant memory.
   * @param {ExportQuery} [query]
   * @returns {AsyncGenerator<StoredReceipt>}
   */
  async *export(query = {}) {
    const { since, until, consentId } = query;
    const pageSize = Math.max(1, Math.min(10_000, Math.floor(query.pageSize ?? 1000)));
    /** @type {[string, string] | undefined} */
    let after;
    for (;;) {
      /** @type {unknown[]} */
      const params = [];
      const where = [];
      const p = (/** @type {unknown} */ v) => `$${params.push(v)}`;
      if (since) where.push(`received_at >= ${p(since)}`);
      if (until) where.push(`received_at < ${p(until)}`);
      if (consentId) where.push(`consent_id = ${p(consentId)}`);
      if (after) where.push(`(received_at, receipt_id) > (${p(after[0])}::timestamptz, ${p(after[1])})`);
      // the cursor goes back as text: a JS Date would cut PostgreSQL's microseconds and repeat rows
      const rows = await this.db.query(
        `SELECT received_at, received_at::text AS cursor, receipt_id, body FROM consent_receipts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY received_at, receipt_id LIMIT ${pageSize}`,
        params,
      );
      for (const row of rows) yield toStored(row);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      after = [last.cursor, last.receipt_id];
    }
  }

  /**
   * The history of one consentId: its first HISTORY_LIMIT receipts by decision time (`truncated`
   * when there are more: `export({ consentId })` streams them all), and the tombstone if it was deleted.
   * @param {string} consentId
   * @returns {Promise<{ consentId: string, receipts: StoredReceipt[], truncated: boolean, deletion: Tombstone | null }>}
   */
  async history(consentId) {
    // one more than shown: a history cut at the limit said nothing of it, and read as the whole proof
    const rows = await this.db.query(
      `SELECT received_at, receipt_id, body FROM consent_receipts WHERE consent_id = $1 ORDER BY decided_at, received_at, receipt_id LIMIT ${HISTORY_LIMIT + 1}`,
      [consentId],
    );
    const truncated = rows.length > HISTORY_LIMIT;
    const [tomb] = await this.db.query('SELECT consent_id, deleted_at, receipts FROM consent_deletions WHERE consent_id = $1', [consentId]);
    return { consentId, receipts: rows.slice(0, HISTORY_LIMIT).map(toStored), truncated, deletion: tomb ? toTombstone(tomb) : null };
  }

  /**
   * Counts per day (UTC, by time stored): receipts, by action ({@link NO_ACTION} for a receipt sent without one),
   * and per category granted/denied.
   * @param {{ since?: Date, until?: Date }} [range]
   * @returns {Promise<Counts>}
   */
  async counts(range = {}) {
    /** @type {unknown[]} */
    const params = [];
    const where = [];
    if (range.since) where.push(`received_at >= $${params.push(range.since)}`);
    if (range.until) where.push(`received_at < $${params.push(range.until)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const day = `to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
    const actions = await this.db.query(
      `SELECT ${day} AS day, coalesce(action, '${NO_ACTION}') AS action, count(*)::int AS n FROM consent_receipts ${filter} GROUP BY 1, 2 ORDER BY 1, 2`, params);
    const categories = await this.db.query(
      `SELECT ${day} AS day, c.key AS category, c.value AS granted, count(*)::int AS n
       FROM consent_receipts, json_each_text(body->'categories') AS c ${filter} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, params);
    /** @type {Map<string, Counts['days'][number]>} */
    const days = new Map();
    const get = (/** @type {string} */ d) => {
      let entry = days.get(d);
      if (!entry) days.set(d, (entry = { day: d, receipts: 0, actions: {}, categories: {} }));
      return entry;
    };
    for (const r of actions) {
      const e = get(r.day);
      e.receipts += r.n;
      e.actions[r.action] = r.n;
    }
    for (const r of categories) {
      const e = get(r.day);
      const c = (e.categories[r.category] ??= { granted: 0, denied: 0 });
      if (r.granted === 'true') c.granted += r.n;
      else c.denied += r.n;
    }
    const list = [...days.values()];
    return {
      receipts: list.reduce((n, d) => n + d.receipts, 0),
      days: list,
    };
  }

  /**
   * Deletes every receipt of one consentId (a request of the person concerned) and leaves a
   * tombstone: the id, the time and how many receipts were deleted.
   * @param {string} consentId
   * @returns {Promise<Tombstone>}
   */
  async deleteConsent(consentId) {
    return this.db.transaction(async (tx) => {
      const [{ n: deleted }] = await tx.query(
        'WITH d AS (DELETE FROM consent_receipts WHERE consent_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d', [consentId]);
      const [row] = await tx.query(
        `INSERT INTO consent_deletions (consent_id, deleted_at, receipts) VALUES ($1, now(), $2)
         ON CONFLICT (consent_id) DO UPDATE SET deleted_at = now(), receipts = consent_deletions.receipts + EXCLUDED.receipts
         RETURNING consent_id, deleted_at, receipts`,
        [consentId, deleted],
      );
      return { ...toTombstone(row), deletedNow: deleted };
    });
  }

  /**
   * Where a retention of `days` cuts: `days` before this host's clock, or before the newest receipt stored
   * when the clock is past it. One start with a clock a month fast (no RTC, a bad NTP source, a VM restored
   * from a snapshot) purged every receipt of a 30-day retention (collector probe F1); the newest receipt was
   * stored by a clock that was right then. An idle collector keeps its receipts that much longer, never less.
   * `clockAhead`: whole days the clock is past the newest receipt.
   * @param {number} days
   * @param {number} [now]
   * @returns {Promise<{ before: Date, clockAhead: number }>}
   */
  async retentionCutoff(days, now = Date.now()) {
    const [{ t }] = await this.db.query('SELECT max(received_at) AS t FROM consent_receipt_ids');
    const newest = t === null ? now : new Date(t).getTime();
    return { before: new Date(Math.min(now, newest) - days * DAY), clockAhead: Math.max(0, Math.floor((now - newest) / DAY)) };
  }

  /**
   * Retention: deletes receipts stored before `before` (and their ids): whole monthly partitions
   * are dropped, the rest deleted row by row. Tombstones are kept.
   * @param {Date} before
   * @returns {Promise<{ receipts: number, partitionsDropped: string[] }>}
   */
  async purge(before) {
    const parts = await this.db.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = 'consent_receipts' AND c.relname ~ '^consent_receipts_p[0-9]{6}$'`);
    const dropped = [];
    let receipts = 0;
    for (const { name } of parts) {
      const y = Number(name.slice(-6, -2));
      const m = Number(name.slice(-2));
      const end = new Date(Date.UTC(y, m, 1)); // month m (1-based) ends where month m+1 starts
      if (end <= before) {
        this.partitions.delete(name);
        // under the schema's lock: two collectors dropping one partition at once (each purges at start) raced in
        // PostgreSQL's catalog, the second failing now and then with "could not find tuple for parent of relation",
        // not the undefined table it expected
        const n = await this.db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
          // another collector on the same database purged it first: its count
          const [{ found }] = await tx.query('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
          if (!found) return undefined;
          const [{ n: rows }] = await tx.query(`SELECT count(*)::int AS n FROM ${name}`);
          await tx.query(`DROP TABLE ${name}`);
          return /** @type {number} */ (rows);
        });
        if (n === undefined) continue;
        receipts += n;
        dropped.push(name);
      }
    }
    // counted in the database: a purge of millions of rows never holds them in memory here
    const [{ n }] = await this.db.query(
      'WITH d AS (DELETE FROM consent_receipts WHERE received_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM d', [before]);
    receipts += n;
    await this.db.query('DELETE FROM consent_receipt_ids WHERE received_at < $1', [before]);
    return { receipts, partitionsDropped: dropped };
  }

  async close() {
    await this.db.close();
  }
}

/** @param {any} row @returns {StoredReceipt} */
function toStored(row) {
  const body = typeof row.body === 'string' ? JSON.parse(row.body) : row.body;
  /** @type {Record<string, unknown>} */
  const out = {};
  // a field the receipt came without (`action`) stays absent: no key in NDJSON, an empty CSV cell
  for (const key of FIELDS) if (Object.hasOwn(body, key)) out[key] = body[key];
  out.storedAt = new Date(row.received_at).toISOString();
  return /** @type {StoredReceipt} */ (/** @type {unknown} */ (out));
}

/** @param {any} row @returns {Tombstone} */
function toTombstone(row) {
  return { consentId: row.consent_id, deletedAt: new Date(row.deleted_at).toISOString(), receipts: row.receipts };
}

/** Statements of a migration (none of them holds a ';' inside a literal). @param {string} sql */
function splitSql(sql) {
  return sql.split(/;\s*$/m).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean);
}

/**
 * Where the receipts live.
 * @typedef {object} StoreOptions
 * @property {string} [data] folder of the embedded PGlite database
 * @property {string} [databaseUrl] PostgreSQL connection string (wins over `data`)
 * @property {number} [poolSize] PostgreSQL connections (default 10)
 * @property {boolean} [create] false: a `data` folder without a database is an error, not a new database (default true)
 * @property {boolean} [readOnly] only reads follow: a database that takes no writes is opened without the upkeep
 * @property {number} [minFreeMB] PGlite: a receipt is refused while its folder's disk has less free (default {@link MIN_FREE_MB})
 */

/**
 * The free disk a PGlite folder keeps: at a full disk PGlite's WebAssembly loop spins at full CPU, deaf to
 * requests and SIGTERM, until it is killed (collector probe F3), so a receipt is refused (503) before. Four
 * 16 MB WAL segments: what a checkpoint may need beyond the receipts on their way.
 */
export const MIN_FREE_MB = 64;

/**
 * Whether `text` is a connection string `pg` reads as one: a postgres:// or postgresql:// URL, a
 * socket: URL, or a socket folder ("/var/run/postgresql db"). pg reads anything else ("base", a
 * mistyped scheme) relative to a placeholder host and failed with "getaddrinfo ENOTFOUND base".
 * @param {unknown} text
 */
export function isDatabaseUrl(text) {
  return typeof text === 'string' && /^(?:(?:postgres(?:ql)?|socket):|\/)/i.test(text);
}

/** What a database URL looks like, for messages (the value itself may hold a password: never echoed). */
export const DATABASE_URL_FORM = 'postgres://USER:PASSWORD@HOST:PORT/DATABASE';

/**
 * Opens (creating it when needed) and migrates a store.
 * @param {StoreOptions} options
 * @returns {Promise<ReceiptStore>}
 */
export async function openStore(options) {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '' && !isDatabaseUrl(options.databaseUrl)) {
    throw new TypeError(`databaseUrl: a PostgreSQL URL expected (${DATABASE_URL_FORM}), or \`data\` for an embedded database`);
  }
  const db = options.databaseUrl
    ? await postgres(options.databaseUrl, options.poolSize ?? 10)
    : await pglite(options.data ?? 'migu-receipts', options.create ?? true, options.minFreeMB ?? MIN_FREE_MB, options.readOnly);
  const store = new ReceiptStore(db);
  try {
    // a read that made the schema would answer "no receipts" for a mistyped database name, as for a PGlite folder
    // (docs probe 2, M2: export and counts created the tables and said 0)
    if (options.readOnly && !(await store.schemaVersion())) {
      throw new Error('this database has no receipts schema: no receipts were ever stored in it (a mistyped database name?); `migu-consent receipts serve` creates it');
    }
    try {
      await store.migrate();
    } catch (error) {
      // a streaming replica, or an auditor's role that may only read: reads need the schema, not its upkeep (collector probe F4)
      if (!options.readOnly || !READ_ONLY.includes(/** @type {any} */ (error)?.code)) throw error;
      await store.checkSchema();
    }
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return store;
}

/** Whether `folder` is a file, or below one. @param {string} folder */
function fileInTheWay(folder) {
  try {
    return !statSync(folder).isDirectory();
  } catch (error) {
    return /** @type {any} */ (error)?.code === 'ENOTDIR';
  }
}

/**
 * PGlite in a folder. PGlite is one process's database: a lock file in the folder keeps a second
 * process (an export while the collector runs) from opening it at the same time.
 * @param {string} dir
 * @param {boolean} create whether a folder without a database gets a new, empty one
 * @param {number} minFreeMB free disk below which a receipt is refused
 * @param {boolean} [readOnly] only reads follow: a folder this process cannot write is read from a copy
 * @returns {Promise<Db>}
 */
async function pglite(dir, create, minFreeMB, readOnly) {
  if (!(Number.isFinite(minFreeMB) && minFreeMB >= 0)) throw new TypeError(`minFreeMB: a number of megabytes, 0 or more, expected (got ${String(minFreeMB)})`);
  const folder = resolve(dir);
  // a read that created an empty database would answer "no receipts" for a mistyped folder
  if (!create && !existsSync(join(folder, 'pgdata', 'PG_VERSION'))) {
    // a file where the folder should be: serve's hint would fail as well (docs probe F5)
    if (fileInTheWay(folder)) throw new Error(`no database at ${folder}: it, or a folder above it, is a file (--data takes a folder)`);
    throw new Error(`no database at ${folder} (\`migu-consent receipts serve --data DIR\` creates one)`);
  }
  const { PGlite } = await importOptional('@electric-sql/pglite', 'migu-consent receipts (embedded database)', false);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    // mkdir's own words name neither the option nor the cause ("EEXIST: file already exists, mkdir …")
    const code = /** @type {any} */ (error)?.code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'it, or a folder above it, is a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new Error(`the receipts database folder ${folder} could not be made: ${why} (--data takes a folder)`);
  }
  let release;
  try {
    release = await lock(join(folder, 'migu-receipts.lock'));
  } catch (error) {
    // an auditor's snapshot (a read-only mount, another owner's files): PGlite writes even to read, and the
    // lock is a file too; the reads take a copy (collector probe: a read-only folder could not be exported)
    const code = /** @type {any} */ (error)?.code;
    if (!['EROFS', 'EACCES', 'EPERM'].includes(code)) throw error;
    // a write (serve, delete, purge) said only "EACCES: permission denied, open '…/migu-receipts.lock.3781.69b9…'",
    // a file of ours it never made (CLI probe 2 F5)
    if (!readOnly) throw new Error(`the receipts database folder ${folder} cannot be written (${code}): run as a user that may write it, or read it with export, history or counts`);
    const copy = await mkdtemp(join(tmpdir(), 'migu-receipts-read-'));
    try {
      await cp(join(folder, 'pgdata'), join(copy, 'pgdata'), { recursive: true });
    } catch (cause) {
      await rm(copy, { recursive: true, force: true });
      throw new Error(`the receipts database ${folder} cannot be written, and a copy to read could not be made in ${copy}: ${reasonOf(cause)}`);
    }
    const db = await pglite(copy, false, 0, false);
    return {
      ...db,
      note: `${folder} cannot be written (${String(/** @type {any} */ (error).code)}): read from a copy in ${copy}, deleted afterwards`,
      close: async () => {
        try {
          await db.close();
        } finally {
          await rm(copy, { recursive: true, force: true });
        }
      },
    };
  }
  const pgdata = join(folder, 'pgdata');
  let db;
  try {
    if (!existsSync(join(pgdata, 'PG_VERSION'))) await createPglite(PGlite, pgdata);
    db = await PGlite.create({ dataDir: pgdata });
  } catch (error) {
    await release();
    throw new Error(`the receipts database ${folder} could not be opened: ${reasonOf(error)}`);
  }
  return {
    kind: 'pglite',
    query: async (sql, params) => (await db.query(sql, params)).rows,
    exec: async (sql) => { await db.exec(sql); },
    transaction: (fn) => db.transaction((/** @type {any} */ tx) => fn({ query: async (sql, params) => (await tx.query(sql, params)).rows })),
    roomToWrite: async () => {
      const { bavail, bsize } = await statfs(pgdata);
      const free = (Number(bavail) * Number(bsize)) / 2 ** 20;
      if (free < minFreeMB) throw new Error(`disk nearly full: ${Math.floor(free)} MB free for ${folder}, under the ${minFreeMB} MB kept free (a full disk stops PGlite); receipt not stored`);
    },
    flush: walFlusher(db, pgdata),
    close: async () => {
      try {
        if (!db.closed) await db.close();
      } finally {
        await release();
      }
    },
  };
}

/**
 * PGlite's commits reach the kernel (its WebAssembly file system writes the WAL at commit: kill -9 loses nothing) but
 * are never fsync'd: no fsync, fdatasync or sync_file_range was made while it acknowledged receipts, so an OS crash or
 * a power cut could lose receipts answered 2xx (CLI probe 2 F7; CONTRACT: "2xx only after a durable write"). This
 * fdatasyncs the WAL segment the last commit is in (and the one before it, and the folder, when a segment began), as
 * PostgreSQL's own commit does. Requests that wait at once share one sync (group commit): one that starts after a
 * commit covers it.
 * @param {any} db @param {string} pgdata
 * @returns {() => Promise<void>}
 */
function walFlusher(db, pgdata) {
  const wal = join(pgdata, 'pg_wal');
  /** @type {string | undefined} the segment synced last */
  let last;
  const datasync = async (/** @type {string} */ path, /** @type {boolean} */ directory = false) => {
    const handle = await open(path, 'r');
    try {
      await (directory ? handle.sync() : handle.datasync());
    } finally {
      await handle.close();
    }
  };
  const once = async () => {
    const [{ name }] = (await db.query('SELECT pg_walfile_name(pg_current_wal_lsn()) AS name')).rows;
    // a segment began since the last sync: the commit may be at the end of the one before, and the new file's entry is in the folder
    if (last !== undefined && last !== name) await datasync(join(wal, last)).catch(() => {}); // recycled or removed meanwhile: nothing to keep
    await datasync(join(wal, name));
    if (last !== name) await datasync(wal, true);
    last = name;
  };
  let running = Promise.resolve();
  /** @type {Promise<void> | undefined} the sync the callers that came during `running` wait for */
  let next;
  return () => {
    next ??= (async () => {
      await running.catch(() => {});
      next = undefined;
      running = once();
      return running;
    })();
    return next;
  };
}

/**
 * Makes a new PGlite database beside `pgdata` and moves it in place once complete. PGlite writes a
 * new database file by file, PG_VERSION before the configuration files, and takes any folder with a
 * PG_VERSION for a database: a first start killed in between left a folder no later start could open
 * ("PGlite failed to initialize properly"). The rename is atomic: `pgdata` is whole or absent.
 * @param {any} PGlite @param {string} pgdata
 */
async function createPglite(PGlite, pgdata) {
  const building = `${pgdata}.new`;
  // what an interrupted first start left: no PG_VERSION, so no database (nor receipt) was ever in it
  await rm(building, { recursive: true, force: true });
  // a pgdata without PG_VERSION is damage (or an older version's interrupted first start): set aside, it left a
  // collector serving an empty log, its receipts out of sight with not a word said (collector probe F6). Nothing is changed
  if (existsSync(pgdata)) {
    throw new Error(`${pgdata} holds no PG_VERSION: a damaged database, or the first start of an older version cut short. Nothing was changed: restore its PG_VERSION (the PostgreSQL major version, as in a copy), or move the folder away to start with an empty database`);
  }
  const fresh = await PGlite.create({ dataDir: building });
  await fresh.close();
  await rename(building, pgdata);
}

/**
 * What went wrong, in words: PGlite's file system throws plain objects (`{ errno }`, which read "[object Object]" as
 * a string; a full disk at the first start, collector probe F11).
 * @param {unknown} error
 */
export function reasonOf(error) {
  if (error instanceof Error) return error.message;
  const errno = /** @type {{ errno?: unknown } | null} */ (error)?.errno;
  if (typeof errno === 'number') return `the file system refused it (errno ${String(errno)}): a full disk, or a folder it may not write?`;
  return String(error);
}

/** Raised when the data folder is open in another live process. */
export class StoreLocked extends Error {
  // as logs and `e.name` checks read it (docs probe F6: it was "Error")
  name = 'StoreLocked';
}

/** How deep a takeover of a stale takeover guard goes (each level needs one more crashed process). */
const LOCK_DEPTH = 4;

/** Lock files this process holds (or is taking), by path. @type {Set<string>} */
const openHere = new Set();

/**
 * Takes the folder's lock file; a lock left by a dead process (kill -9) is taken over.
 *
 * Taking over was "read a dead pid, delete, create": two processes starting together after a crash
 * both read the dead pid, and the second one's delete removed the lock the first had just made, so
 * both opened the database. Now a stale lock is deleted only under a guard file (`LOCK.takeover`,
 * taken the same way, so a guard left by a crash is itself taken over) and only if it still holds what
 * was read as stale: whoever comes second finds the winner's live pid and is refused.
 * @param {string} file
 * @param {number} [depth]
 * @returns {Promise<() => Promise<void>>} release
 */
async function lock(file, depth = 0) {
  const folder = file.replace(/[/\\]migu-receipts\.lock(?:\.takeover)*$/, '');
  if (depth === 0) {
    // a lock with this process's own pid is taken over (a container restarted under the same pid), so
    // a second openStore() of one folder in this process took it from the first: two PGlite instances
    // writing one folder. Marked at once, before any await, so that two opens at the same time see it.
    if (openHere.has(file)) {
      throw new StoreLocked(`the receipts database ${folder} is already open in this process: close that store first, or share it`);
    }
    openHere.add(file);
    try {
      const release = await lock(file, 1);
      return async () => {
        try {
          await release();
        } finally {
          openHere.delete(file); // after the file is gone: an open meanwhile would take it as stale
        }
      };
    } catch (error) {
      openHere.delete(file);
      throw error;
    }
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createWithPid(file)) return () => releaseLock(file);
    const held = await readFile(file, 'utf8').catch((error) => {
      if (error?.code === 'ENOENT') return undefined; // released in between: try again
      throw error;
    });
    if (held === undefined) continue;
    const pid = Number(held.trim());
    if (pid && pid !== process.pid && alive(pid)) {
      throw new StoreLocked(`the receipts database ${folder} is open in process ${pid} `
        + `(a running collector?): use its admin HTTP API, or stop it first. If no collector has it open (a crash, and that pid is another program's now), remove ${file}`);
    }
    if (depth >= LOCK_DEPTH) break;
    const releaseGuard = await lock(`${file}.takeover`, depth + 1);
    try {
      // still the lock read as stale (not one a faster process made since): delete it
      const now = await readFile(file, 'utf8').catch(() => undefined);
      if (now === held) await rm(file, { force: true });
    } finally {
      await releaseGuard();
    }
  }
  throw new StoreLocked(`cannot take the lock ${file}: remove it if no process uses ${folder}`);
}

/**
 * Creates `file` holding this process's pid, atomically: a hard link of a complete file, so that no
 * other process reads it empty (an empty lock read as stale was taken over). false if it exists.
 * @param {string} file
 */
async function createWithPid(file) {
  const own = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(own, String(process.pid), { flag: 'wx' });
  try {
    await link(own, file);
    return true;
  } catch (error) {
    const code = /** @type {any} */ (error)?.code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // a file system without hard links: an exclusive create, written right after
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (e) {
      if (/** @type {any} */ (e)?.code === 'EEXIST') return false;
      throw e;
    }
  } finally {
    await rm(own, { force: true });
  }
}

/** Deletes the lock file if it is still this process's. @param {string} file */
async function releaseLock(file) {
  const held = await readFile(file, 'utf8').catch(() => undefined);
  if (held !== undefined && Number(held.trim()) === process.pid) await rm(file, { force: true });
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {any} */ (error)?.code === 'EPERM';
  }
}

/** Default wait for a PostgreSQL connection, ms. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * How long to wait for a connection: libpq's `connect_timeout` (seconds) from the URL, else
 * `PGCONNECT_TIMEOUT`, else 10 s. 0 waits without end, as in libpq; pg itself reads neither.
 * @param {string} url
 */
function connectTimeoutMs(url) {
  let param;
  try {
    param = new URL(url).searchParams.get('connect_timeout') ?? undefined;
  } catch { /* not a URL: pg says why when it connects */ }
  const text = param ?? process.env.PGCONNECT_TIMEOUT;
  const seconds = text !== undefined && /^\d{1,6}$/.test(text.trim()) ? Number(text) : undefined;
  return seconds === undefined ? CONNECT_TIMEOUT_MS : seconds * 1000;
}

/** host:port of a connection URL, for messages: never its user or password. @param {string} url */
function serverOf(url) {
  try {
    const { host } = new URL(url);
    return host || 'the default host';
  } catch {
    return 'the database URL';
  }
}

/**
 * PostgreSQL through a `pg` pool.
 * @param {string} url
 * @param {number} max
 * @returns {Promise<Db>}
 */
async function postgres(url, max) {
  const pg = await importOptional('pg', 'migu-consent receipts --database-url', false);
  const Pool = pg.Pool ?? pg.default.Pool;
  const timeout = connectTimeoutMs(url);
  // pg waits for a connection without end by default: a server that accepts and never answers (or a
  // firewall that drops the packets) hung every command, and each receipt of a running collector
  // pg reads times only in the ISO DateStyle, and the export's cursor goes back as text: a database or
  // role set to another (SQL, DMY) gave every storedAt as null (1970) and an export that stopped after
  // its first page. Set on each new connection before the pool hands it out (pg-pool's onConnect): a
  // query sent from its 'connect' event ran beside the pool's own, which pg 8 warns of on stderr (a
  // DeprecationWarning) and pg 9 refuses.
  const iso = (/** @type {import('pg').PoolClient} */ client) => client.query('SET DateStyle = ISO').then(() => {}, () => {});
  let hooked = false;
  const pool = new Pool({
    connectionString: url, max, connectionTimeoutMillis: timeout,
    onConnect: (/** @type {import('pg').PoolClient} */ client) => { hooked = true; return iso(client); },
  });
  pool.on('error', () => {}); // an idle connection dropped by the server: the pool replaces it
  try {
    const first = await pool.connect(); // fail now, not on the first receipt
    if (!hooked) {
      // a pg-pool without onConnect (an older pg 8): queued on each new connection from its event
      await iso(first);
      pool.on('connect', (client) => { void iso(client); });
    }
    first.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const text = error instanceof Error ? error.message : String(error);
    // pg says only "timeout expired"; name the server (never the password) and the setting
    throw new Error(/timeout/i.test(text) && timeout
      ? `PostgreSQL at ${serverOf(url)} did not answer within ${timeout / 1000} s (connect_timeout in the URL or PGCONNECT_TIMEOUT changes it)`
      : text);
  }
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    exec: async (sql) => { await pool.query(sql); },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: async (sql, params) => (await client.query(sql, params)).rows });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
