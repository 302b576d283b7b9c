import { expect } from '@open-wc/testing';
import { browserSignals, readSignals } from '../../src/core/signals.js';

describe('signals', () => {
  const on = ['1', 'yes'];
  const off = ['0', 'no', 'unspecified', null, undefined, '', 'true', 1.5, {}];

  for (const value of on) {
    it(`DNT ${JSON.stringify(value)} is on in every spelling`, () => {
      expect(readSignals({ navigator: { doNotTrack: value } }).dnt).to.equal(true);
      expect(readSignals({ window: { doNotTrack: value } }).dnt).to.equal(true);
      expect(readSignals({ navigator: { msDoNotTrack: value } }).dnt).to.equal(true);
    });
  }

  for (const value of off) {
    it(`DNT ${JSON.stringify(value) ?? 'undefined'} is no signal`, () => {
      expect(readSignals({ navigator: { doNotTrack: value, msDoNotTrack: value }, window: { doNotTrack: value } }))
        .to.deep.equal({ dnt: false, gpc: false });
    });
  }

  it('GPC only when globalPrivacyControl is exactly true', () => {
    expect(readSignals({ navigator: { globalPrivacyControl: true } })).to.deep.equal({ dnt: false, gpc: true });
    for (const value of ['true', 1, '1', false, null]) {
      expect(readSignals({ navigator: { globalPrivacyControl: value } }).gpc).to.equal(false);
    }
  });

  it('host-passed header signals count', () => {
    expect(readSignals({}, { dnt: true })).to.deep.equal({ dnt: true, gpc: false });
    expect(readSignals({}, { gpc: true })).to.deep.equal({ dnt: false, gpc: true });
  });

  it('never throws on a navigator whose getters throw', () => {
    const hostile = {
      get doNotTrack(): unknown { throw new Error('no'); },
      get globalPrivacyControl(): unknown { throw new Error('no'); },
    };
    expect(readSignals({ navigator: hostile })).to.deep.equal({ dnt: false, gpc: false });
  });

  it('reads nothing in a browser with no signal set (headless Chromium / Firefox ESR defaults)', () => {
    expect(browserSignals()).to.deep.equal({ dnt: false, gpc: false });
  });
});
