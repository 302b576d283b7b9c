// Gated markup in the script build as pages nobody else tests use it: trackers inserted the ways tag
// managers and SDKs insert them, lazy images, inline modules among classic scripts, a footer's
// privacy link opened from the keyboard. Network watched throughout: a tracker request before
// consent or after a withdrawal is the failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness, until } from './support.mjs';

let h;
before(async () => { h = await startHarness({ port: Number(process.env.E2E_PORT) || 0 }); });
after(async () => { await h?.stop(); });

/** Gated tracker scripts record their path in `window.__runs`, in the order they run. */
const RUNS = '(window.__runs = window.__runs || []).push(new URL(document.currentScript.src).pathname)';

/** A tracked page on the harness's origin with `body` after <migu-consent revoke="none">, opened and settled. */
async function open(body) {
  const t = await newTrackedPage(h.browser, {}, { trackerScript: RUNS });
  await t.context.route(`${h.base}/late/**`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>late</title><script>window.__runs = [];</script>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revision="1" revoke="none" policy-url="/privacy"></migu-consent>
${body}
</body></html>` }));
  await t.page.goto(`${h.base}/late/page.html`);
  await t.page.waitForFunction(() => window.MiguConsent?.get);
  await t.settle();
  return t;
}

test('a lazy gated image granted while off screen, then withdrawn, requests nothing when scrolled into view', async () => {
  const t = await open(`<div style="height: 5000px"></div>
<img id="gated" loading="lazy" width="10" height="10" data-consent="marketing" data-src="https://pixel.example/lazy.gif" alt="">
<img id="control" loading="lazy" width="10" height="10" src="https://pixel.example/control.gif" alt="">`);
  const { page, tracker, errors, context, settle } = t;
  try {
    await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
    // granted: its URL is set, and the browser defers it as lazy
    assert.deepEqual(await page.evaluate(() => [document.getElementById('gated').getAttribute('src'), document.getElementById('gated').complete]),
      ['https://pixel.example/lazy.gif', false]);
    await page.evaluate(() => window.MiguConsent.update({ marketing: false }));
    await settle();
    await page.evaluate(() => { document.getElementById('control').scrollIntoView(); });
    await page.waitForFunction(() => document.getElementById('control').complete);
    await settle();
    assert.ok(tracker.includes('https://pixel.example/control.gif'), 'the lazy control image loaded');
    assert.deepEqual(tracker.filter((u) => u.includes('lazy.gif')), [], 'withdrawn before it loaded: never requested');
    // granted again: it loads
    await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
    await page.waitForFunction(() => document.getElementById('gated').complete && document.getElementById('gated').naturalWidth > 0);
    assert.deepEqual(tracker.filter((u) => u.includes('lazy.gif')), ['https://pixel.example/lazy.gif']);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a responsive gated image shown, then withdrawn, requests no other candidate on a resize (srcset and <picture>)', async () => {
  const t = await open(`<img id="own" width="100" height="10" sizes="100vw" data-consent="marketing" data-src="https://pixel.example/own-fallback.gif"
  data-srcset="https://pixel.example/own-small.gif 600w, https://pixel.example/own-large.gif 2400w" alt="">
<picture><source media="(min-width: 1000px)" data-srcset="https://pixel.example/pic-wide.gif">
<img id="pic" width="100" height="10" data-consent="marketing" data-src="https://pixel.example/pic-narrow.gif" alt=""></picture>`);
  const { page, tracker, errors, context, settle } = t;
  try {
    // `own` a real picture (600 px wide, shown at a density of 2 or less), `pic` a 1 px pixel
    await context.route(/^https:\/\/pixel\.example\/own-/, (route) => {
      tracker.push(route.request().url());
      return route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="20"/>' });
    });
    await page.setViewportSize({ width: 200, height: 600 });
    await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
    await page.waitForFunction(() => ['own', 'pic'].every((id) => document.getElementById(id).complete && document.getElementById(id).naturalWidth > 0));
    await settle();
    assert.deepEqual(tracker.filter((u) => /own-|pic-/.test(u)).sort(), ['https://pixel.example/own-small.gif', 'https://pixel.example/pic-narrow.gif']);
    await page.evaluate(() => window.MiguConsent.update({ marketing: false }));
    await settle();
    await page.setViewportSize({ width: 1800, height: 600 });
    // the condition meant: the browser has applied the new viewport, and a frame went by for a new selection
    await page.waitForFunction(() => innerWidth === 1800 && matchMedia('(min-width: 1000px)').matches);
    await page.evaluate(() => new Promise((resolve) => { requestAnimationFrame(() => { requestAnimationFrame(resolve); }); }));
    await settle();
    assert.deepEqual(tracker.filter((u) => /own-|pic-/.test(u)).sort(), ['https://pixel.example/own-small.gif', 'https://pixel.example/pic-narrow.gif'],
      'withdrawn: no larger candidate, and the one shown not requested again');
    assert.deepEqual(await page.evaluate(() => ['own', 'pic'].map((id) => document.getElementById(id).naturalWidth > 0)), [true, true], 'still shown');
    // granted again: the candidate for this viewport loads
    await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
    await page.waitForFunction(() => document.getElementById('own').currentSrc.endsWith('own-large.gif') && document.getElementById('pic').currentSrc.endsWith('pic-wide.gif'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('inline gated modules run in document order among the classic scripts around them, imports and errors included', async () => {
  const t = await open(`<script type="text/plain" data-consent="analytics">window.__runs.push('classic-1')</script>
<script type="text/plain" data-consent="analytics" data-type="module">window.__runs.push('module-2')</script>
<script type="text/plain" data-consent="analytics">window.__runs.push('classic-3')</script>
<script type="text/plain" data-consent="analytics" data-type="module">import { name } from 'https://tracker.example/lib.mjs'; window.__runs.push(\`module-4 \${name}\`)</script>
<script type="text/plain" data-consent="analytics">window.__runs.push('classic-5')</script>
<script type="text/plain" data-consent="analytics" data-type="module">import 'https://tracker.example/missing.mjs'; window.__runs.push('never')</script>
<script type="text/plain" data-consent="analytics" data-type="module">window.__runs.push('module-7'); throw new Error('module-7 throws')</script>
<script type="text/plain" data-consent="analytics">window.__runs.push('classic-8')</script>`);
  const { page, context, errors, settle } = t;
  try {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let requested;
    const importRequested = new Promise((resolve) => { requested = resolve; });
    await context.route('https://tracker.example/lib.mjs', async (route) => {
      requested();
      await held; // module-4's import arrives only when the test says
      await route.fulfill({ contentType: 'text/javascript', body: "export const name = 'lib';" });
    });
    await context.route('https://tracker.example/missing.mjs', (route) => route.fulfill({ status: 404, body: '' }));
    await page.evaluate(() => window.MiguConsent.update({ analytics: true }));
    await importRequested;
    assert.deepEqual(await page.evaluate(() => window.__runs), ['classic-1', 'module-2', 'classic-3'], 'classic-5 waits for module-4');
    release();
    await page.waitForFunction(() => window.__runs.includes('classic-8'));
    await settle();
    assert.deepEqual(await page.evaluate(() => window.__runs), ['classic-1', 'module-2', 'classic-3', 'module-4 lib', 'classic-5', 'module-7', 'classic-8']);
    assert.deepEqual(errors, ['Error: module-7 throws'], 'the module\'s own error, nothing of ours');
  } finally {
    await context.close();
  }
});

test('relative gated URLs resolve against the page\'s <base href>, as the same markup without gating would', async () => {
  const { page, context, errors, tracker, settle } = await open(`<base href="https://tracker.example/sub/">
<script type="text/plain" data-consent="analytics" src="base.js"></script>
<img id="img" data-consent="analytics" data-src="pixel.gif" alt="">
<a id="link" href="https://www.example.test/clean" data-consent="analytics" data-href="click" data-ping="ping.gif">x</a>`);
  try {
    await page.evaluate(() => window.MiguConsent.update({ analytics: true }));
    await page.waitForFunction(() => window.__runs.includes('/sub/base.js'));
    await settle();
    assert.ok(tracker.includes('https://tracker.example/sub/pixel.gif'), tracker.join(', '));
    assert.equal(await page.evaluate(() => document.getElementById('link').href), 'https://tracker.example/sub/click');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a <base href> injected after the markup (a comment field) moves none of it: a deferred loader\'s files, a gated script of the head, the receipts, whatever the base\'s host answers', async () => {
  const t = await newTrackedPage(h.browser, {}, { trackerScript: RUNS });
  const { page, context, errors, tracker, requests, settle } = t;
  const receipts = [];
  await context.route(`${h.base}/api/receipts`, (route) => { receipts.push(route.request().method()); return route.fulfill({ status: 204 }); });
  for (const defer of ['', 'defer ']) {
    await context.route(`${h.base}/base/page.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>base</title><script>window.__runs = [];</script>
<script ${defer}src="/dist/migu-consent.iife.js"></script>
<script type="text/plain" data-consent="analytics" src="/e2e/fixtures/own-analytics.js"></script></head><body>
<migu-consent revision="1" revoke="none" policy-url="/privacy" receipt-endpoint="/api/receipts"></migu-consent>
<p class="comment">nice! <base href="https://tracker.example/evil/"></p>
</body></html>` }));
    await context.route(`${h.base}/e2e/fixtures/own-analytics.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: 'window.__runs.push("own")' }));
    await page.goto(`${h.base}/base/page.html`);
    await page.waitForFunction(() => window.MiguConsent?.get);
    await page.evaluate(() => window.MiguConsent.acceptAll());
    await page.waitForFunction(() => window.__runs.includes('own'));
    await until(() => receipts.length > 0, () => `${defer}: the receipt is sent to the site`);
    await settle();
    assert.deepEqual(tracker, [], `${defer}: nothing requested from the injected base's host`);
    assert.ok(requests.some((u) => u.startsWith(`${h.base}/dist/migu-consent.runtime.js?`)), `${defer}: the runtime from the loader's folder`);
    await context.clearCookies();
    receipts.length = 0;
    await context.unroute(`${h.base}/base/page.html`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('markup that shadows document.baseURI (<img name="baseURI">): the loader\'s files load, choices are made, and the host guard still blocks', async () => {
  const t = await newTrackedPage(h.browser, {}, { trackerScript: RUNS });
  const { page, context, errors } = t;
  const config = { categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['ads.example'] }] }] };
  await context.route(`${h.base}/clobbered/page.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>baseURI</title><script>window.__runs = [];</script>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<p class="comment"><img name="baseURI" alt=""></p>
<migu-consent revision="1" revoke="none" policy-url="/privacy"><script type="application/json">${JSON.stringify(config)}</script></migu-consent>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/stats.js"></script>
</body></html>` }));
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  await page.goto(`${h.base}/clobbered/page.html`);
  assert.equal(await page.evaluate(() => typeof document.baseURI), 'object', 'the markup shadows the property');
  await page.waitForFunction(() => window.MiguConsent?.get);
  const blocked = await page.evaluate(() => fetch('https://ads.example/collect', { mode: 'no-cors' }).then(() => 'sent', (e) => String(e)));
  assert.match(blocked, /blocked by migu-consent/, 'the guard still blocks the service\'s host');
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__runs.includes('/stats.js'));
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true);
  assert.deepEqual([logged, errors], [[], []]);
  await context.close();
});

test('a <base href> parsed after the loader\'s tag does not move the loader\'s files: they come from its own folder', async () => {
  const { page, context, errors, tracker, requests, settle } = await open('<base href="https://tracker.example/sub/">');
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  try {
    await page.evaluate(() => window.MiguConsent.acceptAll()); // brings the runtime
    await page.waitForFunction(() => document.querySelector('script[src*="migu-consent.runtime.js"]'));
    await settle();
    assert.ok(requests.some((u) => u.startsWith(`${h.base}/dist/migu-consent.runtime.js?`)), requests.join(', '));
    assert.deepEqual(tracker, [], 'nothing of ours from the base\'s host');
    assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), true);
    assert.deepEqual([logged, errors], [[], []]);
  } finally {
    await context.close();
  }
});

test('a returning visitor, only the first stage in: a new revision set on the element in the same task as a gated pixel is inserted holds the pixel until the visitor confirms again', async () => {
  const t = await open('<p>page</p>');
  const { page, tracker, errors, context, settle } = t;
  try {
    await page.evaluate(() => window.MiguConsent.acceptAll());
    await page.waitForFunction(() => document.cookie.includes('migu_consent='));
    const lazy = [];
    page.on('request', (r) => { if (/migu-consent\.runtime\.js/.test(r.url())) lazy.push(r.url()); });
    await page.reload();
    await page.locator('migu-consent [part=reopen]').waitFor();
    await settle();
    assert.deepEqual(lazy, [], 'only the first stage ran');
    await page.evaluate(() => {
      document.querySelector('migu-consent').setAttribute('revision', '2');
      const img = Object.assign(document.createElement('img'), { id: 'same-task', alt: '' });
      img.setAttribute('data-consent', 'marketing');
      img.setAttribute('data-src', 'https://pixel.example/same-task.gif');
      document.body.append(img);
    });
    await page.locator('migu-consent [part=banner]').waitFor({ timeout: 10_000 });
    await settle();
    assert.deepEqual(tracker, [], 'nothing loads under the old revision\'s choice');
    await page.evaluate(() => window.MiguConsent.acceptAll());
    await page.waitForFunction(() => document.getElementById('same-task').complete);
    assert.deepEqual(tracker, ['https://pixel.example/same-task.gif'], 'it loads once confirmed');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
