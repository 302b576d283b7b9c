// `migu-consent receipts <serve|export|history|counts|delete|purge>`. The reads open the database
// directly (whoever can read the database can read the receipts), or, with --url, go through a
// running collector's admin HTTP API with its token (the only way while a collector holds a PGlite folder).
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { argsMessage, joinNegativeValues } from '../cli-args.mjs';
import { FORMATS, header, line } from './format.mjs';
import { startCollector } from './server.mjs';
import { DATABASE_URL_FORM, DEFAULT_RETENTION_DAYS, isDatabaseUrl, MAX_RETENTION_DAYS, MIN_FREE_MB, openStore, StoreLocked } from './store.mjs';
import { isId, parseIsoTime } from './validate.mjs';

const DEFAULT_DATA = 'migu-receipts';
/** --url: the longest silence from the collector (fetch's own is 5 minutes before the answer starts, none after). */
const DEFAULT_TIMEOUT_MS = 30_000;

const DB_OPTIONS = `  --data DIR             embedded PGlite database folder (default ./${DEFAULT_DATA})
  --database-url URL     PostgreSQL instead (default: $DATABASE_URL when set)`;
const REMOTE_OPTIONS = `  --url URL              ask a running collector instead of opening the database
  --admin-token-file F   its admin token (default: $MIGU_RECEIPTS_ADMIN_TOKEN)
  --timeout MS           give up on a collector silent this long (default ${DEFAULT_TIMEOUT_MS}; 0: wait without end)`;

const USAGE = `usage: migu-consent receipts <command> [options]

  serve     run the collector: POST /consent-receipts, admin reads under /admin/
  export    stream stored receipts (NDJSON or CSV)
  history   every receipt of one consentId, and its deletion if any
  counts    receipts per day, by decision and by category
  delete    delete one consentId's receipts, leaving a tombstone
  purge     delete receipts stored longer ago than the retention

serve [--port 8787] [--host 127.0.0.1] [--data DIR | --database-url URL] [--allow-origin ORIGIN ...]
      [--admin-token-file FILE] [--rate-limit 600] [--retention-days ${DEFAULT_RETENTION_DAYS}] [--trust-proxy]
      [--min-free-mb ${MIN_FREE_MB}]
export [--since ISO] [--until ISO] [--consent-id ID] [--format ndjson|csv]
history <consentId>
counts [--since ISO] [--until ISO]
delete <consentId>
purge [--retention-days ${DEFAULT_RETENTION_DAYS}]

where to read (every command):
${DB_OPTIONS}
${REMOTE_OPTIONS}`;

/** @type {import('node:util').ParseArgsConfig['options']} */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  'database-url': { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  'admin-token-file': { type: 'string' },
  'rate-limit': { type: 'string' },
  'retention-days': { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'min-free-mb': { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'consent-id': { type: 'string' },
  format: { type: 'string' },
  url: { type: 'string' },
  timeout: { type: 'string' },
};

/** Where the commands read, and through a running collector. */
const WHERE = ['data', 'database-url', 'url', 'admin-token-file', 'timeout'];
/**
 * The options each command takes. parseArgs takes them all for every command: one another command takes was
 * ignored without a word (`counts --consent-id ID` counted every consent, `delete ID --since …` deleted all of its
 * receipts, `serve --url …` started a second collector; CLI probe 2 F2).
 * @type {Record<string, string[]>}
 */
const TAKES = {
  serve: ['port', 'host', 'data', 'database-url', 'allow-origin', 'admin-token-file', 'rate-limit', 'retention-days', 'trust-proxy', 'min-free-mb'],
  export: [...WHERE, 'since', 'until', 'consent-id', 'format'],
  history: WHERE,
  counts: [...WHERE, 'since', 'until'],
  delete: WHERE,
  purge: [...WHERE, 'retention-days'],
};

class Usage extends Error {}
/** Stdout's reader went away (`export | head -1`): the output is done, as for any Unix tool, not failed. */
class OutputClosed extends Error {}
/** An error stdout reported between two writes: the next write throws it. @type {Error | undefined} */
let stdoutError;

/**
 * @param {string[]} args
 * @returns {Promise<number>} exit status: 0 done, 1 failed, 2 usage
 */
export async function main(args) {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h') {
    (command ? console.log : console.error)(USAGE);
    return command ? 0 : 2;
  }
  // without a listener a broken pipe reported between writes would end the process as a crash
  process.stdout.on('error', (error) => { stdoutError = closedOr(error); });
  try {
    const { values, positionals } = parseArgs({ args: joinNegativeValues(rest, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
    if (/** @type {Values} */ (values).help) {
      console.log(USAGE);
      return 0;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new Usage(`unknown command "${command}"`);
    const takes = TAKES[command] ?? [];
    const other = Object.keys(values).find((key) => !takes.includes(key));
    if (other) throw new Usage(`--${other} is not an option of ${command} (it takes ${takes.map((o) => `--${o}`).join(', ')})`);
    return await run(/** @type {Values} */ (values), positionals);
  } catch (error) {
    if (error instanceof OutputClosed) return 0;
    if (error instanceof Usage || /** @type {any} */ (error)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      console.error(`migu-consent receipts: ${argsMessage(error)}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof StoreLocked) {
      console.error(`migu-consent receipts: ${error.message}`);
      return 1;
    }
    if (/** @type {any} */ (error)?.name === 'MissingDependency') throw error; // the bin prints it
    console.error(`migu-consent receipts: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** @typedef {Record<string, string | string[] | boolean | undefined>} Values */

/** @type {Record<string, (values: Values, positionals: string[]) => Promise<number>>} */
const COMMANDS = {
  async serve(v, positionals) {
    noPositionals(positionals);
    const port = integer(v.port, 'port', 8787, 65535);
    const token = await adminToken(v);
    const collector = await startCollector({
      ...where(v),
      port,
      host: host(v.host),
      allowOrigins: /** @type {string[]} */ (v['allow-origin'] ?? []).map(origin),
      ...(token ? { adminToken: token } : {}),
      rateLimit: integer(v['rate-limit'], 'rate-limit', 600),
      retentionDays: integer(v['retention-days'], 'retention-days', DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS),
      trustProxy: v['trust-proxy'] === true,
      minFreeMB: integer(v['min-free-mb'], 'min-free-mb', MIN_FREE_MB),
      log: (text) => { console.error(text); },
    });
    // the signals are taken before "listening" is said: a supervisor that stops the collector right
    // after it (a quick restart) killed it outright, without closing the database
    const stopped = new Promise((resolve) => {
      const stop = () => { resolve(undefined); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    console.log(`listening on ${collector.url}`);
    console.error(`receipts stored in ${collector.store.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${where(v).data})`}; `
      + `admin reads ${token ? 'on' : 'off (no --admin-token-file)'}`);
    await stopped;
    await collector.close();
    return 0;
  },

  async export(v, positionals) {
    noPositionals(positionals);
    const format = str(v.format) ?? 'ndjson';
    if (!FORMATS.includes(format)) throw new Usage(`--format: one of ${FORMATS.join(', ')}`);
    const range = times(v);
    const consentId = str(v['consent-id']);
    if (consentId !== undefined && !isId(consentId)) throw new Usage('--consent-id: 8 to 64 of [A-Za-z0-9_-]');
    if (v.url) {
      const q = new URLSearchParams({ format });
      if (range.since) q.set('since', range.since.toISOString());
      if (range.until) q.set('until', range.until.toISOString());
      if (consentId) q.set('consentId', consentId);
      return remote(v, 'GET', `/export?${q}`);
    }
    return withStore(v, async (store) => {
      await write(header(format));
      for await (const r of store.export({ ...range, ...(consentId ? { consentId } : {}) })) await write(line(r, format));
      return 0;
    }, true);
  },

  async history(v, positionals) {
    const id = consentArg(positionals);
    if (v.url) return remote(v, 'GET', `/consents/${id}`);
    return withStore(v, async (store) => {
      const history = await store.history(id);
      if (history.truncated) console.error(`migu-consent receipts: only the first ${history.receipts.length} receipts; \`export --consent-id ${id}\` streams them all`);
      return print(history);
    }, true);
  },

  async counts(v, positionals) {
    noPositionals(positionals);
    const range = times(v);
    if (v.url) {
      const q = new URLSearchParams();
      if (range.since) q.set('since', range.since.toISOString());
      if (range.until) q.set('until', range.until.toISOString());
      return remote(v, 'GET', `/counts?${q}`);
    }
    return withStore(v, async (store) => print(await store.counts(range)), true);
  },

  async delete(v, positionals) {
    const id = consentArg(positionals);
    if (v.url) return remote(v, 'DELETE', `/consents/${id}`);
    return withStore(v, async (store) => print(await store.deleteConsent(id)));
  },

  async purge(v, positionals) {
    noPositionals(positionals);
    const days = integer(v['retention-days'], 'retention-days', DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS);
    if (v.url) return remote(v, 'POST', `/purge?retentionDays=${days}`);
    // 0 keeps every receipt, as it does for serve: never "purge all"
    if (days === 0) return print({ before: null, receipts: 0, partitionsDropped: [] });
    return withStore(v, async (store) => {
      // counted from the newest receipt when this host's clock is past it (store.retentionCutoff)
      const { before } = await store.retentionCutoff(days);
      return print({ before: before.toISOString(), ...(await store.purge(before)) });
    });
  },
};

/** @param {Values} v @returns {{ data?: string, databaseUrl?: string }} */
function where(v) {
  const data = str(v.data);
  const url = str(v['database-url']);
  if (data && url) throw new Usage('--data and --database-url: one or the other');
  const [name, databaseUrl] = url !== undefined ? ['--database-url', url] : !data && process.env.DATABASE_URL ? ['DATABASE_URL', process.env.DATABASE_URL] : [];
  if (databaseUrl === undefined) return { data: data ?? DEFAULT_DATA };
  // the value is not repeated: a mistyped one may still hold a password
  if (!isDatabaseUrl(databaseUrl)) throw new Usage(`${name}: a PostgreSQL URL expected (${DATABASE_URL_FORM}); for the embedded database, --data DIR`);
  return { databaseUrl };
}

/**
 * @param {Values} v
 * @param {(store: import('./index.mjs').ReceiptStore) => Promise<number>} fn
 * @param {boolean} [readOnly] only reads: a replica or a role that may only read will do
 */
async function withStore(v, fn, readOnly = false) {
  // only serve creates a database: these commands work on receipts that must already be there
  const store = await openStore({ ...where(v), create: false, readOnly });
  if (store.note) console.error(`migu-consent receipts: ${store.note}`);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** An admin read through a running collector: its answer goes to stdout as it comes. @param {Values} v @param {string} method @param {string} path */
async function remote(v, method, path) {
  // at most what a timer holds: setTimeout fires after 1 ms past 2^31-1
  const timeoutMs = integer(v.timeout, 'timeout', DEFAULT_TIMEOUT_MS, 2 ** 31 - 1);
  const token = await adminToken(v);
  if (!token) throw new Usage('--url needs --admin-token-file (or $MIGU_RECEIPTS_ADMIN_TOKEN)');
  const base = collectorUrl(/** @type {string} */ (v.url));
  // a collector (or a proxy before it) that takes the connection and never answers, or stops midway,
  // hung the command: the timer runs while the collector owes us bytes, not while stdout is full
  const controller = new AbortController();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const silent = () => {
    clearTimeout(timer);
    if (timeoutMs) timer = setTimeout(() => { controller.abort(); }, timeoutMs);
  };
  const failed = (/** @type {unknown} */ error) => {
    if (controller.signal.aborted) {
      return new Error(`the collector at ${base.origin} sent nothing for ${timeoutMs / 1000} s (--timeout MS changes it)`);
    }
    // fetch says only "fetch failed": the reason is its cause
    const cause = /** @type {any} */ (error)?.cause;
    return new Error(`cannot reach the collector at ${base.origin}: ${cause?.code ?? cause?.message ?? /** @type {Error} */ (error).message}`);
  };
  try {
    silent();
    let response;
    try {
      response = await fetch(adminUrl(base, path), { method, headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
      if (!response.ok) {
        const text = await response.text();
        // the collector's { error } as a sentence, not raw JSON (CLI probe F7)
        let reason = text.trim();
        try { reason = String(JSON.parse(text).error ?? reason); } catch { /* not JSON: as sent */ }
        console.error(`migu-consent receipts: the collector at ${base.origin} answered ${response.status}${reason ? `: ${reason.slice(0, 300)}` : ''}`);
        return 1;
      }
    } catch (error) {
      throw failed(error);
    }
    const reader = /** @type {AsyncIterator<Uint8Array>} */ (/** @type {any} */ (response.body)[Symbol.asyncIterator]());
    for (;;) {
      silent();
      /** @type {IteratorResult<Uint8Array>} */
      let next;
      try {
        next = await reader.next();
      } catch (error) {
        // the answer began: what was written is a part of it (collector probe F11: "cannot reach" after 49,869 lines)
        const cause = /** @type {any} */ (error)?.cause;
        throw new Error(controller.signal.aborted
          ? `the collector at ${base.origin} sent nothing more for ${timeoutMs / 1000} s (--timeout MS changes it): the output is incomplete`
          : `the collector at ${base.origin} broke off its answer (${cause?.code ?? cause?.message ?? /** @type {Error} */ (error).message}): the output is incomplete`);
      }
      if (next.done) break;
      clearTimeout(timer);
      await write(next.value);
    }
    if (!/ndjson|csv/.test(response.headers.get('content-type') ?? '')) await write('\n');
    return 0;
  } finally {
    clearTimeout(timer);
    controller.abort(); // a body left unread (stdout closed) is dropped, not kept open
  }
}

/**
 * The admin read `path` (/export?…) of the collector at `base`, under its path when it has one: a
 * collector behind a proxy at https://example.com/receipts/ has its reads at /receipts/admin/….
 * @param {URL} base @param {string} path
 */
function adminUrl(base, path) {
  const root = new URL(base.href);
  root.search = '';
  root.hash = '';
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  return new URL(`admin${path}`, root);
}

/**
 * `--url`: an http(s) URL without credentials. Never echoed: fetch's own error for a URL with a
 * user and password printed them whole.
 * @param {string} text
 */
function collectorUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Usage('--url: the http(s) URL of a running collector expected, e.g. http://127.0.0.1:8787');
  }
  if (!/^https?:$/.test(url.protocol)) throw new Usage('--url: the http(s) URL of a running collector expected, e.g. http://127.0.0.1:8787');
  if (url.username || url.password) throw new Usage('--url: no user or password in it (the admin token is what authenticates)');
  return url;
}

/** What an admin token may hold (handler.mjs checks the same). */
const ADMIN_TOKEN = /^[\x21-\x7e]+$/;

/** @param {Values} v */
async function adminToken(v) {
  const file = str(v['admin-token-file']);
  let token;
  try {
    token = file ? (await readFile(file, 'utf8')).trim() : process.env.MIGU_RECEIPTS_ADMIN_TOKEN?.trim();
  } catch (error) {
    // a path typed wrong is the caller's to fix, as an empty file is: not a raw ENOENT
    throw new Usage(`--admin-token-file ${file}: cannot read it (${/** @type {NodeJS.ErrnoException} */ (error).code ?? String(error)})`);
  }
  if (file && !token) throw new Usage(`--admin-token-file ${file} is empty`);
  if (token && token.length < 16) throw new Usage('the admin token must be at least 16 characters');
  // an HTTP header carries bytes, not text: a file saved as UTF-16 (or with an accent in it) made a token
  // no client could send, every admin read a 401, and the CLI said it "cannot reach the collector"
  if (token && !ADMIN_TOKEN.test(token)) {
    throw new Usage(`the admin token ${file ? `in ${file} ` : ''}must be printable ASCII without spaces (a file saved as UTF-16?)`);
  }
  return token || undefined;
}

/** Writes to stdout, waiting when the pipe is full; throws OutputClosed once nobody reads it. @param {string | Uint8Array} chunk */
async function write(chunk) {
  if (stdoutError) throw stdoutError;
  try {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  } catch (error) {
    throw closedOr(error);
  }
}

/** @param {unknown} error @returns {Error} */
function closedOr(error) {
  return /** @type {any} */ (error)?.code === 'EPIPE' ? new OutputClosed() : /** @type {Error} */ (error);
}

/** @param {unknown} value */
async function print(value) {
  await write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

/** @param {Values} v */
function times(v) {
  /** @type {{ since?: Date, until?: Date }} */
  const out = {};
  for (const key of /** @type {const} */ (['since', 'until'])) {
    const text = str(v[key]);
    if (text === undefined) continue;
    const ms = parseIsoTime(text);
    if (ms === undefined) {
      throw new Usage(`--${key}: a real ISO 8601 date or time expected (2026-01-31, 2026-01-31T08:00:00+08:00), not "${text}"`);
    }
    out[key] = new Date(ms);
  }
  // an empty export for a range given the wrong way round said nothing (CLI probe F7)
  if (out.since && out.until && out.since > out.until) {
    throw new Usage(`--since (${out.since.toISOString()}) is after --until (${out.until.toISOString()}): no time is in that range`);
  }
  return out;
}

/** @param {string[]} positionals */
function consentArg(positionals) {
  const [id, ...more] = positionals;
  if (id === undefined || more.length) throw new Usage('one consentId expected');
  if (!isId(id)) throw new Usage(`consentId "${id.slice(0, 70)}": 8 to 64 of [A-Za-z0-9_-] expected`);
  return id;
}

/** @param {string[]} positionals */
function noPositionals(positionals) {
  if (positionals.length) throw new Usage(`unexpected argument "${positionals[0]}"`);
}

/** @param {unknown} v @returns {string | undefined} */
function str(v) {
  return typeof v === 'string' ? v : undefined;
}

/**
 * A whole number in decimal digits only: Number() would also take "", " 80", "0x50" and "1e3".
 * @param {unknown} v @param {string} name @param {number} fallback @param {number} [max]
 */
function integer(v, name, fallback, max) {
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
  if (!(n <= (max ?? Infinity))) {
    throw new Usage(`--${name}: a whole number${max === undefined ? '' : ` from 0 to ${max}`} expected, not "${String(v)}"`);
  }
  return n;
}

/**
 * `--host`: 127.0.0.1 unless given; an IPv6 address also as URLs write it (`[::1]`). An empty one (`--host "$HOST"`
 * with HOST unset) listened on every interface, the admin reads with it: a usage error.
 * @param {unknown} v
 */
function host(v) {
  if (typeof v !== 'string') return '127.0.0.1';
  const name = /^\[(.*)\]$/.exec(v)?.[1] ?? v;
  if (!name.trim()) throw new Usage('--host: a host name or address expected (0.0.0.0 or :: for every interface), not an empty one');
  return name;
}

/** `--allow-origin`: an http(s) origin, or "*". @param {string} text */
function origin(text) {
  if (text === '*') return text;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Usage(`--allow-origin "${text}": an origin like https://www.example.com expected`);
  }
  if (!/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/+$/, '')) {
    throw new Usage(`--allow-origin "${text}": an origin like https://www.example.com expected (no path)`);
  }
  return url.origin;
}
