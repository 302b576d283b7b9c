// Issue 18: the script build's first stage (runtime/first-stage.ts `decideEarly`) must decide as the
// runtime does. Over 10,000 seeded random cases (site configs, valid and broken; attributes, valid and
// bad; records made by stores of this config and of others, expired, from the future, of another
// revision or version, tampered with, truncated; server signals and `dnt` modes; the early config
// saved by an earlier page of this config, of another config, or broken), both paths read the same
// element and the same cookie:
// - the runtime as the script build starts it (options from the attributes, ConsentRuntime with the
//   config's text and the cookie through js-cookie), which then saves the early config as
//   src/lazy/runtime.ts does;
// - the first stage, from the attributes, the saved early config, the cookie and the signals.
// Where the first stage decides, its state (granted categories and services, decided, source,
// revision, consent id, time, signals), prompt and reason equal the runtime's; where it abstains, the
// runtime has a valid choice that only its config can read. It never grants what the runtime does not.
import { expect } from '@open-wc/testing';
import { earlyKey, toEarly } from '../../src/core/early.js';
import type { ConsentState } from '../../src/core/types.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import { decideEarly, earlyOptions } from '../../src/runtime/first-stage.js';
import { optionsFromElement } from '../../src/runtime/options.js';
import { saveEarly } from '../../src/storage/early-cache.js';
import { ConsentStore } from '../../src/core/store.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';
import { resolveConfig } from '../../src/core/config.js';
import { decodeRecord } from '../../src/core/record.js';

const CASES = 10_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2);

/** mulberry32: the same cases on every run and in every engine. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cases(seed: number) {
  const r = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
  const chance = (p: number): boolean => r() < p;

  /** A site config's JSON: mostly valid, sometimes broken (the runtime then uses the defaults). */
  const configText = (): string | undefined => {
    if (chance(0.1)) return undefined;
    const categories = [];
    const ids = ['necessary', 'functional', 'analytics', 'personalization', 'marketing', 'video', 'partners', 'cross'];
    for (const id of ids) {
      if (!chance(0.5)) continue;
      const services = [];
      const n = Math.floor(r() * 3);
      for (let i = 0; i < n; i++) {
        services.push({
          id: `${id.slice(0, 3)}${i}${pick(['', 'x'])}`,
          name: `Service ${i}`,
          ...(chance(0.2) ? { separate: true } : {}),
          ...(chance(0.15) ? { crossBorder: { recipient: 'Vendor LLC', country: 'US' } } : {}),
          ...(chance(0.2) ? { hosts: [pick(['tracker.example', '/^ads\\./', '.cdn.example'])] } : {}),
          // what the runtime's sweep deletes while the service is not granted
          ...(chance(0.25) ? pick([{ cookies: ['_ga', '/^_gid/'] }, { storage: ['sdk_id'] }, { sessionStorage: ['s'] }, { indexedDB: ['db'] }]) : {}),
        });
      }
      categories.push({ id, ...(chance(0.2) && id !== 'necessary' ? { separate: true } : {}), ...(services.length ? { services } : {}) });
    }
    const config: Record<string, unknown> = { categories };
    if (chance(0.2)) config['defaults'] = false;
    if (chance(0.2)) config['texts'] = { en: { bannerTitle: 'Hello' } };
    if (chance(0.1)) config['siblings'] = ['migu.cn', 'miguvideo.com'];
    // broken: an unknown key, a bad id, a pattern that could backtrack, not JSON at all
    if (chance(0.05)) config['colour'] = 'red';
    if (chance(0.03)) categories.push({ id: 'Bad Id!' });
    if (chance(0.02)) categories.push({ id: 'risky', services: [{ id: 'r1', name: 'R', cookies: ['/(a+)+$/'] }] });
    const text = JSON.stringify(config);
    return chance(0.02) ? text.slice(0, -1) : text;
  };

  const attributes = (): Record<string, string> => {
    const a: Record<string, string> = {};
    if (chance(0.6)) a['revision'] = pick(['1', '2', 'v3', ' 2 ', '2026-12 policy', 'x'.repeat(201), '']);
    if (chance(0.4)) a['expires-days'] = pick(['365', '1', '30', '0', '-5', 'abc', '3650', '3651', '0.5']);
    if (chance(0.4)) a['dnt'] = pick(['respect', 'ignore', 'IGNORE', ' ignore ', 'no']);
    if (chance(0.2)) a['minor'] = pick(['', 'false', 'true', 'yes']);
    if (chance(0.4)) a['server-signals'] = pick(['dnt', 'gpc', 'dnt gpc', 'gpc  dnt', 'bogus', '']);
    if (chance(0.1)) a['cookie-domain'] = pick(['.example.com', 'localhost', 'bad domain']);
    if (chance(0.1)) a['receipt-endpoint'] = pick(['https://www.migu.cn/receipts', 'javascript:void 0']);
    if (chance(0.3)) a['policy-url'] = pick(['https://www.migu.cn/privacy.html', ' /privacy ', '', 'javascript:alert(1)', 'data:text/html,x']);
    return a;
  };

  return { r, pick, chance, configText, attributes };
}

/** A record as a store of `text`'s config (or another's: another page, another tab) writes it, and the ways it goes bad. */
function recordFor(c: ReturnType<typeof cases>, text: string | undefined, revision: string): string | undefined {
  const { chance, pick, r } = c;
  if (chance(0.12)) return undefined;
  if (chance(0.03)) return pick(['garbage', '', '2.1.abcdefgh.1.....x', '1.1.abcdefgh']);
  let config = resolveConfig({}).config;
  try {
    const parsed: unknown = JSON.parse(chance(0.8) ? text ?? '{}' : c.configText() ?? '{}');
    const resolved = resolveConfig(parsed);
    if (!resolved.errors.length) config = resolved.config;
  } catch { /* the defaults */ }
  const storage = new MemoryRecordStorage();
  const at = NOW + pick([-400, -366, -365, -364, -30, -1, 0, 0.5, 2]) * DAY + Math.floor(r() * 1000);
  const store = new ConsentStore({
    config, storage, revision: chance(0.75) ? revision : pick(['1', '2', 'old']), dnt: chance(0.9) ? 'respect' : 'ignore', expiresDays: 365,
    // a choice made over a signal (stored as such, it outlasts one) or without one (a signal suspends it)
    signals: chance(0.3) ? { dnt: chance(0.5), gpc: chance(0.5) } : { dnt: false, gpc: false }, now: () => at, minor: chance(0.1), warn: () => undefined,
  });
  const ids = [...config.categories.map((x) => x.id), ...config.categories.flatMap((x) => x.services.map((s) => s.id))];
  const way = Math.floor(r() * 4);
  if (way === 0) store.acceptAll();
  else if (way === 1) store.rejectAll();
  else {
    const choice: Record<string, boolean> = {};
    for (const id of ids) if (chance(0.5)) choice[id] = chance(0.5);
    store.update(choice, chance(0.3) ? { guardianConfirmed: true } : {});
  }
  let value = storage.value;
  if (value && chance(0.08)) {
    // tampered with: a character changed, cut short, extended
    const i = Math.floor(r() * value.length);
    value = pick([
      value.slice(0, i) + (value[i] === 'a' ? 'b' : 'a') + value.slice(i + 1),
      value.slice(0, i),
      `${value}x`,
    ]);
  }
  return value;
}

/** The granted category and service ids of a state. */
const granted = (state: ConsentState): string[] =>
  [...Object.entries(state.categories), ...Object.entries(state.services).map(([id, on]) => [`service:${id}`, on] as const)]
    .filter(([, on]) => on).map(([id]) => id).sort();

/** The state as compared: what JSON keeps (both sides are plain data). */
const plain = (state: ConsentState): unknown => JSON.parse(JSON.stringify(state)) as unknown;

describe('the first stage decides as the runtime does (differential, seeded)', () => {
  const cookieNames: string[] = [];
  afterEach(() => {
    for (const name of cookieNames.splice(0)) {
      document.cookie = `${name}=; Path=/; Max-Age=0`;
      localStorage.removeItem(`${name}.early`);
    }
  });

  it(`${String(CASES)} cases: the same granted categories and services, the same state, prompt and reason`, function () {
    this.timeout(300_000);
    const c = cases(20261202);
    const seen = { overSignal: 0, suspended: 0, other: 0, due: 0, notDue: 0, decided: 0, grants: 0, abstained: 0, prompt: 0, signal: 0, noEarly: 0, brokenEarly: 0, listed: 0 };
    for (let i = 0; i < CASES; i++) {
      const name = `diff_${String(i % 50)}`;
      if (!cookieNames.includes(name)) cookieNames.push(name);
      const element = document.createElement('migu-consent');
      const attrs = c.attributes();
      element.setAttribute('cookie-name', name);
      for (const [k, v] of Object.entries(attrs)) element.setAttribute(k, v);
      const text = c.configText();
      if (text !== undefined) {
        const script = document.createElement('script');
        // spelt as HTML still takes for a data block of this type (runtime/config-source.ts)
        script.type = ['application/json', ' application/json\n', 'Application/JSON', 'application/json; charset=utf-8'][i % 4]!;
        script.textContent = text;
        element.append(script);
      }
      const options = optionsFromElement(element, () => undefined);
      // the first stage reads the attributes with runtime/options.ts's checks, without its words: the same values
      expect(earlyOptions(element), `case ${String(i)}: ${JSON.stringify(attrs)}`).to.deep.equal(options);
      const value = recordFor(c, text, c.chance(0.8) ? options.revision : c.pick(['1', '2']));
      if (value === undefined) document.cookie = `${name}=; Path=/; Max-Age=0`;
      else document.cookie = `${name}=${value}; Path=/`;

      // an earlier page of this config saved its early config (as src/lazy/runtime.ts does), or of another, or none
      localStorage.removeItem(`${name}.early`);
      const earlier = c.r();
      if (earlier < 0.75 || earlier >= 0.9) {
        const before = new ConsentRuntime({ options, config: earlier < 0.75 ? text : c.configText(), target: element });
        saveEarly(options.cookieName, toEarly(before.store.config, earlyKey((earlier < 0.75 ? text : 'another') ?? ''), before.configClean));
        before.dispose();
      } else {
        seen.noEarly++;
      }
      if (c.chance(0.02)) {
        localStorage.setItem(`${name}.early`, c.pick(['{', '[{"key":1}]', `[{"key":"${earlyKey(text ?? '')}","categories":[{"id":5}]}]`, 'null']));
        seen.brokenEarly++;
      }

      const now = NOW + Math.floor(c.r() * 1000);
      const early = decideEarly(element, now);
      const runtime = new ConsentRuntime({ options, config: text, target: element, now: () => now });
      const state = runtime.store.get();
      const what = `case ${String(i)}: ${JSON.stringify({ attrs, text, value })}`;
      try {
        // a valid config is always shaped like one: only a broken one asks for the runtime at once
        if (!runtime.configErrors.length) expect(early.config ?? early.listed, what).not.to.equal(undefined);
        if (early.evaluation) {
          // without the early config only whether to ask is known, and the categories and services
          // as the config lists them (runtime/first-stage.ts listedConfig): the same state as the
          // runtime's when the config is valid; a broken one (the runtime uses the defaults) is
          // listed as written until the runtime is in, so only the rest is compared there
          if (early.config || !runtime.configErrors.length) expect(plain(early.evaluation.state), what).to.deep.equal(plain(state));
          else expect(plain({ ...early.evaluation.state, categories: {}, services: {} }), what).to.deep.equal(plain({ ...state, categories: {}, services: {} }));
          if (!early.config && !runtime.configErrors.length) seen.listed++;
          if (early.config) expect(granted(early.evaluation.state), what).to.deep.equal(granted(state));
          else expect(granted(state).filter((id) => !id.startsWith('service:')), what).to.deep.equal(['necessary']);
          expect(early.evaluation.prompt, what).to.equal(runtime.store.prompt);
          if (early.config) {
            // whether the runtime has work as the page starts, used or not: a sweep of what a service
            // not granted declares, sibling links, receipts; never missed, and exact but for a
            // receipt-endpoint the runtime refuses (the first stage only sees that it is set)
            const { store } = runtime;
            const sweeps = store.config.categories.flatMap((x) => x.services).some((sv) => !store.isGranted(sv.category, sv.id)
              && !!(sv.cookies.length || sv.storage.length || sv.sessionStorage.length || sv.indexedDB.length));
            const work = sweeps || !!store.config.siblings?.length || !!options.receiptEndpoint;
            if (work || !element.hasAttribute('receipt-endpoint')) expect(early.runtimeDue, `runtimeDue, ${what}`).to.equal(work);
            seen[early.runtimeDue ? 'due' : 'notDue']++;
            // a config the runtime would report on is never taken as clean (the check then validates it)
            expect(early.config.clean, `clean, ${what}`).to.equal(runtime.configClean);
          }
          expect(early.evaluation.reason, what).to.equal(runtime.store.reason);
          if (state.decided) seen.decided++;
          if (Object.entries(state.categories).some(([id, on]) => on && id !== 'necessary')) seen.grants++;
          if (early.evaluation.prompt) seen.prompt++;
          if (state.source === 'signal') seen.signal++;
          const stored = value === undefined ? undefined : decodeRecord(value);
          if (stored && (state.signals.dnt || state.signals.gpc) && options.dnt === 'respect') seen[stored.overSignal ? 'overSignal' : state.source === 'signal' ? 'suspended' : 'other']++;
        } else {
          seen.abstained++;
          // it abstains only over a valid choice it cannot read without the config
          expect(state.decided, what).to.equal(true);
          expect(early.config, what).to.equal(undefined);
        }
      } finally {
        runtime.dispose();
      }
    }
    // every kind of case was met often enough to mean something
    expect(seen.decided, 'cases with a valid choice decided early').to.be.above(1500);
    expect(seen.grants, 'cases granting more than necessary').to.be.above(1000);
    expect(seen.prompt, 'cases asking (banner)').to.be.above(2000);
    expect(seen.signal, 'cases honouring a signal').to.be.above(300);
    expect(seen.overSignal, 'cases with a signal and a choice made over one').to.be.above(50);
    expect(seen.suspended, 'cases with a signal suspending a choice made without one').to.be.above(50);
    expect(seen.abstained, 'cases left to the runtime').to.be.above(100);
    expect(seen.brokenEarly).to.be.above(100);
    expect(seen.due, 'cases whose runtime has work at the start').to.be.above(300);
    expect(seen.notDue, 'cases whose runtime waits to be used').to.be.above(300);
    expect(seen.listed, 'cases whose state lists the config\'s text, not the early config').to.be.above(1000);
  });

  it('an early config edited to lock a category (by another app of the origin, a corrupted cache) grants nothing the record refuses (Firefox fuzz F4)', () => {
    const name = 'diff_locked';
    const element = document.createElement('migu-consent');
    element.setAttribute('cookie-name', name);
    const script = document.createElement('script');
    script.type = 'application/json';
    script.textContent = '{ "categories": [{ "id": "analytics", "services": [{ "id": "stats", "name": "Stats" }] }] }';
    element.append(script);
    const options = optionsFromElement(element, () => undefined);
    const runtime = new ConsentRuntime({ options, config: script.textContent, target: element });
    try {
      runtime.store.rejectAll();
      saveEarly(name, toEarly(runtime.store.config, earlyKey(script.textContent), runtime.configClean));
      const stored = localStorage.getItem(`${name}.early`)!;
      expect(stored, 'precondition: the product wrote analytics unlocked').to.include('{"id":"analytics","locked":false');
      localStorage.setItem(`${name}.early`, stored.replaceAll('"locked":false', '"locked":true'));
      const early = decideEarly(element);
      expect(early.config, 'the edited cache is read (else this proves nothing)').not.to.equal(undefined);
      expect(early.evaluation?.state.decided).to.equal(true);
      expect(Object.entries(early.evaluation?.state.categories ?? {}).filter(([, on]) => on).map(([id]) => id)).to.deep.equal(['necessary']);
    } finally {
      runtime.dispose();
      localStorage.removeItem(`${name}.early`);
      document.cookie = `${name}=; Path=/; Max-Age=0`;
    }
  });
});
