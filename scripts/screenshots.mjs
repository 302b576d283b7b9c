// The README's pictures: the demo's banner and its preferences dialog, as a first visitor sees them.
// `npm run build && node scripts/screenshots.mjs` writes docs/images/*.png.
import { chromium } from 'playwright';
import { startDemoServer } from './serve.mjs';
import { chromiumArgs, chromiumPath } from './browsers.mjs';

const demo = await startDemoServer({ port: 0 });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 }, locale: 'zh-CN' });
  await page.goto(`${demo.base}/demo/index.html`);
  const root = page.locator('migu-consent');
  await root.locator('[part~=banner]').waitFor({ state: 'visible' });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: 'docs/images/banner.png' });
  await root.locator('[part~=banner] [part~=customize]').click();
  await root.locator('dialog[part~=preferences]').waitFor({ state: 'visible' });
  await page.screenshot({ path: 'docs/images/preferences.png' });
} finally {
  await browser.close();
  await demo.stop();
}
