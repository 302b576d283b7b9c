// Five tabs of one origin and ~20 choices made in random tabs (seeded): after each, every tab is on the
// last choice, and no gated item runs or loads twice within one page load ("On grant it runs once ...
// Never twice"). A withdrawal reloads exactly the tabs in which a script of that category ran (default
// revoke="reload"), or no tab at all (revoke="none"), where a re-grant must not run the script again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, prng, startHarness } from './support.mjs';

const FIXTURE = '/e2e/fixtures/tabs-many.html';
const TABS = 5;
const STEPS = 20;
const CATEGORIES = ['functional', 'analytics', 'personalization', 'marketing'];
const SEED = Number(process.env.TABS_SEED ?? 20261128);
const SCRIPT = 'https://ads.example/tabs.js';
const PIXEL = 'https://pixel.example/tabs.gif';
const delay = (ms) => new Promise((r) => { setTimeout(r, ms); });

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

/** What the page says now, or undefined while it (re)loads. */
async function read(page) {
  try {
    return await page.evaluate(() => {
      if (document.readyState !== 'complete' || !window.MiguConsent) return undefined;
      const { decided, categories } = window.MiguConsent.get();
      return { load: window.__load, decided, categories, runs: Number(localStorage.getItem(`runs:${window.__load}`) ?? 0) };
    });
  } catch {
    return undefined; // the page navigated meanwhile (a reload)
  }
}

async function openTabs(query) {
  const { context, errors, settle } = await newTrackedPage(h.browser);
  const tabs = [];
  for (let i = 0; i < TABS; i++) {
    const page = await context.newPage();
    // requests of the gated script and pixel, one list per page load of this tab
    const tab = { page, loads: [], ranA: false, ranM: false, load: undefined };
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) tab.loads.push([]); });
    page.on('request', (r) => { if (r.url() === SCRIPT || r.url() === PIXEL) tab.loads.at(-1)?.push(r.url()); });
    page.on('pageerror', (e) => errors.push(`tab ${i}: ${String(e)}`));
    await page.goto(`${h.base}${FIXTURE}${query}`);
    tab.load = (await read(page))?.load;
    assert.ok(tab.load, `tab ${i} loaded`);
    tabs.push(tab);
  }
  return { context, errors, tabs, settle };
}

/** Runs the seeded sequence with `<migu-consent revoke=...>` given by `query`; counts reloads and re-grants. */
async function runSequence(query, revoke) {
  const { context, errors, tabs, settle } = await openTabs(query);
  const random = prng(SEED);
  let expected = Object.fromEntries(CATEGORIES.map((c) => [c, false]));
  let reloads = 0;
  let regrants = 0; // a grant in a tab whose load already ran that category's script
  const count = (tab, url) => tab.loads.at(-1).filter((u) => u === url).length;

  for (let step = 0; step < STEPS; step++) {
    const actor = Math.floor(random() * TABS);
    const roll = random();
    const before = expected;
    let action;
    if (roll < 0.3) {
      action = 'acceptAll()';
      await tabs[actor].page.evaluate(() => window.MiguConsent.acceptAll());
      expected = Object.fromEntries(CATEGORIES.map((c) => [c, true]));
    } else if (roll < 0.55) {
      action = 'rejectAll()';
      await tabs[actor].page.evaluate(() => window.MiguConsent.rejectAll());
      expected = Object.fromEntries(CATEGORIES.map((c) => [c, false]));
    } else {
      const choice = Object.fromEntries(CATEGORIES.map((c) => [c, random() < 0.5]));
      action = `update(${JSON.stringify(choice)})`;
      await tabs[actor].page.evaluate((c) => window.MiguConsent.update(c), choice);
      expected = choice;
    }
    const where = `step ${step} (seed ${SEED}): tab ${actor} ${action}`;
    const revoked = CATEGORIES.filter((c) => before[c] && !expected[c]);

    // which tabs must reload: those where a script of a withdrawn category ran in this page load
    for (const tab of tabs) {
      tab.mustReload = revoke === 'reload'
        && ((revoked.includes('analytics') && tab.ranA) || (revoked.includes('marketing') && tab.ranM));
      if (!tab.mustReload && ((!before.analytics && expected.analytics && tab.ranA) || (!before.marketing && expected.marketing && tab.ranM))) regrants++;
    }

    const settled = async (tab) => {
      const now = await read(tab.page);
      if (!now?.decided || CATEGORIES.some((c) => now.categories[c] !== expected[c])) return false;
      if (tab.mustReload && now.load === tab.load) return false;
      const reloaded = now.load !== tab.load;
      const ranA = (reloaded ? false : tab.ranA) || expected.analytics;
      const ranM = (reloaded ? false : tab.ranM) || expected.marketing;
      // what ran in this load ran exactly once: granted now or earlier in this load
      return now.runs === (ranA ? 1 : 0) && count(tab, SCRIPT) === (ranM ? 1 : 0) && count(tab, PIXEL) === (ranM ? 1 : 0);
    };
    const deadline = Date.now() + 10_000;
    for (let i = 0; i < TABS; i++) {
      while (!(await settled(tabs[i]))) {
        if (Date.now() > deadline) {
          const t = tabs[i];
          assert.fail(`${where}: tab ${i} did not settle on ${JSON.stringify(expected)}; it shows ${JSON.stringify(await read(t.page))}, ` +
            `script ${count(t, SCRIPT)}x, pixel ${count(t, PIXEL)}x in this load, must reload: ${t.mustReload}`);
        }
        await delay(25);
      }
    }
    // a reload that was not due, or a second run, would show up once the tabs settle: look again
    for (const tab of tabs) await settle(tab.page);
    for (let i = 0; i < TABS; i++) {
      const tab = tabs[i];
      const now = await read(tab.page);
      assert.ok(now, `${where}: tab ${i} is not reloading`);
      const reloaded = now.load !== tab.load;
      assert.equal(reloaded, tab.mustReload, `${where}: tab ${i} ${tab.mustReload ? 'must' : 'must not'} reload`);
      assert.ok(await settled(tab), `${where}: tab ${i} still on the choice, each item once`);
      if (reloaded) reloads++;
      tab.ranA = (reloaded ? false : tab.ranA) || expected.analytics;
      tab.ranM = (reloaded ? false : tab.ranM) || expected.marketing;
      tab.load = now.load;
    }
  }

  // over every page load of every tab: each item at most once
  const runs = await tabs[0].page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('runs:')).map(([, v]) => Number(v)));
  assert.ok(runs.length >= 1, 'the gated inline script ran at least once in the sequence');
  assert.deepEqual(runs.filter((n) => n !== 1), [], 'the inline script never ran twice in one page load');
  for (const [i, tab] of tabs.entries()) {
    for (const load of tab.loads) {
      assert.ok(load.filter((u) => u === SCRIPT).length <= 1, `tab ${i}: the gated script requested at most once per load`);
      assert.ok(load.filter((u) => u === PIXEL).length <= 1, `tab ${i}: the pixel requested at most once per load`);
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
  return { reloads, regrants };
}

test('five tabs, random choices in random tabs, revoke="none": all follow the last choice, nothing runs twice, no reload', async () => {
  const { reloads, regrants } = await runSequence('?revoke=none', 'none');
  assert.equal(reloads, 0);
  assert.ok(regrants > 0, 'the sequence re-granted a category whose script had already run in that load');
});

test('five tabs, random choices in random tabs, default revoke="reload": all follow, a withdrawal reloads the tabs where that script ran, nothing runs twice in one load', async () => {
  const { reloads } = await runSequence('', 'reload');
  assert.ok(reloads > 0, 'the sequence withdrew a category whose script had run, so some tab reloaded');
});
