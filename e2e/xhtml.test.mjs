// A page served as XHTML (`Content-Type: application/xhtml+xml`): the script build in Chromium and Firefox ESR, the
// npm build in Chromium. There `innerHTML` parses XML: Lit's template markup (unquoted attribute markers, boolean
// attributes) is no well-formed XML, and the preferences and <migu-consent-gate>, rendered by Lit, threw a SyntaxError
// while the banner without Lit worked (messy-pages probe F2; elements/xhtml.ts). The trackers are on the test server
// under /t/ (Firefox has no request routing here, as in firefox-promises.test.mjs), so the server's log is the proof
// of what was requested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { firefoxPath } from '../scripts/browsers.mjs';
import { launchFirefox, startHarness, until } from './support.mjs';

const GIF = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64');
// skipped only off CI (CI installs Firefox ESR: there a missing one fails, as the launch does)
const ci = process.env.CI === 'true' || process.env.CI === '1';
const missingFirefox = existsSync(firefoxPath) || ci ? false : `Firefox ESR not found at ${firefoxPath}`;

/**
 * Well-formed XML: the XHTML namespace, every element closed, the inline config in a CDATA section (as an XHTML
 * page writes script text). `app`: the npm build as an app's bundle, after the markup (below), instead of the script tag.
 */
const page = (app) => `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
  <meta charset="utf-8"/>
  <title>XHTML page</title>
  ${app ? '' : '<script src="/dist/migu-consent.iife.js"></script>'}
  <script type="text/plain" data-consent="analytics" src="/t/analytics.js"></script>
</head>
<body>
  <migu-consent policy-url="/p/privacy.html">
    <script type="application/json"><![CDATA[{ "categories": [
      { "id": "analytics", "services": [{ "id": "stats", "name": "Stats & Co" }] },
      { "id": "marketing", "services": [{ "id": "adnet", "name": "Ad network" }] }
    ] }]]></script>
  </migu-consent>
  <p><a href="#prefs" data-consent-open="">Cookie settings</a></p>
  <migu-consent-gate category="marketing"><template><img id="gate-pixel" data-consent="marketing" data-src="/t/gate-pixel.gif" alt=""/></template></migu-consent-gate>
  ${app ? `<script src="${app}"></script>` : ''}
</body>
</html>`;

/**
 * The npm build as an app bundles it, as /xhtml/<lit>.js (`lit`: the export condition that picks Lit's build; a dev
 * server's is `development`, whose lit-html reads another hook name). A classic script, after the elements: Chromium
 * runs no module script in an XML document (crbug.com/717643), and its XML parser gives an element of a tag defined
 * already no attributeChangedCallback (Lit's element never hears its attributes: docs/script-tag.md, XHTML).
 */
const app = (lit) => build({
  stdin: { contents: "import { consent } from 'migu-consent'; window.MiguConsent = consent;", resolveDir: new URL('..', import.meta.url).pathname },
  bundle: true, write: false, format: 'iife', target: 'es2022', logLevel: 'silent', conditions: [lit],
  alias: { 'migu-consent': new URL('../dist/index.js', import.meta.url).pathname },
}).then((out) => out.outputFiles[0].text);

let h;
const apps = {};
before(async () => {
  [apps.production, apps.development] = await Promise.all([app('production'), app('development')]);
  h = await startHarness({
    middleware: [async (ctx, next) => {
      const served = /^\/xhtml\/(page|production|development)\.xhtml$/.exec(ctx.path);
      if (served) {
        ctx.set('Cache-Control', 'no-store');
        if (ctx.query.csp) ctx.set('Content-Security-Policy', ctx.query.csp);
        ctx.type = 'application/xhtml+xml; charset=utf-8';
        ctx.body = page(served[1] === 'page' ? undefined : `/xhtml/${served[1]}.js`);
        return undefined;
      }
      const bundle = /^\/xhtml\/(production|development)\.js$/.exec(ctx.path);
      if (bundle) { ctx.type = 'text/javascript'; ctx.body = apps[bundle[1]]; return undefined; }
      if (ctx.path === '/favicon.ico') { ctx.status = 204; return undefined; }
      const m = /^\/([tp])\/(.+)$/.exec(ctx.path);
      if (!m) return next();
      ctx.set('Cache-Control', 'no-store');
      const name = m[2];
      if (name.endsWith('.gif')) { ctx.type = 'image/gif'; ctx.body = GIF; return undefined; }
      if (name.endsWith('.js')) {
        ctx.type = 'text/javascript';
        ctx.body = `(window.__trackers = window.__trackers || []).push(${JSON.stringify(name)});`;
        return undefined;
      }
      ctx.type = 'text/html';
      ctx.body = '<!doctype html><p>page</p>';
      return undefined;
    }],
  });
});
after(async () => { await h?.stop(); });

/** The tracker paths the server was asked for since `from`, in order. */
const trackers = (from) => h.seen.slice(from).map((r) => r.path).filter((p) => p.startsWith('/t/'));

/** A Chromium page of its own context, its page errors and console errors kept. */
async function chromiumPage() {
  const context = await h.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => { errors.push(String(e)); });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, errors };
}

/** The page loaded, the first stage ready, the page idle: whatever it would request before consent is asked for by then. */
async function settled(page) {
  await page.waitForFunction(() => typeof window.MiguConsent?.get === 'function' && window.MiguConsent.get().decided === false);
  await page.evaluate(() => new Promise((resolve) => { requestIdleCallback(() => requestAnimationFrame(() => setTimeout(resolve, 50)), { timeout: 2000 }); }));
}

test('an XHTML page: it is one (the XML parser), nothing gated loads before consent, and the preferences open from the banner, its analytics switch saved loads the tracker, nothing thrown', async () => {
  const from = h.seen.length;
  const { context, page, errors } = await chromiumPage();
  await page.goto(`${h.base}/xhtml/page.xhtml`);
  assert.deepEqual(await page.evaluate(() => [document.contentType, document.createElement('DIV').localName]), ['application/xhtml+xml', 'DIV'], 'the page is parsed as XML');
  await settled(page);
  assert.deepEqual(trackers(from), [], 'nothing gated requested before consent');
  await page.locator('migu-consent [part=banner] [part=customize]').click();
  const dialog = page.locator('migu-consent [part=preferences]');
  await dialog.waitFor({ state: 'visible' });
  assert.match(await dialog.locator('h2').innerText(), /\S/, 'the dialog has its title');
  assert.match(await dialog.textContent(), /Stats & Co/, 'the config read from its CDATA section, & and all');
  const analytics = dialog.locator('input[role=switch][name=analytics]');
  assert.equal(await analytics.isChecked(), false);
  await analytics.click();
  assert.equal(await analytics.isChecked(), true);
  assert.deepEqual(trackers(from), [], 'nothing before Save');
  await dialog.locator('[part=save]').click();
  await until(() => trackers(from).includes('/t/analytics.js'), () => `the tracker was not requested: ${trackers(from).join(', ')}`);
  await page.waitForFunction(() => window.__trackers?.includes('analytics.js'));
  await dialog.waitFor({ state: 'hidden' });
  const state = await page.evaluate(() => window.MiguConsent.get());
  assert.deepEqual([state.decided, state.categories.analytics, state.categories.marketing], [true, true, false]);
  assert.deepEqual(trackers(from), ['/t/analytics.js'], 'the marketing gate stays closed');
  assert.deepEqual(await page.evaluate(() => Object.keys(window).filter((k) => /PolyfillSupport/.test(k))), [], 'no hook left for another copy of Lit');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an XHTML page: a [data-consent-open] link opens the preferences, and the gate shows its placeholder, whose allow button stamps its template in', async () => {
  const from = h.seen.length;
  const { context, page, errors } = await chromiumPage();
  await page.goto(`${h.base}/xhtml/page.xhtml`);
  await settled(page);
  const placeholder = page.locator('migu-consent-gate [part=placeholder]');
  await placeholder.waitFor();
  assert.match(await placeholder.innerText(), /“Marketing”/, 'its category read');
  await page.locator('[data-consent-open]').click();
  const dialog = page.locator('migu-consent [part=preferences]');
  await dialog.waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(trackers(from), []);
  await page.locator('migu-consent-gate [part=allow]').click();
  await until(() => trackers(from).includes('/t/gate-pixel.gif'), () => `the gate's image was not requested: ${trackers(from).join(', ')}`);
  assert.equal(await page.locator('migu-consent-gate #gate-pixel').count(), 1, 'stamped in');
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.marketing), true);
  assert.deepEqual(trackers(from), ['/t/gate-pixel.gif'], 'analytics stays off');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an XHTML page under Trusted Types (require-trusted-types-for \'script\', the policies allowed): the preferences and the gate render', async () => {
  const from = h.seen.length;
  const { context, page, errors } = await chromiumPage();
  const csp = "require-trusted-types-for 'script'; trusted-types migu-consent lit-html";
  await page.goto(`${h.base}/xhtml/page.xhtml?csp=${encodeURIComponent(csp)}`);
  await settled(page);
  await page.locator('migu-consent-gate [part=placeholder]').waitFor();
  await page.locator('migu-consent [part=banner] [part=customize]').click();
  const dialog = page.locator('migu-consent [part=preferences]');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('input[role=switch][name=analytics]').click();
  await dialog.locator('[part=save]').click();
  await until(() => trackers(from).includes('/t/analytics.js'), () => `the tracker was not requested: ${trackers(from).join(', ')}`);
  assert.deepEqual(errors, []);
  // (last: the refusal is a console error too)
  assert.equal(await page.evaluate(() => {
    try {
      document.createElement('template').innerHTML = '<b/>';
      return 'a string was taken';
    } catch (e) {
      return e.name;
    }
  }), 'TypeError', 'Trusted Types enforced');
  await context.close();
});

for (const lit of ['production', 'development']) {
  test(`the npm build on an XHTML page (Lit's ${lit} build): the banner, the preferences and the gate render, the switch saved loads the tracker, nothing thrown`, async () => {
    const from = h.seen.length;
    const { context, page, errors } = await chromiumPage();
    await page.goto(`${h.base}/xhtml/${lit}.xhtml`);
    await page.waitForFunction(() => typeof window.MiguConsent?.get === 'function');
    await page.locator('migu-consent-gate [part=placeholder]').waitFor();
    await page.locator('migu-consent [part=customize]').click();
    const dialog = page.locator('migu-consent [part=preferences]');
    await dialog.waitFor({ state: 'visible' });
    assert.deepEqual(trackers(from), [], 'nothing gated requested before consent');
    await dialog.locator('input[role=switch][name=analytics]').click();
    await dialog.locator('[part=save]').click();
    await until(() => trackers(from).includes('/t/analytics.js'), () => `the tracker was not requested: ${trackers(from).join(', ')}`);
    assert.deepEqual(await page.evaluate(() => Object.keys(window).filter((k) => /PolyfillSupport/.test(k))), [], 'no hook left for another copy of Lit');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('an XHTML page in Firefox ESR: the preferences open, the switch saved loads the tracker, the gate\'s allow button stamps its template, nothing thrown', { skip: missingFirefox }, async () => {
  const from = h.seen.length;
  const ff = await launchFirefox();
  try {
    const page = await ff.newPage();
    const errors = [];
    page.on('pageerror', (e) => { errors.push(String(e)); });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${h.base}/xhtml/page.xhtml`);
    assert.equal(await page.evaluate(() => document.contentType), 'application/xhtml+xml');
    await settled(page);
    assert.deepEqual(trackers(from), [], 'nothing gated requested before consent');
    await page.locator('migu-consent >>> [part=customize]').click();
    await page.locator('migu-consent >>> [part=preferences] input[role=switch][name=analytics]').click();
    await page.locator('migu-consent >>> [part=save]').click();
    await until(() => trackers(from).includes('/t/analytics.js'), () => `the tracker was not requested: ${trackers(from).join(', ')}; ${errors.join('\n')}`);
    await page.locator('migu-consent-gate >>> [part=allow]').click();
    await until(() => trackers(from).includes('/t/gate-pixel.gif'), () => `the gate's image was not requested: ${trackers(from).join(', ')}; ${errors.join('\n')}`);
    const { categories } = await page.evaluate(() => window.MiguConsent.get());
    assert.deepEqual([categories.analytics, categories.marketing], [true, true]);
    assert.deepEqual(errors, []);
  } finally {
    await ff.close();
  }
});
