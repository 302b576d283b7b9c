// The whole product (loader, lazily loaded UI, gating) under a strict CSP with Trusted Types:
// nonce + 'strict-dynamic' scripts, style-src 'self' (no inline styles), our policy name only.
// Banner and signal-notice paths, each with zero CSP violations, page errors and console errors.
// (Gated scripts alone under a nonce CSP are covered in gating.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness, until, withSignals } from './support.mjs';

const FIXTURE = '/e2e/fixtures/csp.html';
const STRICT = "script-src 'nonce-csp456' 'strict-dynamic'; style-src 'self'; object-src 'none'; base-uri 'none'; " +
  "require-trusted-types-for 'script'; trusted-types";
// The README asks a site to allow `migu-consent` and Lit's own `lit-html` policy.
const CSP = `${STRICT} migu-consent lit-html`;
const CSP_WITHOUT_LIT = `${STRICT} migu-consent`;

let h;
before(async () => {
  h = await startHarness({
    middleware: [(ctx, next) => {
      if (ctx.path === FIXTURE) ctx.set('Content-Security-Policy', ctx.query.withoutLit === undefined ? CSP : CSP_WITHOUT_LIT);
      return next();
    }],
  });
});
after(async () => { await h?.stop(); });

/** The fixture in a tracked page that records CSP violations (in the page) and console errors. */
async function open({ signals = false, withoutLit = false } = {}) {
  const t = await newTrackedPage(h.browser);
  if (signals) await withSignals(t.context);
  // an init script is not subject to the page's CSP; violations in shadow roots are composed events
  await t.context.addInitScript(() => {
    window.__violations = [];
    addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective}: ${e.blockedURI} ${e.sample}`.trim());
    }, true);
  });
  const consoleErrors = [];
  t.page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
  const response = await t.page.goto(`${h.base}${FIXTURE}${withoutLit ? '?withoutLit' : ''}`);
  assert.equal(response.headers()['content-security-policy'], withoutLit ? CSP_WITHOUT_LIT : CSP, 'the fixture is served under the strict CSP');
  const root = t.page.locator('migu-consent');
  const violations = () => t.page.evaluate(() => window.__violations);
  return { ...t, root, consoleErrors, violations };
}

/** Styles came through (adoptedStyleSheets, which style-src 'self' allows): the bar is fixed to the viewport. */
async function styled(locator) {
  return locator.evaluate((el) => getComputedStyle(el).position);
}

test('banner path: the lazily loaded UI renders styled, "accept all" through its button runs the gated scripts, no violation', async () => {
  const { context, page, root, tracker, errors, consoleErrors, violations } = await open();
  const banner = root.locator('[part~="banner"]');
  await banner.waitFor({ state: 'visible' });
  assert.equal(await styled(banner), 'fixed');
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined), false, 'the banner without Lit');
  assert.deepEqual(tracker, [], 'nothing gated before the choice');
  assert.deepEqual(await page.evaluate(() => window.__trackers), []);

  await banner.locator('[part~="accept-all"]').click();
  await page.waitForFunction(() => window.__trackers.length === 2);
  assert.deepEqual(await page.evaluate(() => window.__trackers), ['_csp_full_js', 'inline'], 'both gated scripts ran, in document order');
  await page.waitForFunction(() => document.querySelector('img[data-consent]').complete);
  assert.deepEqual(tracker, ['https://tracker.example/csp-full.js', 'https://pixel.example/csp.gif']);
  assert.equal(await banner.count(), 0, 'the banner is gone');
  // the re-open button without Lit, or the UI's, when the pointer left on the button has the UI take it over
  await page.waitForFunction(() => {
    const reopen = document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part~="reopen"]');
    return reopen?.isConnected && getComputedStyle(reopen).position === 'fixed';
  });
  assert.ok((await page.evaluate(() => window.__events.at(-1))).includes('analytics'));

  // the preferences dialog renders too (its markup comes through lit-html's templates, not innerHTML)
  await root.locator('[part~="reopen"]').click();
  await root.locator('[part~="preferences"]').waitFor({ state: 'visible' });
  // 'strict-dynamic' would admit it anyway; a nonce-only policy needs the loader's nonce carried over
  assert.equal(await page.evaluate(() => document.querySelector('script[src*="/migu-consent.ui.js?"]')?.nonce), 'csp456');
  assert.equal(await root.locator('[part~="preferences"] input[role="switch"][name="analytics"]').isChecked(), true);

  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('returning visitor: the re-open button without Lit renders styled with the nonce, and the UI takes it over, no violation', async () => {
  const { context, page, root, errors, consoleErrors, violations } = await open();
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.reload();
  const reopen = root.locator('[part~="reopen"]');
  await reopen.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined), false, 'the button came without the UI');
  // the button's file: the first stage's (returning.js) or the runtime's (reopen.js), each with the loader's nonce
  const nonces = await page.evaluate(() => [...document.querySelectorAll('script[src*="/migu-consent."]')]
    .filter((s) => !s.src.endsWith('.iife.js')).map((s) => [s.src.split('/').pop().replace(/\?v=\w+$/, ''), s.nonce]));
  assert.ok(nonces.some(([file]) => /^migu-consent\.(returning|reopen)\.js$/.test(file)), JSON.stringify(nonces));
  assert.ok(nonces.every(([, nonce]) => nonce === 'csp456'), JSON.stringify(nonces));
  assert.equal(await styled(reopen), 'fixed');
  await reopen.click();
  await root.locator('[part~="preferences"]').waitFor({ state: 'visible' });
  assert.equal(await styled(root.locator('[part~="reopen"]')), 'fixed', 'the Lit button, styled');
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('signal path: the notice renders under the CSP, its settings button opens the preferences, an explicit grant runs the gated scripts, no violation', async () => {
  const { context, page, root, tracker, errors, consoleErrors, violations } = await open({ signals: true });
  const notice = root.locator('[part~="signal-notice"]');
  await notice.waitFor({ state: 'visible' });
  assert.equal(await styled(notice), 'fixed');
  assert.equal(await root.locator('[part~="banner"]').count(), 0, 'no banner over a signal');
  assert.deepEqual(await page.evaluate(() => window.MiguConsent.get().signals), { dnt: true, gpc: true });

  await notice.locator('button').first().click();
  const dialog = root.locator('[part~="preferences"]');
  await dialog.waitFor({ state: 'visible' });
  const analytics = dialog.locator('input[role="switch"][name="analytics"]');
  assert.equal(await analytics.isChecked(), false, 'the signal denied it');
  await analytics.check();
  await dialog.locator('[part~="save"]').click();
  await page.waitForFunction(() => window.__trackers.length === 2);
  assert.deepEqual(await page.evaluate(() => window.__trackers), ['_csp_full_js', 'inline']);
  assert.deepEqual(await page.evaluate(() => { const s = window.MiguConsent.get(); return [s.source, s.categories.analytics, s.categories.marketing]; }),
    ['user', true, false]);
  assert.ok(tracker.includes('https://tracker.example/csp-full.js'));

  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('without `lit-html` allowed the UI cannot start: a clear console error, nothing thrown, gating and the API still work', async () => {
  const { context, page, errors, consoleErrors, settle } = await open({ withoutLit: true });
  try {
    await page.waitForFunction(() => window.MiguConsent.get().revision !== '');
    // the banner needs no Lit; the preferences do
    await page.locator('migu-consent [part~="customize"]').click();
    await until(() => consoleErrors.some((m) => /\[migu-consent:api\] the UI could not start.*lit-html/.test(m)), () => consoleErrors.join('\n'));
    await settle();
    assert.deepEqual(errors, [], 'nothing thrown into the page');
    await page.evaluate(() => window.MiguConsent.acceptAll());
    assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('analytics')), true);
  } finally {
    await context.close();
  }
});
