// A press on the banner while the file fetched on its approach comes in: the runtime's banner
// replaces the first stage's, the UI's replaces the one without Lit, mid-click. Browsers click
// only when press and release land on the same node, so the press was lost: "accept all" held
// down as the runtime arrived did nothing (elements/click-on-release.ts). Each file is held back
// by its route until the press has begun, then let through: no timing guesses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

/** Holds back requests for `file` until the returned `release()` is called. */
async function holdBack(context, file) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let asked;
  const requested = new Promise((resolve) => { asked = resolve; });
  await context.route(`**/dist/${file}*`, async (route) => {
    asked();
    await held;
    await route.continue();
  });
  return { requested, release };
}

const shadow = (page, fn, arg) => page.evaluate(([source, a]) => new Function('root', 'arg', source)(document.querySelector('migu-consent').shadowRoot, a), [fn, arg]);
/** Marks the banner now shown, and its handlers, to tell when it has been taken over. */
const markBanner = (page) => shadow(page, 'window.__bar = root.querySelector("[part=banner]"); window.__onclick = root.querySelector("[part=accept-all]").onclick;');
/**
 * The runtime's banner has taken the first stage's over: the same nodes with its handlers (banner-lite.ts keeps
 * them, under a finger), or new ones.
 */
const bannerTakenOver = (page) => page.waitForFunction(() => {
  const accept = document.querySelector('migu-consent').shadowRoot.querySelector('[part=accept-all]');
  return accept && accept.onclick !== window.__onclick;
});

async function press(page, part, how) {
  const button = page.locator(`migu-consent [part="${part}"]`);
  if (how === 'mouse') {
    const box = await button.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
  } else {
    await button.focus();
    await page.keyboard.down(' ');
  }
}
const release = (page, how) => (how === 'mouse' ? page.mouse.up() : page.keyboard.up(' '));

/**
 * The takeover page with the runtime in (a pointer over the banner) and the UI, fetched as "customize"
 * is approached, held back until `release()`: the UI will take over the runtime's banner without Lit.
 */
async function uiHeldBack(context, page) {
  const ui = await holdBack(context, 'migu-consent.ui.js');
  await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
  await page.locator('migu-consent [part="banner"]').waitFor();
  await page.locator('migu-consent [part="banner"] h2').hover();
  await page.waitForFunction(() => window.MiguConsent.get().revision !== '' && performance.getEntriesByType('resource').some((r) => r.name.includes('migu-consent.runtime.js')));
  await page.locator('migu-consent [part="customize"]').hover();
  await ui.requested;
  await markBanner(page);
  return ui;
}

for (const how of ['mouse', 'space']) {
  test(`${how}: "accept all" pressed as the runtime comes in is accepted`, async () => {
    const { context, page, errors } = await newTrackedPage(h.browser);
    const runtime = await holdBack(context, 'migu-consent.runtime.js');
    await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
    await page.locator('migu-consent [part="banner"]').waitFor();
    await markBanner(page);
    await press(page, 'accept-all', how); // the approach fetches the runtime
    await runtime.requested;
    runtime.release();
    await bannerTakenOver(page);
    assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false, 'nothing decided while held');
    await release(page, how);
    await page.waitForFunction(() => window.MiguConsent.get().decided);
    const state = await page.evaluate(() => window.MiguConsent.get());
    assert.equal(state.categories.analytics, true);
    assert.equal(state.categories.personalization, true);
    assert.equal(state.source, 'user');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${how}: "reject all" pressed as the UI comes in is rejected`, async () => {
    const { context: context2, page: page2, errors } = await newTrackedPage(h.browser);
    const ui = await uiHeldBack(context2, page2);
    await press(page2, 'reject-all', how);
    ui.release();
    await page2.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate && !window.__bar.isConnected);
    await release(page2, how);
    await page2.waitForFunction(() => window.MiguConsent.get().decided);
    assert.equal((await page2.evaluate(() => window.MiguConsent.get())).categories.analytics, false);
    assert.deepEqual(errors, []);
    await context2.close();
  });
}

test('a press that moves off the button before its release clicks nothing, and a later click on the new button clicks once', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const runtime = await holdBack(context, 'migu-consent.runtime.js');
  await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
  await page.locator('migu-consent [part="banner"]').waitFor();
  await markBanner(page);
  await press(page, 'customize', 'mouse');
  await runtime.requested;
  runtime.release();
  await bannerTakenOver(page);
  await page.mouse.move(5, 5);
  await page.mouse.up();
  // the UI is fetched once "customize" is approached: with it in, a dialog would be open by now
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate && document.querySelector('migu-consent').shadowRoot.querySelector('dialog'));
  assert.equal(await page.evaluate(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog').open), false, 'no dialog');
  // counted on the new button: one click, one event
  await page.evaluate(() => {
    window.__clicks = 0;
    document.querySelector('migu-consent').shadowRoot.querySelector('[part="reject-all"]').addEventListener('click', () => { window.__clicks++; });
  });
  await page.locator('migu-consent [part="reject-all"]').click();
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  assert.equal(await page.evaluate(() => window.__clicks), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the banner\'s policy link keeps keyboard focus as the UI takes the banner over', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const ui = await uiHeldBack(context, page);
  await page.locator('migu-consent [part="banner"] a').focus();
  const focused = () => shadow(page, 'const a = root.activeElement; return a ? `${a.localName} ${a.textContent}` : String(document.activeElement?.localName);');
  const before = await focused();
  assert.match(before, /^a /);
  ui.release();
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate && !window.__bar.isConnected);
  assert.equal(await focused(), before, 'the same link in the new banner has focus');
  await page.keyboard.press('Tab');
  assert.equal(await shadow(page, 'return root.activeElement?.getAttribute("part");'), 'accept-all', 'and Tab goes on from there');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the banner\'s policy link, reached with the first Tab, keeps focus as the runtime\'s banner takes over the first stage\'s', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const runtime = await holdBack(context, 'migu-consent.runtime.js');
  await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
  await page.locator('migu-consent [part="banner"]').waitFor();
  await markBanner(page);
  // focus approaching the banner brings the runtime
  await page.locator('migu-consent [part="banner"] a').focus();
  await runtime.requested;
  const focused = () => shadow(page, 'const a = root.activeElement; return a ? `${a.localName} ${a.getAttribute("part") ?? ""}` : `the page\'s ${String(document.activeElement?.localName)}`;');
  const before = await focused();
  assert.match(before, /^a /);
  runtime.release();
  await bannerTakenOver(page);
  assert.equal(await focused(), before, 'the new banner\'s link has focus, not the page');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'button accept-all', 'and Tab goes on from there');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const how of ['mouse', 'space']) {
  test(`${how}: "customize" held down while the runtime's banner and then the UI's take over opens the preferences once, on release (takeover probe P3)`, async () => {
    // a first visit, the files in the cache, on a loaded machine: both files came in during one press; when the
    // runtime's banner had new buttons (not :active), the UI's took the press as focus only (the runtime's now keeps
    // the first stage's nodes, banner-lite.ts; the release still clicks once, whichever takeover saw the press)
    const { context, page, errors } = await newTrackedPage(h.browser);
    const runtime = await holdBack(context, 'migu-consent.runtime.js');
    const ui = await holdBack(context, 'migu-consent.ui.js');
    await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
    await page.locator('migu-consent [part="banner"]').waitFor();
    await markBanner(page);
    await press(page, 'customize', how); // the approach fetches the runtime
    await runtime.requested;
    runtime.release();
    await bannerTakenOver(page);
    await ui.requested; // the runtime's banner, finding "customize" pressed (focus in it), fetches the UI
    await markBanner(page);
    ui.release();
    await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate && !window.__bar.isConnected);
    await page.evaluate(() => {
      window.__clicks = 0;
      document.querySelector('migu-consent').shadowRoot.querySelector('[part="customize"]').addEventListener('click', () => { window.__clicks++; });
    });
    assert.equal(await page.evaluate(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog')?.open ?? false), false, 'nothing opened while held');
    await release(page, how);
    await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog')?.open);
    assert.equal(await page.evaluate(() => window.__clicks), 1, 'one click');
    assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a swipe on a phone\'s banner goes on scrolling it as the runtime\'s banner takes over mid-swipe (touch probe F1)', async () => {
  // 320 x 568: the banner takes half the screen and scrolls to its buttons. The swipe's touchstart fetches the
  // runtime, whose banner replaced the first stage's mid-swipe: the gesture stayed on the removed box, the
  // banner unscrolled, and a visitor's first try to reach the buttons did nothing
  const { context, page, errors } = await newTrackedPage(h.browser, { viewport: { width: 320, height: 568 }, hasTouch: true, isMobile: true });
  const runtime = await holdBack(context, 'migu-consent.runtime.js');
  await page.goto(`${h.base}/e2e/fixtures/takeover.html`);
  await page.locator('migu-consent [part="banner"]').waitFor();
  const bar = () => shadow(page, 'const b = root.querySelector("[part=banner]"); const r = b.getBoundingClientRect(); return { top: r.top, scroll: b.scrollTop, max: b.scrollHeight - b.clientHeight };');
  const { top, max } = await bar();
  assert.ok(max > 40, `the banner scrolls (${max} px)`);
  await markBanner(page);
  const cdp = await context.newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: 160, y, id: 1 }] });
  let y = Math.round(top + 100);
  await touch('touchStart', y);
  for (let i = 0; i < 4; i++) await touch('touchMove', (y -= 10));
  await runtime.requested;
  runtime.release();
  await bannerTakenOver(page);
  assert.ok((await bar()).scroll < max - 20, 'not at its end yet');
  for (let i = 0; i < 8; i++) await touch('touchMove', (y -= 10));
  await touch('touchEnd');
  // 120 px of swipe in all: to its end, where the buttons are
  await page.waitForFunction((end) => document.querySelector('migu-consent').shadowRoot.querySelector('[part=banner]').scrollTop >= end - 1, max);
  assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false, 'a swipe is no choice');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"reject all" pressed with the keyboard while the UI, asked for as focus passed "customize", is on its way: focus ends on the re-open button, not on the page', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const ui = await uiHeldBack(context, page); // the runtime's banner without Lit, "customize" approached: the UI is coming
  // Tab past "customize" and back, as a keyboard user does: Enter on "reject all" in the banner without Lit
  await page.locator('migu-consent [part="reject-all"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  const focused = () => page.evaluate(() => {
    const a = document.querySelector('migu-consent').shadowRoot.activeElement;
    return a ? `${a.localName} ${a.getAttribute('part')}` : `the page's ${String(document.activeElement?.localName)}`;
  });
  // the banner's button is gone; the UI comes after the choice
  ui.release();
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate
    && document.querySelector('migu-consent').shadowRoot.querySelector('[part=reopen]'));
  await page.waitForFunction(() => document.querySelector('migu-consent').updateComplete !== undefined);
  await page.evaluate(() => document.querySelector('migu-consent').updateComplete);
  assert.equal(await focused(), 'button reopen', 'the choice\'s button had focus: the re-open button that replaces it has it (WCAG 2.4.3)');
  assert.deepEqual(errors, []);
  await context.close();
});
