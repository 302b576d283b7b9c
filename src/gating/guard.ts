import type { RuntimeFeature } from '../core/runtime-types.js';
import { logWarn, logWarnOnce } from '../shared/log.js';
import { documentBase, domainCovers } from '../shared/url.js';
import { handles } from './scan.js';

/**
 * The URL each script was refused, the last: a gated script a page makes with the DOM `src` first and `type="text/plain"`
 * after (`Object.assign(s, { src, type })`, a framework's attribute order) has none, and runs with it on consent
 * (gating/activate-script.ts), its URL guarded again then.
 */
export const refusedScriptUrls = new WeakMap<Element, string>();

/** A tracker host and the consent it needs; a string matches the host and its subdomains. */
export interface TrackerHost {
  host: string | RegExp;
  category: string;
  service?: string;
}

const BLANK = 'about:blank';
/**
 * The element properties (and attributes of the same name) through which a script starts a
 * request, as `Interface:names`. Elements the HTML parser creates never pass through them.
 */
const URL_PROPERTIES = 'Image:src srcset,Source:src srcset,Script:src,IFrame:src,Media:src,Video:poster,Link:href imageSrcset,Embed:src,Object:data,Input:src';

/** A declared host as compared: lower-case (punycode for a Unicode name), no leading or trailing dot. */
function normalHost(name: string): string {
  try {
    name = new URL(`http://${name}`).hostname;
  } catch {
    name = name.toLowerCase();
  }
  return name.replace(/^\.|\.$/g, '');
}

/** Whether a request's host (lower-case, as `URL` gives it) is `t`'s host or under it, or matches its pattern. */
export function hostMatches(host: string, t: TrackerHost): boolean {
  if (typeof t.host !== 'string') return host.search(t.host) >= 0;
  const name = normalHost(t.host);
  return !!name && domainCovers(name, host);
}

/**
 * Opt-in network guard for trackers that call the network themselves: while their
 * consent is missing, requests to those hosts (or their subdomains) that page code
 * starts fail the way the browser fails them: `navigator.sendBeacon` sends nothing and
 * returns false; `fetch` rejects with a TypeError "blocked by migu-consent"; `fetchLater` queues
 * nothing and returns `{ activated: false }`; an
 * XMLHttpRequest fails as on a network error; `new WebSocket()` / `new EventSource()`
 * throw a "SecurityError" DOMException; an image, source, media, script, frame, link,
 * embed or object URL set as a property or with `setAttribute` (or given to
 * `new Audio()`) is not set (a script then fires `error`). One console warning per host. Decided per call, so a grant or a
 * withdrawal applies at once; `hosts` is read at each call too. Relative URLs are
 * resolved against `document.baseURI` (read through Node.prototype: markup can shadow it). Returns the function that takes the guard off.
 */
export function guardTrackerHosts(
  hosts: readonly TrackerHost[],
  isGranted: (category: string, service?: string) => boolean,
): () => void {
  const guards = liveGuards();
  let on = true;
  // the declared host refusing `input`, if any: the gate's stamping asks for it (gating/template-hosts.ts)
  const ours = (input: unknown): TrackerHost | undefined => {
    let host: string;
    try {
      host = new URL(input instanceof Request ? input.url : String(input), documentBase(document)).hostname.replace(/\.$/, '');
    } catch {
      return undefined; // the browser refuses it anyway
    }
    return hosts.find((t) => {
      if (!hostMatches(host, t)) return false;
      let granted = false;
      try {
        granted = isGranted(t.category, t.service);
      } catch {
        // no answer is no consent
      }
      // once a page: the first stage's guard and the runtime's that takes over would each say it
      if (!granted) logWarnOnce(document, 'gating', `requests to ${host} are blocked until "${t.service ?? t.category}" is granted`);
      return !granted;
    });
  };
  // taken off, this guard's wrappers stay where page code kept them (`const send = fetch` after the guard
  // was in; an app replacing <migu-consent> in one task, whose old runtime ends after the new one wrapped
  // them): they ask the guards on now, the first stage's successor or the new element's runtime
  const blocked = (input: unknown): unknown => (on ? ours(input) : [...guards].some((guard) => guard(input)));
  /**
   * Whether `el` may not take `value` as its URL `name`. A URL list (`srcset`): refused when any candidate is; splitting at
   * each comma may refuse more, never less. A gated script (`type="text/plain"`) fetches nothing and keeps its URL: a tag
   * made with the DOM before consent (`s.type = 'text/plain'; s.src = …`) lost it and never ran; the copy gating runs on
   * consent sets it again, through this guard.
   */
  const refused = (el: unknown, name: string, value: unknown): unknown =>
    !(el instanceof HTMLScriptElement && handles(el))
    // the URL an image shows (a withdrawal pins a shown image to it): taken from the loaded images, unfetched;
    // refused, the src from before its srcset stayed, which the browser then fetched
    && !(el instanceof HTMLImageElement && el.complete && value === el.currentSrc)
    && (/srcset/i.test(name) ? String(value).split(',').some((part) => blocked(part.trim().split(/\s/)[0])) : blocked(value));
  /**
   * Refuses a script's URL the way a failed load looks: an `error` event, which a loader waiting for it needs;
   * none for a script made a gated one meanwhile, which its copy's load or error reaches on consent.
   */
  const refuse = (el: unknown, value: unknown): void => {
    if (el instanceof HTMLScriptElement) {
      refusedScriptUrls.set(el, String(value));
      setTimeout(() => { if (!handles(el)) el.dispatchEvent(new Event('error')); });
    }
  };

  const undo: (() => void)[] = [];
  /** What a page made read-only before us is left as it is, said once: a throw here stopped everything. */
  const cannot = (what: string): void => {
    logWarn('gating', `${what} is read-only on this page: requests through it are not guarded`);
  };
  /** Replaces `target[key]` by `wrap(original)`; the undo puts back only what is still ours. */
  const swap = <T, K extends keyof T>(target: T, key: K, wrap: (original: T[K]) => T[K]): void => {
    const original = target[key];
    if (typeof original !== 'function') return;
    const ours = wrap(original);
    try {
      target[key] = ours;
    } catch {
      return cannot(String(key));
    }
    // an accessor whose setter ignores the write (a library's getter) throws nothing
    if (target[key] !== ours) return cannot(String(key));
    undo.push(() => { if (target[key] === ours) target[key] = original; });
  };
  const g = globalThis as unknown as Record<string, unknown>;
  const nav = navigator;
  const xhr = XMLHttpRequest.prototype;

  swap(nav, 'sendBeacon', (sendBeacon) => (url, data) => !blocked(url) && sendBeacon.call(nav, url, data));
  swap(globalThis, 'fetch', (fetch) => (input, init) =>
    (blocked(input) ? Promise.reject(new TypeError('blocked by migu-consent')) : fetch(input, init)));
  // Chromium's deferred fetch, made for page-leave beacons: refused, it is never queued (nothing activates)
  swap(g, 'fetchLater', (fetchLater) => (input: unknown, init?: unknown) =>
    (blocked(input) ? { activated: false } : (fetchLater as (input: unknown, init?: unknown) => unknown)(input, init)));
  // decided at send(), when the request would leave: a request opened earlier, or before a withdrawal, is caught too
  const opened = new WeakMap<XMLHttpRequest, [url: unknown, async: boolean]>();
  // the original, called with its own `this` below
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { open } = xhr;
  swap(xhr, 'open', () => function (this: XMLHttpRequest, ...args: unknown[]) {
    opened.set(this, [args[1], args.length < 3 || Boolean(args[2])]);
    (open as (...a: unknown[]) => void).apply(this, args);
  });
  swap(xhr, 'send', (send) => function (this: XMLHttpRequest, body) {
    const [url, async = true] = opened.get(this) ?? [];
    // about:blank fails as a network error, with the events of one
    if (url !== undefined && blocked(url)) open.call(this, 'GET', BLANK, async);
    send.call(this, body);
  });
  for (const name of ['WebSocket', 'EventSource', 'Audio']) {
    swap(g, name, (original) => new Proxy(original as new (...args: unknown[]) => object, {
      construct(target, args, newTarget) {
        if (args.length && blocked(args[0])) {
          // `new Audio(url)` sets its src without the setter: made without it, as a refused src
          if (name === 'Audio') args = [];
          else throw new DOMException(`${name} blocked by migu-consent`, 'SecurityError');
        }
        return Reflect.construct(target, args, newTarget) as object;
      },
    }));
  }

  const guarded: [kind: new () => Element, name: string][] = [];
  for (const entry of URL_PROPERTIES.split(',')) {
    const [kind, names] = entry.split(':');
    const type = g[`HTML${kind}Element`] as (new () => Element) | undefined;
    if (!type) continue;
    const { prototype } = type;
    for (const name of names.split(' ')) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      // the browser's own accessor, called with the element as `this`
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const set = descriptor?.set;
      if (!set) continue;
      if (!descriptor.configurable) {
        cannot(name);
        continue;
      }
      const guardedSet = function (this: unknown, value: unknown): void {
        if (refused(this, name, value)) refuse(this, value);
        else set.call(this, value);
      };
      Object.defineProperty(prototype, name, { ...descriptor, set: guardedSet });
      guarded.push([type, name.toLowerCase()]); // as setAttribute names it: imagesrcset
      undo.push(() => {
        if (Object.getOwnPropertyDescriptor(prototype, name)?.set === guardedSet) Object.defineProperty(prototype, name, descriptor);
      });
    }
  }
  swap(Element.prototype, 'setAttribute', (setAttribute) => function (this: Element, name, value) {
    const lower = String(name).toLowerCase();
    if (guarded.some(([type, n]) => n === lower && this instanceof type) && refused(this, lower, value)) refuse(this, value);
    else setAttribute.call(this, name, value);
  });
  guards.add(ours);
  return () => {
    on = false;
    guards.delete(ours);
    for (const fn of undo) fn();
  };
}

/**
 * The host guards on now, of every bundle on the page (the script build's first stage and runtime,
 * an npm build's runtime): a global symbol, as they come in different files.
 */
const LIVE = Symbol.for('migu-consent.guards');
export const liveGuards = (): Set<(input: unknown) => unknown> =>
  ((globalThis as { [LIVE]?: Set<(input: unknown) => unknown> })[LIVE] ??= new Set());

/** The guard as a runtime feature: `addRuntimeFeature(trackerGuard([...]))` before `<migu-consent>` starts. */
export const trackerGuard = (hosts: readonly TrackerHost[]): RuntimeFeature => (runtime) =>
  guardTrackerHosts(hosts, (category, service) => runtime.store.isGranted(category, service));
