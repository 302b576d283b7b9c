import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config.js';
import type { NativeChoice } from '../../src/core/native.js';
import { nativeConsentOf, nativeWins, parseNativeConsent } from '../../src/core/native.js';
import { decodeRecord, encodeRecord } from '../../src/core/record.js';
import type { StoreChange } from '../../src/core/store.js';
import { ConsentStore } from '../../src/core/store.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

const T0 = Date.UTC(2026, 11, 1);
const iso = (ms: number): string => new Date(ms).toISOString();
const { config } = resolveConfig({
  categories: [
    { id: 'analytics', services: [{ id: 'stats', name: 'Stats' }, { id: 'ga4', name: 'GA4', crossBorder: { recipient: 'Google LLC' } }] },
  ],
});

function parsed(value: unknown): NativeChoice {
  const result = parseNativeConsent(JSON.stringify(value));
  if (typeof result !== 'object') throw new Error(`not parsed: ${String(result)}`);
  return result;
}

describe('native app bridge: the app\'s JSON', () => {
  it('reads the contract\'s shape into one flat choice; necessary is never the app\'s to change', () => {
    const choice = parsed({ revision: '3', updatedAt: iso(T0), categories: { necessary: false, analytics: true }, services: { ga4: true }, authoritative: true });
    expect(choice).to.deep.equal({ revision: '3', updatedAt: T0, choice: { analytics: true, ga4: true }, authoritative: true, guardian: false });
  });

  it('"" or nothing is no choice; anything malformed is reported with the expected shape and what came', () => {
    expect(parseNativeConsent('')).to.equal(undefined);
    expect(parseNativeConsent(undefined)).to.equal(undefined);
    expect(parseNativeConsent(null), 'a Kotlin String? or an Objective-C nil').to.equal(undefined);
    const bad: [unknown, string][] = [
      [42, 'got number'],
      ['{', 'got {'],
      ['[]', 'got []'],
      [JSON.stringify({ updatedAt: iso(T0), categories: {} }), 'got {"updatedAt"'],
      [JSON.stringify({ revision: '1', updatedAt: 'yesterday', categories: {} }), 'yesterday'],
      [JSON.stringify({ revision: '1', updatedAt: iso(T0), categories: { analytics: 'yes' } }), '"yes"'],
      [JSON.stringify({ revision: '1', updatedAt: iso(T0), categories: [] }), '"categories":[]'],
      [JSON.stringify({ revision: '1', updatedAt: iso(T0), categories: { 'no space': true } }), 'no space'],
      [JSON.stringify({ revision: '1', updatedAt: iso(T0), categories: {}, services: { ga4: 1 } }), 'ga4'],
      [JSON.stringify({ revision: '1', updatedAt: iso(T0), categories: {}, authoritative: 'true' }), 'authoritative'],
      ['x'.repeat(9000), 'got xxxx'],
    ];
    for (const [input, shown] of bad) {
      const result = parseNativeConsent(input);
      expect(result, String(input).slice(0, 60)).to.be.a('string').and.match(/^not the JSON of docs\/native-app\.md, got /);
      expect(result).to.include(shown);
    }
  });
});

describe('native app bridge: precedence', () => {
  const app = (at: number, authoritative = false): NativeChoice => ({ revision: '1', updatedAt: at, choice: {}, authoritative, guardian: false });
  it('the app wins without a stored choice, or when newer, or when authoritative', () => {
    expect(nativeWins(app(T0), { revision: '1', stored: undefined })).to.equal(true);
    expect(nativeWins(app(T0 + 1), { revision: '1', stored: T0 })).to.equal(true);
    expect(nativeWins(app(T0 - 1, true), { revision: '1', stored: T0 })).to.equal(true);
  });
  it('the web wins when newer; another revision never applies; the same moment is the same decision', () => {
    expect(nativeWins(app(T0 - 1), { revision: '1', stored: T0 })).to.equal(false);
    expect(nativeWins(app(T0), { revision: '2', stored: undefined })).to.equal(false);
    expect(nativeWins(app(T0, true), { revision: '1', stored: T0 })).to.equal(false);
  });
});

describe('native app bridge: the store', () => {
  function setup(now = T0 + 1000) {
    const storage = new MemoryRecordStorage();
    const make = (): ConsentStore => new ConsentStore({
      config, storage, revision: '1', dnt: 'respect', expiresDays: 365, signals: { dnt: false, gpc: false }, now: () => now, warn: () => {},
    });
    return { storage, make };
  }

  it('takes the app\'s choice as a stored one: decided, no prompt, source app, cause app, its time', () => {
    const { storage, make } = setup();
    const store = make();
    const changes: StoreChange[] = [];
    store.subscribe((c) => changes.push(c));
    expect(store.adoptNative(parsed({ revision: '1', updatedAt: iso(T0), categories: { analytics: true }, services: { stats: false } }))).to.equal(true);
    const state = store.get();
    expect([state.decided, store.prompt, state.source, state.updatedAt]).to.deep.equal([true, false, 'app', iso(T0)]);
    expect(state.categories.analytics).to.equal(true);
    expect(state.services).to.deep.equal({ stats: false, ga4: false });
    expect(changes.map((c) => [c.cause, c.granted])).to.deep.equal([['app', ['analytics']]]);
    // what a later page load reads: the app's choice, still from the app, not taken twice
    const again = make();
    expect(again.get().source).to.equal('app');
    expect(decodeRecord(storage.value)?.app).to.equal(true);
    expect(again.adoptNative(parsed({ revision: '1', updatedAt: iso(T0), categories: { analytics: true } }))).to.equal(false);
  });

  it('a choice made on the web after the app\'s is kept; an app clock ahead of the page counts as now', () => {
    const { make } = setup();
    const store = make();
    store.rejectAll();
    expect(store.adoptNative(parsed({ revision: '1', updatedAt: iso(T0), categories: { analytics: true } }))).to.equal(false);
    expect(store.get().source).to.equal('user');
    const future = setup(T0);
    const s2 = future.make();
    expect(s2.adoptNative(parsed({ revision: '1', updatedAt: iso(T0 + 86_400_000), categories: { analytics: true } }))).to.equal(true);
    expect(s2.get().updatedAt).to.equal(iso(T0));
  });

  it('an app clock ahead of the page: its choice is taken once, not again (with a change and a receipt) on each later load until the page\'s clock catches up', () => {
    let now = T0;
    const storage = new MemoryRecordStorage();
    const make = (): ConsentStore => new ConsentStore({
      config, storage, revision: '1', dnt: 'respect', expiresDays: 365, signals: { dnt: false, gpc: false }, now: () => now, warn: () => {},
    });
    const ahead = (categories: Record<string, boolean>): NativeChoice => parsed({ revision: '1', updatedAt: iso(T0 + 3_600_000), categories });
    expect(make().adoptNative(ahead({ analytics: true }))).to.equal(true);
    now = T0 + 60_000; // the next page load, a minute later; the app still says an hour from T0
    const next = make();
    const changes: StoreChange[] = [];
    next.subscribe((c) => changes.push(c));
    expect(next.adoptNative(ahead({ analytics: true })), 'the same choice again').to.equal(false);
    expect(changes).to.deep.equal([]);
    expect(next.get().updatedAt, 'its time is not moved on (nor its expiry)').to.equal(iso(T0));
    // a different choice made in the app, its clock still ahead, is a new decision: taken
    expect(next.adoptNative(ahead({ analytics: false }))).to.equal(true);
    expect(next.get().categories.analytics).to.equal(false);
  });

  it('an app choice older than expires-days is not taken: a valid web choice stays, and nothing changes (no receipt)', () => {
    const now = T0 + 366 * 86_400_000;
    const stale = (authoritative: boolean): NativeChoice => parsed({ revision: '1', updatedAt: iso(T0), categories: { analytics: false }, authoritative });
    const web = setup(now).make();
    web.acceptAll();
    const changes: StoreChange[] = [];
    web.subscribe((c) => changes.push(c));
    expect(web.adoptNative(stale(true))).to.equal(false);
    expect([web.get().source, web.get().categories.analytics, web.prompt]).to.deep.equal(['user', true, false]);
    const none = setup(now).make();
    none.subscribe((c) => changes.push(c));
    expect(none.adoptNative(stale(false))).to.equal(false);
    expect([none.get().decided, none.prompt]).to.deep.equal([false, true]);
    expect(changes, 'no change, so no receipt of a decision that applies to nothing').to.deep.equal([]);
    // one day younger than expires-days: taken
    expect(setup(now - 2 * 86_400_000).make().adoptNative(stale(false))).to.equal(true);
  });

  it('the record keeps its app and guardian flags; an unknown flag is a tampered record', () => {
    const record = { revision: '1', consentId: 'abcdefgh12', updatedAt: T0, categories: ['analytics'], servicesOff: [], servicesOn: [], guardian: true, app: true };
    const value = encodeRecord(record);
    expect(decodeRecord(value)).to.deep.equal(record);
    expect(value?.split('.')[4]).to.equal('ga');
    const forged = value?.replace('.ga.', '.ax.');
    expect(decodeRecord(forged)).to.equal(undefined);
  });

  it('reports a page decision back in the contract\'s shape', () => {
    const { make } = setup();
    const store = make();
    const state = store.acceptAll();
    expect(nativeConsentOf(state, T0)).to.deep.equal({
      revision: '1', updatedAt: state.updatedAt, categories: state.categories, services: state.services,
    });
    // a reset asks again: the app is told to forget its choice, not handed a refusal to give back
    const after = store.reset();
    expect(nativeConsentOf(after, T0, true)).to.deep.include({ reset: true, updatedAt: iso(T0) });
    expect(nativeConsentOf(after, T0)).to.not.have.property('reset');
  });
});
