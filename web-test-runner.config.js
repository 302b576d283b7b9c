import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { defaultReporter } from '@web/test-runner';
import { chromiumArgs, chromiumPath } from './scripts/browsers.mjs';
import { cloneSafeReports } from './scripts/clone-safe-reports.mjs';
import { countReporter } from './scripts/count-reporter.mjs';

const launchOptions = { executablePath: chromiumPath, headless: true, args: chromiumArgs };

/** Chromium with privacy signals on: DNT / Sec-GPC request headers and navigator overrides. */
const privacyChromium = playwrightLauncher({
  product: 'chromium',
  launchOptions,
  createBrowserContext: ({ browser }) => browser.newContext({ extraHTTPHeaders: { DNT: '1', 'Sec-GPC': '1' } }),
  createPage: async ({ context }) => {
    const page = await context.newPage();
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' });
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });
    });
    return page;
  },
});

/** key -> how often it was asked for, whether released, and the answers waiting for the release */
const held = new Map();
async function heldScripts(ctx, next) {
  const key = String(ctx.query.key ?? '');
  const entry = held.get(key) ?? { requests: 0, released: false, waiting: [] };
  held.set(key, entry);
  if (ctx.path === '/__held') {
    entry.requests++;
    if (!entry.released) await new Promise((resolve) => { entry.waiting.push(resolve); });
    ctx.type = 'text/javascript';
    ctx.body = "__gatedOrder.push(globalThis.__withdrawn ? 'held, run while withdrawn' : 'held')";
  } else if (ctx.path === '/__held-release' || ctx.path === '/__held-count') {
    if (ctx.path === '/__held-release') {
      entry.released = true;
      for (const resolve of entry.waiting.splice(0)) resolve();
    }
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ requests: entry.requests });
  } else {
    return next();
  }
  return undefined;
}

export default {
  nodeResolve: true,
  reporters: [defaultReporter(), countReporter()],
  concurrency: 1, // 2-core machine
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions })],
  // not 'auto': for a current Chromium that means esnext and leaves decorators unlowered
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
    cloneSafeReports(), // a failure on a DOM node is reported, not a stalled file
  ],
  // echoes request headers so a test can see what the browser sent
  middleware: [
    (ctx, next) => {
      if (ctx.path !== '/__headers') return next();
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(ctx.request.headers);
    },
    // a script held until the test releases it (/__held?key=K, /__held-release?key=K; /__held-count?key=K):
    // a tracker still downloading when its category is withdrawn. It pushes 'held' to __gatedOrder as it runs
    heldScripts,
    // an empty script answered after ?ms= milliseconds: a parser-blocking script holds a page's parsing
    async (ctx, next) => {
      if (ctx.path !== '/__hold') return next();
      await new Promise((resolve) => { setTimeout(resolve, Math.min(Number(ctx.query.ms) || 0, 3000)); });
      ctx.type = 'text/javascript';
      ctx.body = '';
    },
  ],
  // default group (files given on the command line replace these); the signals group always runs too
  files: ['test/**/*.test.ts', '!test/**/*.privacy.test.ts'],
  groups: [{ name: 'privacy-signals', files: 'test/**/*.privacy.test.ts', browsers: [privacyChromium] }],
  testFramework: { config: { timeout: 5000 } },
  // Lit's development build (what tests import: its extra checks) says "Lit is in dev mode" once per test file,
  // 59 lines that buried the results; marked as said, its other warnings still come
  testRunnerHtml: (testFramework) => `<!doctype html><html><body><script>globalThis.litIssuedWarnings = new Set(['dev-mode']);</script><script type="module" src="${testFramework}"></script></body></html>`,
  // a safety net for a hung browser, not a time a file should take: the accessibility file (axe on
  // ~30 layouts) ran past the default 120 s in WebKitGTK on a loaded machine; Firefox and WebKit spread this
  testsFinishTimeout: 300_000,
};
