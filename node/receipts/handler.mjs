// The collector as one `(req, res[, next])` handler over node:http's request and response: mount
// it in node:http or Express directly, in Koa through ctx.req/ctx.res (ctx.respond = false), in
// Fastify through reply.hijack() (docs/receipts-server.md). It reads the raw body itself, so it
// goes before any body parser.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BODY_LIMIT, isId, parseIsoTime, parseReceipt } from './validate.mjs';
import { contentType, FORMATS, header, line } from './format.mjs';
import { checkRetentionDays, DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS } from './store.mjs';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */
/** @typedef {import('./index.mjs').HandlerOptions} HandlerOptions */

/**
 * @param {HandlerOptions} options
 * @returns {import('./index.mjs').ReceiptsHandler}
 */
export function createReceiptsHandler(options) {
  const {
    store,
    path = '/consent-receipts',
    adminPath = '/admin',
    allowOrigins = [],
    rateLimit = 600,
    trustProxy = false,
    bodyTimeoutMs = 10_000,
    limits = {},
    retentionDays = DEFAULT_RETENTION_DAYS,
    log = () => {},
    onStored,
  } = options;
  checkRetentionDays(retentionDays);
  // what a client can send in a header: anything else would make every admin read a 401, without a word
  if (options.adminToken && !/^[\x21-\x7e]+$/.test(options.adminToken)) {
    throw new TypeError('adminToken: printable ASCII without spaces expected (an HTTP header carries nothing else)');
  }
  const adminDigest = options.adminToken ? digest(options.adminToken) : undefined;
  const origins = new Set(allowOrigins.map((o) => o.replace(/\/+$/, '')));
  const limiter = tokenBuckets(rateLimit);

  /** @param {Req} req @param {Res} res @param {(error?: unknown) => void} [next] */
  const handler = async (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://collector.invalid');
    const route = url.pathname === path ? 'receipts' : url.pathname.startsWith(`${adminPath}/`) ? 'admin' : undefined;
    if (!route) {
      if (typeof next === 'function') return next();
      return send(res, 404, { error: 'not found' });
    }
    try {
      // receipts and admin reads counted apart: an export from the office's address was refused after its pages'
      // receipts (CLI probe F7)
      // a preflight is not counted: it stores nothing, and a 429 to it is a network error to the page, which then
      // cannot read the Retry-After below (collector probe F10)
      if (!(route === 'receipts' && req.method === 'OPTIONS') && !limiter.take(`${route} ${clientOf(req, trustProxy)}`)) {
        res.setHeader('Retry-After', '60');
        // without them a browser on another origin sees no answer, only a network error, and retries at once
        if (route === 'receipts') allowCors(req, res);
        return send(res, 429, { error: 'rate limit: too many requests from this client' }, true);
      }
      if (route === 'receipts') return await receipts(req, res);
      return await admin(req, res, url);
    } catch (error) {
      log(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) {
        res.setHeader('Retry-After', '5');
        return send(res, 503, { error: 'storage unavailable: not stored, try again' });
      }
      res.destroy();
      return undefined;
    }
  };

  /** @param {Req} req @param {Res} res */
  async function receipts(req, res) {
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(req, origin)) {
      return send(res, 403, { error: `origin ${origin.slice(0, 100)} is not allowed` }, true);
    }
    allowCors(req, res);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      res.setHeader('Access-Control-Max-Age', '86400');
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      return send(res, 405, { error: 'POST a receipt' }, true);
    }
    // fetch sends application/json; sendBeacon a string body as text/plain (no preflight)
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json' && type !== 'text/plain') {
      return send(res, 415, { error: 'Content-Type application/json or text/plain expected' }, true);
    }
    const body = await readBody(req, BODY_LIMIT, bodyTimeoutMs);
    if ('error' in body) return send(res, body.status, { error: body.error }, true);
    const checked = parseReceipt(body.bytes, Date.now(), limits);
    if (!checked.ok) return send(res, checked.status, { error: checked.reason });
    const result = await store.insert(checked.receipt);
    if (result.status === 'conflict') {
      return send(res, 409, { error: 'receiptId already stored with another body' });
    }
    onStored?.(checked.receipt, result);
    return send(res, result.status === 'stored' ? 201 : 200, {
      receiptId: checked.receipt.receiptId, storedAt: new Date(result.storedAt).toISOString(), duplicate: result.status === 'duplicate',
    });
  }

  /**
   * CORS headers for an allowed origin when origins are configured. Retry-After is exposed: the
   * browser's queue waits for it after a 429 or 503 (a cross-origin page cannot read it otherwise),
   * and Date, which an HTTP-date Retry-After is counted from (the device's clock may be a day off).
   * @param {Req} req @param {Res} res
   */
  function allowCors(req, res) {
    const origin = req.headers.origin;
    if (origin === undefined || !origins.size || !originAllowed(req, origin)) return;
    res.setHeader('Access-Control-Allow-Origin', origins.has('*') ? '*' : origin);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Date');
    res.setHeader('Vary', 'Origin');
  }

  /** @param {Req} req @param {string} origin */
  function originAllowed(req, origin) {
    if (origins.has('*') || origins.has(origin)) return true;
    // its own origin always (mounted on the site itself, or behind its proxy): the listed ones are the others
    const host = (trustProxy && first(req.headers['x-forwarded-host'])) || req.headers.host;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }

  /** @param {Req} req @param {Res} res @param {URL} url */
  async function admin(req, res, url) {
    if (!adminDigest) return send(res, 404, { error: 'admin reads are off: start the collector with an admin token' });
    const auth = String(req.headers.authorization ?? '');
    const given = /^Bearer (.+)$/i.exec(auth)?.[1];
    if (!given || !timingSafeEqual(digest(given.trim()), adminDigest)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return send(res, 401, { error: 'admin token required' });
    }
    const sub = url.pathname.slice(adminPath.length);
    const q = url.searchParams;
    const consent = /^\/consents\/([^/]+)$/.exec(sub);
    if (consent) {
      // ids are plain ASCII: no decoding needed, and a malformed %-escape cannot throw
      const id = consent[1] ?? '';
      if (!isId(id)) return send(res, 400, { error: 'consentId: 8 to 64 of [A-Za-z0-9_-] expected' });
      if (req.method === 'GET') return send(res, 200, await store.history(id));
      if (req.method === 'DELETE') return send(res, 200, await store.deleteConsent(id));
      res.setHeader('Allow', 'GET, DELETE');
      return send(res, 405, { error: 'GET or DELETE' });
    }
    const range = times(q);
    if (typeof range === 'string') return send(res, 400, { error: range });
    if (sub === '/counts' && req.method === 'GET') return send(res, 200, await store.counts(range));
    if (sub === '/purge' && req.method === 'POST') {
      const raw = q.get('retentionDays');
      const days = raw === null ? retentionDays : /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
      if (!(days <= MAX_RETENTION_DAYS)) return send(res, 400, { error: `retentionDays: a whole number of days from 0 to ${MAX_RETENTION_DAYS} expected` });
      // 0 keeps every receipt, as it does for serve: never "purge all" (nor from an empty parameter)
      if (days === 0) return send(res, 200, { before: null, receipts: 0, partitionsDropped: [] });
      // counted from the newest receipt when the clock is past it (store.retentionCutoff)
      const { before } = await store.retentionCutoff(days);
      return send(res, 200, { before: before.toISOString(), ...(await store.purge(before)) });
    }
    if (sub === '/export' && req.method === 'GET') {
      const format = q.get('format') ?? 'ndjson';
      if (!FORMATS.includes(format)) return send(res, 400, { error: `format: one of ${FORMATS.join(', ')}` });
      const consentId = q.get('consentId') ?? undefined;
      if (consentId !== undefined && !isId(consentId)) return send(res, 400, { error: 'consentId: 8 to 64 of [A-Za-z0-9_-] expected' });
      res.writeHead(200, { 'Content-Type': contentType(format), 'Cache-Control': 'no-store' });
      res.write(header(format));
      for await (const r of store.export({ ...range, ...(consentId ? { consentId } : {}) })) {
        if (res.destroyed) return undefined;
        if (!res.write(line(r, format))) await drainedOrClosed(res);
      }
      res.end();
      return undefined;
    }
    return send(res, 404, { error: 'not found' });
  }

  return Object.assign(handler, {
    /** @param {string} pathname */
    matches: (pathname) => pathname === path || pathname.startsWith(`${adminPath}/`),
    close: () => { limiter.stop(); },
  });
}

/**
 * Resolves when `res` can take more, or is closed. Not Promise.race of two once(): the loser's listeners
 * stayed, two more at each pause of a slow reader (hundreds in one export, and a MaxListeners warning).
 * @param {Res} res
 */
function drainedOrClosed(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve(undefined);
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * `since` and `until` (ISO) of a query.
 * @param {URLSearchParams} q
 * @returns {{ since?: Date, until?: Date } | string}
 */
function times(q) {
  /** @type {{ since?: Date, until?: Date }} */
  const out = {};
  for (const key of /** @type {const} */ (['since', 'until'])) {
    const v = q.get(key);
    if (v === null) continue;
    const ms = parseIsoTime(v);
    if (ms === undefined) return `${key}: a real ISO 8601 date or time expected`;
    out[key] = new Date(ms);
  }
  return out;
}

/**
 * Reads the raw body: refused over `limit` bytes (413) or when not complete within `ms` (408, a
 * slow-loris client).
 * @param {Req} req @param {number} limit @param {number} ms
 * @returns {Promise<{ bytes: Uint8Array } | { status: number, error: string }>}
 */
function readBody(req, limit, ms) {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.resolve({ status: 413, error: `body over ${limit} bytes` });
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    const done = (/** @type {{ bytes: Uint8Array } | { status: number, error: string }} */ result) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if ('error' in result) req.pause();
      resolve(result);
    };
    const timer = setTimeout(() => { done({ status: 408, error: `body not received within ${ms} ms` }); }, ms);
    const onData = (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) done({ status: 413, error: `body over ${limit} bytes` });
      else chunks.push(chunk);
    };
    const onEnd = () => { done({ bytes: Buffer.concat(chunks) }); };
    const onError = () => { done({ status: 400, error: 'body aborted' }); };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Writes a JSON answer. `close` ends the connection after it: the rest of a refused body is not read.
 * @param {Res} res @param {number} status @param {unknown} body @param {boolean} [close]
 */
function send(res, status, body, close = false) {
  if (res.headersSent) {
    res.destroy();
    return undefined;
  }
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  if (close) res.setHeader('Connection', 'close');
  res.end(text, () => {
    if (close) res.socket?.destroySoon?.();
  });
  return undefined;
}

/** @param {string | string[] | undefined} v */
function first(v) {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The client a rate limit counts: the socket's address, or behind a trusted proxy the address
 * that proxy appended last to X-Forwarded-For (the earlier entries are the client's to invent).
 * @param {Req} req @param {boolean} trustProxy
 */
function clientOf(req, trustProxy) {
  if (trustProxy) {
    const hops = String(first(req.headers['x-forwarded-for']) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return req.socket?.remoteAddress ?? 'unknown';
}

/** @param {string} token */
function digest(token) {
  return createHash('sha256').update(token).digest();
}

/**
 * Per-client token buckets: `perMinute` requests a minute, in bursts of as many. Full buckets are
 * forgotten every minute, so the map holds only the clients seen lately.
 * @param {number} perMinute 0 or Infinity: no limit
 */
function tokenBuckets(perMinute) {
  /** @type {Map<string, { tokens: number, at: number }>} */
  const buckets = new Map();
  const off = !(perMinute > 0) || perMinute === Infinity;
  const rate = perMinute / 60_000;
  const refill = (/** @type {{ tokens: number, at: number }} */ b, /** @type {number} */ now) => {
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
  };
  const sweep = off ? undefined : setInterval(() => {
    const now = Date.now();
    for (const [key, b] of buckets) {
      refill(b, now);
      if (b.tokens >= perMinute) buckets.delete(key);
    }
  }, 60_000);
  sweep?.unref();
  return {
    /** @param {string} key */
    take(key) {
      if (off) return true;
      const now = Date.now();
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = { tokens: perMinute, at: now }));
      else refill(b, now);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    stop() { clearInterval(sweep); },
  };
}
