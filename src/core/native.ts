import type { Choice, ConsentState } from './types.js';

/**
 * A choice made in the native app that opened the page (CONTRACT.md, "Native app bridge"), as
 * `MiguConsentNative.getConsent()` returns it in JSON, and as the page reports its own decisions
 * back through `postConsent()`.
 */
export interface NativeConsent {
  revision: string;
  /** ISO time of the decision in the app. */
  updatedAt: string;
  categories: Record<string, boolean>;
  services?: Record<string, boolean>;
  /** The app's choice wins even over a newer choice made on the web. */
  authoritative?: boolean;
  /** For a user under 14: the app obtained a guardian's confirmation of these grants. */
  guardian?: boolean;
  /** Page to app only: the user asked to be asked again (`reset()`); the app forgets its choice. */
  reset?: true;
}

/** A native choice that passed `parseNativeConsent()`: times as epoch ms, one flat choice. */
export interface NativeChoice {
  revision: string;
  updatedAt: number;
  choice: Choice;
  authoritative: boolean;
  guardian: boolean;
}

const MAX_JSON = 8192;
const ID = /^[A-Za-z][\w-]{0,39}$/;
/** What is wrong with an app's value, in one message (the bridge is the app developer's to fix). */
const SHAPE = 'not the JSON of docs/native-app.md';

/**
 * Reads the app's JSON. `''` (the app has no choice) is `undefined`; anything malformed is a
 * string saying what is wrong, so the caller can warn and go on as without an app.
 */
export function parseNativeConsent(text: unknown): NativeChoice | string | undefined {
  if (text === '' || text == null) return undefined;
  const bad = `${SHAPE}, got ${typeof text === 'string' ? text.slice(0, 200) : typeof text}`;
  let v: unknown;
  try {
    if (typeof text === 'string' && text.length <= MAX_JSON) v = JSON.parse(text);
  } catch {
    return bad;
  }
  if (!isMap(v) || typeof v.revision !== 'string' || !v.revision) return bad;
  const updatedAt = typeof v.updatedAt === 'string' ? Date.parse(v.updatedAt) : NaN;
  if (!Number.isFinite(updatedAt)) return bad;
  const choice: Choice = {};
  for (const map of [v.categories, v.services ?? {}]) {
    if (!isMap(map)) return bad;
    for (const [id, granted] of Object.entries(map)) {
      if (!ID.test(id) || typeof granted !== 'boolean') return bad;
      if (id !== 'necessary') choice[id] = granted;
    }
  }
  if (![v.authoritative, v.guardian].every((flag) => flag === undefined || typeof flag === 'boolean')) return bad;
  return { revision: v.revision, updatedAt, choice, authoritative: v.authoritative === true, guardian: v.guardian === true };
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether the app's choice replaces the page's: only for the page's own revision, and only when
 * it is newer than the choice stored on the web (or the app marks it authoritative). A choice
 * of the same time is the one already taken (or reported back), so it is not taken again.
 */
export function nativeWins(native: NativeChoice, page: { revision: string; stored: number | undefined }): boolean {
  if (native.revision !== page.revision) return false;
  if (page.stored === undefined) return true;
  // the same moment is the same decision, whichever side stored it: taking it again would only repeat it
  if (native.updatedAt === page.stored) return false;
  return native.updatedAt > page.stored || native.authoritative;
}

/** The JSON the page reports to the app after a decision made in the page (`reset`: a reset()). */
export function nativeConsentOf(state: ConsentState, now: number, reset = false): NativeConsent {
  return {
    revision: state.revision,
    updatedAt: state.updatedAt || new Date(now).toISOString(),
    categories: { ...state.categories },
    services: { ...state.services },
    ...(reset ? { reset: true as const } : {}),
  };
}
