// The demo as `npm start` runs it: its receipts go to the real collector (PGlite in a folder),
// the panel shows the stored history of the current consentId, and the CLI exports it afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { startDemoServer } from '../scripts/serve.mjs';
import { pgliteFolder, runCli, tempDir } from './receipts-support.mjs';

test('npm start: decisions are stored by the collector, shown in the panel and exported by the CLI', async () => {
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  const demo = await startDemoServer({ port: 0, receiptsData: data });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.goto(`${demo.base}/demo/`);
    await page.locator('[part="accept-all"]').first().click();
    const history = page.locator('#receipt-history li[data-receipt]');
    await history.first().waitFor();
    await page.evaluate(() => window.MiguConsent.rejectAll());
    await page.waitForFunction(() => document.querySelectorAll('#receipt-history li[data-receipt]').length === 2);
    assert.match(await history.nth(1).innerText(), /reject-all/);
    const consentId = await page.evaluate(() => window.MiguConsent.get().consentId);
    await browser.close();
    await demo.stop();
    const out = await runCli(['receipts', 'export', '--data', data, '--consent-id', consentId]);
    assert.equal(out.code, 0, out.stderr);
    const rows = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => r.action), ['accept-all', 'reject-all']);
    assert.ok(rows.every((r) => r.page === `${demo.base}/demo/` && r.storedAt));
  } finally {
    await browser.close();
    await demo.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
