import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { ChangeDetail, ConsentState } from '../../src/core/types.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import { normalizeOptions, OPTION_ATTRIBUTES } from '../../src/runtime/options.js';
import { OPTION_NAMES } from '../../src/runtime/first-stage.js';
import { domainCovers } from '../../src/shared/url.js';
import { CookieRecordStorage, MemoryRecordStorage } from '../../src/storage/cookie-jar.js';
import { resolveConfig } from '../../src/core/config.js';
import { ConsentStore } from '../../src/core/store.js';
import { fakeDocumentCookie } from '../storage/fake-cookie.js';

let n = 0;
const uniqueName = (): string => `rt_test_${String(Date.now())}_${String(n++)}`;
const cookieNames = (): string[] => document.cookie.split(';').map((c) => c.trim().split('=')[0]).filter(Boolean);
const clearCookies = (): void => {
  for (const name of cookieNames()) document.cookie = `${name}=; Path=/; Max-Age=0`;
};

describe('runtime', () => {
  const runtimes: ConsentRuntime[] = [];
  const make = (init: ConstructorParameters<typeof ConsentRuntime>[0] = {}): ConsentRuntime => {
    const r = new ConsentRuntime(init);
    runtimes.push(r);
    return r;
  };
  afterEach(() => {
    for (const r of runtimes.splice(0)) r.dispose();
    clearCookies();
  });

  it('dispatches ready and change on its target; they bubble and are composed', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const name = uniqueName();
    const runtime = make({ options: { cookieName: name }, target: host });
    const ready = oneEvent<CustomEvent<ConsentState>>(document, 'migu-consent-ready');
    runtime.announceReady();
    const readyEvent = await ready;
    expect(readyEvent.bubbles && readyEvent.composed).to.equal(true);
    expect(readyEvent.target).to.equal(host);
    expect(readyEvent.detail.decided).to.equal(false);
    const change = oneEvent<CustomEvent<ChangeDetail>>(document, 'migu-consent-change');
    runtime.store.acceptAll();
    const detail = (await change).detail;
    expect(detail.granted).to.include('analytics');
    expect(Object.keys(detail).sort()).to.deep.equal(['granted', 'revoked', 'state']);
    expect(cookieNames()).to.include(name);
    host.remove();
  });

  it('a page left open past expires-days asks again then: the choice lapses, with a change that revokes it', async () => {
    const runtime = make({ options: { cookieName: uniqueName(), expiresDays: 1.5 / 86_400 } }); // a second and a half
    const changes: ChangeDetail[] = [];
    runtime.store.subscribe((c) => changes.push(c));
    runtime.store.acceptAll();
    expect(runtime.store.isGranted('analytics')).to.equal(true);
    await waitUntil(() => !runtime.store.isGranted('analytics'), 'the choice lapses while the page is open', { timeout: 5000 });
    expect([runtime.store.get().decided, runtime.store.prompt, runtime.store.reason]).to.deep.equal([false, true, 'expired']);
    expect(changes.at(-1)?.revoked).to.include('analytics');
    expect(runtime.store.lapsesIn).to.equal(undefined);
  });

  it('a page back from a sleep past expires-days asks again as it shows (the lapse timer comes late by the sleep), whatever the cookie jar still holds', () => {
    for (const [target, type] of [[document, 'visibilitychange'], [window, 'focus'], [window, 'pageshow']] as const) {
      let clock = Date.now();
      const runtime = make({ options: { cookieName: uniqueName(), expiresDays: 1 }, now: () => clock });
      runtime.store.acceptAll();
      // two days on the wall clock, the timer a day ahead still (asleep: timers count awake time); the cookie is still there
      clock += 2 * 86_400_000;
      expect(runtime.store.isGranted('analytics'), type).to.equal(true);
      target.dispatchEvent(new Event(type));
      expect([runtime.store.isGranted('analytics'), runtime.store.prompt, runtime.store.reason], type).to.deep.equal([false, true, 'expired']);
    }
  });

  it('a choice made in another tab applies here without a reload (BroadcastChannel)', async () => {
    const name = uniqueName();
    const here = make({ options: { cookieName: name } });
    const there = make({ options: { cookieName: name } });
    const seen: string[][] = [];
    here.store.subscribe((c) => seen.push(c.granted));
    there.store.acceptAll();
    await waitUntil(() => here.store.isGranted('marketing'), 'the other tab\'s choice arrives');
    expect(seen[0]).to.include('marketing');
    there.store.rejectAll();
    await waitUntil(() => !here.store.isGranted('marketing'), 'and its withdrawal');
  });

  it('another tab\'s choice and reset() apply here when this tab\'s storage does not show them yet (a renderer\'s cookie lags behind the message)', async () => {
    const name = uniqueName();
    // each tab's own storage: what the other tab stored is not read here, as in Chromium for a moment
    const here = make({ options: { cookieName: name }, storage: new MemoryRecordStorage() });
    const there = make({ options: { cookieName: name }, storage: new MemoryRecordStorage() });
    const seen: [string[], string[]][] = [];
    here.store.subscribe((c) => seen.push([c.granted, c.revoked]));
    there.store.update({ analytics: true });
    await waitUntil(() => here.store.isGranted('analytics'), 'the other tab\'s choice arrives with its message');
    expect(here.store.get().consentId).to.equal(there.store.get().consentId);
    there.store.reset();
    await waitUntil(() => !here.store.get().decided, 'and its reset()');
    expect(seen).to.deep.equal([[['analytics'], []], [[], ['analytics']]]);
  });

  it('a choice made on another host of cookie-domain (no message crosses origins) applies as this window takes focus, and at once where the Cookie Store API tells of it', async () => {
    const name = uniqueName();
    // what another subdomain's page does: it writes the one cookie, and its BroadcastChannel reaches only its own origin
    const elsewhere = (): ConsentStore => new ConsentStore({
      config: resolveConfig({}).config, storage: new CookieRecordStorage({ name, expiresDays: 1 }), revision: '1', dnt: 'respect',
      expiresDays: 365, signals: { dnt: false, gpc: false }, warn: () => {},
    });
    const api = globalThis as { cookieStore?: unknown };
    const store = Object.getOwnPropertyDescriptor(globalThis, 'cookieStore');
    // without the Cookie Store API (Firefox ESR before 140, plain-http pages): focus
    Object.defineProperty(globalThis, 'cookieStore', { value: undefined, configurable: true });
    let here: ConsentRuntime;
    try {
      here = make({ options: { cookieName: name, revision: '1' } });
    } finally {
      if (store) Object.defineProperty(globalThis, 'cookieStore', store);
      else delete api.cookieStore;
    }
    elsewhere().acceptAll();
    await new Promise((resolve) => { setTimeout(resolve, 50); });
    expect(here.store.isGranted('marketing'), 'not heard without focus').to.equal(false);
    dispatchEvent(new FocusEvent('focus'));
    expect(here.store.isGranted('marketing'), 'heard as the window takes focus').to.equal(true);
    here.dispose();
    if (!api.cookieStore || !window.isSecureContext) return;
    // with it: without focus or visibility
    const there = make({ options: { cookieName: name, revision: '1' } });
    expect(there.store.isGranted('marketing')).to.equal(true);
    elsewhere().rejectAll();
    await waitUntil(() => !there.store.isGranted('marketing'), 'the withdrawal applies at once');
  });

  it('invalid config: a clear console error, the defaults, nothing granted', () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const runtime = make({ options: { cookieName: uniqueName() }, config: '{"categories": [{"id": 1}]}' });
      expect(runtime.configErrors.length).to.equal(1);
      expect(runtime.store.config.categories.map((c) => c.id)).to.deep.equal(['necessary', 'functional', 'analytics', 'personalization', 'marketing']);
    } finally {
      console.error = original;
    }
    expect(errors.join()).to.match(/\[migu-consent:config\] invalid site config.*config\.categories\[0\]\.id/s);
  });

  it('headless: bad options, storage, target, clock or unknown names are a clear error each, the defaults are used, nothing throws', () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    const name = uniqueName();
    try {
      const runtime = make({
        options: { cookieName: name, expiresDays: 'soon' as never, cookie_domain: '.migu.cn' } as never,
        storage: {} as never, target: 'body' as never, now: 5 as never, hostSignal: {},
      } as never);
      expect(runtime.options).to.deep.include({ cookieName: name, expiresDays: 365, cookieDomain: '' });
      runtime.store.acceptAll();
      // the consent cookie stands in for the unusable storage: the choice is kept for the next page
      expect(cookieNames()).to.include(name);
      expect(errors).to.have.length(6);
      expect(errors.join('\n')).to.match(/expires-days: "soon" is not a number/)
        .and.match(/options\.cookie_domain: unknown/).and.match(/hostSignal: unknown/)
        .and.match(/storage: expected/).and.match(/target: expected/).and.match(/now: expected/);
      errors.length = 0;
      make(null as never);
      make({ options: 'revision=2' as never, config: 'not json', storage: new CookieRecordStorage({ name: uniqueName(), expiresDays: 1 }) });
      expect(errors).to.have.length(3);
      expect(errors.join('\n')).to.match(/ConsentRuntime: expected an object/).and.match(/options: expected an object/)
        .and.match(/invalid site config/);
    } finally {
      console.error = original;
    }
  });

  it('asked again under a new revision without a site revisionNotice in each language: one warning that the banner cannot say what changed, naming them; none with one in each', () => {
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    try {
      const storage = new MemoryRecordStorage();
      make({ options: { cookieName: uniqueName(), revision: '1' }, storage }).store.acceptAll();
      const notice = (): string[] => warned.filter((w) => w.includes('revisionNotice'));
      make({ options: { revision: '1' }, storage });
      expect(notice(), 'the same revision').to.deep.equal([]);
      const said = { 'zh-CN': '新增广告合作方“示例广告”', 'zh-TW': '新增廣告合作方「示例廣告」', en: 'We added the ad partner "Example Ads".' };
      make({ options: { revision: '2' }, storage, config: { texts: Object.fromEntries(Object.entries(said).map(([l, t]) => [l, { revisionNotice: t }])) } });
      expect(notice(), 'the site says what changed').to.deep.equal([]);
      make({ options: { revision: '2' }, storage });
      expect(notice()).to.have.length(1);
      expect(notice()[0]).to.match(/\[migu-consent:config\] asked again under a new revision.*\(none for zh-CN, zh-TW, en\)/);
      // said in zh-CN only: the zh-TW and English visitors got the built-in line
      make({ options: { revision: '2' }, storage, config: { texts: { 'zh-CN': { revisionNotice: said['zh-CN'] } } } });
      expect(notice()).to.have.length(2);
      expect(notice()[1]).to.contain('(none for zh-TW, en)');
    } finally {
      console.warn = original;
    }
  });

  it('a banner over categories of the site\'s own that lack a default one, without a bannerText of its own: one warning that the built-in text names the default purposes', () => {
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    try {
      const said = (): string[] => warned.filter((w) => w.includes('bannerText'));
      make({ options: { cookieName: uniqueName() } });
      make({ options: { cookieName: uniqueName() }, config: { categories: [{ id: 'analytics', services: [{ id: 'baidu', name: 'Baidu' }] }, { id: 'video' }] } });
      expect(said(), 'the default purposes, a service and a category added: the text is true').to.deep.equal([]);
      const video = { defaults: false, categories: [{ id: 'analytics' }, { id: 'advertising' }] };
      make({ options: { cookieName: uniqueName() }, config: { ...video, texts: { 'zh-CN': { bannerText: '我们使用统计分析和广告类 Cookie。' } } } });
      expect(said(), 'the site says its own').to.deep.equal([]);
      const storage = new MemoryRecordStorage();
      make({ options: { cookieName: uniqueName() }, config: video, storage }).store.acceptAll();
      expect(said()).to.have.length(1);
      expect(said()[0]).to.equal('[migu-consent:config] the banner\'s text names the default purposes; with categories of your own (necessary, analytics, advertising), say yours in config.texts[lang].bannerText');
      make({ options: { cookieName: uniqueName() }, config: video, storage });
      expect(said(), 'no banner, nothing said').to.have.length(1);
    } finally {
      console.warn = original;
    }
  });

  it('headless: a member or option given as undefined (an unset environment variable) takes its default, silently; typed so under exactOptionalPropertyTypes', () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    const env: Record<string, string | undefined> = {};
    try {
      // no cast: this line is what `npm run typecheck` (exactOptionalPropertyTypes) holds the type to
      const runtime = make({ options: { cookieName: uniqueName(), revision: env['REVISION'], expiresDays: undefined }, storage: undefined, now: undefined, target: undefined, hostSignals: undefined });
      expect(runtime.options).to.deep.include({ revision: '1', expiresDays: 365 });
      expect(errors).to.deep.equal([]);
    } finally {
      console.error = original;
    }
  });

  it('headless: a clock giving no valid time (NaN, Infinity, beyond a Date, throwing) is one clear error, Date.now() is used, nothing throws', () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      for (const bad of [() => NaN, () => Infinity, () => 8.64e15 + 1, () => -1e20, () => { throw new Error('no clock'); }]) {
        errors.length = 0;
        const storage = new MemoryRecordStorage();
        const runtime = make({ options: { cookieName: uniqueName() }, storage, now: bad });
        const before = Date.now();
        const state = runtime.store.acceptAll();
        runtime.store.rejectAll();
        expect(state.decided, String(bad)).to.equal(true);
        expect(Date.parse(state.updatedAt), String(bad)).to.be.within(before, Date.now());
        expect(storage.value, String(bad)).to.match(/^1\.1\.[a-z0-9]+\.[a-z0-9]+\./);
        expect(errors, String(bad)).to.have.length(1);
        expect(errors[0]).to.match(/now\(\): .* is not a time in epoch ms; using Date\.now\(\)/);
      }
    } finally {
      console.error = original;
    }
  });

  it('a cookie-name that is an Object.prototype member (constructor, toString) is stored and read back, no false "not stored"', () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      for (const name of ['constructor', 'toString']) {
        const storage = new CookieRecordStorage({ name, expiresDays: 1 });
        storage.write('v1');
        storage.write('v2');
        expect(cookieNames(), name).to.include(name);
        expect(new CookieRecordStorage({ name, expiresDays: 1 }).read(), name).to.equal('v2');
      }
    } finally {
      console.error = original;
    }
    expect(errors).to.deep.equal([]);
  });

  it('cookies blocked: keeps the choice in memory for the page life', () => {
    const storage = new CookieRecordStorage({ name: uniqueName(), expiresDays: 1 });
    const restore = fakeDocumentCookie({ get() { throw new DOMException('blocked', 'SecurityError'); }, set() { throw new DOMException('blocked', 'SecurityError'); } });
    try {
      const runtime = make({ storage });
      expect(() => runtime.store.acceptAll()).to.not.throw();
      expect(runtime.store.get().decided).to.equal(true);
      runtime.store.sync();
      expect(runtime.store.get().decided, 'sync reads the memory copy').to.equal(true);
    } finally {
      restore();
    }
  });

  it('the cookie goes on cookie-domain when set (and host-only where the browser refuses the domain)', () => {
    const realWarn = console.warn;
    console.warn = () => undefined;
    try {
      const storage = new CookieRecordStorage({ name: uniqueName(), domain: 'example.org', expiresDays: 1 });
      storage.write('1.x');
      // the browser refuses a domain the page is not on (or a public suffix): host-only instead, which it keeps
      expect(storage.read()).to.equal('1.x');
      expect(document.cookie).to.contain('1.x');
      storage.clear();
      expect(document.cookie).to.not.contain('1.x');
    } finally {
      console.warn = realWarn;
    }
  });
});

describe('runtime: a cookie-domain that does not cover the host', () => {
  it('warns once and falls back to a host-only cookie that the browser keeps', () => {
    const warned: string[] = [];
    const realWarn = console.warn;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    const runtimes: ConsentRuntime[] = [];
    try {
      const name = uniqueName();
      for (let i = 0; i < 2; i++) runtimes.push(new ConsentRuntime({ options: { cookieName: name, cookieDomain: '.migu.cn' } }));
      expect(runtimes[0].options.cookieDomain).to.equal('');
      expect(warned).to.deep.equal([`[migu-consent:option] cookie-domain: ".migu.cn" does not cover this page's host "${location.hostname}": `
        + 'the browser would refuse the consent cookie; a host-only cookie is used instead']);
      runtimes[0].store.acceptAll();
      expect(cookieNames()).to.include(name);
      const own = new ConsentRuntime({ options: { cookieName: uniqueName(), cookieDomain: location.hostname } });
      runtimes.push(own);
      expect(own.options.cookieDomain, 'a domain that covers the host is kept').to.equal(location.hostname);
    } finally {
      console.warn = realWarn;
      for (const r of runtimes) r.dispose();
      clearCookies();
    }
  });

  it('domainCovers: the host itself or a parent, with or without the dots', () => {
    expect(domainCovers('.migu.cn', 'www.migu.cn')).to.equal(true);
    expect(domainCovers('migu.cn', 'migu.cn.')).to.equal(true);
    expect(domainCovers('.MIGU.cn', 'm.Migu.CN')).to.equal(true);
    expect(domainCovers('.migu.cn', '127.0.0.1')).to.equal(false);
    expect(domainCovers('.migu.cn', 'evilmigu.cn')).to.equal(false);
    expect(domainCovers('www.migu.cn', 'migu.cn')).to.equal(false);
  });
});

describe('runtime: minor with a guardian callback', () => {
  it('asks the guardian before enabling, applies only on confirmation', async () => {
    const runtime = new ConsentRuntime({ options: { cookieName: uniqueName(), minor: true } });
    const asked: string[][] = [];
    runtime.guardian = ({ grants }) => { asked.push(grants); return Promise.resolve(asked.length > 1); };
    await runtime.update({ marketing: true });
    expect(runtime.store.isGranted('marketing'), 'first answer: no').to.equal(false);
    await runtime.update({ marketing: true });
    expect(runtime.store.isGranted('marketing'), 'second answer: yes').to.equal(true);
    expect(asked).to.deep.equal([['marketing'], ['marketing']]);
    await runtime.update({ marketing: false });
    expect(asked.length, 'revoking asks nobody').to.equal(2);
    runtime.dispose();
    clearCookies();
  });

  it('a guardian who says no, or none set, holds back the grants of a choice but never its withdrawals', async () => {
    const runtime = new ConsentRuntime({ options: { cookieName: uniqueName(), minor: true } });
    runtime.guardian = () => Promise.resolve(true);
    await runtime.update({ analytics: true, functional: true });
    runtime.guardian = () => Promise.resolve(false);
    await runtime.update({ analytics: false, marketing: true });
    expect(runtime.store.isGranted('analytics'), 'withdrawn although the guardian said no to the rest').to.equal(false);
    expect(runtime.store.isGranted('marketing')).to.equal(false);
    runtime.guardian = undefined;
    await runtime.update({ functional: false, marketing: true });
    expect(runtime.store.isGranted('functional'), 'withdrawn without a guardian callback').to.equal(false);
    expect(runtime.store.isGranted('marketing')).to.equal(false);
    runtime.dispose();
    clearCookies();
  });

  it('without a callback or with a throwing one, nothing is enabled and nothing throws', async () => {
    const runtime = new ConsentRuntime({ options: { cookieName: uniqueName(), minor: true } });
    await runtime.update({ analytics: true });
    runtime.guardian = () => { throw new Error('host bug'); };
    await runtime.update({ analytics: true });
    expect(runtime.store.isGranted('analytics')).to.equal(false);
    runtime.dispose();
  });
});

describe('runtime: signals the server saw (server-signals)', () => {
  it('DNT / Sec-GPC headers passed on by the host count like the browser\'s own', () => {
    const dnt = new ConsentRuntime({ options: { cookieName: uniqueName(), serverSignals: 'dnt' } });
    expect(dnt.store.get().signals).to.deep.equal({ dnt: true, gpc: false });
    expect(dnt.store.get().source).to.equal('signal');
    expect(dnt.store.prompt).to.equal(false);
    dnt.dispose();
    const none = new ConsentRuntime({ options: { cookieName: uniqueName() } });
    expect(none.store.get().signals).to.deep.equal({ dnt: false, gpc: false });
    none.dispose();
    const messages: string[] = [];
    expect(normalizeOptions({ serverSignals: 'dnt gpc' }, (m) => messages.push(m)).serverSignals).to.equal('dnt gpc');
    expect(normalizeOptions({ serverSignals: 'yes' }, (m) => messages.push(m)).serverSignals).to.equal('');
    expect(messages).to.deep.equal(['server-signals: expected "dnt", "gpc" or both, got "yes"']);
  });
});

describe('runtime: the lang option', () => {
  it('one of ours, or a Chinese or English tag, is taken; another language is reported, its texts in zh-CN; empty is unset', () => {
    const messages: string[] = [];
    for (const lang of ['zh-CN', 'zh-TW', 'en', 'EN-us', 'en_GB', 'zh', 'zh-Hant-HK', 'zh_TW']) {
      expect(normalizeOptions({ lang }, (m) => messages.push(m)).lang, lang).to.equal(lang);
    }
    expect(normalizeOptions({ lang: '' }, (m) => messages.push(m)).lang).to.equal('');
    expect(messages).to.deep.equal([]);
    for (const lang of ['xx', 'ja', 'english', 'zhuang']) expect(normalizeOptions({ lang }, (m) => messages.push(m)).lang, lang).to.equal('');
    expect(messages).to.deep.equal(['xx', 'ja', 'english', 'zhuang'].map((lang) => `lang: "${lang}" is none of zh-CN, zh-TW, en: the texts are in zh-CN`));
  });
});

describe('runtime.setOptions', () => {
  it('evaluates the stored choice again under policy options set later; start-only ones are reported and kept; bad values reported', () => {
    const warned: string[] = [];
    const realWarn = console.warn;
    const realError = console.error;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    console.error = console.warn;
    const runtime = new ConsentRuntime({ options: { cookieName: uniqueName(), revision: '1' }, storage: new MemoryRecordStorage() });
    try {
      runtime.store.acceptAll();
      const causes: string[] = [];
      runtime.store.subscribe(({ cause }) => causes.push(cause));
      runtime.setOptions({ revision: '2' });
      expect(runtime.options.revision).to.equal('2');
      expect(runtime.store.reason).to.equal('revision');
      expect(runtime.store.isGranted('analytics')).to.equal(false);
      expect(causes).to.deep.equal(['config']);
      runtime.setOptions({ revision: '1', policyUrl: 'https://www.migu.cn/privacy' });
      expect(runtime.store.isGranted('analytics'), 'the stored choice again').to.equal(true);
      expect(runtime.options.policyUrl).to.equal('https://www.migu.cn/privacy');
      runtime.setOptions({ serverSignals: 'gpc' });
      expect(runtime.store.get().signals.gpc).to.equal(true);
      expect(runtime.store.isGranted('analytics'), 'a choice made without the signal yields to it').to.equal(false);
      runtime.setOptions({ revision: '1' });
      expect(causes, 'nothing changed: nothing heard').to.have.length(3);
      expect(warned).to.deep.equal([]);
      const name = runtime.options.cookieName;
      runtime.setOptions({ cookieName: 'other', receiptEndpoint: 'https://receipts.example/r' });
      expect(runtime.options.cookieName, 'kept for this page').to.equal(name);
      expect(runtime.options.receiptEndpoint).to.equal('');
      expect(warned.join('\n')).to.include('cookie-name, receipt-endpoint: read when the page starts');
      runtime.setOptions({ expiresDays: 'soon' as unknown as number });
      expect(warned.join('\n')).to.include('expires-days: "soon" is not a number of days');
      expect(runtime.options.expiresDays).to.equal(365);
      runtime.setOptions(new Proxy({}, { ownKeys: () => { throw new Error('boom'); } }));
      expect(warned.at(-1)).to.include('setOptions() threw Error: boom; nothing changed');
    } finally {
      console.warn = realWarn;
      console.error = realError;
      runtime.dispose();
    }
  });
});

describe('options', () => {
  it('reports a bad value and keeps its default', () => {
    const messages: string[] = [];
    const o = normalizeOptions({
      revision: '', cookieName: 'a b', cookieDomain: 'evil.com/x', expiresDays: 'soon', policyUrl: 'javascript:alert(1)',
      dnt: 'maybe', receiptEndpoint: 'data:text/plain,x', revoke: 'never',
    }, (m) => messages.push(m));
    expect(o).to.deep.include({ revision: '1', cookieName: 'migu_consent', cookieDomain: '', expiresDays: 365, policyUrl: '', dnt: 'respect', receiptEndpoint: '', revoke: 'reload', minor: false, serverSignals: '' });
    expect(messages).to.have.length(8);
    expect(messages.join('\n')).to.match(/policy-url: only http and https/);
  });

  it('the first stage watches the attributes the runtime reads (first-stage.ts OPTION_NAMES), each option\'s name in kebab case', () => {
    expect(OPTION_NAMES.split(' ')).to.deep.equal(Object.values(OPTION_ATTRIBUTES));
    // derived from the names (runtime/option-checks.ts): the element's public attributes, written out here
    expect(OPTION_ATTRIBUTES).to.deep.equal({
      revision: 'revision', cookieName: 'cookie-name', cookieDomain: 'cookie-domain', expiresDays: 'expires-days', lang: 'lang',
      policyUrl: 'policy-url', dnt: 'dnt', receiptEndpoint: 'receipt-endpoint', revoke: 'revoke', minor: 'minor', serverSignals: 'server-signals',
    });
  });

  it('refuses a receipt-endpoint with a user name or password, naming neither (fetch refuses it; a log would leak it)', () => {
    for (const endpoint of ['https://collector:s3cret@receipts.example/r', '  http://s3cret@receipts.example/r', 'https:\\\\collector:s3cret@receipts.example/r']) {
      const messages: string[] = [];
      expect(normalizeOptions({ receiptEndpoint: endpoint }, (m) => messages.push(m)).receiptEndpoint, endpoint).to.equal('');
      expect(messages).to.deep.equal(['receipt-endpoint: only http and https URLs without user:password@ are allowed']);
    }
    // an @ in the path or query is no credential
    const messages: string[] = [];
    expect(normalizeOptions({ receiptEndpoint: 'https://receipts.example/a@b?c=@' }, (m) => messages.push(m)).receiptEndpoint)
      .to.equal('https://receipts.example/a@b?c=@');
    expect(messages).to.deep.equal([]);
  });

  it('accepts good values and resolves relative URLs against the page', () => {
    const o = normalizeOptions({ revision: '2026-11', cookieDomain: '.migu.cn', expiresDays: '180', policyUrl: '/privacy', dnt: 'ignore', revoke: 'none' }, () => undefined);
    expect(o.revision).to.equal('2026-11');
    expect(o.cookieDomain).to.equal('.migu.cn');
    expect(o.expiresDays).to.equal(180);
    expect(o.policyUrl).to.equal(`${location.origin}/privacy`);
    expect(o.dnt).to.equal('ignore');
    expect(o.revoke).to.equal('none');
    expect(normalizeOptions({ minor: '' }, () => undefined).minor, 'boolean attribute present').to.equal(true);
    expect(normalizeOptions({ minor: 'false' }, () => undefined).minor).to.equal(false);
  });
});
