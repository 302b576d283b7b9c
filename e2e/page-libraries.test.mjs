// Gated markup under libraries that replace the page's body themselves (Turbo Drive, from npm): the
// <migu-consent> element is replaced with the body, and each gated script of the new body runs once,
// in order, when granted, whether the choice was made before the visit or on the new page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness } from './support.mjs';

let h;
before(async () => { h = await startHarness({ port: Number(process.env.E2E_PORT) || 0 }); });
after(async () => { await h?.stop(); });

/** Gated scripts record what ran in `window.__runs`, in order: a tracker script its path, an inline one its name. */
const RUNS = '(window.__runs = window.__runs || []).push(new URL(document.currentScript.src).pathname)';

/** A page of the Turbo site: the script build, Turbo, `<migu-consent>`, then `body`. */
const turboPage = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<script src="/dist/migu-consent.iife.js"></script>
<script src="/node_modules/@hotwired/turbo/dist/turbo.es2017-umd.js"></script></head><body>
<migu-consent revision="1" revoke="none" policy-url="/privacy"><script type="application/json">
{ "categories": [{ "id": "analytics", "services": [{ "id": "stats", "name": "Stats", "cookies": ["_st"] }] }] }
</script></migu-consent>
<h1>${title}</h1>
${body}
</body></html>`;

const PAGES = {
  'one.html': turboPage('one', `<img data-consent="marketing" data-src="https://pixel.example/one.gif" width="10" height="10" alt="">
<iframe data-consent="marketing" data-src="https://ads.example/one.html" width="100" height="50" title="v"></iframe>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/one.js"></script>
<migu-consent-gate category="marketing"><template><iframe src="https://ads.example/gate-one.html" title="g"></iframe></template></migu-consent-gate>
<a id="next" href="two.html">two</a>`),
  // An inline gated script after an external one waits for that one to load. With the UI in (page one's
  // gate brought it), the new element's runtime queues it at once, and the old one's end came after:
  // it cleared the loader's queue, which both share, and the script never ran (fixed in gating/index.ts)
  'two.html': turboPage('two', `<img data-consent="marketing" data-src="https://pixel.example/two.gif" width="10" height="10" alt="">
<iframe data-consent="marketing" data-src="https://ads.example/two.html" width="100" height="50" title="v"></iframe>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/two.js"></script>
<script type="text/plain" data-consent="analytics">window.__runs.push('two-inline');</script>
<migu-consent-gate category="analytics"><template><p>gated</p></template></migu-consent-gate>
<p>end</p>`),
};

async function openTurboSite() {
  const t = await newTrackedPage(h.browser, {}, { trackerScript: RUNS });
  await t.context.route(`${h.base}/turbo-site/*`, (route) => {
    const body = PAGES[new URL(route.request().url()).pathname.split('/').pop()];
    return body ? route.fulfill({ contentType: 'text/html; charset=utf-8', body }) : route.fulfill({ status: 404, body: '' });
  });
  await t.page.addInitScript(() => { window.__runs = []; });
  await t.page.goto(`${h.base}/turbo-site/one.html`);
  await t.page.waitForFunction(() => window.MiguConsent?.get && window.Turbo);
  return t;
}

/** Follows the Turbo link to page two, as a visitor's click: resolved once Turbo has rendered it. */
async function visitTwo(page) {
  const loaded = page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('turbo:load', () => { resolve(); }, { once: true });
  }));
  await page.click('#next');
  await loaded;
  assert.equal(await page.evaluate(() => document.title), 'two', 'Turbo rendered page two in place');
}

test('Turbo Drive, granted before the visit: the new page\'s external and inline gated scripts each run once, in order', async () => {
  const { page, context, errors, settle } = await openTurboSite();
  try {
    await page.evaluate(() => window.MiguConsent.acceptAll());
    await page.waitForFunction(() => window.__runs.includes('/one.js'));
    await settle();
    await visitTwo(page);
    // `__runs` is the page's: Turbo keeps the window across the visit
    await page.waitForFunction(() => window.__runs.includes('two-inline'), null, { timeout: 10_000 })
      .catch(() => { throw new Error('the inline gated script of page two never ran'); });
    await settle();
    assert.deepEqual(await page.evaluate(() => window.__runs), ['/one.js', '/two.js', 'two-inline']);
    assert.equal(await page.locator('migu-consent').count(), 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Turbo Drive, undecided across the visit: the new page\'s gated scripts wait, then run once, in order, on accept', async () => {
  const { page, context, errors, tracker, settle } = await openTurboSite();
  try {
    await settle();
    await visitTwo(page);
    await settle();
    assert.deepEqual(tracker, [], 'nothing requested before a choice');
    await page.evaluate(() => window.MiguConsent.acceptAll());
    await page.waitForFunction(() => window.__runs.includes('two-inline'), null, { timeout: 10_000 });
    await settle();
    // page one's script left with its body: only page two's run
    assert.deepEqual(await page.evaluate(() => window.__runs), ['/two.js', 'two-inline']);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
