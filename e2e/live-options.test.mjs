// Attributes of <migu-consent> set after the start, in the script build, on a returning visitor's page
// where only the first stage ran: a policy revision the page learns later (asked again, as CONTRACT
// says of a revision change), `minor` set once the user logged in (grants without a guardian count no
// more), a start-only option (reported). Network watched: a tracker request after the change is the failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness, until, waitForCookie } from './support.mjs';

let h;
before(async () => { h = await startHarness({ port: Number(process.env.E2E_PORT) || 0 }); });
after(async () => { await h?.stop(); });

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>live options</title>
<script>window.__changes = []; document.addEventListener('migu-consent-change', (e) => { window.__changes.push(e.detail); });</script>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revision="1" revoke="none" policy-url="/privacy"></migu-consent>
<img id="gated" width="10" height="10" data-consent="marketing" data-src="https://pixel.example/first.gif" alt="">
</body></html>`;

/** A returning visitor who accepted all, on a page where only the first stage ran (the runtime is not fetched). */
async function returning() {
  const t = await newTrackedPage(h.browser);
  const warnings = [];
  t.page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  await t.context.route(`${h.base}/live/**`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE }));
  await t.page.goto(`${h.base}/live/page.html`);
  await t.page.evaluate(() => window.MiguConsent.acceptAll());
  await waitForCookie(t.context, 'migu_consent');
  await t.page.reload();
  await t.page.waitForFunction(() => document.getElementById('gated').complete && document.getElementById('gated').naturalWidth > 0);
  await t.settle();
  const runtimeFetched = await t.page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('migu-consent.runtime.js')));
  assert.equal(runtimeFetched, false, 'only the first stage ran: the case where nothing else would see the attribute');
  return { ...t, warnings };
}

/** Inserts a gated pixel now, waits until the page settled, and says whether the tracker saw it. */
async function laterPixelRequested(t, name) {
  await t.page.evaluate((src) => {
    const img = document.createElement('img');
    img.setAttribute('data-consent', 'marketing');
    img.setAttribute('data-src', src);
    document.body.append(img);
  }, `https://pixel.example/${name}.gif`);
  await t.settle();
  return t.tracker.some((u) => u.includes(`${name}.gif`));
}

test('a revision set later asks again: the banner shows, nothing non-necessary is granted, a pixel inserted after is not requested', async () => {
  const t = await returning();
  const { page, context, errors } = t;
  try {
    await page.evaluate(() => { document.querySelector('migu-consent').setAttribute('revision', '2'); });
    await page.locator('migu-consent [part=banner]').waitFor({ state: 'visible' });
    const state = await page.evaluate(() => window.MiguConsent.get());
    assert.equal(state.decided, false);
    assert.equal(state.revision, '2');
    assert.equal(state.categories.marketing, false);
    const last = await page.evaluate(() => window.__changes.at(-1));
    assert.ok(last.revoked.includes('marketing'), JSON.stringify(last));
    assert.equal(await laterPixelRequested(t, 'after-revision'), false);
    // the choice under the new revision holds, and grants again
    await page.locator('migu-consent [part=banner] [part~=accept-all]').click();
    await page.locator('migu-consent [part=banner]').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => window.MiguConsent.get().revision), '2');
    assert.equal(await laterPixelRequested(t, 'after-choice'), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('minor set later (the user logged in): grants without a guardian count no more, and accept all grants nothing', async () => {
  const t = await returning();
  const { page, context, errors } = t;
  try {
    await page.evaluate(() => { document.querySelector('migu-consent').setAttribute('minor', ''); });
    await page.waitForFunction(() => window.MiguConsent.get().categories.marketing === false);
    assert.equal(await laterPixelRequested(t, 'minor'), false);
    await page.evaluate(() => window.MiguConsent.acceptAll());
    assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.marketing), false);
    assert.equal(await laterPixelRequested(t, 'minor-accept-all'), false);
    assert.ok(t.warnings.some((w) => w.includes('under 14')), t.warnings.join('\n'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('policy-url set later is the banner link; a start-only option set later (cookie-name) is reported and changes nothing on this page', async () => {
  const t = await returning();
  const { page, context, errors } = t;
  try {
    // the runtime a later attribute brings starts with the attributes as they are then: policy-url first
    await page.evaluate(() => { document.querySelector('migu-consent').setAttribute('policy-url', '/privacy-v2'); });
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('migu-consent.runtime.js')));
    await page.waitForFunction(() => document.querySelector('migu-consent')[Symbol.for('migu-consent.runtime')] !== undefined);
    await page.evaluate(() => { document.querySelector('migu-consent').setAttribute('cookie-name', 'other_consent'); });
    await until(() => t.warnings.some((w) => w.includes('cookie-name: read when the page starts')), () => t.warnings.join('\n'));
    const state = await page.evaluate(() => window.MiguConsent.get());
    assert.equal(state.decided, true);
    assert.equal(state.categories.marketing, true);
    assert.equal(await laterPixelRequested(t, 'same-cookie'), true);
    await page.evaluate(() => window.MiguConsent.showBanner());
    const link = page.locator('migu-consent [part=banner] a[href*="privacy"]');
    assert.equal(new URL(await link.getAttribute('href'), h.base).pathname, '/privacy-v2');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('options set as properties before the UI is there (el.minor = true, el.revoke, el.revision): written to their attributes and applied, with only the first stage and with the runtime in', async () => {
  const t = await returning();
  const { page, context, errors } = t;
  try {
    const el = 'document.querySelector("migu-consent")';
    // only the first stage: minor as a property, as a page script does once the user logged in
    await page.evaluate(`${el}.minor = true`);
    await page.waitForFunction(() => window.MiguConsent.get().categories.marketing === false);
    assert.deepEqual(await page.evaluate(`[${el}.hasAttribute('minor'), ${el}.minor, !!customElements.get('migu-consent')?.prototype.requestUpdate]`), [true, true, false],
      'the attribute written, the UI not in');
    assert.equal(await laterPixelRequested(t, 'minor-prop'), false);
    // the runtime is in now (the attribute brought it), the UI still not: revoke and revision as properties
    await page.evaluate(`${el}.minor = false`);
    await page.waitForFunction(() => window.MiguConsent.get().categories.marketing === true);
    await page.evaluate(`${el}.revoke = 'reload'; ${el}.cookieDomain = undefined`);
    assert.deepEqual(await page.evaluate(`[${el}.getAttribute('revoke'), ${el}.hasAttribute('cookie-domain'), ${el}.revoke]`), ['reload', false, 'reload']);
    await page.evaluate(`${el}.revision = '2'`);
    await page.locator('migu-consent [part=banner]').waitFor({ state: 'visible' });
    assert.deepEqual(await page.evaluate(() => [window.MiguConsent.get().decided, window.MiguConsent.get().revision]), [false, '2']);
    assert.equal(await laterPixelRequested(t, 'revision-prop'), false);
    assert.equal(await page.evaluate(() => !!customElements.get('migu-consent')?.prototype.requestUpdate), false, 'all without the UI');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an option property set before the first stage found the element is written to its attribute before the decision', async () => {
  const t = await newTrackedPage(h.browser);
  try {
    // the element parsed, a script sets a property, then the first stage starts (at DOMContentLoaded: no config child)
    await t.context.route(`${h.base}/live/early.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>early</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy"></migu-consent><script>document.querySelector('migu-consent').revision = '9';</script></body></html>` }));
    await t.page.goto(`${h.base}/live/early.html`);
    await t.page.locator('migu-consent [part=banner]').waitFor({ state: 'visible' });
    assert.equal(await t.page.evaluate(() => document.querySelector('migu-consent').getAttribute('revision')), '9');
    assert.equal(await t.page.evaluate(() => window.MiguConsent.get().revision), '9');
    assert.deepEqual(t.errors, []);
  } finally {
    await t.context.close();
  }
});

test('a signal that comes later (server-signals set, dnt switched to respect) while the runtime is in and the UI not: the banner gives way to the signal notice', async () => {
  // server-signals as the server read them; dnt="ignore" switched to "respect" in a browser that sends DNT
  for (const [attribute, value, browserDnt] of [['server-signals', 'gpc', false], ['dnt', 'respect', true]]) {
    const t = await newTrackedPage(h.browser);
    try {
      if (browserDnt) await t.context.addInitScript(() => { Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' }); });
      // no policy-url: the runtime comes once the page is idle, to report it
      await t.context.route(`${h.base}/live/signal.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>signal</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent${browserDnt ? ' dnt="ignore"' : ''}></migu-consent></body></html>` }));
      await t.page.goto(`${h.base}/live/signal.html`);
      await t.page.locator('migu-consent [part=banner]').waitFor({ state: 'visible' });
      await t.page.waitForFunction(() => document.querySelector('migu-consent')[Symbol.for('migu-consent.runtime')] !== undefined);
      assert.equal(await t.page.evaluate(() => !!customElements.get('migu-consent')?.prototype.requestUpdate), false, 'the UI is not in yet');
      await t.page.evaluate(([a, v]) => { document.querySelector('migu-consent').setAttribute(a, v); }, [attribute, value]);
      await t.page.locator('migu-consent [part~=signal-notice]').waitFor({ state: 'visible' });
      assert.equal(await t.page.evaluate(() => window.MiguConsent.get().source), 'signal', attribute);
      assert.equal(await t.page.locator('migu-consent [part=banner]').count(), 0);
      assert.deepEqual(t.errors, []);
    } finally {
      await t.context.close();
    }
  }
});
