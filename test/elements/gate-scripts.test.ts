// The scripts in a <migu-consent-gate>'s template, with the whole npm build (gating included): they run
// as gated scripts do, so markup injected without the page's nonce never becomes script through the gate.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/index.js';
import type { MiguConsentElement } from '../../src/elements/migu-consent.js';
import { clearCookies, uniqueName } from './helpers.js';

declare global {
  // written by the template's scripts
  var __gateRan: string[] | undefined;
}

describe('<migu-consent-gate>: scripts in its template', () => {
  afterEach(clearCookies);

  it('run once the content is stamped, only with the page\'s nonce, once each', async () => {
    globalThis.__gateRan = [];
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en"></migu-consent>`);
    // one of the page's own scripts, which carries its nonce
    const own = Object.assign(document.createElement('script'), { nonce: 'page-n' });
    own.setAttribute('nonce', 'page-n');
    el.before(own);
    const gate = document.createElement('migu-consent-gate');
    gate.setAttribute('category', 'marketing');
    const template = document.createElement('template');
    // as an HTML injection could write it: a script without the nonce, and one with the page's
    template.innerHTML = '<p class="embed">video</p><script id="injected">__gateRan.push("injected")</script>'
      + '<script nonce="page-n" id="page">__gateRan.push("own:" + document.currentScript.nonce)</script>'
      + '<script type="application/ld+json" id="data">{"@type": "VideoObject"}</script>';
    gate.append(template);
    el.append(gate);
    el.runtime!.store.acceptAll();
    await waitUntil(() => gate.querySelector('.embed'), 'the content is stamped');
    await waitUntil(() => globalThis.__gateRan!.length > 0, 'the nonced script runs');
    expect(globalThis.__gateRan).to.deep.equal(['own:page-n']);
    expect(gate.querySelector('#injected')!.getAttribute('data-consent-state')).to.equal('refused');
    expect(gate.querySelector('#data')!.getAttribute('type'), 'a data block stays as it is').to.equal('application/ld+json');
    own.remove();
  });
});
