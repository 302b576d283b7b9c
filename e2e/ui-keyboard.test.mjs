// The consent UI with the keyboard only, in the script-tag build: Tab to the banner's
// buttons, open the preferences with Enter, switch with Space, save, reopen, Escape.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

/** What has focus, looking into shadow roots: its part, name and whether a dialog holds it. */
const focused = (page) => page.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return { part: a?.getAttribute('part') ?? '', name: a?.getAttribute('name') ?? '', tag: a?.tagName ?? '', inDialog: !!a?.closest('dialog') };
});

/** Presses Tab until `matches(focus)`; fails after `max` presses. Returns the focus stops on the way. */
async function tabTo(page, matches, max = 30) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(f);
    if (matches(f)) return seen;
  }
  throw new Error(`not reached by Tab; focus went ${JSON.stringify(seen)}`);
}

const state = (page) => page.evaluate(() => window.MiguConsent.get());
const dialogOpen = (page) => page.evaluate(() => document.querySelector('migu-consent').shadowRoot.querySelector('dialog').open);

test('keyboard only: Tab to the banner, Enter on customize, Space on a switch, save, reopen, Escape', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html`);
  await page.locator('migu-consent [part="banner"]').waitFor();

  const stops = await tabTo(page, (f) => f.part === 'customize');
  const parts = stops.map((f) => f.part).filter(Boolean);
  assert.deepEqual(parts, ['policy', 'accept-all', 'reject-all', 'customize'], 'the policy link, then the banner buttons in order');

  await page.keyboard.press('Enter');
  await page.locator('migu-consent dialog[open]').waitFor();
  assert.equal((await focused(page)).inDialog, true, 'focus moved into the dialog');

  await tabTo(page, (f) => f.name === 'personalization');
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.querySelector('migu-consent').shadowRoot.querySelector('input[name="personalization"]').checked), true);
  assert.equal((await state(page)).decided, false, 'a switch alone records nothing');

  const toSave = await tabTo(page, (f) => f.part === 'save');
  assert.ok(toSave.every((f) => f.inDialog), 'Tab stays inside the dialog');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  const saved = await state(page);
  assert.equal(saved.categories.personalization, true);
  assert.equal(saved.categories.analytics, false);
  assert.equal(saved.categories.marketing, false);
  assert.equal(saved.source, 'user');
  assert.equal((await context.cookies()).filter((c) => c.name === 'migu_consent').length, 1);
  assert.equal(await dialogOpen(page), false);

  // the banner is gone: focus landed on the re-open button, not on <body>
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot.activeElement?.getAttribute('part') === 'reopen');
  await page.keyboard.press('Enter');
  await page.locator('migu-consent dialog[open]').waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('migu-consent').shadowRoot.querySelector('input[name="personalization"]').checked), true, 'prefilled with the saved choice');
  // (personalization would take effect at once here, PIPL Art. 24: any other switch waits for save)
  await tabTo(page, (f) => f.name === 'analytics');
  await page.keyboard.press('Space'); // switched on, then abandoned
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('migu-consent').shadowRoot.querySelector('dialog').open);
  assert.equal((await focused(page)).part, 'reopen', 'focus returns to the opener');
  const after = await state(page);
  assert.equal(after.categories.analytics, false, 'Escape recorded nothing');
  assert.equal(after.categories.personalization, true);
  assert.equal(after.updatedAt, saved.updatedAt, 'no new decision');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: Escape on a first visit is not consent', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/ui.html?lang=en`);
  await page.locator('migu-consent [part="banner"]').waitFor();
  await tabTo(page, (f) => f.part === 'customize');
  await page.keyboard.press('Enter');
  await page.locator('migu-consent dialog[open]').waitFor();
  await page.keyboard.press('Space');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('migu-consent').shadowRoot.querySelector('dialog').open);
  assert.equal((await focused(page)).part, 'customize', 'focus back on customize');
  assert.equal((await state(page)).decided, false);
  assert.deepEqual(await context.cookies(), [], 'no cookie at all');
  assert.equal(await page.locator('migu-consent [part="banner"]').isVisible(), true, 'the banner still asks');
  assert.equal(await page.locator('migu-consent [part="banner"] [part="reject-all"]').textContent(), 'Reject all');

  // Tab from the banner reaches the page: the banner is not modal
  const stops = await tabTo(page, (f) => f.tag === 'A' && !f.part, 10);
  assert.ok(stops.length > 0);
  assert.deepEqual(errors, []);
  await context.close();
});
