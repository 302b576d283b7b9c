import type { ConsentRuntime } from '../runtime/consent-runtime.js';
import { cleanNotGranted } from '../storage/cookie-cleaner.js';

/** After a withdrawal, sweeps again once the current task and then the page's own timers have run. */
const SETTLE_MS = [0, 1000];

/**
 * Keeps what services that are not granted declare (cookies, storage, IndexedDB) off the page,
 * as far as page script can: deleted at the start, before gated markup activates (so what a
 * withdrawn SDK wrote while the previous page unloaded is gone), on every withdrawal and for a
 * config set late; after a withdrawal also once the page has settled, when it is hidden or left
 * (an SDK's page-leave flush rewrites its cookie then) and when it comes back from the
 * back/forward cache. Returns the teardown.
 */
export function startSweeping({ store, options }: Pick<ConsentRuntime, 'store' | 'options'>): () => void {
  const sweep = (): void => {
    // our own cookie and storage keys all start with the cookie name: never taken by a broad "/regex/"
    cleanNotGranted(store.config, (s) => store.isGranted(s.category, s.id), options.cookieDomain, [new RegExp(`^${options.cookieName.replace(/\W/g, '\\$&')}`)]);
  };
  const timers: ReturnType<typeof setTimeout>[] = [];
  const settle = (): void => { for (const ms of SETTLE_MS) timers.push(setTimeout(sweep, ms)); };
  const onHide = (): void => { if (document.visibilityState === 'hidden') sweep(); };
  const onShow = (e: PageTransitionEvent): void => { if (e.persisted) { sweep(); settle(); } };
  let armed = false;
  const unbind = store.subscribe(({ revoked, cause }) => {
    if (!revoked.length && cause !== 'config') return;
    sweep();
    if (!revoked.length) return;
    settle();
    if (armed) return;
    // added now, after the SDK's own listeners: on the same event they run after its flush
    armed = true;
    addEventListener('pagehide', sweep);
    document.addEventListener('visibilitychange', onHide);
    addEventListener('pageshow', onShow);
  });
  sweep();
  return () => {
    unbind();
    for (const timer of timers) clearTimeout(timer);
    removeEventListener('pagehide', sweep);
    document.removeEventListener('visibilitychange', onHide);
    removeEventListener('pageshow', onShow);
  };
}
