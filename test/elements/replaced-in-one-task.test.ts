// An app that replaces <migu-consent> in one task (React's `key`, StrictMode's second mount, Vue's
// `:key`): the old element's runtime ends a microtask after the new one has started. What the old one
// wrapped (the host guard) must not hold back what the new one grants. With the whole npm build.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import { pageApi } from '../../src/runtime/bootstrap.js';
import type { MiguConsentElement } from '../../src/elements/migu-consent.js';
import { clearCookies, uniqueName } from './helpers.js';

// a host of this test server under another name: a request there leaves the page (no-cors) unless guarded
const other = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
const config = { categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: [other] }] }] };
const hit = (): Promise<string> => fetch(`http://${other}:${location.port}/test/gating/fixtures/pixel.gif?hit`, { mode: 'no-cors' })
  .then(() => 'sent', (e: unknown) => String(e));

function element(name: string): MiguConsentElement {
  const el = document.createElement('migu-consent');
  el.setAttribute('cookie-name', name);
  el.setAttribute('policy-url', 'https://example.com/privacy');
  el.config = config;
  return el;
}

describe('<migu-consent> replaced by a new one in one task', () => {
  afterEach(clearCookies);

  for (const order of ['remove first', 'add first']) {
    it(`${order}: a grant made in the new one activates the gated markup and lets its hosts through; a withdrawal holds the hosts back`, async () => {
      const name = uniqueName();
      const pixel = Object.assign(document.createElement('img'), { alt: '' });
      pixel.dataset.consent = 'analytics';
      // on the declared host: its src goes through the guard's setter too
      pixel.dataset.src = `http://${other}:${location.port}/test/gating/fixtures/pixel.gif?replaced=${order.replace(' ', '-')}`;
      document.body.append(pixel);
      const old = element(name);
      document.body.append(old);
      await old.updateComplete;
      expect(await hit(), 'precondition: guarded before consent').to.contain('blocked by migu-consent');
      const next = element(name);
      if (order === 'remove first') {
        old.remove();
        document.body.append(next);
      } else {
        document.body.append(next);
        old.remove();
      }
      await Promise.resolve(); // the old runtime ends in a microtask
      await next.updateComplete;
      try {
        expect(pageApi().attached).to.equal(next.runtime);
        await pageApi().acceptAll();
        expect(pixel.getAttribute('src'), 'the gated pixel').to.equal(pixel.dataset.src);
        expect(await hit(), 'the declared host').to.equal('sent');
        await pageApi().update({ analytics: false });
        expect(await hit(), 'withdrawn').to.contain('blocked by migu-consent');
      } finally {
        pixel.remove();
        next.remove();
        await Promise.resolve();
      }
    });
  }
});
