// Which Chromium the audit drives, found as the test setup finds it (scripts/browsers.mjs, which is not
// shipped): $CHROMIUM_BIN, else the system one (Debian's /usr/bin/chromium), else Playwright's own
// download (`npx playwright-core install chromium`).
import { existsSync } from 'node:fs';

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * @param {{ executablePath(): string }} chromium playwright-core's launcher
 * @returns {string | undefined} the executable, or undefined when there is none
 */
export function findChromium(chromium) {
  if (process.env.CHROMIUM_BIN) return process.env.CHROMIUM_BIN;
  const system = SYSTEM.find((path) => existsSync(path));
  if (system) return system;
  try {
    const own = chromium.executablePath();
    return existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}

export const chromiumArgs = [
  '--no-sandbox', // root in containers and CI
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking', // the browser's own requests are not the page's: keep them out of the report
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--no-first-run',
  '--metrics-recording-only',
  // navigator.webdriver stays false: a tracker that keeps quiet for automated browsers (vanilla-cookieconsent's
  // hideFromBots hides its banner from them) must behave as for a visitor, or the audit proves nothing
  '--disable-blink-features=AutomationControlled',
];

/**
 * The browser's user agent as a visitor's Chrome sends it: headless Chromium names itself
 * "HeadlessChrome", which pages read as a bot (as navigator.webdriver, above).
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<string | undefined>}
 */
export async function visitorUserAgent(browser) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    return String(await page.evaluate(() => navigator.userAgent)).replace(/HeadlessChrome/g, 'Chrome');
  } catch {
    return undefined;
  } finally {
    await context.close().catch(() => {});
  }
}
