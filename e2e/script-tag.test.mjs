// The script-tag build on a plain page: API, element, events, consent cookie.
import { test, before, after } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { newTrackedPage, npmBuildAsGlobal, recordConsentEvents, startHarness, until, waitForCookie, withSignals } from './support.mjs';

let h;
before(async () => { h = await startHarness(); });
after(async () => { await h?.stop(); });

/** The loader page after a decision and a reload, once its re-open button shows. */
async function returningVisitor(page, decision) {
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await page.evaluate((d) => window.MiguConsent[d](), decision);
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
}

test('the script tag defines window.MiguConsent, adds <migu-consent> and fires ready', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/basic.html`);
  await page.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
  const info = await page.evaluate(() => ({
    api: Object.keys(window.MiguConsent).length >= 0 && typeof window.MiguConsent.acceptAll,
    elements: document.querySelectorAll('migu-consent').length,
    state: window.MiguConsent.get(),
  }));
  assert.equal(info.api, 'function');
  assert.equal(info.elements, 1);
  assert.equal(info.state.decided, false);
  assert.equal(info.state.source, 'default');
  assert.deepEqual(Object.entries(info.state.categories).filter(([, v]) => v).map(([k]) => k), ['necessary']);
  assert.deepEqual(await context.cookies(), [], 'nothing is written before a choice');
  assert.deepEqual(errors, []);
  await context.close();
});

test('acceptAll writes one versioned cookie (Path=/, SameSite=Lax, < 300 B) and fires change', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/basic.html`);
  await page.waitForFunction(() => window.__events?.length > 0);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  const cookies = await context.cookies();
  assert.equal(cookies.length, 1);
  const [c] = cookies;
  assert.equal(c.name, 'migu_consent');
  assert.equal(c.path, '/');
  assert.equal(c.sameSite, 'Lax');
  assert.equal(c.secure, false, 'no Secure on plain http');
  assert.ok(c.value.startsWith('1.') && c.value.length <= 300);
  const days = (c.expires * 1000 - Date.now()) / 86_400_000;
  assert.ok(days > 364 && days < 366, `expires in ${days} days`);
  const change = await page.evaluate(() => window.__events.find(([t]) => t === 'change')[1]);
  assert.ok(change.granted.includes('analytics') && change.granted.includes('marketing'));
  assert.deepEqual(change.revoked, []);
  assert.equal(change.state.source, 'user');

  await page.reload();
  await page.waitForFunction(() => window.__events?.length > 0);
  const state = await page.evaluate(() => window.MiguConsent.get());
  assert.equal(state.decided, true);
  assert.equal(state.categories.analytics, true);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * What files of an earlier build do, as far as a first stage can tell (upgrade probe F3, F4: a cache kept them
 * beside a new migu-consent.iife.js, and the banner's choice or the preferences failed without a word; upgrade
 * probe 2, F1: one that fails as it runs, reading a module this first stage no longer has): they register without
 * a stamp (shared/build.ts), with exports of their own time (here ones that say when used), or throw first.
 */
const EARLIER_BUILD = {
  runtime: "throw new Error('migu-consent.runtime.js needs migu-consent.iife.js of the same version (shared/url)')",
  ui: "window[Symbol.for('migu-consent.chunks')].loaded('loader').whenStarted(() => { window.__stale.push('ui'); });",
};

test('files of an earlier build that a cache keeps under their plain names are never asked for: each file is asked for with the build\'s stamp (?v=<build>), and the banner\'s choice and the preferences work', async () => {
  const { page, errors, context } = await newTrackedPage(h.browser);
  const fetched = [];
  await context.route(/\/dist\/migu-consent\.(runtime|ui)\.js(\?.*)?$/, (route) => {
    const url = route.request().url();
    const [name, file, query] = url.match(/migu-consent\.(runtime|ui)\.js(\?.*)?$/);
    fetched.push(name);
    return query ? route.continue() : route.fulfill({ contentType: 'text/javascript', body: EARLIER_BUILD[file] });
  });
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  await page.addInitScript(() => { window.__stale = []; });
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await page.locator('migu-consent [part=accept-all]').click();
  await page.waitForFunction(() => window.__trackers?.length === 1);
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true);
  await page.locator('migu-consent [part=reopen]').click();
  await page.locator('migu-consent [part=preferences]').waitFor({ state: 'visible' });
  assert.deepEqual(await page.evaluate(() => window.__stale), [], 'nothing of the earlier build was used');
  const stamp = fetched[0]?.split('?v=')[1];
  assert.match(stamp ?? '', /^[0-9a-f]{8}$/, fetched.join(', '));
  assert.deepEqual(fetched, [`migu-consent.runtime.js?v=${stamp}`, `migu-consent.ui.js?v=${stamp}`]);
  assert.deepEqual([...errors, ...logged], []);
  await context.close();
});

test('a folder that mixes builds (or a cache that ignores the query): the UI of the earlier build is used, as before stamps, and the console says so', async () => {
  const { page, errors, context } = await newTrackedPage(h.browser);
  await context.route(/\/dist\/migu-consent\.ui\.js(\?.*)?$/, (route) => route.fulfill({ contentType: 'text/javascript', body: EARLIER_BUILD.ui }));
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  await page.addInitScript(() => { window.__stale = []; });
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await page.evaluate(() => window.MiguConsent.showPreferences());
  await page.waitForFunction(() => window.__stale.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__stale), ['ui']);
  await until(() => logged.length > 0, () => 'no error');
  assert.deepEqual(logged, ['[migu-consent:api] migu-consent.ui.js is of another build: serve one build\'s files together']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without structuredClone (Chrome 88 to 97, which the script build supports) the first stage\'s get() and migu-consent-ready work, as copies, and nothing is thrown', async () => {
  const { page, errors, context } = await newTrackedPage(h.browser);
  await page.addInitScript(() => {
    delete window.structuredClone;
    document.addEventListener('migu-consent-ready', (e) => { window.__ready = e.detail; });
  });
  const fixture = readFileSync(new URL('fixtures/loader.html', import.meta.url), 'utf8').replace('<migu-consent revision="1">', '<migu-consent revision="1" policy-url="/privacy.html">');
  await context.route(`${h.base}/generated/loader-old.html`, (route) => route.fulfill({ contentType: 'text/html', body: fixture }));
  for (const visit of ['first', 'returning']) {
    await page.goto(`${h.base}/generated/loader-old.html`);
    await page.waitForFunction(() => window.__ready !== undefined);
    assert.equal(await page.evaluate(() => typeof window.structuredClone), 'undefined');
    assert.equal(await page.evaluate(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('runtime')), undefined, `${visit}: the first stage alone`);
    const ready = await page.evaluate(() => window.__ready);
    assert.equal(ready.decided, visit === 'returning');
    assert.equal(ready.categories.analytics, visit === 'returning');
    assert.deepEqual(await page.evaluate(() => window.MiguConsent.get()), ready, `${visit}: get() says the same`);
    // copies: what the page does to them changes nothing
    assert.equal(await page.evaluate(() => {
      window.__ready.categories.marketing = !window.__ready.categories.marketing;
      const state = window.MiguConsent.get();
      state.categories.marketing = !state.categories.marketing;
      return window.MiguConsent.get().categories.marketing;
    }), visit === 'returning', `${visit}: the stage's state is its own`);
    if (visit === 'first') await page.evaluate(() => window.MiguConsent.acceptAll());
  }
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [browser, removal] of [
  ['no <dialog> (Firefox 79 to 97, Safari 14.1 to 15.3)', () => { delete window.HTMLDialogElement; }],
  ['no replaceChildren (Chromium 85)', () => { for (const c of [Element, Document, DocumentFragment]) delete c.prototype.replaceChildren; }],
]) {
  test(`a browser older than those supported that parses the script build, ${browser}: it does nothing, no banner, and gated markup stays inert, a stored grant too`, async () => {
    const { page, tracker, errors, settle, context } = await newTrackedPage(h.browser);
    // a grant stored in a supported browser
    await page.goto(`${h.base}/e2e/fixtures/loader.html`);
    await page.evaluate(() => window.MiguConsent.acceptAll());
    await page.waitForFunction(() => window.__trackers?.length === 1);
    await page.addInitScript(removal);
    tracker.length = 0;
    for (const visit of ['returning', 'first']) {
      await page.reload();
      await settle();
      assert.deepEqual(await page.evaluate(() => ({
        api: typeof window.MiguConsent,
        banner: !!document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]'),
        scripts: document.querySelectorAll('script[data-consent-state]').length,
      })), { api: 'undefined', banner: false, scripts: 0 }, visit);
      assert.deepEqual(tracker, [], `${visit}: nothing tracks`);
      await context.clearCookies();
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the npm build in a browser without <dialog> defines no element, and says why', async () => {
  const { page, errors, context } = await newTrackedPage(h.browser);
  const app = await npmBuildAsGlobal();
  await context.route(`${h.base}/generated/npm-old.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"></head>
<body><migu-consent policy-url="/privacy.html"></migu-consent><script type="module" src="/generated/app.js"></script></body></html>` }));
  await context.route(`${h.base}/generated/app.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: app }));
  await page.addInitScript(() => { delete window.HTMLDialogElement; });
  const warned = page.waitForEvent('console', (m) => m.text().includes('has no <dialog>'));
  await page.goto(`${h.base}/generated/npm-old.html`);
  assert.match((await warned).text(), /^\[migu-consent:api\] this browser has no <dialog>: <migu-consent> is not defined/);
  await page.waitForFunction(() => typeof window.MiguConsent?.get === 'function');
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate), undefined);
  assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false, 'the API answers: nothing is granted');
  assert.deepEqual(errors, []);
  await context.close();
});

// CONTRACT: "migu-consent.iife.js ... registers the elements". A page script right after the tag, a gate it
// makes before the UI is there, and a reference to the element it keeps across the UI's arrival.
const REGISTERS = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<style>:not(:defined) { display: none }</style>
<script src="/dist/migu-consent.iife.js"></script>
<script>
  window.__early = [!!customElements.get('migu-consent'), !!customElements.get('migu-consent-gate')];
  window.__whenDefined = Promise.all([customElements.whenDefined('migu-consent'), customElements.whenDefined('migu-consent-gate')]).then(() => true);
  window.__gateBefore = document.createElement('migu-consent-gate');
</script></head><body>
<migu-consent revision="1" policy-url="/privacy.html"><script type="application/json">{ "categories": [{ "id": "analytics" }] }</script></migu-consent>
</body></html>`;

test('the script tag registers both elements as it runs: defined on a returning visitor\'s page that never fetches the UI; when the UI comes, the same elements get it, those made before and after', async () => {
  const { context, page, errors, requests, settle } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/registers.html`, (route) => route.fulfill({ contentType: 'text/html', body: REGISTERS }));
  await page.goto(`${h.base}/generated/registers.html`);
  assert.deepEqual(await page.evaluate(() => window.__early), [true, true], 'a first visit: defined before the element is parsed');
  // so a page's rule against undefined elements (here the strictest, display: none) hides nothing of it
  await page.locator('migu-consent [part=banner]').waitFor({ state: 'visible' });
  await page.evaluate(() => window.MiguConsent.rejectAll());
  requests.length = 0;
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  await settle();
  assert.deepEqual(await page.evaluate(() => window.__early), [true, true]);
  assert.equal(await page.evaluate(() => window.__whenDefined), true, 'whenDefined() resolves');
  assert.deepEqual(await page.evaluate(() => {
    const el = document.querySelector('migu-consent');
    return [el.matches(':defined'), el instanceof customElements.get('migu-consent'), window.__gateBefore instanceof customElements.get('migu-consent-gate')];
  }), [true, true, true]);
  assert.ok(!requests.some((u) => /migu-consent\.(ui|runtime)\.js$/.test(u)), `no UI, no runtime: ${requests.join(', ')}`);

  // the UI comes: the element the page holds is the one that shows the preferences, with Lit's properties
  await page.evaluate(() => { window.__el = document.querySelector('migu-consent'); window.MiguConsent.showPreferences(); });
  await page.locator('migu-consent dialog[part~=preferences]').waitFor({ state: 'visible' });
  assert.deepEqual(await page.evaluate(() => [window.__el === document.querySelector('migu-consent'), typeof window.__el.requestUpdate, window.__el.revision,
    !!window.__el.shadowRoot.querySelector('dialog[part~=preferences]')?.open]), [true, 'function', '1', true]);
  await page.keyboard.press('Escape');
  // a gate made before the UI came, and one made after, both work once in the page
  await page.evaluate(() => {
    const fill = (gate, id) => {
      gate.id = id;
      gate.setAttribute('category', 'analytics');
      gate.innerHTML = '<template><p class="embed">chart</p></template>';
      document.body.append(gate);
    };
    fill(window.__gateBefore, 'before');
    fill(document.createElement('migu-consent-gate'), 'after');
  });
  for (const id of ['before', 'after']) await page.locator(`#${id}`).locator('[part=allow]').waitFor();
  await page.locator('#before').locator('[part=allow]').click();
  await page.waitForFunction(() => document.querySelectorAll('migu-consent-gate > p.embed').length === 2);
  // an option set as a property after the UI came: Lit reflects it, the choice is asked again
  await page.evaluate(() => { window.__el.revision = '2'; });
  await page.locator('migu-consent [part=banner]').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.querySelector('migu-consent').getAttribute('revision')), '2');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a gate only inside a component\'s shadow root brings the UI and works (no query of the document finds it)', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/shadow-gate.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revision="1" policy-url="/privacy.html"></migu-consent>
<script>customElements.define('x-player', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<migu-consent-gate category="marketing"><template><p class="video">the video</p></template></migu-consent-gate>'; } });</script>
<x-player></x-player></body></html>` }));
  await page.goto(`${h.base}/generated/shadow-gate.html`);
  const gate = page.locator('x-player migu-consent-gate');
  await gate.locator('[part=allow]').waitFor({ state: 'visible' });
  assert.ok((await gate.boundingBox()).height > 0, 'a placeholder, not 0 px');
  await gate.locator('[part=allow]').click();
  await page.waitForFunction(() => document.querySelector('x-player').shadowRoot.querySelector('migu-consent-gate > p.video'));
  assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('marketing')), true);
  // a returning visitor's page: the gate in the shadow root shows its content
  await page.reload();
  await page.waitForFunction(() => document.querySelector('x-player').shadowRoot.querySelector('migu-consent-gate > p.video'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the npm build imported on a page that has the script tag says that one build per page is wanted', async () => {
  const { context, page } = await newTrackedPage(h.browser);
  const app = await npmBuildAsGlobal();
  await context.route(`${h.base}/generated/two-builds.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script></head><body><migu-consent policy-url="/privacy.html"></migu-consent>
<script type="module" src="/generated/app.js"></script></body></html>` }));
  await context.route(`${h.base}/generated/app.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: app }));
  const warned = page.waitForEvent('console', (m) => m.text().includes('one build per page'));
  await page.goto(`${h.base}/generated/two-builds.html`);
  assert.match((await warned).text(), /^\[migu-consent:api\] migu-consent\.iife\.js is on this page too: use one build per page/);
  await context.close();
});

test('the script tag and the npm build on one page: window.MiguConsent\'s decisions apply, through the npm build\'s runtime, which took the element over (upgrade probe F2: they never resolved)', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  // an app that imports the npm build and leaves window.MiguConsent to the script tag
  const app = await npmBuildAsGlobal("import 'migu-consent';");
  const fixture = readFileSync(new URL('fixtures/loader.html', import.meta.url), 'utf8')
    .replace('<migu-consent revision="1">', '<migu-consent revision="1" policy-url="/privacy.html">')
    .replace('</body>', '<script type="module" src="/generated/app.js"></script></body>');
  await context.route(`${h.base}/generated/two-builds-api.html`, (route) => route.fulfill({ contentType: 'text/html', body: fixture }));
  await context.route(`${h.base}/generated/app.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: app }));
  await page.goto(`${h.base}/generated/two-builds-api.html`);
  await page.locator('migu-consent [part=banner]').waitFor();
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined, undefined, { timeout: 10e3 });
  // bounded: before the fix it never resolved, and the file waited for the runner's timeout
  const state = await page.evaluate(() => Promise.race([window.MiguConsent.update({ analytics: true }),
    new Promise((resolve, reject) => { setTimeout(() => reject(new Error('update() did not resolve in 10 s')), 10e3); })]));
  assert.equal(state.categories.analytics, true);
  await page.waitForFunction(() => window.__trackers?.length === 1);
  assert.deepEqual(tracker.map((u) => new URL(u).pathname), ['/analytics.js']);
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await page.locator('migu-consent [part=banner]').count(), 0, 'the banner went with the choice');
  // and a withdrawal through the same API: the page reloads (revoke="reload"), and nothing runs on it
  tracker.length = 0;
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => window.MiguConsent.rejectAll())]);
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), false);
  assert.deepEqual(tracker, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit shows the banner with the first stage alone and fetches the runtime only when the banner is used; a returning visitor gets the tracker, then a re-open button without the UI', async () => {
  const { page, tracker, requests, errors, settle, context } = await newTrackedPage(h.browser);
  await page.addInitScript(() => {
    document.addEventListener('migu-consent-ready', (e) => { window.__ready = e.detail; });
  });
  // the loader fixture with a policy-url: nothing for the runtime to report (see the next test)
  const fixture = readFileSync(new URL('fixtures/loader.html', import.meta.url), 'utf8').replace('<migu-consent revision="1">', '<migu-consent revision="1" policy-url="/privacy.html">');
  assert.match(fixture, /policy-url/);
  await context.route(`${h.base}/generated/loader-clean.html`, (route) => route.fulfill({ contentType: 'text/html', body: fixture }));
  await page.goto(`${h.base}/generated/loader-clean.html`);
  const banner = page.locator('migu-consent [part=banner]');
  await banner.waitFor();
  // ready from the first stage, once the page is idle, with the state the runtime would give
  await page.waitForFunction(() => window.__ready !== undefined);
  await settle();
  assert.deepEqual(requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname),
    ['/dist/migu-consent.iife.js', '/dist/migu-consent.check.js'], 'the first stage and the check while the banner is not used: no runtime, no UI, no language file');
  const ready = await page.evaluate(() => window.__ready);
  assert.equal(ready.decided, false);
  assert.deepEqual(ready.categories, { necessary: true, functional: false, analytics: false, personalization: false, marketing: false });
  assert.deepEqual(ready.services, { stats: false });
  assert.deepEqual(await page.evaluate(() => window.MiguConsent.get()), ready, 'get() says the same');
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined), false, 'the UI is not defined');
  assert.equal(await banner.getAttribute('lang'), 'en');
  assert.equal(await banner.getByRole('heading').textContent(), 'Cookies and your privacy');
  assert.deepEqual(tracker, []);
  // approached: the runtime comes (still no UI), and fires no second ready
  await banner.getByRole('button', { name: 'Accept all' }).hover();
  await page.waitForFunction(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('runtime') !== undefined);
  await page.evaluate(() => { window.__ready = 'again?'; });
  await banner.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => window.__trackers?.length === 1);
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await banner.count(), 0, 'the banner is gone after the choice');
  // focus moved to the re-open button is no sign of use: the UI stays unfetched (it came after every click)
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.activeElement?.getAttribute('part') === 'reopen');
  await settle();
  assert.deepEqual(requests.filter((u) => /migu-consent\.(ui|lang\.[\w-]+)\.js$/.test(u)), [], 'no UI, no language file after "Accept all"');
  assert.equal(await page.evaluate(() => window.MiguConsent.get().source), 'user');
  assert.equal(await page.evaluate(() => window.__ready), 'again?', 'one migu-consent-ready on the page');

  requests.length = 0;
  tracker.length = 0;
  await page.reload();
  const reopen = page.locator('migu-consent [part=reopen]');
  await reopen.waitFor();
  await page.waitForFunction(() => window.__trackers?.length === 1);
  const trackerAt = requests.findIndex((u) => u.startsWith('https://tracker.example/'));
  const reopenAt = requests.findIndex((u) => u.includes('/dist/migu-consent.returning.js'));
  assert.ok(trackerAt >= 0 && reopenAt > trackerAt, `tracker first, then the button: ${requests.join(', ')}`);
  assert.deepEqual(tracker, ['https://tracker.example/analytics.js']);
  // ready from the first stage: the page gives the runtime nothing to do until it is used
  await page.waitForFunction(() => window.__ready?.decided === true);
  await settle();
  assert.deepEqual(requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname),
    ['/dist/migu-consent.iife.js', '/dist/migu-consent.returning.js'], 'one file once the page is idle (the re-open button, the check without the validator): no runtime, no UI, no language file');
  assert.equal((await page.evaluate(() => window.__ready)).categories.analytics, true);
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined), false, 'the UI is not defined');
  assert.equal(await reopen.getAttribute('lang'), 'en');
  assert.equal(await page.getByRole('button', { name: 'Privacy settings' }).count(), 1);

  // the runtime and the UI come when the button is about to be used, and the UI takes the button over
  await reopen.hover();
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined);
  assert.ok(requests.some((u) => u.includes('/dist/migu-consent.ui.js')), 'UI fetched on hover');
  await reopen.click();
  await page.locator('migu-consent [part=preferences]').waitFor();
  assert.equal(await page.locator('migu-consent [part=reopen]').count(), 1, 'one re-open button after the take-over');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the first stage fires one migu-consent-ready, on a first visit and a returning one, also once its 5 s fallback for a page that never loads has passed', async () => {
  const { page, errors, context } = await newTrackedPage(h.browser);
  // the page's clock (Playwright's) drives the idle callback and the fallback timer; files arrive in real time
  await page.clock.install();
  const pump = async (done, what) => {
    for (let i = 0; i < 200; i++) {
      if (await done()) return;
      await page.clock.runFor(250);
      await new Promise((r) => { setTimeout(r, 20); });
    }
    assert.fail(what);
  };
  await page.addInitScript(() => {
    window.__readies = 0;
    document.addEventListener('migu-consent-ready', () => { window.__readies++; });
  });
  const fixture = readFileSync(new URL('fixtures/loader.html', import.meta.url), 'utf8').replace('<migu-consent revision="1">', '<migu-consent revision="1" policy-url="/privacy.html">');
  await context.route(`${h.base}/generated/loader-clean.html`, (route) => route.fulfill({ contentType: 'text/html', body: fixture }));
  for (const visit of ['first', 'returning']) {
    await page.goto(`${h.base}/generated/loader-clean.html`);
    await pump(() => page.evaluate(() => window.__readies > 0), `${visit} visit: no ready once the page was idle`);
    // past the fallback for a page whose load never ends (5 s after the first stage began)
    await page.clock.runFor(6000);
    assert.equal(await page.evaluate(() => window.__readies), 1, `${visit} visit: one ready`);
    assert.equal(await page.evaluate(() => window[Symbol.for('migu-consent.chunks')].loaded('runtime')), undefined, `${visit} visit: the first stage answered alone (the page has nothing to report)`);
    if (visit === 'first') {
      assert.equal(await page.locator('migu-consent [part=banner]').count(), 1);
      await page.evaluate(() => window.MiguConsent.acceptAll());
      await pump(async () => (await context.cookies()).some((c) => c.name === 'migu_consent'), 'no consent cookie after acceptAll()');
    } else {
      assert.equal(await page.locator('migu-consent [part=reopen]').count(), 1, 'one re-open button');
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit whose page has something to report (here no policy-url): the check brings the runtime once the page is idle, which warns and fires the one ready', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  const warned = [];
  page.on('console', (m) => { if (m.type() === 'warning' && m.text().startsWith('[migu-consent')) warned.push(m.text()); });
  await page.addInitScript(() => {
    window.__readies = 0;
    document.addEventListener('migu-consent-ready', () => { window.__readies++; });
  });
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await page.waitForFunction(() => window.__readies > 0);
  await settle();
  assert.deepEqual(requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname),
    ['/dist/migu-consent.iife.js', '/dist/migu-consent.check.js', '/dist/migu-consent.runtime.js']);
  assert.deepEqual(warned, ['[migu-consent:option] policy-url is not set: the banner should link the privacy policy']);
  assert.equal(await page.evaluate(() => window.__readies), 1);
  assert.equal(await page.locator('migu-consent [part=banner]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('gated markup naming a category the config does not have (a typo): the check brings the runtime on a first visit and a returning one, which names it once, with the near id; the banner untouched', async () => {
  const { context, page, requests, tracker, errors, settle } = await newTrackedPage(h.browser);
  const warned = [];
  page.on('console', (m) => { if (m.type() === 'warning' && m.text().startsWith('[migu-consent')) warned.push(m.text()); });
  await context.route(`${h.base}/generated/typo.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>typo</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"></migu-consent>
<img data-consent="analytcs" data-src="https://pixel.example/typo.gif" width="1" height="1" alt="">
<img data-consent="analytics" data-src="https://pixel.example/ok.gif" width="1" height="1" alt=""></body></html>` }));
  const lazy = () => requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname.replace('/dist/', ''));
  await page.goto(`${h.base}/generated/typo.html`);
  await until(() => warned.length > 0, () => `nothing said; files: ${lazy().join(', ')}`);
  await settle();
  assert.deepEqual(lazy(), ['migu-consent.iife.js', 'migu-consent.check.js', 'migu-consent.runtime.js']);
  assert.equal(warned.length, 1, warned.join(' | '));
  assert.match(warned[0], /^\[migu-consent:gating\] data-consent: "analytcs" is unknown \(did you mean "analytics"\?\)/);
  assert.equal(await page.locator('migu-consent [part=banner]').count(), 1, 'the banner is still asking');
  // a returning visitor who accepted all: the right image loads, the typo's never; said again on that page
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => document.querySelectorAll('img[src]').length === 1);
  requests.length = 0;
  warned.length = 0;
  tracker.length = 0;
  await page.reload();
  await until(() => warned.length > 0, () => `nothing said on the returning visit; files: ${lazy().join(', ')}`);
  await settle();
  assert.deepEqual(lazy(), ['migu-consent.iife.js', 'migu-consent.returning.js', 'migu-consent.runtime.js', 'migu-consent.reopen.js']);
  assert.match(warned.join('\n'), /"analytcs" is unknown/);
  assert.deepEqual(tracker, ['https://pixel.example/ok.gif']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a misspelt attribute (a revision bumped as `revison`): a returning visitor\'s page check brings the runtime, which names it with the option meant; a first visit\'s runtime does once the banner is used', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  const said = [];
  page.on('console', (m) => { if (m.type() === 'error' && m.text().startsWith('[migu-consent')) said.push(m.text()); });
  let revision = 'revision="2026-01"';
  await context.route(`${h.base}/generated/attribute-typo.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>attribute typo</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html" ${revision}></migu-consent><p>page</p></body></html>` }));
  const lazy = () => requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname.replace('/dist/', ''));
  const typo = '[migu-consent:option] revison: <migu-consent> has no such attribute (did you mean revision?): it is ignored';
  await page.goto(`${h.base}/generated/attribute-typo.html`);
  await page.locator('migu-consent [part=banner]').waitFor();
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await settle();
  assert.deepEqual(said, [], 'spelt right: nothing to say');
  // the next release bumps the revision, misspelt
  revision = 'revison="2026-02"';
  await page.reload();
  await until(() => said.length > 0, () => `nothing said on the returning visit; files: ${lazy().join(', ')}`);
  await settle();
  assert.deepEqual(said, [typo]);
  assert.ok(lazy().includes('migu-consent.returning.js') && lazy().includes('migu-consent.runtime.js'), lazy().join(', '));
  // a first visit: said once the banner is used (check.js, which a first visit counts in its bytes, does not look)
  await context.clearCookies();
  said.length = 0;
  await page.reload();
  await page.locator('migu-consent [part=banner] [part=reject-all]').click();
  await until(() => said.length > 0, () => `nothing said on the first visit; files: ${lazy().join(', ')}`);
  assert.deepEqual(said, [typo]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit whose config has an error, or only an unknown key: the check (the validator without its words) brings the runtime, which says what in full', async () => {
  const cases = [
    ['an error', '{ "categories": [{ "id": "analytics", "separate": "yes", "services": [] }] }',
      ['error', /^\[migu-consent:config\] invalid site config, the defaults are used instead:\n {2}config\.categories\[0\]\.separate: expected true or false, got "yes"$/]],
    ['an unknown key', '{ "categories": [{ "id": "analytics", "colour": "red", "services": [] }] }',
      ['warning', /^\[migu-consent:config\] [^]*categories\[0\]\.colour: unknown key, ignored \(known: id, /]],
  ];
  for (const [what, json, [type, message]] of cases) {
    const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
    const said = [];
    page.on('console', (m) => { if (m.text().startsWith('[migu-consent:config]')) said.push([m.type(), m.text()]); });
    await context.route(`${h.base}/generated/config.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>config</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"><script type="application/json">${json}</script></migu-consent><p>a page</p></body></html>` }));
    await page.goto(`${h.base}/generated/config.html`);
    await until(() => said.length > 0, () => `${what}: the runtime never said it`);
    await settle();
    assert.deepEqual(requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname),
      ['/dist/migu-consent.iife.js', '/dist/migu-consent.check.js', '/dist/migu-consent.runtime.js'], what);
    assert.equal(said.length, 1, `${what}: said once (${said.join(' | ')})`);
    assert.equal(said[0][0], type, what);
    assert.match(said[0][1], message, what);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a config included from a file saved as UTF-8 with a BOM is read as written: its category is offered, its gated script runs once accepted, nothing is reported', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
  const said = [];
  page.on('console', (m) => { if (m.text().startsWith('[migu-consent')) said.push(m.text()); });
  // the BOM after the tag's line break, where a server-side include puts the file's first bytes
  await context.route(`${h.base}/generated/bom.html`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bom</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"><script type="application/json">
\uFEFF{ "categories": [{ "id": "video", "label": { "en": "Video" }, "services": [{ "id": "player", "name": "Player" }] }] }
</script></migu-consent>
<script type="text/plain" data-consent="video" src="https://tracker.example/player.js"></script><p>a page</p></body></html>` }));
  await page.goto(`${h.base}/generated/bom.html`);
  await page.locator('migu-consent [part~=banner]').waitFor();
  await page.waitForFunction(() => 'video' in window.MiguConsent.get().categories);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await until(() => tracker.includes('https://tracker.example/player.js'), () => `the video script never ran: ${said.join(' | ')}`);
  await page.reload();
  await page.waitForFunction(() => window.__trackers?.length === 1);
  assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('video', 'player')), true);
  await settle();
  assert.deepEqual(said, [], 'nothing reported');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit whose gated markup cannot be kept inert (a srcdoc frame, a live src): the check (its markup check without words) brings the runtime, which names it', async () => {
  const cases = [
    ['a srcdoc frame', '<iframe data-consent="marketing" srcdoc="&lt;p&gt;inline&lt;/p&gt;" title="inline"></iframe>',
      '[migu-consent:gating] <iframe data-consent> has a live srcdoc: it loads without consent; write data-src, to a page of its own'],
    ['a live src', '<img data-consent="analytics" src="/e2e/fixtures/pixel.gif?live" alt="">',
      '[migu-consent:gating] <img data-consent> has a live src: it loads without consent; write data-src'],
  ];
  for (const [what, markup, message] of cases) {
    const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
    const said = [];
    page.on('console', (m) => { if (m.text().startsWith('[migu-consent:gating]')) said.push(m.text()); });
    await context.route(`${h.base}/generated/markup.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>markup</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"></migu-consent><p>a page</p>${markup}</body></html>` }));
    await page.goto(`${h.base}/generated/markup.html`);
    await until(() => said.length > 0, () => `${what}: the runtime never said it`);
    await settle();
    assert.deepEqual(requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname),
      ['/dist/migu-consent.iife.js', '/dist/migu-consent.check.js', '/dist/migu-consent.runtime.js'], what);
    assert.deepEqual(said, [message], what);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('<migu-consent> taken out of the page while only the runtime is in: a decision of the API still reaches document as migu-consent-change', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/removed.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>removed</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"></migu-consent><p>a page</p>
<script>window.__changes = []; document.addEventListener('migu-consent-change', (e) => { window.__changes.push(e.detail.granted); });</script>
</body></html>` }));
  await page.goto(`${h.base}/generated/removed.html`);
  await page.waitForFunction(() => document.querySelector('migu-consent').shadowRoot?.querySelector('[part=banner]'));
  await page.evaluate(() => { window.MiguConsent.subscribe(() => undefined); });
  await page.waitForFunction(() => window[Symbol.for('migu-consent.chunks')].loaded('runtime'));
  const state = await page.evaluate(async () => {
    document.querySelector('migu-consent').remove();
    return (await window.MiguConsent.acceptAll()).categories;
  });
  assert.equal(state.analytics, true, 'applied');
  await page.waitForFunction(() => window.__changes.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__changes), [['functional', 'analytics', 'personalization', 'marketing']]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit whose theme is below WCAG\'s contrast: the check file has it warned once the page is idle, and brings no runtime for it', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  const warned = [];
  page.on('console', (m) => { if (m.type() === 'warning' && m.text().startsWith('[migu-consent')) warned.push(m.text()); });
  await context.route(`${h.base}/generated/theme.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>theme</title><script src="/dist/migu-consent.iife.js"></script>
<style>body { --migu-consent-accent: #6f9cf0; }</style></head><body>
<migu-consent policy-url="/privacy.html"></migu-consent><p>a site with its own accent</p></body></html>` }));
  await page.goto(`${h.base}/generated/theme.html`);
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]'));
  await until(() => warned.length > 0, () => 'the theme is reported');
  await settle();
  assert.deepEqual(warned, [
    '[migu-consent:theme] --migu-consent-accent (#6f9cf0) on --migu-consent-bg (#fff): 2.73:1 for links, below the 4.5:1 WCAG 2.2 asks',
    '[migu-consent:theme] --migu-consent-accent-fg (#fff) on --migu-consent-accent (#6f9cf0): 2.73:1 for button text, below the 4.5:1 WCAG 2.2 asks',
  ]);
  assert.deepEqual(requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname),
    ['/dist/migu-consent.iife.js', '/dist/migu-consent.check.js', '/dist/migu-consent.theme.js']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit whose theme is below WCAG\'s contrast, on a page with a gate (the runtime comes at once, no page check): the runtime has it warned once the page is idle', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  const warned = [];
  page.on('console', (m) => { if (m.type() === 'warning' && m.text().startsWith('[migu-consent:theme]')) warned.push(m.text()); });
  await context.route(`${h.base}/generated/theme-gate.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>theme and gate</title><script src="/dist/migu-consent.iife.js"></script>
<style>body { --migu-consent-accent: #6f9cf0; }</style></head><body>
<migu-consent policy-url="/privacy.html"></migu-consent>
<migu-consent-gate category="marketing"><template><p>a video</p></template></migu-consent-gate></body></html>` }));
  await page.goto(`${h.base}/generated/theme-gate.html`);
  await until(() => warned.length >= 2, () => `the theme is reported (${warned.join(' | ')})`);
  await settle();
  assert.deepEqual(warned, [
    '[migu-consent:theme] --migu-consent-accent (#6f9cf0) on --migu-consent-bg (#fff): 2.73:1 for links, below the 4.5:1 WCAG 2.2 asks',
    '[migu-consent:theme] --migu-consent-accent-fg (#fff) on --migu-consent-accent (#6f9cf0): 2.73:1 for button text, below the 4.5:1 WCAG 2.2 asks',
  ]);
  const files = requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname);
  assert.ok(files.includes('/dist/migu-consent.theme.js') && !files.includes('/dist/migu-consent.check.js'), files.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a first visit whose <migu-consent lang> is no language of ours: the check brings the runtime, which says so; the banner is in zh-CN', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const said = [];
  page.on('console', (m) => { if (m.text().startsWith('[migu-consent:option]')) said.push(m.text()); });
  await context.route(`${h.base}/generated/lang.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lang</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent lang="ja" policy-url="/privacy.html"></migu-consent><p>a page</p></body></html>` }));
  await page.goto(`${h.base}/generated/lang.html`);
  await until(() => said.length > 0, () => 'the runtime never said it');
  assert.deepEqual(said, ['[migu-consent:option] lang: "ja" is none of zh-CN, zh-TW, en: the texts are in zh-CN']);
  assert.equal(await page.locator('migu-consent [part=accept-all]').textContent(), '全部接受');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A page whose parsing is held at a blocking script (see holdUntilBanner) after `element`. */
const heldPage = (element) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script></head><body>
${element}
<script src="/generated/hold.js"></script>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/analytics.js"></script>
</body></html>`;
const VIDEO_CONFIG = '<script type="application/json">{ "categories": [{ "id": "analytics" }, { "id": "video", "label": { "en": "Video embeds" } }] }</script>';

/** Serves `html` at /generated/page.html and holds /generated/hold.js until the banner is in the page (or 3 s). */
async function holdUntilBanner(context, page, html) {
  await context.route(`${h.base}/generated/page.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  let bannerBeforeRest = false;
  await context.route(`${h.base}/generated/hold.js`, async (route) => {
    bannerBeforeRest = await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]') != null, null, { timeout: 3000 })
      .then(() => true, () => false);
    await route.fulfill({ contentType: 'text/javascript', body: 'window.__held = { readyState: document.readyState, ui: customElements.get("migu-consent")?.prototype.requestUpdate !== undefined };' });
  });
  await page.goto(`${h.base}/generated/page.html`);
  return () => bannerBeforeRest;
}

test('a first visit shows the banner while the page is still being parsed, once the element and its config are in', async () => {
  const { context, page, tracker, requests, errors } = await newTrackedPage(h.browser);
  const bannerBeforeRest = await holdUntilBanner(context, page, heldPage(`<migu-consent revision="1">${VIDEO_CONFIG}</migu-consent>`));
  await page.locator('migu-consent [part=banner]').waitFor();
  assert.equal(bannerBeforeRest(), true, 'the banner showed while the rest of the body was held');
  assert.deepEqual(await page.evaluate(() => window.__held), { readyState: 'loading', ui: false });
  const state = await page.evaluate(() => window.MiguConsent.get());
  assert.deepEqual(Object.keys(state.categories).sort(), ['analytics', 'functional', 'marketing', 'necessary', 'personalization', 'video'], 'the config of the element, read once it was parsed');
  assert.equal(state.decided, false);
  assert.deepEqual(tracker, []);
  assert.ok(!requests.some((u) => u.includes('/dist/migu-consent.ui.js')), requests.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a page without <migu-consent> gets one, with the banner, at DOMContentLoaded', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/none.html`, (route) => route.fulfill({ contentType: 'text/html', body: heldPage('').replace('<script src="/generated/hold.js"></script>', '') }));
  await page.goto(`${h.base}/generated/none.html`);
  await page.locator('migu-consent [part=banner]').waitFor();
  assert.equal(await page.evaluate(() => document.querySelectorAll('migu-consent').length), 1);
  assert.deepEqual(tracker, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor whose cookie has another name gets no UI fetched early', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/dist/migu-consent.iife.js"></script></head>
<body><migu-consent cookie-name="site_choice"></migu-consent></body></html>`;
  await context.route(`${h.base}/generated/named.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${h.base}/generated/named.html`);
  await page.evaluate(() => window.MiguConsent.rejectAll());
  assert.deepEqual((await context.cookies()).map((c) => c.name), ['site_choice']);
  requests.length = 0;
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  await settle();
  assert.equal(requests.filter((u) => /migu-consent\.(ui|lang\.[\w-]+)\.js$/.test(u)).length, 0, requests.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor\'s keyboard: Tab to the re-open button without the UI, Enter opens the preferences, Escape comes back to it', async () => {
  const { context, page, requests, errors } = await newTrackedPage(h.browser);
  await returningVisitor(page, 'acceptAll');
  requests.length = 0;
  await page.evaluate(() => { document.querySelectorAll('a,button,input').forEach((e) => { e.tabIndex = -1; }); });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('part')), 'reopen');
  await page.keyboard.press('Enter');
  const dialog = page.locator('migu-consent [part=preferences]');
  await dialog.waitFor();
  assert.ok(requests.some((u) => u.includes('/dist/migu-consent.ui.js')), 'UI fetched on focus');
  await page.waitForFunction(() => document.activeElement?.shadowRoot?.activeElement?.closest('dialog') != null);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('part') === 'reopen');
  assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('analytics')), true, 'Escape records nothing');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor without the UI yet: a footer [data-consent-open] link and showPreferences() open the preferences', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await returningVisitor(page, 'rejectAll');
  await page.evaluate(() => {
    const link = Object.assign(document.createElement('a'), { href: '#privacy', textContent: 'Privacy' });
    link.setAttribute('data-consent-open', '');
    document.body.append(link);
  });
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined), false, 'no UI yet');
  await page.getByRole('link', { name: 'Privacy' }).click();
  const dialog = page.locator('migu-consent [part=preferences]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('input[name=analytics]').isChecked(), false, 'the stored choice');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  await page.evaluate(() => window.MiguConsent.showPreferences());
  await dialog.waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a cookie the page wrote through MiguConsent.setCookie goes when its category is withdrawn in the preferences, on a later page that never wrote it', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await returningVisitor(page, 'acceptAll');
  assert.equal(await page.evaluate(() => window.MiguConsent.setCookie('analytics', 'site_uid', 'u1', { expires: 30 })), true);
  await waitForCookie(context, 'site_uid');
  await page.reload(); // the next page: it writes nothing
  await page.locator('migu-consent [part=reopen]').waitFor();
  await page.evaluate(() => window.MiguConsent.showPreferences());
  const dialog = page.locator('migu-consent [part=preferences]');
  await dialog.locator('input[name=analytics]').uncheck();
  // the page reloads, its tracker ran: waited for, else the old page's re-open button answered the wait below
  // and the evaluate after it met the reload (CI, once)
  const reloaded = page.waitForEvent('load');
  await dialog.locator('[part=save]').click();
  await reloaded;
  // undeclared by "stats", yet written for analytics: gone with it
  await waitForCookie(context, 'site_uid', { present: false });
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('analytics')), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor: a gated iframe the parser adds after <migu-consent> loads, with the other markup (Chromium ignored a frame URL set as the parser added the frame)', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  const body = `<!doctype html><html lang="en"><head><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"></migu-consent>
<iframe id="direct" data-consent="marketing" data-src="https://tracker.example/direct.html"></iframe>
<div><iframe id="wrapped" data-consent="marketing" data-src="https://tracker.example/wrapped.html"></iframe></div>
<img data-consent="marketing" data-src="https://tracker.example/pixel.gif" alt="">
</body></html>`;
  await context.route(`${h.base}/generated/frames.html`, (route) => route.fulfill({ contentType: 'text/html', body }));
  await page.goto(`${h.base}/generated/frames.html`);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await until(() => tracker.filter((u) => u.endsWith('.html')).length === 2, () => `first visit: ${tracker.join(', ')}`);
  tracker.length = 0;
  await page.reload();
  // each frame shows the page it was given: the request alone would not say so
  const framed = () => page.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => {
    try {
      return f.contentDocument?.location.href ?? '(cross-origin)';
    } catch {
      return '(cross-origin)';
    }
  }));
  await until(() => tracker.filter((u) => u.endsWith('.html')).length === 2, () => `returning: ${tracker.join(', ')}`);
  assert.deepEqual(tracker.filter((u) => u.endsWith('.html')).sort(), ['https://tracker.example/direct.html', 'https://tracker.example/wrapped.html']);
  await until(() => tracker.includes('https://tracker.example/pixel.gif'), () => `returning, no pixel: ${tracker.join(', ')}`);
  await until(async () => (await framed()).every((href) => href !== 'about:blank'), () => 'a frame is still blank');
  assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), true);
  assert.deepEqual(errors, []);
  await context.close();
});

/** loader.html with a policy-url (nothing for the runtime to report) and `stats` declaring its cookie, served as /generated/loader-sweep.html. */
async function sweepFixture(context) {
  const fixture = readFileSync(new URL('fixtures/loader.html', import.meta.url), 'utf8')
    .replace('<migu-consent revision="1">', '<migu-consent revision="1" policy-url="/privacy.html">')
    .replace('"name": "Stats" }', '"name": "Stats", "cookies": ["_stats"] }');
  assert.match(fixture, /policy-url.*\n.*"_stats"/, 'the fixture still has the lines this test extends');
  await context.route(`${h.base}/generated/loader-sweep.html`, (route) => route.fulfill({ contentType: 'text/html', body: fixture }));
  return `${h.base}/generated/loader-sweep.html`;
}

test('a returning visitor: the runtime comes at once only when it has work used or not: a refused service\'s cookie is swept; an accepted one is left, and the runtime waits', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  const url = await sweepFixture(context);
  const runtimeFetched = () => requests.some((u) => u.includes('/dist/migu-consent.runtime.js'));
  await page.goto(url);
  await page.evaluate(() => window.MiguConsent.rejectAll());
  // what a refused SDK wrote as the last page unloaded (its page-leave flush)
  await page.evaluate(() => { document.cookie = '_stats=1; path=/'; });
  requests.length = 0;
  await page.reload();
  await page.waitForFunction(() => !document.cookie.includes('_stats='));
  assert.ok(runtimeFetched(), 'the runtime came for the sweep');

  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.evaluate(() => { document.cookie = '_stats=1; path=/'; });
  requests.length = 0;
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  await page.waitForFunction(() => window.__trackers?.length === 1);
  await settle();
  assert.equal(runtimeFetched(), false, `nothing to sweep: no runtime (${requests.join(', ')})`);
  assert.match(await page.evaluate(() => document.cookie), /_stats=1/, 'a granted service\'s cookie stays');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor\'s tab without the runtime hears a withdrawal made in another tab: the runtime comes and takes it as a change (the tracker that ran: the page reloads)', async () => {
  const { context, page: a, requests, errors } = await newTrackedPage(h.browser);
  const url = await sweepFixture(context);
  await a.goto(url);
  await a.evaluate(() => window.MiguConsent.acceptAll());
  requests.length = 0;
  await a.reload();
  await a.waitForFunction(() => window.__trackers?.length === 1);
  await a.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(requests.some((u) => u.includes('/dist/migu-consent.runtime.js')), false, 'no runtime in tab A');
  const b = await context.newPage();
  b.on('pageerror', (e) => errors.push(String(e)));
  await b.goto(url);
  const reloaded = a.waitForEvent('load');
  await b.evaluate(() => window.MiguConsent.rejectAll());
  await reloaded;
  assert.ok(requests.some((u) => u.includes('/dist/migu-consent.runtime.js')), 'the message brought tab A\'s runtime');
  await a.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await a.evaluate(() => window.MiguConsent.isGranted('analytics')), false);
  assert.equal(await a.evaluate(() => window.__trackers), undefined, 'no tracker after the reload');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor whose runtime has not come: the page\'s [data-consent-open] link opens the preferences (the runtime and the UI come then)', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  const url = await sweepFixture(context);
  await page.goto(url);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  requests.length = 0;
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  await settle();
  assert.equal(requests.some((u) => u.includes('/dist/migu-consent.runtime.js')), false, 'no runtime yet');
  await page.evaluate(() => {
    const link = Object.assign(document.createElement('a'), { href: '#privacy', textContent: 'Cookie settings' });
    link.setAttribute('data-consent-open', '');
    document.body.append(link);
  });
  await page.getByRole('link', { name: 'Cookie settings' }).click();
  const dialog = page.locator('migu-consent [part=preferences]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('input[name=analytics]').isChecked(), true, 'the stored choice');
  assert.equal(await page.evaluate(() => location.hash), '', 'the link\'s own navigation is prevented');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor: a gate parsed after <migu-consent>, and one inserted after load, stamp their content without a click', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route('**/e2e/fixtures/loader.html?gate', async (route) => {
    const response = await route.fetch();
    const gate = '<migu-consent-gate category="analytics"><template><p id="embed">embed</p></template></migu-consent-gate>';
    const body = (await response.text()).replace('<p>content</p>', `<p>content</p>\n  ${gate}`);
    assert.ok(body.includes(gate), 'the fixture still has the line this test extends');
    await route.fulfill({ response, body });
  });
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.goto(`${h.base}/e2e/fixtures/loader.html?gate`);
  await page.locator('migu-consent-gate #embed').waitFor();

  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await page.evaluate(() => customElements.get('migu-consent-gate')?.prototype.requestUpdate !== undefined), false, 'no UI yet');
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.innerHTML = '<migu-consent-gate category="analytics"><template><p id="late">late</p></template></migu-consent-gate>';
    document.body.append(box);
  });
  await page.locator('migu-consent-gate #late').waitFor();
  assert.equal(await page.locator('migu-consent [part=reopen]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [how, clean] of [['with the first stage alone', true], ['once the runtime came to report the page', false]]) {
  test(`a first visit, the banner not used: a gate a script adds after load shows its placeholder, ${how}`, async () => {
    // a single-page app's view with an embed: the gate stayed undefined, empty and 0 px high until
    // the visitor happened to approach the banner
    const { context, page, errors, tracker } = await newTrackedPage(h.browser);
    await page.addInitScript(() => { document.addEventListener('migu-consent-ready', () => { window.__ready = true; }); });
    // the loader fixture with a policy-url has nothing to report: no runtime until something uses it
    const fixture = readFileSync(new URL('fixtures/loader.html', import.meta.url), 'utf8').replace('<migu-consent revision="1">', `<migu-consent revision="1"${clean ? ' policy-url="/privacy.html"' : ''}>`);
    await context.route(`${h.base}/generated/loader-gate.html`, (route) => route.fulfill({ contentType: 'text/html', body: fixture }));
    await page.goto(`${h.base}/generated/loader-gate.html`);
    await page.waitForFunction(() => window.__ready);
    const runtimeIn = () => page.evaluate(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('runtime') !== undefined);
    if (!clean) await page.waitForFunction(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('runtime') !== undefined);
    assert.equal(await runtimeIn(), !clean);
    assert.equal(await page.evaluate(() => customElements.get('migu-consent-gate')?.prototype.requestUpdate !== undefined), false, 'no UI yet');
    await page.evaluate(() => {
      const view = document.createElement('section');
      view.innerHTML = '<migu-consent-gate category="analytics"><template><p id="late">late</p></template></migu-consent-gate>';
      document.body.append(view);
    });
    const allow = page.locator('migu-consent-gate [part=allow]');
    await allow.waitFor();
    assert.ok((await page.locator('migu-consent-gate').boundingBox()).height > 0, 'the placeholder takes room');
    assert.equal(await page.locator('migu-consent-gate #late').count(), 0, 'nothing stamped before consent');
    assert.deepEqual(tracker, [], 'no tracker before consent');
    await allow.click();
    await page.locator('migu-consent-gate #late').waitFor();
    assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('analytics')), true);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a first visit whose runtime file failed to load once (a network blip): the banner stays, its click fetches it again, and the choice is made', async () => {
  // it failed for good: acceptAll() never settled and the preferences never opened on that page
  const { context, page, errors, settle } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  let asked = 0;
  await context.route('**/dist/migu-consent.runtime.js*', (route) => (++asked === 1 ? route.abort('internetdisconnected') : route.continue()));
  const fixture = readFileSync(new URL('fixtures/loader.html', import.meta.url), 'utf8').replace('<migu-consent revision="1">', '<migu-consent revision="1" policy-url="/privacy.html">');
  await context.route(`${h.base}/generated/loader-blip.html`, (route) => route.fulfill({ contentType: 'text/html', body: fixture }));
  await page.goto(`${h.base}/generated/loader-blip.html`);
  const banner = page.locator('migu-consent [part=banner]');
  await banner.getByRole('button', { name: 'Accept all' }).hover(); // fetches the runtime: refused
  await until(() => logged.some((t) => t.includes('could not load') && t.includes('migu-consent.runtime.js')), () => logged.join('\n'));
  // a class the page's framework toggles on the element is no use of it: no request for each change
  for (let i = 0; i < 3; i++) await page.evaluate(() => { document.querySelector('migu-consent').classList.toggle('active'); });
  await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve); }));
  await settle();
  assert.equal(asked, 1, 'not fetched for a class');
  // the banner is still there to be used: before, it went with the failed load, and only the API could choose
  await banner.getByRole('button', { name: 'Accept all' }).click();
  await until(() => asked === 2, () => 'the click did not fetch the runtime again');
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  const state = await page.evaluate(() => window.MiguConsent.get());
  assert.deepEqual([state.decided, state.categories.analytics], [true, true]);
  await page.waitForFunction(() => window.__trackers?.length === 1);
  const ours = logged.filter((t) => t.startsWith('[migu-consent'));
  assert.deepEqual(ours.map((t) => t.replace(/\?v=[0-9a-f]{8}:/, '?v=<stamp>:')), [`[migu-consent:api] could not load ${h.base}/dist/migu-consent.runtime.js?v=<stamp>: no choice can be made until it loads`]);
  assert.deepEqual(errors.filter((e) => !/migu-consent\.runtime\.js|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

for (const gate of [false, true]) {
  test(`a first visit whose runtime cannot load at the banner's click${gate ? ', on a page with a gate' : ''}: the choice waits, and a re-open button takes the banner's place; it fetches the runtime again, which applies the choice`, async () => {
    // the banner went, and nothing took its place: the page had no way to the choice for the rest of its life (with a
    // gate, which brings the UI's own button, until the fix after the extensions probe)
    const { context, page, errors, tracker } = await newTrackedPage(h.browser);
    const logged = [];
    page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
    let down = true;
    let asked = 0;
    await context.route('**/dist/migu-consent.runtime.js*', (route) => { asked++; return down ? route.abort('internetdisconnected') : route.continue(); });
    await context.route(`${h.base}/e2e/fixtures/loader.html?gate`, async (route) => {
      const fixture = await (await route.fetch({ url: `${h.base}/e2e/fixtures/loader.html` })).text();
      await route.fulfill({ contentType: 'text/html; charset=utf-8', body: fixture.replace('<p>content</p>', '<p>content</p><migu-consent-gate category="analytics"><template><p>embed</p></template></migu-consent-gate>') });
    });
    await page.goto(`${h.base}/e2e/fixtures/loader.html${gate ? '?gate' : ''}`);
    await page.locator('migu-consent [part=banner]').getByRole('button', { name: 'Accept all' }).click();
    await page.locator('migu-consent [part=reopen]').waitFor();
    assert.ok(logged.some((t) => t.includes('could not load') && t.includes('migu-consent.runtime.js')), logged.join('\n'));
    assert.equal(await page.locator('migu-consent [part=banner]').count(), 0);
    assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), false, 'not applied yet');
    assert.deepEqual(tracker, []);
    const before = asked;
    down = false;
    await page.locator('migu-consent [part=reopen]').click();
    await page.waitForFunction(() => window.MiguConsent.get().decided);
    assert.equal(asked, before + 1, 'fetched again');
    assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true, 'the choice made on the banner');
    await page.waitForFunction(() => window.__trackers?.length === 1);
    await page.locator('migu-consent [part=preferences]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('migu-consent [part=preferences]').waitFor({ state: 'hidden' });
    assert.equal(await page.locator('migu-consent [part=reopen]').count(), 1, 'one re-open button');
    assert.deepEqual(errors.filter((e) => !/migu-consent\.runtime\.js|ERR_INTERNET_DISCONNECTED/.test(e)), []);
    await context.close();
  });
}

for (const [first, then] of [['the page\'s acceptAll()', 'Reject all in the banner'], ['Accept all in the banner', 'the page\'s rejectAll()']]) {
  test(`a first visit, the runtime slow: ${first}, then ${then}, are applied as one decision: no tracker requested on the way, no reload`, async () => {
    // applied one by one, the grant ran the tracker, and the refusal after it reloaded the page
    const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
    await recordConsentEvents(context);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let asked = false;
    await context.route('**/dist/migu-consent.runtime.js*', async (route) => { asked = true; await held; await route.continue(); });
    await page.goto(`${h.base}/e2e/fixtures/loader.html`);
    const banner = page.locator('migu-consent [part=banner]');
    const api = (name) => page.evaluate((n) => { void window.MiguConsent[n](); }, name);
    if (first.startsWith('the page')) await api('acceptAll');
    else await banner.getByRole('button', { name: 'Accept all' }).click();
    await until(() => asked, () => 'the runtime was not asked for');
    if (then.startsWith('the page')) await api('rejectAll');
    else await banner.getByRole('button', { name: 'Reject all' }).click();
    const loads = await page.evaluate(() => { window.__samePage = true; return performance.getEntriesByType('navigation').length; });
    release();
    await page.waitForFunction(() => window.MiguConsent.get().decided);
    await settle();
    assert.deepEqual(tracker, [], 'no tracker requested');
    assert.deepEqual(await page.evaluate(() => [window.__samePage, window.MiguConsent.get().categories.analytics]), [true, false], 'the same page, refused');
    assert.equal(loads, 1);
    const changes = await page.evaluate(() => window.__events.filter(([t]) => t === 'change').map(([, d]) => [d.state.decided, d.granted, d.revoked]));
    assert.deepEqual(changes, [[true, [], []]], 'one change: the refusal, nothing granted on the way');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/**
 * A returning visitor on the loader fixture, its page's console errors collected: the page has accepted once,
 * and the routes a test adds then apply from its reload on.
 */
async function returningOnLoader() {
  const tracked = await newTrackedPage(h.browser);
  const consoleErrors = [];
  tracked.page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await tracked.page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await tracked.page.evaluate(() => window.MiguConsent.acceptAll());
  return { ...tracked, consoleErrors };
}

test('a returning visitor whose re-open button file cannot load gets the button from the UI, with a console error', async () => {
  const { context, page, errors, consoleErrors } = await returningOnLoader();
  await context.route('**/migu-consent.reopen.js*', (route) => route.abort());
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined), true, 'the UI drew it');
  assert.ok(consoleErrors.some((e) => e.includes('migu-consent.reopen.js')), consoleErrors.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor whose UI file failed to load once (a network blip): the re-open button fetches it again, and the preferences open', async () => {
  // it failed for good: the button, Customize and [data-consent-open] did nothing for the rest of the page
  const { context, page, errors, consoleErrors } = await returningOnLoader();
  let asked = 0;
  await context.route('**/migu-consent.ui.js*', (route) => (++asked === 1 ? route.abort('internetdisconnected') : route.continue()));
  await page.reload();
  const reopen = page.locator('migu-consent [part=reopen]');
  await reopen.click(); // brings the UI: refused
  await until(() => consoleErrors.some((e) => e.includes('could not load') && e.includes('migu-consent.ui.js')), () => consoleErrors.join('\n'));
  await reopen.click();
  await page.locator('migu-consent [part=preferences]').waitFor();
  assert.equal(asked, 2, 'fetched again');
  assert.deepEqual(errors.filter((e) => !/migu-consent\.ui\.js|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

test('a UI file cut short on its way (it loads, and throws a SyntaxError): migu-consent says so, as for its other files', async () => {
  const { context, page, consoleErrors } = await returningOnLoader();
  const whole = readFileSync(new URL('../dist/migu-consent.ui.js', import.meta.url), 'utf8');
  // as the folder serves it, under the stamped URL (`?v=`) too
  await context.route(/\/migu-consent\.ui\.js(\?.*)?$/, (route) => route.fulfill({ contentType: 'text/javascript', body: whole.slice(0, whole.length >> 1) }));
  await page.reload();
  await page.locator('migu-consent [part=reopen]').click();
  await until(() => consoleErrors.some((e) => e.startsWith('[migu-consent:api]') && /migu-consent\.ui\.js\?v=\w+ did not register/.test(e)), () => consoleErrors.join('\n'));
  await context.close();
});

for (const file of ['runtime', 'check', 'returning', 'reopen']) {
  test(`a ${file}.js of another build (it takes an export of a module this first stage does not have): reported in the console, nothing thrown into the page`, async () => {
    const { context, page, errors } = await newTrackedPage(h.browser);
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(`${h.base}/e2e/fixtures/loader.html`);
    if (file === 'returning' || file === 'reopen') await page.evaluate(() => window.MiguConsent.acceptAll());
    const text = readFileSync(new URL(`../dist/migu-consent.${file}.js`, import.meta.url), 'utf8');
    // the first stage registers the exports of its modules by name (rollup.config.js registerFirstStage): one this
    // file reads, renamed, as a build whose module differs would name it
    const registered = await page.evaluate(() => Object.keys(globalThis[Symbol.for('migu-consent.chunks')].loaded('first-stage')));
    const taken = registered.filter((name) => name.length > 5 && text.split(`"${name}"`).length === 2);
    assert.ok(taken.length > 0, 'the file takes an export from the first stage');
    const other = text.replace(`"${taken[0]}"`, `"${taken[0]}OfAnotherBuild"`);
    // a folder that has it, under the stamped URL (`?v=`) too
    await context.route(new RegExp(`/migu-consent\\.${file}\\.js(\\?.*)?$`), (route) => route.fulfill({ contentType: 'text/javascript', body: other }));
    if (file === 'reopen') await context.route(/\/migu-consent\.returning\.js(\?.*)?$/, (route) => route.abort());
    await page.reload();
    if (file === 'runtime') await page.locator('migu-consent [part=banner]').hover();
    await until(() => consoleErrors.some((e) => new RegExp(`migu-consent\\.${file}\\.js\\?v=\\w+ did not register`).test(e)), () => consoleErrors.join('\n'));
    assert.ok(consoleErrors.some((e) => e.includes('needs migu-consent.iife.js of the same version')), consoleErrors.join('\n'));
    assert.deepEqual(errors.filter((e) => !e.includes('migu-consent.returning.js')), [], 'nothing thrown into the page');
    await context.close();
  });
}

test('a returning visitor whose runtime, due at the start, cannot load: ready fires, the granted tracker runs, and the re-open button fetches the runtime again', async () => {
  // before, no ready and no re-open button: no way to withdraw on that page
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/loader.html`); // no policy-url: the check brings the runtime to say so
  await page.evaluate(() => window.MiguConsent.acceptAll());
  let asked = 0;
  await context.route('**/migu-consent.runtime.js*', (route) => (++asked === 1 ? route.abort('internetdisconnected') : route.continue()));
  await page.addInitScript(() => {
    document.addEventListener('migu-consent-ready', (e) => { window.__ready = e.detail; });
  });
  await page.reload();
  await page.waitForFunction(() => window.__ready);
  assert.equal(asked, 1, 'the runtime was asked for, and refused');
  assert.equal(await page.evaluate(() => window.__ready.decided), true);
  await page.waitForFunction(() => window.__trackers?.length === 1);
  await page.locator('migu-consent [part=reopen]').click();
  await page.locator('migu-consent [part=preferences]').waitFor();
  assert.equal(asked, 2, 'fetched again');
  assert.deepEqual(errors.filter((e) => !/migu-consent\.runtime\.js|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

for (const visit of ['first', 'returning']) {
  const file = visit === 'first' ? 'check' : 'returning';
  test(`a ${visit} visit whose ${file}.js never answers (a stalled connection, no error): the runtime comes instead, with ready${visit === 'first' ? '' : ' and the re-open button'}; the file coming late changes nothing`, async () => {
    // ready and the button (which comes with returning.js) waited for the file: 7 s on slow 3G, for good on a
    // connection that hangs
    const { context, page, errors, settle } = await returningOnLoader();
    // off the page first: its runtime hears the consent cookie go (the Cookie Store API), and reloads on its own
    await page.goto('about:blank');
    if (visit === 'first') await context.clearCookies();
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let asked = false;
    await context.route(`**/migu-consent.${file}.js*`, async (route) => { asked = true; await held; await route.continue(); });
    await page.addInitScript(() => {
      window.__ready = [];
      document.addEventListener('migu-consent-ready', (e) => { window.__ready.push(e.detail.decided); });
    });
    await page.goto(`${h.base}/e2e/fixtures/loader.html`);
    await page.waitForFunction(() => window.__ready.length === 1);
    const part = visit === 'first' ? '[part=banner]' : '[part=reopen]';
    await page.locator(`migu-consent ${part}`).waitFor();
    assert.ok(asked, `${file}.js was asked for`);
    const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.replace(/.*\//, '').replace(/\?.*/, '')));
    assert.ok((await loaded()).includes('migu-consent.runtime.js'), 'the runtime came');
    assert.ok(!(await loaded()).includes(`migu-consent.${file}.js`), `${file}.js has not come`);
    release();
    await until(async () => (await loaded()).includes(`migu-consent.${file}.js`), `${file}.js never came`);
    await settle();
    assert.deepEqual(await page.evaluate(() => window.__ready), [visit === 'returning'], 'one ready');
    assert.equal(await page.locator(`migu-consent ${part}`).count(), 1, 'one');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('with a privacy signal: the notice needs the UI; once dismissed, later pages of the session get the re-open button without it', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  await withSignals(context);
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  const notice = page.locator('migu-consent [part=signal-notice]');
  await notice.waitFor();
  assert.equal(await page.evaluate(() => window.MiguConsent.get().source), 'signal');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await page.locator('migu-consent [part=reopen]').waitFor();

  requests.length = 0;
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  await settle();
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined), false, 'no UI');
  assert.equal(await notice.count(), 0);
  assert.ok(!requests.some((u) => u.includes('/dist/migu-consent.ui.js')), requests.join(', '));

  // a new session (another tab) tells again
  const other = await context.newPage();
  await other.goto(`${h.base}/e2e/fixtures/loader.html`);
  await other.locator('migu-consent [part=signal-notice]').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor: a config the page sets after the start applies without the UI, and the UI keeps it', async () => {
  const { context, page, tracker, requests, errors } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  const html = (config) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/dist/migu-consent.iife.js"></script>
<script type="text/plain" data-consent="video" src="https://tracker.example/video.js"></script></head>
<body><migu-consent revision="1">${config}</migu-consent><p>content</p></body></html>`;
  await context.route(`${h.base}/generated/first.html`, (route) => route.fulfill({ contentType: 'text/html', body: html('<script type="application/json">{ "categories": [{ "id": "video" }] }</script>') }));
  await context.route(`${h.base}/generated/late.html`, (route) => route.fulfill({ contentType: 'text/html', body: html('') }));
  await page.goto(`${h.base}/generated/first.html`);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__trackers?.length === 1);

  // another page of the site sets its config from script, once it has it (say, fetched)
  tracker.length = 0;
  requests.length = 0;
  await page.goto(`${h.base}/generated/late.html`);
  const reopen = page.locator('migu-consent [part=reopen]');
  await reopen.waitFor();
  assert.deepEqual(tracker, [], 'under the defaults the site\'s own category is unknown');
  await page.evaluate(() => { document.querySelector('migu-consent').config = { categories: [{ id: 'video' }] }; });
  await page.waitForFunction(() => window.__trackers?.length === 1);
  assert.deepEqual(tracker, ['https://tracker.example/video.js']);
  assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('video')), true);
  assert.equal(requests.filter((u) => u.includes('/dist/migu-consent.ui.js')).length, 0, 'without the UI');

  // the UI's element takes the value over
  await reopen.hover();
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined);
  await reopen.click();
  await page.locator('migu-consent [part=preferences] input[name="video"]').waitFor();
  assert.deepEqual(await page.evaluate(() => document.querySelector('migu-consent').config), { categories: [{ id: 'video' }] });
  assert.deepEqual(logged, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor: reset() before the UI is there asks again, with the banner without Lit', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/loader.html`);
  // rejected: a reset revokes nothing that ran, so the page is not reloaded
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await page.reload();
  await page.waitForFunction(() => window.MiguConsent.get().decided);
  assert.equal(await page.evaluate(() => { window.samePage = true; window.MiguConsent.reset(); return customElements.get('migu-consent')?.prototype.requestUpdate !== undefined; }), false, 'the UI was not there yet');
  await page.locator('migu-consent [part=banner]').waitFor();
  assert.equal(await page.evaluate(() => window.samePage), true, 'the banner came without a reload');
  assert.equal(await page.locator('migu-consent [part=reopen]').count(), 0);
  assert.equal(await page.evaluate(() => customElements.get('migu-consent')?.prototype.requestUpdate !== undefined), false, 'the banner without Lit');
  assert.deepEqual(errors, []);
  await context.close();
});

test('with `defer` on the tag (a page that calls no API before DOMContentLoaded): banner, gating and the returning visitor work the same', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  await context.route('**/e2e/fixtures/loader.html?defer', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('<script src="/dist/migu-consent.iife.js">', '<script defer src="/dist/migu-consent.iife.js">');
    assert.ok(body.includes('defer src'), 'the fixture still has the tag this test rewrites');
    await route.fulfill({ response, body });
  });
  await page.goto(`${h.base}/e2e/fixtures/loader.html?defer`);
  await page.locator('migu-consent [part=banner]').waitFor();
  assert.deepEqual(tracker, [], 'nothing before the choice');
  await page.locator('migu-consent [part=accept-all]').click();
  await page.waitForFunction(() => window.__trackers?.length === 1);

  tracker.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.__trackers?.length === 1);
  assert.deepEqual(tracker, ['https://tracker.example/analytics.js'], 'a returning visitor\'s tracker starts without a click');
  assert.equal(await page.locator('migu-consent [part=banner]').count(), 0);
  assert.equal(await page.evaluate(() => window.MiguConsent.isGranted('analytics')), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a returning visitor\'s re-open button is fetched after the page has loaded, not during', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await returningVisitor(page, 'acceptAll');
  const { loadAt, reopenAt } = await page.evaluate(() => ({
    loadAt: performance.getEntriesByType('navigation')[0].loadEventEnd,
    reopenAt: performance.getEntriesByType('resource').find((e) => e.name.includes('/dist/migu-consent.reopen.js'))?.startTime,
  }));
  assert.ok(loadAt > 0 && reopenAt !== undefined && reopenAt >= loadAt, `button requested at ${reopenAt} ms, load ended at ${loadAt} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** A page whose inline scripts read the API synchronously: one in <head> before the element, one right after it. */
const syncReadsPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script>
<script>
  const read = () => ({ revision: MiguConsent.get().revision, decided: MiguConsent.get().decided, source: MiguConsent.get().source, analytics: MiguConsent.isGranted('analytics'),
    listed: MiguConsent.get().categories.analytics, signals: MiguConsent.get().signals });
  window.__reads = { head: read() };
  MiguConsent.whenGranted('analytics').then(() => { window.__reads.whenGranted = document.readyState; });
</script></head><body>
<migu-consent revision="3"><script type="application/json">{ "categories": [{ "id": "analytics" }] }</script></migu-consent>
<script>window.__reads.afterElement = read();</script>
<p>content</p>
</body></html>`;

test('showPreferences() called by an inline script before the runtime is in opens the preferences once it is', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/early-prefs.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: syncReadsPage.replace('<p>content</p>', '<script>MiguConsent.showPreferences();</script><p>content</p>'),
  }));
  await page.goto(`${h.base}/generated/early-prefs.html`);
  await page.locator('migu-consent dialog[part=preferences]').waitFor({ state: 'visible' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('inline scripts read MiguConsent synchronously: undecided before <migu-consent> is parsed, the real state right after it', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/generated/sync.html`, (route) => route.fulfill({ contentType: 'text/html', body: syncReadsPage }));
  await page.goto(`${h.base}/generated/sync.html`);
  // the default categories listed (off) and the browser's signals, known without the element
  const undecided = { revision: '', decided: false, source: 'default', analytics: false, listed: false, signals: { dnt: false, gpc: false } };
  assert.deepEqual(await page.evaluate(() => window.__reads), {
    head: undecided,
    afterElement: { revision: '3', decided: false, source: 'default', analytics: false, listed: false, signals: { dnt: false, gpc: false } },
  }, 'a first visit');
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__reads.whenGranted !== undefined);

  await page.reload();
  await page.waitForFunction(() => window.__reads.whenGranted !== undefined);
  const reads = await page.evaluate(() => window.__reads);
  assert.deepEqual(reads.head, undecided, 'before the element, nothing is known yet');
  assert.deepEqual(reads.afterElement, { revision: '3', decided: true, source: 'user', analytics: true, listed: true, signals: { dnt: false, gpc: false } }, 'a returning visitor, right after the element');
  assert.equal(reads.whenGranted, 'loading', 'whenGranted() from <head> resolves while the page is still being parsed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an inline script in <head> with DNT and GPC on reads the signals before <migu-consent> is parsed (grader probe)', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await withSignals(context);
  await context.route(`${h.base}/generated/sync-signals.html`, (route) => route.fulfill({ contentType: 'text/html', body: syncReadsPage }));
  await page.goto(`${h.base}/generated/sync-signals.html`);
  const reads = await page.evaluate(() => window.__reads);
  assert.deepEqual(reads.head, { revision: '', decided: false, source: 'default', analytics: false, listed: false, signals: { dnt: true, gpc: true } });
  assert.deepEqual(reads.afterElement.signals, { dnt: true, gpc: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a withdrawal of many services with long ids holds on the next page: the cookie writes their ids as hashes, and the withdrawn tracker stays off', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
  const services = Array.from({ length: 20 }, (_, i) => ({ id: `bytedance_oceanengine_${String(i)}`, name: `Ads ${String(i)}` }));
  const config = JSON.stringify({ categories: [{ id: 'marketing', services }] });
  const body = `<!doctype html><html lang="en"><head><script src="/dist/migu-consent.iife.js"></script>
    <script type="text/plain" data-consent="marketing" data-consent-service="bytedance_oceanengine_19" src="https://tracker.example/withdrawn.js"></script>
    <script type="text/plain" data-consent="marketing" data-consent-service="bytedance_oceanengine_0" src="https://tracker.example/kept.js"></script>
    </head><body><migu-consent revoke="none" policy-url="/privacy.html"><script type="application/json">${config}</script></migu-consent><p>content</p></body></html>`;
  await context.route(`${h.base}/generated/many-services.html`, (route) => route.fulfill({ contentType: 'text/html', body }));
  await page.goto(`${h.base}/generated/many-services.html`);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__trackers?.length === 2);
  const off = services.slice(2).map((s) => s.id);
  await page.evaluate((ids) => window.MiguConsent.update(Object.fromEntries(ids.map((id) => [id, false]))), off);
  const [cookie] = (await context.cookies()).filter((c) => c.name === 'migu_consent');
  assert.ok(cookie && cookie.value.length <= 300 && cookie.value.includes('$'), `the cookie holds the withdrawal, hashed: ${cookie?.value}`);

  tracker.length = 0;
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  await page.waitForFunction(() => window.__trackers?.length === 1);
  await settle();
  assert.deepEqual(tracker, ['https://tracker.example/kept.js'], 'only the service still granted loads');
  const state = await page.evaluate(() => window.MiguConsent.get());
  assert.equal(state.services.bytedance_oceanengine_19, false);
  assert.equal(state.services.bytedance_oceanengine_1, true);
  assert.deepEqual(Object.entries(state.services).filter(([, v]) => !v).map(([k]) => k), off);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a config the page sets after migu-consent-ready, while only the first stage ran: one migu-consent-change with the new state, on a first visit and a returning one', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await recordConsentEvents(page);
  const body = `<!doctype html><html lang="en"><head><script src="/dist/migu-consent.iife.js"></script></head>
    <body><migu-consent policy-url="/privacy.html"></migu-consent><p>content</p></body></html>`;
  await context.route(`${h.base}/generated/config-later.html`, (route) => route.fulfill({ contentType: 'text/html', body }));
  const runtimeIn = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/migu-consent.runtime.js')));
  for (const visit of ['first', 'returning']) {
    if (visit === 'returning') {
      // a choice on a page that sets no config: the runtime keeps its early config for the next page
      await page.goto(`${h.base}/generated/config-later.html`);
      await page.evaluate(() => window.MiguConsent.rejectAll());
      await page.waitForFunction(() => window.__events.some(([t]) => t === 'change'));
    }
    await page.goto(`${h.base}/generated/config-later.html`);
    await page.waitForFunction(() => window.__events.some(([t]) => t === 'ready'));
    assert.equal(await runtimeIn(), false, `${visit}: only the first stage ran`);
    assert.equal(await page.evaluate(() => 'video' in window.MiguConsent.get().categories), false);
    await page.evaluate(() => { document.querySelector('migu-consent').config = { categories: [{ id: 'video', label: 'Video' }] }; });
    await page.waitForFunction(() => window.__events.some(([t]) => t === 'change'));
    const events = await page.evaluate(() => window.__events.map(([t, d]) => [t, Object.keys((d.state ?? d).categories)]));
    assert.deepEqual(events.map(([t]) => t), ['ready', 'change'], `${visit}: one ready, then one change`);
    assert.ok(events[1][1].includes('video'), `${visit}: the change's state lists the new category`);
    assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.video), false);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a config set in a migu-consent-ready listener applies and fires migu-consent-change, when the runtime fired ready as when the first stage did', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.addInitScript(() => {
    window.__events = [];
    document.addEventListener('migu-consent-ready', () => {
      window.__events.push(['ready']);
      document.querySelector('migu-consent').config = { categories: [{ id: 'video', label: 'Video' }] };
    }, { once: true });
    document.addEventListener('migu-consent-change', (e) => window.__events.push(['change', Object.keys(e.detail.state.categories)]));
  });
  const body = (policy) => `<!doctype html><html lang="en"><head><script src="/dist/migu-consent.iife.js"></script></head>
    <body><migu-consent ${policy}></migu-consent><p>content</p></body></html>`;
  // without policy-url the runtime comes once the page is idle, to report it, and fires ready itself
  await context.route(`${h.base}/generated/ready-runtime.html`, (route) => route.fulfill({ contentType: 'text/html', body: body('') }));
  await context.route(`${h.base}/generated/ready-first-stage.html`, (route) => route.fulfill({ contentType: 'text/html', body: body('policy-url="/privacy.html"') }));
  for (const [path, who] of [['ready-runtime', 'runtime'], ['ready-first-stage', 'first stage']]) {
    await page.goto(`${h.base}/generated/${path}.html`);
    await page.waitForFunction(() => window.__events.some(([t]) => t === 'change'));
    const events = await page.evaluate(() => window.__events);
    assert.deepEqual(events.map(([t]) => t), ['ready', 'change'], `${who}: ready, then one change`);
    assert.ok(events[1][1].includes('video'), `${who}: the change lists the new category`);
    assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.video), false, `${who}: get() has it`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a page that mounts its own <migu-consent> after the script added one: the second does nothing, with a warning; one banner, one choice in the cookie', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const body = `<!doctype html><html lang="en"><head><script src="/dist/migu-consent.iife.js"></script></head>
    <body><div id="app"></div><p>content</p></body></html>`;
  await context.route(`${h.base}/generated/mounted-late.html`, (route) => route.fulfill({ contentType: 'text/html', body }));
  await page.goto(`${h.base}/generated/mounted-late.html`);
  await page.locator('migu-consent [part=banner]').waitFor();
  // a single-page app mounts its own, with another revision, once it has rendered
  await page.evaluate(() => {
    const mine = document.createElement('migu-consent');
    mine.id = 'mine';
    mine.setAttribute('revision', '7');
    mine.setAttribute('policy-url', '/privacy.html');
    document.getElementById('app').append(mine);
  });
  await page.locator('migu-consent:not(#mine) [part=accept-all]').click();
  // the UI comes (every <migu-consent> becomes the Lit element)
  await page.evaluate(() => window.MiguConsent.showPreferences());
  await page.locator('migu-consent [part=preferences]').first().waitFor();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => customElements.get('migu-consent')?.prototype.requestUpdate && document.getElementById('mine').updateComplete !== undefined);
  await page.evaluate(() => document.getElementById('mine').updateComplete);
  assert.equal(await page.locator('#mine [part=banner]').count(), 0, 'no second banner');
  assert.equal(await page.evaluate(() => window.MiguConsent.get().revision), '1');
  assert.equal(warnings.filter((w) => w.includes('more than one <migu-consent>')).length, 1, warnings.join('\n'));
  const [cookie] = (await context.cookies()).filter((c) => c.name === 'migu_consent');
  assert.match(cookie.value, /^1\.1\./, 'the choice of the element in charge, once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a page with Prototype.js 1.6\'s Array#toJSON: a returning visitor still gets the first stage\'s fast path (its cache is stored as JSON, not as a string)', async () => {
  const { context, page, requests, errors, settle } = await newTrackedPage(h.browser);
  const config = JSON.stringify({ categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', cookies: ['_mg_id'] }] }] });
  await context.route(`${h.base}/generated/prototype.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>prototype.js</title>
<script>Array.prototype.toJSON = function () { return '[' + this.map(function (v) { return JSON.stringify(v); }).join(', ') + ']'; };</script>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revoke="none" policy-url="/privacy.html"><script type="application/json">${config}</script></migu-consent>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/analytics.js"></script>
</body></html>` }));
  await page.goto(`${h.base}/generated/prototype.html`);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => Array.isArray(JSON.parse(localStorage.getItem('migu_consent.early') ?? 'null')));
  // the re-open button after the choice fetches its file: in before the count starts (CI once counted it as the next page's)
  await page.locator('migu-consent [part=reopen]').waitFor();
  await settle();
  requests.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.__trackers?.length === 1);
  await page.locator('migu-consent [part=reopen]').waitFor();
  await settle();
  assert.deepEqual(requests.filter((u) => /migu-consent\.[\w.-]+\.js(\?|$)/.test(u)).map((u) => new URL(u).pathname),
    ['/dist/migu-consent.iife.js', '/dist/migu-consent.returning.js'], 'no runtime: the cache was read');
  assert.deepEqual(errors, []);
  await context.close();
});

test('gates an app builds off the document and drops, before the UI, are collected; one it keeps is still adopted when it connects (registration probe F4)', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await returningVisitor(page, 'acceptAll');
  // the stub held every element made before the UI, dropped or not, until the UI came (never, on most returning pages)
  await page.evaluate(() => {
    window.__collected = 0;
    const registry = new FinalizationRegistry(() => { window.__collected++; });
    for (let i = 0; i < 200; i++) {
      const view = document.createElement('div');
      view.innerHTML = '<migu-consent-gate category="analytics"><template><p class="inside">video</p></template></migu-consent-gate>';
      registry.register(view.firstElementChild, i);
    }
    window.__registry = registry;
    window.__kept = document.createElement('migu-consent-gate');
    window.__kept.setAttribute('category', 'analytics');
    window.__kept.innerHTML = '<template><p class="inside">kept</p></template>';
  });
  assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.ui.js'))), false, 'no UI yet');
  const cdp = await context.newCDPSession(page);
  // a collection runs the registry's callbacks in a later task: collect until they have run
  let collected = 0;
  await until(async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    collected = await page.evaluate(() => window.__collected);
    return collected >= 190;
  }, () => `collected ${collected} of 200`, { timeout: 20_000, every: 200 });
  // the one the app kept connects: the UI comes, and it is the gate the UI makes, its content stamped (granted)
  await page.evaluate(() => { document.body.append(window.__kept); });
  await page.waitForFunction(() => window.__kept.shadowRoot && document.querySelector('migu-consent-gate p.inside')?.textContent === 'kept');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a GBK page, its files served without a charset (nginx\'s default): the banner, the dialog, a language file and the re-open button read as on a UTF-8 page', async () => {
  /** What a page in `charset` shows in `lang`: the banner, the dialog's title, the re-open button after a reload. */
  const shown = async (charset, lang) => {
    const { context, page, errors } = await newTrackedPage(h.browser);
    await context.route((url) => /^\/dist\/migu-consent\.[\w.-]+\.js$/.test(url.pathname), (route) => route.fulfill({
      contentType: 'text/javascript', // no charset: the browser falls back to the page's encoding
      body: readFileSync(new URL(`..${new URL(route.request().url()).pathname}`, import.meta.url)),
    }));
    await context.route(`${h.base}/e2e/encoding.html`, (route) => route.fulfill({
      contentType: `text/html; charset=${charset}`,
      body: `<!doctype html><html lang="${lang}"><head><meta charset="${charset}"><script src="/dist/migu-consent.iife.js"></script></head>
<body><p>page</p><migu-consent policy-url="https://example.com/privacy"></migu-consent></body></html>`,
    }));
    await page.goto(`${h.base}/e2e/encoding.html`);
    const seen = { characterSet: await page.evaluate(() => document.characterSet) };
    seen.banner = await page.locator('migu-consent [part=banner]').innerText();
    await page.locator('migu-consent [part=banner] [part=customize]').click();
    seen.dialog = await page.locator('migu-consent [part=preferences] h2').innerText();
    await page.locator('migu-consent [part=preferences] [part=reject-all]').click();
    await page.reload();
    seen.reopen = await page.locator('migu-consent [part=reopen]').innerText();
    assert.deepEqual(errors, []);
    await context.close();
    return seen;
  };
  for (const lang of ['zh-CN', 'zh-TW']) {
    const utf8 = await shown('utf-8', lang);
    const gbk = await shown('gbk', lang);
    assert.equal(gbk.characterSet, 'GBK');
    for (const key of ['banner', 'dialog', 'reopen']) {
      assert.match(utf8[key], /[\u4e00-\u9fff]/, `${lang} ${key}: Chinese on the UTF-8 page`);
      assert.equal(gbk[key], utf8[key], `${lang} ${key} on the GBK page`);
    }
  }
});

test('a page that switched requestIdleCallback off (`window.requestIdleCallback = null`): ready fires, a choice is stored, a returning visitor gets the re-open button, nothing thrown', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.addInitScript(() => { window.requestIdleCallback = null; });
  await page.goto(`${h.base}/e2e/fixtures/basic.html`);
  await page.waitForFunction(() => window.__events?.some(([t]) => t === 'ready'));
  await page.locator('migu-consent [part=banner] [part=reject-all]').click();
  await waitForCookie(context, 'migu_consent');
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.deepEqual(errors, [], 'nothing thrown into the page');
  await context.close();
});

test('run by a loader that fetches its text and evaluates it (jQuery\'s getScript, qiankun): its files come from its own folder, the choice is stored', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  // a page in another folder than dist/: the page's folder has none of the files
  await context.route(`${h.base}/e2e/fixtures/xhr-loaded.html`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><script>
var x = new XMLHttpRequest(); x.open('GET', '/dist/migu-consent.iife.js', false); x.send();
var s = document.createElement('script'); s.text = x.responseText; document.head.appendChild(s).remove();
</script></head><body><migu-consent policy-url="https://example.com/privacy"></migu-consent></body></html>`,
  }));
  await page.goto(`${h.base}/e2e/fixtures/xhr-loaded.html`);
  await page.locator('migu-consent [part=banner] [part=accept-all]').click();
  // the runtime, from dist/, writes it: from the page's folder it was a 404 and the choice was lost
  await waitForCookie(context, 'migu_consent');
  await page.reload();
  await page.locator('migu-consent [part=reopen]').waitFor();
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true);
  assert.deepEqual(consoleErrors.filter((e) => e.includes('migu-consent')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('run by such a loader where an <img> of the same name came first and the resource timing buffer is full (security probe 2 F3): its files never come from the image\'s folder', async () => {
  const { context, page } = await newTrackedPage(h.browser);
  // a comment's image, then enough of the page's own requests to fill the 250 entries of resource timing: the page's
  // fetch of the file is not recorded, and the image's URL was taken for the folder of the runtime and the check
  const fillers = Array.from({ length: 260 }, (_, i) => `<img alt="" src="/package.json?${String(i)}">`).join('');
  await context.route(`${h.base}/e2e/fixtures/eval-loaded.html`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>
<div class="comment"><img alt="" src="/e2e/fixtures/evil/migu-consent.iife.js"></div>${fillers}
<migu-consent policy-url="https://example.com/privacy"></migu-consent>
<script>addEventListener('load', function () {
  fetch('/dist/migu-consent.iife.js').then(function (r) { return r.text(); }).then(function (text) {
    window.__full = performance.getEntriesByType('resource').length;
    var s = document.createElement('script'); s.text = text; document.head.appendChild(s).remove();
  });
});</script></body></html>`,
  }));
  const from = h.seen.length;
  await page.goto(`${h.base}/e2e/fixtures/eval-loaded.html`);
  await page.locator('migu-consent [part=banner] [part=accept-all]').click();
  // the click fetches the runtime: from the page's folder here (a 404, reported), never from the image's
  await until(() => h.seen.slice(from).some((r) => /migu-consent\.runtime\.js$/.test(r.path)), 'the runtime fetched');
  assert.ok(await page.evaluate(() => window.__full) >= 250, 'the buffer was full as the file ran');
  const ours = h.seen.slice(from).map((r) => r.path).filter((p) => /migu-consent\.\w+(\.\w+)?\.js$/.test(p) && !p.endsWith('.iife.js'));
  assert.deepEqual(ours.filter((p) => p.includes('/evil/')), [], ours.join(', '));
  await context.close();
});

test('a page\'s own layer at z-index 2147483647 over the lower half (an "open in app" layer): the banner without Lit comes above it, its choice is made with a click', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await context.route(`${h.base}/e2e/fixtures/app-layer.html`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script></head><body>
<div id="layer" style="position:fixed;left:0;right:0;bottom:0;top:40%;z-index:2147483647;background:#c00">打开咪咕视频APP</div>
<migu-consent policy-url="https://example.com/privacy"></migu-consent></body></html>`,
  }));
  await page.goto(`${h.base}/e2e/fixtures/app-layer.html`);
  // Playwright clicks only what a click at its centre would reach: under the layer it waited, and timed out
  await page.locator('migu-consent [part=banner] [part=reject-all]').click({ timeout: 10_000 });
  await waitForCookie(context, 'migu_consent');
  assert.equal(await page.evaluate(() => window.MiguConsent.get().decided), true);
  assert.deepEqual(errors, []);
  await context.close();
});
