import { expect } from '@open-wc/testing';
import type { ConsentState } from '../../src/core/types.js';
import { resolveConfig } from '../../src/core/config.js';
import {
  CONSENT_MODE_DEFAULTS, consentModeParams, DEFAULT_CONSENT_MODE_MAPPING, googleConsentMode,
} from '../../src/integrations/google-consent-mode.js';
import { ga4 } from '../../src/integrations/presets.js';
import { parseGoogleConsentModeOptions, startScriptIntegrations } from '../../src/integrations/script-build.js';
import { attributeUpdates, checkAttributeMapping } from '../../src/integrations/script-build-updates.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';

type Layer = unknown[];
const w = window as unknown as Record<string, unknown>;
const layer = (name = 'dataLayer'): Layer => (w[name] ?? []) as Layer;
/** What gtag.js would read: only Arguments objects are commands. */
const isArguments = (entry: unknown): boolean => Object.prototype.toString.call(entry) === '[object Arguments]';
const commands = (name?: string): unknown[][] => layer(name).map((e) => Array.from(e as ArrayLike<unknown>));
const consentCommands = (name?: string): unknown[][] => commands(name).filter((c) => c[0] === 'consent');
const updates = (name?: string): Record<string, string>[] =>
  consentCommands(name).filter((c) => c[1] === 'update').map((c) => c[2] as Record<string, string>);

const ALL_DENIED = {
  ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
  functionality_storage: 'denied', personalization_storage: 'denied',
};
const ALL_GRANTED = Object.fromEntries(Object.keys(ALL_DENIED).map((k) => [k, 'granted']));

const state = (categories: Record<string, boolean>, services: Record<string, boolean> = {}): ConsentState => ({
  decided: true, categories: { necessary: true, ...categories }, services, revision: '1', consentId: 'c',
  updatedAt: '', source: 'user', signals: { dnt: false, gpc: false },
});

let n = 0;
const cookieName = (): string => `gcm_test_${String(Date.now())}_${String(n++)}`;
const clearCookies = (): void => {
  for (const c of document.cookie.split(';')) document.cookie = `${c.split('=')[0].trim()}=; Path=/; Max-Age=0`;
};

describe('Google Consent Mode', () => {
  const stops: (() => void)[] = [];
  const runtimes: ConsentRuntime[] = [];
  const runtime = (init: ConstructorParameters<typeof ConsentRuntime>[0] = {}): ConsentRuntime => {
    const r = new ConsentRuntime({ options: { cookieName: cookieName() }, ...init });
    runtimes.push(r);
    return r;
  };
  const start = (...args: Parameters<typeof googleConsentMode>): void => { stops.push(googleConsentMode(...args)); };
  beforeEach(() => {
    delete w['dataLayer'];
    delete w['otherLayer'];
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    for (const r of runtimes.splice(0)) r.dispose();
    clearCookies();
  });

  it('pushes the consent default first, as an Arguments object, all denied but security_storage', () => {
    w['dataLayer'] = [{ event: 'earlier page push' }]; // kept: gtag.js reads the same array
    start({ get: () => runtime().store.get() });
    const entries = layer();
    expect(entries.length).to.equal(3);
    expect(isArguments(entries[1])).to.equal(true);
    expect(Array.isArray(entries[1])).to.equal(false);
    expect(commands()[1]).to.deep.equal(['consent', 'default', {
      ...ALL_DENIED, security_storage: 'granted', wait_for_update: 500,
    }]);
    expect(commands()[2]).to.deep.equal(['set', 'ads_data_redaction', true]);
    expect(updates()).to.deep.equal([], 'no update before a choice');
  });

  it('exactly one update per decision, mapped category by category', () => {
    const r = runtime();
    start({ get: () => r.store.get() });
    r.store.acceptAll();
    expect(updates()).to.deep.equal([ALL_GRANTED]);
    r.store.rejectAll();
    expect(updates()[1]).to.deep.equal(ALL_DENIED);
    r.store.update({ analytics: true, personalization: true });
    r.store.update({ analytics: true, personalization: true }); // the same choice again is still a decision
    expect(updates().length).to.equal(4);
    expect(updates()[3]).to.deep.equal({ ...ALL_DENIED, analytics_storage: 'granted', personalization_storage: 'granted' });
    r.store.reset(); // forgetting the choice withdraws it
    expect(updates()[4]).to.deep.equal(ALL_DENIED);
    expect(consentCommands().filter((c) => c[1] === 'default').length).to.equal(1);
    expect(layer().every(isArguments)).to.equal(true);
  });

  it('a config set before any decision (a page setting the element\'s config late) pushes nothing; the decision after it, one update', () => {
    const r = runtime();
    start({ get: () => r.store.get() });
    r.store.reconfigure(resolveConfig({ categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats' }] }] }).config);
    expect(updates()).to.deep.equal([], 'nothing decided: the default holds');
    r.store.acceptAll();
    expect(updates().length).to.equal(1);
  });

  it('a returning visitor: one update at once when the runtime already runs, none more when it is ready', () => {
    const name = cookieName();
    runtime({ options: { cookieName: name } }).store.update({ marketing: true });
    const returning = runtime({ options: { cookieName: name } });
    start({ get: () => returning.store.get() });
    expect(updates()).to.deep.equal([{ ...ALL_DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }]);
    returning.announceReady();
    expect(updates().length).to.equal(1);
  });

  it('a returning visitor whose <migu-consent> starts later: one update when it is ready', () => {
    const name = cookieName();
    runtime({ options: { cookieName: name } }).store.update({ functional: true });
    const page: { runtime?: ConsentRuntime } = {};
    const undecided = runtime().store.get();
    start({ get: () => page.runtime?.store.get() ?? undecided });
    expect(updates()).to.deep.equal([]);
    page.runtime = runtime({ options: { cookieName: name } });
    page.runtime.announceReady();
    page.runtime.announceReady();
    expect(updates()).to.deep.equal([{ ...ALL_DENIED, functionality_storage: 'granted' }]);
  });

  it('no update for an undecided visitor or one whose browser signal was honoured', () => {
    const r = runtime({ hostSignals: { dnt: true } });
    start({ get: () => r.store.get() });
    r.announceReady();
    expect(r.store.get().source).to.equal('signal');
    expect(consentCommands().map((c) => c[1])).to.deep.equal(['default']);
  });

  it('Google Analytics as a cross-border service: analytics alone does not grant analytics_storage', () => {
    const r = runtime({ config: { categories: [{ id: 'analytics', services: [ga4()] }] } });
    start({ get: () => r.store.get() });
    r.store.acceptAll(); // a separate (cross-border) service is not part of "accept all"
    expect(r.store.isGranted('analytics')).to.equal(true);
    expect(updates()[0]?.['analytics_storage']).to.equal('denied');
    r.store.update({ ga4: true });
    expect(updates()[1]?.['analytics_storage']).to.equal('granted');
  });

  it('the mapping is overridable by id, list of ids or function; unknown ids and failing rules deny', () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const params = consentModeParams(state({ marketing: true, personalization: false, analytics: true }, { ga4: false }), {
        ad_personalization: ['marketing', 'personalization'],
        ad_user_data: 'no-such-id',
        functionality_storage: (s) => s.categories['analytics'] === true,
        personalization_storage: () => { throw new Error('boom'); },
        security_storage: 'necessary',
      });
      expect(params).to.deep.equal({
        ad_storage: 'granted', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
        functionality_storage: 'granted', personalization_storage: 'denied', security_storage: 'granted',
      });
    } finally {
      console.error = original;
    }
    expect(errors.join()).to.match(/\[migu-consent:api\] googleConsentMode: personalization_storage: Error: boom/);
    // a service id counts with its category: state.services holds the effective grant
    expect(consentModeParams(state({ analytics: true }, { ga4: true }), { ad_storage: 'ga4' })['ad_storage']).to.equal('granted');
    expect(Object.keys(DEFAULT_CONSENT_MODE_MAPPING)).to.have.members(Object.keys(CONSENT_MODE_DEFAULTS).filter((k) => k !== 'security_storage'));
  });

  it('options: another data layer, wait_for_update, no ads_data_redaction; a custom mapping applies to updates', () => {
    const r = runtime();
    start({ get: () => r.store.get() }, { dataLayer: 'otherLayer', waitForUpdate: 2000, adsDataRedaction: false, mapping: { analytics_storage: 'functional' } });
    expect(w['dataLayer']).to.equal(undefined);
    expect(commands('otherLayer')).to.deep.equal([['consent', 'default', { ...ALL_DENIED, security_storage: 'granted', wait_for_update: 2000 }]]);
    r.store.update({ functional: true });
    expect(updates('otherLayer')[0]?.['analytics_storage']).to.equal('granted');
  });

  it('once per page: a second call pushes nothing; after the teardown decisions push nothing', () => {
    const r = runtime();
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    let second: () => void;
    try {
      start({ get: () => r.store.get() });
      second = googleConsentMode({ get: () => r.store.get() });
    } finally {
      console.warn = original;
    }
    expect(warnings.join()).to.include('started already');
    expect(consentCommands().length).to.equal(1);
    second();
    r.store.acceptAll();
    expect(updates().length).to.equal(1, 'the no-op teardown of the second call stopped nothing');
    for (const stop of stops.splice(0)) stop();
    r.store.rejectAll();
    expect(updates().length).to.equal(1);
  });

  it('never throws into the page, even with an unusable data layer', () => {
    Object.defineProperty(window, 'frozenLayer', { configurable: true, value: Object.freeze([]) });
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const r = runtime();
      expect(() => { start({ get: () => r.store.get() }, { dataLayer: 'frozenLayer' }); }).to.not.throw();
      expect(() => r.store.acceptAll()).to.not.throw();
    } finally {
      console.error = original;
      delete w['frozenLayer'];
    }
    expect(errors.join()).to.include('[migu-consent:api] googleConsentMode');
  });
});

describe('Google Consent Mode in the script build', () => {
  const stops: ((() => void) | undefined)[] = [];
  const undecided = { get: (): ConsentState => ({ ...state({}), decided: false }) };
  afterEach(() => {
    for (const stop of stops.splice(0)) stop?.();
    delete w['dataLayer'];
  });

  it('data-google-consent-mode on the loader\'s own script tag pushes the default at once', () => {
    const script = document.createElement('script');
    stops.push(startScriptIntegrations(script, undecided), startScriptIntegrations(null, undecided));
    expect(w['dataLayer']).to.equal(undefined, 'nothing without the attribute');
    script.setAttribute('data-google-consent-mode', '{"waitForUpdate": 800}');
    stops.push(startScriptIntegrations(script, undecided));
    expect(consentCommands()).to.deep.equal([['consent', 'default', { ...ALL_DENIED, security_storage: 'granted', wait_for_update: 800 }]]);
  });

  it('attribute options: empty means the defaults; a bad value is reported and the defaults are used', () => {
    expect(parseGoogleConsentModeOptions('')).to.deep.equal({});
    expect(parseGoogleConsentModeOptions('{"mapping": {"ad_personalization": ["marketing", "personalization"]}, "dataLayer": "dl2"}'))
      .to.deep.equal({ mapping: { ad_personalization: ['marketing', 'personalization'] }, waitForUpdate: 500, dataLayer: 'dl2', adsDataRedaction: true });
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      for (const bad of ['{', 'null', '{"waitForUpdate": "500"}', '{"waitForUpdate": -1}', '{"dataLayer": "window.x"}', '{"adsDataRedaction": "no"}']) {
        expect(parseGoogleConsentModeOptions(bad), bad).to.deep.equal({});
      }
    } finally {
      console.error = original;
    }
    expect(errors.length).to.equal(6);
    expect(errors[0]).to.match(/^\[migu-consent:option\] data-google-consent-mode: expected JSON options/);
  });

  it('attribute mapping: checked by the gcm chunk; a bad one is reported, the default mapping used and the other options kept', () => {
    expect(checkAttributeMapping(undefined)).to.equal(undefined);
    const good = { ad_personalization: ['marketing', 'personalization'], ad_storage: 'marketing' };
    expect(checkAttributeMapping(good)).to.equal(good);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      for (const bad of [null, 'marketing', ['marketing'], { ad_storag: 'marketing' }, { ad_storage: 1 }, { ad_storage: ['marketing', 2] }]) {
        expect(checkAttributeMapping(bad), JSON.stringify(bad)).to.equal(undefined);
      }
      // the whole way: the default pushed with the attribute's wait, the update with the default mapping
      const script = document.createElement('script');
      script.setAttribute('data-google-consent-mode', '{"waitForUpdate": 900, "mapping": {"ad_storage": 1}}');
      const granted = { get: (): ConsentState => state({ marketing: true }) };
      stops.push(startScriptIntegrations(script, granted, (_name, _error, use) => {
        use({ attributeUpdates } as never);
      }));
    } finally {
      console.error = original;
    }
    expect(errors.length).to.equal(7);
    expect(errors[6]).to.match(/^\[migu-consent:option\] data-google-consent-mode: "mapping" expects Consent Mode types/);
    expect(consentCommands()[0]).to.deep.equal(['consent', 'default', { ...ALL_DENIED, security_storage: 'granted', wait_for_update: 900 }]);
    expect(updates()).to.deep.equal([{ ...ALL_DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }]);
  });
});
