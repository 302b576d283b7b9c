import { expect, oneEvent } from '@open-wc/testing';
import type { TrackerHost } from '../../src/gating/guard.js';
import { guardTrackerHosts } from '../../src/gating/guard.js';
import { scriptQueue } from '../../src/gating/activate-script.js';

/** Collects console.warn lines while the test runs. */
function recordWarnings(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => { lines.push(args.map(String).join(' ')); };
  return { lines, stop: () => { console.warn = original; } };
}

/** Whether the browser started a request for `url` (resource timing sees every one the page starts). */
const requested = (url: string): boolean => performance.getEntriesByName(new URL(url, location.href).href).length > 0;
let unique = 0;
/** A URL on the test server (guarded as `location.hostname`) that no other request used. */
const fresh = (path = '/__headers'): string => `${location.origin}${path}?guard=${String(Date.now())}-${String(unique++)}`;
const PIXEL = '/test/gating/fixtures/pixel.gif';

describe('tracker host guard', () => {
  const granted = new Set<string>();
  const isGranted = (c: string, s?: string): boolean => granted.has(c) && (s === undefined || granted.has(s));
  const calls: string[] = [];
  let restore: (() => void)[] = [];
  let warnings: ReturnType<typeof recordWarnings>;

  beforeEach(() => {
    granted.clear();
    calls.length = 0;
    warnings = recordWarnings();
    restore = [warnings.stop];
    performance.clearResourceTimings();
    // each test a new page as far as the once-a-page warnings go (shared/log.ts logWarnOnce on document)
    const doc = document as unknown as Record<symbol, unknown>;
    for (const key of Object.getOwnPropertySymbols(doc)) if (key.description?.startsWith('migu-consent.warned:')) Reflect.deleteProperty(doc, key);
  });
  afterEach(() => { for (const r of restore.reverse()) r(); });

  /** Replaces sendBeacon and fetch by recorders, so nothing reaches the network and every call is seen. */
  const record = (): void => {
    const nav = navigator as { sendBeacon: Navigator['sendBeacon'] };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, never called here
    const { sendBeacon } = nav, { fetch } = window;
    nav.sendBeacon = (url) => { calls.push(`beacon ${String(url)}`); return true; };
    window.fetch = (input) => { calls.push(`fetch ${input instanceof Request ? input.url : String(input)}`); return Promise.resolve(new Response('ok')); };
    restore.push(() => { nav.sendBeacon = sendBeacon; window.fetch = fetch; });
  };

  const guard = (hosts: TrackerHost[] = [
    { host: 'tracker.example', category: 'analytics' },
    { host: /^ads\d*\.example$/, category: 'marketing', service: 'adnet' },
    { host: location.hostname, category: 'analytics' },
  ]): void => {
    restore.push(guardTrackerHosts(hosts, isGranted));
  };

  it('sendBeacon to a guarded host (or a subdomain) sends nothing and returns false while denied', () => {
    record();
    guard();
    expect(navigator.sendBeacon('https://tracker.example/b', 'x')).to.equal(false);
    expect(navigator.sendBeacon('https://eu.tracker.example/b')).to.equal(false);
    expect(navigator.sendBeacon('https://ads2.example/b')).to.equal(false);
    expect(navigator.sendBeacon('https://other.example/b')).to.equal(true);
    expect(navigator.sendBeacon('https://nottracker.example/b')).to.equal(true, 'a suffix is not a subdomain');
    expect(calls).to.deep.equal(['beacon https://other.example/b', 'beacon https://nottracker.example/b']);
  });

  it('matches a host written with a trailing dot or in capitals, on either side', () => {
    record();
    guard([{ host: 'Tracker.Example.', category: 'analytics' }, { host: '.cdn.example', category: 'analytics' }, { host: /^ads\.example$/, category: 'analytics' }]);
    for (const url of ['https://tracker.example./b', 'https://TRACKER.EXAMPLE/b', 'https://eu.tracker.example./b', 'https://x.cdn.example/b', 'https://ads.example./b']) {
      expect(navigator.sendBeacon(url), url).to.equal(false);
    }
    expect(calls).to.deep.equal([]);
  });

  it('resolves relative URLs against document.baseURI, not location.href', async () => {
    record();
    guard([{ host: 'tracker.example', category: 'analytics' }]);
    const base = document.head.appendChild(Object.assign(document.createElement('base'), { href: 'https://tracker.example/app/' }));
    try {
      expect(navigator.sendBeacon('collect', 'x')).to.equal(false);
      expect(await fetch('/collect').then(() => 'sent', (e: unknown) => String(e))).to.equal('TypeError: blocked by migu-consent');
      const img = new Image();
      img.src = 'pixel.gif';
      expect(img.hasAttribute('src')).to.equal(false);
    } finally {
      base.remove();
    }
    expect(navigator.sendBeacon('collect', 'x')).to.equal(true, 'on the page\'s own host again');
    expect(calls).to.deep.equal(['beacon collect']);
  });

  it('decides per call: a grant lets calls through, a withdrawal stops them again', () => {
    record();
    guard();
    granted.add('analytics');
    expect(navigator.sendBeacon('https://tracker.example/b')).to.equal(true);
    granted.add('marketing');
    expect(navigator.sendBeacon('https://ads.example/b')).to.equal(false, 'the service is needed too');
    granted.add('adnet');
    expect(navigator.sendBeacon('https://ads.example/b')).to.equal(true);
    granted.clear();
    expect(navigator.sendBeacon('https://tracker.example/b')).to.equal(false);
    expect(calls).to.deep.equal(['beacon https://tracker.example/b', 'beacon https://ads.example/b']);
  });

  it('warns once per blocked host, also after a second guard took over (the runtime\'s, from the first stage\'s)', () => {
    record();
    const first = guardTrackerHosts([{ host: 'tracker.example', category: 'analytics' }], isGranted);
    navigator.sendBeacon('https://tracker.example/a');
    first();
    guard();
    navigator.sendBeacon('https://tracker.example/a');
    navigator.sendBeacon('https://tracker.example/b');
    void fetch('https://tracker.example/c').catch(() => undefined);
    navigator.sendBeacon('https://eu.tracker.example/a');
    navigator.sendBeacon('https://other.example/a');
    expect(warnings.lines).to.deep.equal([
      '[migu-consent:gating] requests to tracker.example are blocked until "analytics" is granted',
      '[migu-consent:gating] requests to eu.tracker.example are blocked until "analytics" is granted',
    ]);
  });

  it('fetch (keepalive or not, string, URL or Request) rejects with "blocked by migu-consent" while denied', async () => {
    record();
    guard();
    for (const input of ['https://tracker.example/f', new URL('https://tracker.example/u'), new Request('https://tracker.example/r'), '/relative-on-a-guarded-host']) {
      const error = await fetch(input, { keepalive: true, method: 'POST', body: 'x' }).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError);
      expect((error as Error).message).to.equal('blocked by migu-consent');
    }
    expect(calls).to.deep.equal([]);
    const ok = await fetch('https://other.example/f', { keepalive: true });
    expect(await ok.text()).to.equal('ok');
    granted.add('analytics');
    await fetch('https://tracker.example/f');
    expect(calls).to.deep.equal(['fetch https://other.example/f', 'fetch https://tracker.example/f']);
  });

  it('an XMLHttpRequest to a guarded host fails like a network error and never reaches the server', async () => {
    guard();
    const url = fresh();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('X-Test', '1');
    const failed = new Promise<string>((resolve) => {
      xhr.onerror = () => { resolve(`error ${String(xhr.status)} ${String(xhr.readyState)}`); };
      xhr.onload = () => { resolve(`load ${String(xhr.status)}`); };
    });
    xhr.send('x');
    expect(await failed).to.equal('error 0 4');
    expect(requested(url)).to.equal(false);

    const sync = new XMLHttpRequest();
    sync.open('GET', fresh(), false);
    expect(() => { sync.send(); }, 'a synchronous one throws as on a network error').to.throw(DOMException);

    granted.add('analytics');
    const allowed = new XMLHttpRequest();
    const loaded = new Promise<number>((resolve) => { allowed.onload = () => { resolve(allowed.status); }; });
    const allowedUrl = fresh();
    allowed.open('GET', allowedUrl);
    allowed.send();
    expect(await loaded).to.equal(200);
    expect(requested(allowedUrl)).to.equal(true);
  });

  it('an XMLHttpRequest is decided when sent: opened while granted, withdrawn before send, it fails', async () => {
    guard();
    granted.add('analytics');
    const url = fresh();
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    granted.clear();
    const done = new Promise<string>((resolve) => {
      xhr.onerror = () => { resolve('error'); };
      xhr.onload = () => { resolve('load'); };
    });
    xhr.send();
    expect(await done).to.equal('error');
    expect(requested(url)).to.equal(false);
  });

  it('image src, srcset and setAttribute: not set while denied, so no request; set once granted', async () => {
    guard();
    const img = new Image();
    const url = fresh(PIXEL);
    img.src = url;
    img.srcset = `${PIXEL}?a 1x, ${url} 2x`;
    img.setAttribute('src', url);
    img.setAttribute('SRCSET', `${url} 1x`);
    document.createElement('img').setAttribute('src', url);
    expect(img.hasAttribute('src') || img.hasAttribute('srcset')).to.equal(false);
    img.setAttribute('alt', url);
    expect(img.alt, 'other attributes pass').to.equal(url);
    expect(requested(url)).to.equal(false);

    const other = new Image();
    other.src = 'https://other.example/p.gif';
    expect(other.getAttribute('src'), 'other hosts pass').to.equal('https://other.example/p.gif');

    granted.add('analytics');
    const allowed = new Image();
    allowed.src = url;
    await oneEvent(allowed, 'load');
    expect(requested(url)).to.equal(true);
    allowed.setAttribute('srcset', `${PIXEL}?b 2x`);
    expect(allowed.getAttribute('srcset')).to.equal(`${PIXEL}?b 2x`);
  });

  it('a script src is not set while denied and the script fails with an error event; set once granted', async () => {
    guard();
    const url = fresh('/test/gating/fixtures/one.ts');
    const script = document.createElement('script');
    script.src = url;
    expect(script.hasAttribute('src')).to.equal(false);
    await oneEvent(script, 'error');
    const byAttribute = document.createElement('script');
    byAttribute.setAttribute('src', url);
    expect(byAttribute.hasAttribute('src')).to.equal(false);
    await oneEvent(byAttribute, 'error');
    document.head.append(script, byAttribute);
    script.remove();
    byAttribute.remove();
    expect(requested(url)).to.equal(false);

    granted.add('analytics');
    const allowed = document.createElement('script');
    allowed.src = url;
    document.head.append(allowed);
    await oneEvent(allowed, 'load');
    allowed.remove();
    expect(requested(url)).to.equal(true);
  });

  it('a gated script (type="text/plain") keeps its src on a guarded host and fetches nothing; made runnable, its src is guarded again', async () => {
    guard();
    const url = fresh('/test/gating/fixtures/one.ts');
    const byProperty = document.createElement('script');
    byProperty.type = 'TEXT/plain';
    byProperty.src = url;
    const byAttribute = document.createElement('script');
    byAttribute.setAttribute('type', 'text/plain');
    byAttribute.setAttribute('src', url);
    document.head.append(byProperty, byAttribute);
    expect([byProperty.getAttribute('src'), byAttribute.getAttribute('src')]).to.deep.equal([url, url]);
    // what gating runs on consent is a copy with the script's own type: its src meets the guard
    const copy = document.createElement('script');
    copy.src = url;
    expect(copy.hasAttribute('src')).to.equal(false);
    await oneEvent(copy, 'error');
    byProperty.remove();
    byAttribute.remove();
    expect(requested(url)).to.equal(false);
  });

  it('a script refused its src and made a gated one after (src first, then type) fires no error, and runs with that src on consent', async () => {
    guard();
    const url = fresh('/test/gating/fixtures/one.ts');
    const script = Object.assign(document.createElement('script'), { src: url, type: 'text/plain' });
    script.setAttribute('data-consent', 'analytics');
    const heard: string[] = [];
    script.onload = () => { heard.push('load'); };
    script.onerror = () => { heard.push('error'); };
    document.head.append(script);
    restore.push(() => { script.remove(); });
    expect(script.hasAttribute('src')).to.equal(false);
    await new Promise((r) => { setTimeout(r, 0); });
    await new Promise((r) => { setTimeout(r, 0); });
    expect(heard).to.deep.equal([], 'no error: it is a gated script now');
    granted.add('analytics');
    scriptQueue(() => true).add([script]);
    await oneEvent(script, 'load');
    expect(heard).to.deep.equal(['load']);
    expect(requested(url)).to.equal(true);
  });

  it('an iframe, video, audio, source, link (href, imagesrcset), embed, object or input URL is not set while denied; set once granted', () => {
    guard();
    const url = 'https://tracker.example/x';
    // [tag, property, attribute]: a preload's image candidates, an <input type="image">
    const cases: [string, string, string][] = [['iframe', 'src'], ['video', 'src'], ['video', 'poster'], ['audio', 'src'], ['source', 'src'], ['source', 'srcset'],
      ['link', 'href'], ['link', 'imageSrcset', 'imagesrcset'], ['embed', 'src'], ['object', 'data'], ['input', 'src']]
      .filter(([tag, name]) => name in document.createElement(tag)).map(([tag, name, attribute = name]) => [tag, name, attribute]);
    expect(cases.length, 'imagesrcset is known to every engine we test').to.equal(11);
    for (const [tag, name, attribute] of cases) {
      const byProperty = document.createElement(tag) as unknown as Record<string, string>;
      byProperty[name] = url;
      const byAttribute = document.createElement(tag);
      byAttribute.setAttribute(attribute, url);
      expect([(byProperty as unknown as Element).hasAttribute(attribute), byAttribute.hasAttribute(attribute)], `<${tag} ${attribute}>`).to.deep.equal([false, false]);
    }
    const preload = document.createElement('link');
    preload.imageSrcset = `https://other.example/a.gif 1x, ${url} 2x`;
    expect(preload.hasAttribute('imagesrcset'), 'a list with one candidate on a guarded host').to.equal(false);
    expect(new Audio(url).hasAttribute('src'), 'new Audio(url)').to.equal(false);
    granted.add('analytics');
    expect(new Audio(url).getAttribute('src')).to.equal(url);
    for (const [tag, , attribute] of cases) {
      const el = document.createElement(tag);
      el.setAttribute(attribute, url);
      expect(el.getAttribute(attribute), `<${tag} ${attribute}> once granted`).to.equal(url);
    }
  });

  it('new WebSocket() and new EventSource() throw a SecurityError while denied; construct once granted', () => {
    guard();
    const ws = `ws://${location.host}/guard-test`;
    for (const make of [() => new WebSocket(ws), () => new WebSocket('wss://tracker.example./'), () => new EventSource(fresh())]) {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(DOMException);
      expect((error as DOMException).name).to.equal('SecurityError');
    }
    expect(WebSocket.OPEN, 'the constructor keeps its constants').to.equal(1);
    granted.add('analytics');
    const socket = new WebSocket(ws);
    expect(socket).to.be.instanceOf(WebSocket);
    socket.close();
    const source = new EventSource(fresh());
    expect(source).to.be.instanceOf(EventSource);
    source.close();
  });

  it('a function the page made read-only before it is left as it is, said once; the rest is guarded and nothing throws', async () => {
    const sent: string[] = [];
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, writable: false, value: (url: string) => { sent.push(url); return true; } });
    try {
      expect(() => { guard(); }).not.to.throw();
      expect(warnings.lines).to.deep.equal(['[migu-consent:gating] sendBeacon is read-only on this page: requests through it are not guarded']);
      expect(navigator.sendBeacon('https://tracker.example/b')).to.equal(true);
      expect(sent).to.deep.equal(['https://tracker.example/b']);
      expect(await fetch('https://tracker.example/f').then(() => 'sent', (e: unknown) => String(e))).to.equal('TypeError: blocked by migu-consent');
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
    }
  });

  it('a getter whose setter ignores the write (a library\'s accessor) is said as read-only, not taken for guarded', () => {
    const sent: string[] = [];
    const beacon = (url: string): boolean => { sent.push(url); return true; };
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, get: () => beacon, set: () => undefined });
    try {
      expect(() => { guard(); }).not.to.throw();
      expect(warnings.lines).to.deep.equal(['[migu-consent:gating] sendBeacon is read-only on this page: requests through it are not guarded']);
      expect(navigator.sendBeacon('https://tracker.example/b')).to.equal(true);
      expect(sent).to.deep.equal(['https://tracker.example/b']);
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
    }
  });

  it('a throwing isGranted counts as denied; the teardown puts the originals back', () => {
    // compared, never called
    /* eslint-disable @typescript-eslint/unbound-method */
    const globals = (): unknown[] => [navigator.sendBeacon, window.fetch, WebSocket, EventSource, Audio, ...(['open', 'send'] as const).map((k) => XMLHttpRequest.prototype[k]),
      Element.prototype.setAttribute, Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src')?.set];
    /* eslint-enable @typescript-eslint/unbound-method */
    const before = globals();
    const stop = guardTrackerHosts([{ host: 'tracker.example', category: 'analytics' }], () => { throw new Error('x'); });
    expect(navigator.sendBeacon('https://tracker.example/b')).to.equal(false);
    expect(navigator.sendBeacon('not a url://')).to.equal(true, 'what the guard cannot parse is the browser\'s to refuse');
    expect(globals()).to.not.deep.equal(before);
    stop();
    expect(globals()).to.deep.equal(before);
  });

  it('what page code kept of a guard taken off asks the guards on now: refused while one of them refuses, let through once none does', () => {
    record();
    const hosts = [{ host: 'tracker.example', category: 'analytics' }];
    const first = guardTrackerHosts(hosts, () => false);
    // kept after the guard was in: an SDK's `const send = navigator.sendBeacon.bind(navigator)`, a setter
    const beacon = navigator.sendBeacon.bind(navigator);
    // the browser's setter as the guard left it, called with the element as `this`
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const setSrc = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src')!.set!;
    const img = (): string => {
      const el = document.createElement('img');
      setSrc.call(el, 'https://tracker.example/p.gif');
      return el.getAttribute('src') ?? 'not set';
    };
    // the script build's runtime taking over from its first stage: one guard off, the next one on
    first();
    let allowed = false;
    const next = guardTrackerHosts(hosts, () => allowed);
    restore.push(next);
    expect(beacon('https://tracker.example/b'), 'a kept sendBeacon').to.equal(false);
    expect(img(), 'a kept src setter').to.equal('not set');
    allowed = true;
    expect(beacon('https://tracker.example/b'), 'once granted').to.equal(true);
    expect(img()).to.equal('https://tracker.example/p.gif');
    allowed = false;
    expect(beacon('https://tracker.example/b'), 'withdrawn').to.equal(false);
    next();
    // no guard on (the element removed): as the browser's own functions, which are back
    expect(beacon('https://tracker.example/b'), 'no guard on').to.equal(true);
    expect(calls).to.deep.equal(['beacon https://tracker.example/b', 'beacon https://tracker.example/b']);
  });

  it('fetchLater (Chromium\'s deferred fetch for page-leave beacons) queues nothing while denied and returns { activated: false }', function () {
    const g = globalThis as unknown as { fetchLater?: (input: unknown, init?: unknown) => unknown };
    if (typeof g.fetchLater !== 'function') this.skip(); // Chromium only
    const { fetchLater } = g;
    g.fetchLater = (input) => { calls.push(`later ${String(input)}`); return { activated: false, mine: true }; };
    restore.push(() => { g.fetchLater = fetchLater; });
    guard();
    expect(g.fetchLater('https://tracker.example/l')).to.deep.equal({ activated: false });
    expect(g.fetchLater('https://other.example/l')).to.deep.equal({ activated: false, mine: true });
    granted.add('analytics');
    g.fetchLater('https://tracker.example/l2');
    expect(calls).to.deep.equal(['later https://other.example/l', 'later https://tracker.example/l2']);
  });
});
