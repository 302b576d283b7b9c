// The script build's languages: the UI carries zh-CN; en and zh-TW are separate files
// (dist/migu-consent.lang.<lang>.js) fetched when a page shows them, also after a switch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

/** The banner's title, its lang attribute and the gate's allow button, once the banner is up. */
const texts = (page) => page.evaluate(() => {
  const root = document.querySelector('migu-consent').shadowRoot;
  return {
    title: root.querySelector('[part=banner] h2')?.textContent,
    lang: root.querySelector('[part=banner]')?.getAttribute('lang'),
    customize: root.querySelector('[part=customize]')?.textContent,
    allow: document.querySelector('migu-consent-gate')?.shadowRoot?.querySelector('[part=allow]')?.textContent,
  };
});
const title = (page, text) => page.waitForFunction(
  (t) => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner] h2')?.textContent === t, text);
/** The gate (part of the UI, which the runtime fetches after the banner is up) shows its allow button. */
const gateShown = (page) => page.waitForFunction(() => document.querySelector('migu-consent-gate').shadowRoot?.querySelector('[part=allow]'));
const langFiles = (requests) => requests.filter((u) => u.includes('/dist/migu-consent.lang.')).map((u) => u.replace(/.*\//, '').replace(/\?.*/, ''));

test('a zh-CN page fetches no language file', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await title(page, 'Cookie 与隐私设置');
  await gateShown(page);
  await settle();
  assert.deepEqual(langFiles(requests), []);
  assert.equal((await texts(page)).allow, '允许“营销”并加载');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an English page gets English text once its language file is in (banner and gate)', async () => {
  const { context, page, requests, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en-US`);
  await title(page, 'Cookies and your privacy');
  await page.waitForFunction(() => /^Allow/.test(document.querySelector('migu-consent-gate').shadowRoot?.querySelector('[part=allow]')?.textContent ?? ''));
  assert.deepEqual(await texts(page), {
    title: 'Cookies and your privacy', lang: 'en', customize: 'Customize', allow: 'Allow “Marketing” and load',
  });
  assert.deepEqual(langFiles(requests), ['migu-consent.lang.en.js'], 'one file, fetched once for both elements');
  await page.locator('migu-consent [part=customize]').click();
  await page.locator('migu-consent dialog[part=preferences]').getByText('Sharing with partners').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the language file is fetched together with the UI, not after it has run', async () => {
  const { context, page, requests, errors } = await newTrackedPage(h.browser);
  // the UI is held until its language file has been asked for: a fetch that waited for the UI would never come
  let langAsked;
  const asked = new Promise((resolve) => { langAsked = resolve; });
  await page.route('**/migu-consent.lang.en.js*', async (route) => { langAsked(); await route.continue(); });
  let askedFirst;
  await page.route('**/migu-consent.ui.js*', async (route) => {
    askedFirst = await Promise.race([asked.then(() => true), new Promise((r) => { setTimeout(r, 3000, false); })]);
    await route.continue();
  });
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  await title(page, 'Cookies and your privacy');
  assert.equal(askedFirst, true, 'lang.en.js requested while the UI was still on its way');
  assert.deepEqual(langFiles(requests), ['migu-consent.lang.en.js']);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * Records the language of the first banner the page shows, and in `__shownLangs` each language a banner or the open
 * dialog was shown in (an init script: it sees every render).
 */
async function watchFirstBanner(context) {
  await context.addInitScript(() => {
    window.__firstBanner = null;
    window.__shownLangs = [];
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      new MutationObserver(() => {
        const banner = root.querySelector('[part=banner]');
        if (banner && !window.__firstBanner) window.__firstBanner = { lang: banner.getAttribute('lang'), at: performance.now() };
        for (const shown of root.querySelectorAll('[part=banner], dialog[open]')) {
          const seen = `${shown.localName} ${String(shown.getAttribute('lang'))}`;
          if (!window.__shownLangs.includes(seen)) window.__shownLangs.push(seen);
        }
      }).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['open', 'lang'] });
      return root;
    };
  });
}
const delayed = (ms) => async (route) => { await new Promise((r) => { setTimeout(r, ms); }); await route.continue(); };

test('an English page whose language file comes after the UI shows the banner in English first, not zh-CN', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await watchFirstBanner(context);
  await page.route('**/migu-consent.lang.en.js*', delayed(400));
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  await title(page, 'Cookies and your privacy');
  assert.equal((await page.evaluate(() => window.__firstBanner)).lang, 'en');
  await gateShown(page);
  assert.equal((await texts(page)).allow, 'Allow “Marketing” and load', 'the gate waited for English too');
  assert.deepEqual(errors, []);
  await context.close();
});

/** An English page whose language file is held until `release()`, its first banner (English) shown. */
async function englishWithFileHeld() {
  const tracked = await newTrackedPage(h.browser);
  await watchFirstBanner(tracked.context);
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await tracked.page.route('**/migu-consent.lang.en.js*', async (route) => { await released; await route.continue(); });
  await tracked.page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`, { waitUntil: 'commit' });
  await title(tracked.page, 'Cookies and your privacy');
  return { ...tracked, release };
}

test('a stalled language file: the banner shows at once in English (its texts are in the loader); the UI takes over when the file is in', async () => {
  const { context, page, errors, release } = await englishWithFileHeld();
  assert.equal((await page.evaluate(() => window.__firstBanner)).lang, 'en', 'never a banner in another language first');
  // the page has a gate, so the UI comes; while the file is held the banner without Lit stays
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined);
  assert.equal(await page.locator('migu-consent [part=banner]').count(), 1);
  release();
  await page.waitForFunction(() => /^Allow/.test(document.querySelector('migu-consent-gate').shadowRoot?.querySelector('[part=allow]')?.textContent ?? ''));
  await title(page, 'Cookies and your privacy');
  assert.equal(await page.locator('migu-consent [part=banner]').count(), 1, 'one banner after the take-over');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a zh-Hant page gets zh-TW', async () => {
  const { context, page, requests, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=zh-Hant-TW`);
  await title(page, 'Cookie 與隱私設定');
  await gateShown(page);
  const shown = await texts(page);
  assert.equal(shown.lang, 'zh-TW');
  assert.equal(shown.customize, '自訂設定');
  assert.deepEqual(langFiles(requests), ['migu-consent.lang.zh-TW.js']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a switch at runtime: <html lang> to en, then the element\'s lang to zh-TW, then back to zh-CN', async () => {
  const { context, page, requests, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await title(page, 'Cookie 与隐私设置');
  await page.evaluate(() => { document.documentElement.lang = 'en'; });
  await title(page, 'Cookies and your privacy');
  await page.waitForFunction(() => document.querySelector('migu-consent-gate').shadowRoot?.querySelector('[part=allow]')?.textContent === 'Allow “Marketing” and load');
  await page.evaluate(() => { document.querySelector('migu-consent').lang = 'zh-TW'; });
  await title(page, 'Cookie 與隱私設定');
  assert.equal((await texts(page)).lang, 'zh-TW');
  await page.evaluate(() => { document.querySelector('migu-consent').lang = 'zh-CN'; });
  await title(page, 'Cookie 与隐私设置');
  assert.equal((await texts(page)).lang, 'zh-CN');
  assert.deepEqual(langFiles(requests), ['migu-consent.lang.en.js', 'migu-consent.lang.zh-TW.js']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the element\'s lang switched while only the runtime is in (no UI yet): the banner without Lit follows each switch, its policy link too', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/lite-lang.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>lite lang</title><script src="/dist/migu-consent.iife.js"></script></head>
<body><migu-consent policy-url="/privacy/{lang}.html"></migu-consent><p>a page</p></body></html>` }));
  await page.goto(`${h.base}/generated/lite-lang.html`);
  await title(page, 'Cookie 与隐私设置');
  // an API call brings the runtime, not the UI
  await page.evaluate(() => { window.MiguConsent.subscribe(() => undefined); });
  const chunks = () => page.evaluate(() => ['runtime', 'ui'].map((name) => !!window[Symbol.for('migu-consent.chunks')].loaded(name)));
  await page.waitForFunction(() => window[Symbol.for('migu-consent.chunks')].loaded('runtime'));
  const link = () => page.evaluate(() => new URL(document.querySelector('migu-consent').shadowRoot.querySelector('[part=banner] a').href).pathname);
  for (const [lang, text] of [['en', 'Cookies and your privacy'], ['zh-TW', 'Cookie 與隱私設定'], ['zh-CN', 'Cookie 与隐私设置']]) {
    await page.evaluate((l) => { document.querySelector('migu-consent').setAttribute('lang', l); }, lang);
    await title(page, text);
    assert.equal((await texts(page)).lang, lang);
    assert.equal(await link(), `/privacy/${lang}.html`);
  }
  assert.deepEqual(await chunks(), [true, false], 'the banner without Lit did it, not the UI');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a language file that fails to load: the banner stays in the page\'s language (the first stage\'s texts), the preferences open in zh-CN; one error, nothing thrown', async () => {
  const { context, page, errors, settle } = await newTrackedPage(h.browser);
  await watchFirstBanner(context);
  await page.route('**/migu-consent.lang.en.js*', (route) => route.fulfill({ status: 404, body: '' }));
  const logged = [];
  const failed = new Promise((resolve) => {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      logged.push(m.text());
      if (m.text().includes('lang.en.js')) resolve();
    });
  });
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  await failed;
  // the UI is in (the page's gate brought it) and knows the file failed
  await gateShown(page);
  await settle();
  assert.deepEqual(await texts(page).then(({ title: t, lang }) => [t, lang]), ['Cookies and your privacy', 'en'], 'not turned Chinese');
  await page.locator('migu-consent [part=customize]').click();
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'));
  const shown = await page.evaluate(() => {
    const root = document.querySelector('migu-consent').shadowRoot;
    return [root.querySelector('dialog').getAttribute('lang'), root.querySelector('dialog h2').textContent, root.querySelector('[part=banner]').getAttribute('lang')];
  });
  assert.deepEqual(shown, ['zh-CN', '隐私偏好设置', 'zh-CN'], 'the lang attributes name the language shown');
  assert.equal(logged.filter((m) => m.includes('[migu-consent:api] could not load') && m.includes('lang.en.js')).length, 1, logged.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the preferences asked for while the page\'s language file is on its way wait for it: they open in English, and nothing is shown in zh-CN meanwhile', async () => {
  const { context, page, errors, release } = await englishWithFileHeld();
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined);
  // at most 1 s before zh-CN is shown instead (docs/languages.md): asked for and released at once
  await page.locator('migu-consent [part=customize]').click();
  const waiting = await page.evaluate(() => !!document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'));
  release();
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'));
  assert.equal(waiting, false, 'not opened before its language was in');
  assert.equal(await page.evaluate(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog h2').textContent), 'Privacy preferences');
  assert.deepEqual(await page.evaluate(() => window.__shownLangs), ['section en', 'dialog en'], 'never zh-CN');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor whose language file fails: showBanner() shows the banner over the re-open button without Lit', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/loader.html`); // <html lang="en">
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.route('**/migu-consent.lang.en.js*', (route) => route.fulfill({ status: 404, body: '' }));
  await page.reload();
  // the re-open button without Lit, in English
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=reopen]')?.textContent === 'Privacy settings');
  const failed = new Promise((resolve) => { page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('lang.en.js')) resolve(); }); });
  await page.evaluate(() => window.MiguConsent.showBanner());
  await failed;
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]'));
  assert.equal((await texts(page)).lang, 'zh-CN', 'the UI\'s own texts, the file having failed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a language file of an earlier version (a cache mixing versions): the UI\'s texts stay zh-CN, the banner in the page\'s language; one clear error, nothing thrown', async () => {
  const { context, page, errors, settle } = await newTrackedPage(h.browser);
  // what migu-consent.lang.en.js was before the registry of the lazily loaded files: a hub of its own
  const before = '!function(){const e=Symbol.for("migu-consent.i18n-hub"),n=globalThis[e]??={packs:{},requested:{},failed:{}};'
    + 'n.packs.en={bannerTitle:"Cookies and your privacy"},n.settled?.("en")}();';
  // in the folder, under the stamped URL (`?v=`) too
  await page.route(/\/migu-consent\.lang\.en\.js(\?.*)?$/, (route) => route.fulfill({ contentType: 'text/javascript', body: before }));
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]'));
  await settle();
  assert.equal((await texts(page)).title, 'Cookies and your privacy', 'the first stage\'s banner stays');
  await page.evaluate(() => window.MiguConsent.showPreferences());
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'));
  assert.equal((await texts(page)).title, 'Cookie 与隐私设置', 'none of its texts taken');
  assert.deepEqual(logged.map((e) => e.replace(/\?v=[0-9a-f]{8} /, '?v=<stamp> ')),
    [`[migu-consent:api] ${h.base}/dist/migu-consent.lang.en.js?v=<stamp> did not register (a file of another version?): the UI stays in zh-CN`]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('each switch of the preferences has its visible text as its accessible name, as Chromium computes it: "必要 始终开启", not run together', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await title(page, 'Cookie 与隐私设置');
  await page.evaluate(() => { window.MiguConsent.showPreferences(); });
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('[part=preferences][open] input[role=switch]'));
  // the browser's own accessibility tree (Playwright's role queries compute names themselves)
  const cdp = await context.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const names = nodes.filter((n) => n.role?.value === 'switch').map((n) => n.name?.value);
  assert.ok(names.length >= 2, names.join(' | '));
  assert.ok(names.includes('必要 始终开启'), names.join(' | '));
  assert.deepEqual(errors, []);
  await context.close();
});
