// A choice made where no message reaches this page: on another host of cookie-domain (a
// BroadcastChannel is per origin) while this page waited in the back/forward cache. A returning
// visitor's page that runs only the script build's first stage must see it as it shows again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, recordConsentEvents, startHarness, until } from './support.mjs';

let h;
let port;
before(async () => {
  h = await startHarness({
    args: ['--host-resolver-rules=MAP www.site.test 127.0.0.1, MAP m.site.test 127.0.0.1, MAP * ~NOTFOUND'],
    // Playwright turns the back/forward cache off by default
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    // not no-store: that alone keeps a page out of the back/forward cache
    middleware: [(ctx, next) => { if (ctx.path.endsWith('.html')) ctx.set('Cache-Control', 'no-cache'); return next(); }],
  });
  port = new URL(h.base).port;
});
after(async () => { await h?.stop(); });

const runtimeIn = (p) => p.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/migu-consent.runtime.js')));
const ready = (p) => p.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));

/** Leaves `page` for another page of www, withdraws marketing in `other` (m., another host of cookie-domain), and goes Back. */
async function withdrawWhileCached(page, other) {
  await page.goto(`http://www.site.test:${port}/e2e/fixtures/basic.html`);
  await ready(page);
  await other.evaluate(() => window.MiguConsent.update({ marketing: false }));
  await page.goBack({ waitUntil: 'commit' });
}

for (const revoke of ['none', 'reload']) {
  test(`revoke="${revoke}": a withdrawal on another host of cookie-domain while a first-stage page is in the back/forward cache applies as it is restored`, async () => {
    const { context, page: other, tracker, errors, settle } = await newTrackedPage(h.browser);
    await recordConsentEvents(context);
    await context.addInitScript(() => {
      window.__doc = Math.random();
      addEventListener('pageshow', (e) => { window.__persisted = e.persisted; });
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    const query = `?revoke=${revoke}&policy-url=/privacy.html&cookie-domain=.site.test`;
    await other.goto(`http://m.site.test:${port}/e2e/fixtures/tabs-many.html${query}`);
    await other.evaluate(() => window.MiguConsent.acceptAll());
    const url = `http://www.site.test:${port}/e2e/fixtures/tabs-many.html${query}`;
    await page.goto(url);
    await ready(page);
    // the runtime saves the early config on its first load; the second load is the first stage alone
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('migu_consent.early')));
    await page.reload();
    await ready(page);
    await settle(page);
    assert.equal(await runtimeIn(page), false, 'precondition: the first stage alone');
    assert.ok(await page.evaluate(() => window.MiguConsent.isGranted('marketing')));
    const doc = await page.evaluate(() => window.__doc);

    await withdrawWhileCached(page, other);
    const now = () => page.evaluate(() => ({ doc: window.__doc, persisted: window.__persisted, marketing: window.MiguConsent?.isGranted('marketing') }))
      .catch(() => ({})); // a reload under way
    let state = {};
    if (revoke === 'reload') {
      // the marketing script ran in it: the restored page reloads
      await until(async () => (state = await now()).doc !== undefined && state.doc !== doc && state.marketing === false,
        () => `the restored page did not reload: ${JSON.stringify(state)}`);
    } else {
      await until(async () => (state = await now()).persisted !== undefined, () => 'the page never came back');
      assert.equal(state.doc, doc, 'precondition: restored from the back/forward cache');
      await until(async () => (state = await now()).marketing === false, () => `the restored page still grants marketing: ${JSON.stringify(state)}`);
      // a marketing pixel added now stays inert; a functional one added after it shows that gating has looked
      await page.evaluate(() => {
        for (const [category, name] of [['marketing', 'late'], ['functional', 'control']]) {
          const img = document.createElement('img');
          img.dataset.consent = category;
          img.dataset.src = `https://pixel.example/${name}.gif`;
          document.body.append(img);
        }
      });
      await page.waitForFunction(() => document.querySelector('img[data-src$="control.gif"]')?.src);
      assert.equal(await page.evaluate(() => document.querySelector('img[data-src$="late.gif"]').getAttribute('src')), null,
        'a marketing pixel added after the withdrawal stays inert');
      assert.ok(!tracker.some((u) => u.endsWith('/late.gif')));
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/**
 * `other` (m.) accepts all; then `page` (www., another host of cookie-domain) shows it granted, with the first stage
 * alone (a returning visitor's second load) or the runtime (brought by an API call). revoke="none".
 */
async function grantedOn(page, other, stage) {
  const query = '?revoke=none&policy-url=/privacy.html&cookie-domain=.site.test';
  await other.goto(`http://m.site.test:${port}/e2e/fixtures/tabs-many.html${query}`);
  await other.evaluate(() => window.MiguConsent.acceptAll());
  await page.goto(`http://www.site.test:${port}/e2e/fixtures/tabs-many.html${query}`);
  await ready(page);
  if (stage === 'runtime') await page.evaluate(() => { window.MiguConsent.subscribe(() => undefined); }); // brings it
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('migu_consent.early')));
  if (stage !== 'runtime') {
    await page.reload(); // the second load is the first stage alone
    await ready(page);
  } else {
    await page.waitForFunction(() => window[Symbol.for('migu-consent.chunks')].loaded('runtime'));
  }
}

// WebKitGTK (SDK probe F1): a page restored from the back/forward cache fires no visibilitychange, and its
// visibilityState stays "hidden"; only pageshow says it is back. Another tab's withdrawal went unheard there,
// its SDKs sending again. Imitated here in Chromium, for a page with the first stage alone and one with the runtime.
// The choice is made on another host of cookie-domain: Chromium evicts a cached page that a BroadcastChannel
// message (a same-origin tab's) would reach, where WebKit keeps it, with the message lost.
for (const stage of ['first stage alone', 'runtime']) {
  test(`restored as WebKitGTK restores (no visibilitychange, still "hidden"), a page with the ${stage} applies another tab's withdrawal`, async () => {
    const { context, page: other, errors, settle } = await newTrackedPage(h.browser);
    await recordConsentEvents(context);
    await context.addInitScript(() => {
      window.__doc = Math.random();
      addEventListener('pageshow', (e) => { window.__persisted = e.persisted; });
      addEventListener('pagehide', () => { window.__left = true; });
      Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (window.__left ? 'hidden' : 'visible') });
      addEventListener('visibilitychange', (e) => { if (window.__left) e.stopImmediatePropagation(); }, true);
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await grantedOn(page, other, stage);
    await settle(page);
    assert.equal(await runtimeIn(page), stage === 'runtime', `precondition: the ${stage}`);
    assert.ok(await page.evaluate(() => window.MiguConsent.isGranted('marketing')));
    const doc = await page.evaluate(() => window.__doc);
    await withdrawWhileCached(page, other);
    const now = () => page.evaluate(() => ({ doc: window.__doc, persisted: window.__persisted, hidden: document.visibilityState, marketing: window.MiguConsent?.isGranted('marketing') }))
      .catch(() => ({}));
    let state = {};
    await until(async () => (state = await now()).persisted !== undefined, () => 'the page never came back');
    assert.deepEqual([state.doc, state.persisted, state.hidden], [doc, true, 'hidden'], 'precondition: restored from the back/forward cache, as WebKitGTK does');
    await until(async () => (state = await now()).marketing === false, () => `the restored page still grants marketing: ${JSON.stringify(state)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

// Two windows side by side (or a split screen): the visitor withdraws in one subdomain's page while the other's stays
// visible, its trackers sending (subdomains probe F2). No message crosses origins, and on http there is no Cookie Store
// API to tell of the cookie's change: seen as the window takes focus again.
for (const stage of ['first stage alone', 'runtime']) {
  test(`a withdrawal on another host of cookie-domain, in a window beside this visible one, applies as it takes focus: a page with the ${stage}`, async () => {
    const { context, page: other, errors, settle } = await newTrackedPage(h.browser);
    await recordConsentEvents(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await grantedOn(page, other, stage);
    await settle(page);
    assert.equal(await runtimeIn(page), stage === 'runtime', `precondition: the ${stage}`);
    await other.evaluate(() => window.MiguConsent.update({ marketing: false }));
    await settle(other);
    const now = () => page.evaluate(() => [document.visibilityState, window.MiguConsent.isGranted('marketing')]);
    assert.deepEqual(await now(), ['visible', true], 'precondition: visible, and not told otherwise');
    await page.evaluate(() => { dispatchEvent(new FocusEvent('focus')); });
    let state = [];
    await until(async () => (state = await now())[1] === false, () => `it still grants marketing: ${JSON.stringify(state)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
