// A Migu page inside the Migu apps: the app defines `window.MiguConsentNative` before the page's
// scripts run, as the docs' shims do (Android: an object added with addJavascriptInterface, strings
// only; iOS: a WKUserScript at document start over a WKScriptMessageHandler). Simulated here with
// an init script injecting the same objects. The app's choice applies without a banner, gates as a
// stored choice, is receipted with source "app"; the page's own decisions go back to the app; a
// bridge that is broken is ignored with a warning; a newer web choice wins unless the app's is
// authoritative.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness, until } from './support.mjs';

let h;
const receipts = [];
before(async () => {
  h = await startHarness({
    middleware: [async (ctx, next) => {
      if (ctx.path !== '/e2e/native-receipts') return next();
      let body = '';
      for await (const chunk of ctx.req) body += chunk;
      receipts.push(JSON.parse(body));
      ctx.status = 204;
      return undefined;
    }],
  });
});
after(async () => { await h?.stop(); });

const ISO = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/analytics.js"></script>
<script type="text/plain" data-consent="marketing" src="https://ads.example/ads.js"></script>
</head><body>
<migu-consent revision="7" receipt-endpoint="/e2e/native-receipts">
  <script type="application/json">{ "categories": [
    { "id": "analytics", "services": [{ "id": "stats", "name": "Stats" }] },
    { "id": "marketing", "services": [{ "id": "adnet", "name": "Ads" }] } ] }</script>
</migu-consent>
<p>content</p></body></html>`;

/**
 * A page opened by the app. `android`: getConsent()/postConsent() on an injected object, as
 * addJavascriptInterface makes it; `ios`: the same object defined by a user script over
 * `webkit.messageHandlers.miguConsent.postMessage`. `consent` is what getConsent() returns.
 */
async function inApp({ platform = 'android', consent = '', throws = false } = {}, t = undefined) {
  const tracked = t ?? await newTrackedPage(h.browser);
  const { context, page } = tracked;
  const posted = [];
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning' && m.text().startsWith('[migu-consent:native]')) warnings.push(m.text()); });
  if (!t) {
    await context.exposeBinding('__appReceives', (_, json) => { posted.push(JSON.parse(json)); });
    await context.route(`${h.base}/app/page.html`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  }
  await context.addInitScript(({ platform: p, consent: c, throws: fail }) => {
    if (p === 'number') {
      window.MiguConsentNative = 5;
    } else if (p === 'no-get') {
      window.MiguConsentNative = { postConsent(json) { window.__appReceives(json); } };
    } else if (p === 'getter') {
      // a bridge whose member throws as it is read (a getter, a Proxy), not as it is called
      window.MiguConsentNative = {
        get getConsent() { throw new Error('bridge gone'); },
        postConsent(json) { window.__appReceives(json); },
      };
    } else if (p === 'android') {
      window.MiguConsentNative = {
        getConsent() { if (fail) throw new Error('bridge gone'); return c; },
        postConsent(json) { window.__appReceives(json); },
      };
    } else {
      window.webkit = { messageHandlers: { miguConsent: { postMessage: (json) => window.__appReceives(json) } } };
      window.MiguConsentNative = {
        getConsent: () => { if (fail) throw new Error('bridge gone'); return c; },
        postConsent: (json) => window.webkit.messageHandlers.miguConsent.postMessage(json),
      };
    }
  }, { platform, consent: typeof consent === 'string' ? consent : JSON.stringify(consent), throws });
  await page.goto(`${h.base}/app/page.html`);
  await page.waitForFunction(() => window.MiguConsent?.get().revision === '7');
  return { ...tracked, posted, warnings };
}

const banner = (page) => page.locator('migu-consent').locator('[part~=banner]');

for (const platform of ['android', 'ios']) {
  test(`${platform}: the app's choice applies before gating: no banner, its grants run, source "app", a receipt`, async () => {
    receipts.length = 0;
    const { context, page, tracker, errors, settle } = await inApp({
      platform, consent: { revision: '7', updatedAt: ISO(-60_000), categories: { analytics: true, marketing: false } },
    });
    await page.waitForFunction(() => window.__trackers?.includes('_analytics_js'));
    const state = await page.evaluate(() => window.MiguConsent.get());
    assert.deepEqual([state.decided, state.source, state.categories.analytics, state.categories.marketing], [true, 'app', true, false]);
    await until(() => receipts.length > 0, 'the adoption is receipted');
    assert.equal(receipts[0].source, 'app');
    assert.equal(receipts[0].action, 'app');
    await settle();
    assert.equal(await banner(page).count(), 0, 'no banner');
    assert.deepEqual(tracker, ['https://tracker.example/analytics.js'], 'marketing stays off');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${platform}: a decision made in the page goes back to the app in the contract's shape, and stays on reload`, async () => {
    const { context, page, posted, errors } = await inApp({
      platform, consent: { revision: '7', updatedAt: ISO(-60_000), categories: { analytics: true } },
    });
    assert.deepEqual(posted, [], 'the app is not told its own choice');
    await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
    await until(() => posted.length === 1, () => `posted: ${JSON.stringify(posted)}`);
    assert.equal(posted[0].revision, '7');
    assert.deepEqual([posted[0].categories.analytics, posted[0].categories.marketing], [true, true]);
    assert.ok(!Number.isNaN(Date.parse(posted[0].updatedAt)));
    // the app still hands over its older choice: the newer web one stays
    await page.reload();
    await page.waitForFunction(() => window.MiguConsent?.get().decided);
    assert.deepEqual(await page.evaluate(() => [window.MiguConsent.get().source, window.MiguConsent.get().categories.marketing]), ['user', true]);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('an app whose clock is ahead, handing over the same grant on every load: taken once, and a refusal made since in the page stands', async () => {
  // as an app does that has not stored the page's refusal, or dropped it as older by its own clock
  const grant = { revision: '7', updatedAt: ISO(3_600_000), categories: { analytics: true } };
  const { context, page, tracker, posted, errors } = await inApp({ consent: grant });
  await page.waitForFunction(() => window.MiguConsent.get().source === 'app');
  await page.waitForFunction(() => window.__trackers?.includes('_analytics_js'));
  // withdrawing what ran reloads the page (revoke="reload"): that load gets the same grant from the app
  const reloaded = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
  tracker.length = 0;
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await until(() => posted.length === 1, 'the refusal goes to the app');
  await reloaded;
  await page.waitForFunction(() => window.MiguConsent?.get().decided);
  assert.deepEqual(await page.evaluate(() => [window.MiguConsent.get().source, window.MiguConsent.get().categories.analytics]), ['user', false]);
  assert.equal(await banner(page).count(), 0);
  assert.deepEqual(tracker, [], 'nothing tracked after the refusal');
  // the page's own choice gone (cookies cleared, localStorage kept): the app's is the choice there is
  await context.clearCookies();
  await page.reload();
  await page.waitForFunction(() => window.MiguConsent?.get().source === 'app');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an authoritative app choice wins over a newer web choice; one for another revision is ignored', async () => {
  const t = await newTrackedPage(h.browser);
  await t.context.exposeBinding('__appReceives', () => {});
  await t.context.route(`${h.base}/app/page.html`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await t.page.goto(`${h.base}/app/page.html`);
  await t.page.evaluate(() => window.MiguConsent.acceptAll()); // a web choice, now
  const { page, settle } = await inApp({
    consent: { revision: '7', updatedAt: ISO(-3_600_000), categories: { analytics: false, marketing: false }, authoritative: true },
  }, t);
  await page.reload();
  await page.waitForFunction(() => window.MiguConsent?.get().source === 'app');
  assert.deepEqual(await page.evaluate(() => window.MiguConsent.get().categories), { necessary: true, functional: false, analytics: false, personalization: false, marketing: false });
  await settle();
  await t.context.close();

  const other = await inApp({ consent: { revision: '6', updatedAt: ISO(), categories: { analytics: true } } });
  await banner(other.page).waitFor({ state: 'visible' });
  assert.equal(await other.page.evaluate(() => window.MiguConsent.get().decided), false);
  assert.deepEqual(other.tracker, []);
  await other.context.close();
});

test('a bridge that throws, is malformed, returns malformed JSON or no choice: a warning where it is wrong, and the page as without an app', async () => {
  const cases = [
    { input: { throws: true }, warning: /getConsent\(\) threw bridge gone/ },
    { input: { platform: 'getter' }, warning: /getConsent\(\) threw bridge gone/ },
    { input: { consent: '{"revision": "7", "categories": ' }, warning: /not the JSON of docs\/native-app\.md, got \{"revision": "7", "categories": / },
    { input: { consent: { revision: '7', updatedAt: ISO(), categories: { analytics: 'yes' } } }, warning: /not the JSON of docs\/native-app\.md, got .*"analytics":"yes"/ },
    { input: { consent: '' }, warning: undefined },
    // a malformed bridge: something else under its name, or one without getConsent (they were ignored silently)
    { input: { platform: 'number' }, warning: /MiguConsentNative is a number, not the app's bridge: ignored/ },
    { input: { platform: 'no-get' }, warning: /the app's choice is ignored: it has no getConsent\(\)/ },
  ];
  for (const { input, warning } of cases) {
    const { context, page, tracker, errors, warnings, settle } = await inApp(input);
    await banner(page).waitFor({ state: 'visible' });
    await settle();
    assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false);
    assert.deepEqual(tracker, [], 'nothing tracked');
    if (warning) assert.ok(warnings.length === 1 && warning.test(warnings[0]), `${JSON.stringify(input)}: ${warnings.join(' | ')}`);
    else assert.deepEqual(warnings, []);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the bridge\'s code is fetched only inside an app, and the page waits for it: no banner before the app\'s choice', async () => {
  const web = await newTrackedPage(h.browser);
  await web.context.route(`${h.base}/app/page.html`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await web.page.goto(`${h.base}/app/page.html`);
  await banner(web.page).waitFor();
  await web.settle();
  assert.ok(!web.requests.some((u) => u.includes('/migu-consent.native.js')), 'a web page does not fetch it');
  await web.context.close();

  const t = await newTrackedPage(h.browser);
  await t.context.exposeBinding('__appReceives', () => {});
  await t.context.route(`${h.base}/app/page.html`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  // the bridge file comes late: the page must not show a banner meanwhile
  await t.context.route('**/migu-consent.native.js*', async (route) => {
    await until(() => t.requests.some((u) => u.endsWith('/app/page.html')), 'the page');
    await route.continue();
  });
  await t.context.addInitScript(() => {
    window.__bannerSeen = false;
    new MutationObserver(() => { if (document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part~=banner]')) window.__bannerSeen = true; })
      .observe(document, { childList: true, subtree: true });
  });
  const app = await inApp({ consent: { revision: '7', updatedAt: ISO(-60_000), categories: { analytics: true } } }, t);
  await app.page.waitForFunction(() => window.__trackers?.includes('_analytics_js'));
  assert.ok(app.requests.some((u) => u.includes('/migu-consent.native.js')));
  assert.equal(await app.page.evaluate(() => window.__bannerSeen), false, 'no banner flashed before the app\'s choice');
  assert.deepEqual(app.errors, []);
  await app.context.close();
});
