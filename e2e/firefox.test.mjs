// The script build in Firefox ESR, where its engine differs from Chromium's (support.mjs: launchFirefox).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox, startHarness, until } from './support.mjs';

let h;
let ff;
/** Requests for the check file wait here until a test lets them go. */
const held = [];
before(async () => {
  h = await startHarness({
    browser: false,
    port: 8382,
    middleware: [async (ctx, next) => {
      if (ctx.path === '/dist/migu-consent.check.js' && ctx.query.hold === undefined && held.hold) {
        await new Promise((resolve) => { held.push(resolve); });
      }
      if (ctx.path === '/no-content') { ctx.status = 204; return undefined; }
      return next();
    }],
  });
  ff = await launchFirefox();
});
after(async () => { for (const go of held.splice(0)) go(); await ff?.close(); await h?.stop(); });

/** A page whose console output is kept; the loader fixture has no policy-url, so the check file comes once the page is idle. */
async function loaderPage() {
  const page = await ff.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => { consoleErrors.push(String(e)); });
  held.hold = true;
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await until(() => held.length > 0, 'the check file was never requested');
  return { page, consoleErrors };
}

const files = () => h.seen.map((r) => r.path).filter((p) => /migu-consent\.(check|runtime)\.js$/.test(p));

test('leaving a page while its check file loads: Firefox fails the load, which is not reported, and the runtime is not fetched for it', async () => {
  h.seen.length = 0;
  const { page, consoleErrors } = await loaderPage();
  held.hold = false;
  await page.goto(`${h.base}/e2e/fixtures/loader.html?next`);
  for (const go of held.splice(0)) go();
  // the next page's own check comes once it is idle: the left page's reaction came before, as it was left
  await until(() => files().filter((p) => p.endsWith('check.js')).length >= 2, () => files().join(', '));
  assert.deepEqual(consoleErrors.filter((m) => /could not load/.test(m)), []);
  // (the next page's check then brings its own runtime: there is no policy-url)
  const check = '/dist/migu-consent.check.js';
  assert.deepEqual(files().slice(0, files().indexOf(check, 1) + 1), [check, check], 'no runtime fetched by the page that left');
  await page.close();
});

test('a leave that does not happen (a link answered 204): the file whose load Firefox ended is fetched again, and nothing is reported', async () => {
  h.seen.length = 0;
  const { page, consoleErrors } = await loaderPage();
  await page.evaluate(() => { location.href = '/no-content'; });
  held.hold = false;
  await until(() => files().filter((p) => p.endsWith('check.js')).length >= 2, () => `check fetched once only: ${files().join(', ')}; ${consoleErrors.join('\n')}`);
  for (const go of held.splice(0)) go();
  // the check runs and, there being no policy-url, brings the runtime, which warns
  await until(() => files().includes('/dist/migu-consent.runtime.js'), () => files().join(', '));
  await page.waitForFunction(() => window.MiguConsent.get().decided === false);
  assert.deepEqual(consoleErrors.filter((m) => /could not load/.test(m)), []);
  assert.equal(new URL(page.url()).pathname, '/e2e/fixtures/loader.html');
  await page.close();
});
