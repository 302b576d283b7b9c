// The npm entry with its features (gating, the network guard): a <migu-consent> removed with none in its
// place. Its runtime goes on, as the script build's does: ended there, it lifted the guard, and a refused
// tracker host was let through (a route or layout that renders the element only on some pages).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { MiguConsentElement } from '../../src/index.js';
import { consent } from '../../src/index.js';
import { uniqueName } from './helpers.js';

const config = {
  categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['tracker.example'] }] }],
};

/** Whether a fetch to the tracker host was stopped by the guard (rather than sent, and failing on the network). */
const guarded = (): Promise<boolean> => fetch(`https://tracker.example/collect?${String(Math.random())}`)
  .then(() => false, (e: unknown) => String(e).includes('blocked by migu-consent'));

describe('<migu-consent> removed with none in its place', () => {
  it('its choice stands: the guard still stops a refused tracker host, the page API still decides and gated markup follows', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} revoke="none" .config=${config}></migu-consent>`);
    await consent.rejectAll();
    expect(await guarded(), 'refused: guarded').to.equal(true);
    el.remove();
    await new Promise((r) => setTimeout(r));
    expect(await guarded(), 'refused, element removed: still guarded').to.equal(true);
    expect(consent.get()).to.deep.include({ decided: true });
    // a decision with no element in the page is applied now, not held for one (bounded: a test that fails, not hangs)
    const state = await Promise.race([consent.update({ analytics: true }), new Promise((r) => { setTimeout(r, 5000, 'held'); })]);
    expect(state, 'applied').to.not.equal('held');
    expect(consent.isGranted('analytics', 'stats')).to.equal(true);
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.dataset.consent = 'analytics';
    script.text = 'window.removedElementRan = true';
    document.body.append(script);
    await waitUntil(() => (window as { removedElementRan?: boolean }).removedElementRan, 'gated markup inserted later runs');
    expect(await guarded(), 'granted: let through').to.equal(false);
    await consent.update({ analytics: false });
    expect(await guarded(), 'withdrawn: guarded again').to.equal(true);
    script.remove();
  });
});
