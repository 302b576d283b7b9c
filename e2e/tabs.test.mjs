// Two tabs of one origin: a choice made in one applies in the other without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, startHarness } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

test('accept in tab A reaches tab B; withdrawal in B reaches A', async () => {
  const { context, page: a, errors } = await newTrackedPage(h.browser);
  const b = await context.newPage();
  b.on('pageerror', (e) => errors.push(String(e)));
  for (const p of [a, b]) {
    await p.goto(`${h.base}/e2e/fixtures/basic.html`);
    await p.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
  }
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
