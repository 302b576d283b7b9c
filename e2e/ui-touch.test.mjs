// The script build on a phone (360 x 640 CSS px, touch), in Chromium: what lands under the finger.
// - A double tap or click on "customize" opens the preferences under it, where "save" is: the second
//   click must not save a choice nobody saw.
// - A page's own tab bar at the bottom: docs/theming.md's sample keeps the banner and the re-open
//   button off it.
// - A scroll that reaches the end of the open dialog does not carry on into the page behind it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startHarness } from './support.mjs';

const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

/** Waits for the UI's banner (the Lit element rendered its own: the page's gate brought the UI at once). */
async function uiBanner(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('migu-consent');
    return customElements.get('migu-consent')?.prototype.requestUpdate && el.hasUpdated && el.shadowRoot.querySelector('[part~="banner"] [part="customize"]');
  });
}

/** The deepest element at (x, y), through shadow roots: its part, or its tag. */
function hitAt(page, x, y) {
  return page.evaluate(([px, py]) => {
    let el = document.elementFromPoint(px, py);
    while (el?.shadowRoot?.elementFromPoint(px, py) && el.shadowRoot.elementFromPoint(px, py) !== el) el = el.shadowRoot.elementFromPoint(px, py);
    return el?.closest('[part]')?.getAttribute('part') ?? el?.localName;
  }, [x, y]);
}

/** The box of `<migu-consent>`'s part (the banner's button of that name first). */
const box = (page, part) => page.evaluate((p) => {
  const { x, y, width, height } = document.querySelector('migu-consent').shadowRoot.querySelector(`[part~="banner"] [part="${p}"], [part="${p}"]`).getBoundingClientRect();
  return { x, y, width, height };
}, part);
const center = async (page, part) => {
  const { x, y, width, height } = await box(page, part);
  return [x + width / 2, y + height / 2];
};

test('a double click on "customize" opens the preferences, and its second click, on "save" there now, saves nothing', async () => {
  const context = await h.browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await uiBanner(page);
  const [x, y] = await center(page, 'customize');
  // what the dialog puts under the finger: "save" (the test means nothing where it is not)
  await page.evaluate(() => window.MiguConsent.showPreferences());
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'));
  assert.equal(await hitAt(page, x, y), 'save', 'the dialog has "save" where "customize" was');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'));

  await page.evaluate(() => {
    window.clicks = [];
    // in the shadow root: a click on the open dialog's buttons does not reach the page's listeners (modal-dialog-controller.ts)
    document.querySelector('migu-consent').shadowRoot.addEventListener('click', (e) => { window.clicks.push(`${e.composedPath()[0].getAttribute?.('part')} ${e.detail}`); }, true);
  });
  // one input: the browser counts the second click with the first (detail 2), as a phone's double tap
  await page.mouse.dblclick(x, y);
  assert.deepEqual(await page.evaluate(() => window.clicks), ['customize 1', 'save 2'], 'the second click reached "save"');
  const after = await page.evaluate(() => ({
    decided: window.MiguConsent.get().decided,
    open: !!document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'),
  }));
  assert.deepEqual(after, { decided: false, open: true }, 'nothing saved, the dialog open');
  assert.equal((await context.cookies()).find((c) => c.name === 'migu_consent'), undefined, 'no consent cookie');

  // a click of its own saves
  await page.mouse.click(x, y);
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  await context.close();
});

test('a double click on "accept all" decides once, and the re-open button that takes its place ignores the second click', async () => {
  const context = await h.browser.newContext({ ...PHONE, viewport: { width: 320, height: 568 } });
  const page = await context.newPage();
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await uiBanner(page);
  const accept = await box(page, 'accept-all');
  // the re-open button where "accept all" was: the banner's buttons stick above the bottom row where it comes, so a
  // page's ::part(reopen) places it there (a bar of its own below)
  await page.addStyleTag({ content: `migu-consent::part(reopen) { bottom: ${String(568 - accept.y - accept.height + 4)}px }` });
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('[part="reopen"]'));
  const reopen = await box(page, 'reopen');
  const [left, top] = [Math.max(accept.x, reopen.x), Math.max(accept.y, reopen.y)];
  const [right, bottom] = [Math.min(accept.x + accept.width, reopen.x + reopen.width), Math.min(accept.y + accept.height, reopen.y + reopen.height)];
  assert.ok(right > left && bottom > top, `the re-open button ${JSON.stringify(reopen)} is over "accept all" ${JSON.stringify(accept)}`);
  const [x, y] = [(left + right) / 2, (top + bottom) / 2];
  await page.evaluate(() => window.MiguConsent.reset());
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('[part~="banner"] [part="accept-all"]'));
  assert.equal(await hitAt(page, x, y), 'accept-all');

  await page.mouse.dblclick(x, y);
  const state = await page.evaluate(() => ({
    decided: window.MiguConsent.get().decided,
    open: !!document.querySelector('migu-consent').shadowRoot.querySelector('dialog[open]'),
  }));
  assert.deepEqual(state, { decided: true, open: false }, 'decided, and the preferences stay closed');
  await context.close();
});

test('docs/theming.md\'s tab bar: focused tabs are not under the banner, and the re-open button is off the tabs', async () => {
  const doc = await readFile(new URL('../docs/theming.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## A bar of the page\'s own at the bottom'));
  const sample = /```html\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(sample?.includes('::part(reopen)'), 'docs/theming.md has the sample');
  const context = await h.browser.newContext(PHONE);
  await context.route(`${h.base}/tabbar.html`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<script src="/dist/migu-consent.iife.js"></script><main style="height:3000px"><a href="#top">顶部</a></main>${sample}</html>`,
  }));
  const page = await context.newPage();
  await page.goto(`${h.base}/tabbar.html`);
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part~="banner"] [part="accept-all"]'));
  const tabs = await page.evaluate(() => [...document.querySelectorAll('.tabs a')].map((a) => {
    const box = a.getBoundingClientRect();
    return [a.textContent, box.x + box.width / 2, box.y + box.height / 2];
  }));
  assert.equal(tabs.length, 4);
  for (const [name, x, y] of tabs) {
    await page.evaluate((n) => { [...document.querySelectorAll('.tabs a')].find((a) => a.textContent === n).focus(); }, name);
    assert.equal(await hitAt(page, x, y), 'a', `the focused tab ${name} is in view, not under the banner`);
  }
  const [ax, ay] = await center(page, 'accept-all');
  await page.mouse.click(ax, ay);
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('[part="reopen"]'));
  for (const [name, x, y] of tabs) assert.equal(await hitAt(page, x, y), 'a', `the tab ${name} takes its own taps`);
  const overlap = await page.evaluate(() => {
    const tabsBox = document.querySelector('.tabs').getBoundingClientRect();
    const reopen = document.querySelector('migu-consent').shadowRoot.querySelector('[part="reopen"]').getBoundingClientRect();
    return reopen.bottom > tabsBox.top;
  });
  assert.equal(overlap, false, 'the re-open button is above the tab bar');
  await context.close();
});

test('a scroll at the end of the open dialog does not scroll the page behind it', async () => {
  const context = await h.browser.newContext({ ...PHONE, viewport: { width: 360, height: 400 } });
  const page = await context.newPage();
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await uiBanner(page);
  await page.evaluate(() => window.MiguConsent.showPreferences());
  const box = await page.evaluate(() => new Promise((resolve) => {
    const dialog = document.querySelector('migu-consent').shadowRoot.querySelector('dialog');
    const check = () => {
      if (!dialog.open || dialog.scrollHeight <= dialog.clientHeight) return requestAnimationFrame(check);
      dialog.scrollTop = dialog.scrollHeight; // at its end
      const r = dialog.getBoundingClientRect();
      resolve([r.x + r.width / 2, r.y + r.height / 3]);
    };
    check();
  }));
  await page.mouse.move(box[0], box[1]);
  await page.mouse.wheel(0, 600);
  // the wheel has been handled (its promise) and any scroll it started is applied by the second frame
  const scrolled = await page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(scrollY)));
  }));
  assert.equal(scrolled, 0, 'the page behind did not scroll');
  await context.close();
});
