// The script build's first-layer banner at 400% zoom (a 1280 x 1024 screen: 320 x 256 CSS px), in
// Chromium and Firefox ESR: the banner leaves the page behind usable and each of its buttons, reached
// with Tab, is in full view (WCAG 1.4.10 reflow, 2.4.11 focus not obscured).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox, startHarness } from './support.mjs';

let h;
let ff;
before(async () => {
  h = await startHarness();
  ff = await launchFirefox();
});
after(async () => {
  await ff?.close();
  await h?.stop();
});

/** Tabs from the banner's policy link through its three buttons; for each: its box, the bar's and what has focus. */
async function tabThroughBanner(page) {
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part="banner"] a'));
  await page.evaluate(() => { document.querySelector('migu-consent').shadowRoot.querySelector('[part="banner"] a').focus(); });
  const seen = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    // in view once the focused button's scroll has settled (the banner may be replaced by the UI's meanwhile)
    seen.push(await page.evaluate(() => new Promise((resolve) => {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const root = document.querySelector('migu-consent').shadowRoot;
        const active = root.activeElement;
        const bar = root.querySelector('[part="banner"]').getBoundingClientRect();
        const box = active?.getBoundingClientRect();
        resolve({ part: active?.getAttribute('part'), box: box && [box.top, box.bottom], bar: [bar.top, bar.bottom], height: innerHeight });
      }));
    })));
  }
  return seen;
}

function assertInView(seen, browser) {
  assert.deepEqual(seen.map((s) => s.part), ['accept-all', 'reject-all', 'customize'], `${browser}: the buttons in order`);
  for (const { part, box, bar, height } of seen) {
    assert.ok(bar[1] - bar[0] <= height / 2 + 1, `${browser}: the banner takes ${bar[1] - bar[0]} of ${height} px`);
    assert.ok(box[0] >= bar[0] - 1 && box[1] <= bar[1] + 1 && box[1] <= height, `${browser} ${part}: ${box} within the banner ${bar} and the screen`);
  }
}

test('400% zoom, Chromium: the banner takes at most half the screen, each focused button in full view', async () => {
  const context = await h.browser.newContext({ viewport: { width: 320, height: 256 } });
  const page = await context.newPage();
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  assertInView(await tabThroughBanner(page), 'Chromium');
  await context.close();
});

test('400% zoom, Firefox ESR: the same (it leaves a control partly in view as it is unless the banner scrolls it)', async () => {
  const page = await ff.newPage();
  await page.setViewport({ width: 320, height: 256 });
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  assertInView(await tabThroughBanner(page), 'Firefox');
  await page.close();
});
