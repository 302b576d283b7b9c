// Shared end-to-end harness: a local server for the repo, Chromium, and contexts
// in which every tracker request is recorded and answered locally (never the network).
import { chromium } from 'playwright';
import puppeteer from 'puppeteer-core';
import { startDevServer } from '@web/dev-server';
import { build } from 'esbuild';
import { chromiumArgs, chromiumPath, firefoxPath } from '../scripts/browsers.mjs';

/** Tracker hosts used by fixtures; answered by route handlers, never reached. */
export const TRACKER = /^https?:\/\/(tracker|ads|pixel)\.example\//;
const GIF = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64');

/**
 * The npm build as an app bundles it (`import { consent } from 'migu-consent'`), with `consent` as
 * `window.MiguConsent`, so that a test asks both builds the same way: the module's text, served as /app.js.
 * `contents`: another app's entry.
 */
export async function npmBuildAsGlobal(contents = "import { consent } from 'migu-consent'; window.MiguConsent = consent;") {
  const out = await build({
    stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname },
    bundle: true, write: false, format: 'esm', target: 'es2022', logLevel: 'silent',
    alias: { 'migu-consent': new URL('../dist/index.js', import.meta.url).pathname },
  });
  return out.outputFiles[0].text;
}

/**
 * Starts a server on 127.0.0.1 serving the repo root and a Chromium.
 * `middleware` (koa style) lets a suite add endpoints (receipts, slow scripts).
 */
export async function startHarness({ middleware = [], port = 0, args = [], ignoreDefaultArgs, browser: withBrowser = true } = {}) {
  const seen = [];
  const server = await startDevServer({
    config: {
      rootDir: process.cwd(), port: port || Number(process.env.E2E_PORT) || 8700 + Math.floor(Math.random() * 200), hostname: '127.0.0.1',
      middleware: [(ctx, next) => { seen.push({ path: ctx.path, headers: ctx.headers }); return next(); }, ...middleware],
    },
    readCliArgs: false, readFileConfig: false, logStartMessage: false,
  });
  const base = `http://127.0.0.1:${server.config.port}`;
  const browser = withBrowser ? await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...args], ignoreDefaultArgs }) : undefined;
  return {
    base, browser, seen,
    async stop() { await browser?.close(); await server.stop(); },
  };
}

/**
 * Debian's Firefox ESR through puppeteer-core over WebDriver BiDi (Playwright's firefox needs its
 * own patched build), for what differs between engines. `prefs`: Firefox preferences.
 */
export function launchFirefox(prefs = {}) {
  return puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true, extraPrefsFirefox: prefs });
}

/**
 * A new context where tracker requests are recorded (`tracker`, in order) and
 * answered locally, anything else off-host is aborted and recorded in `errors`,
 * and page errors are collected too.
 */
export async function newTrackedPage(browser, contextOptions = {}, { trackerScript } = {}) {
  const context = await browser.newContext(contextOptions);
  const tracker = [];
  const errors = [];
  await context.route(TRACKER, (route) => {
    const url = route.request().url();
    tracker.push(url);
    if (/\.(gif|png)(\?|$)/.test(url)) return route.fulfill({ contentType: 'image/gif', body: GIF });
    if (/\.html(\?|$)/.test(url)) return route.fulfill({ contentType: 'text/html', body: '<!doctype html><p>frame</p>' });
    const name = new URL(url).pathname.replace(/\W/g, '_');
    const body = trackerScript ?? `(window.__trackers = window.__trackers || []).push(${JSON.stringify(name)});`;
    return route.fulfill({ contentType: 'text/javascript', body });
  });
  await context.route((url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost' && !TRACKER.test(url.href) && !url.hostname.endsWith('.test'), (route) => {
    errors.push(`off-host request: ${route.request().url()}`);
    return route.abort();
  });
  const inflight = followRequests(context);
  // closing a context while one of its pages is mid-navigation (a reload on withdrawal) can leave Chromium's
  // disposal of it hanging: let each page finish its load first, for 10 s at most
  const close = context.close.bind(context);
  context.close = async (...args) => {
    const loads = context.pages().map((p) => p.waitForLoadState('load', { timeout: 10_000 }).catch(() => undefined));
    await Promise.all(loads);
    return close(...args);
  };
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, tracker, requests, errors, settle: (p = page, options) => inflight.settle(p, options) };
}

/**
 * Follows every request of a context (frames, workers' fetches and beacons included) so that a
 * test can wait until a page has settled: loaded, nothing in flight, and the page idle again
 * after the last answer was handled. That is the condition an "it did not happen" assertion
 * needs. Not Playwright's network-idle load state: a browser lifecycle event whose timing moves between builds
 * (Chromium 156 from Debian never fired it on the demo's video page).
 */
export function followRequests(context) {
  const pending = new Set();
  let quietWaiters = [];
  const finished = (request) => {
    pending.delete(request);
    if (pending.size > 0) return;
    for (const wake of quietWaiters) wake();
    quietWaiters = [];
  };
  context.on('request', (request) => { pending.add(request); });
  context.on('requestfinished', finished);
  context.on('requestfailed', finished);
  const quiet = (timeout) => (pending.size === 0 ? Promise.resolve() : new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`still in flight after ${timeout} ms: ${[...pending].map((r) => r.url()).join(', ')}`));
    }, timeout);
    quietWaiters.push(() => { clearTimeout(timer); resolve(); });
  }));
  /**
   * Lets the page handle what arrived: its tasks, then an idle period, then a frame (or 1 s: a page that renders
   * no frame, hidden or mid-navigation, has none to give). An evaluate can hang when the page goes away under it:
   * that is an error after 30 s, never a test that waits for good.
   */
  const pageIdle = (page) => {
    let timer;
    const hung = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('settle: the page did not answer an evaluate within 30 s')), 30_000);
    });
    const idle = page.evaluate(() => new Promise((resolve) => {
      requestIdleCallback(() => {
        const done = () => { clearTimeout(fallback); setTimeout(resolve); };
        const fallback = setTimeout(done, 1000);
        requestAnimationFrame(done);
      }, { timeout: 2000 });
    }));
    return Promise.race([idle, hung]).finally(() => clearTimeout(timer));
  };
  return {
    pending,
    async settle(page, { timeout = 15_000 } = {}) {
      for (let round = 0; round < 50; round++) {
        await page.waitForLoadState('load');
        await quiet(timeout);
        try {
          await pageIdle(page);
        } catch (error) {
          // a navigation (a reload on withdrawal) replaced the document meanwhile: settle the new one
          if (/context was destroyed|navigation/i.test(String(error))) continue;
          throw error;
        }
        if (pending.size === 0) return;
      }
      throw new Error(`the page kept requesting: ${[...pending].map((r) => r.url()).join(', ')}`);
    },
  };
}

/**
 * Records every migu-consent-ready and migu-consent-change in `window.__events`, as `[type, detail]`,
 * from the first script of each document. `target` is a Playwright page or context.
 */
export async function recordConsentEvents(target) {
  await target.addInitScript(() => {
    window.__events = [];
    for (const t of ['ready', 'change']) document.addEventListener(`migu-consent-${t}`, (e) => window.__events.push([t, e.detail]));
  });
}

/** Signals on: DNT and Sec-GPC headers plus the navigator properties. */
export async function withSignals(context) {
  await context.setExtraHTTPHeaders({ DNT: '1', 'Sec-GPC': '1' });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' });
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });
  });
}

/** mulberry32: a tiny seeded PRNG, so a failing generated case can be replayed from its seed. */
export function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Waits until `check()` (sync or async) is truthy, polling; fails with `message()` after `timeout`.
 * For conditions only the test side can see (a server's log, the context's cookies).
 */
export async function until(check, message = () => 'condition not met', { timeout = 10_000, every = 20 } = {}) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${typeof message === 'function' ? message() : message} (after ${timeout} ms)`);
    await new Promise((resolve) => { setTimeout(resolve, every); });
  }
}

/** Waits until the context holds (or, with `present: false`, no longer holds) a cookie of that name. */
export function waitForCookie(context, name, { present = true, timeout } = {}) {
  let names = [];
  return until(async () => {
    names = (await context.cookies()).map((c) => c.name);
    return names.includes(name) === present;
  }, () => `cookie ${name} ${present ? 'never appeared' : 'still there'} (cookies: ${names.join(', ')})`, { timeout });
}
