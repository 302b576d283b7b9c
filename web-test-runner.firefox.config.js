// Debian's firefox-esr via puppeteer-core + WebDriver BiDi (playwright's firefox needs its own patched build).
import { chromeLauncher } from '@web/test-runner-chrome';
import puppeteer from 'puppeteer-core';
import base from './web-test-runner.config.js';
import { firefoxPath } from './scripts/browsers.mjs';

const launchOptions = { browser: 'firefox', executablePath: firefoxPath, headless: true };
// passing `puppeteer` makes the launcher name itself "Firefox"
const firefox = chromeLauncher({ puppeteer, launchOptions });
const firefoxPrivacy = chromeLauncher({
  puppeteer,
  launchOptions,
  createPage: async ({ context }) => {
    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ DNT: '1', 'Sec-GPC': '1' });
    await page.evaluateOnNewDocument(() => {
      Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' });
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });
    });
    return page;
  },
});

export default {
  ...base,
  browsers: [firefox],
  groups: base.groups.map((g) => (g.name === 'privacy-signals' ? { ...g, browsers: [firefoxPrivacy] } : g)),
  testFramework: { config: { timeout: 10000 } },
};
