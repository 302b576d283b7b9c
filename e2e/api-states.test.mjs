// The JavaScript API and its events through the states a page meets, in the script build and in
// the npm build (bundled as an app would): get() field by field under a DNT/GPC signal, after a
// choice made under it, on a returning visit and after reset(), never aliasing what the page keeps;
// `migu-consent-ready` once per page load, one `migu-consent-change` per decision; reset() in another
// tab heard here (a returning visitor's tab that only has the script build's first stage too);
// showBanner() / showPreferences() called before the element is there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newTrackedPage, npmBuildAsGlobal, startHarness, withSignals } from './support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const APP = 'http://app.test/';
const CONFIG = '{ "categories": [{ "id": "video", "services": [{ "id": "player", "name": "Player" }, { "id": "xfer", "name": "Partner", "separate": true }] }] }';
const ELEMENT = `<migu-consent revision="5" revoke="none" policy-url="/privacy"><script type="application/json">${CONFIG}</script></migu-consent>`;
const RECORD = `<script>window.__events = []; for (const t of ['ready', 'change']) document.addEventListener('migu-consent-' + t,
  (e) => window.__events.push([t, e.detail, e.bubbles, e.composed]));</script>`;

let harness;
let esmJs;
/** Each context's settle() (support.mjs): it follows every page of the context. */
const settlers = new WeakMap();
before(async () => {
  harness = await startHarness({ browser: true });
  esmJs = await npmBuildAsGlobal();
});
after(async () => { await harness?.stop(); });

/**
 * A page on app.test: `head` runs before the element is parsed (script build: right after its
 * script tag; npm build: the app's module runs after the page is parsed, so `head` runs in it).
 */
async function openPage(kind, { context, head = '', signals = false } = {}) {
  const tracked = context ? undefined : await newTrackedPage(harness.browser);
  if (tracked) settlers.set(tracked.context, tracked.settle);
  if (signals) await withSignals(tracked.context);
  const page = context ? await context.newPage() : tracked.page;
  const errors = tracked?.errors ?? [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const html = kind === 'iife'
    ? `<!doctype html><html lang="en"><head>${RECORD}<script src="/dist/migu-consent.iife.js"></script><script>${head}</script></head><body>${ELEMENT}</body></html>`
    : `<!doctype html><html lang="en"><head>${RECORD}</head><body><script type="module">import '/app.js'; ${head}; document.body.insertAdjacentHTML('afterbegin', ${JSON.stringify(ELEMENT).replace(/<\//g, '<\\/')});</script></body></html>`;
  await page.route(`${APP}**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/app.js') return route.fulfill({ contentType: 'text/javascript', body: esmJs });
    if (path.startsWith('/dist/')) return route.fulfill({ path: join(ROOT, path) });
    return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
  });
  await page.goto(APP);
  await page.waitForFunction(() => window.__events.some(([type]) => type === 'ready'));
  context ??= tracked.context;
  return { page, context, errors, settle: () => settlers.get(context)(page) };
}

const events = (page) => page.evaluate(() => window.__events.map(([type, detail, bubbles, composed]) => (type === 'ready'
  ? [type, detail.source, bubbles, composed] : [type, detail.granted, detail.revoked, bubbles, composed])));
const get = (page) => page.evaluate(() => window.MiguConsent.get());

/** Every field of get() with CONTRACT.md's type; `expected` the values that matter here. */
function assertState(state, expected) {
  assert.deepEqual(Object.keys(state).sort(), ['categories', 'consentId', 'decided', 'revision', 'services', 'signals', 'source', 'updatedAt']);
  assert.equal(typeof state.decided, 'boolean');
  for (const key of ['revision', 'consentId', 'updatedAt', 'source']) assert.equal(typeof state[key], 'string', key);
  assert.deepEqual(Object.keys(state.categories), ['necessary', 'functional', 'analytics', 'personalization', 'marketing', 'video']);
  assert.deepEqual(Object.keys(state.services), ['player', 'xfer']);
  for (const value of [...Object.values(state.categories), ...Object.values(state.services), ...Object.values(state.signals)]) assert.equal(typeof value, 'boolean');
  assert.equal(state.revision, '5');
  if (state.decided) assert.equal(new Date(state.updatedAt).toISOString(), state.updatedAt);
  else assert.deepEqual([state.consentId, state.updatedAt], ['', '']);
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(state[key], value, key);
}

for (const kind of ['iife', 'npm']) {
  test(`${kind}: get() and the events under a signal, after a choice made under it, on a returning visit, after reset()`, async () => {
    const { page, context, errors, settle } = await openPage(kind, { signals: true });
    try {
      await settle();
      const signals = { dnt: true, gpc: true };
      assertState(await get(page), { decided: false, source: 'signal', signals, categories: { necessary: true, functional: false, analytics: false, personalization: false, marketing: false, video: false } });
      // the object returned is the caller's: changing it grants nothing
      assert.deepEqual(await page.evaluate(() => {
        const state = window.MiguConsent.get();
        state.categories.video = true;
        state.services.player = true;
        state.signals.dnt = false;
        return [window.MiguConsent.isGranted('video'), window.MiguConsent.isGranted('video', 'player'), window.MiguConsent.get().signals.dnt];
      }), [false, false, true]);
      const chosen = await page.evaluate(() => window.MiguConsent.update({ video: true }));
      assertState(chosen, { decided: true, source: 'user', signals, services: { player: true, xfer: false } });
      assert.deepEqual(await page.evaluate(() => {
        const state = window.MiguConsent.get();
        state.categories.video = false;
        return window.MiguConsent.isGranted('video', 'player');
      }), true);
      await settle();
      assert.deepEqual(await events(page), [['ready', 'signal', true, true], ['change', ['video', 'player'], [], true, true]]);

      await page.reload();
      await page.waitForFunction(() => window.__events.some(([type]) => type === 'ready'));
      await settle();
      assertState(await get(page), { decided: true, source: 'user', signals, consentId: chosen.consentId, updatedAt: chosen.updatedAt });
      assert.deepEqual(await events(page), [['ready', 'user', true, true]]);

      const reset = await page.evaluate(() => window.MiguConsent.reset());
      assertState(reset, { decided: false, source: 'signal', signals });
      await settle();
      assert.deepEqual(await events(page), [['ready', 'user', true, true], ['change', [], ['video', 'player'], true, true]]);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${kind}: reset() in another tab is heard here: one change revoking what was granted, and the banner asks again`, async () => {
    const first = await openPage(kind);
    try {
      await first.page.evaluate(() => window.MiguConsent.acceptAll());
      // a returning visitor's tab: in the script build only its first stage has run (nothing to report)
      const other = await openPage(kind, { context: first.context });
      await other.settle();
      assert.deepEqual(await events(other.page), [['ready', 'user', true, true]]);
      const runtimeIn = () => other.page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/migu-consent.runtime.js')));
      if (kind === 'iife') assert.equal(await runtimeIn(), false, 'only the first stage has run');
      await first.page.evaluate(() => window.MiguConsent.reset());
      await other.page.locator('migu-consent [part~="banner"]').waitFor();
      await other.page.waitForFunction(() => window.__events.length === 2);
      assert.deepEqual(await events(other.page), [
        ['ready', 'user', true, true],
        ['change', [], ['functional', 'analytics', 'personalization', 'marketing', 'video', 'player'], true, true],
      ]);
      assertState(await get(other.page), { decided: false, source: 'default' });
      assert.deepEqual([...first.errors, ...other.errors], []);
    } finally {
      await first.context.close();
    }
  });

  test(`${kind}: showBanner() and showPreferences() called before the element is there reach it (a returning visitor; a signal)`, async () => {
    const first = await openPage(kind);
    try {
      await first.page.evaluate(() => window.MiguConsent.rejectAll());
      const again = await openPage(kind, { context: first.context, head: 'window.MiguConsent.showBanner()' });
      await again.page.locator('migu-consent [part~="banner"]').waitFor();
      assertState(await get(again.page), { decided: true, source: 'user' });
    } finally {
      await first.context.close();
    }
    const signalled = await openPage(kind, { signals: true, head: 'window.MiguConsent.showPreferences()' });
    try {
      await signalled.page.locator('migu-consent [part~="preferences"]').waitFor();
      assert.equal(await signalled.page.locator('migu-consent input[name="video"]').isChecked(), false);
      assert.deepEqual(signalled.errors, []);
    } finally {
      await signalled.context.close();
    }
  });
}

test('npm build as a blocking script in <head> (defined before the element is parsed): the config in its child script is read, its declared host guarded before consent', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(harness.browser);
  const config = JSON.stringify({ categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['tracker.example'], cookies: ['_mg_id'] }] }] });
  const html = `<!doctype html><html lang="en"><head><script src="/app.js"></script></head><body>
<migu-consent revoke="none" policy-url="/privacy"><script type="application/json">${config}</script></migu-consent>
<script>window.__sent = navigator.sendBeacon('https://tracker.example/beacon', 'x');</script>
</body></html>`;
  await page.route(`${APP}**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/app.js') return route.fulfill({ contentType: 'text/javascript', body: esmJs });
    return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
  });
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  await page.goto(APP);
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]'));
  await settle();
  const seen = await page.evaluate(() => ({ services: window.MiguConsent.get().services, sent: window.__sent }));
  assert.deepEqual(seen, { services: { stats: false }, sent: false }, 'the config read; the beacon to its declared host refused');
  assert.ok(warnings.some((w) => /requests to tracker\.example are blocked/.test(w)), warnings.join('\n'));
  assert.deepEqual(tracker, []);
  assert.deepEqual(errors, []);
  await context.close();
});
