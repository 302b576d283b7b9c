import type { FeatureRuntime } from '../core/runtime-types.js';
import type { DeclaredKind } from '../storage/cookie-cleaner.js';
import { cleanNotGranted, notGrantedName } from '../storage/cookie-cleaner.js';

/**
 * Keeps what services that are not granted declare (cookies, storage, IndexedDB) off the page,
 * as far as page script can: deleted at the start, before gated markup activates (so what a
 * withdrawn SDK wrote while the previous page unloaded is gone), on every withdrawal and for a
 * config set late; after a withdrawal also once the page has settled, when it is hidden or left
 * (an SDK's page-leave flush rewrites its cookie then) and when it comes back from the
 * back/forward cache. After a withdrawal the page's own writes of those names (document.cookie,
 * cookieStore.set, localStorage / sessionStorage setItem) are dropped while the service stays withdrawn: an SDK that
 * keeps running (`revoke="none"`, or its page-leave handler) cannot write them back. Returns the teardown.
 */
export function startSweeping({ store, options }: Pick<FeatureRuntime, 'store' | 'options'>): () => void {
  // our own cookie and keys start with the cookie name or "migu-consent": never taken by a broad "/regex/"
  const own = [new RegExp(`^(${options.cookieName.replace(/\W/g, '\\$&')}|migu-consent)`)];
  const granted = (s: { category: string; id: string }): boolean => store.isGranted(s.category, s.id);
  let sweeping = false;
  const sweep = (): void => {
    sweeping = true;
    cleanNotGranted(store.config, granted, options.cookieDomain, own);
    sweeping = false;
  };
  const refused = (kind: DeclaredKind, name: string): boolean => !sweeping && notGrantedName(store.config, granted, kind, name, own);
  // once the current task, then the page's own early timers have run; cancelled by the teardown: a runtime removed
  // swept by its own store's choice up to a second later (a test's leftover sweep deleted the next test's cookie)
  const timers: ReturnType<typeof setTimeout>[] = [];
  const settle = (): void => { timers.push(setTimeout(sweep), setTimeout(sweep, 1000)); };
  const onHide = (): void => { if (document.visibilityState === 'hidden') sweep(); };
  const onShow = (e: PageTransitionEvent): void => { if (e.persisted) { sweep(); settle(); } };
  let armed = false;
  let unguard = (): void => undefined;
  const unbind = store.subscribe(({ revoked, cause }) => {
    if (!revoked.length && cause !== 'config') return;
    sweep();
    if (!revoked.length) return;
    settle();
    if (armed) return;
    // added now, after the SDK's own listeners: on the same event they run after its flush
    armed = true;
    unguard = guardWrites(refused);
    addEventListener('pagehide', sweep);
    document.addEventListener('visibilitychange', onHide);
    addEventListener('pageshow', onShow);
  });
  sweep();
  return () => {
    unbind();
    unguard();
    for (const timer of timers) clearTimeout(timer);
    removeEventListener('pagehide', sweep);
    document.removeEventListener('visibilitychange', onHide);
    removeEventListener('pageshow', onShow);
  };
}

/** Drops the page's writes of cookies and storage keys that `refused` names; returns the teardown. */
function guardWrites(refused: (kind: DeclaredKind, name: string) => boolean): () => void {
  const proto = Storage.prototype;
  // the originals, called with their own `this` below and put back on teardown
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { setItem } = proto;
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  // taken off while page code holds its wrapper (a saved setItem, another runtime's guard wrapping it: an
  // element replaced in one task), it asks the write guards on now
  const guards = liveWriteGuards();
  let on = true;
  const ours: WriteGuard = (kind, name) => refused(kind, name);
  const refuses: WriteGuard = (kind, name) => (on ? ours(kind, name) : [...guards].some((guard) => guard(kind, name)));
  guards.add(ours);
  const guardedSetItem = function (this: Storage, key: string, value: string): void {
    let kind: DeclaredKind = 'storage';
    try {
      if (this === sessionStorage) kind = 'sessionStorage';
    } catch {
      /* storage blocked: then nothing is written either */
    }
    if (!refuses(kind, String(key))) setItem.call(this, key, value);
  };
  try {
    proto.setItem = guardedSetItem;
  } catch {
    // made read-only by the page: its writes are swept at page leave and at the next start instead
  }
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { get, set } = cookie ?? {};
  const ownCookie = get && set ? { configurable: true, get, set(this: Document, value: string) {
    if (!refuses('cookies', String(value).split('=')[0]?.trim() ?? '')) set.call(this, value);
  } } : undefined;
  try {
    if (ownCookie) Object.defineProperty(document, 'cookie', ownCookie);
  } catch {
    // the page's own cookie property, not configurable: as above
  }
  // the Cookie Store API (Chromium, Firefox ESR 153, WebKit; secure contexts only), which Datadog RUM 7 writes its cookie with
  // (leftover probe F3): `set(name, value)` or `set({ name, … })`, dropped as a document.cookie write is
  const store = (globalThis as { CookieStore?: { prototype: CookieStoreLike } }).CookieStore?.prototype;
  const storeSet = store?.set;
  let guardedStoreSet: CookieStoreLike['set'] | undefined;
  if (store && storeSet) {
    // the arguments as given: an explicit undefined second one would pick set(name, value) for an options object
    guardedStoreSet = function (this: unknown, ...args: unknown[]): Promise<void> {
      const name = (args[0] as { name?: unknown } | undefined)?.name ?? args[0];
      return refuses('cookies', typeof name == 'string' ? name : '') ? Promise.resolve() : storeSet.apply(this, args);
    };
    try {
      store.set = guardedStoreSet;
    } catch {
      // read-only: as above
    }
  }
  return () => {
    on = false;
    guards.delete(ours);
    if (proto.setItem === guardedSetItem) proto.setItem = setItem;
    if (ownCookie && Object.getOwnPropertyDescriptor(document, 'cookie')?.set === ownCookie.set) delete (document as { cookie?: string }).cookie;
    if (store && storeSet && store.set === guardedStoreSet) store.set = storeSet;
  };
}

/** What of `CookieStore.prototype` the guard replaces (TypeScript's DOM types lack the API). */
interface CookieStoreLike { set: (...args: unknown[]) => Promise<void> }

/** The write guards on now, of every runtime on the page (an npm build's and the script build's): a global symbol. */
const LIVE_WRITES = Symbol.for('migu-consent.write-guards');
type WriteGuard = (kind: DeclaredKind, name: string) => boolean;
const liveWriteGuards = (): Set<WriteGuard> => ((globalThis as { [LIVE_WRITES]?: Set<WriteGuard> })[LIVE_WRITES] ??= new Set());
