// Where the test browsers are: Playwright's own Chromium when it was downloaded
// (a developer laptop), else the system one (Debian's chromium: CI and this machine).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

function playwrightChromium() {
  try {
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export const chromiumPath = process.env.CHROMIUM_BIN ?? playwrightChromium() ?? '/usr/bin/chromium';
export const firefoxPath = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
// WebKitGTK's MiniBrowser (Debian: webkit2gtk-driver pulls it in), driven by WebKitWebDriver
export const miniBrowserPath = process.env.MINIBROWSER_BIN ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export const chromiumArgs = [
  '--no-sandbox', // root on CI: playwright adds it anyway; puppeteer does not
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking', // the closed network refuses these connections, many at a time
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--no-first-run',
  '--metrics-recording-only',
];
