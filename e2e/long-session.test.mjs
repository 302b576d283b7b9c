// An app that runs for hours and removes its routes (an SPA's router): what gating ran must not keep them.
// Before, every gated script that had run was kept for the page's life, and with it the route around it,
// whole (long-SPA probe F1: +24 DOM nodes per route in a React app). Counted with Chromium's DOM counters
// after a forced garbage collection, for the script build and the npm build, with inline and external scripts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, npmBuildAsGlobal, startHarness } from './support.mjs';

let h;
let npmJs;
before(async () => {
  h = await startHarness();
  npmJs = await npmBuildAsGlobal();
});
after(async () => { await h?.stop(); });

const ROUTES = 150;

/** A page of `build` whose `route(i)` puts a new `<main>` holding gated scripts in place of the last one. */
const appPage = (build) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>app</title>
${build === 'npm' ? '<script type="module" src="/app/app.js"></script>' : '<script src="/dist/migu-consent.iife.js"></script>'}</head><body>
<migu-consent revision="1" revoke="reload" policy-url="/privacy"></migu-consent>
<script>
  window.__runs = 0;
  window.route = (i) => {
    const main = document.createElement('main');
    // a route's worth of markup around the scripts: what a kept script kept
    main.innerHTML = '<h1>route ' + i + '</h1>' + '<p>text</p>'.repeat(20)
      + '<script type="text/plain" data-consent="analytics">window.__runs++<\\/script>'
      + '<script type="text/plain" data-consent="analytics" src="https://tracker.example/route.js?' + i + '"><\\/script>';
    document.querySelector('main')?.remove();
    document.body.append(main);
  };
</script></body></html>`;

/**
 * A tracked page that serves `body` as /app/index.html (and the npm build as /app/app.js), opened once the page
 * API is there; `nodes()` counts its DOM nodes after a forced garbage collection.
 */
async function openApp(body, trackerOptions) {
  const tracked = await newTrackedPage(h.browser, {}, trackerOptions);
  const { context, page } = tracked;
  await context.route(`${h.base}/app/*`, (route) => (route.request().url().endsWith('.js')
    ? route.fulfill({ contentType: 'text/javascript', body: npmJs })
    : route.fulfill({ contentType: 'text/html; charset=utf-8', body })));
  const cdp = await context.newCDPSession(page);
  const nodes = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Memory.getDOMCounters')).nodes;
  };
  await page.goto(`${h.base}/app/index.html`);
  await page.waitForFunction(() => window.MiguConsent?.get);
  return { ...tracked, nodes };
}

for (const build of ['script', 'npm']) {
  test(`${build} build: ${ROUTES} routes, each with gated scripts that ran, removed in turn: the DOM does not grow with them; a withdrawal still reloads`, async () => {
    const { context, page, errors, settle, nodes } = await openApp(appPage(build), { trackerScript: '(window.__ext = (window.__ext || 0) + 1)' });
    await page.evaluate(() => window.MiguConsent.acceptAll());
    // a first round, so that what is made once (the runtime's, the UI's) is counted before
    for (let i = 0; i < 10; i++) {
      await page.evaluate((n) => { window.route(n); }, i);
      await page.waitForFunction((n) => window.__runs === n + 1 && window.__ext === n + 1, i);
    }
    await settle();
    const start = await nodes();
    for (let i = 10; i < 10 + ROUTES; i++) {
      await page.evaluate((n) => { window.route(n); }, i);
      await page.waitForFunction((n) => window.__runs === n + 1 && window.__ext === n + 1, i);
    }
    await settle();
    const end = await nodes();
    console.log(`# ${build}: DOM nodes ${start} -> ${end}`);
    // a route is 46 nodes; kept, 150 of them were some 6,900
    assert.ok(end - start < 200, `DOM nodes ${start} -> ${end} over ${ROUTES} routes`);
    // what ran is still known: withdrawing its category reloads the page (revoke="reload")
    const reloaded = page.waitForEvent('load');
    await page.evaluate(() => { setTimeout(() => { void window.MiguConsent.update({ analytics: false }); }); });
    await reloaded;
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** A page of `build` whose `route(i)` puts a new `<main>` holding a `<migu-consent-gate>` in place of the last one. */
const gatePage = (build) => appPage(build).replace(/window\.route = [^]*?\n {2}\};/, `window.route = (i) => {
    const main = document.createElement('main');
    main.innerHTML = '<h1>route ' + i + '</h1>' + '<p>text</p>'.repeat(20)
      + '<migu-consent-gate category="marketing"><template><p class="ad">ad ' + i + '</p></template></migu-consent-gate>';
    document.querySelector('main')?.remove();
    document.body.append(main);
  };`);

for (const build of ['script', 'npm']) {
  test(`${build} build: ${ROUTES} routes, each with a <migu-consent-gate> showing its placeholder (refused), removed in turn: the DOM does not grow with them`, async () => {
    const html = gatePage(build);
    assert.match(html, /migu-consent-gate category="marketing"/);
    const { context, page, errors, settle, nodes } = await openApp(html);
    await page.evaluate(() => window.MiguConsent.rejectAll());
    const placeholder = (n) => {
      const gate = document.querySelector('main migu-consent-gate');
      return document.querySelector('main h1')?.textContent === `route ${n}` && !!gate?.shadowRoot?.querySelector('[part=placeholder]');
    };
    for (let i = 0; i < 10; i++) {
      await page.evaluate((n) => { window.route(n); }, i);
      await page.waitForFunction(placeholder, i);
    }
    await settle();
    const start = await nodes();
    for (let i = 10; i < 10 + ROUTES; i++) {
      await page.evaluate((n) => { window.route(n); }, i);
      await page.waitForFunction(placeholder, i);
    }
    await settle();
    const end = await nodes();
    console.log(`# ${build} gates: DOM nodes ${start} -> ${end}`);
    assert.ok(end - start < 200, `DOM nodes ${start} -> ${end} over ${ROUTES} routes`);
    assert.equal(await page.locator('.ad').count(), 0, 'refused: no gated content');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
