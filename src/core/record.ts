import { fnv1a } from './hash.js';

/**
 * What the consent cookie holds: only a user's choice (a signal is never stored).
 * Refusals are implied: a category not listed as granted at `updatedAt` was refused.
 */
export interface ConsentRecord {
  revision: string;
  consentId: string;
  /** Epoch milliseconds of the decision. */
  updatedAt: number;
  /** Granted category ids (necessary is implied). */
  categories: string[];
  /** Services switched off inside a granted category, and the separate ones not granted there (core/policy.ts withSeparateRefusals). */
  servicesOff: string[];
  /** Services that need separate consent and were granted explicitly. */
  servicesOn: string[];
  /** A guardian confirmed the grants of a user under 14 (PIPL Art. 31). */
  guardian?: boolean;
  /** Taken from the native app that opened the page (state source `app`). */
  app?: boolean;
  /** Handed over by a sibling site's link (state source `sibling`, docs/sibling-domains.md). */
  sibling?: boolean;
  /** Made while a DNT / GPC signal was honoured: an opt-in over it, which outlasts it (core/policy.ts evaluate). */
  overSignal?: boolean;
}

export const RECORD_VERSION = '1';
export const MAX_RECORD_BYTES = 300;

// an id as written, or as `$` + its hash when the ids written out would not fit (encodeRecord)
const LIST = /^(?:(?:[A-Za-z][A-Za-z0-9_-]{0,39}|\$[a-z0-9]{1,7})(?:~(?:[A-Za-z][A-Za-z0-9_-]{0,39}|\$[a-z0-9]{1,7}))*)?$/;
const REVISION = /^[A-Za-z0-9_-]{1,32}$/;
const HASHED_REVISION = /^\$[a-z0-9]{1,7}$/;
const CONSENT_ID = /^[a-z0-9]{8,32}$/;
const TIME = /^[a-z0-9]{1,11}$/;

/** Revisions go into the cookie as-is when short and plain, else as a hash. */
export function revisionTag(revision: string): string {
  return REVISION.test(revision) || HASHED_REVISION.test(revision) ? revision : `$${fnv1a(revision)}`;
}

/** Whether a list of the record holds `id`, written out or as its hash (see encodeRecord). */
export const listed = (list: readonly string[], id: string): boolean => list.includes(id) || list.includes(`$${fnv1a(id)}`);

/**
 * `1.rev.id.time.flags.cats.off.on.sum` (flags: `g` = guardian-confirmed, `a` = from the app, `s` = from a sibling site, `o` = made over a signal): versioned, cookie-safe without escaping,
 * with a checksum so a truncated, extended or altered value is detected.
 * When the ids written out make it longer than {@link MAX_RECORD_BYTES} (many services switched
 * off, long ids), each id longer than its hash is written as `$` + hash ({@link listed} reads both;
 * a reader of before this form takes the value for no choice, never for a grant).
 * Returns undefined when even that is too long. `max`: the longest value the storage keeps (the cookie's
 * 300 bytes less its `name=`, cookie-jar.ts).
 */
export function encodeRecord(record: ConsentRecord, max = MAX_RECORD_BYTES): string | undefined {
  return encodeWith(record, (id) => id, max) ?? encodeWith(record, (id) => {
    const tag = `$${fnv1a(id)}`;
    // an id kept as read (another subdomain's, store.ts) may be a hash already
    return tag.length < id.length && !id.startsWith('$') ? tag : id;
  }, max);
}

function encodeWith(record: ConsentRecord, write: (id: string) => string, max: number): string | undefined {
  const list = (ids: string[]): string => ids.map(write).join('~');
  const body = [
    RECORD_VERSION,
    revisionTag(record.revision),
    record.consentId,
    Math.max(0, Math.floor(record.updatedAt)).toString(36),
    (record.guardian ? 'g' : '') + (record.app ? 'a' : '') + (record.sibling ? 's' : '') + (record.overSignal ? 'o' : ''),
    list(record.categories),
    list(record.servicesOff),
    list(record.servicesOn),
  ].join('.');
  const value = `${body}.${fnv1a(body)}`;
  return value.length <= max ? value : undefined;
}

/**
 * Decodes a stored value. Never throws: anything missing, malformed, tampered
 * with or of another version is `undefined`, which means "no choice".
 * `revision` in the result is the tag as stored (compare with `revisionTag()`), and the lists'
 * ids as stored (ask them with {@link listed}).
 */
export function decodeRecord(value: unknown): ConsentRecord | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RECORD_BYTES) return undefined;
  const parts = value.split('.');
  if (parts.length !== 9) return undefined;
  const [version, revision, consentId, time, flags, cats, off, on, sum] = parts as [
    string, string, string, string, string, string, string, string, string];
  if (version !== RECORD_VERSION) return undefined;
  if (fnv1a(parts.slice(0, 8).join('.')) !== sum) return undefined;
  if (!/^g?a?s?o?$/.test(flags)) return undefined;
  if (!(REVISION.test(revision) || HASHED_REVISION.test(revision))) return undefined;
  if (!CONSENT_ID.test(consentId) || !TIME.test(time)) return undefined;
  if (!LIST.test(cats) || !LIST.test(off) || !LIST.test(on)) return undefined;
  const updatedAt = parseInt(time, 36);
  if (!Number.isSafeInteger(updatedAt)) return undefined;
  const list = (s: string): string[] => (s ? s.split('~') : []);
  const record: ConsentRecord = {
    revision, consentId, updatedAt, categories: list(cats), servicesOff: list(off), servicesOn: list(on),
  };
  if (flags.includes('g')) record.guardian = true;
  if (flags.includes('a')) record.app = true;
  if (flags.includes('s')) record.sibling = true;
  if (flags.includes('o')) record.overSignal = true;
  return record;
}
