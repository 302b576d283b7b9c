import { expect } from '@open-wc/testing';
import { browserSignals } from '../../src/core/signals.js';

// Runs in a browser launched with DNT and GPC on (see web-test-runner.config.js).
describe('signals in a browser with DNT and GPC on', () => {
  it('reads both from navigator', () => {
    expect(browserSignals()).to.deep.equal({ dnt: true, gpc: true });
  });

  it('the browser also sends the DNT and Sec-GPC headers', async () => {
    const headers = (await (await fetch('/__headers')).json()) as Record<string, string>;
    expect(headers['dnt']).to.equal('1');
    expect(headers['sec-gpc']).to.equal('1');
  });
});
