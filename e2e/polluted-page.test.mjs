// Pages whose old scripts (Prototype.js, MooTools, Migu legacy pages) add enumerable members to
// Object.prototype or Array.prototype: js-cookie's for..in over its attributes threw on them, so
// the choice was kept in memory only, the banner came back on every page and a withdrawal deleted
// nothing, silently. The consent cookie must be written and deleted there as anywhere else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withdrawnCookies } from 'migu-consent/server';
import { newTrackedPage, startHarness, until, waitForCookie, withSignals } from './support.mjs';

const config = {
  categories: [
    { id: 'analytics', services: [{ id: 'stats', name: 'Stats', vendor: 'Stats Inc.', purpose: 'visits', cookies: ['sid', '/^_ga/'] }] },
  ],
};

/** What a page's old scripts did to the prototypes, before ours ran. */
const POLLUTIONS = {
  'an enumerable function on Object.prototype': 'Object.prototype.extend = function () { return this; };',
  'an enumerable getter and setter of a number on Object.prototype':
    'Object.defineProperty(Object.prototype, "size", { enumerable: true, configurable: true, get() { return 1; }, set() {} });',
  'a string on Object.prototype': 'Object.prototype.klass = "legacy";',
  'an enumerable function on Array.prototype': 'Array.prototype.each = function (f) { for (var i = 0; i < this.length; i++) f(this[i]); };',
};

const pageWith = (pollution) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>legacy</title>
<script>${pollution}</script>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"><script type="application/json">${JSON.stringify(config)}</script></migu-consent>
<p>page</p></body></html>`;

const server = withdrawnCookies({ config });
const header = async (context) => (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

for (const [name, pollution] of Object.entries(POLLUTIONS)) {
  test(`${name}: Accept all stores the consent cookie, the next page has the choice, a withdrawal deletes the service's cookies`, async () => {
    const { context, page, errors } = await newTrackedPage(h.browser);
    const logged = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') logged.push(m.text()); });
    await context.route(`${h.base}/generated/legacy.html`, (route) => route.fulfill({ contentType: 'text/html', body: pageWith(pollution) }));
    await page.goto(`${h.base}/generated/legacy.html`);
    await page.evaluate(() => { document.cookie = 'sid=1; path=/'; document.cookie = '_ga_x=2; path=/'; });
    await page.locator('migu-consent [part=banner]').getByRole('button', { name: 'Accept all' }).click();
    await waitForCookie(context, 'migu_consent');
    const cookie = (await context.cookies()).find((c) => c.name === 'migu_consent');
    assert.deepEqual([cookie.path, cookie.sameSite, Math.round((cookie.expires * 1000 - Date.now()) / 86_400_000)], ['/', 'Lax', 365]);
    // as the server's check reads it: the visitor's choice, the withdrawn service's cookies kept
    const onServer = server.check({ cookie: await header(context) });
    assert.deepEqual([onServer.state.decided, onServer.state.categories.analytics, onServer.names], [true, true, []]);
    await page.reload();
    await page.locator('migu-consent [part=reopen]').waitFor();
    assert.equal(await page.locator('migu-consent [part=banner]').count(), 0, 'no banner on the next page');
    assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true);
    // withdrawal: a new choice stored, the withdrawn service's cookies gone
    const before = (await context.cookies()).find((c) => c.name === 'migu_consent').value;
    await page.evaluate(() => window.MiguConsent.update({ analytics: false }));
    await until(async () => (await context.cookies()).find((c) => c.name === 'migu_consent')?.value !== before, () => 'the withdrawal was not stored');
    await until(async () => !(await context.cookies()).some((c) => c.name === 'sid' || c.name === '_ga_x'),
      async () => 'the withdrawn service\'s cookies are still there');
    assert.equal(server.check({ cookie: await header(context) }).state.categories.analytics, false, 'the server reads the withdrawal');
    // reset: the consent cookie goes
    await page.evaluate(() => window.MiguConsent.reset());
    await waitForCookie(context, 'migu_consent', { present: false });
    assert.deepEqual(errors, []);
    assert.deepEqual(logged, []);
    await context.close();
  });
}

test('an enumerable function on Object.prototype: Reject all is stored too, and the page after it shows no banner', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/legacy.html`, (route) => route.fulfill({ contentType: 'text/html', body: pageWith(POLLUTIONS['an enumerable function on Object.prototype']) }));
  await page.goto(`${h.base}/generated/legacy.html`);
  await page.locator('migu-consent [part=banner]').getByRole('button', { name: 'Reject all' }).click();
  await waitForCookie(context, 'migu_consent');
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await page.locator('migu-consent [part=banner]').count(), 0);
  assert.deepEqual(await page.evaluate(() => [window.MiguConsent.get().decided, window.MiguConsent.get().categories.analytics]), [true, false]);
  assert.equal(server.check({ cookie: await header(context) }).state.decided, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('option names on Object.prototype (a query parser\'s `?__proto__[dnt]=ignore`) set no option the site did not: GPC still honoured, no receipts to the attacker', async () => {
  const { context, page, errors, settle } = await newTrackedPage(h.browser);
  await withSignals(context);
  const sent = [];
  await context.route('https://evil.example/**', (route) => { sent.push(route.request().url()); return route.fulfill({ status: 204 }); });
  const pollution = 'Object.prototype.dnt = "ignore"; Object.prototype.receiptEndpoint = "https://evil.example/collect";'
    + ' Object.prototype.cookieDomain = "example"; Object.prototype.revoke = "none";';
  await context.route(`${h.base}/generated/legacy.html`, (route) => route.fulfill({ contentType: 'text/html', body: pageWith(pollution) }));
  await page.goto(`${h.base}/generated/legacy.html`);
  // the signal decides: no banner, the notice; everything but necessary off
  await page.locator('migu-consent [part=signal-notice]').waitFor();
  assert.equal(await page.locator('migu-consent [part=banner]').count(), 0);
  assert.deepEqual(await page.evaluate(() => [window.MiguConsent.get().source, window.MiguConsent.get().categories.analytics]), ['signal', false]);
  // a choice of the visitor's: stored on this host, and no receipt anywhere (the site set no endpoint)
  await page.evaluate(() => window.MiguConsent.update({ analytics: true }));
  await waitForCookie(context, 'migu_consent');
  await settle();
  assert.deepEqual(sent, []);
  assert.deepEqual((await context.cookies()).filter((c) => c.name === 'migu_consent').map((c) => c.domain), ['127.0.0.1']);
  assert.deepEqual(errors, []);
  await context.close();
});
