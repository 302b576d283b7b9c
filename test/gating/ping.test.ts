// Links' `ping` held back at the click that would send it (gating/ping.ts). What each click
// would send is read in a listener on the link itself, which runs after the gate's (on the window,
// capturing) and before the browser follows the link; the test's listener then cancels the
// navigation. e2e/gating.test.mjs watches the real pings go out, or not, in Chromium.
import { expect } from '@open-wc/testing';
import type { TrackerHost } from '../../src/gating/guard.js';
import type { PingRules } from '../../src/gating/ping.js';
import { everyGranted, gatePings, pingAllowed } from '../../src/gating/ping.js';
import { pingGateFeature } from '../../src/gating/index.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';

let unique = 0;
/** A ping URL no other test used (the warning comes once per page for each). */
const pingUrl = (host = 'pings.example'): string => `https://${host}/p${String(unique++)}`;

describe('links\' ping: held back until consent', () => {
  const granted = new Set<string>();
  let all = false;
  let hosts: TrackerHost[] = [];
  const rules: PingRules = {
    isGranted: (c, s) => c === 'necessary' || (granted.has(c) && (s === undefined || granted.has(s))),
    hosts: () => hosts,
    allGranted: () => all,
  };
  let stop = (): void => undefined;
  let root: HTMLElement;
  let warned: string[];
  const original = console.warn;

  beforeEach(() => {
    granted.clear();
    all = false;
    hosts = [];
    warned = [];
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    root = document.body.appendChild(document.createElement('div'));
    stop = gatePings(rules);
  });
  afterEach(() => {
    stop();
    root.remove();
    console.warn = original;
  });

  /** Adds `html` (one link, or a map with an area) and returns its link. */
  const link = (html: string): HTMLAnchorElement | HTMLAreaElement => {
    root.insertAdjacentHTML('beforeend', html);
    const added = root.lastElementChild!;
    return (added.localName === 'map' ? added.querySelector('area') : added) as HTMLAnchorElement | HTMLAreaElement;
  };
  /** Clicks `on` (the link or inside it) as `type`; returns the `ping` the browser would send then, null for none. */
  const click = (a: Element, on: Element = a, type = 'click'): string | null => {
    let sent: string | null | undefined;
    const seen = (e: Event): void => {
      sent = a.getAttribute('ping');
      e.preventDefault();
    };
    a.addEventListener(type, seen, { once: true });
    if (type === 'click' && on instanceof HTMLElement) on.click();
    else on.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, button: 1 }));
    expect(sent, 'the click reached the link').not.to.equal(undefined);
    return sent!;
  };

  it('an unmarked link to a host no service declares pings only while every category is granted, and gets its ping back then', () => {
    const url = pingUrl();
    const a = link(`<a href="#to" ping="${url}">x</a>`);
    expect(click(a)).to.equal(null);
    expect(a.hasAttribute('ping'), 'held back, not only for that click').to.equal(false);
    expect(click(a), 'still refused').to.equal(null);
    all = true;
    expect(click(a)).to.equal(url);
    all = false;
    expect(click(a), 'a withdrawal applies at the next click').to.equal(null);
    expect(warned.filter((w) => w.includes(url)), 'one warning, naming the fix').to.have.length(1);
    expect(warned.find((w) => w.includes(url))).to.match(/^\[migu-consent:gating\] ping ".*" held back until all is granted: mark its link \(data-consent, data-ping\) or declare its host$/);
  });

  it('a ping to a declared host follows its service, whatever the other categories', () => {
    hosts = [{ host: 'stats.example', category: 'analytics', service: 'stats' }];
    const url = pingUrl('eu.stats.example');
    const a = link(`<a href="#to" ping="${url}">x</a>`);
    all = true;
    granted.add('analytics');
    expect(click(a), 'the category without the service').to.equal(null);
    all = false;
    granted.add('stats');
    expect(click(a), 'the service, with marketing still refused').to.equal(url);
  });

  it('a ping with several URLs goes only when each may: a relative one is resolved against the page', () => {
    hosts = [{ host: location.hostname, category: 'analytics' }];
    granted.add('analytics');
    const other = pingUrl();
    const a = link(`<a href="#to" ping="/own-ping   ${other}">x</a>`);
    expect(click(a), 'the undeclared one needs every category').to.equal(null);
    all = true;
    expect(click(a)).to.equal(`/own-ping   ${other}`);
  });

  it('a marked link follows its categories: a ping written on it is moved to data-ping while they are refused', () => {
    const url = pingUrl();
    const a = link(`<a href="/clean" data-consent="analytics" ping="${url}">x</a>`);
    all = true; // not what a marked link asks
    expect(click(a)).to.equal(null);
    expect(a.getAttribute('data-ping'), 'kept for its grant').to.equal(url);
    expect(a.getAttribute('href')).to.equal('/clean');
    granted.add('analytics');
    a.setAttribute('ping', url);
    expect(click(a)).to.equal(url);
    expect(warned.filter((w) => w.includes(url)), 'marked: nothing to fix').to.deep.equal([]);
  });

  it('covers <area>, a middle click, a click inside the link and a link in a shadow root', () => {
    const area = link(`<map name="m${String(unique)}"><area href="#to" shape="default" ping="${pingUrl()}"></map>`);
    expect(click(area)).to.equal(null);

    const a = link(`<a href="#to" ping="${pingUrl()}"><span>inner</span></a>`);
    expect(click(a, a.querySelector('span')!)).to.equal(null);

    const b = link(`<a href="#to" ping="${pingUrl()}">x</a>`);
    expect(click(b, b, 'auxclick')).to.equal(null);

    const host = root.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = `<a href="#to" ping="${pingUrl()}">in shadow</a>`;
    const inner = shadow.querySelector('a')!;
    expect(click(inner)).to.equal(null);
  });

  it('rules that throw refuse; once stopped, the page\'s pings are its own again', () => {
    const url = pingUrl();
    const a = link(`<a href="#to" ping="${url}">x</a>`);
    all = true;
    const throwing = (): boolean => { throw new Error('no store'); };
    stop();
    stop = gatePings({ ...rules, allGranted: throwing });
    expect(click(a)).to.equal(null);
    stop();
    a.setAttribute('ping', url);
    all = false;
    expect(click(a), 'no gate').to.equal(url);
  });

  it('everyGranted: each category and service the state lists; a service off is a refusal; no state, no grant', () => {
    const state = { categories: { necessary: true, analytics: true }, services: { stats: true } } as unknown as Parameters<typeof everyGranted>[0];
    expect(everyGranted(state)).to.equal(true);
    expect(everyGranted({ ...state!, services: { stats: false } })).to.equal(false);
    expect(everyGranted({ ...state!, categories: { necessary: true, analytics: false } })).to.equal(false);
    expect(everyGranted(undefined)).to.equal(false);
  });

  it('pingAllowed: invalid URLs send nothing, so they need nothing; a link with no data-consent categories is refused', () => {
    const a = document.createElement('a');
    expect(pingAllowed(a, 'http://[bad', rules)).to.equal(true);
    const marked = document.createElement('a');
    marked.setAttribute('data-consent', ' ');
    all = true;
    expect(pingAllowed(marked, pingUrl(), rules)).to.equal(false);
  });
});

describe('the runtime\'s ping gate (pingGateFeature)', () => {
  it('asks the store: declared hosts by their service, other hosts by every category, withdrawal at once', () => {
    const runtime = new ConsentRuntime({
      options: { cookieName: `ping_${String(Date.now())}` },
      config: { categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['stats.example'] }] }] },
    });
    const stop = pingGateFeature(runtime);
    const root = document.body.appendChild(document.createElement('div'));
    const original = console.warn;
    console.warn = () => undefined;
    try {
      root.innerHTML = `<a id="declared" href="#to" ping="https://stats.example/p">x</a><a id="other" href="#to" ping="https://other.example/p">x</a>`;
      const sends = (id: string): string | null => {
        const a = root.querySelector(`#${id}`)!;
        let sent: string | null = null;
        a.addEventListener('click', (e) => { sent = a.getAttribute('ping'); e.preventDefault(); }, { once: true });
        (a as HTMLElement).click();
        return sent;
      };
      expect([sends('declared'), sends('other')], 'undecided').to.deep.equal([null, null]);
      runtime.store.update({ analytics: true });
      expect([sends('declared'), sends('other')], 'analytics only').to.deep.equal(['https://stats.example/p', null]);
      runtime.store.acceptAll();
      expect([sends('declared'), sends('other')], 'accept all').to.deep.equal(['https://stats.example/p', 'https://other.example/p']);
      runtime.store.update({ stats: false });
      expect([sends('declared'), sends('other')], 'the service off').to.deep.equal([null, null]);
    } finally {
      console.warn = original;
      stop?.();
      root.remove();
      runtime.store.reset();
      runtime.dispose();
    }
  });
});
