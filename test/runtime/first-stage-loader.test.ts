// The script build's first stage (runtime/first-stage-loader.ts) with stand-ins for what src/iife.ts
// gives it: its phases, when it asks for the runtime, and how the runtime takes over. No build, no
// network: the runtime "file" arrives when the test says so.
import { expect, waitUntil } from '@open-wc/testing';
import type { EarlyBannerActions, FirstStageDeps } from '../../src/runtime/first-stage-loader.js';
import { FirstStage } from '../../src/runtime/first-stage-loader.js';
import type { EarlyDecision, FirstStageHandover, RuntimeExports } from '../../src/runtime/first-stage.js';
import type { ConsentApi } from '../../src/runtime/api.js';
import type { ConsentState } from '../../src/core/types.js';
import type { PromptReason } from '../../src/core/policy.js';
import type { ScriptQueue } from '../../src/gating/activate-script.js';
import type { TrackerHost } from '../../src/gating/guard.js';
import type { PingRules } from '../../src/gating/ping.js';
import type { EarlyResolved } from '../../src/core/early.js';

const OPTIONS = { revision: '1', cookieName: 'c', expiresDays: 365, dnt: 'respect', minor: false, serverSignals: '', policyUrl: '' } as const;

const state = (over: Partial<ConsentState> = {}): ConsentState => ({
  decided: false, categories: { necessary: true, analytics: false }, services: {}, revision: '1', consentId: '', updatedAt: '',
  source: 'default', signals: { dnt: false, gpc: false }, ...over,
});
const decision = (s: ConsentState | undefined, prompt: boolean, reason: PromptReason = 'no-choice'): EarlyDecision => ({
  options: OPTIONS, evaluation: s && { state: s, prompt, reason }, config: undefined, listed: { categories: [], texts: { en: { reopen: 'Privacy' } } },
  runtimeDue: false, lapsesIn: 200 * 86_400_000,
});
const FIRST_VISIT = decision(state(), true);
const RETURNING = decision(state({ decided: true, categories: { necessary: true, analytics: true }, source: 'user' }), false, 'none');
/** A returning visitor whose page gives the runtime work used or not (a sweep, sibling links, receipts). */
const RETURNING_DUE: EarlyDecision = { ...RETURNING, runtimeDue: true };
const SIGNAL = decision(state({ source: 'signal', signals: { dnt: true, gpc: false } }), false);
const UNKNOWN = decision(undefined, false);

/** Stand-ins that record what the first stage did, and let the test play the page and the network. */
function setup(made: EarlyDecision, { hosts = [] as TrackerHost[], bannerShows = true, reports = false } = {}) {
  let gate = false;
  const log: string[] = [];
  const later: Record<string, (() => void)[]> = { idle: [], parsed: [], otherTab: [], gatingChunks: [], set: [] };
  let links: { open: () => void; approach: () => void } | undefined;
  let arrive: ((runtime: RuntimeExports) => void) | undefined;
  let fail: (() => void) | undefined;
  let actions: EarlyBannerActions | undefined;
  let checkedWith: EarlyResolved | undefined;
  let reopen: { texts: Record<string, Record<string, string>>; open: () => void; prefetch: () => void } | undefined;
  let guarded: { hosts: TrackerHost[]; isGranted: (c: string, s?: string) => boolean; off?: true } | undefined;
  let gatingGranted: ((c: string, s?: string) => boolean) | undefined;
  let pings: PingRules | undefined;
  /** Gating's call after each pass over what the parser or a script added. */
  let batch: (() => void) | undefined;
  const queue = { add: () => undefined, clear: () => undefined, stop: () => undefined, ran: new Set<string>() } satisfies ScriptQueue;
  const deps: FirstStageDeps = {
    decide: () => { log.push('decide'); return made; },
    hostsOf: () => hosts,
    guard: (h, isGranted) => {
      const on: NonNullable<typeof guarded> = guarded = { hosts: h, isGranted };
      log.push('guard');
      return () => { on.off = true; };
    },
    gatePings: (rules) => { pings = rules; return () => { pings = undefined; log.push('pings stopped'); }; },
    scriptQueue: () => queue,
    startGating: (isGranted, _scripts, onBatch) => {
      gatingGranted = isGranted;
      batch = onBatch;
      log.push('gating');
      return () => { batch = undefined; log.push('gating stopped'); };
    },
    afterGatingChunks: (fn) => { later['gatingChunks'].push(fn); },
    holdFor: (names, go) => { log.push(`hold ${names.join(',') || '-'}`); go(); },
    loadRuntime: (use, failed) => { log.push('runtime requested'); arrive = use; fail = failed; },
    showBanner: (_el, _d, a) => { actions = a; log.push('banner'); return bannerShows ? () => { log.push('banner released'); } : undefined; },
    showReopen: (_el, texts, open, prefetch) => { reopen = { texts, open, prefetch }; log.push('reopen'); },
    afterIdle: (fn) => { later['idle'].push(fn); },
    check: (_el, early, report, fine) => { checkedWith = early; log.push('check'); if (reports) report(); else fine(); },
    announce: (_el, s) => { log.push(`ready ${String(s.decided)}`); },
    onSet: (_el, fn) => { later['set'].push(fn); },
    afterParsed: (fn) => { later['parsed'].push(fn); },
    onOtherTab: (_name, fn) => { later['otherTab'].push(fn); },
    onOpenLinks: (open, approach) => { links = { open, approach }; return () => { links = undefined; log.push('links stopped'); }; },
    hasGate: () => gate,
    report: (m) => { log.push(`report ${m}`); },
  };
  const stage = new FirstStage(deps);
  const element = document.createElement('migu-consent');
  const calls: string[] = [];
  /** What the store's decisions were given (when and where they were made). */
  const given: unknown[] = [];
  const api = new Proxy({} as ConsentApi, {
    get: (_, method: string) => () => { calls.push(method); return Promise.resolve(state({ decided: true })); },
  });
  let handed: FirstStageHandover | undefined;
  /** The runtime's file arrives; its start takes over as src/lazy/runtime.ts does. */
  const runtimeArrives = ({ isGranted }: { isGranted: (c: string, s?: string) => boolean } = { isGranted: () => false }): void => {
    const decide = (method: string) => (at?: unknown): ConsentState => { calls.push(method); given.push(at); return state({ decided: true }); };
    const store = { isGranted, acceptAll: decide('acceptAll'), rejectAll: decide('rejectAll'), get: () => state({ decided: true, source: 'runtime' as ConsentState['source'] }) };
    arrive!({
      start: (_el, handover) => {
        handed = handover;
        log.push('start');
        handover.takeOver(store);
        handover.attach(api);
        handover.releaseBanner();
        return () => { log.push('ui'); };
      },
    });
  };
  const run = (name: string): void => { for (const fn of later[name].splice(0)) fn(); };
  /** A `<migu-consent-gate>` comes into the page (parsed, or inserted by a script at any time), and gating sees the batch. */
  const addGate = (): void => {
    run('gatingChunks');
    gate = true;
    batch?.();
  };
  return {
    stage, deps, element, log, calls, given, run, runtimeArrives, addGate,
    fail: () => { fail!(); },
    actions: () => actions!, checkedWith: () => checkedWith, links: () => links, reopen: () => reopen, guarded: () => guarded, pings: () => pings, gatingGranted: () => gatingGranted, handed: () => handed,
  };
}

describe('the first stage (loader object)', () => {
  it('waits for the element: no decision, no runtime before it', () => {
    const t = setup(FIRST_VISIT);
    expect(t.stage.phase).to.equal('waiting');
    expect(t.log).to.deep.equal([]);
  });

  it('a first visit: asking, the banner at once, necessary markup activated, ready once the page is idle, no runtime until it is used', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    expect(t.stage.phase).to.equal('asking');
    expect(t.log).to.deep.equal(['decide', 'banner', 'hold -']);
    t.run('gatingChunks');
    expect(t.gatingGranted()!('necessary')).to.equal(true);
    expect(t.gatingGranted()!('analytics')).to.equal(false);
    t.run('parsed'); // no gate
    t.run('idle');
    expect(t.log.slice(-3)).to.deep.equal(['gating', 'check', 'ready false']);
    expect(t.log).not.to.include('runtime requested');
    t.actions().prefetch();
    t.runtimeArrives();
    expect(t.stage.phase).to.equal('started');
    expect(t.handed()?.announced, 'the runtime fires no second ready').to.equal(true);
    expect(t.log.slice(-5)).to.deep.equal(['start', 'gating stopped', 'links stopped', 'pings stopped', 'banner released']);
  });

  it('a returning visitor: an option or the config set on the element (a new revision) grants nothing more until the runtime, which it brings, decides', () => {
    const t = setup(RETURNING);
    t.stage.begin(t.element);
    t.run('gatingChunks');
    expect(t.gatingGranted()!('analytics'), 'the stored choice').to.equal(true);
    expect(t.log).not.to.include('runtime requested');
    t.run('set');
    expect(t.gatingGranted()!('analytics'), 'held').to.equal(false);
    expect(t.gatingGranted()!('necessary'), 'necessary too: nothing more is activated by this stage').to.equal(false);
    expect(t.log).to.include('runtime requested');
  });

  it('a choice on the banner, the page left before the runtime came: the next page applies it through its runtime, no banner', () => {
    const name = `${OPTIONS.cookieName}_pending`;
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    t.actions().decide(false);
    dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(document.cookie).to.include(`${name}=r`);
    const { token } = JSON.parse(sessionStorage.getItem(name) as string) as { token: string };
    expect(document.cookie).to.include(`${name}=${token}`, 'the token this tab holds');
    const next = setup(FIRST_VISIT);
    next.stage.begin(next.element);
    expect(next.log).not.to.include('banner');
    expect(document.cookie, 'taken once: what it holds now is this page\'s, for a page left before its runtime too').not.to.include(`${name}=${token}`);
    expect(next.log, 'fetched at once').to.include('runtime requested');
    next.runtimeArrives();
    expect(next.calls).to.deep.equal(['rejectAll']);
    expect(next.handed()?.decided).to.deep.equal({ hadFocus: false });
    expect(document.cookie, 'gone once applied').not.to.include(name);
  });

  it('a choice on the banner waits in the cookie from the click (a next page prerendered before it reads it at activation), until the runtime applied it', () => {
    const name = `${OPTIONS.cookieName}_pending`;
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    t.actions().decide(true);
    expect(document.cookie, 'at the click, before any pagehide').to.include(`${name}=a`);
    t.runtimeArrives();
    expect(t.calls).to.deep.equal(['acceptAll']);
    expect(document.cookie, 'applied: no next page takes it again').not.to.include(name);
    expect(sessionStorage.getItem(name), 'nor its token and the click\'s page').to.equal(null);
  });

  it('prerendered (Speculation Rules): the banner, and a choice waiting in the cookie, only at activation', () => {
    const name = `${OPTIONS.cookieName}_pending`;
    Object.defineProperty(document, 'prerendering', { configurable: true, get: () => true });
    try {
      const t = setup(FIRST_VISIT);
      t.stage.begin(t.element);
      expect(t.log, 'no banner while prerendered').not.to.include('banner');
      // the previous page's click, after this page was prerendered
      const previous = setup(FIRST_VISIT);
      delete (document as { prerendering?: boolean }).prerendering;
      previous.stage.begin(previous.element);
      previous.actions().decide(true);
      Object.defineProperty(document, 'prerendering', { configurable: true, get: () => false });
      document.dispatchEvent(new Event('prerenderingchange'));
      expect(t.log, 'the choice taken, not asked again').not.to.include('banner');
      t.runtimeArrives();
      expect(t.calls).to.deep.equal(['acceptAll']);
    } finally {
      delete (document as { prerendering?: boolean }).prerendering;
      document.cookie = `${name}=;path=/;max-age=0`;
    }
  });

  it('prerendered, and no choice made meanwhile: the banner at activation, once', () => {
    Object.defineProperty(document, 'prerendering', { configurable: true, get: () => true });
    try {
      const t = setup(FIRST_VISIT);
      t.stage.begin(t.element);
      expect(t.log).not.to.include('banner');
      delete (document as { prerendering?: boolean }).prerendering;
      document.dispatchEvent(new Event('prerenderingchange'));
      document.dispatchEvent(new Event('prerenderingchange'));
      expect(t.log.filter((l) => l === 'banner')).to.deep.equal(['banner']);
    } finally {
      delete (document as { prerendering?: boolean }).prerendering;
    }
  });

  it('a choice carried to the next page on a page with Prototype.js 1.6\'s Array#toJSON: still applied there', () => {
    const name = `${OPTIONS.cookieName}_pending`;
    const proto = Array.prototype as { toJSON?: () => string };
    // Prototype.js 1.6: an array's JSON text, which JSON.stringify then writes as a string
    proto.toJSON = function (this: unknown[]) { return `[${this.map((v) => JSON.stringify(v)).join(', ')}]`; };
    try {
      const t = setup(FIRST_VISIT);
      t.stage.begin(t.element);
      t.actions().decide(true);
      dispatchEvent(new PageTransitionEvent('pagehide'));
      const next = setup(FIRST_VISIT);
      next.stage.begin(next.element);
      expect(next.log).not.to.include('banner');
      next.runtimeArrives();
      expect(next.calls).to.deep.equal(['acceptAll']);
    } finally {
      delete proto.toJSON;
      document.cookie = `${name}=;path=/;max-age=0`;
    }
  });

  it('a choice carried to the next page keeps the time and the page of the click (the record, the receipt)', () => {
    const home = location.href;
    const now = Date.now;
    try {
      const t = setup(FIRST_VISIT);
      t.stage.begin(t.element);
      history.replaceState(null, '', '/first/page.html?q=1');
      const clicked = Date.now();
      Date.now = () => clicked; // the click's time
      t.actions().decide(true);
      dispatchEvent(new PageTransitionEvent('pagehide'));
      Date.now = () => clicked + 30_000; // the next page, half a minute later
      history.replaceState(null, '', home);
      const next = setup(FIRST_VISIT);
      next.stage.begin(next.element);
      next.runtimeArrives();
      expect(next.calls).to.deep.equal(['acceptAll']);
      expect(next.given).to.deep.equal([{ at: clicked, page: new URL('/first/page.html?q=1', home).href }]);
    } finally {
      Date.now = now;
      history.replaceState(null, '', home);
      document.cookie = 'c_pending=;path=/;max-age=0';
    }
  });

  it('a click before the runtime is in, on the same page: applied with its own time once the runtime is', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    const before = Date.now();
    t.actions().decide(false);
    t.runtimeArrives();
    expect(t.calls).to.deep.equal(['rejectAll']);
    const [made] = t.given as { at: number; page: string }[];
    expect(made?.at).to.be.within(before, Date.now());
    expect(made?.page).to.equal(location.href);
  });

  it('a pending choice cookie this tab did not write (a sibling subdomain, an injected script, another tab) is not taken: the banner asks', () => {
    const name = `${OPTIONS.cookieName}_pending`;
    for (const [cookie, stored] of [['a', null], ['a0.5', null], ['a0.5', 'a0.6'], ['a0.5', '["a0.6",{"at":1}]'], ['a0.5', '{}']] as const) {
      document.cookie = `${name}=${cookie};path=/`;
      if (stored) sessionStorage.setItem(name, stored);
      const t = setup(FIRST_VISIT);
      t.stage.begin(t.element);
      expect(t.log, cookie).to.include('banner');
      expect(document.cookie, 'left: another tab\'s waits for its next page (it ends in a minute)').to.include(`${name}=${cookie}`);
      expect(t.log).not.to.include('runtime requested');
      sessionStorage.removeItem(name);
      document.cookie = `${name}=;path=/;max-age=0`;
    }
  });

  it('a first visit whose runtime is used before the page is idle: the runtime fires ready, the first stage does not', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    t.actions().prefetch();
    t.runtimeArrives();
    expect(t.handed()?.announced).to.equal(false);
    t.run('idle');
    expect(t.log.filter((l) => l.startsWith('ready') || l === 'check')).to.deep.equal([]);
  });

  it('a first visit whose page has something to report (lazy/check.ts): the runtime once the page is idle, which fires ready', () => {
    const t = setup(FIRST_VISIT, { reports: true });
    t.stage.begin(t.element);
    t.run('idle');
    expect(t.log.slice(-2)).to.deep.equal(['check', 'runtime requested']);
    t.runtimeArrives();
    expect(t.handed()?.announced).to.equal(false);
    expect(t.log).not.to.include('ready false');
  });

  it('a first visit with a config not even shaped like one: the banner, and the runtime at once (it reports the config)', () => {
    const t = setup({ ...FIRST_VISIT, listed: undefined });
    t.stage.begin(t.element);
    expect(t.stage.phase).to.equal('asking');
    expect(t.log).to.deep.equal(['decide', 'banner', 'runtime requested', 'hold -']);
  });

  for (const [what, trigger] of [
    ['a banner button approached', (t: ReturnType<typeof setup>) => { t.actions().prefetch(); }],
    ['a choice in another tab', (t: ReturnType<typeof setup>) => { t.run('otherTab'); }],
    ['a gate in the page', (t: ReturnType<typeof setup>) => { t.run('parsed'); t.run('idle'); t.addGate(); }],
    ['an API call that needs the runtime', (t: ReturnType<typeof setup>) => { t.stage.withApi(() => undefined); }],
    ['a config or an attribute set by the page', (t: ReturnType<typeof setup>) => { t.run('set'); }],
  ] as const) {
    for (const [visit, made] of [['a first visit', FIRST_VISIT], ['a returning visitor', RETURNING]] as const) {
      if (what === 'a banner button approached' && made === RETURNING) continue;
      it(`${visit}: the runtime at once on ${what}`, () => {
        const t = setup(made);
        t.stage.begin(t.element);
        expect(t.log).not.to.include('runtime requested');
        trigger(t);
        expect(t.log).to.include('runtime requested');
      });
    }
  }

  for (const made of [FIRST_VISIT, RETURNING, SIGNAL]) {
    it(`the page's [data-consent-open] links before the runtime is in (${made.evaluation?.state.source ?? ''} ${String(made.evaluation?.prompt)}): approached, the runtime and the UI; clicked, the preferences; the runtime's gating takes them over`, () => {
      const t = setup(made);
      expect(t.links()).to.equal(undefined);
      t.stage.begin(t.element);
      t.links()!.approach();
      expect(t.stage.handover.uiWanted).to.equal(true);
      expect(t.log).to.include('runtime requested');
      t.links()!.open();
      t.runtimeArrives();
      expect(t.calls).to.deep.equal(['showPreferences']);
      expect(t.links(), 'stopped at the take-over').to.equal(undefined);
    });
  }

  it('a first visit: reading the state and waiting for a grant do not ask for the runtime', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    t.stage.withApi(() => undefined, true);
    expect(t.stage.state?.decided).to.equal(false);
    expect(t.log).not.to.include('runtime requested');
  });

  it('a decision in the banner: applied through the runtime\'s API before anything else it is asked, with where the focus was', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    t.actions().decide(true);
    t.actions().decided(true);
    t.stage.withApi((api) => { void api.update({}); });
    expect(t.calls).to.deep.equal([]);
    t.runtimeArrives();
    expect(t.calls).to.deep.equal(['acceptAll', 'update']);
    expect(t.handed()?.decided).to.deep.equal({ hadFocus: true });
  });

  it('"Customize": the UI is wanted, the preferences asked for; once started, the UI comes through the runtime', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    t.actions().customize();
    expect(t.stage.handover.uiWanted).to.equal(true);
    t.runtimeArrives();
    expect(t.calls).to.deep.equal(['showPreferences']);
    t.stage.wantUi();
    expect(t.log.at(-1)).to.equal('ui');
  });

  it('a gate that connected brings the runtime, then the UI through it, and is no sign that the preferences are wanted', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    t.stage.wantUi(true);
    expect(t.log).to.include('runtime requested');
    expect(t.stage.handover.uiWanted, 'the re-open button without the UI still shows while nothing loads').to.equal(false);
    t.runtimeArrives();
    t.stage.wantUi(true);
    expect(t.log.at(-1)).to.equal('ui');
    expect(t.stage.handover.uiWanted).to.equal(false);
  });

  it('a banner that cannot show (no constructable style sheets): the UI is wanted at once', () => {
    const t = setup(FIRST_VISIT, { bannerShows: false });
    t.stage.begin(t.element);
    expect(t.stage.handover.uiWanted).to.equal(true);
    expect(t.log).to.include('runtime requested');
  });

  it('a returning visitor: granting after the gating chunks; once the page is idle the check, ready and the re-open button, no runtime until it is used', () => {
    const t = setup(RETURNING);
    t.stage.begin(t.element);
    expect(t.stage.phase).to.equal('granting');
    expect(t.log).to.deep.equal(['decide', 'hold -']);
    t.run('gatingChunks');
    expect(t.gatingGranted()!('analytics')).to.equal(true);
    expect(t.gatingGranted()!('marketing')).to.equal(false);
    t.run('parsed'); // no gate
    expect(t.log).not.to.include('runtime requested');
    t.run('idle');
    expect(t.log.slice(-3)).to.deep.equal(['check', 'ready true', 'reopen']);
    expect(t.reopen()?.texts, 'the config\'s texts').to.deep.equal({ en: { reopen: 'Privacy' } });
    expect(t.log).not.to.include('runtime requested');
    t.reopen()!.prefetch();
    expect(t.stage.handover.uiWanted, 'approaching the button: the runtime, and the UI through it').to.equal(true);
    expect(t.log).to.include('runtime requested');
    t.reopen()!.open();
    t.runtimeArrives();
    expect(t.calls).to.deep.equal(['showPreferences']);
    expect(t.handed()?.announced).to.equal(true);
  });

  it('a returning visitor\'s page left open past expires-days: the runtime comes at the lapse (its store asks again), not before', async () => {
    const t = setup({ ...RETURNING, lapsesIn: 80 });
    t.stage.begin(t.element);
    t.run('gatingChunks');
    t.run('parsed');
    t.run('idle');
    expect(t.log).not.to.include('runtime requested');
    await waitUntil(() => t.log.includes('runtime requested'), 'the runtime at the lapse', { timeout: 3000 });
    // 200 days ahead, beyond setTimeout's range (which would fire at once): not now
    const later = setup(RETURNING);
    later.stage.begin(later.element);
    await new Promise((go) => { setTimeout(go, 200); });
    expect(later.log).not.to.include('runtime requested');
  });

  it('the check of a returning visitor whose config the runtime found clean reads the early config (no validator); else it validates', () => {
    const config = (clean: boolean): EarlyResolved => ({ categories: [], texts: {}, sweeps: [], clean });
    const clean = setup({ ...RETURNING, config: config(true) });
    clean.stage.begin(clean.element);
    clean.run('idle');
    expect(clean.checkedWith()?.clean).to.equal(true);
    const unclean = setup({ ...RETURNING, config: config(false) });
    unclean.stage.begin(unclean.element);
    unclean.run('idle');
    expect(unclean.log).to.include('check');
    expect(unclean.checkedWith()).to.equal(undefined);
  });

  it('a returning visitor whose page has something to report: the runtime once the page is idle, no re-open button from here', () => {
    const t = setup(RETURNING, { reports: true });
    t.stage.begin(t.element);
    t.run('idle');
    expect(t.log.slice(-2)).to.deep.equal(['check', 'runtime requested']);
    expect(t.log).not.to.include('ready true');
  });

  it('a returning visitor whose page gives the runtime work (runtimeDue): granting, the runtime once the page is parsed; it takes gating over', () => {
    const t = setup(RETURNING_DUE);
    t.stage.begin(t.element);
    expect(t.stage.phase).to.equal('granting');
    t.run('gatingChunks');
    expect(t.log).not.to.include('runtime requested');
    t.run('parsed');
    expect(t.log).to.include('runtime requested');
    t.runtimeArrives({ isGranted: (c) => c === 'marketing' });
    expect(t.log).to.include('gating stopped');
    expect(t.stage.isGranted('analytics'), 'the runtime\'s store answers from then on').to.equal(false);
    expect(t.stage.isGranted('marketing')).to.equal(true);
    expect(t.handed()?.announced, 'the runtime fires ready').to.equal(false);
    t.run('idle');
    expect(t.log.filter((l) => l === 'check' || l === 'reopen' || l.startsWith('ready'))).to.deep.equal([]);
  });

  it('a choice to confirm again whose page gives the runtime work (a lapsed grant to sweep): the banner, and the runtime once the page is parsed', () => {
    const t = setup({ ...decision(state(), true, 'revision'), runtimeDue: true });
    t.stage.begin(t.element);
    expect(t.stage.phase).to.equal('asking');
    t.run('parsed');
    expect(t.log).to.deep.equal(['decide', 'banner', 'hold -', 'runtime requested']);
  });

  it('the page API\'s answer: this stage\'s state, the runtime\'s store from the take-over on (its API comes after the changes it fires)', () => {
    const t = setup(RETURNING_DUE);
    t.stage.begin(t.element);
    t.run('parsed');
    expect(t.stage.answer?.source).to.equal(t.stage.state?.source);
    expect(t.stage.answer).to.equal(t.stage.state);
    t.runtimeArrives();
    expect(t.stage.answer?.source).to.equal('runtime');
    expect(t.stage.state?.source, 'what it decided stays, for the runtime to catch up from').to.not.equal('runtime');
  });

  it('the guard: the declared hosts blocked by this stage\'s answer, handed to the runtime\'s guard at the take-over', () => {
    const hosts: TrackerHost[] = [{ host: 'tracker.example', category: 'analytics' }];
    const t = setup(RETURNING_DUE, { hosts });
    t.stage.begin(t.element);
    expect(t.guarded()?.isGranted('analytics')).to.equal(true);
    t.run('parsed');
    t.runtimeArrives();
    expect(t.guarded()?.off, 'taken off: the runtime guards with its own, which what the page kept of this one asks').to.equal(true);
  });

  it('links\' ping: gated from the element on by this stage\'s answer (none without one), by the runtime\'s gate from the take-over', () => {
    const hosts: TrackerHost[] = [{ host: 'ads.example', category: 'marketing', service: 'ads' }];
    const first = setup(FIRST_VISIT, { hosts });
    expect(first.pings(), 'nothing to gate with before the element').to.equal(undefined);
    first.stage.begin(first.element);
    expect(first.pings()!.allGranted(), 'a first visit: analytics is off').to.equal(false);
    expect(first.pings()!.hosts()).to.deep.equal(hosts);
    expect(first.pings()!.isGranted('necessary')).to.equal(true);

    const returning = setup(RETURNING);
    returning.stage.begin(returning.element);
    expect(returning.pings()!.allGranted(), 'every category granted').to.equal(true);
    expect(returning.pings()!.isGranted('analytics')).to.equal(true);

    const held = setup(RETURNING);
    held.stage.begin(held.element, ['native']);
    expect(held.pings()!.allGranted(), 'undecided here: no ping').to.equal(false);
    expect(held.pings()!.isGranted('analytics')).to.equal(false);
    held.runtimeArrives();
    expect(held.pings(), 'stopped: the runtime gates with its own').to.equal(undefined);
  });

  for (const [what, made] of [['a signal (the notice needs the UI)', SIGNAL], ['a stored choice it cannot read', UNKNOWN]] as const) {
    it(`deferring on ${what}: the runtime at once, nothing shown or activated`, () => {
      const t = setup(made);
      t.stage.begin(t.element);
      expect(t.stage.phase).to.equal('deferring');
      expect(t.log).to.deep.equal(['decide', 'runtime requested', 'hold -']);
    });
  }

  it('inside an app or with a handoff: no decision here, the runtime starts once the held chunks are in', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element, ['native']);
    expect(t.stage.phase).to.equal('deferring');
    expect(t.log).to.deep.equal(['runtime requested', 'hold native']);
    expect(t.stage.state).to.equal(undefined);
  });

  it('a runtime that cannot load (a network blip, as the banner is approached): the banner stays, and its click fetches the runtime again', () => {
    const t = setup(FIRST_VISIT);
    t.stage.begin(t.element);
    t.actions().prefetch();
    t.fail();
    expect(t.log, 'the banner stays').not.to.include('banner released');
    expect(t.stage.phase).to.equal('asking');
    const before = t.log.filter((l) => l === 'runtime requested').length;
    t.actions().decide(true);
    expect(t.log.filter((l) => l === 'runtime requested').length).to.equal(before + 1);
    t.runtimeArrives();
    expect(t.calls).to.deep.equal(['acceptAll']);
  });

  it('a returning visitor whose runtime, due at the start, cannot load: ready from this stage and the re-open button, which fetches it again', () => {
    const t = setup(RETURNING_DUE);
    t.stage.begin(t.element);
    t.run('parsed');
    expect(t.log).to.include('runtime requested');
    t.fail();
    expect(t.log.slice(-2)).to.deep.equal(['ready true', 'reopen']);
    const before = t.log.filter((l) => l === 'runtime requested').length;
    t.reopen()!.open();
    expect(t.log.filter((l) => l === 'runtime requested').length, 'the button fetches it again').to.equal(before + 1);
    t.runtimeArrives();
    expect(t.handed()?.announced, 'the runtime fires no second ready').to.equal(true);
  });

  it('a gate brings the runtime once: after a failed load the next use asks again, not every change of the page', () => {
    const t = setup(RETURNING);
    t.stage.begin(t.element);
    const asked = (): number => t.log.filter((l) => l === 'runtime requested').length;
    t.addGate();
    expect(asked()).to.equal(1);
    t.fail();
    t.addGate();
    t.addGate();
    expect(asked(), 'not at each batch of a busy page').to.equal(1);
    t.stage.withApi(() => undefined);
    expect(asked()).to.equal(2);
  });

  it('a decision that throws (not expected): reported, the runtime decides alone', () => {
    const t = setup(FIRST_VISIT);
    const stage = new FirstStage({ ...t.deps, decide: () => { throw new Error('boom'); } });
    stage.begin(t.element);
    expect(stage.phase).to.equal('deferring');
    expect(t.log).to.deep.equal(['report Error: boom', 'runtime requested', 'hold -']);
  });

  it('whenDecided(): waits for the decision, at once after it', () => {
    const t = setup(RETURNING);
    const seen: boolean[] = [];
    t.stage.whenDecided(() => { seen.push(t.stage.isGranted('analytics')); });
    expect(seen).to.deep.equal([]);
    t.stage.begin(t.element);
    t.stage.whenDecided(() => { seen.push(true); });
    expect(seen).to.deep.equal([true, true]);
  });
});
