import { expect, waitUntil } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config.js';
import { decodeRecord } from '../../src/core/record.js';
import type { StoreChange, StoreOptions } from '../../src/core/store.js';
import { ConsentStore } from '../../src/core/store.js';
import { CookieRecordStorage, MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

const DAY = 86_400_000;
const { config } = resolveConfig({
  categories: [
    { id: 'analytics', services: [{ id: 'baidu', name: 'Baidu' }, { id: 'ga4', name: 'GA4', crossBorder: { recipient: 'Google LLC', country: 'US' } }] },
    { id: 'partners', separate: true },
  ],
});

function setup(over: Partial<StoreOptions> = {}) {
  let now = Date.UTC(2026, 10, 28);
  const storage = new MemoryRecordStorage();
  const warnings: string[] = [];
  const make = (more: Partial<StoreOptions> = {}): ConsentStore => new ConsentStore({
    config, storage, revision: '1', dnt: 'respect', expiresDays: 365, signals: { dnt: false, gpc: false },
    now: () => now, warn: (m) => warnings.push(m), ...over, ...more,
  });
  const store = make();
  const changes: StoreChange[] = [];
  store.subscribe((c) => changes.push(c));
  return { store, storage, changes, warnings, make, tick: (ms: number) => { now += ms; } };
}

describe('store', () => {
  it('a service switched off stays off while its category is withdrawn, and when the category is granted again (also in a new page)', () => {
    const { store, make } = setup();
    store.update({ analytics: true, baidu: false });
    store.update({ analytics: false });
    expect(store.proposedSelection().servicesOff, 'the preferences show it off').to.deep.equal(['baidu']);
    store.update({ analytics: true });
    expect(store.get().services).to.include({ baidu: false });
    expect(store.get().categories['analytics']).to.equal(true);
    store.update({ analytics: false });
    // read back from storage by the next page
    const next = make();
    expect(next.proposedSelection().servicesOff).to.deep.equal(['baidu']);
    next.update({ analytics: true });
    expect(next.get().services).to.include({ baidu: false });
    expect(next.get().categories['analytics']).to.equal(true);
  });

  it('a decision made earlier (a click applied later) keeps its time and page: in the record, the state and the change', () => {
    const { store, storage, changes, tick } = setup();
    tick(60_000);
    const clicked = Date.UTC(2026, 10, 28) + 20_000;
    const state = store.acceptAll({ at: clicked, page: 'https://www.migu.cn/first' });
    expect(state.updatedAt).to.equal(new Date(clicked).toISOString());
    expect(decodeRecord(storage.value)?.updatedAt).to.equal(clicked);
    expect(changes.at(-1)?.page).to.equal('https://www.migu.cn/first');
    store.rejectAll();
    expect(changes.at(-1), 'a decision of this page names none').not.to.have.property('page');
  });

  it('a decision time ahead of the clock, a day or more behind it, or not a number, is now', () => {
    const { store, tick } = setup();
    const now = Date.UTC(2026, 10, 28);
    for (const at of [now + 60_000, now - DAY, Number.NaN, '1' as unknown as number, undefined as unknown as number]) {
      tick(1);
      const state = store.rejectAll({ at });
      expect(Date.parse(state.updatedAt), String(at)).to.be.greaterThan(now);
    }
    // one within the day before it is kept (on a store without a later choice to come after)
    expect(setup().store.acceptAll({ at: now - 1000 }).updatedAt).to.equal(new Date(now - 1000).toISOString());
  });

  it('starts undecided and writes nothing', () => {
    const { store, storage } = setup();
    expect(store.prompt).to.equal(true);
    expect(store.get().decided).to.equal(false);
    expect(storage.value).to.equal(undefined);
  });

  it('acceptAll grants every non-separate item, stores it and notifies once', () => {
    const { store, storage, changes } = setup();
    const state = store.acceptAll();
    expect(state.decided).to.equal(true);
    expect(state.source).to.equal('user');
    expect(state.categories).to.deep.equal({ necessary: true, functional: true, analytics: true, personalization: true, marketing: true, partners: false });
    expect(state.services).to.deep.equal({ baidu: true, ga4: false });
    expect(store.prompt).to.equal(false);
    expect(decodeRecord(storage.value)?.categories).to.deep.equal(['functional', 'analytics', 'personalization', 'marketing']);
    expect(changes).to.have.length(1);
    expect(changes[0].cause).to.equal('accept-all');
    expect(changes[0].granted).to.include.members(['analytics', 'baidu', 'marketing']);
  });

  it('a decision reads the stored record once (a cookie read is a round trip to the browser\'s cookie store)', () => {
    const { store, storage } = setup();
    let reads = 0;
    const read = storage.read.bind(storage);
    storage.read = () => { reads++; return read(); };
    store.acceptAll();
    expect(reads, 'accept all').to.equal(1);
    reads = 0;
    store.update({ analytics: false });
    expect(reads, 'a withdrawal').to.equal(1);
  });

  it('keeps the consent id across decisions and reads the choice back', () => {
    const { store, make } = setup();
    const first = store.acceptAll();
    const second = store.rejectAll();
    expect(second.consentId).to.equal(first.consentId);
    expect(first.consentId).to.match(/^[a-z0-9]{16}$/);
    const reloaded = make();
    expect(reloaded.get().decided).to.equal(true);
    expect(reloaded.get().categories['analytics']).to.equal(false);
    expect(reloaded.get().consentId).to.equal(first.consentId);
  });

  it('withdrawal lists what was revoked', () => {
    const { store, changes } = setup();
    store.acceptAll();
    store.update({ analytics: false });
    expect(changes[1].revoked).to.deep.equal(['analytics', 'baidu']);
    expect(changes[1].granted).to.deep.equal([]);
  });

  it('separate items only by their own explicit choice', () => {
    const { store } = setup();
    store.acceptAll();
    expect(store.isGranted('partners')).to.equal(false);
    expect(store.isGranted('analytics', 'ga4')).to.equal(false);
    store.update({ ga4: true, partners: true });
    expect(store.isGranted('analytics', 'ga4')).to.equal(true);
    expect(store.isGranted('partners')).to.equal(true);
    store.acceptAll();
    expect(store.isGranted('analytics', 'ga4'), 'accept all keeps an explicit separate grant').to.equal(true);
  });

  it('a separate service left off stays off when the site drops its separate (or crossBorder): the record lists it as switched off', () => {
    const dropped = resolveConfig({ categories: [
      { id: 'analytics', services: [{ id: 'baidu', name: 'Baidu' }, { id: 'ga4', name: 'GA4' }] },
    ] }).config;
    for (const decide of [(s: ConsentStore) => s.acceptAll(), (s: ConsentStore) => s.update({ analytics: true }), (s: ConsentStore) => s.update({ analytics: true, ga4: false })]) {
      const { store, storage, make } = setup();
      decide(store);
      expect(store.isGranted('analytics', 'ga4')).to.equal(false);
      expect(decodeRecord(storage.value)?.servicesOff).to.deep.equal(['ga4']);
      // the next version of the site: ga4 no longer sends data abroad, so it is no longer separate
      const next = make({ config: dropped });
      expect(next.get().decided).to.equal(true);
      expect(next.isGranted('analytics', 'baidu')).to.equal(true);
      expect(next.isGranted('analytics', 'ga4'), 'a refusal, or a service never asked about, is no grant').to.equal(false);
      expect(next.proposedSelection().servicesOff, 'the preferences show it off').to.deep.equal(['ga4']);
    }
    // granted on its own: granted still once it is no longer separate; not listed as switched off
    const { store, storage, make } = setup();
    store.update({ analytics: true, ga4: true });
    expect(decodeRecord(storage.value)?.servicesOff).to.deep.equal([]);
    expect(make({ config: dropped }).isGranted('analytics', 'ga4')).to.equal(true);
    // a refused category lists nothing of it: a grant of it under the next version is a new decision
    store.rejectAll();
    expect(decodeRecord(storage.value)?.servicesOff).to.deep.equal([]);
  });

  it('forty separate services: their refusals do not fit the cookie, so the choice is stored without them, not dropped', () => {
    const many = resolveConfig({ categories: [{ id: 'marketing', services: Array.from({ length: 40 }, (_, i) => ({ id: `partner${String(i)}`, name: `P${String(i)}`, separate: true })) }] }).config;
    const { store, storage, make, warnings } = setup({ config: many });
    store.acceptAll();
    const stored = decodeRecord(storage.value);
    expect(stored?.categories).to.include('marketing');
    expect(stored?.servicesOff).to.deep.equal([]);
    expect(make().get().decided, 'the next page keeps the choice').to.equal(true);
    expect(warnings.join('\n')).not.to.include('300-byte');
    // a few of them fit: listed as refused
    const few = resolveConfig({ categories: [{ id: 'marketing', services: [{ id: 'p1', name: 'P1', separate: true }, { id: 'p2', name: 'P2', separate: true }] }] }).config;
    const small = setup({ config: few });
    small.store.update({ marketing: true, p1: true });
    expect(decodeRecord(small.storage.value)?.servicesOff).to.deep.equal(['p2']);
  });

  it('update with bad input warns and changes nothing it does not know', () => {
    const { store, warnings } = setup();
    store.update(null as unknown as Record<string, boolean>);
    store.update({ bogus: true });
    expect(warnings.join('\n')).to.match(/expects an object/).and.match(/"bogus"/);
    expect(store.isGranted('analytics')).to.equal(false);
  });

  it('update with nothing valid in it records nothing: no decision, no change, still asked; the warning says why per key', () => {
    const { store, storage, changes, warnings } = setup();
    for (const choice of [{ analytcs: true }, { Analytics: true, necessary: false, analytics: 'yes' as unknown as boolean }, {}, { necessary: true }]) {
      const state = store.update(choice);
      expect(state.decided, JSON.stringify(choice)).to.equal(false);
    }
    expect(storage.value).to.equal(undefined);
    expect(changes).to.deep.equal([]);
    expect(store.prompt).to.equal(true);
    expect(warnings[0]).to.equal('update(): ignored: "analytcs" is unknown (did you mean "analytics"?); '
      + 'known: categories necessary, functional, analytics, personalization, marketing, partners; services baidu, ga4. '
      + 'Nothing changed, no choice recorded');
    expect(warnings[1]).to.match(/^update\(\): ignored: "Analytics" is unknown \(did you mean "analytics"\?\); "necessary" cannot be changed; "analytics" is not a boolean; known: categories necessary, /);
    expect(warnings[2]).to.match(/^update\(\): no category or service in it; known: .*Nothing changed/);
    expect(warnings[3]).to.match(/Nothing changed/);
  });

  it('update applies what is valid and names what it skipped', () => {
    const { store, warnings } = setup();
    store.update({ analytics: true, markting: true });
    expect(store.get()).to.include({ decided: true, source: 'user' });
    expect(store.isGranted('analytics')).to.equal(true);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/^update\(\): ignored: "markting" is unknown \(did you mean "marketing"\?\); known: categories .*services baidu, ga4$/);
  });

  it('reset forgets the choice and asks again', () => {
    const { store, storage, changes } = setup();
    store.acceptAll();
    store.reset();
    expect(storage.value).to.equal(undefined);
    expect(store.prompt).to.equal(true);
    expect(store.get().decided).to.equal(false);
    expect(changes.at(-1)!.revoked).to.include('analytics');
  });

  it('reject all keeps a switched-off service off: granting its category later does not bring it back', () => {
    const { store, make } = setup();
    store.update({ analytics: true, baidu: false });
    store.rejectAll();
    expect(store.get().categories['analytics']).to.equal(false);
    store.update({ analytics: true });
    expect(store.get().services).to.include({ baidu: false });
    // and read back by the next page
    make().update({ analytics: false });
    expect(make().proposedSelection().servicesOff).to.deep.equal(['baidu']);
  });

  it('expiry with a controllable clock: asked again, nothing active, previous choice proposed', () => {
    const { store, make, tick } = setup({ expiresDays: 30 });
    store.update({ analytics: true, marketing: false });
    tick(30 * DAY);
    const later = make();
    expect(later.reason).to.equal('expired');
    expect(later.prompt).to.equal(true);
    expect(later.isGranted('analytics')).to.equal(false);
    expect(later.proposedSelection().categories).to.deep.equal(['analytics']);
  });

  it('a choice dated more than a day ahead (made while the clock was that fast) is none, and is forgotten: it does not come back once the clock catches up', () => {
    const { store, storage, make, tick } = setup();
    tick(3 * DAY);
    store.acceptAll();
    tick(-3 * DAY); // the clock set right
    const later = make();
    expect([later.prompt, later.reason, later.get().decided]).to.deep.equal([true, 'no-choice', false]);
    expect(storage.read(), 'forgotten').to.equal(undefined);
    tick(2.5 * DAY); // the visitor never answered; before, the choice was in force again from here
    expect(make().prompt).to.equal(true);
    // within a day ahead it is kept
    const near = setup();
    near.tick(DAY - 60_000);
    near.store.acceptAll();
    near.tick(-(DAY - 60_000));
    expect(near.make().isGranted('analytics')).to.equal(true);
    expect(near.storage.read()).to.not.equal(undefined);
  });

  it('a refusal dated more than a day ahead (the clock set back since) stands, dated now: not asked again (REQUIREMENTS 21), and a choice made after it is newer, in a tab that read it before too (clock probe F3)', () => {
    const { store, storage, make, tick } = setup();
    const open = make(); // a tab open since before the clock was set back
    tick(3 * DAY);
    store.rejectAll();
    open.sync();
    tick(-3 * DAY); // the clock set back three days (a user, a dead clock battery)
    const now = Date.UTC(2026, 10, 28);
    const later = make();
    expect([later.prompt, later.get().decided, later.get().source], 'a choice, not asked again').to.deep.equal([false, true, 'user']);
    expect(later.isGranted('analytics')).to.equal(false);
    expect(decodeRecord(storage.read())?.updatedAt, 'dated now').to.equal(now);
    expect(later.lapsesIn, 'expires-days from now').to.equal(365 * DAY);
    // a grant made after it is newer: the tab that read it dated ahead takes it and does not write the refusal back
    tick(1000);
    later.acceptAll();
    open.sync(later.recordText());
    expect(open.isGranted('analytics'), 'the open tab follows').to.equal(true);
    expect(decodeRecord(storage.read())?.categories, 'the cookie keeps the grant').to.include('analytics');
    // a refusal with a service granted apart is a grant: dated ahead, none, as before
    const mixed = setup();
    mixed.tick(3 * DAY);
    mixed.store.update({ partners: true });
    mixed.tick(-3 * DAY);
    expect(mixed.make().prompt).to.equal(true);
    expect(mixed.storage.read(), 'forgotten').to.equal(undefined);
  });

  it('a page open at the lapse, timed by lapsesIn: one change, the lapse, also for a fraction of days that rounds (1.1)', () => {
    for (const expiresDays of [1.1, 1, 0.3, 0.7]) {
      const { store, changes, tick } = setup({ expiresDays });
      tick(12_345); // a decision time that is no round number
      store.acceptAll();
      changes.length = 0;
      // what the runtime's timer does: wait lapsesIn, lapse(), again while a choice is in force
      for (let i = 0; i < 5 && store.lapsesIn !== undefined; i++) {
        expect(Number.isInteger(store.lapsesIn), 'whole milliseconds, as timers count').to.equal(true);
        tick(Math.max(0, store.lapsesIn));
        store.lapse();
      }
      expect(changes.map((c) => [c.cause, c.revoked.length > 0]), String(expiresDays)).to.deep.equal([['sync', true]]);
      expect(store.reason).to.equal('expired');
    }
  });

  it('expiresDays out of 0 < days <= 3650 (NaN, 0, -1, 1e9, text, none) is reported and 365 is used, as for expires-days', () => {
    for (const expiresDays of [NaN, 0, -1, 1e9, Infinity, 'soon', undefined, null] as unknown as number[]) {
      const { store, make, tick, warnings } = setup({ expiresDays });
      expect(warnings.join(), String(expiresDays)).to.match(/^expiresDays: .* is not a number of days above 0 and at most 3650; using the default 365$/);
      store.acceptAll();
      expect(store.get().decided, `${String(expiresDays)}: decided at once`).to.equal(true);
      tick(364 * DAY);
      expect(make().get().decided, `${String(expiresDays)}: kept for 364 days`).to.equal(true);
      tick(DAY);
      expect(make().reason, `${String(expiresDays)}: asked again after 365 days`).to.equal('expired');
    }
    // a number as text, as the attribute gives it, is taken; a good one says nothing
    const { store, tick, make, warnings } = setup({ expiresDays: '30' as unknown as number });
    store.acceptAll();
    tick(30 * DAY);
    expect(make().reason).to.equal('expired');
    expect(warnings).to.deep.equal([]);
  });

  it('signals missing or malformed are reported and read from the browser, a signal given as on kept on', () => {
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error('no'); } });
    for (const [i, signals] of ([undefined, null, 'dnt', {}, { dnt: 'yes', gpc: false }, throwing] as unknown as StoreOptions['signals'][]).entries()) {
      const { store, warnings } = setup({ signals });
      expect(warnings.join(), `case ${String(i)}`).to.match(/^signals: expected \{ dnt: boolean, gpc: boolean \}; using the browser's/);
      // this test browser sends no signal
      expect(store.get().signals, `case ${String(i)}`).to.deep.equal({ dnt: false, gpc: false });
      expect(store.acceptAll().decided).to.equal(true);
    }
    const { store, warnings } = setup({ signals: { dnt: true } as unknown as StoreOptions['signals'] });
    expect(warnings.join()).to.match(/and those given as true$/);
    expect(store.get().signals).to.deep.equal({ dnt: true, gpc: false });
    expect(store.get().categories['analytics']).to.equal(false);
    expect(setup().warnings, 'two booleans say nothing').to.deep.equal([]);
  });

  it('revision change: refused stays refused in the proposal, nothing active until confirmed', () => {
    const { store, make } = setup();
    store.update({ analytics: true, marketing: false });
    const next = make({ revision: '2' });
    expect(next.reason).to.equal('revision');
    expect(next.get().categories['analytics']).to.equal(false);
    expect(next.proposedSelection().categories).to.deep.equal(['analytics']);
    next.update({ analytics: true });
    expect(next.get().decided).to.equal(true);
    expect(next.get().categories['marketing']).to.equal(false);
  });

  it('DNT: no banner, source signal, and an explicit opt-in is stored as the user\'s', () => {
    const { store, storage } = setup({ signals: { dnt: true, gpc: false } });
    expect(store.prompt).to.equal(false);
    expect(store.get().source).to.equal('signal');
    expect(storage.value, 'a signal is never stored').to.equal(undefined);
    store.update({ analytics: true });
    expect(store.get().source).to.equal('user');
    expect(store.get().categories['marketing']).to.equal(false);
    expect(decodeRecord(storage.value)?.categories).to.deep.equal(['analytics']);
  });

  it('a choice made without a signal is suspended by one, its refusals kept; an opt-in over the signal is stored as such and outlasts it', () => {
    const { store, storage, make } = setup();
    store.update({ analytics: true, baidu: false, partners: true, ga4: true });
    expect(decodeRecord(storage.value)?.overSignal, 'made without a signal').to.equal(undefined);
    const written = storage.value;
    // the next page, GPC on
    const gpc = { signals: { dnt: false, gpc: true } };
    const next = make(gpc);
    expect([next.prompt, next.get().source, next.get().decided]).to.deep.equal([false, 'signal', false]);
    expect(Object.entries(next.get().categories).filter(([, on]) => on).map(([id]) => id)).to.deep.equal(['necessary']);
    expect(storage.value, 'the choice is kept, nothing written').to.equal(written);
    // the preferences propose nothing granted (a switch on there is an opt-in over the signal), the refusals kept
    expect(next.proposedSelection()).to.deep.equal({ categories: [], servicesOff: ['baidu'], servicesOn: [] });
    // the user turns analytics on over the signal: Baidu, which they had switched off, stays off; partners stays refused
    next.update({ analytics: true });
    expect(next.get().services).to.include({ baidu: false, ga4: false });
    expect(next.get().categories['partners']).to.equal(false);
    expect(next.get().source).to.equal('user');
    expect(decodeRecord(storage.value)?.overSignal).to.equal(true);
    // the page after: the opt-in holds under the signal, and without it
    expect(make(gpc).isGranted('analytics')).to.equal(true);
    expect(make().isGranted('analytics')).to.equal(true);
    expect(make().isGranted('partners'), 'the earlier grant was replaced by the choice over the signal').to.equal(false);
  });

  it('whenGranted resolves at once or on the grant, not on a refusal', async () => {
    const { store } = setup();
    let resolved = false;
    const waiting = store.whenGranted('marketing').then(() => { resolved = true; });
    store.rejectAll();
    await Promise.resolve();
    expect(resolved).to.equal(false);
    store.update({ marketing: true });
    await waiting;
    expect(resolved).to.equal(true);
    await store.whenGranted('marketing');
  });

  it('sync takes the value the other tab sent when this tab still reads an older one (the message can come before the cookie)', () => {
    const { store, changes, make, tick } = setup();
    // the other tab's own storage: this one's does not have its value yet
    const theirs = new MemoryRecordStorage();
    make({ storage: theirs }).acceptAll();
    const sent = theirs.read();
    store.sync(sent);
    expect(store.isGranted('analytics')).to.equal(true);
    expect(changes.at(-1)!.cause).to.equal('sync');
    // an older or broken value sent loses to what this tab reads
    tick(1000);
    store.rejectAll();
    store.sync(sent);
    expect(store.isGranted('analytics'), 'older than the stored choice').to.equal(false);
    store.sync(`${sent!}x`);
    expect(store.isGranted('analytics'), 'a value that fails its checksum').to.equal(false);
  });

  it('sync takes a reset sent by another tab, unless the storage here holds a choice made since', () => {
    const { store, storage, make, tick } = setup();
    store.acceptAll();
    store.sync('');
    expect(store.get().decided, 'the reset applies though the cookie still shows the choice').to.equal(false);
    expect(store.prompt).to.equal(true);
    tick(1000);
    make().update({ analytics: true }); // a third tab decides after that reset
    const newer = storage.read();
    store.sync(''); // the reset's message comes late
    expect(storage.read()).to.equal(newer);
    expect(store.isGranted('analytics'), 'the later choice holds').to.equal(true);
  });

  it('sync: tabs deciding at the same moment end on one choice, the newest, in every tab and in the cookie', () => {
    for (const apart of [5, 0]) {
      const { store: a, storage, make, tick } = setup();
      const b = make();
      a.update({ analytics: true });
      const sentByA = a.recordText();
      tick(apart);
      b.update({ marketing: true });
      const sentByB = b.recordText();
      // the cookie keeps the last write to reach it: here A's, though B chose later
      storage.write(sentByA!);
      // each tab hears the other's message
      a.sync(sentByB);
      b.sync(sentByA);
      const chosen = (s: ConsentStore): string => `analytics=${String(s.isGranted('analytics'))} marketing=${String(s.isGranted('marketing'))}`;
      expect(chosen(a), `${String(apart)} ms apart: both tabs on one choice`).to.equal(chosen(b));
      if (apart) expect(chosen(b), 'the newest, B\'s').to.equal('analytics=false marketing=true');
      expect(storage.read(), 'the cookie holds it').to.equal(a.recordText());
      expect(make().get().categories, 'and the next page reads it').to.deep.equal(a.get().categories);
    }
  });

  it('a decision is dated after the choice it replaces, also when the clock stepped back or has not moved: a withdrawal holds in the other tabs and the cookie', () => {
    for (const back of [600_000, 0]) {
      const { store: a, storage, make, tick } = setup();
      const b = make();
      a.acceptAll();
      b.sync(a.recordText());
      const granted = a.get().updatedAt;
      tick(-back); // an NTP correction; 0: a clock as coarse as Firefox's resistFingerprinting gives the same time
      a.rejectAll();
      expect(Date.parse(a.get().updatedAt), `${String(back)} ms back: after the grant`).to.equal(Date.parse(granted) + 1);
      b.sync(a.recordText());
      expect(b.isGranted('analytics'), 'the other tab takes the withdrawal').to.equal(false);
      expect(storage.read(), 'and leaves it in the cookie').to.equal(a.recordText());
      a.sync(); // the tab shown again reads the cookie
      expect(a.isGranted('analytics')).to.equal(false);
      expect(make().isGranted('analytics'), 'the next page').to.equal(false);
    }
    // a choice in the cookie newer than this tab's (another tab's, not heard yet) is replaced by a later one too
    const { store, storage, make, tick } = setup();
    make().acceptAll();
    const other = decodeRecord(storage.read())!.updatedAt;
    tick(-5000);
    store.rejectAll();
    expect(Date.parse(store.get().updatedAt)).to.equal(other + 1);
    // a stored time more than a day ahead (a clock that was that fast) is not followed: now
    const fast = setup();
    fast.tick(3 * DAY);
    fast.store.acceptAll();
    fast.tick(-3 * DAY);
    const now = Date.UTC(2026, 10, 28);
    fast.store.rejectAll();
    expect(Date.parse(fast.store.get().updatedAt)).to.equal(now);
  });

  it('sync applies a choice stored by another tab and notifies with cause sync', () => {
    const { store, make, changes } = setup();
    const other = make();
    other.acceptAll();
    expect(store.isGranted('analytics')).to.equal(false);
    store.sync();
    expect(store.isGranted('analytics')).to.equal(true);
    expect(changes.at(-1)!.cause).to.equal('sync');
    const count = changes.length;
    store.sync();
    expect(changes.length, 'no change, no notification').to.equal(count);
  });


  it('catchUp: a state acted on before the store (the first stage\'s) that grants otherwise is heard as a sync change; an equal one says nothing', () => {
    const { store, make, changes } = setup();
    const before = store.get();
    store.catchUp(before);
    expect(changes, 'nothing changed').to.deep.equal([]);
    const other = make();
    other.acceptAll();
    const fresh = make();
    const seen: StoreChange[] = [];
    fresh.subscribe((c) => seen.push(c));
    fresh.catchUp(before);
    expect(seen.map((c) => c.cause)).to.deep.equal(['sync']);
    expect(seen[0].granted).to.include('analytics');
    expect(seen[0].state.categories['analytics']).to.equal(true);
    other.update({ analytics: false });
    const later = make();
    later.subscribe((c) => seen.push(c));
    later.catchUp(fresh.get());
    expect(seen.at(-1)?.revoked).to.include('analytics');
  });

  it('catchUp: a state the page heard that lists other categories or services (a config set since) is heard as a config change; one the page did not hear says nothing', () => {
    const { config: defaults } = resolveConfig(undefined);
    const early = setup({ config: defaults }).store.get();
    const { store, changes } = setup();
    store.catchUp(early);
    expect(changes, 'not heard: nothing to tell').to.deep.equal([]);
    store.catchUp(early, true);
    expect(changes.map((c) => c.cause)).to.deep.equal(['config']);
    expect(Object.keys(changes[0].state.categories)).to.include('partners');
    expect(changes[0].granted).to.deep.equal([]);
    store.catchUp(store.get(), true);
    expect(changes, 'the same ids: nothing').to.have.length(1);
  });

  it('reconfigure evaluates the stored choice again under a late site config, writes nothing, and ignores an equal one', () => {
    // the element started with the defaults (a framework set `config` only later); the user had granted a site category
    const { config: defaults } = resolveConfig(undefined);
    const { store, storage, changes, make } = setup({ config: defaults });
    make({ config }).update({ analytics: true, partners: true });
    const written = storage.value;
    store.sync();
    expect(store.isGranted('partners'), 'unknown under the defaults').to.equal(false);
    expect(store.isGranted('analytics', 'baidu')).to.equal(false);
    const before = changes.length;
    store.reconfigure(config);
    expect(store.config).to.equal(config);
    expect(store.isGranted('partners')).to.equal(true);
    expect(store.isGranted('analytics', 'baidu')).to.equal(true);
    expect(changes).to.have.length(before + 1);
    expect(changes.at(-1)!.cause).to.equal('config');
    expect(changes.at(-1)!.granted).to.include.members(['partners', 'baidu']);
    expect(storage.value, 'nothing written').to.equal(written);
    // a framework setting an equal object again (a re-render) changes nothing; regexes are compared by their source
    const again = resolveConfig({
      categories: [
        { id: 'analytics', services: [{ id: 'baidu', name: 'Baidu' }, { id: 'ga4', name: 'GA4', crossBorder: { recipient: 'Google LLC', country: 'US' } }] },
        { id: 'partners', separate: true },
      ],
    }).config;
    store.reconfigure(again);
    expect(changes).to.have.length(before + 1);
    const withCookies = (pattern: RegExp) => resolveConfig({ categories: [{ id: 'analytics', services: [{ id: 'baidu', name: 'Baidu', cookies: [pattern] }] }] }).config;
    store.reconfigure(withCookies(/^_ba_/));
    const count = changes.length;
    store.reconfigure(withCookies(/^_ba_/));
    expect(changes.length, 'the same regex').to.equal(count);
    store.reconfigure(withCookies(/^_bb_/));
    expect(changes.length, 'another regex').to.equal(count + 1);
  });
  it('setPolicy evaluates the stored choice again under a revision, minor, signal or expiry set later, writes nothing, and ignores equal ones', () => {
    const { store, storage, changes, warnings, tick } = setup();
    store.update({ analytics: true, partners: true });
    const written = storage.value;
    const before = changes.length;
    store.setPolicy({ revision: '1', dnt: 'respect', expiresDays: 365, minor: false, signals: { dnt: false, gpc: false } });
    expect(changes, 'the same options: nothing').to.have.length(before);
    // a policy revision the page learnt later: asked again, nothing granted, what was chosen proposed
    store.setPolicy({ revision: '2' });
    expect(store.prompt).to.equal(true);
    expect(store.reason).to.equal('revision');
    expect(store.get().decided).to.equal(false);
    expect(store.isGranted('analytics')).to.equal(false);
    expect(changes.at(-1)!.cause).to.equal('config');
    expect(changes.at(-1)!.revoked).to.include.members(['analytics', 'partners']);
    expect(store.proposedSelection().categories).to.include.members(['analytics', 'partners']);
    expect(storage.value, 'nothing written').to.equal(written);
    // and back: the stored choice holds again
    store.setPolicy({ revision: '1' });
    expect(store.isGranted('analytics')).to.equal(true);
    // the user turns out to be under 14: grants without a guardian count no more
    store.setPolicy({ minor: true });
    expect(store.minor).to.equal(true);
    expect(store.isGranted('analytics')).to.equal(false);
    store.setPolicy({ minor: false });
    // a shorter expiry the choice is already past
    tick(40 * DAY);
    store.setPolicy({ expiresDays: 30 });
    expect(store.reason).to.equal('expired');
    expect(store.isGranted('analytics')).to.equal(false);
    store.setPolicy({ expiresDays: 365 });
    // a signal set later (server-signals) suspends a choice made without it (REQUIREMENTS 2), and shows in the state
    store.setPolicy({ signals: { dnt: true, gpc: false } });
    expect(store.get().signals.dnt).to.equal(true);
    expect([store.get().source, store.isGranted('analytics')]).to.deep.equal(['signal', false]);
    store.setPolicy({ signals: { dnt: false, gpc: false } });
    expect(store.isGranted('analytics')).to.equal(true);
    // bad values are reported and the defaults used; other keys are no policy and change nothing
    const count = changes.length;
    store.setPolicy({ expiresDays: Number.NaN, dnt: 'Respect' as 'respect' });
    expect(warnings.join('\n')).to.include('expiresDays').and.include('dnt');
    expect(changes.length, 'the defaults are the options it had').to.equal(count);
    store.setPolicy({ storage: new MemoryRecordStorage() } as never);
    store.acceptAll();
    expect(storage.value, 'still its own storage').not.to.equal(written);
    // a throwing input is reported, not thrown into the page
    store.setPolicy(new Proxy({}, { get: () => { throw new Error('boom'); } }));
    expect(warnings.at(-1)).to.include('setPolicy() threw boom');
  });

  it('a listener that decides again is heard after the change it heard, by every listener: the last change each hears is the state', () => {
    const { store } = setup();
    const first: string[] = [];
    const last: string[] = [];
    store.subscribe((c) => {
      first.push(c.cause);
      if (c.cause === 'accept-all') store.rejectAll(); // e.g. a kiosk page that must stay refused
    });
    store.subscribe((c) => { last.push(`${c.cause}:${String(c.state.categories['analytics'])}`); });
    store.acceptAll();
    expect(first).to.deep.equal(['accept-all', 'reject-all']);
    expect(last, 'the later listener heard the older change last, and took analytics for granted').to.deep.equal(['accept-all:true', 'reject-all:false']);
    expect(store.isGranted('analytics')).to.equal(false);
    // and a listener that throws while changes wait does not keep later ones from being heard
    const later = setup();
    later.store.subscribe(() => { throw new Error('x'); });
    later.store.acceptAll();
    later.store.rejectAll();
    expect(later.changes.map((c) => c.cause)).to.deep.equal(['accept-all', 'reject-all']);
  });

  it('batch: its decisions are heard as one change, from the state before to the state after, with the last cause; a grant undone within it is never heard', async () => {
    const { store, changes, make } = setup();
    let granted = false;
    void store.whenGranted('analytics').then(() => { granted = true; });
    store.batch(() => {
      store.acceptAll({ at: Date.UTC(2026, 10, 27), page: 'https://www.migu.cn/a' });
      expect(changes, 'nothing heard inside it').to.have.length(0);
      store.rejectAll({ at: Date.UTC(2026, 10, 27, 1), page: 'https://www.migu.cn/b' });
    });
    expect(changes.map((c) => [c.cause, c.granted, c.revoked, c.page])).to.deep.equal([['reject-all', [], [], 'https://www.migu.cn/b']]);
    expect(changes[0]?.state.decided).to.equal(true);
    // the decision it superseded comes with it, for the history (receipts), as it was heard then
    expect(changes[0]?.superseded?.map((c) => [c.cause, c.granted.includes('analytics'), c.page, c.state.categories['analytics']]))
      .to.deep.equal([['accept-all', true, 'https://www.migu.cn/a', true]]);
    await Promise.resolve();
    expect(granted, 'whenGranted() saw no grant').to.equal(false);
    expect(make().get().categories['analytics'], 'the last decision is the one stored').to.equal(false);
    // a withdrawal within it is heard against the state before it: granted before, granted after, no change in grants
    store.acceptAll();
    changes.length = 0;
    store.batch(() => { store.rejectAll(); store.acceptAll(); });
    expect(changes.map((c) => [c.cause, c.granted, c.revoked, c.superseded?.length])).to.deep.equal([['accept-all', [], [], 1]]);
    // one decision alone: no superseded
    changes.length = 0;
    store.batch(() => { store.rejectAll(); });
    expect(changes.map((c) => [c.cause, c.revoked.length > 0, 'superseded' in c])).to.deep.equal([['reject-all', true, false]]);
    // one inside another is part of it
    changes.length = 0;
    store.batch(() => { store.batch(() => { store.rejectAll(); }); store.acceptAll(); });
    expect(changes.map((c) => [c.cause, c.superseded?.map((d) => d.cause)])).to.deep.equal([['accept-all', ['reject-all']]]);
    // nothing decided in it: nothing heard; what it throws is reported, the decisions before the throw heard
    changes.length = 0;
    store.batch(() => undefined);
    expect(changes).to.have.length(0);
    const other = setup();
    expect(() => { other.store.batch(() => { other.store.acceptAll(); throw new Error('page bug'); }); }).to.not.throw();
    expect(other.changes.map((c) => c.cause)).to.deep.equal(['accept-all']);
    expect(other.warnings.join()).to.match(/batch\(\) threw page bug/);
    other.store.rejectAll();
    expect(other.changes.map((c) => c.cause), 'heard again one by one after it').to.deep.equal(['accept-all', 'reject-all']);
  });

  it('a throwing listener does not stop the others; an async one that fails is reported the same', async () => {
    const { store, changes, warnings } = setup();
    store.subscribe(() => { throw new Error('page bug'); });
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the page's mistake this test makes
    store.subscribe(async () => { await Promise.resolve(); throw new Error('async page bug'); });
    expect(() => store.acceptAll()).to.not.throw();
    expect(changes).to.have.length(1);
    await waitUntil(() => warnings.length === 2, `reported: ${warnings.join()}`);
    expect(warnings).to.deep.equal(['a change listener threw: page bug', 'a change listener threw: async page bug']);
  });

  it('unsubscribe stops notifications', () => {
    const { store } = setup();
    let calls = 0;
    const unbind = store.subscribe(() => { calls++; });
    store.acceptAll();
    unbind();
    store.rejectAll();
    expect(calls).to.equal(1);
  });

  it('a choice too long for the cookie holds in memory with a warning, and the choice before it is removed, never read again', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `service_${String(i).padStart(3, '0')}_long_name`, name: 'x' }));
    const big = resolveConfig({ categories: [{ id: 'analytics', services: many }] }).config;
    const { store, storage, warnings, make } = setup({ config: big });
    store.acceptAll();
    expect(storage.value, 'accept all fits').to.be.a('string');
    store.update(Object.fromEntries(many.map((s) => [s.id, false])));
    expect(storage.value).to.equal(undefined);
    expect(warnings.join()).to.match(/300-byte/);
    expect(store.get().decided).to.equal(true);
    expect(store.isGranted('analytics', many[0].id)).to.equal(false);
    const next = make();
    expect(next.get().decided, 'the next page asks again').to.equal(false);
    expect(next.isGranted('analytics', many[0].id)).to.equal(false);
  });

  it('twenty services with long ids switched off are stored (as hashes) and read back as the same choice, also as the proposal after a revision change', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `bytedance_oceanengine_${String(i)}`, name: 'x' }));
    const big = resolveConfig({ categories: [{ id: 'marketing', services: many }] }).config;
    const { store, storage, warnings, make } = setup({ config: big });
    store.acceptAll();
    const off = many.slice(2).map((s) => s.id);
    const state = store.update(Object.fromEntries(off.map((id) => [id, false])));
    expect(warnings).to.deep.equal([]);
    expect(storage.value!.length).to.be.at.most(300);
    const next = make();
    expect(next.get().services).to.deep.equal(state.services);
    expect(next.get().categories).to.deep.equal(state.categories);
    expect(next.isGranted('marketing', many[1].id)).to.equal(true);
    expect(next.isGranted('marketing', many[2].id)).to.equal(false);
    const revised = make({ revision: '2' });
    expect(revised.get().decided).to.equal(false);
    const proposal = revised.proposedSelection();
    expect(proposal.servicesOff).to.deep.equal(off);
    expect(proposal.categories).to.include('marketing');
  });

  it('the consent cookie with its name stays within 300 bytes (conformance probe 2 F1): forty partners, a 64-character cookie-name, accept all and a mixed choice read back alike', () => {
    const name = `migu_consent_${'x'.repeat(51)}`; // the longest cookie-name the element takes
    const jar = new CookieRecordStorage({ name, expiresDays: 1 });
    const entry = (): string => document.cookie.split('; ').find((c) => c.startsWith(`${name}=`)) ?? '';
    const services = (prefix: string, more = {}) => Array.from({ length: 20 }, (_, i) => ({ id: `${prefix}${String(i).padStart(2, '0')}`, name: 'x', ...more }));
    const big = resolveConfig({ categories: [
      { id: 'analytics', services: services('svc') },
      { id: 'marketing', services: services('partner', { crossBorder: { recipient: 'Far Corp' } }) },
    ] }).config;
    try {
      const { store, warnings, make } = setup({ config: big, storage: jar });
      const all = store.acceptAll();
      expect(entry().length, entry()).to.be.within(1, 300);
      expect(make().get().services, 'accept all, read back').to.deep.equal(all.services);
      const mixed = store.update({ analytics: true, marketing: true, ...Object.fromEntries([...services('svc'), ...services('partner')].map((s, i) => [s.id, i % 2 === 0])) });
      expect(entry().length, entry()).to.be.within(1, 300);
      expect(warnings).to.deep.equal([]);
      const next = make();
      expect(next.get().decided).to.equal(true);
      expect(next.get().services, 'the mixed choice, read back').to.deep.equal(mixed.services);
    } finally {
      jar.clear();
    }
  });

  it('update(choice, null) applies the choice (null is no options), and only guardianConfirmed: true confirms', () => {
    const { store, warnings } = setup();
    expect(store.update({ analytics: true }, null as unknown as undefined).categories['analytics']).to.equal(true);
    expect(warnings).to.deep.equal([]);
    const minor = setup({ minor: true });
    minor.store.update({ analytics: true }, { guardianConfirmed: 'yes' as unknown as boolean });
    expect(minor.store.isGranted('analytics'), 'a truthy non-boolean is not a confirmation').to.equal(false);
  });

  describe('a user under 14 (minor)', () => {
    it('accept all is unavailable and own grants need a guardian', () => {
      const { store, storage, warnings } = setup({ minor: true });
      store.acceptAll();
      store.update({ analytics: true });
      expect(store.isGranted('analytics')).to.equal(false);
      expect(storage.value).to.equal(undefined);
      expect(warnings.join('\n')).to.match(/under 14/);
      expect(store.grantsOf({ analytics: true, marketing: false })).to.deep.equal(['analytics', 'baidu']);
      store.update({ analytics: true }, { guardianConfirmed: true });
      expect(store.isGranted('analytics')).to.equal(true);
      expect(decodeRecord(storage.value)?.guardian).to.equal(true);
    });

    it('revoking never needs a guardian, and keeps the confirmation of what stays', () => {
      const { store, storage } = setup({ minor: true });
      store.update({ analytics: true, functional: true }, { guardianConfirmed: true });
      store.update({ analytics: false });
      expect(store.isGranted('analytics')).to.equal(false);
      expect(store.isGranted('functional')).to.equal(true);
      expect(decodeRecord(storage.value)?.guardian).to.equal(true);
    });

    it('a choice that grants and revokes at once: without a guardian the revocation still applies', () => {
      const { store, storage, warnings } = setup({ minor: true });
      store.update({ analytics: true }, { guardianConfirmed: true });
      store.update({ analytics: false, marketing: true });
      expect(store.isGranted('analytics'), 'the withdrawal holds').to.equal(false);
      expect(store.isGranted('marketing'), 'the grant waits for a guardian').to.equal(false);
      expect(decodeRecord(storage.value)?.categories).to.not.include('analytics');
      expect(warnings.at(-1)).to.match(/\(marketing\); the rest applied/);
      const before = storage.value;
      store.update({ marketing: true });
      expect(storage.value, 'a choice that only grants changes nothing').to.equal(before);
      expect(warnings.at(-1)).to.match(/nothing changed/);
    });

    it('a choice the user made before the host knew the age grants nothing', () => {
      const { store, make } = setup();
      store.acceptAll();
      const minor = make({ minor: true });
      expect(minor.get().decided).to.equal(true);
      expect(Object.entries(minor.get().categories).filter(([, v]) => v).map(([k]) => k)).to.deep.equal(['necessary']);
    });
  });

  it('dnt other than "respect" or "ignore" is reported and "respect" is used: "Respect" or none ignored DNT and GPC', () => {
    for (const dnt of ['Respect', undefined, true, 'yes'] as unknown as ('respect' | 'ignore')[]) {
      const { store, warnings } = setup({ dnt, signals: { dnt: true, gpc: true } });
      expect(warnings.join(), String(dnt)).to.match(/^dnt: expected "respect" or "ignore", got .*; using the default "respect"$/);
      expect([store.prompt, store.get().source], String(dnt)).to.deep.equal([false, 'signal']);
    }
    expect(setup({ dnt: 'ignore', signals: { dnt: true, gpc: true } }).warnings).to.deep.equal([]);
  });

  it('a clock giving no time (NaN, Infinity, a throw) is reported once and Date.now() is used: acceptAll() threw RangeError', () => {
    for (const now of [() => NaN, () => Infinity, () => { throw new Error('no clock'); }, () => 'soon' as unknown as number]) {
      const { make, warnings } = setup();
      const store = make({ now });
      expect(() => { store.acceptAll(); store.rejectAll(); }).to.not.throw();
      expect(store.get().decided).to.equal(true);
      expect(Math.abs(Date.parse(store.get().updatedAt) - Date.now())).to.be.below(60_000);
      expect(warnings.filter((w) => w.startsWith('now():')).length, String(now)).to.equal(1);
    }
  });

  it('a storage over an async store (read() gives a Promise, write() rejects) or none at all is reported, never an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: PromiseRejectionEvent): void => { unhandled.push(e.reason); e.preventDefault(); };
    addEventListener('unhandledrejection', onUnhandled);
    try {
      const asyncStorage = {
        read: () => Promise.resolve('1.x') as unknown as string,
        write: () => Promise.reject(new Error('disk full')),
        clear: () => Promise.reject(new Error('disk full')),
      };
      const { make, warnings } = setup();
      const store = make({ storage: asyncStorage });
      expect(store.get().decided).to.equal(false);
      store.acceptAll();
      store.acceptAll();
      store.reset();
      await new Promise((resolve) => { setTimeout(resolve); });
      expect(warnings).to.deep.equal([
        'storage.read(): expected the stored text or undefined, got a Promise (read an async store before, and give a storage that holds the text); taken as no choice',
        'storage.write(): failed (disk full): the choice holds on this page only',
        'storage.clear(): failed (disk full): the choice holds on this page only',
      ]);
      // no storage object at all: reported, and the choice held in memory
      for (const storage of [undefined, {}, { read: () => undefined }] as unknown as StoreOptions['storage'][]) {
        const none = setup({ storage });
        expect(none.warnings, JSON.stringify(storage)).to.deep.equal(['storage: expected { read(), write(value), clear() }; the choice is kept in memory, for this page only']);
        none.store.acceptAll();
        expect(none.store.get().decided).to.equal(true);
      }
      // null, as localStorage.getItem() gives for nothing stored, is no choice and says nothing
      const { warnings: quiet, store: empty } = setup({ storage: { read: () => null as unknown as undefined, write: () => undefined, clear: () => undefined } });
      expect([quiet, empty.prompt]).to.deep.equal([[], true]);
    } finally {
      removeEventListener('unhandledrejection', onUnhandled);
    }
    expect(unhandled).to.deep.equal([]);
  });

  it('a site config given as it is, not resolved, is resolved and reported: acceptAll() threw TypeError; an invalid one gives the defaults', () => {
    const raw = { categories: [{ id: 'video', services: [{ id: 'player', name: 'Player' }] }] } as unknown as StoreOptions['config'];
    const { make, warnings } = setup();
    const store = make({ config: raw });
    expect(() => { store.acceptAll(); }).to.not.throw();
    expect(store.isGranted('video', 'player')).to.equal(true);
    expect(warnings).to.deep.equal(['config: expected resolveConfig(siteConfig).config; resolved here']);
    expect(() => { make({ config: { categories: [{ id: 'video' }] } as unknown as StoreOptions['config'] }).acceptAll(); }).to.not.throw();
    warnings.length = 0;
    expect(() => { store.reconfigure({ categories: 'video' } as unknown as StoreOptions['config']); store.rejectAll(); }).to.not.throw();
    expect(warnings[0]).to.match(/^config: expected resolveConfig\(siteConfig\)\.config; invalid, the defaults are used: /);
    expect(Object.keys(store.get().categories)).to.include('analytics');
    warnings.length = 0;
    store.reconfigure(config);
    expect(warnings, 'a resolved one says nothing').to.deep.equal([]);
  });

  it('storage that throws never throws out of the store', () => {
    const throwing = { read(): string { throw new Error('SecurityError'); }, write(): void { throw new Error('x'); }, clear(): void { throw new Error('x'); } };
    const { make } = setup();
    const store = make({ storage: throwing });
    expect(() => { store.acceptAll(); store.reset(); }).to.not.throw();
    expect(store.get().decided).to.equal(false);
  });

  it('adoptNative() and adoptSibling() given a wrong shape report it and change nothing (they threw into the caller)', () => {
    const { store, changes, warnings, storage } = setup();
    const bad: unknown[] = [
      undefined, null, 'x',
      { choice: { analytics: true }, updatedAt: Number.NaN, revision: '1', authoritative: false, guardian: false },
      { choice: null, updatedAt: Date.UTC(2026, 10, 27), revision: '1', authoritative: false, guardian: false },
    ];
    for (const value of bad) {
      expect(store.adoptNative(value as never), String(value)).to.equal(false);
      expect(store.adoptSibling(value as never), String(value)).to.equal(false);
    }
    expect(warnings.filter((m) => m.startsWith('adoptNative(): expected'))).to.have.length(bad.length);
    expect(warnings.filter((m) => m.startsWith('adoptSibling(): expected'))).to.have.length(bad.length);
    expect(changes).to.have.length(0);
    expect(storage.read()).to.equal(undefined);
    expect(store.get().decided).to.equal(false);
    // a good one is still taken
    expect(store.adoptNative({ choice: { analytics: true }, updatedAt: Date.UTC(2026, 10, 27), revision: '1', authoritative: false, guardian: false })).to.equal(true);
    expect(store.get().categories['analytics']).to.equal(true);
  });

  it('a choice or argument whose reading throws (a Proxy, a getter) is reported, records nothing, and is not thrown', () => {
    const { store, changes, warnings, storage } = setup();
    const trap = (): never => { throw new Error('trap'); };
    const evil = new Proxy({}, { ownKeys: trap, get: trap, getOwnPropertyDescriptor: trap, has: trap });
    const calls: Array<[string, () => unknown, unknown]> = [
      ['update', () => store.update(evil), store.get()],
      ['update', () => store.update({ analytics: true }, evil), store.get()],
      ['grantsOf', () => store.grantsOf(evil), []],
      ['acceptAll', () => store.acceptAll(evil as never), store.get()],
      ['rejectAll', () => store.rejectAll(evil as never), store.get()],
      ['adoptNative', () => store.adoptNative(evil as never), false],
      ['adoptSibling', () => store.adoptSibling(evil as never), false],
      ['reconfigure', () => { store.reconfigure(evil as never); }, undefined],
      ['catchUp', () => { store.catchUp(evil as never); }, undefined],
    ];
    for (const [name, call, unchanged] of calls) {
      let answer: unknown;
      expect(() => { answer = call(); }, name).to.not.throw();
      expect(answer, name).to.deep.equal(unchanged);
      expect(warnings.pop(), name).to.match(new RegExp(`^${name}\\(\\) threw .*nothing changed`));
    }
    expect(changes).to.have.length(0);
    expect(storage.read()).to.equal(undefined);
    expect(store.get().decided).to.equal(false);
  });
});

// Subdomains with configs of their own share one cookie (cookie-domain=".migu.cn"): music has personalization with a
// service, video has advertising, www has neither service (subdomains probe F1, F2).
describe('store: one cookie, sites with other configs', () => {
  const music = resolveConfig({ defaults: false, categories: [{ id: 'analytics' }, { id: 'personalization', services: [{ id: 'reco', name: 'Reco' }] }] }).config;
  const video = resolveConfig({ defaults: false, categories: [{ id: 'analytics' }, { id: 'advertising', services: [{ id: 'ads', name: 'Ads' }] }] }).config;
  const www = resolveConfig({ defaults: false, categories: [{ id: 'analytics' }, { id: 'personalization' }, { id: 'functional' }] }).config;

  function sites(revisions: Record<string, string> = {}) {
    let now = Date.UTC(2026, 10, 28);
    const storage = new MemoryRecordStorage();
    const site = (siteConfig: typeof music, name: string, revision = revisions[name] ?? '1'): ConsentStore => new ConsentStore({
      config: siteConfig, storage, revision, dnt: 'respect', expiresDays: 365,
      signals: { dnt: false, gpc: false }, now: () => now, warn: () => {},
    });
    return { storage, site, tick: (ms: number) => { now += ms; } };
  }

  it('a service switched off on one site stays off when a site without it decides', () => {
    const { site, tick } = sites();
    site(music, 'music').update({ analytics: true, personalization: true, reco: false });
    tick(1000);
    site(www, 'www').update({ functional: true });
    const back = site(music, 'music').get();
    expect(back.categories['personalization'], 'www has personalization too: its choice stands').to.equal(true);
    expect(back.services['reco'], 'switched off on music').to.equal(false);
  });

  it('a grant made on one site stays when another site decides (accept all, save), and goes with its reject all', () => {
    const { site, tick } = sites();
    site(music, 'music').acceptAll();
    tick(1000);
    site(video, 'video').update({ advertising: true });
    expect(site(music, 'music').get().categories['personalization'], 'kept by a save on video').to.equal(true);
    expect(site(music, 'music').get().services['reco']).to.equal(true);
    tick(1000);
    site(music, 'music').acceptAll();
    expect(site(video, 'video').get().categories['advertising'], 'kept by accept all on music').to.equal(true);
    tick(1000);
    site(video, 'video').update({ analytics: false });
    expect(site(music, 'music').get().categories, 'a shared id is the site\'s to change').to.include({ analytics: false, personalization: true });
    tick(1000);
    site(www, 'www').rejectAll();
    expect(site(video, 'video').get().categories['advertising'], 'reject all refuses what the other sites granted').to.equal(false);
    expect(site(music, 'music').get().categories['personalization']).to.equal(false);
  });

  it('another site\'s grants are kept only while its record holds (same revision, not expired); its refusals always', () => {
    const { site, tick } = sites({ video: '2' });
    site(music, 'music').update({ personalization: true, reco: false });
    tick(1000);
    // video's revision differs: music's record is not a choice there, and its grants are not renewed by video's
    site(video, 'video').acceptAll();
    expect(site(music, 'music').get().decided, 'asked again on music (another revision)').to.equal(false);
    // music moves to video's revision: video's choice is its own, without music's grant of before, with its refusal
    const music2 = site(music, 'music', '2');
    expect(music2.get().decided).to.equal(true);
    expect(music2.get().categories['personalization'], 'a grant under another revision is not renewed').to.equal(false);
    music2.update({ personalization: true });
    expect(music2.get().services['reco'], 'the refusal came through video\'s decision').to.equal(false);
    // expired on the day video decides: music's grant is not carried on
    const { site: site2, tick: tick2 } = sites();
    site2(music, 'music').update({ personalization: true });
    tick2(366 * DAY);
    site2(video, 'video').acceptAll();
    tick2(1000);
    const fresh = site2(music, 'music');
    expect(fresh.get().decided, 'video\'s choice is one for music too').to.equal(true);
    expect(fresh.get().categories['personalization'], 'the expired grant is not renewed').to.equal(false);
  });

  it('another site\'s ids kept as hashes are written as read, never hashed again', () => {
    const { site, storage, tick } = sites();
    const long = (i: number, site = 'music'): string => `${site}_oceanengine_partner_${String(i)}`;
    // 15 to 28: three of them (22 to 24) hash to 8 characters and hash again to fewer
    const ids = (name: string, count: number): string[] => Array.from({ length: count }, (_, i) => long(i + 15, name));
    const partners = (name: string, count = 14) => resolveConfig({ defaults: false, categories: [{ id: `${name}_ads`, services: ids(name, count).map((id) => ({ id, name: id })) }] }).config;
    const off = (name: string, count = 14) => Object.fromEntries(ids(name, count).map((id) => [id, false]));
    const many = partners('music');
    site(many, 'many').update({ music_ads: true, ...off('music') });
    expect(storage.value, 'written as hashes').to.contain('$');
    tick(1000);
    // another site with as many of its own: its record is hashed too, with music's hashes in it
    site(partners('video', 8), 'video').update({ video_ads: true, ...off('video', 8) });
    expect(decodeRecord(storage.value)?.servicesOff, 'video\'s own are hashed').not.to.include(long(15, 'video'));
    const back = site(many, 'many').get();
    expect(back.categories['music_ads']).to.equal(true);
    for (const id of ids('music', 14)) expect(back.services[id], id).to.equal(false);
  });
});
