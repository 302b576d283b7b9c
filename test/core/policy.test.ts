import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config.js';
import type { PolicyOptions, Selection } from '../../src/core/policy.js';
import {
  acceptAllSelection, applyChoice, diff, evaluate, isGranted, rejectAllSelection,
} from '../../src/core/policy.js';
import type { ConsentRecord } from '../../src/core/record.js';
import { consentModeParams } from '../../src/integrations/google-consent-mode.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28);
const { config } = resolveConfig({
  categories: [
    { id: 'analytics', services: [{ id: 'baidu', name: 'Baidu' }, { id: 'cnzz', name: 'CNZZ' }, { id: 'ga4', name: 'GA4', crossBorder: { recipient: 'Google LLC' } }] },
    { id: 'partners', separate: true },
  ],
});
const options: PolicyOptions = { revision: '2', dnt: 'respect', expiresDays: 365 };
const none = { dnt: false, gpc: false };
const record = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  revision: '2', consentId: 'abcdefgh12345678', updatedAt: NOW - DAY, categories: ['analytics'], servicesOff: [], servicesOn: [], ...over,
});
const empty: Selection = { categories: [], servicesOff: [], servicesOn: [] };

describe('policy: evaluate', () => {
  it('no record: nothing but necessary, banner shown, source default', () => {
    const e = evaluate(config, undefined, none, options, NOW);
    expect(e.prompt).to.equal(true);
    expect(e.reason).to.equal('no-choice');
    expect(e.state.decided).to.equal(false);
    expect(e.state.source).to.equal('default');
    expect(Object.entries(e.state.categories).filter(([, v]) => v).map(([k]) => k)).to.deep.equal(['necessary']);
    expect(Object.values(e.state.services).some(Boolean)).to.equal(false);
  });

  it('a valid record grants its categories and their services, not separate ones', () => {
    const e = evaluate(config, record(), none, options, NOW);
    expect(e.prompt).to.equal(false);
    expect(e.state.decided).to.equal(true);
    expect(e.state.source).to.equal('user');
    expect(e.state.categories['analytics']).to.equal(true);
    expect(e.state.services).to.deep.equal({ baidu: true, cnzz: true, ga4: false });
    expect(e.state.updatedAt).to.equal(new Date(NOW - DAY).toISOString());
  });

  it('a switched-off service stays off inside a granted category', () => {
    const e = evaluate(config, record({ servicesOff: ['cnzz'] }), none, options, NOW);
    expect(isGranted(e.state, 'analytics', 'baidu')).to.equal(true);
    expect(isGranted(e.state, 'analytics', 'cnzz')).to.equal(false);
  });

  it('another revision: asked again, nothing non-necessary active', () => {
    const e = evaluate(config, record({ revision: '1' }), none, options, NOW);
    expect(e.prompt).to.equal(true);
    expect(e.reason).to.equal('revision');
    expect(e.state.categories['analytics']).to.equal(false);
    expect(e.state.consentId).to.equal('abcdefgh12345678');
  });

  it('expired: asked again at exactly expires-days', () => {
    expect(evaluate(config, record({ updatedAt: NOW - 365 * DAY + 1 }), none, options, NOW).reason).to.equal('none');
    const e = evaluate(config, record({ updatedAt: NOW - 365 * DAY }), none, options, NOW);
    expect(e.reason).to.equal('expired');
    expect(e.state.categories['analytics']).to.equal(false);
  });

  it('a record from the far future is not trusted', () => {
    expect(evaluate(config, record({ updatedAt: NOW + 2 * DAY }), none, options, NOW).state.decided).to.equal(false);
  });

  for (const signals of [{ dnt: true, gpc: false }, { dnt: false, gpc: true }]) {
    it(`${signals.dnt ? 'DNT' : 'GPC'} with respect and no choice: all denied, no banner, source signal`, () => {
      const e = evaluate(config, undefined, signals, options, NOW);
      expect(e.prompt).to.equal(false);
      expect(e.state.source).to.equal('signal');
      expect(e.state.decided).to.equal(false);
      expect(Object.entries(e.state.categories).filter(([, v]) => v).map(([k]) => k)).to.deep.equal(['necessary']);
    });
  }

  it('a signal with dnt=ignore is reported but not applied', () => {
    const e = evaluate(config, undefined, { dnt: true, gpc: true }, { ...options, dnt: 'ignore' }, NOW);
    expect(e.prompt).to.equal(true);
    expect(e.state.source).to.equal('default');
    expect(e.state.signals).to.deep.equal({ dnt: true, gpc: true });
  });

  it('an explicit choice made over a signal wins while the signal is on, and stays source user', () => {
    for (const signals of [{ dnt: true, gpc: false }, { dnt: false, gpc: true }]) {
      const e = evaluate(config, record({ overSignal: true }), signals, options, NOW);
      expect(e.state.source).to.equal('user');
      expect(e.state.decided).to.equal(true);
      expect(e.prompt).to.equal(false);
      expect(e.state.categories['analytics']).to.equal(true);
    }
  });

  it('a choice made without a signal yields to one turned on later: all denied, no banner, source signal; it holds again without the signal (REQUIREMENTS 2, 7)', () => {
    const accepted = record({ categories: ['analytics', 'partners'], servicesOn: ['ga4'] });
    for (const signals of [{ dnt: true, gpc: false }, { dnt: false, gpc: true }]) {
      const e = evaluate(config, accepted, signals, options, NOW);
      expect(e.state.source, JSON.stringify(signals)).to.equal('signal');
      expect(e.state.decided).to.equal(false);
      expect(e.prompt, 'the signal notice, not the banner').to.equal(false);
      expect(e.reason).to.equal('none');
      expect(e.state.consentId, 'the record is kept').to.equal('abcdefgh12345678');
      expect(Object.entries(e.state.categories).filter(([, v]) => v).map(([k]) => k)).to.deep.equal(['necessary']);
      expect(Object.values(e.state.services).some(Boolean)).to.equal(false);
    }
    // with dnt="ignore", or the signal gone, the user's choice holds
    expect(evaluate(config, accepted, { dnt: true, gpc: true }, { ...options, dnt: 'ignore' }, NOW).state.categories['partners']).to.equal(true);
    const back = evaluate(config, accepted, none, options, NOW);
    expect([back.state.source, back.state.categories['analytics'], back.state.services['ga4']]).to.deep.equal(['user', true, true]);
  });
});

describe('policy: a polluted Object.prototype', () => {
  it('an id granted on Object.prototype only (a prototype-pollution hole) is no grant, nor in Consent Mode', () => {
    const proto = Object.prototype as Record<string, unknown>;
    const state = evaluate(config, record({ categories: ['analytics'] }), none, options, NOW).state;
    try {
      proto['video'] = true;
      proto['adnet'] = true;
      expect(isGranted(state, 'video'), 'a category the config does not have').to.equal(false);
      expect(isGranted(state, 'analytics', 'adnet'), 'a service it does not have').to.equal(false);
      expect(isGranted(state, 'analytics', 'baidu'), 'the config\'s own still are').to.equal(true);
      expect(consentModeParams(state, { ad_storage: 'video', ad_user_data: ['analytics', 'adnet'] })).to.include({ ad_storage: 'denied', ad_user_data: 'denied' });
    } finally {
      delete proto['video'];
      delete proto['adnet'];
    }
  });
});

describe('policy: selections', () => {
  it('accept all grants every non-separate item and no separate one', () => {
    const s = acceptAllSelection(config, empty);
    expect(s.categories).to.deep.equal(['functional', 'analytics', 'personalization', 'marketing']);
    expect(s.servicesOn).to.deep.equal([]);
  });

  it('accept all keeps separate grants made before', () => {
    const s = acceptAllSelection(config, { categories: ['partners', 'analytics'], servicesOff: ['cnzz'], servicesOn: ['ga4'] });
    expect(s.categories).to.include('partners');
    expect(s.servicesOn).to.deep.equal(['ga4']);
    expect(s.servicesOff).to.deep.equal([]);
  });

  it('reject all refuses everything', () => {
    expect(rejectAllSelection()).to.deep.equal(empty);
  });

  it('update sets categories and services, reports what it skipped and why', () => {
    const { selection, ignored, applied } = applyChoice(config, empty, {
      analytics: true, partners: true, ga4: true, cnzz: false, nope: true, necessary: false, marketing: 'yes' as unknown as boolean,
    });
    expect(selection).to.deep.equal({ categories: ['analytics', 'partners'], servicesOff: ['cnzz'], servicesOn: ['ga4'] });
    expect(ignored).to.deep.equal([
      { id: 'nope', reason: 'unknown' }, { id: 'necessary', reason: 'necessary' }, { id: 'marketing', reason: 'not-boolean' },
    ]);
    expect(applied).to.equal(4);
    expect(applyChoice(config, empty, { necessary: true, analytcs: true }).applied).to.equal(0);
  });

  it('granting one service of a refused category grants just that service', () => {
    const { selection } = applyChoice(config, empty, { baidu: true });
    expect(selection.categories).to.deep.equal(['analytics']);
    expect(selection.servicesOff).to.deep.equal(['cnzz']);
    const state = evaluate(config, record({ ...selection }), none, options, NOW).state;
    expect(state.services).to.deep.equal({ baidu: true, cnzz: false, ga4: false });
  });

  it('diff lists granted and revoked categories and services', () => {
    const before = evaluate(config, record(), none, options, NOW).state;
    const after = evaluate(config, record({ categories: ['marketing'] }), none, options, NOW).state;
    expect(diff(before, after)).to.deep.equal({ granted: ['marketing'], revoked: ['analytics', 'baidu', 'cnzz'] });
    expect(diff(after, after)).to.deep.equal({ granted: [], revoked: [] });
  });
});
