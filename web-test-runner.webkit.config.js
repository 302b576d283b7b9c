// WebKitGTK's MiniBrowser through WebKitWebDriver (WebDriver classic) under xvfb-run:
// Playwright's WebKit build cannot be had here; Debian's webkit2gtk-driver + xvfb can.
// No header or init-script injection over WebDriver classic, so the *.privacy tests stay in
// Chromium and Firefox; everything else that is browser-neutral runs here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultReporter } from '@web/test-runner';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import base from './web-test-runner.config.js';
import { miniBrowserPath } from './scripts/browsers.mjs';
import { countReporter } from './scripts/count-reporter.mjs';

// a free port, so two runs on one machine do not meet on the driver's default 4444
const PORT = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
});

// own process group, so one kill ends xvfb-run, Xvfb, WebKitWebDriver and MiniBrowser. xvfb-run (a sh
// script) removes its /tmp/xvfb-run.* folder only when it ends by itself, never on that kill: it makes it in
// a TMPDIR of ours, which goes with the run.
const scratch = mkdtempSync(join(tmpdir(), 'migu-webkit-'));
const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${PORT}`], {
  detached: true, stdio: 'ignore', env: { ...process.env, TMPDIR: scratch },
});
process.on('exit', () => {
  try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* already gone */ }
  rmSync(scratch, { recursive: true, force: true });
});
for (let i = 0; i < 100; i++) { // wait until the driver listens
  const ok = await new Promise((r) => connect(PORT, '127.0.0.1').on('connect', function () { this.end(); r(true); }).on('error', () => r(false)));
  if (ok) break;
  await new Promise((r) => setTimeout(r, 100));
}

/**
 * The stock `setViewport` and `sendKeys` commands know only Playwright and Puppeteer (sendKeys over
 * WebDriver: press and type only). WebDriver classic can do both: window rect and key actions.
 * This plugin wraps the stock ones for WebDriver sessions, so the tests stay browser-neutral;
 * media emulation it cannot do, and says so clearly.
 */
function webdriverCommands() {
  // WebDriver's code points for named keys; single characters stand for themselves
  const named = {
    Backspace: '\uE003', Tab: '\uE004', Enter: '\uE007', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A',
    Escape: '\uE00C', Space: ' ', PageUp: '\uE00E', PageDown: '\uE00F', End: '\uE010', Home: '\uE011',
    ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015', Delete: '\uE017', Meta: '\uE03D',
  };
  const keyValue = (name) => named[name] ?? name;
  const keyActions = (actions) => [{ type: 'key', id: 'keyboard', actions }];
  const handlers = {
    'emulate-media'() {
      // the stock message here speaks of the viewport; the tests skip on this error
      throw new Error('WebDriver classic cannot emulate media features (prefers-color-scheme) in MiniBrowser');
    },
    async 'set-viewport'(driver, { width, height }) {
      // the window rect includes the toolbar around the view, and a resize reaches the page a moment
      // later: set the window, wait for the page to see it, correct by the difference
      const inner = () => driver.execute(() => [window.innerWidth, window.innerHeight]);
      let [w, h] = await inner();
      for (let attempt = 0; attempt < 3 && (w !== width || h !== height); attempt++) {
        const { width: outerW, height: outerH } = await driver.getWindowSize();
        await driver.setWindowSize(outerW + width - w, outerH + height - h);
        for (let i = 0; i < 20; i++) {
          await new Promise((r) => setTimeout(r, 25));
          const [w2, h2] = await inner();
          if (w2 !== w || h2 !== h) { [w, h] = [w2, h2]; break; }
        }
      }
      // MiniBrowser's toolbar keeps its window ~450 px wide or more: say so rather than test another size
      if (w !== width || h !== height) throw new Error(`MiniBrowser cannot show a ${width} x ${height} viewport (got ${w} x ${h})`);
      return true;
    },
    async 'send-keys'(driver, payload) {
      if ('down' in payload) await driver.performActions(keyActions([{ type: 'keyDown', value: keyValue(payload.down) }]));
      else if ('up' in payload) await driver.performActions(keyActions([{ type: 'keyUp', value: keyValue(payload.up) }]));
      else {
        const keys = 'press' in payload ? [keyValue(payload.press)] : [...payload.type];
        // one input source id for all, so a held Shift applies to the keys pressed while it is down
        await driver.performActions(keyActions(keys.flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }])));
      }
      return true;
    },
  };
  return {
    name: 'webdriver-commands',
    serverStart({ config }) {
      for (const plugin of config.plugins) {
        if (!['set-viewport-command', 'send-keys-command', 'emulate-media-command'].includes(plugin.name)) continue;
        const stock = plugin.executeCommand;
        plugin.executeCommand = function (args) {
          const handle = handlers[args.command];
          if (handle && args.session.browser.type === 'webdriver') return handle(args.session.browser.driver, args.payload);
          return stock.call(this, args);
        };
      }
    },
  };
}

export default {
  ...base,
  files: ['test/**/*.test.ts', '!test/**/*.privacy.test.ts'], // test/ mirrors src/: every folder
  groups: [],
  reporters: [defaultReporter(), countReporter()],
  concurrency: 1, // WebKitWebDriver allows a single session
  browsers: [
    webdriverLauncher({
      hostname: '127.0.0.1',
      port: PORT,
      logLevel: 'warn',
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true, // no WebDriver BiDi in WebKitGTK; wdio 9 asks for it by default
        'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
      },
    }),
  ],
  plugins: [...base.plugins, webdriverCommands()],
  testFramework: { config: { timeout: 10000 } },
};
