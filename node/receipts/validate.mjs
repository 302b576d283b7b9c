// Validation of a receipt body exactly as the browser sends it (src/core/receipts.ts, makeReceipt):
// { receiptId, consentId, revision, timestamp, action, categories, services, source, signals, page }.
// `action` is optional: CONTRACT.md's receipt has the other nine fields alone, and a sender built from it (an app,
// another client) was refused with `missing field "action"` (conformance probe F3). Sent, it is checked as before.
// Strict on purpose: everything stored is proof, so anything the client never sends is refused with
// a reason instead of being stored half-understood. The browser retries a refused receipt on later pages
// (src/runtime/receipts-feature.ts), so only what can never be stored is refused.
import { FUTURE_SKEW } from '../../dist/core/policy.js';

/**
 * Largest body taken, in bytes: a real receipt is well under 2 KiB, and the largest the default limits allow (64
 * categories and 256 services with ids of 64 characters, a revision of 200 and a page of 2,048 characters, each
 * character written as a \u escape) is about 38 KiB. 16 KiB refused some of those for good (CLI probe F4).
 */
export const BODY_LIMIT = 48 * 1024;

/** randomId() in src/core/hash.ts: 16 chars of [a-z0-9]; other clients (apps) may use up to 64 of [A-Za-z0-9_-]. */
const ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Category and service ids, as a site config names them. */
const KEY = /^[A-Za-z0-9_.:-]{1,64}$/;
/** An ISO 8601 date, or date and time (seconds, fraction and zone optional): parseIsoTime checks the values. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;
/** PostgreSQL's timestamptz takes UTC offsets up to 15:59 either way (real ones go from -12:00 to +14:00). */
const MAX_OFFSET_MINUTES = 15 * 60 + 59;
/**
 * The longest `revision` taken: the most the element's `revision` attribute takes (src/runtime/option-checks.ts), and
 * so the most the browser sends. 64 refused every receipt of a page whose revision was longer (a policy's date and
 * title, its URL): all of them, on every page load, none ever stored (CLI probe 2 F1).
 */
export const MAX_REVISION = 200;
/**
 * pageOf() in src/core/receipts.ts: `${protocol}//${host}${pathname}` of an http(s) page, so never
 * credentials, a query or a fragment ('' when the page URL could not be parsed).
 */
const PAGE = /^https?:\/\/[^\s/\\?#@]+\/[^\s?#]*$/;
// C0, DEL and C1 (U+0085, NEL, ends a line for Python's str.splitlines(): probe F1)
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/**
 * The same but tab, line feed and carriage return: what a `revision` attribute written over two lines keeps (the
 * element trims only its ends), refused on every page before (CLI probe 2 O1). Both exports escape or quote them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_BUT_SPACING = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

// every DecisionCause of src/core/store.ts ('app': a choice taken from the native app bridge;
// 'sibling': one handed over by a sibling site's link)
export const ACTIONS = ['accept-all', 'reject-all', 'update', 'reset', 'app', 'sibling'];
export const SOURCES = ['user', 'signal', 'default', 'app', 'sibling'];
const FIELDS = ['receiptId', 'consentId', 'revision', 'timestamp', 'action', 'categories', 'services', 'source', 'signals', 'page'];
/** Fields a receipt may leave out: the browser sends `action`, the contract's receipt has none. */
export const OPTIONAL_FIELDS = ['action'];

/** @typedef {import('./index.mjs').Receipt} Receipt */
/** @typedef {{ ok: true, receipt: Receipt } | { ok: false, status: number, reason: string }} Checked */

/**
 * Limits of what is accepted; the defaults suit the browser client.
 * @typedef {object} Limits
 * @property {number} [maxFutureSkewMs] a timestamp further ahead of the server's clock is refused (default one
 *   day: the skew the page itself allows a decision's date, FUTURE_SKEW of src/core/policy.ts)
 * @property {number} [maxAgeMs] an older timestamp is refused (default 400 days: the queue is retried on later visits)
 * @property {number} [maxCategories] default 64
 * @property {number} [maxServices] default 256
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * Parses and checks a body.
 * @param {Uint8Array} bytes the raw body
 * @param {number} now server time, ms
 * @param {Limits} [limits]
 * @returns {Checked}
 */
export function parseReceipt(bytes, now, limits = {}) {
  if (bytes.length > BODY_LIMIT) return fail(413, `body over ${BODY_LIMIT} bytes`);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail(400, 'body is not valid UTF-8');
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(400, 'body is not JSON');
  }
  const twice = duplicateKey(text);
  if (twice !== undefined) return fail(422, `field "${short(twice)}" given twice`);
  return checkReceipt(value, now, limits);
}

/**
 * A key that an object of valid JSON `text` has twice, as JSON.parse reads it (escapes undone). JSON.parse
 * keeps the last: a body saying "reject-all", then "accept-all", was stored as accept-all (collector probe F8).
 * @param {string} text
 * @returns {string | undefined}
 */
function duplicateKey(text) {
  /** @type {(Set<string> | undefined)[]} the keys of each open object; undefined for an array */
  const open = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') open.push(new Set());
    else if (c === '[') open.push(undefined);
    else if (c === '}' || c === ']') open.pop();
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open[open.length - 1];
      let next = end + 1;
      while (' \t\n\r'.includes(text[next] ?? '.')) next++;
      if (keys && text[next] === ':') {
        const key = /** @type {string} */ (JSON.parse(text.slice(i, end + 1)));
        if (keys.has(key)) return key;
        keys.add(key);
      }
      i = end;
    }
  }
  return undefined;
}

/**
 * Checks a parsed body and returns a clean copy (own plain properties only).
 * @param {unknown} value
 * @param {number} now server time, ms
 * @param {Limits} [limits]
 * @returns {Checked}
 */
export function checkReceipt(value, now, limits = {}) {
  // a device whose clock is fast dates its decisions ahead: taken as far as the page trusts such a date (its
  // record stays valid, the server's cookie check agrees); the stored row keeps the server's time beside it
  const { maxFutureSkewMs = FUTURE_SKEW, maxAgeMs = 400 * DAY, maxCategories = 64, maxServices = 256 } = limits;
  if (!isPlainObject(value)) return fail(422, 'body is not a JSON object');
  for (const key of Object.keys(value)) if (!FIELDS.includes(key)) return fail(422, `unknown field "${short(key)}"`);
  for (const key of FIELDS) if (!OPTIONAL_FIELDS.includes(key) && !Object.hasOwn(value, key)) return fail(422, `missing field "${key}"`);
  const v = /** @type {Record<string, unknown>} */ (value);

  if (typeof v.receiptId !== 'string' || !ID.test(v.receiptId)) return fail(422, 'receiptId: 8 to 64 of [A-Za-z0-9_-] expected');
  if (typeof v.consentId !== 'string' || !ID.test(v.consentId)) return fail(422, 'consentId: 8 to 64 of [A-Za-z0-9_-] expected');
  const revision = v.revision === '' ? 'empty' : textFault(v.revision, MAX_REVISION, CONTROL_BUT_SPACING);
  if (revision) return fail(422, `revision: ${revision} (1 to ${MAX_REVISION} characters expected)`);
  const time = typeof v.timestamp === 'string' ? parseIsoTime(v.timestamp, { zone: true }) : undefined;
  if (typeof v.timestamp !== 'string' || time === undefined) {
    return fail(422, 'timestamp: an ISO 8601 date and time with Z or an offset (at most ±15:59) expected, every field real');
  }
  if (time > now + maxFutureSkewMs) return fail(422, `timestamp: more than ${duration(maxFutureSkewMs)} ahead of the server's clock`);
  if (time < now - maxAgeMs) return fail(422, `timestamp: older than ${Math.round(maxAgeMs / DAY)} days`);
  // absent is taken; sent, it is one of the browser's (null, '' or another word is refused as before)
  const hasAction = Object.hasOwn(v, 'action');
  if (hasAction && (typeof v.action !== 'string' || !ACTIONS.includes(v.action))) return fail(422, `action: one of ${ACTIONS.join(', ')} expected`);
  if (typeof v.source !== 'string' || !SOURCES.includes(v.source)) return fail(422, `source: one of ${SOURCES.join(', ')} expected`);

  const categories = booleans(v.categories, maxCategories);
  if (typeof categories === 'string') return fail(422, `categories: ${categories}`);
  const services = booleans(v.services, maxServices);
  if (typeof services === 'string') return fail(422, `services: ${services}`);

  const s = v.signals;
  if (!isPlainObject(s) || Object.keys(s).length !== 2 || typeof s.dnt !== 'boolean' || typeof s.gpc !== 'boolean') {
    return fail(422, 'signals: { dnt: boolean, gpc: boolean } expected');
  }
  const page = textFault(v.page, 2048) || (v.page !== '' && !PAGE.test(/** @type {string} */ (v.page)) ? 'a query, fragment, credentials, another scheme or no host' : '');
  if (page) return fail(422, `page: ${page} (an http(s) origin + path of at most 2048 characters expected)`);
  return {
    ok: true,
    receipt: {
      receiptId: v.receiptId,
      consentId: v.consentId,
      revision: /** @type {string} checked by textFault */ (v.revision),
      timestamp: v.timestamp,
      // left out when not sent: stored, hashed and exported as received
      ...(hasAction ? { action: /** @type {NonNullable<Receipt['action']>} */ (v.action) } : {}),
      categories,
      services,
      source: /** @type {Receipt['source']} */ (v.source),
      signals: { dnt: s.dnt, gpc: s.gpc },
      page: /** @type {string} checked by textFault */ (v.page),
    },
  };
}

/**
 * An ISO 8601 date (`2026-01-31`: midnight UTC) or date and time (`2026-01-31T08:00`, seconds and a
 * fraction optional; `Z`, an offset, or none for local time) as ms since the epoch; `undefined`
 * unless every field is real. Date.parse would roll "02-30" over into March and take a "+18:00"
 * that PostgreSQL then refuses: a receipt stored as another time, or refused as a storage failure.
 * @param {string} text
 * @param {{ zone?: boolean }} [options] `zone`: a time with `Z` or an offset is required
 * @returns {number | undefined}
 */
export function parseIsoTime(text, { zone = false } = {}) {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', sign, offsetHours = '0', offsetMinutes = '0'] = m;
  const hasZone = text.endsWith('Z') || sign !== undefined;
  if (zone && !hasZone) return undefined;
  const local = m[4] !== undefined && !hasZone; // a date alone is UTC, as in Date.parse
  const [y, mo, d, h, mi, sec] = [year, month, day, hour, minute, second].map(Number);
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h > 23 || mi > 59 || sec > 59 || Number(offsetMinutes) > 59 || Math.abs(offset) > MAX_OFFSET_MINUTES) return undefined;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  // set*FullYear, not the Date constructor: that one reads years 0 to 99 as 1900 to 1999
  const date = new Date(0);
  if (local) {
    date.setFullYear(y, mo - 1, d);
    date.setHours(h, mi, sec, ms);
    // a local time skipped by a daylight-saving change (02:30 on a spring-forward night) does not exist:
    // Date moved it an hour on, silently
    if (date.getDate() !== d || date.getHours() !== h || date.getMinutes() !== mi) return undefined;
    return storable(date.getTime());
  }
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, sec, ms);
  return storable(date.getTime() - offset * 60_000);
}

/** The first and last instants of years 1 to 9999, UTC. */
const FIRST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * `ms` when its UTC date is in years 1 to 9999, else undefined. Past them (0001-01-01T00:00+15:00 is in year 0 UTC),
 * a Date goes to PGlite as "0000-…" or "+010000-…", which it refuses: `export --until` failed with PostgreSQL's own
 * words, and an admin export answered 200 and then cut its connection (CLI probe 2 F4).
 * @param {number} ms
 */
function storable(ms) {
  return ms >= FIRST_MS && ms <= LAST_MS ? ms : undefined;
}

/** @param {number} year @param {number} month 1 to 12 */
function daysInMonth(year, month) {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0); // day 0 of the next month: the last of this one
  return date.getUTCDate();
}

/** An id as the admin reads take it (same rule as receiptId and consentId). */
export const isId = (/** @type {unknown} */ id) => typeof id === 'string' && ID.test(id);

/**
 * @param {unknown} value
 * @param {number} max entries
 * @returns {Record<string, boolean> | string} a clean copy, or what is wrong
 */
function booleans(value, max) {
  if (!isPlainObject(value)) return 'an object of booleans expected';
  const entries = Object.entries(value);
  if (entries.length > max) return `more than ${max} entries`;
  for (const [key, on] of entries) {
    if (!KEY.test(key)) return `id "${short(key)}": 1 to 64 of [A-Za-z0-9_.:-] expected`;
    if (typeof on !== 'boolean') return `"${key}" is not a boolean`;
  }
  // fromEntries defines own properties: a "__proto__" key stays data, never a prototype
  return /** @type {Record<string, boolean>} */ (Object.fromEntries(entries));
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why `value` is not a string PostgreSQL can store as text and jsonb (well-formed UTF-16, no lone surrogate, and
 * no control character, no NUL) of at most `max` characters; '' when it is. The reason is said: a 3-character
 * revision refused for "1 to 64 characters" sent the reader to its length (docs probe F9).
 * @param {unknown} value @param {number} max @param {RegExp} [control] the control characters refused
 */
function textFault(value, max, control = CONTROL) {
  if (typeof value !== 'string') return 'not a string';
  if (value.length > max) return `more than ${max} characters`;
  if (!value.isWellFormed()) return 'a lone surrogate';
  return control.test(value) ? 'a control character' : '';
}

/** Hostile keys are echoed in reasons: cut and cleaned. @param {string} text */
function short(text) {
  return text.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
}

/** A limit in words, in the largest unit it is a whole number of ("1 day", "90 min"). @param {number} ms */
function duration(ms) {
  const [unit, size] = /** @type {[string, number][]} */ ([['day', DAY], ['hour', HOUR], ['min', 60_000]]).find(([, u]) => ms % u === 0) ?? ['s', 1000];
  const n = ms / size;
  return `${n} ${unit}${n !== 1 && (unit === 'day' || unit === 'hour') ? 's' : ''}`;
}

/** @param {number} status @param {string} reason @returns {Checked} */
function fail(status, reason) {
  return { ok: false, status, reason };
}
