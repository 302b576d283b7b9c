// Printing a page (Ctrl+P, "save as PDF") with the script build, in Chromium: the banner, the signal
// notice, the re-open button and the preferences dialog are fixed to the viewport, so printed they
// would cover the end of every page. They are left out of print; what the page put inside
// <migu-consent> (an app wrapped for the consent context) is printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>print</title><script src="/dist/migu-consent.iife.js"></script></head>
<body>
  <migu-consent><main id="app"><h1>An article</h1><p>Its text.</p></main></migu-consent>
</body>
</html>`;

/** `<migu-consent>`'s part in its shadow root: displayed or not, in the media emulated now. */
const shown = (page, part) => page.evaluate((p) => {
  const el = document.querySelector('migu-consent').shadowRoot.querySelector(`[part="${p}"]`);
  return !!el && getComputedStyle(el).display !== 'none';
}, part);

/** The page's own content inside <migu-consent>: laid out (it has a box). */
const appShown = (page) => page.evaluate(() => document.getElementById('app').getBoundingClientRect().height > 0);

/** Whether `part` is left out of print and shown on screen, with the page's content printed. */
async function leftOutOfPrint(page, part) {
  assert.equal(await shown(page, part), true, `${part} is shown on screen`);
  await page.emulateMedia({ media: 'print' });
  try {
    assert.equal(await shown(page, part), false, `${part} is not printed`);
    assert.equal(await appShown(page), true, 'the page content inside <migu-consent> is printed');
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

test('printed, the banner (without Lit and the UI\'s), the preferences dialog and the re-open button are left out, the page content inside <migu-consent> is not', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/print.html`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await page.goto(`${h.base}/generated/print.html`);

  // a first visit: the banner without Lit (the first stage's)
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]'));
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate), undefined, 'the banner without Lit');
  await leftOutOfPrint(page, 'banner');

  // the preferences dialog, open (the UI comes with it)
  await page.evaluate(() => window.MiguConsent.showPreferences());
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'));
  await leftOutOfPrint(page, 'preferences');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'));
  // the UI's banner, still asking
  await page.waitForFunction(() => document.querySelector('migu-consent').hasUpdated);
  await leftOutOfPrint(page, 'banner');

  // a returning visitor: the re-open button without Lit
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await page.reload();
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=reopen]'));
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate), undefined, 'the re-open button without Lit');
  await leftOutOfPrint(page, 'reopen');
  assert.deepEqual(errors, []);
  await context.close();
});
