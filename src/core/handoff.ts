// The handoff of a choice between sibling sites (docs/sibling-domains.md): pure functions, no DOM.
// A link to a listed sibling carries `migu-consent-handoff=<value>` in its fragment (in its query
// when the link has a fragment of its own); the receiving page takes the choice when it is
// fresh, unused, for its revision and newer than its own, and grants only when the page was
// opened from a sibling site. The value is a consent record whose id slot holds a random
// one-time id (never the user's consent id), after the time the link was followed.
import { fnv1a, randomId } from './hash.js';
import type { ConsentRecord } from './record.js';
import { decodeRecord, encodeRecord } from './record.js';

/** The name of the URL parameter. */
export const HANDOFF_PARAM = 'migu-consent-handoff';
/** A handoff older than this is stale: the link was followed longer ago than a page takes to load. */
export const HANDOFF_MAX_AGE = 2 * 60_000;
/** Sender and receiver share the browser's clock: a few seconds "in the future" are rounding, more is made up. */
const FUTURE = 5_000;
const VERSION = 'h1';
/** `[?#&/]` before the name: `/` too, for a hash router that rewrote `#x` into `#/x` before we ran. */
const IN_URL = /([?#&/])migu-consent-handoff=([^&#]*)(&?)/;

/**
 * Whether a URL carries a handoff. Dependency-free, for a loader's first stage that leaves such a
 * page to the runtime (which takes or drops the handoff before the banner could show).
 */
export function hasHandoff(url: string): boolean {
  return /[?#&/]migu-consent-handoff=/.test(url);
}

/** A choice handed over in a URL. */
export interface Handoff {
  /** Random, for one-time use; also in the record's id slot. */
  id: string;
  /** When the link was followed (epoch ms), by the sending page's clock: the same browser's. */
  issuedAt: number;
  /** The choice: revision tag, decision time, grants, refusals implied; flags other than `guardian` never set. */
  record: ConsentRecord;
}

/** The value for a URL: `h1.<issued, base36>.<record>.<checksum>`; undefined when too long for a record. */
export function encodeHandoff(record: ConsentRecord, issuedAt: number, id = randomId(12)): string | undefined {
  const { revision, updatedAt, categories, servicesOff, servicesOn, guardian } = record;
  const inner = encodeRecord({ revision, consentId: id, updatedAt, categories, servicesOff, servicesOn, ...(guardian ? { guardian } : {}) });
  if (inner === undefined) return undefined;
  const body = `${VERSION}.${Math.max(0, Math.floor(issuedAt)).toString(36)}.${inner}`;
  return `${body}.${fnv1a(body)}`;
}

/** Reads a value; anything malformed, truncated or altered is undefined. Never throws. */
export function decodeHandoff(value: unknown): Handoff | undefined {
  if (typeof value !== 'string' || value.length > 400) return undefined;
  const m = /^h1\.([a-z0-9]{1,11})\.(.+)\.([a-z0-9]+)$/.exec(value);
  if (!m || fnv1a(value.slice(0, value.lastIndexOf('.'))) !== m[3]) return undefined;
  const record = decodeRecord(m[2]);
  // (flags other than guardian mean nothing here: the store makes a record of its own)
  return record && { id: record.consentId, issuedAt: parseInt(m[1] ?? '', 36), record };
}

/** The handoff value in a URL, if any (not decoded). */
export function handoffIn(url: string): string | undefined {
  return IN_URL.exec(url)?.[2];
}

/**
 * Whether a URL names a handoff in a form a server could turn into one: as it is, or percent-encoded
 * at any depth (a redirect's `?to=` holding a sibling's URL; letters may be encoded too, `%6Digu…`).
 */
export function mentionsHandoff(url: string): boolean {
  for (let i = 0; i < 9; i++) {
    if (/migu-consent-handoff=/i.test(url)) return true;
    url = url.replace(/%([\da-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return false;
}

/** The URL without its handoff (and without a separator left dangling). */
export function withoutHandoff(url: string): string {
  // `?h&q` -> `?q`, `?q&h` -> `?q`, `?h#x` -> `#x`, `#h` -> ``, `#/h` -> `#/`
  return url.replace(new RegExp(IN_URL.source, 'g'), (_, before: string, _value, after: string) => (after || before === '/' ? before : ''));
}

/**
 * The URL with `value` as its handoff (any handoff it had is dropped first; none is added when
 * `value` is undefined): in the fragment, or, when the URL has a fragment of its own (an anchor, a
 * hash route), in the query, so that the fragment keeps working.
 */
export function withHandoff(url: string, value: string | undefined): string {
  const clean = withoutHandoff(url);
  if (value === undefined) return clean;
  const hash = clean.indexOf('#');
  if (hash < 0) return `${clean}#${HANDOFF_PARAM}=${value}`;
  const head = clean.slice(0, hash);
  const join = !head.includes('?') ? '?' : /[?&]$/.test(head) ? '' : '&';
  return `${head}${join}${HANDOFF_PARAM}=${value}${clean.slice(hash)}`;
}

/** The listed sibling a host belongs to (the entry itself or a subdomain of it), if any. */
export function siblingOf(host: string, siblings: readonly string[]): string | undefined {
  return siblings.find((site) => `.${host}`.endsWith(`.${site}`));
}

/**
 * Whether a referrer is a page of a listed sibling other than the page's own site. A handoff
 * from the page's own site never comes from a link we decorated (links within one site carry
 * none: that is what cookie-domain is for), so it is treated as any other page's.
 */
export function fromSibling(referrer: string, siblings: readonly string[], pageHost: string): boolean {
  // a referrer is a serialized URL: lower-case host, no credentials; '' when none was sent
  const host = /^https?:\/\/([^/:?#]+)/.exec(referrer)?.[1];
  const site = host === undefined ? undefined : siblingOf(host, siblings);
  return site !== undefined && site !== siblingOf(pageHost, siblings);
}

/** Whether a record grants anything beyond necessary. */
export const grantsAny = (record: ConsentRecord): boolean => record.categories.length + record.servicesOn.length > 0;

/** What the receiving page knows when it checks a handoff. */
export interface HandoffContext {
  now: number;
  /** The page's revision tag (record.ts `revisionTag`). */
  revision: string;
  /** {@link fromSibling} of `document.referrer`. */
  fromSibling: boolean;
  /** {@link usedHandoffs} of this origin. */
  used: readonly string[];
}

/**
 * Why a handoff must not be taken, or undefined when it may (the store still takes it only when
 * it is newer than the page's own choice). `used`: the handoff ids already seen on this origin
 * ({@link usedHandoffs}). A refusal is taken from any page; a grant only from a sibling.
 */
export function refuseHandoff(handoff: Handoff, { now, revision, fromSibling: trusted, used }: HandoffContext): string | undefined {
  if (handoff.issuedAt > now + FUTURE || now - handoff.issuedAt > HANDOFF_MAX_AGE) return 'stale (good for 2 minutes)';
  if (used.includes(handoff.id)) return 'used before';
  if (handoff.record.revision !== revision) return `for revision ${handoff.record.revision}, not ${revision}`;
  if (!trusted && grantsAny(handoff.record)) return 'a grant, and document.referrer is no sibling site';
  return undefined;
}

/** How many used handoff ids an origin remembers: more than a user follows links in {@link HANDOFF_MAX_AGE}. */
const USED_KEPT = 20;

/**
 * The ids of handoffs seen on this origin (space-separated in storage), `add` included, the
 * latest {@link USED_KEPT}: a handoff older than those is stale by then.
 */
export function usedHandoffs(stored: string | null | undefined, add?: string): string[] {
  const ids = (stored ?? '').split(' ').filter(Boolean);
  if (add) ids.push(add);
  return ids.slice(-USED_KEPT);
}
