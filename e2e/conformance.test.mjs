// An outside tester's sweep of CONTRACT.md "Gated markup" and "JavaScript API" on one page that
// combines what the other suites test apart: several categories plus a service on one element,
// classic, module, inline and src gated scripts interleaved, srcset with sizes, late insertions
// (a template clone, a shadow root), a tracked link granted then revoked, every kind of
// [data-consent-open], whenGranted() for a later, a separate and a never-granted item, beacon()
// and setCookie() before and after consent, update() with unknown ids and a separate category,
// get()'s exact shape, and the events (ready once, change lists exact, bubbling and composed, from
// API calls and from another tab). Once through the script build, once through the npm build
// bundled as an app would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newTrackedPage, npmBuildAsGlobal, startHarness, until } from './support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = join(ROOT, 'e2e/fixtures/conformance.html');
const APP = 'http://app.test/';
/** In the order of the page's gated scripts. */
const ALL_RUNS = ['inline-1', '/one.js', 'module-inline-2', '/mod3.js', 'inline-4', '/combo.js', 'combo-heat'];

let harness;
let esmHtml;
let esmJs;
before(async () => {
  harness = await startHarness();
  const page = await readFile(FIXTURE, 'utf8');
  // the npm build: no script tag; the app's module imports the package (bundled, as a bundler would)
  esmHtml = page.replace(/<script src="\/dist\/migu-consent\.iife\.js"><\/script>/, '')
    .replace('</body>', '<script type="module" src="/app.js"></script></body>');
  assert.notEqual(esmHtml, page);
  esmJs = await npmBuildAsGlobal();
});
after(async () => { await harness?.stop(); });

/** A tracked page whose gated tracker scripts record their path in `window.__runs`, in the order they run. */
async function openPage(build, context) {
  const tracked = context ? undefined : await newTrackedPage(harness.browser);
  const page = context ? await context.newPage() : tracked.page;
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.route(/^https:\/\/(tracker|ads)\.example\/.*\.js$/, (route) => route.fulfill({
    contentType: 'text/javascript', body: `window.__runs.push(${JSON.stringify(new URL(route.request().url()).pathname)})`,
  }));
  if (build === 'esm') {
    await page.route(`${APP}**`, (route) => (new URL(route.request().url()).pathname === '/app.js'
      ? route.fulfill({ contentType: 'text/javascript', body: esmJs })
      : route.fulfill({ contentType: 'text/html; charset=utf-8', body: esmHtml })));
    await page.goto(APP);
  } else {
    await page.goto(`${harness.base}/e2e/fixtures/conformance.html`);
  }
  await page.waitForFunction(() => window.__events.some(([type]) => type === 'ready'));
  return { ...tracked, page, consoleErrors };
}

const api = (page, fn, arg) => page.evaluate(fn, arg);
const changes = (page) => page.evaluate(() => window.__events.filter(([t]) => t === 'change').map(([, d]) => ({ granted: d.granted, revoked: d.revoked })));
const runs = (page) => page.evaluate(() => window.__runs);

/** get() exactly as CONTRACT.md types it: every field, with its type. */
function assertShape(state, expected) {
  assert.deepEqual(Object.keys(state).sort(), ['categories', 'consentId', 'decided', 'revision', 'services', 'signals', 'source', 'updatedAt']);
  assert.equal(typeof state.decided, 'boolean');
  assert.equal(typeof state.consentId, 'string');
  assert.equal(typeof state.updatedAt, 'string');
  assert.deepEqual(state.signals, { dnt: false, gpc: false });
  for (const map of [state.categories, state.services]) for (const v of Object.values(map)) assert.equal(typeof v, 'boolean');
  if (state.decided) {
    assert.match(state.consentId, /\S/);
    assert.equal(new Date(state.updatedAt).toISOString(), state.updatedAt, 'updatedAt is an ISO date');
  }
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(state[key], value, key);
}

const CATEGORIES_NONE = { necessary: true, functional: false, analytics: false, personalization: false, marketing: false, sharing: false };
const SERVICES_NONE = { stats: false, heat: false, adnet: false, partner: false };

async function sweep(build) {
  const { page, tracker, requests, errors, context, settle, consoleErrors } = await openPage(build);
  const trackerRequests = () => requests.filter((u) => /^https?:\/\/(tracker|ads|pixel)\.example\//.test(u));
  const prefs = page.locator('[part="preferences"]');
  try {
    await settle();
    // before any choice: nothing gated runs, loads or pings; the API refuses beacon and setCookie
    assert.deepEqual(await runs(page), []);
    assertShape(await api(page, () => window.MiguConsent.get()), { decided: false, revision: '7', consentId: '', updatedAt: '', source: 'default', categories: CATEGORIES_NONE, services: SERVICES_NONE });
    assert.equal(await api(page, () => window.MiguConsent.beacon('analytics', 'https://tracker.example/beacon-before')), false);
    assert.equal(await api(page, () => window.MiguConsent.setCookie('analytics', '_st', 'before', { path: '/' })), false);
    assert.equal(await page.getAttribute('#link', 'href'), '/e2e/fixtures/gating-target.html');
    assert.equal(await page.getAttribute('#link', 'ping'), null);
    assert.equal(await page.getAttribute('#srcset', 'src'), null);
    await api(page, () => {
      window.__when = {};
      const wait = (key, category, service) => window.MiguConsent.whenGranted(category, service)
        .then((state) => { window.__when[key] = state.decided; }, () => { window.__when[key] = 'rejected'; });
      wait('analytics', 'analytics');
      wait('sharing', 'sharing');
      wait('partner', 'sharing', 'partner'); // a separate service never switched on: stays pending
      wait('stats-svc', 'analytics', 'stats');
    });

    // update() with an unknown id: the rest applies; the unknown one is a console error
    await api(page, () => window.MiguConsent.update({ analytics: true, bogus: true }));
    // an inline module holds back the scripts after it until it has run: a step settle() does not see
    await page.waitForFunction(() => window.__runs.includes('inline-4'));
    await settle();
    assert.ok(consoleErrors.some((t) => /bogus/.test(t)), consoleErrors.join('\n'));
    assert.deepEqual(await runs(page), ['inline-1', '/one.js', 'module-inline-2', '/mod3.js', 'inline-4']);
    const afterUpdate = await api(page, () => window.MiguConsent.get());
    assertShape(afterUpdate, { decided: true, revision: '7', source: 'user', categories: { ...CATEGORIES_NONE, analytics: true }, services: { ...SERVICES_NONE, stats: true, heat: true } });
    assert.deepEqual(await changes(page), [{ granted: ['analytics', 'stats', 'heat'], revoked: [] }]);
    await page.waitForFunction(() => window.__when.analytics === true && window.__when['stats-svc'] === true);
    // the tracked link with its ping while granted
    assert.equal(new URL(await page.getAttribute('#link', 'href'), harness.base).search, '?tracked=1');
    assert.equal(await page.getAttribute('#link', 'ping'), 'https://pixel.example/ping.gif');

    // beacon(): sent, and seen on the network, only now
    assert.ok(!trackerRequests().some((u) => u.includes('beacon-before')), 'no beacon before consent');
    assert.equal(await api(page, () => window.MiguConsent.beacon('analytics', 'https://tracker.example/beacon-after', 'x')), true);
    await until(() => tracker.includes('https://tracker.example/beacon-after'), 'the granted beacon never went out');
    // setCookie(): written now, with its path and expiry
    assert.equal(await api(page, () => window.MiguConsent.setCookie('analytics', '_st', 'after', { path: '/e2e/', expires: 3 })), true);
    const st = (await context.cookies(`${new URL(page.url()).origin}/e2e/x`)).find((c) => c.name === '_st');
    assert.equal(st?.value, 'after');
    assert.equal(st.path, '/e2e/');
    assert.ok(Math.abs(st.expires - (Date.now() / 1000 + 3 * 86400)) < 120, `expires in 3 days: ${st.expires}`);
    assert.ok(!(await context.cookies()).some((c) => c.name === '_st' && c.value === 'before'), 'nothing written before consent');
    if (build === 'esm') {
      // a domain attribute (a host name here: the script build's page is on an IP address)
      assert.equal(await api(page, () => window.MiguConsent.setCookie('analytics', '_sd', '1', { domain: 'app.test', expires: new Date(Date.now() + 86400e3) })), true);
      const sd = (await context.cookies(APP)).find((c) => c.name === '_sd');
      assert.equal(sd?.domain, '.app.test');
      assert.ok(Math.abs(sd.expires - (Date.now() / 1000 + 86400)) < 120, `expires in a day: ${sd.expires}`);
    }

    // withdrawal (revoke="none"): the clean href comes back, the ping goes
    await api(page, () => window.MiguConsent.update({ analytics: false }));
    await settle();
    assert.equal(await page.getAttribute('#link', 'href'), '/e2e/fixtures/gating-target.html');
    assert.equal(await page.getAttribute('#link', 'ping'), null);
    assert.deepEqual((await changes(page)).at(-1), { granted: [], revoked: ['analytics', 'stats', 'heat'] });
    assert.equal(await api(page, () => window.MiguConsent.beacon('analytics', 'https://tracker.example/beacon-revoked')), false);
    assert.equal(await api(page, () => window.MiguConsent.get().consentId), afterUpdate.consentId, 'consentId stable across update()');

    // re-grant, then accept all twice: nothing runs twice, the rest runs in document order
    await api(page, () => window.MiguConsent.update({ analytics: true }));
    await api(page, () => window.MiguConsent.acceptAll());
    await settle();
    const accepted = await api(page, () => window.MiguConsent.get());
    assertShape(accepted, {
      decided: true, consentId: afterUpdate.consentId, source: 'user',
      categories: { ...CATEGORIES_NONE, functional: true, analytics: true, personalization: true, marketing: true },
      services: { ...SERVICES_NONE, stats: true, heat: true, adnet: true },
    });
    assert.deepEqual((await changes(page)).slice(-2), [
      { granted: ['analytics', 'stats', 'heat'], revoked: [] },
      { granted: ['functional', 'personalization', 'marketing', 'adnet'], revoked: [] },
    ]);
    await api(page, () => window.MiguConsent.acceptAll());
    await settle();
    assert.deepEqual(await runs(page), ALL_RUNS);
    assert.deepEqual(await api(page, () => window.__when), { analytics: true, 'stats-svc': true }, 'accept all grants no separate item');
    // img with data-srcset and sizes
    assert.equal(await page.getAttribute('#srcset', 'srcset'), 'https://pixel.example/s1.gif 1x, https://pixel.example/s2.gif 2x');
    assert.equal(await page.getAttribute('#srcset', 'sizes'), '100px');
    await page.waitForFunction(() => document.getElementById('srcset').complete && document.getElementById('svc-img').complete);
    assert.equal(tracker.filter((u) => u === 'https://pixel.example/svc.gif').length, 1);

    // a separate category through update(): granted, its event lists it alone; its separate service stays off
    await api(page, () => window.MiguConsent.update({ sharing: true }));
    await page.waitForFunction(() => window.__when.sharing === true);
    assert.deepEqual((await changes(page)).at(-1), { granted: ['sharing'], revoked: [] });
    assert.equal(await api(page, () => window.MiguConsent.isGranted('sharing', 'partner')), false);

    // late insertions: a template clone's iframe loads at insertion; markup in a shadow root stays
    // inert (docs/gated-markup.md: only the light DOM is gated)
    await api(page, () => {
      document.body.append(document.getElementById('tpl').content.cloneNode(true));
      const root = document.getElementById('host').attachShadow({ mode: 'open' });
      const frame = document.createElement('iframe');
      frame.dataset.consent = 'marketing';
      frame.dataset.src = 'https://ads.example/shadow.html';
      const open = document.createElement('button');
      open.id = 'shadow-open';
      open.setAttribute('data-consent-open', '');
      open.textContent = 'privacy';
      root.append(frame, open);
      const late = document.createElement('span');
      late.id = 'late-open';
      late.setAttribute('data-consent-open', '');
      late.textContent = 'privacy';
      document.body.append(late);
    });
    await until(() => tracker.includes('https://ads.example/tpl.html'), 'the cloned template\'s iframe never loaded');
    await settle();
    assert.ok(!tracker.includes('https://ads.example/shadow.html'), 'the shadow root\'s gated iframe is not activated');

    // reset(): asked again; a new grant runs nothing that already ran
    await api(page, () => window.MiguConsent.reset());
    assertShape(await api(page, () => window.MiguConsent.get()), { decided: false, consentId: '', updatedAt: '', source: 'default' });
    await api(page, () => window.MiguConsent.acceptAll());
    await settle();
    assert.deepEqual(await runs(page), ALL_RUNS);
    assert.notEqual(await api(page, () => window.MiguConsent.get().consentId), afterUpdate.consentId, 'a choice after reset() is a new one');

    // [data-consent-open]: a button, a span inside a link (the link is not followed, by mouse or keyboard), a late one, one in a shadow root
    const url = page.url();
    for (const selector of ['#open-btn', '#open-span', '#late-open', '#host >> #shadow-open']) {
      await page.click(selector);
      await prefs.waitFor({ state: 'visible' });
      assert.equal(page.url(), url, selector);
      await page.keyboard.press('Escape');
      await prefs.waitFor({ state: 'hidden' });
    }
    // from the keyboard: Enter on the link that holds the span clicks the link, whose path has no span
    await page.focus('#open-link');
    await page.keyboard.press('Enter');
    await prefs.waitFor({ state: 'visible' });
    assert.equal(page.url(), url, 'Enter on the link around the span');
    await page.keyboard.press('Escape');
    await prefs.waitFor({ state: 'hidden' });

    // events: one ready for the page; every one bubbling and composed
    const events = await api(page, () => window.__events.map(([type, , bubbles, composed]) => [type, bubbles, composed]));
    assert.equal(events.filter(([t]) => t === 'ready').length, 1);
    assert.ok(events.every(([, b, c]) => b && c), JSON.stringify(events));
    // whenGranted() for what was never granted stays pending, never rejects
    assert.equal(await api(page, () => window.__when.partner), undefined);

    // a returning visit: the stored choice activates without a click, each script once, in order
    await page.reload();
    await page.waitForFunction(() => window.__events.some(([type]) => type === 'ready'));
    await page.waitForFunction((n) => window.__runs.length >= n, ALL_RUNS.length);
    await settle();
    assert.deepEqual(await runs(page), ALL_RUNS);
    assert.equal(new URL(await page.getAttribute('#link', 'href'), harness.base).search, '?tracked=1');
    assertShape(await api(page, () => window.MiguConsent.get()), { decided: true, source: 'user', revision: '7' });
    assert.deepEqual(await api(page, () => window.__events.map(([type]) => type)), ['ready']);
    assert.deepEqual(errors, []);
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

test('script build: gated markup and the JavaScript API, combined on one page, as CONTRACT.md says', async () => {
  const { context } = await sweep('iife');
  await context.close();
});

test('npm build (import \'migu-consent\' through a bundler): the same page, the same answers', async () => {
  const { context } = await sweep('esm');
  await context.close();
});

test('a choice made in another tab: change with exact lists, whenGranted() resolves, gated markup runs once', async () => {
  const { page, context, settle, errors } = await openPage('iife');
  try {
    await api(page, () => {
      window.__when = {};
      window.MiguConsent.whenGranted('marketing').then(() => { window.__when.marketing = true; });
    });
    const other = await openPage('iife', context);
    await api(other.page, () => window.MiguConsent.update({ analytics: true, marketing: true, adnet: false }));
    await page.waitForFunction(() => window.__when.marketing === true);
    await page.waitForFunction(() => window.__runs.includes('combo-heat'));
    await settle(page);
    assert.deepEqual(await changes(page), [{ granted: ['analytics', 'marketing', 'stats', 'heat'], revoked: [] }]);
    assert.deepEqual(await runs(page), ['inline-1', '/one.js', 'module-inline-2', '/mod3.js', 'inline-4', 'combo-heat']);
    await api(other.page, () => window.MiguConsent.update({ marketing: false }));
    await page.waitForFunction(() => window.__events.filter(([t]) => t === 'change').length === 2);
    assert.deepEqual((await changes(page)).at(-1), { granted: [], revoked: ['marketing'] });
    const events = await api(page, () => window.__events.map(([type, , bubbles, composed]) => [type, bubbles, composed]));
    assert.deepEqual(events, [['ready', true, true], ['change', true, true], ['change', true, true]]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
