// The demo site as a visitor uses it: nothing tracks before a choice, accepting loads the
// trackers (and the panel says so), withdrawing deletes their cookies, the pages share one
// choice, DNT / GPC are shown and honoured, and the ESM page runs the npm build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright';
import { startDemoServer } from '../scripts/serve.mjs';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { newTrackedPage, until, waitForCookie, withSignals } from './support.mjs';

let demo;
let browser;
before(async () => {
  demo = await startDemoServer({ port: 0 });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

const CJK = /[\u4e00-\u9fff]/;

/**
 * A fresh visitor: `trackers` lists every /demo-trackers/ request (iframes included) in order;
 * console errors count as page errors. `signals` turns DNT and GPC on; `storageState` starts from
 * another visitor's cookies and storage.
 */
async function visitor({ signals = false, storageState } = {}) {
  const { context, page, errors, requests, settle } = await newTrackedPage(browser, storageState ? { storageState } : {});
  if (signals) await withSignals(context);
  const trackers = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/demo-trackers/')) trackers.push(url.pathname.slice('/demo-trackers/'.length) + url.search);
  });
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  const open = async (file) => {
    await page.goto(`${demo.base}/demo/${file}`);
    await page.waitForFunction(() => document.querySelectorAll('#tracker-rows li').length > 0 || !document.getElementById('panel'));
  };
  return { context, page, errors, trackers, requests, open, settle };
}

/** The panel's rows: tracker key -> status. */
const panelRows = (page) => page.evaluate(() =>
  Object.fromEntries([...document.querySelectorAll('#tracker-rows li')].map((li) => [li.dataset.tracker, li.dataset.status])));

const waitForRow = (page, tracker, status) => page.waitForFunction(([t, s]) =>
  document.querySelector(`#tracker-rows li[data-tracker="${t}"]`)?.dataset.status === s, [tracker, status]);

const cookieNames = async (context) => (await context.cookies()).map((c) => c.name).sort();

const banner = (page) => page.locator('migu-consent').locator('[part~=banner]');

/** Accept all in the banner, as a visitor does (the API only when the UI has no banner yet). */
async function acceptAll(page) {
  const button = page.locator('migu-consent').locator('[part~=accept-all]').first();
  try {
    await button.waitFor({ state: 'visible', timeout: 5000 });
    await button.click();
  } catch {
    await page.evaluate(() => window.MiguConsent.acceptAll());
  }
}

test('before any choice no page requests a tracker or sets a cookie, and the panel says blocked', async () => {
  const { context, page, errors, trackers, open, settle } = await visitor();
  for (const file of ['index.html', 'music.html', 'video.html']) {
    await open(file);
    await banner(page).waitFor({ state: 'visible' });
    await settle();
    const rows = await panelRows(page);
    assert.ok(Object.keys(rows).length >= 4, `${file}: the panel lists the trackers (${JSON.stringify(rows)})`);
    for (const [tracker, status] of Object.entries(rows)) {
      assert.ok(status === 'blocked' || status === 'clean', `${file}: ${tracker} is ${status}`);
    }
  }
  assert.deepEqual(trackers, []);
  assert.deepEqual(await cookieNames(context), []);
  // the gated markup is still inert
  const inert = await page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script[data-consent]')].every((s) => s.type === 'text/plain'),
    pixel: document.querySelector('img[data-consent]').hasAttribute('src'),
    player: document.querySelector('migu-consent-gate iframe'),
  }));
  assert.deepEqual(inert, { scripts: true, pixel: false, player: null });
  assert.deepEqual(errors, []);
  await context.close();
});

test('scrolling, clicks and keys on the page, and Escape before a choice are not consent', async () => {
  const { context, page, errors, trackers, open, settle } = await visitor();
  await open('index.html');
  await banner(page).waitFor({ state: 'visible' });
  await page.mouse.move(640, 200);
  await page.mouse.wheel(0, 1500);
  await page.waitForFunction(() => scrollY > 0);
  await page.keyboard.press('End');
  await page.evaluate(() => { scrollTo(0, document.documentElement.scrollHeight); });
  await page.locator('#hero-title').click(); // page content, not a link or a control of ours
  for (const key of ['PageUp', 'Space', 'ArrowDown', 'Escape']) await page.keyboard.press(key);
  await settle();
  assert.deepEqual(trackers, []);
  assert.deepEqual(await cookieNames(context), []);
  assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false);
  assert.equal(await banner(page).isVisible(), true, 'the banner still asks');
  for (const [tracker, status] of Object.entries(await panelRows(page))) {
    assert.ok(status === 'blocked' || status === 'clean', `${tracker} is ${status}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a signal that is gone is not consent: the next load reads the signals again and asks', async () => {
  const before = await visitor({ signals: true });
  await before.open('index.html');
  await before.page.locator('migu-consent').locator('[part~=signal-notice]').waitFor({ state: 'visible' });
  const withSignal = await before.page.evaluate(() => window.MiguConsent.get());
  assert.deepEqual([withSignal.source, withSignal.decided, withSignal.signals], ['signal', false, { dnt: true, gpc: true }]);
  const storageState = await before.context.storageState();
  await before.context.close();
  // the same visitor (cookies, localStorage) with DNT and GPC switched off
  const { context, page, errors, trackers, open, settle } = await visitor({ storageState });
  await open('index.html');
  await banner(page).waitFor({ state: 'visible' });
  const state = await page.evaluate(() => window.MiguConsent.get());
  assert.deepEqual([state.source, state.decided, state.signals], ['default', false, { dnt: false, gpc: false }]);
  assert.deepEqual(Object.entries(state.categories).filter(([, on]) => on).map(([id]) => id), ['necessary']);
  assert.equal(await page.locator('migu-consent').locator('[part~=signal-notice]').count(), 0);
  await settle();
  assert.deepEqual(trackers, []);
  assert.deepEqual(await cookieNames(context), []);
  assert.deepEqual([...before.errors, ...errors], []);
  await context.close();
});

test('accept all in the banner loads the trackers, the panel shows them loaded, the receipt arrives; other pages share the choice', async () => {
  const { context, page, errors, trackers, open, settle } = await visitor();
  await open('index.html');
  const receiptsBefore = demo.receipts.length;
  await acceptAll(page);
  for (const tracker of ['analytics.js', 'pixel.gif', 'recommendations.json']) await waitForRow(page, tracker, 'loaded');
  await waitForRow(page, 'click', 'tracked');
  assert.ok(trackers.includes('analytics.js') && trackers.includes('pixel.gif?slot=home'), trackers.join(', '));
  // cross-border transfer needs its own, separate consent: "accept all" does not give it
  assert.ok(!trackers.includes('global-stats.js'));
  assert.equal((await panelRows(page))['global-stats.js'], 'blocked');
  assert.equal(await page.locator('#reco').getAttribute('data-mode'), 'personalized');
  const link = await page.locator('a[data-href]').first().evaluate((a) => ({ href: a.getAttribute('href'), ping: a.getAttribute('ping') }));
  assert.deepEqual(link, { href: `${demo.base}/demo-trackers/click?to=/demo/music.html`, ping: '/demo-trackers/ping' });
  await page.waitForFunction(() => document.cookie.includes('demo_analytics_id='));
  const cookies = await cookieNames(context);
  for (const name of ['migu_consent', 'demo_analytics_id', 'demo_ad_id']) assert.ok(cookies.includes(name), cookies.join(', '));
  assert.ok(!cookies.includes('demo_global_id'));
  await page.waitForFunction(() => document.getElementById('log').textContent.includes('analytics.js'));
  // the panel lists what the page holds in storage, the component's own keys too, each with its owner (demo probe F4)
  await page.waitForFunction(() => document.querySelector('#cookie-list [data-storage="localStorage.migu_consent.early"]'));
  assert.match(await page.locator('#cookie-list [data-storage="localStorage.migu_consent.early"]').textContent(), /migu-consent/);
  // the receipts endpoint got the decision (origin + path only)
  await until(() => demo.receipts.length > receiptsBefore, 'a receipt was posted');
  const receipt = demo.receipts.at(-1);
  assert.equal(receipt.categories.analytics, true);
  assert.equal(receipt.page, `${demo.base}/demo/index.html`);

  // a returning visitor's page asks the recommendation service once, not once per event that renders the block (demo probe F5)
  trackers.length = 0;
  await open('music.html');
  await waitForRow(page, 'recommendations.json', 'loaded');
  await settle();
  assert.deepEqual(trackers.filter((t) => t.startsWith('recommendations.json')), ['recommendations.json?lang=zh-CN']);

  // same origin, same choice: the video page loads its player and trackers without a banner
  trackers.length = 0;
  await open('video.html');
  await waitForRow(page, 'video.html', 'loaded');
  await waitForRow(page, 'analytics.js', 'loaded');
  assert.equal(await banner(page).count(), 0);
  assert.ok(trackers.includes('video.html'), trackers.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('withdrawing analytics in the preferences deletes its cookie (the page reloads), then marketing by the API', async () => {
  const { context, page, errors, trackers, open, settle } = await visitor();
  await open('index.html');
  await acceptAll(page);
  await page.waitForFunction(() => document.cookie.includes('demo_analytics_id=') && document.cookie.includes('demo_ad_id='));

  // the footer's "隐私设置" link opens the dialog
  await page.locator('footer [data-consent-open]').click();
  const dialog = page.locator('migu-consent').locator('dialog[part~=preferences]');
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('input[name=analytics]').uncheck();
  const reloaded = page.waitForEvent('load');
  await dialog.locator('[part~=save]').click();
  await reloaded; // a script of analytics had run: revoke="reload"
  await page.waitForFunction(() => document.querySelectorAll('#tracker-rows li').length > 0);
  trackers.length = 0;
  await settle();
  let cookies = await cookieNames(context);
  assert.ok(!cookies.includes('demo_analytics_id'), cookies.join(', '));
  assert.ok(cookies.includes('demo_ad_id'), 'marketing is still granted');
  assert.ok(!trackers.includes('analytics.js'), 'not loaded again after the reload');
  assert.equal((await panelRows(page))['analytics.js'], 'blocked');
  assert.equal((await panelRows(page)).click, 'clean');
  // the log kept what led to the reload (demo probe F6): the withdrawal, then the reload, in order
  const log = await page.locator('#log li').allTextContents(); // newest first
  const withdrawn = log.findIndex((line) => /migu-consent-change: .*撤回: analytics/.test(line));
  const reload = log.findIndex((line) => /page: 重新加载 index\.html/.test(line));
  assert.ok(withdrawn > reload && reload >= 0, log.join('\n'));

  await page.evaluate(() => window.MiguConsent.update({ marketing: false }));
  await page.waitForFunction(() => !document.cookie.includes('demo_ad_id='));
  cookies = await cookieNames(context);
  assert.deepEqual(cookies.filter((name) => name.startsWith('demo_')), []);
  await waitForRow(page, 'pixel.gif', 'withdrawn');
  assert.deepEqual(errors, []);
  await context.close();
});

test('personalization has its own switch: recommended content on, non-personalized content off (PIPL Art. 24)', async () => {
  const { context, page, errors, trackers, open } = await visitor();
  await open('music.html');
  await page.locator('migu-consent').locator('[part~=reject-all]').first().click();
  const reco = page.locator('#reco');
  assert.equal(await reco.getAttribute('data-mode'), 'generic');
  await page.locator('#reco-switch').check();
  await page.waitForFunction(() => document.getElementById('reco').dataset.mode === 'personalized');
  assert.ok(trackers.includes('recommendations.json?lang=zh-CN'));
  assert.ok(await page.evaluate(() => localStorage.getItem('demo_reco_profile') !== null));
  assert.deepEqual(await page.evaluate(() => window.MiguConsent.get().categories.marketing), false, 'nothing else was granted');

  await page.locator('#reco-switch').uncheck();
  await page.waitForFunction(() => document.getElementById('reco').dataset.mode === 'generic');
  assert.equal(await page.evaluate(() => localStorage.getItem('demo_reco_profile')), null, 'its declared storage is deleted');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the video gate shows why the player waits; its allow button loads just the player', async () => {
  const { context, page, errors, trackers, open, settle } = await visitor();
  await open('video.html');
  const gate = page.locator('migu-consent-gate');
  await gate.locator('[part~=placeholder]').waitFor({ state: 'visible' });
  assert.equal(await gate.locator('iframe').count(), 0);
  await gate.locator('[part~=allow]').click();
  await waitForRow(page, 'video.html', 'loaded');
  assert.ok(trackers.includes('video.html'), trackers.join(', '));
  await waitForCookie(context, 'demo_video_id'); // the player sets it
  await settle();
  assert.ok(!trackers.some((t) => t.startsWith('pixel.gif') || t === 'analytics.js'), `only the player: ${trackers.join(', ')}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the English switch sets <html lang> and the element\'s lang; the banner and the panel follow, on every page', async () => {
  const { context, page, errors, open } = await visitor();
  await open('index.html');
  const accept = page.locator('migu-consent').locator('[part~=accept-all]').first();
  await accept.waitFor({ state: 'visible' });
  assert.match(await accept.textContent(), CJK);
  await page.locator('[data-lang-switch]').click();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.locator('migu-consent').getAttribute('lang'), 'en');
  await page.waitForFunction(() => !/[\u4e00-\u9fff]/.test(document.querySelector('migu-consent').shadowRoot.querySelector('[part~=accept-all]').textContent));
  assert.doesNotMatch(await page.locator('#panel-title').textContent(), CJK);
  // every line of the log, those written before the switch too (demo probe F7)
  await page.waitForFunction(() => document.querySelectorAll('#log li').length >= 2);
  assert.doesNotMatch(await page.locator('#log').textContent(), CJK);
  await open('music.html');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.waitForFunction(() => /Top 8/.test(document.getElementById('top-title').textContent));
  assert.doesNotMatch(await page.locator('migu-consent').locator('[part~=accept-all]').first().textContent(), CJK);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with DNT and GPC on, the panel shows both, nothing loads and a notice replaces the banner', async () => {
  const { context, page, errors, trackers, open, settle } = await visitor({ signals: true });
  await open('index.html');
  await page.locator('migu-consent').locator('[part~=signal-notice]').waitFor({ state: 'visible' });
  assert.equal(await banner(page).count(), 0);
  assert.equal(await page.locator('[data-signal=dnt]').getAttribute('data-on'), 'true');
  assert.equal(await page.locator('[data-signal=gpc]').getAttribute('data-on'), 'true');
  await settle();
  assert.deepEqual(trackers, []);
  assert.deepEqual(await cookieNames(context), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new policy revision from the panel: every page carries it, the visitor is asked again with the site\'s notice, nothing loads until then, and what was refused stays refused', async () => {
  const { context, page, errors, trackers, open, settle } = await visitor();
  try {
    await open('index.html');
    await acceptAll(page);
    await page.evaluate(() => window.MiguConsent.update({ marketing: false }));
    await waitForRow(page, 'analytics.js', 'loaded');
    await page.locator('#policy-actions').waitFor({ state: 'visible' });
    assert.match(await page.locator('#policy-note').textContent(), /2026-01/);

    const reloaded = page.waitForEvent('load');
    await page.click('#policy-publish');
    await reloaded;
    await page.waitForFunction(() => document.querySelectorAll('#tracker-rows li').length > 0);
    trackers.length = 0;
    assert.equal(await page.locator('migu-consent').getAttribute('revision'), '2026-02');
    await banner(page).waitFor({ state: 'visible' });
    assert.match(await banner(page).textContent(), /隐私政策已更新/, 'the site says what changed');
    assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false);
    assert.match(await page.locator('#policy-note').textContent(), /2026-02/);
    assert.match(await page.locator('#log').textContent(), /policy: 发布了新的政策版本 2026-02/);
    await settle();
    assert.deepEqual(trackers, [], 'nothing loads on the choice made under the revision before');

    // another page of the site carries the new revision too, and asks
    await open('privacy.html');
    assert.equal(await page.locator('[data-policy-revision]').textContent(), '2026-02');
    await banner(page).waitFor({ state: 'visible' });
    // the preferences start from the choice before: marketing, refused then, stays off
    await page.locator('migu-consent').locator('[part~=customize]').first().click();
    const dialog = page.locator('migu-consent').locator('dialog[part~=preferences]');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.locator('input[name=analytics]').isChecked(), true);
    assert.equal(await dialog.locator('input[name=marketing]').isChecked(), false);
    await dialog.locator('[part~=save]').click();
    await waitForRow(page, 'analytics.js', 'loaded');
    await open('index.html');
    assert.equal(await banner(page).count(), 0, 'decided under the new revision');
    await settle();
    assert.ok(!trackers.some((t) => t.startsWith('pixel.gif')), trackers.join(', '));
    assert.deepEqual(errors, []);
  } finally {
    demo.policy.revision = demo.policy.first; // the other tests' pages are on the first revision
    await context.close();
  }
});

test('the site\'s own play count goes out as a web beacon only with analytics, and the panel lists it; a tracked click is logged on the page it reaches', async () => {
  const { context, page, errors, trackers, open, settle } = await visitor();
  await open('music.html');
  await page.locator('button.play').first().click();
  await settle();
  assert.deepEqual(trackers, []);
  assert.equal((await panelRows(page))['collect?event=play'], 'blocked');
  assert.match(await page.locator('#log').textContent(), /beacon: 播放统计未发送/);

  await acceptAll(page);
  await waitForRow(page, 'collect?event=play', 'allowed');
  await page.locator('button.play').first().click();
  await waitForRow(page, 'collect?event=play', 'loaded');
  assert.ok(trackers.includes('collect?event=play'), trackers.join(', '));

  // the hero's link is click-tracked now: it goes through the redirect, and the next page's log says so
  await open('index.html');
  await waitForRow(page, 'click', 'tracked');
  await Promise.all([page.waitForURL(/\/demo\/music\.html$/), page.locator('a[data-href]').first().click()]);
  await page.waitForFunction(() => /page: 打开 music\.html \(经 1 次跳转\)/.test(document.getElementById('log')?.textContent));
  assert.match(await page.locator('#log').textContent(), /click: 跟踪链接: 经 \/demo-trackers\/click 跳转，ping \/demo-trackers\/ping/);
  assert.ok(trackers.some((t) => t.startsWith('click?')), trackers.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the privacy page has the live panel too: its gated analytics shown blocked, then loaded', async () => {
  const { context, page, errors, open } = await visitor();
  await open('privacy.html');
  assert.deepEqual(await panelRows(page), { 'analytics.js': 'blocked', 'global-stats.js': 'blocked' });
  await acceptAll(page);
  await waitForRow(page, 'analytics.js', 'loaded');
  assert.equal(await page.locator('#app-sibling').isVisible(), true, 'the app shim is on this page too');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the ESM page runs the npm build: bare imports resolved, one lit, no script-tag build, the API loads a tracker once granted', async () => {
  const { context, page, errors, trackers, requests, settle } = await visitor();
  await page.goto(`${demo.base}/demo/esm.html`);
  await page.waitForFunction(() => customElements.get('migu-consent') && document.getElementById('esm-state').textContent.includes('"decided": false'));
  assert.ok(!requests.some((u) => u.includes('migu-consent.iife.js') || u.includes('migu-consent.ui.js')), 'no script-tag build');
  assert.ok(requests.some((u) => /\/dist\/index\.js$/.test(u)));
  assert.ok(requests.some((u) => /\/node_modules\/lit-element\//.test(u)), 'lit came through the resolved bare import');
  assert.deepEqual(await page.evaluate(() => [window.litElementVersions?.length, window.litHtmlVersions?.length]), [1, 1]);
  assert.equal(await page.locator('#esm-analytics').getAttribute('data-state'), 'waiting');
  assert.deepEqual(trackers, []);
  // the live panel, fed by the `consent` export: the tracker the page starts itself (demo probe F1)
  await waitForRow(page, 'analytics.js', 'blocked');
  assert.equal(await page.locator('#app-sibling').isVisible(), false, 'no app shim on the npm page');

  await acceptAll(page);
  await page.waitForFunction(() => document.getElementById('esm-analytics').dataset.state === 'loaded');
  await waitForRow(page, 'analytics.js', 'loaded');
  await page.waitForFunction(() => document.getElementById('esm-state').textContent.includes('"decided": true'));
  assert.ok(trackers.includes('analytics.js'));
  // withdrawn: the page stops what it started itself (it said "analytics.js loaded", and the script ran on)
  trackers.length = 0;
  const reloaded = page.waitForNavigation();
  await page.evaluate(() => { document.documentElement.dataset.before = 'reload'; });
  await page.click('#esm-reject');
  await reloaded;
  await page.waitForFunction(() => document.documentElement.dataset.before === undefined && document.getElementById('esm-state')?.textContent.includes('"decided": true'));
  assert.equal(await page.locator('#esm-analytics').getAttribute('data-state'), 'waiting');
  await settle();
  assert.deepEqual(trackers, [], 'nothing of analytics after the withdrawal');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the "simulated app" switch opens the page as in the app: the bridge injected, the app\'s choice taken, a page decision sent back', async () => {
  const { context, page, errors, trackers, open } = await visitor();
  await open('index.html');
  await banner(page).waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => 'MiguConsentNative' in window), false);
  for (const platform of ['android', 'ios']) {
    await page.selectOption('#app-platform', platform);
    // the switch reloads the page with the bridge defined before migu-consent runs
    await Promise.all([page.waitForEvent('load'), page.locator('#app-toggle').check()]);
    await page.waitForFunction(() => window.MiguConsent?.get().source === 'app');
    assert.equal(await page.evaluate(() => typeof window.MiguConsentNative?.getConsent), 'function');
    assert.equal(await page.evaluate(() => typeof window.webkit?.messageHandlers?.miguConsent?.postMessage), platform === 'ios' ? 'function' : 'undefined');
    assert.equal(await page.locator('#app-toggle').isChecked(), true);
    await page.waitForFunction(() => document.querySelector('[data-source]')?.dataset.source === 'app');
    await waitForRow(page, 'analytics.js', 'loaded');
    assert.equal(await banner(page).count(), 0, 'no banner: the app\'s choice holds');
    assert.deepEqual(await page.evaluate(() => [window.MiguConsent.get().categories.analytics, window.MiguConsent.get().categories.marketing]), [true, false]);
    // a decision made in the page goes back to the app, which keeps it
    await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('demo-app-consent') || '{}').categories?.marketing === true);
    await page.waitForFunction(() => document.getElementById('app-note').textContent.includes('"marketing":true'));
    // leaving the app: no bridge on the next load, the choice stays
    await Promise.all([page.waitForEvent('load'), page.locator('#app-toggle').uncheck()]);
    await page.waitForFunction(() => window.MiguConsent?.get().decided);
    assert.equal(await page.evaluate(() => 'MiguConsentNative' in window), false);
  }
  assert.ok(trackers.includes('analytics.js'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the second demo host: a link to the sibling site (localhost) hands the choice over; that site asks nothing', async () => {
  const { context, page, errors, open } = await visitor();
  await open('music.html');
  await acceptAll(page);
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  const sibling = demo.base.replace('127.0.0.1', 'localhost');
  assert.equal(await page.getAttribute('#sibling-link', 'href'), `${sibling}/demo/music.html`);
  await Promise.all([page.waitForURL(`${sibling}/demo/music.html`), page.click('#sibling-link')]);
  await page.waitForFunction(() => window.MiguConsent?.get().source === 'sibling');
  assert.equal(await banner(page).count(), 0);
  assert.equal(await page.getAttribute('#sibling-link', 'href'), `${demo.base}/demo/music.html`, 'and back the other way');
  await waitForRow(page, 'analytics.js', 'loaded');
  const hosts = new Set((await context.cookies()).filter((c) => c.name === 'migu_consent').map((c) => c.domain));
  assert.deepEqual([...hosts].sort(), ['127.0.0.1', 'localhost'], 'one consent cookie on each site');
  assert.deepEqual(errors, []);
  await context.close();
});

test('with site data blocked (Chrome\'s "block all cookies"): no page error, the banner asks, accepting loads the trackers for this page and the panel says so', async () => {
  const { context, page, errors, open } = await visitor();
  await context.addInitScript(() => {
    // as Chrome does then: reading window.localStorage / sessionStorage throws, document.cookie is empty and keeps nothing
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(window, name, { configurable: true, get() { throw new DOMException('The document is sandboxed and lacks the \'allow-same-origin\' flag.', 'SecurityError'); } });
    }
    Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: () => '', set: () => {} });
  });
  const expected = [];
  page.on('console', (message) => { if (message.type() === 'error' && /^\[migu-consent:storage\]/.test(message.text())) expected.push(message.text()); });
  await open('index.html');
  await banner(page).waitFor({ state: 'visible' });
  await acceptAll(page);
  await waitForRow(page, 'analytics.js', 'loaded');
  // migu-consent's own report that the choice holds for this page only is expected; nothing else
  assert.deepEqual(errors.filter((e) => !expected.includes(e)), []);
  await context.close();
});
