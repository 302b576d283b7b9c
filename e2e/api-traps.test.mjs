// API traps that must fail loudly, in a real browser: a typo in update() answers nothing for the
// user, and a cookie-domain copied from production does not bring the banner back on every load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness, until } from './support.mjs';

let h;
before(async () => {
  h = await startHarness({
    middleware: [(ctx, next) => {
      if (ctx.path !== '/traps-receipts') return next();
      ctx.status = 204;
      return undefined;
    }],
  });
});
after(async () => { await h?.stop(); });

const banner = (page) => page.locator('migu-consent').locator('[part~=banner]');

/** A page whose console messages from the library are collected. */
async function open(file) {
  const tracked = await newTrackedPage(h.browser);
  const logged = [];
  tracked.page.on('console', (m) => { if (m.text().startsWith('[migu-consent')) logged.push(`${m.type()} ${m.text()}`); });
  await tracked.page.goto(`${h.base}/e2e/fixtures/${file}`);
  await banner(tracked.page).waitFor({ state: 'visible' });
  return { ...tracked, logged };
}

test('update() with a typo on a first visit records nothing: the banner stays, no cookie, no receipt', async () => {
  const { context, page, errors, logged } = await open('api-traps.html');
  const posted = [];
  page.on('request', (r) => { if (r.url().endsWith('/traps-receipts')) posted.push(JSON.parse(r.postData()).action); });
  const state = await page.evaluate(() => window.MiguConsent.update({ analytcs: true }));
  assert.equal(state.decided, false);
  assert.ok(logged.some((t) => t.includes('update(): ignored: "analytcs" is unknown (did you mean "analytics"?); known: categories necessary')), logged.join('\n'));
  // a real decision next: its receipt is the first and only one (the queue is sent oldest first)
  const receipt = page.waitForResponse((r) => r.url().endsWith('/traps-receipts'));
  assert.ok(await banner(page).isVisible(), 'the banner stays');
  assert.deepEqual((await context.cookies()).map((c) => c.name), [], 'no consent cookie');
  await page.evaluate(() => window.MiguConsent.update({ analytics: true }));
  await receipt;
  assert.deepEqual(posted, ['update']);
  assert.equal(JSON.parse((await receipt).request().postData()).categories.analytics, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a cookie-domain that does not cover the host warns once, falls back to a host-only cookie, and the choice persists', async () => {
  const { context, page, errors, logged } = await open('cookie-domain.html');
  // said by the runtime, which comes after the banner
  await until(() => logged.some((t) => t.includes('cookie-domain')), () => logged.join('\n'));
  await page.evaluate(() => window.MiguConsent.whenGranted('necessary'));
  assert.deepEqual(logged.filter((t) => t.includes('cookie-domain')), [
    'warning [migu-consent:option] cookie-domain: ".migu.cn" does not cover this page\'s host "127.0.0.1": the browser would refuse the consent cookie; a host-only cookie is used instead',
  ]);
  await page.locator('migu-consent').locator('[part~=accept-all]').first().click();
  await page.waitForFunction(() => document.cookie.includes('migu_consent='));
  const [cookie] = (await context.cookies()).filter((c) => c.name === 'migu_consent');
  assert.equal(cookie.domain, '127.0.0.1', 'host-only');
  await page.reload();
  // a returning visitor gets the re-open button; without a stored choice the banner would come back
  await page.locator('migu-consent [part~=reopen], migu-consent [part~=banner]').first().waitFor();
  assert.equal(await banner(page).count(), 0, 'no banner the second time');
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true);
  assert.deepEqual(errors, []);
  await context.close();
});
