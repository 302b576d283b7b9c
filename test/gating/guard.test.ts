import { expect } from '@open-wc/testing';
import { guardTrackerHosts } from '../../src/gating/guard.js';

describe('tracker host guard', () => {
  const granted = new Set<string>();
  const isGranted = (c: string, s?: string): boolean => granted.has(c) && (s === undefined || granted.has(s));
  const calls: string[] = [];
  let restore: (() => void)[] = [];

  /** Replaces the browser functions by recorders, so nothing reaches the network and every call is seen. */
  beforeEach(() => {
    granted.clear();
    calls.length = 0;
    const nav = navigator as { sendBeacon: Navigator['sendBeacon'] };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, never called here
    const { sendBeacon } = nav, { fetch } = window;
    nav.sendBeacon = (url) => { calls.push(`beacon ${String(url)}`); return true; };
    window.fetch = (input) => { calls.push(`fetch ${input instanceof Request ? input.url : String(input)}`); return Promise.resolve(new Response('ok')); };
    restore = [() => { nav.sendBeacon = sendBeacon; window.fetch = fetch; }];
  });
  afterEach(() => { for (const r of restore.reverse()) r(); });

  const guard = (): void => {
    restore.push(guardTrackerHosts([
      { host: 'tracker.example', category: 'analytics' },
      { host: /^ads\d*\.example$/, category: 'marketing', service: 'adnet' },
      { host: location.hostname, category: 'analytics' },
    ], isGranted));
  };

  it('sendBeacon to a guarded host (or a subdomain) sends nothing and returns false while denied', () => {
    guard();
    expect(navigator.sendBeacon('https://tracker.example/b', 'x')).to.equal(false);
    expect(navigator.sendBeacon('https://eu.tracker.example/b')).to.equal(false);
    expect(navigator.sendBeacon('https://ads2.example/b')).to.equal(false);
    expect(navigator.sendBeacon('https://other.example/b')).to.equal(true);
    expect(navigator.sendBeacon('https://nottracker.example/b')).to.equal(true, 'a suffix is not a subdomain');
    expect(calls).to.deep.equal(['beacon https://other.example/b', 'beacon https://nottracker.example/b']);
  });

  it('decides per call: a grant lets calls through, a withdrawal stops them again', () => {
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

  it('fetch (keepalive or not, string, URL or Request) rejects with "blocked by migu-consent" while denied', async () => {
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
    const opened: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
    const { open } = XMLHttpRequest.prototype;
    const seen = (function (this: XMLHttpRequest, ...args: unknown[]) {
      opened.push(String(args[1]));
      (open as (...a: unknown[]) => void).apply(this, args);
    }) as typeof open;
    // underneath the guard, to see what it passes on
    restore[restore.length - 1]();
    XMLHttpRequest.prototype.open = seen;
    restore.push(() => { XMLHttpRequest.prototype.open = open; });
    guard();
    const xhr = new XMLHttpRequest();
    const failed = new Promise<string>((resolve) => {
      xhr.onerror = () => { resolve('error'); };
      xhr.onload = () => { resolve(`load ${String(xhr.status)}`); };
    });
    xhr.open('POST', `${location.origin}/__headers`);
    xhr.send('x');
    expect(await failed).to.equal('error');
    expect(opened).to.deep.equal(['about:blank']);
    granted.add('analytics');
    const allowed = new XMLHttpRequest();
    const loaded = new Promise<number>((resolve) => { allowed.onload = () => { resolve(allowed.status); }; });
    allowed.open('GET', `${location.origin}/__headers`);
    allowed.send();
    expect(await loaded).to.equal(200);
  });

  it('a throwing isGranted counts as denied; the teardown puts the originals back', () => {
    const nav = navigator as { sendBeacon: Navigator['sendBeacon'] };
    const before = nav.sendBeacon;
    const stop = guardTrackerHosts([{ host: 'tracker.example', category: 'analytics' }], () => { throw new Error('x'); });
    expect(navigator.sendBeacon('https://tracker.example/b')).to.equal(false);
    expect(navigator.sendBeacon('not a url://')).to.equal(true, 'what the guard cannot parse is the browser\'s to refuse');
    stop();
    expect(nav.sendBeacon).to.equal(before);
  });
});
