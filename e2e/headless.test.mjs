// `migu-consent/core` used headless as docs/npm-and-frameworks.md shows it: the sample cut out of the
// page, completed only with what it leaves to the reader (the site config and the app's own banner),
// bundled by esbuild against the npm build's dist/headless.js as an app's bundler would, and used in
// Chromium: the events on document, a grant that runs gated markup, a withdrawal that deletes the
// service's cookies and storage, a reset that asks again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { newTrackedPage } from './support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const APP = 'http://app.test/';

let browser;
let bundle;
before(async () => {
  const page = await readFile(join(ROOT, 'docs/npm-and-frameworks.md'), 'utf8');
  const at = page.indexOf('## Headless: `migu-consent/core`');
  assert.ok(at >= 0, 'docs/npm-and-frameworks.md has its headless section');
  const sample = page.slice(at).match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(sample, 'a ts sample follows the heading');
  const app = `
const siteConfig = { categories: [{ id: 'analytics', services: [
  { id: 'stats', name: 'Stats', cookies: ['_mg_id', /^_mg_s_/], storage: ['stats_profile'] },
] }] };
const seen = (window.seen = []);
document.addEventListener('migu-consent-ready', ({ detail }) => { seen.push(['ready', detail.decided]); });
const showMyBanner = () => { seen.push(['banner']); };
const showMyPreferences = () => { seen.push(['preferences']); };
const render = (state) => { seen.push(['render', state.categories.analytics]); };
${sample}
window.runtime = runtime;
`;
  const out = await build({
    stdin: { contents: app, resolveDir: ROOT, loader: 'ts' },
    bundle: true, write: false, format: 'esm', target: 'es2022', logLevel: 'silent',
    alias: { 'migu-consent/core': join(ROOT, 'dist/headless.js') },
  });
  bundle = out.outputFiles[0].text;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});
after(async () => { await browser?.close(); });

const PAGE = `<!doctype html><html lang="en"><body>
<a href="#" data-consent-open>Privacy settings</a>
<script type="text/plain" data-consent="analytics">window.analyticsRuns = (window.analyticsRuns || 0) + 1;</script>
<script type="module" src="/app.js"></script></body></html>`;

test('the headless sample: events, a grant that runs gated markup, a withdrawal that deletes the cookies, a reset', async () => {
  const { context, page, errors, tracker } = await newTrackedPage(browser);
  try {
    await context.route(`${APP}**`, (route) => (new URL(route.request().url()).pathname === '/app.js'
      ? route.fulfill({ contentType: 'text/javascript', body: bundle })
      : route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE })));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
    await page.goto(APP);
    await page.waitForFunction(() => window.runtime);
    const seen = () => page.evaluate(() => window.seen.splice(0));
    assert.deepEqual(await seen(), [['ready', false], ['banner']], 'a first visit: ready, and the app\'s banner is asked for');

    await page.click('[data-consent-open]');
    assert.deepEqual(await seen(), [['preferences']], 'a data-consent-open link opens the app\'s preferences');

    // a grant: the change event, and the gated script runs
    await page.evaluate(() => window.runtime.update({ analytics: true }));
    await page.waitForFunction(() => window.analyticsRuns === 1);
    assert.deepEqual(await seen(), [['render', true]]);
    assert.match(await page.evaluate(() => document.cookie), /migu_consent=1\.2026-01\./, 'stored under the sample\'s revision');

    // the service writes its cookies and storage; a withdrawal deletes them and names it revoked
    await page.evaluate(() => {
      document.cookie = '_mg_id=1; path=/';
      document.cookie = '_mg_s_1=1; path=/';
      localStorage.setItem('stats_profile', '1');
      // kept across the reload that follows
      document.addEventListener('migu-consent-change', ({ detail }) => { sessionStorage.setItem('revoked', JSON.stringify(detail.revoked)); }, { once: true });
      void window.runtime.update({ analytics: false });
    });
    // the sample keeps the default revoke="reload": a script of the category had run, so the page reloads
    await page.waitForFunction(() => window.runtime && !window.analyticsRuns && sessionStorage.getItem('revoked'));
    assert.deepEqual(await page.evaluate(() => JSON.parse(sessionStorage.getItem('revoked'))), ['analytics', 'stats']);
    const after = await page.evaluate(() => ({ cookie: document.cookie, stored: localStorage.getItem('stats_profile') }));
    assert.doesNotMatch(after.cookie, /_mg_id|_mg_s_1/, 'the service\'s cookies are gone');
    assert.equal(after.stored, null, 'and its storage');
    assert.deepEqual(await seen(), [['ready', true]], 'the reloaded page: a decided visitor, no banner');

    // reset: the choice is forgotten and asked for again
    await page.evaluate(() => window.runtime.store.reset());
    assert.equal(await page.evaluate(() => window.runtime.store.prompt), true);
    assert.doesNotMatch(await page.evaluate(() => document.cookie), /migu_consent=/);
    assert.deepEqual(tracker, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
