// The script build in frames (docs/script-tag.md, "In frames, popups and local files"): a frame of
// another site cannot keep the choice (its SameSite=Lax cookie is refused there) but works for its life,
// and a srcdoc frame shares the page's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness, until } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

const frameOf = (page) => page.frames().find((f) => f.url().endsWith('/e2e/fixtures/loader.html'));

test('a frame of another site: banner, nothing tracked before the choice, the choice works for the frame\'s life with a console error, and the next load asks again', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  // localhost and 127.0.0.1 are two sites (a page the test fulfilled itself would count as a public one,
  // whose frame of a local address Chromium refuses)
  await page.goto(`${h.base.replace('127.0.0.1', 'localhost')}/e2e/fixtures/embedding.html`);
  await until(() => frameOf(page), 'the frame never loaded');
  const banner = frameOf(page).locator('migu-consent [part=banner]');
  await banner.waitFor();
  assert.deepEqual(tracker, [], 'nothing before the choice');
  await banner.getByRole('button', { name: 'Accept all' }).click();
  await frameOf(page).waitForFunction(() => window.__trackers?.length === 1);
  assert.equal(await frameOf(page).evaluate(() => window.MiguConsent.get().categories.analytics), true);
  await until(() => logged.some((t) => t.includes('[migu-consent:storage] consent cookie migu_consent not stored (not read back: cookies refused')), () => logged.join('\n'));
  await page.reload();
  await until(() => frameOf(page), 'the frame never loaded again');
  await frameOf(page).locator('migu-consent [part=banner]').waitFor();
  assert.equal(await frameOf(page).evaluate(() => window.MiguConsent.get().decided), false, 'asked again');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a srcdoc frame shares the page\'s choice: no banner, its granted script runs', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.evaluate((base) => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><script src="${base}/dist/migu-consent.iife.js"></script>
      <script type="text/plain" data-consent="analytics" src="https://tracker.example/in-frame.js"></script>
      <migu-consent revision="1"><script type="application/json">{ "categories": [{ "id": "analytics", "services": [{ "id": "stats", "name": "Stats" }] }] }</script></migu-consent>`;
    document.body.append(frame);
  }, h.base);
  await until(() => page.frames().find((f) => f.url() === 'about:srcdoc'), 'no srcdoc frame');
  const frame = page.frames().find((f) => f.url() === 'about:srcdoc');
  await frame.waitForFunction(() => window.__trackers?.includes('_in_frame_js'));
  assert.equal(await frame.evaluate(() => window.MiguConsent.get().decided), true);
  assert.equal(await frame.locator('migu-consent [part=banner]').count(), 0, 'no banner');
  assert.deepEqual(errors, []);
  await context.close();
});
