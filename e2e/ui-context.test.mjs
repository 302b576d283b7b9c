// The script build's <migu-consent> provides its state by the context protocol (a small
// implementation instead of @lit/context): a gate inside it and a page's own consumer get it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

test('a context-request from inside <migu-consent> gets the state, then every change until it unsubscribes', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate && document.querySelector('migu-consent').runtime);
  await page.evaluate(() => {
    const child = document.querySelector('migu-consent').appendChild(document.createElement('div'));
    window.__seen = [];
    const e = Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
      context: Symbol.for('migu-consent.context'),
      subscribe: true,
      callback: (value, unsubscribe) => {
        window.__seen.push(value.state.categories.marketing);
        window.__unsubscribe = unsubscribe;
      },
    });
    child.dispatchEvent(e);
    window.__once = [];
    child.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
      context: Symbol.for('migu-consent.context'), callback: (value, u) => window.__once.push([!!value.runtime, typeof u]),
    }));
    window.__other = 0;
    child.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
      context: Symbol.for('another.context'), subscribe: true, callback: () => { window.__other++; },
    }));
  });
  assert.deepEqual(await page.evaluate(() => window.__seen), [false]);
  assert.deepEqual(await page.evaluate(() => window.__once), [[true, 'undefined']], 'without subscribe: once, no unsubscribe');
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__seen.at(-1) === true);
  await page.evaluate(() => { window.__unsubscribe(); window.__count = window.__seen.length; window.MiguConsent.rejectAll(); });
  await page.waitForFunction(() => window.MiguConsent.get().categories.marketing === false);
  assert.equal(await page.evaluate(() => window.__seen.length === window.__count), true, 'no calls after unsubscribe');
  assert.equal(await page.evaluate(() => window.__other), 0, 'another context is not answered');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a gate inside <migu-consent> follows the state through the context', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await page.waitForFunction(() => customElements.get('migu-consent-gate')?.prototype.requestUpdate && document.querySelector('migu-consent').runtime);
  await page.evaluate(() => {
    const gate = document.createElement('migu-consent-gate');
    gate.id = 'inner';
    gate.setAttribute('category', 'analytics');
    gate.innerHTML = '<template><p class="inner-embed">chart</p></template>';
    document.querySelector('migu-consent').append(gate);
  });
  await page.locator('#inner').locator('[part=allow]').waitFor();
  assert.equal(await page.evaluate(() => !!document.getElementById('inner').consumer.value?.runtime), true, 'the provider answered');
  await page.locator('#inner').locator('[part=allow]').click();
  await page.locator('#inner .inner-embed').waitFor();
  await page.evaluate(() => window.MiguConsent.update({ analytics: false }));
  await page.waitForFunction(() => !document.querySelector('#inner .inner-embed'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor: a context-request before the UI is there fetches it and is answered, then follows changes', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await page.reload();
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  const defined = await page.evaluate(() => {
    const child = document.querySelector('migu-consent').appendChild(document.createElement('div'));
    window.__seen = [];
    child.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
      context: Symbol.for('migu-consent.context'),
      subscribe: true,
      callback: (value) => { window.__seen.push(value.state.categories.analytics); },
    }));
    return customElements.get('migu-consent')?.prototype.requestUpdate !== undefined;
  });
  assert.equal(defined, false, 'asked before the UI was there');
  await page.waitForFunction(() => window.__seen.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__seen), [false]);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__seen.at(-1) === true);
  assert.deepEqual(errors, []);
  await context.close();
});

// A page's own consumer inside <migu-consent>, defined before it and parsed before its config:
// it asks while the loader has not started the element yet (first visit and returning visitor).
const EARLY_CONSUMER = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script>
<script>
  window.__seen = [];
  customElements.define('app-consumer', class extends HTMLElement {
    connectedCallback() {
      this.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
        context: Symbol.for('migu-consent.context'),
        subscribe: true,
        callback: (value) => { window.__seen.push(value.state.decided); },
      }));
    }
  });
</script></head><body>
<migu-consent revision="1"><app-consumer></app-consumer>
<script type="application/json">{ "categories": [{ "id": "analytics" }] }</script></migu-consent>
<app-consumer id="outside"></app-consumer>
</body></html>`;

test('a consumer that asks while <migu-consent> is still being parsed is answered, first visit and returning', async () => {
  const { context, page, errors, settle } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/early.html`, (route) => route.fulfill({ contentType: 'text/html', body: EARLY_CONSUMER }));
  await page.goto(`${h.base}/generated/early.html`);
  await page.waitForFunction(() => window.__seen.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__seen), [false], 'first visit: answered once, undecided');
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await page.waitForFunction(() => window.__seen.at(-1) === true);

  await page.reload();
  await page.waitForFunction(() => window.__seen.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__seen), [true], 'returning: answered once, decided');
  // the consumer outside <migu-consent> is no descendant of it: not answered
  assert.equal(await page.evaluate(() => window.__seen.length), 1);

  // and alone, it does not bring the UI to a returning visitor's page
  await context.route(`${h.base}/generated/outside.html`, (route) => route.fulfill({
    contentType: 'text/html', body: EARLY_CONSUMER.replace('<app-consumer></app-consumer>', ''),
  }));
  const fetched = [];
  page.on('request', (r) => { fetched.push(new URL(r.url()).pathname); });
  await page.goto(`${h.base}/generated/outside.html`);
  await settle();
  assert.equal(fetched.includes('/dist/migu-consent.ui.js'), false, fetched.join(' '));
  assert.deepEqual(await page.evaluate(() => window.__seen), []);
  assert.deepEqual(errors, []);
  await context.close();
});
