// The script build's first-layer banner at 400% zoom (a 1280 x 1024 screen: 320 x 256 CSS px), in
// Chromium and Firefox ESR: the banner leaves the page behind usable and each of its buttons, reached
// with Tab, is in full view (WCAG 1.4.10 reflow, 2.4.11 focus not obscured).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox, startHarness } from './support.mjs';

let h;
let ff;
before(async () => {
  h = await startHarness();
  ff = await launchFirefox();
});
after(async () => {
  await ff?.close();
  await h?.stop();
});

/** Tabs from the banner's policy link through its three buttons; for each: its box, the bar's and what has focus. */
async function tabThroughBanner(page) {
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part="banner"] a'));
  await page.evaluate(() => { document.querySelector('migu-consent').shadowRoot.querySelector('[part="banner"] a').focus(); });
  const seen = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    // in view once the focused button's scroll has settled (the banner may be replaced by the UI's meanwhile)
    seen.push(await page.evaluate(() => new Promise((resolve) => {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        const root = document.querySelector('migu-consent').shadowRoot;
        const active = root.activeElement;
        const bar = root.querySelector('[part="banner"]').getBoundingClientRect();
        const box = active?.getBoundingClientRect();
        resolve({ part: active?.getAttribute('part'), box: box && [box.top, box.bottom], bar: [bar.top, bar.bottom], height: innerHeight });
      }));
    })));
  }
  return seen;
}

function assertInView(seen, browser) {
  assert.deepEqual(seen.map((s) => s.part), ['accept-all', 'reject-all', 'customize'], `${browser}: the buttons in order`);
  for (const { part, box, bar, height } of seen) {
    assert.ok(bar[1] - bar[0] <= height / 2 + 1, `${browser}: the banner takes ${bar[1] - bar[0]} of ${height} px`);
    assert.ok(box[0] >= bar[0] - 1 && box[1] <= bar[1] + 1 && box[1] <= height, `${browser} ${part}: ${box} within the banner ${bar} and the screen`);
  }
}

test('400% zoom, Chromium: the banner takes at most half the screen, each focused button in full view', async () => {
  const context = await h.browser.newContext({ viewport: { width: 320, height: 256 } });
  const page = await context.newPage();
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  assertInView(await tabThroughBanner(page), 'Chromium');
  await context.close();
});

test('400% zoom, Firefox ESR: the same (it leaves a control partly in view as it is unless the banner scrolls it)', async () => {
  const page = await ff.newPage();
  await page.setViewport({ width: 320, height: 256 });
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  assertInView(await tabThroughBanner(page), 'Firefox');
  await page.close();
});

/**
 * The colours of the banner's left padding 5 px inside its top and bottom edges (no text there), read
 * from a screenshot: the page decodes it itself (there is no PNG decoder here in Node).
 */
async function barEdges(page, screenshot, part) {
  const png = Buffer.from(await screenshot()).toString('base64');
  return page.evaluate(async ([data, name]) => {
    const bar = document.querySelector('migu-consent').shadowRoot.querySelector(`[part="${name}"]`).getBoundingClientRect();
    const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const scale = image.width / innerWidth;
    const at = (x, y) => [...g.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data.slice(0, 3)];
    return { top: at(bar.left + 12, bar.top + 5), bottom: at(bar.left + 12, bar.bottom - 5) };
  }, [png, part]);
}

/** Scrolls the banner to its start or end; resolves once that has been painted. */
const scrollBar = (page, to, part) => page.evaluate(([end, name]) => new Promise((resolve) => {
  const bar = document.querySelector('migu-consent').shadowRoot.querySelector(`[part="${name}"]`);
  bar.scrollTop = end ? bar.scrollHeight : 0;
  requestAnimationFrame(() => requestAnimationFrame(() => resolve({ scrolled: bar.scrollTop, overflow: bar.scrollHeight - bar.clientHeight })));
}), [to === 'end', part]);

let isBackground = (rgb) => rgb.every((c) => c >= 250); // the light theme's white surface
/**
 * The banner scrolls at 320 x 256 and its buttons start below its fold: the cue that there is more
 * (a shadow at the edge with more beyond it) shows at the bottom until the end is reached, and at the
 * top once scrolled down, drawn by CSS alone (it needs no script, so no timing).
 */
async function assertScrollCue(page, screenshot, what, part = 'banner') {
  const start = await scrollBar(page, 'start', part);
  assert.ok(start.overflow > 40, `${what}: the ${part} scrolls (${start.overflow} px more)`);
  const buttons = await page.evaluate((name) => {
    const root = document.querySelector('migu-consent').shadowRoot;
    const bar = root.querySelector(`[part="${name}"]`).getBoundingClientRect();
    return root.querySelector(`[part="${name}"] [part="reject-all"]`).getBoundingClientRect().top >= bar.bottom;
  }, part);
  assert.ok(buttons, `${what}: reject all starts below the ${part}'s fold`);
  const atStart = await barEdges(page, screenshot, part);
  assert.ok(isBackground(atStart.top), `${what} at the start: no cue at the top (${atStart.top})`);
  assert.ok(!isBackground(atStart.bottom), `${what} at the start: a cue at the bottom (${atStart.bottom})`);
  const end = await scrollBar(page, 'end', part);
  assert.equal(end.scrolled, end.overflow, `${what}: scrolled to the end`);
  const atEnd = await barEdges(page, screenshot, part);
  assert.ok(!isBackground(atEnd.top), `${what} at the end: a cue at the top (${atEnd.top})`);
  assert.ok(isBackground(atEnd.bottom), `${what} at the end: no cue at the bottom (${atEnd.bottom})`);
}

/** Waits until the runtime has taken over the first stage's banner (both without Lit): no replacement while measured. */
const runtimeIn = (page) => page.waitForFunction(() => window.MiguConsent.get().revision !== ''
  && document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part="banner"] button'));
/** Waits until the UI's Lit element has rendered its banner and removed the one without Lit. */
const litIn = (page) => page.waitForFunction(async () => {
  const el = document.querySelector('migu-consent');
  if (!customElements.get('migu-consent')?.prototype.requestUpdate || !el.runtime) return false;
  await el.updateComplete;
  return el.shadowRoot.querySelectorAll('[part="banner"]').length === 1 && !el.shadowRoot.querySelector('[part="banner"] + [part="banner"]');
});

test('400% zoom, Chromium: the banner shows a cue while its buttons are below its fold, without Lit and with it', async () => {
  const context = await h.browser.newContext({ viewport: { width: 320, height: 256 }, colorScheme: 'light' });
  const page = await context.newPage();
  const screenshot = () => page.screenshot();
  await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
  await runtimeIn(page);
  await assertScrollCue(page, screenshot, 'Chromium, without Lit');
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  await litIn(page);
  await assertScrollCue(page, screenshot, 'Chromium, Lit');
  await context.close();
});

test('400% zoom, Firefox ESR: the same cue', async () => {
  const page = await ff.newPage();
  await page.setViewport({ width: 320, height: 256 });
  const screenshot = () => page.screenshot();
  await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
  await runtimeIn(page);
  await assertScrollCue(page, screenshot, 'Firefox, without Lit');
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  await litIn(page);
  await assertScrollCue(page, screenshot, 'Firefox, Lit');
  await page.close();
});

test('400% zoom, Chromium: the preferences dialog, whose buttons scroll with it there, shows the same cue', async () => {
  const context = await h.browser.newContext({ viewport: { width: 320, height: 256 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  await litIn(page);
  await page.evaluate(() => window.MiguConsent.showPreferences());
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open] [part="save"]'));
  await assertScrollCue(page, () => page.screenshot(), 'Chromium, preferences', 'preferences');
  await context.close();
});

test('400% zoom, Chromium, forced colors: the banner (without Lit and with it) and the dialog keep their cue, in system colours', async () => {
  const light = isBackground;
  try {
    for (const colorScheme of ['light', 'dark']) {
      const context = await h.browser.newContext({ viewport: { width: 320, height: 256 }, colorScheme, forcedColors: 'active' });
      const page = await context.newPage();
      const screenshot = () => page.screenshot();
      // Canvas: white in the light contrast theme, black in the dark one
      isBackground = colorScheme === 'light' ? light : (rgb) => rgb.every((c) => c <= 5);
      await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
      await runtimeIn(page);
      await assertScrollCue(page, screenshot, `forced ${colorScheme}, without Lit`);
      await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
      await litIn(page);
      await assertScrollCue(page, screenshot, `forced ${colorScheme}, Lit`);
      await page.evaluate(() => window.MiguConsent.showPreferences());
      await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open] [part="save"]'));
      await assertScrollCue(page, screenshot, `forced ${colorScheme}, preferences`, 'preferences');
      await context.close();
    }
  } finally {
    isBackground = light;
  }
});

test('400% zoom: a banner scrolled to its buttons stays there when the runtime\'s banner, then the UI\'s, takes it over', async () => {
  const context = await h.browser.newContext({ viewport: { width: 320, height: 256 } });
  const page = await context.newPage();
  // each file held back until the banner has been scrolled: the replacement comes after, as on a slow network
  const holds = {};
  for (const file of ['migu-consent.runtime.js', 'migu-consent.ui.js']) {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    holds[file] = release;
    await context.route(`**/dist/${file}*`, async (route) => { await held; await route.continue(); });
  }
  await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
  await page.locator('migu-consent [part="banner"] button').first().waitFor();
  const replaced = async (file) => {
    const end = await scrollBar(page, 'end', 'banner');
    assert.ok(end.overflow > 40 && end.scrolled === end.overflow, `before ${file}: scrolled to the end`);
    await page.evaluate(() => {
      const root = document.querySelector('migu-consent').shadowRoot;
      window.__bar = root.querySelector('[part="banner"]');
      window.__onclick = root.querySelector('[part="accept-all"]').onclick;
    });
    holds[file]();
    // the runtime's keeps the banner's nodes, with its handlers (banner-lite.ts); the UI's replaces them
    await page.waitForFunction(() => {
      const accept = document.querySelector('migu-consent').shadowRoot.querySelector('[part="accept-all"]');
      return accept && (!window.__bar.isConnected || accept.onclick !== window.__onclick);
    });
    return page.evaluate(() => {
      const root = document.querySelector('migu-consent').shadowRoot;
      const bar = root.querySelector('[part="banner"]');
      const box = bar.getBoundingClientRect();
      const reject = root.querySelector('[part="reject-all"]').getBoundingClientRect();
      return { scrolled: bar.scrollTop, rejectInView: reject.top >= box.top && reject.bottom <= box.bottom };
    });
  };
  // the runtime comes on the first sign of use (a pointer over the banner)
  await page.dispatchEvent('migu-consent [part="banner"] h2', 'pointerenter');
  const afterRuntime = await replaced('migu-consent.runtime.js');
  assert.ok(afterRuntime.scrolled > 0 && afterRuntime.rejectInView, `after the runtime: ${JSON.stringify(afterRuntime)}`);
  // the UI comes when "customize" is approached
  await page.dispatchEvent('migu-consent [part="customize"]', 'pointerenter');
  const afterUi = await replaced('migu-consent.ui.js');
  assert.ok(afterUi.scrolled > 0 && afterUi.rejectInView, `after the UI: ${JSON.stringify(afterUi)}`);
  await context.close();
});

test('the visitor\'s default font size sizes the banner, the dialog and the re-open button, also on a page laid out in rem (html at a tenth of the screen, as lib-flexible sets it)', async () => {
  /** Font sizes, and whether "reject all" is in view in the banner, at a default font size (a browser setting) and an html font size. */
  const sizes = async (defaultSize, htmlSize) => {
    const context = await h.browser.newContext({ viewport: { width: 375, height: 667 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: defaultSize } });
    await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=zh-CN&root-font-size=${encodeURIComponent(htmlSize ?? '')}`);
    await page.locator('migu-consent [part=banner] [part=reject-all]').waitFor();
    const seen = await page.evaluate(() => {
      const root = document.querySelector('migu-consent').shadowRoot;
      const bar = root.querySelector('[part=banner]').getBoundingClientRect();
      const reject = root.querySelector('[part=banner] [part=reject-all]').getBoundingClientRect();
      return { banner: getComputedStyle(root.querySelector('[part=banner]')).fontSize, rejectInView: reject.bottom <= bar.bottom };
    });
    await page.locator('migu-consent [part=banner] [part=customize]').click();
    seen.dialog = await page.locator('migu-consent [part=preferences] h2').evaluate((e) => getComputedStyle(e).fontSize);
    await page.locator('migu-consent [part=preferences] [part=reject-all]').click();
    seen.reopen = await page.locator('migu-consent [part=reopen]').evaluate((e) => getComputedStyle(e).fontSize);
    await context.close();
    return seen;
  };
  const plain = await sizes(16);
  assert.deepEqual({ ...plain, reopen: undefined }, { banner: '16px', rejectInView: true, dialog: '18px', reopen: undefined });
  // lib-flexible: 37.5 px at 375 px wide; the banner was 2.3 times as large, both buttons below its fold
  assert.deepEqual(await sizes(16, '37.5px'), plain, 'a page in rem');
  assert.deepEqual(await sizes(16, '62.5%'), plain, 'a page at 62.5 %: not 10 px text');
  const large = await sizes(24);
  assert.equal(large.banner, '24px', 'a visitor\'s larger default');
  assert.equal(large.dialog, '27px');
  // `small` of it: the browsers' keyword table, not a fixed ratio
  assert.ok(parseFloat(large.reopen) > 13 && parseFloat(large.reopen) < 24, `the re-open button: ${large.reopen}`);
  assert.deepEqual(await sizes(24, '37.5px'), large, 'a visitor\'s larger default on a page in rem');
});
