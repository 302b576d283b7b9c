// Types of `migu-consent/server` (hand-written; e2e/receipts-server.test.mjs type-checks them).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ConsentState } from '../../dist/core/types.js';

/** A receipt exactly as the browser POSTs it (see the README, "Receipts"). */
export interface Receipt {
  receiptId: string;
  consentId: string;
  revision: string;
  /**
   * ISO time of the decision, by the client's clock: what the device claims (taken up to one day
   * ahead of the server's clock by default, `Limits.maxFutureSkewMs`); `StoredReceipt.storedAt` is
   * the server's time beside it.
   */
  timestamp: string;
  /**
   * What made the decision. Optional: the browser always sends it, the contract's receipt (`{ receiptId, consentId,
   * revision, timestamp, categories, services, source, signals, page }`) has none, so a receipt without it (from an
   * app or another client) is taken, and stored and exported without it; counts put it under `unspecified`.
   */
  action?: 'accept-all' | 'reject-all' | 'update' | 'reset' | 'app' | 'sibling';
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  source: 'user' | 'signal' | 'default' | 'app' | 'sibling';
  signals: { dnt: boolean; gpc: boolean };
  /** origin + path, or '' */
  page: string;
}

/** A stored receipt: the client's fields and the time the collector stored it (ISO, server clock; both are kept). */
export interface StoredReceipt extends Receipt {
  storedAt: string;
}

/** What a deletion leaves of one consentId. */
export interface Tombstone {
  consentId: string;
  deletedAt: string;
  /** receipts deleted under this consentId, over all deletions */
  receipts: number;
  /** receipts deleted by this call (only in the answer to a deletion) */
  deletedNow?: number;
}

export interface Counts {
  receipts: number;
  /** per UTC day of storage, oldest first */
  days: {
    day: string;
    receipts: number;
    /** by action; receipts sent without one under `unspecified` */
    actions: Record<string, number>;
    categories: Record<string, { granted: number; denied: number }>;
  }[];
}

export interface ExportQuery {
  since?: Date | undefined;
  until?: Date | undefined;
  consentId?: string | undefined;
  /** rows read per query (default 1000) */
  pageSize?: number | undefined;
}

export interface StoreOptions {
  /** folder of the embedded PGlite database (default "migu-receipts") */
  data?: string | undefined;
  /** PostgreSQL connection string, a postgres:// or postgresql:// URL (or socket: or a socket folder; anything else is a TypeError); wins over `data` */
  databaseUrl?: string | undefined;
  /** PostgreSQL connections (default 10) */
  poolSize?: number | undefined;
  /** false: a `data` folder without a database is an error ("no database at …") instead of a new, empty database (default true) */
  create?: boolean | undefined;
  /**
   * true: only reads follow (export, counts, history). A database that refuses writes (a hot standby, a role that may only
   * SELECT) is then opened without the upkeep, once its schema is checked to be there, and a PGlite folder this process
   * cannot write (a read-only snapshot) is read from a copy in the temp folder, deleted on close (default false)
   */
  readOnly?: boolean | undefined;
  /**
   * PGlite: while the disk of `data` has less free than this, a receipt is refused (503, nothing stored) instead of
   * being written towards a full disk, where PGlite stops answering (default MIN_FREE_MB; 0: never refused)
   */
  minFreeMB?: number | undefined;
}

export declare class ReceiptStore {
  readonly kind: 'pglite' | 'postgres';
  /** set when a `readOnly` store reads a copy of a PGlite folder this process cannot write (a read-only snapshot): says where */
  readonly note: string | undefined;
  migrate(): Promise<void>;
  ensurePartitions(): Promise<void>;
  /** creates a monthly partition, moving in what the DEFAULT partition holds of its month */
  createPartition(p: { name: string; from: string; to: string }): Promise<void>;
  insert(receipt: Receipt): Promise<{ status: 'stored' | 'duplicate'; storedAt: Date } | { status: 'conflict'; storedAt: Date }>;
  export(query?: ExportQuery): AsyncGenerator<StoredReceipt>;
  /** the first 10,000 receipts by decision time; `truncated` when there are more (`export({ consentId })` streams them all) */
  history(consentId: string): Promise<{ consentId: string; receipts: StoredReceipt[]; truncated: boolean; deletion: Tombstone | null }>;
  counts(range?: { since?: Date | undefined; until?: Date | undefined }): Promise<Counts>;
  deleteConsent(consentId: string): Promise<Tombstone>;
  /**
   * where a retention of `days` cuts: `days` before `now` (this host's clock), or before the newest receipt stored
   * when the clock is past it, so that a clock far ahead never purges receipts still within retention; `clockAhead`:
   * whole days the clock is past the newest receipt
   */
  retentionCutoff(days: number, now?: number): Promise<{ before: Date; clockAhead: number }>;
  purge(before: Date): Promise<{ receipts: number; partitionsDropped: string[] }>;
  close(): Promise<void>;
}

/** The data folder is open in another live process, or already in a store of this one. */
export declare class StoreLocked extends Error {}

/** Opens (creating, unless `create: false`, and migrating when needed) PGlite in a folder, or PostgreSQL with `databaseUrl`. */
export declare function openStore(options: StoreOptions): Promise<ReceiptStore>;

export interface Limits {
  /**
   * a timestamp further ahead of the server's clock is refused, 422 (default one day: the clock skew the
   * page itself allows a decision's date, `FUTURE_SKEW` of src/core/policy.ts). The browser keeps a
   * refused receipt queued and retries it on later pages, so a limit below a real device's skew keeps its
   * receipts waiting.
   */
  maxFutureSkewMs?: number | undefined;
  /** an older timestamp is refused (default 400 days) */
  maxAgeMs?: number | undefined;
  maxCategories?: number | undefined;
  maxServices?: number | undefined;
}

export type Checked = { ok: true; receipt: Receipt } | { ok: false; status: number; reason: string };
export declare function parseReceipt(bytes: Uint8Array, now: number, limits?: Limits): Checked;
export declare function checkReceipt(value: unknown, now: number, limits?: Limits): Checked;
/** Largest body taken, in bytes. */
export declare const BODY_LIMIT: number;
/** Default retention of stored receipts, in days. */
export declare const DEFAULT_RETENTION_DAYS: number;
/** The free disk, in MB, a PGlite folder keeps by default: 64. */
export declare const MIN_FREE_MB: number;
/** The longest retention `retentionDays` takes: 36,500 days. More throws a RangeError. */
export declare const MAX_RETENTION_DAYS: number;
export declare const MIGRATIONS: readonly { version: number; name: string; sql: string }[];

export interface HandlerOptions {
  store: ReceiptStore;
  /** where receipts are POSTed (default "/consent-receipts") */
  path?: string | undefined;
  /** prefix of the admin reads (default "/admin") */
  adminPath?: string | undefined;
  /** origins allowed to POST cross-origin ("*" for any), besides same-origin and non-browser clients, which are always taken */
  allowOrigins?: string[] | undefined;
  /** Bearer token of the admin reads (printable ASCII without spaces, else a TypeError); without one they answer 404 */
  adminToken?: string | undefined;
  /** requests per minute per client (default 600; 0: no limit) */
  rateLimit?: number | undefined;
  /** behind a reverse proxy: the client is the last X-Forwarded-For entry, the host X-Forwarded-Host */
  trustProxy?: boolean | undefined;
  /** a body not complete by then is refused with 408 (default 10 s) */
  bodyTimeoutMs?: number | undefined;
  limits?: Limits | undefined;
  /** default retention of POST /admin/purge (default DEFAULT_RETENTION_DAYS) */
  retentionDays?: number | undefined;
  /** one line per storage error (never personal data) */
  log?: ((line: string) => void) | undefined;
  /** called after each committed (or duplicate) receipt, before the answer */
  onStored?: ((receipt: Receipt, result: { status: 'stored' | 'duplicate'; storedAt: Date }) => void) | undefined;
}

/**
 * `(req, res)` for node:http and Express; with `next` (Express middleware) a request to another
 * path is passed on instead of answered 404.
 */
export interface ReceiptsHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void>;
  /** whether a path is the handler's (for Koa and Fastify routing) */
  matches(pathname: string): boolean;
  /** stops the rate limiter's timer */
  close(): void;
}

export declare function createReceiptsHandler(options: HandlerOptions): ReceiptsHandler;

export interface CollectorOptions extends Omit<HandlerOptions, 'store'>, StoreOptions {
  /** default 8787; 0 picks a free port */
  port?: number | undefined;
  /** default "127.0.0.1" */
  host?: string | undefined;
  /** an open store to use instead of opening one (it is then not closed by close()) */
  store?: ReceiptStore | undefined;
  /** receipts stored longer ago are purged at start and every day (default 1825; 0: never) */
  retentionDays?: number | undefined;
}

export interface Collector {
  server: Server;
  store: ReceiptStore;
  handler: ReceiptsHandler;
  /** http://HOST:PORT */
  url: string;
  /** stops listening; requests under way get 5 s, then their connections are cut; closes the store it opened */
  close(): Promise<void>;
}

export declare function startCollector(options: CollectorOptions): Promise<Collector>;

/** The options of {@link withdrawnCookies}: the page's config and the attributes the page sets. */
export interface WithdrawnCookiesOptions {
  /** The page's config, as JSON text or as the object (`<migu-consent>`'s config). */
  config: unknown;
  /** as the `cookie-name` attribute (default "migu_consent") */
  cookieName?: string | undefined;
  /** as the `revision` attribute (default "1") */
  revision?: string | undefined;
  /** as the `expires-days` attribute (default 365) */
  expiresDays?: number | undefined;
  /** as the `dnt` attribute (default "respect": a request with `DNT: 1` or `Sec-GPC: 1` and no valid choice grants nothing) */
  dnt?: 'respect' | 'ignore' | undefined;
  /** as the `minor` attribute: only a guardian-confirmed choice grants */
  minor?: boolean | undefined;
  /** the Domain the cookies were set with, if any (as the `cookie-domain` attribute): both forms are deleted */
  domain?: string | undefined;
  /** the Path the cookies were set with (default "/") */
  path?: string | undefined;
  /** the clock (default Date.now) */
  now?: (() => number) | undefined;
}

/** What a request's consent cookie allows. */
export interface WithdrawnCookiesCheck {
  /** The consent state the page would have with this request's cookies and signals. */
  state: ConsentState;
  /** The request's cookies that services not granted declare (what the page's sweep deletes). */
  names: string[];
}

/**
 * Withdrawal's server side, for the cookies page script cannot delete (HttpOnly): `check(headers)`
 * reads a request's consent cookie and signals as the page would; `clear(req, res)` adds a
 * `Set-Cookie` that deletes each cookie of a service not granted, and returns their names.
 * Throws a TypeError at once for a config or option the page would not accept.
 */
export declare function withdrawnCookies(options: WithdrawnCookiesOptions): {
  check(headers: IncomingMessage['headers'] | Headers): WithdrawnCookiesCheck;
  clear(req: IncomingMessage, res: ServerResponse): string[];
};

/** The cookies of a `Cookie` header, decoded as js-cookie decodes them (the first of each name). */
export declare function parseCookieHeader(header: string | undefined): Map<string, string>;
