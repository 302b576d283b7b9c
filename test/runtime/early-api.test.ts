// `window.MiguConsent` while only the script build's first stage has run (runtime/early-api.ts):
// it answers the first stage's decision, keeps what needs the runtime for it, in call order, and
// goes to the runtime's API once that is in.
import { expect } from '@open-wc/testing';
import type { ConsentApi } from '../../src/runtime/api.js';
import type { FirstStageApiHost } from '../../src/runtime/early-api.js';
import { firstStageApi } from '../../src/runtime/early-api.js';
import type { ConsentState } from '../../src/core/types.js';

const granted: ConsentState = {
  decided: true, categories: { necessary: true, analytics: true, marketing: false }, services: { stats: true, ads: false },
  revision: '3', consentId: 'abcdefgh12', updatedAt: '2026-12-01T00:00:00.000Z', source: 'user', signals: { dnt: false, gpc: false },
};

/** The first stage as the API sees it, with a runtime API that records what reaches it. */
function stage() {
  const calls: string[] = [];
  let deciding: (() => void)[] | undefined = [];
  const waiting: ((api: ConsentApi) => void)[] = [];
  let asked = 0;
  let taken: ConsentState | undefined;
  const host: FirstStageApiHost & { state: ConsentState | undefined; api: ConsentApi | undefined } = {
    state: undefined,
    // the runtime's store once it took over, else the first stage's state (runtime/first-stage-loader.ts)
    get answer() { return taken ?? host.state; },
    api: undefined,
    withApi(fn, wait) {
      if (host.api) fn(host.api);
      else {
        waiting.push(fn);
        if (!wait) asked++;
      }
    },
    whenDecided(fn) {
      if (deciding) deciding.push(fn);
      else fn();
    },
  };
  const runtimeApi = new Proxy({} as ConsentApi, {
    get: (_, method: string) => (...args: unknown[]) => {
      calls.push(`${method}(${args.filter((a) => a !== undefined).map((a) => (typeof a === 'function' ? 'fn' : JSON.stringify(a))).join(',')})`);
      if (method === 'subscribe') return () => { calls.push('unbind'); };
      if (method === 'whenGranted' || method === 'acceptAll') return Promise.resolve({ ...granted, source: 'runtime' });
      return method === 'isGranted' ? 'runtime' : undefined;
    },
  });
  return {
    host, calls, api: firstStageApi(host), asked: () => asked,
    /** The runtime took over (its store answers), its API not attached yet. */
    takeOver(state: ConsentState) { taken = state; },
    decide(state: ConsentState | undefined) {
      host.state = state;
      for (const fn of deciding ?? []) fn();
      deciding = undefined;
    },
    attach() {
      host.api = runtimeApi;
      for (const fn of waiting.splice(0)) fn(runtimeApi);
    },
  };
}

describe('the first stage\'s API', () => {
  it('before any decision: undecided, nothing granted, a fresh copy each time', () => {
    const { api } = stage();
    const state = api.get();
    expect(state).to.deep.include({ decided: false, revision: '', source: 'default' });
    // the default categories, off but necessary: `categories.analytics` is false, not undefined, before the element
    const defaults = { necessary: true, functional: false, analytics: false, personalization: false, marketing: false };
    expect(state.categories).to.deep.equal(defaults);
    state.categories['analytics'] = true;
    expect(api.get().categories).to.deep.equal(defaults);
    expect(api.isGranted('analytics')).to.equal(false);
  });

  it('after the first stage decided: its state, a copy; isGranted with services', () => {
    const s = stage();
    s.decide(granted);
    expect(s.api.get()).to.deep.equal(granted);
    expect(s.api.get()).not.to.equal(granted);
    expect(s.api.isGranted('analytics')).to.equal(true);
    expect(s.api.isGranted('analytics', 'stats')).to.equal(true);
    expect(s.api.isGranted('marketing')).to.equal(false);
    expect(s.api.isGranted('analytics', 'ads')).to.equal(false);
    expect(s.asked(), 'reading asks for no runtime').to.equal(0);
  });

  it('whenGranted() resolves at the first stage\'s decision, without asking for the runtime', async () => {
    const s = stage();
    let resolved: ConsentState | undefined;
    void s.api.whenGranted('analytics').then((state) => { resolved = state; });
    await Promise.resolve();
    expect(resolved).to.equal(undefined);
    s.decide(granted);
    await Promise.resolve();
    expect(resolved?.source).to.equal('user');
    expect(s.asked()).to.equal(0);
  });

  it('whenGranted() of something refused waits for the runtime\'s answer', async () => {
    const s = stage();
    s.decide(granted);
    let resolved: ConsentState | undefined;
    void s.api.whenGranted('marketing').then((state) => { resolved = state; });
    await Promise.resolve();
    expect(resolved).to.equal(undefined);
    s.attach();
    await new Promise((r) => { setTimeout(r); });
    expect(resolved?.source).to.equal('runtime');
    expect(s.calls).to.deep.equal(['whenGranted("marketing")']);
  });

  it('decisions wait for the runtime, in call order, ask for it, and resolve with its answer', async () => {
    const s = stage();
    const accepted = s.api.acceptAll();
    void s.api.update({ analytics: false });
    s.api.setGuardianCallback(undefined);
    s.api.showPreferences();
    expect(s.calls).to.deep.equal([]);
    expect(s.asked()).to.be.above(0);
    s.attach();
    expect(s.calls).to.deep.equal(['acceptAll()', 'update({"analytics":false})', 'setGuardianCallback()', 'showPreferences()']);
    expect((await accepted).source).to.equal('runtime');
    expect(s.api.isGranted('x')).to.equal('runtime', 'once it is in, every call goes to the runtime');
  });

  it('subscribe(): bound once the runtime is in; unbound before that, never bound', () => {
    const s = stage();
    const early = s.api.subscribe(() => undefined);
    const later = s.api.subscribe(() => undefined);
    early();
    s.attach();
    expect(s.calls).to.deep.equal(['subscribe(fn)']);
    later();
    expect(s.calls.at(-1)).to.equal('unbind');
  });

  it('beacon(): sent now when the first stage granted it, to http(s) only; setCookie() written once the runtime is in', () => {
    const s = stage();
    s.decide(granted);
    const sent: string[] = [];
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'sendBeacon')!;
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (url: string) => { sent.push(url); return true; } });
    try {
      expect(s.api.beacon('analytics', '/collect')).to.equal(true);
      expect(s.api.beacon('marketing', '/collect')).to.equal(false);
      expect(s.api.beacon('analytics', 'javascript:alert(1)')).to.equal(false);
      expect((s.api.beacon as (category: string) => boolean)('analytics')).to.equal(false);
      expect(s.api.beacon('analytics', '')).to.equal(false);
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'sendBeacon')).to.deep.equal(original);
    }
    expect(sent).to.deep.equal([new URL('/collect', location.href).href]);
    expect(s.api.setCookie('analytics', 'a', '1')).to.equal(true);
    expect(s.api.setCookie('marketing', 'b', '1')).to.equal(false);
    // without a name or a value nothing is written: false now, and the runtime says why once it is in
    type Loose = (category: string, name?: unknown, value?: unknown) => boolean;
    expect((s.api.setCookie as Loose)('analytics')).to.equal(false);
    expect((s.api.setCookie as Loose)('analytics', 'c')).to.equal(false);
    s.attach();
    expect(s.calls).to.deep.equal(['setCookie("analytics","a","1")', 'setCookie("analytics")', 'setCookie("analytics","c")']);
  });

  it('isGranted() and whenGranted() of an id that is no string: not granted, nothing thrown into the page', () => {
    const s = stage();
    s.decide(granted);
    const odd = { toString: () => { throw new Error('no string'); } } as unknown as string;
    expect(s.api.isGranted(odd)).to.equal(false);
    expect(s.api.isGranted('analytics', Object.create(null) as string)).to.equal(false);
    expect(() => { void s.api.whenGranted(odd); }).not.to.throw();
  });

  it('once the runtime has taken over, before its API is attached: get() and isGranted() answer with its state (a change it fires on the way in, such as another tab\'s choice)', () => {
    const s = stage();
    s.decide(undefined);
    expect(s.api.get().decided).to.equal(false);
    s.takeOver(granted);
    expect(s.api.get()).to.deep.equal(granted);
    expect(s.api.get()).to.not.equal(granted, 'a copy');
    expect(s.api.isGranted('analytics')).to.equal(true);
    expect(s.api.isGranted('marketing')).to.equal(false);
  });
});
