// Integrations in real pages: Google Consent Mode through the script build's
// data-google-consent-mode (dataLayer only, a fake gtag.js, never Google), and the
// presets staying out of bundles that do not use them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { newTrackedPage, startHarness, withSignals } from './support.mjs';

const FIXTURE = '/e2e/fixtures/integrations-gcm.html';
/** The fake gtag.js: notes what the data layer held when it ran. */
const FAKE_GTAG = `window.__gtagRuns = (window.__gtagRuns || 0) + 1;
window.__gtagSaw = window.dataLayer.map((e) => Array.from(e).map((x) => (x instanceof Date ? 'date' : x)));`;
const TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage'];
const all = (value) => Object.fromEntries(TYPES.map((t) => [t, value]));

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

/** The data layer as gtag.js reads it: which entries are Arguments objects, and their contents. */
const readLayer = (page) => page.evaluate(() => (window.dataLayer ?? []).map((e) => ({
  args: Object.prototype.toString.call(e) === '[object Arguments]',
  command: Array.from(e).map((x) => (x instanceof Date ? 'date' : x)),
})));
const consentCommands = (layer) => layer.filter((e) => e.command[0] === 'consent').map((e) => e.command);
const updates = (layer) => consentCommands(layer).filter((c) => c[1] === 'update').map((c) => c[2]);

async function open({ signals = false } = {}) {
  const t = await newTrackedPage(h.browser, {}, { trackerScript: FAKE_GTAG });
  if (signals) await withSignals(t.context);
  await t.page.goto(`${h.base}${FIXTURE}`);
  await t.page.waitForFunction(() => window.MiguConsent.get() && document.querySelector('migu-consent'));
  return t;
}

test('first visit: the consent default is the first command, before the site\'s Google commands; no update, no tag', async () => {
  const { context, page, tracker, errors } = await open();
  const layer = await readLayer(page);
  assert.ok(layer.every((e) => e.args), 'every entry is an Arguments object, as gtag.js expects');
  assert.deepEqual(layer[0].command, ['consent', 'default', { ...all('denied'), security_storage: 'granted', wait_for_update: 500 }]);
  assert.deepEqual(layer.map((e) => e.command[0]), ['consent', 'set', 'js', 'config']);
  assert.deepEqual(updates(layer), []);
  assert.deepEqual(tracker, [], 'the gated gtag.js did not load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('exactly one update per decision, before the gated Google tags run; one on load for a returning visitor', async () => {
  const { context, page, tracker, errors } = await open();
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__gtagRuns === 1);
  let layer = await readLayer(page);
  assert.deepEqual(updates(layer), [all('granted')]);
  const commands = layer.map((e) => e.command[0] === 'consent' ? `consent ${e.command[1]}` : e.command[0]);
  assert.ok(commands.indexOf('consent update') < commands.indexOf('event'), `the update precedes the gated inline tag: ${commands.join(', ')}`);
  const saw = await page.evaluate(() => window.__gtagSaw);
  assert.deepEqual(saw[0][0] === 'consent' && saw[0][1], 'default', 'gtag.js found the default first');
  assert.ok(saw.some((c) => c[0] === 'consent' && c[1] === 'update'), 'and the update before it ran');
  assert.deepEqual(tracker, ['https://tracker.example/gtag.js']);

  await page.evaluate(() => window.MiguConsent.rejectAll());
  await page.evaluate(() => window.MiguConsent.update({ analytics: true, functional: true }));
  layer = await readLayer(page);
  assert.deepEqual(updates(layer), [all('granted'), all('denied'), { ...all('denied'), analytics_storage: 'granted', functionality_storage: 'granted' }]);
  assert.equal(consentCommands(layer).filter((c) => c[1] === 'default').length, 1);

  // returning visitor: the stored choice goes out once, right after the default
  tracker.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.__gtagRuns === 1);
  layer = await readLayer(page);
  assert.ok(layer.every((e) => e.args));
  assert.deepEqual(consentCommands(layer).map((c) => c[1]), ['default', 'update']);
  assert.deepEqual(updates(layer), [{ ...all('denied'), analytics_storage: 'granted', functionality_storage: 'granted' }]);
  assert.ok((await page.evaluate(() => window.__gtagSaw)).some((c) => c[0] === 'consent' && c[1] === 'update'), 'the update was there before gtag.js ran');
  assert.deepEqual(tracker, ['https://tracker.example/gtag.js'], 'analytics only: the marketing tag stayed inert');
  assert.equal(await page.evaluate(() => window.dataLayer.some((e) => e[0] === 'event')), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('attribute options from gcm.js: a custom mapping applies to the updates; a bad mapping is reported and the default one used, the wait kept', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser, {}, { trackerScript: FAKE_GTAG });
  const console = [];
  page.on('console', (m) => { if (m.type() === 'error') console.push(m.text()); });
  const pageWith = (options) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gcm options</title>
<script src="/dist/migu-consent.iife.js" data-google-consent-mode='${JSON.stringify(options)}'></script></head>
<body><migu-consent revoke="none"></migu-consent></body></html>`;
  await context.route(`${h.base}/e2e/gcm-mapped.html`, (route) => route.fulfill({ contentType: 'text/html',
    body: pageWith({ waitForUpdate: 900, mapping: { analytics_storage: 'functional' } }) }));
  await context.route(`${h.base}/e2e/gcm-bad-mapping.html`, (route) => route.fulfill({ contentType: 'text/html',
    body: pageWith({ waitForUpdate: 900, mapping: { analytics_storage: 1 } }) }));

  await page.goto(`${h.base}/e2e/gcm-mapped.html`);
  await page.waitForFunction(() => window.MiguConsent.get());
  await page.evaluate(() => window.MiguConsent.update({ functional: true }));
  await page.waitForFunction(() => window.dataLayer.some((e) => e[0] === 'consent' && e[1] === 'update'));
  let layer = await readLayer(page);
  assert.deepEqual(layer[0].command[2], { ...all('denied'), security_storage: 'granted', wait_for_update: 900 });
  assert.deepEqual(updates(layer), [{ ...all('denied'), analytics_storage: 'granted', functionality_storage: 'granted' }]);
  assert.deepEqual(console, []);

  await context.clearCookies();
  await page.goto(`${h.base}/e2e/gcm-bad-mapping.html`);
  await page.waitForFunction(() => window.MiguConsent.get());
  await page.evaluate(() => window.MiguConsent.update({ functional: true }));
  await page.waitForFunction(() => window.dataLayer.some((e) => e[0] === 'consent' && e[1] === 'update'));
  layer = await readLayer(page);
  assert.deepEqual(layer[0].command[2], { ...all('denied'), security_storage: 'granted', wait_for_update: 900 }, 'the other options kept');
  assert.deepEqual(updates(layer), [{ ...all('denied'), functionality_storage: 'granted' }], 'the default mapping: analytics_storage follows analytics');
  assert.equal(console.length, 1, console.join('\n'));
  assert.match(console[0], /data-google-consent-mode: "mapping" expects Consent Mode types/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with DNT / GPC honoured: the default stands, no update, no Google tag', async () => {
  const { context, page, tracker, errors } = await open({ signals: true });
  await page.waitForFunction(() => window.MiguConsent.get().source === 'signal');
  const layer = await readLayer(page);
  assert.deepEqual(consentCommands(layer).map((c) => c[1]), ['default']);
  assert.deepEqual(tracker, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without the attribute the script build leaves the data layer alone', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/basic.html`);
  await page.waitForFunction(() => window.__events?.length > 0);
  assert.equal(await page.evaluate(() => 'dataLayer' in window), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('npm build: presets and Consent Mode stay out of a bundle that does not use them', async () => {
  const headless = resolve('dist/headless.js');
  assert.ok(existsSync(headless), 'dist/headless.js is built');
  const dir = mkdtempSync(join(tmpdir(), 'migu-presets-'));
  const bundle = async (source) => {
    const input = join(dir, `${String(Math.random()).slice(2)}.mjs`);
    writeFileSync(input, source);
    const b = await rollup({ input, plugins: [nodeResolve({ browser: true })], logLevel: 'silent' });
    return (await b.generate({ format: 'es' })).output[0].code;
  };
  try {
    const without = await bundle(`import { ConsentRuntime } from ${JSON.stringify(headless)}; console.log(ConsentRuntime);`);
    const baidu = await bundle(`import { presets } from ${JSON.stringify(headless)}; console.log(presets.baiduTongji());`);
    const gcm = await bundle(`import { googleConsentMode } from ${JSON.stringify(headless)}; console.log(googleConsentMode);`);
    for (const marker of ['Hm_lvt', 'UM_distinctid', 'Google LLC', 'ad_user_data']) assert.equal(without.includes(marker), false, marker);
    assert.ok(baidu.includes('Hm_lvt'));
    assert.equal(baidu.includes('UM_distinctid') || baidu.includes('Google LLC'), false, 'only the preset used');
    assert.ok(gcm.includes('ad_user_data') && !gcm.includes('Hm_lvt'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
