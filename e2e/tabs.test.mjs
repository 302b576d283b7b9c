// Two tabs of one origin: a choice made in one applies in the other without a reload.
import { test, before, after } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { newTrackedPage, recordConsentEvents, startHarness } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

/**
 * Two tabs of one context, page errors of both in `errors`. With `path`, both open it and wait for
 * their `migu-consent-ready` (the fixture records it, as basic.html does, or `events` does); with
 * `events`, every page of the context records its ready and change events (recordConsentEvents).
 */
async function twoTabs({ path, events = false } = {}) {
  const { context, page: a, errors } = await newTrackedPage(h.browser);
  if (events) await recordConsentEvents(context);
  const b = await context.newPage();
  b.on('pageerror', (e) => errors.push(String(e)));
  if (path) {
    for (const p of [a, b]) {
      await p.goto(`${h.base}${path}`);
      await p.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
    }
  }
  return { context, a, b, errors };
}

test('accept in tab A reaches tab B; withdrawal in B reaches A', async () => {
  const { context, a, b, errors } = await twoTabs({ path: '/e2e/fixtures/basic.html' });
  await a.evaluate(() => window.MiguConsent.acceptAll());
  await b.waitForFunction(() => window.MiguConsent.isGranted('analytics'));
  const changeInB = await b.evaluate(() => window.__events.filter(([t]) => t === 'change').map(([, d]) => d.granted));
  assert.equal(changeInB.length, 1);
  assert.ok(changeInB[0].includes('analytics'));

  await b.evaluate(() => window.MiguConsent.update({ analytics: false }));
  await a.waitForFunction(() => !window.MiguConsent.isGranted('analytics'));
  const revokedInA = await a.evaluate(() => window.__events.filter(([t]) => t === 'change').at(-1)[1].revoked);
  assert.deepEqual(revokedInA, ['analytics']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a choice made in another tab, or by the page\'s own script, while this tab\'s banner shows leaves the re-open button in its place', async () => {
  const { context, a, b, errors } = await twoTabs({ events: true });
  // the loader fixture with a policy-url: nothing to report, so the first stage alone shows the banner
  const fixture = readFileSync(new URL('fixtures/loader.html', import.meta.url), 'utf8');
  const clean = fixture.replace('<migu-consent revision="1">', '<migu-consent revision="1" policy-url="/privacy.html">');
  assert.notEqual(clean, fixture);
  await context.route(`${h.base}/generated/loader-clean.html`, (route) => route.fulfill({ contentType: 'text/html', body: clean }));
  const runtimeIn = (p) => p.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/migu-consent.runtime.js')));
  const reopenOnly = async (p, what) => {
    await p.locator('migu-consent [part=reopen]').waitFor({ timeout: 5000 }).catch(() => assert.fail(`${what}: no re-open button`));
    assert.equal(await p.locator('migu-consent [part=banner]').count(), 0, `${what}: the banner is gone`);
  };
  const cases = [
    // no policy-url: the runtime comes once the page is idle, to report it, and shows its own banner
    { what: 'runtime in, choice in the other tab', path: '/e2e/fixtures/loader.html', ready: (p) => p.waitForFunction(() => window.__events?.some(([t]) => t === 'ready')), decide: () => a.locator('migu-consent [part=accept-all]').click(), runtime: true },
    { what: 'first stage only, choice in the other tab', path: '/generated/loader-clean.html', ready: (p) => p.locator('migu-consent [part=banner]').waitFor(), decide: () => a.locator('migu-consent [part=reject-all]').click(), runtime: false },
  ];
  for (const c of cases) {
    await context.clearCookies();
    for (const p of [a, b]) {
      await p.goto(`${h.base}${c.path}`);
      await c.ready(p);
    }
    if (c.runtime) await b.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/migu-consent.runtime.js')));
    assert.equal(await runtimeIn(b), c.runtime, `${c.what}: the runtime is in before the choice, or not`);
    await c.decide();
    await reopenOnly(a, `${c.what}: the tab that chose`);
    await reopenOnly(b, `${c.what}: the other tab`);
  }
  // the page's own script decides while the runtime's banner shows (a site's own "accept" button)
  await context.clearCookies();
  await b.close();
  await a.goto(`${h.base}/e2e/fixtures/loader.html`);
  await a.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
  assert.equal(await runtimeIn(a), true);
  await a.locator('migu-consent [part=banner]').waitFor();
  await a.evaluate(() => window.MiguConsent.acceptAll());
  await reopenOnly(a, 'a choice by the API');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a withdrawal in another tab while this tab\'s preferences are open with unsaved changes: the untouched switches follow it, "save" does not grant it again', async () => {
  // basic.html records its events itself: recordConsentEvents on top would push each one twice
  const { context, a, b, errors } = await twoTabs({ path: '/e2e/fixtures/basic.html' });
  await a.evaluate(() => window.MiguConsent.acceptAll());
  await b.waitForFunction(() => window.MiguConsent.isGranted('analytics'));
  await b.evaluate(() => window.MiguConsent.showPreferences());
  const dialog = b.locator('migu-consent [part=preferences]');
  await dialog.locator('input[name=marketing]').uncheck(); // B's own unsaved change
  await a.evaluate(() => window.MiguConsent.update({ analytics: false }));
  await b.waitForFunction(() => !window.MiguConsent.isGranted('analytics'));
  await dialog.locator('input[name=analytics]:not(:checked)').waitFor({ timeout: 5000 })
    .catch(() => assert.fail('B\'s analytics switch still shows the grant withdrawn in A'));
  assert.equal(await dialog.locator('input[name=marketing]').isChecked(), false, 'B\'s own change is kept');
  await dialog.locator('[part=save]').click();
  await b.waitForFunction(() => window.MiguConsent.get().source === 'user' && !window.MiguConsent.isGranted('marketing'));
  const { categories } = await b.evaluate(() => window.MiguConsent.get());
  assert.deepEqual({ analytics: categories.analytics, marketing: categories.marketing, functional: categories.functional },
    { analytics: false, marketing: false, functional: true });
  assert.deepEqual(errors, []);
  await context.close();
});
