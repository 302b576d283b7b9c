import type { ResolvedConfig } from '../core/types.js';
import type { RuntimeFeature } from '../runtime/bootstrap.js';

/** A tracker host and the consent it needs; a string matches the host and its subdomains. */
export interface TrackerHost {
  host: string | RegExp;
  category: string;
  service?: string;
}

const BLANK = 'about:blank';

/**
 * Opt-in network guard for trackers that call the network themselves: while their
 * consent is missing, `navigator.sendBeacon` to those hosts sends nothing and returns
 * false, `fetch` (keepalive or not) rejects with a TypeError "blocked by migu-consent",
 * and an XMLHttpRequest fails as on a network error. Decided per call, so a grant or a
 * withdrawal applies at once. Returns the function that takes the guard off.
 */
export function guardTrackerHosts(
  hosts: readonly TrackerHost[],
  isGranted: (category: string, service?: string) => boolean,
): () => void {
  const blocked = (input: unknown): boolean => {
    let host: string;
    try {
      host = new URL(input instanceof Request ? input.url : String(input), location.href).hostname;
    } catch {
      return false; // the browser refuses it anyway
    }
    return hosts.some((t) => {
      const match = typeof t.host === 'string'
        ? host === t.host.toLowerCase() || host.endsWith(`.${t.host.toLowerCase()}`)
        : host.search(t.host) >= 0;
      try {
        return match && !isGranted(t.category, t.service);
      } catch {
        return true; // no answer is no consent
      }
    });
  };
  const nav = navigator;
  const xhr = XMLHttpRequest.prototype;
  // the originals, called with their own `this` below and put back on teardown
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { sendBeacon } = nav, { fetch } = globalThis, { open } = xhr;
  const beacon: typeof sendBeacon = (url, data) => !blocked(url) && sendBeacon.call(nav, url, data);
  const guardedFetch: typeof fetch = (input, init) =>
    blocked(input) ? Promise.reject(new TypeError('blocked by migu-consent')) : fetch(input, init);
  const guardedOpen = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    (open as (...args: unknown[]) => void).call(this, method, blocked(url) ? BLANK : url, ...rest);
  };
  if (typeof sendBeacon === 'function') nav.sendBeacon = beacon;
  if (typeof fetch === 'function') globalThis.fetch = guardedFetch;
  xhr.open = guardedOpen;
  return () => {
    // only what is still ours: a wrapper added on top of ours stays
    if (nav.sendBeacon === beacon) nav.sendBeacon = sendBeacon;
    if (globalThis.fetch === guardedFetch) globalThis.fetch = fetch;
    if (xhr.open === guardedOpen) xhr.open = open;
  };
}

/** The `hosts` the site config declares on its services. */
export const declaredHosts = (config: ResolvedConfig): TrackerHost[] => config.categories.flatMap((c) =>
  c.services.flatMap((s) => s.hosts.map((host) => ({ host, category: c.id, service: s.id }))));

/**
 * The guard for the `hosts` the site config declares on its services; nothing is
 * wrapped when no service declares any.
 */
export const hostGuardFeature: RuntimeFeature = (runtime) => {
  const hosts = declaredHosts(runtime.store.config);
  return hosts.length ? guardTrackerHosts(hosts, (category, service) => runtime.store.isGranted(category, service)) : undefined;
};

/** The guard as a runtime feature: `addRuntimeFeature(trackerGuard([...]))` before `<migu-consent>` starts. */
export const trackerGuard = (hosts: readonly TrackerHost[]): RuntimeFeature => (runtime) =>
  guardTrackerHosts(hosts, (category, service) => runtime.store.isGranted(category, service));
