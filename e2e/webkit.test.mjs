// WebKitGTK (MiniBrowser through WebKitWebDriver, as web-test-runner.webkit.config.js drives it) for what only that
// engine does: several host names through WebDriver's proxy capability (every http request goes to the harness server,
// whatever its host), which is how a cookie-domain can be tried there at all (no --host-resolver-rules).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { remote } from 'webdriverio';
import { startHarness, until } from './support.mjs';
import { miniBrowserPath } from '../scripts/browsers.mjs';

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
});
const listening = (port) => new Promise((r) => connect(port, '127.0.0.1').on('connect', function () { this.end(); r(true); }).on('error', () => r(false)));

const page = (domain) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent cookie-domain="${domain}" revoke="none" policy-url="/privacy"></migu-consent></body></html>`;

// skipped only off CI (CI installs WebKitGTK: there a missing one fails, as the launch does), as npm test's webkit suite
const ci = process.env.CI === 'true' || process.env.CI === '1';
const onPath = (command) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
const missing = ci || (['WebKitWebDriver', 'xvfb-run'].every(onPath) && existsSync(miniBrowserPath)) ? false
  : `WebKitWebDriver, xvfb-run or ${miniBrowserPath} not found (apt-get install webkit2gtk-driver xvfb, or set MINIBROWSER_BIN)`;
if (missing) console.warn(`# skipping the WebKitGTK end-to-end tests: ${missing}`);

let h;
let driver;
let browser;
// xvfb-run leaves its /tmp/xvfb-run.* folder when killed: made in a scratch TMPDIR of ours, which goes with the test
const scratch = mkdtempSync(join(tmpdir(), 'migu-webkit-e2e-'));
before(async () => {
  if (missing) return;
  h = await startHarness({
    browser: false,
    middleware: [(ctx, next) => {
      if (ctx.path !== '/webkit-domain.html') return next();
      ctx.type = 'html';
      ctx.body = page(String(ctx.query.domain));
      return undefined;
    }],
  });
  const port = await freePort();
  // own process group, so one kill ends xvfb-run, Xvfb, WebKitWebDriver and MiniBrowser
  driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], { detached: true, stdio: 'ignore', env: { ...process.env, TMPDIR: scratch } });
  await until(() => listening(port), 'WebKitWebDriver never listened', { timeout: 20_000, every: 100 });
  browser = await remote({
    hostname: '127.0.0.1', port, logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser', 'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
      proxy: { proxyType: 'manual', httpProxy: h.base.replace('http://', '') },
    },
  });
});
after(async () => {
  try { await browser?.deleteSession(); } catch { /* gone */ }
  try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* gone */ }
  await h?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const open = async (host, domain) => {
  await browser.url(`http://${host}/webkit-domain.html?domain=${encodeURIComponent(domain)}`);
  await until(() => browser.execute(() => Boolean(window.MiguConsent?.get)), `${host}: no MiguConsent`);
};

for (const domain of ['.migu.test', '.MIGU.Test']) {
  test(`cookie-domain="${domain}": a choice made on one subdomain holds on another (WebKitGTK refused a Domain with a capital)`, { skip: missing }, async () => {
    await open('www.migu.test', domain);
    await browser.execute(() => window.MiguConsent.acceptAll());
    await until(() => browser.execute(() => /migu_consent=/.test(document.cookie)), 'no consent cookie on www');
    await open('music.migu.test', domain);
    assert.equal(await browser.execute(() => window.MiguConsent.get().decided), true, 'music.migu.test asks again');
    await browser.execute(() => window.MiguConsent.reset());
    await open('www.migu.test', domain);
    assert.equal(await browser.execute(() => window.MiguConsent.get().decided), false, 'the reset on music holds on www');
  });
}
