// Gated markup in the script-tag build: nothing before consent, each item once after
// it, scripts in document order, later insertions, tracked links, unsafe URLs,
// withdrawal (cookies on host, domain and path; reload or not).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newTrackedPage, npmBuildAsGlobal, startHarness, until } from './support.mjs';

/**
 * A page that arrives in parts: the parser stops right after a gated script (nothing
 * follows it yet), then gets one more element, then the rest only after a long pause.
 */
async function streamedPage(ctx, next) {
  if (ctx.path !== '/e2e/streamed.html') return next();
  // straight to the socket: the dev server's own middleware would buffer a koa body
  ctx.respond = false;
  const body = ctx.res;
  body.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  const pause = (ms) => new Promise((r) => { setTimeout(r, ms); });
  void (async () => {
    body.write(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>streamed</title>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revision="1"><script type="application/json">{ "categories": [{ "id": "analytics", "services": [{ "id": "stats", "name": "Stats" }] }] }</script></migu-consent>
<p>before</p>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/streamed.js"></script>${' '.repeat(2048)}`);
    await pause(300);
    body.write('<p>after</p>');
    await pause(1500);
    body.end('<p>end</p></body></html>');
  })();
  return undefined;
}

/** The rest of /e2e/streamed-held.html: `release()` sends it, `sent` says whether it went (see heldPage). */
const held = { release: () => {}, sent: false };

/**
 * A page whose bytes stop right after a gated external script's end tag: nothing follows it until
 * the test releases the rest (on its tracker request) or 5 s have passed.
 */
async function heldPage(ctx, next) {
  if (ctx.path !== '/e2e/streamed-held.html') return next();
  ctx.respond = false;
  const body = ctx.res;
  body.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  body.write(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>held</title>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revision="1"><script type="application/json">{ "categories": [{ "id": "analytics", "services": [{ "id": "stats", "name": "Stats" }] }] }</script></migu-consent>
<p>before</p>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/held.js"></script>`);
  held.sent = false;
  let fallback;
  await new Promise((done) => {
    held.release = done;
    fallback = setTimeout(done, 5000);
  });
  clearTimeout(fallback); // released by the test: the timer would only keep node waiting
  held.sent = true;
  body.end('\n<p>end</p></body></html>');
  return undefined;
}

let h;
// *.migu.test resolves to the test server, for cookies on a parent domain
const CSP = "script-src 'nonce-gating123'; require-trusted-types-for 'script'; trusted-types migu-consent lit-html";
// under 'strict-dynamic' the browser trusts every script ours creates: only the library's nonce rule stops injected ones
const STRICT_DYNAMIC_CSP = "script-src 'nonce-gating123' 'strict-dynamic'; require-trusted-types-for 'script'; trusted-types migu-consent lit-html";
before(async () => {
  h = await startHarness({
    args: ['--host-resolver-rules=MAP *.migu.test 127.0.0.1'],
    middleware: [(ctx, next) => {
      if (ctx.path === '/e2e/fixtures/gating-csp.html' || ctx.path === '/e2e/fixtures/gating-gate-csp.html') ctx.set('Content-Security-Policy', CSP);
      if (ctx.path === '/e2e/fixtures/gating-clobber.html') ctx.set('Content-Security-Policy', STRICT_DYNAMIC_CSP);
      if (ctx.path === '/e2e/fixtures/gating-nonce.html') ctx.set('Content-Security-Policy', ctx.query.strictDynamic === undefined ? CSP : STRICT_DYNAMIC_CSP);
      return next();
    }, streamedPage, heldPage],
  });
});
after(async () => { await h?.stop(); });

const FIXTURE = '/e2e/fixtures/gating.html';
const SCRIPTS_IN_ORDER = ['_slow_js', 'inline', '_b_js', '_module_js', '_ads_js', '_both_js'];
const delay = (ms) => new Promise((r) => { setTimeout(r, ms); });
/** Resolves once `condition()` holds (checked every 20 ms), rejects after `timeout` ms. */
/** The fixture in a tracked page, its first script answered slowly; `query` sets <migu-consent> attributes. */
async function open(query = '', { base = h.base } = {}) {
  const t = await newTrackedPage(h.browser);
  const logged = [];
  t.page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  const dialogs = [];
  t.page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  let served;
  const slowServed = new Promise((resolve) => { served = resolve; });
  await t.page.route('https://tracker.example/slow.js', async (route) => {
    t.tracker.push(route.request().url());
    await delay(700);
    await route.fulfill({ contentType: 'text/javascript', body: 'window.__trackers.push("_slow_js")' }).finally(served);
  });
  await t.page.goto(`${base}${FIXTURE}${query}`);
  await t.settle();
  const count = (url) => t.tracker.filter((u) => u === url).length;
  return { ...t, logged, dialogs, count, slowServed };
}

test('before consent nothing gated loads, runs or pings, and no cookie is written', async () => {
  const { context, page, tracker, errors } = await open();
  assert.deepEqual(tracker, []);
  const dom = await page.evaluate(() => ({
    ran: window.__trackers,
    src: [...document.querySelectorAll('img, iframe')].filter((e) => e.hasAttribute('src')).length,
    link: [document.querySelector('#link').getAttribute('href'), document.querySelector('#link').hasAttribute('ping')],
  }));
  assert.deepEqual(dom, { ran: [], src: 0, link: ['/e2e/fixtures/gating-target.html', false] });
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on grant each gated item is requested once; scripts run in document order behind a slow first one', async () => {
  const { context, page, tracker, errors, count, settle } = await open('?revoke=none');
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction((n) => window.__trackers.length === n, SCRIPTS_IN_ORDER.length);
  await settle();
  assert.deepEqual(await page.evaluate(() => window.__trackers), SCRIPTS_IN_ORDER);
  for (const url of ['https://tracker.example/slow.js', 'https://tracker.example/b.js', 'https://tracker.example/module.js',
    'https://ads.example/ads.js', 'https://ads.example/both.js', 'https://pixel.example/p.gif', 'https://ads.example/frame.html']) {
    assert.equal(count(url), 1, `${url} once in ${tracker.join(', ')}`);
  }
  // the running copy next to the original, inert once it ran (a copy of the page's HTML would run it again)
  assert.deepEqual(await page.evaluate(() => {
    const copy = document.querySelector('script[src$="module.js"]').nextElementSibling;
    return [copy.getAttribute('src'), copy.type, copy.getAttribute('data-consent-state')];
  }), ['https://tracker.example/module.js', 'text/plain', 'activated']);

  // withdrawn and granted again: no script runs twice
  await page.evaluate(() => { window.MiguConsent.rejectAll(); window.MiguConsent.acceptAll(); });
  await settle();
  assert.deepEqual(await page.evaluate(() => window.__trackers), SCRIPTS_IN_ORDER);
  for (const url of ['https://tracker.example/slow.js', 'https://tracker.example/b.js', 'https://ads.example/ads.js']) assert.equal(count(url), 1);

  // a returning visitor: everything granted activates on load, without a click
  tracker.length = 0;
  await page.reload();
  await page.waitForFunction((n) => window.__trackers.length === n, SCRIPTS_IN_ORDER.length);
  assert.deepEqual(await page.evaluate(() => window.__trackers), SCRIPTS_IN_ORDER);
  assert.equal(count('https://tracker.example/b.js'), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a partial choice activates only what it covers (several categories, a service)', async () => {
  const { context, page, tracker, errors, settle } = await open('?revoke=none');
  await page.evaluate(() => window.MiguConsent.update({ analytics: true, stats: false }));
  await page.waitForFunction(() => window.__trackers.length === 3);
  await settle();
  assert.deepEqual(await page.evaluate(() => window.__trackers), ['_slow_js', 'inline', '_b_js']);
  assert.deepEqual(tracker.sort(), ['https://tracker.example/b.js', 'https://tracker.example/slow.js']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('gated elements inserted by page scripts: inert before the grant, active at insertion after it', async () => {
  const { context, page, tracker, errors, count, settle } = await open('?revoke=none');
  const insert = (tag) => page.evaluate((t) => {
    const box = document.createElement('div');
    box.innerHTML = `<section><img data-consent="marketing" data-src="https://pixel.example/${t}.gif" alt=""></section>`;
    const s = document.createElement('script');
    s.type = 'text/plain';
    s.dataset.consent = 'analytics';
    s.src = `https://tracker.example/${t}.js`;
    box.firstChild.append(s);
    document.body.append(box);
  }, tag);
  await insert('early');
  await settle();
  assert.deepEqual(tracker, []);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await insert('late');
  await page.waitForFunction(() => window.__trackers.includes('_late_js'));
  await settle();
  for (const t of ['early', 'late']) {
    assert.equal(count(`https://pixel.example/${t}.gif`), 1);
    assert.equal(count(`https://tracker.example/${t}.js`), 1);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('tracked link: the tracked URL and ping only while granted', async () => {
  const { context, page, tracker, errors, settle } = await open('?revoke=none');
  await Promise.all([page.waitForURL(/gating-target\.html$/), page.click('#link')]);
  await settle();
  assert.deepEqual(tracker, [], 'no ping while denied');

  await page.goBack();
  await page.waitForFunction(() => window.MiguConsent?.get);
  await page.evaluate(() => window.MiguConsent.update({ analytics: true }));
  const link = await page.evaluate(() => [document.querySelector('#link').href, document.querySelector('#link').getAttribute('ping')]);
  assert.deepEqual(link, [`${h.base}/e2e/fixtures/gating-target.html?tracked=1`, 'https://pixel.example/ping.gif']);
  await Promise.all([page.waitForURL(/\?tracked=1$/), page.click('#link')]);
  await until(() => tracker.includes('https://pixel.example/ping.gif'), () => `the ping went out: ${tracker.join(', ')}`);

  await page.goBack();
  await page.waitForFunction(() => window.MiguConsent?.get);
  await page.evaluate(() => window.MiguConsent.update({ analytics: false }));
  const clean = await page.evaluate(() => [document.querySelector('#link').getAttribute('href'), document.querySelector('#link').hasAttribute('ping')]);
  assert.deepEqual(clean, ['/e2e/fixtures/gating-target.html', false]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a ping on any link goes out only while its consent holds, from the first stage on (REQUIREMENTS 42)', async () => {
  const { context, page, tracker, requests, errors, settle } = await newTrackedPage(h.browser);
  const warned = [];
  page.on('console', (m) => { if (m.type() === 'warning') warned.push(m.text()); });
  const PING = {
    plain: 'https://pixel.example/plain.gif', declared: 'https://ads.example/declared.gif',
    area: 'https://pixel.example/area.gif', marked: 'https://tracker.example/marked.gif',
  };
  /** Follows link `id` (`middle`: into a new tab; `script`: its click() from the page); returns the pings sent meanwhile. */
  const follow = async (id, how = 'click') => {
    const before = tracker.length;
    if (how === 'middle') {
      const [tab] = await Promise.all([context.waitForEvent('page'), page.click(`#${id}`, { button: 'middle' })]);
      await tab.waitForURL(/gating-target\.html$/);
      await settle(tab);
      await tab.close();
    } else {
      await Promise.all([
        page.waitForURL(/gating-target\.html$/),
        how === 'script' ? page.evaluate((i) => { setTimeout(() => { document.getElementById(i).click(); }); }, id) : page.click(`#${id}`),
      ]);
      await settle();
      await page.goBack();
      await page.waitForFunction(() => window.MiguConsent?.get);
    }
    return tracker.slice(before);
  };
  /** Follows link `id` and waits for its ping. */
  const pings = async (id, how) => {
    await follow(id, how);
    await until(() => tracker.includes(PING[id]), () => `#${id} pinged: ${tracker.join(', ')}`);
    tracker.length = 0;
  };

  await page.goto(`${h.base}/e2e/fixtures/pings.html`);
  await settle();
  // a first visit: only the first stage is in
  assert.deepEqual(await follow('plain'), [], 'a host no service declares');
  assert.deepEqual(await follow('plain', 'middle'), [], 'a middle click');
  assert.deepEqual(await follow('area', 'script'), [], '<area>, clicked by a script');
  assert.deepEqual(await follow('declared'), [], 'a declared host');
  assert.equal(requests.filter((u) => u.includes('migu-consent.runtime.js')).length, 0, 'the first stage held them back');
  assert.ok(warned.some((w) => w.includes(`ping "${PING.plain}" held back`)), 'the unmarked link is reported');

  await page.goto(`${h.base}/e2e/fixtures/pings.html?marked`);
  await settle();
  assert.deepEqual(await follow('marked'), [], 'a marked link');

  await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
  await pings('declared');
  assert.deepEqual(await follow('plain'), [], 'analytics is still off');

  await page.evaluate(() => window.MiguConsent.acceptAll());
  await pings('plain');
  await pings('plain', 'middle');
  await pings('area', 'script');
  await pings('marked');

  await page.reload();
  await page.waitForFunction(() => window.MiguConsent?.get().decided);
  await pings('plain');

  await page.evaluate(() => window.MiguConsent.update({ adnet: false }));
  assert.deepEqual(await follow('declared'), [], 'its service switched off');
  assert.deepEqual(await follow('plain'), [], 'a service off: not everything is granted');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a gated javascript:, data: or vbscript: URL never activates, throws nothing, and is reported', async () => {
  const { context, page, errors, logged, dialogs, settle } = await open('?revoke=none');
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await settle();
  const state = await page.evaluate(() => ({
    pwned: window.__pwned,
    bad: ['#bad-img', '#bad-frame', '#data-frame', '#vb-frame'].map((s) => [document.querySelector(s).hasAttribute('src'), document.querySelector(s).dataset.consentState]),
  }));
  assert.deepEqual(state, { pwned: undefined, bad: Array(4).fill([false, 'refused']) });
  assert.equal(logged.filter((m) => m.startsWith('[migu-consent:gating]')).length, 4, logged.join('\n'));
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a site that adds cookie-domain: a choice made then replaces the host-only one from before, also after a reload', async () => {
  const port = new URL(h.base).port;
  const base = `http://www.migu.test:${port}`;
  const { context, page, errors, settle } = await open('?revoke=none', { base });
  await page.evaluate(() => window.MiguConsent.acceptAll());
  const where = async () => (await context.cookies()).filter((c) => c.name === 'migu_consent').map((c) => c.domain);
  assert.deepEqual(await where(), ['www.migu.test'], 'host-only before cookie-domain');
  // the site now shares one choice across its subdomains; the visitor refuses on the next page
  await page.goto(`${base}${FIXTURE}?revoke=none&cookie-domain=.migu.test`);
  await settle();
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true, 'the old choice still holds');
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await page.reload();
  await settle();
  const after = await page.evaluate(() => ({ state: window.MiguConsent.get(), ran: window.__trackers ?? [] }));
  assert.deepEqual([after.state.decided, after.state.categories.analytics, after.state.categories.marketing], [true, false, false], 'the refusal holds after a reload');
  assert.deepEqual(after.ran, [], 'nothing gated ran after the refusal');
  assert.deepEqual(await where(), ['.migu.test'], 'one consent cookie, on the cookie domain');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a site that adds cookie-domain: a refusal made on one subdomain counts on another over its host-only choice from before', async () => {
  const port = new URL(h.base).port;
  const [www, shop] = [`http://www.migu.test:${port}`, `http://shop.migu.test:${port}`];
  const { context, page, errors, settle } = await open('?revoke=none', { base: shop });
  await page.evaluate(() => window.MiguConsent.acceptAll()); // host-only, on shop.migu.test
  // the site now shares one choice across its subdomains: the visitor refuses on www ...
  const shared = `${FIXTURE}?revoke=none&cookie-domain=.migu.test`;
  await page.goto(`${www}${shared}`);
  await settle();
  await page.evaluate(() => window.MiguConsent.rejectAll());
  assert.deepEqual((await context.cookies()).filter((c) => c.name === 'migu_consent').map((c) => c.domain).sort(), ['.migu.test', 'shop.migu.test']);
  // ... and shop has both copies: the newer decision, the refusal, counts from the first stage on
  await page.goto(`${shop}${shared}`);
  await settle();
  const on = await page.evaluate(() => ({ state: window.MiguConsent.get(), ran: window.__trackers ?? [] }));
  assert.deepEqual([on.state.decided, on.state.categories.analytics, on.state.categories.marketing], [true, false, false]);
  assert.deepEqual(on.ran, [], 'nothing gated ran after the refusal');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a site that removes or changes cookie-domain: a choice made since replaces the old domain copy, on the other hosts too, and reset() forgets it', async () => {
  const port = new URL(h.base).port;
  const [www, shop] = [`http://www.migu.test:${port}`, `http://shop.migu.test:${port}`];
  const where = async (context) => (await context.cookies()).filter((c) => c.name === 'migu_consent').map((c) => c.domain).sort();
  const granted = (page) => page.evaluate(() => {
    const state = window.MiguConsent.get();
    return [state.decided, state.categories.analytics];
  });
  for (const [what, next] of [['removed', ''], ['changed', '&cookie-domain=www.migu.test']]) {
    const { context, page, errors, settle } = await open('?revoke=none&cookie-domain=.migu.test', { base: www });
    await page.evaluate(() => window.MiguConsent.acceptAll());
    assert.deepEqual(await where(context), ['.migu.test'], what);
    // the next deployment: cookie-domain removed (host-only) or narrowed; the visitor refuses on www
    await page.goto(`${www}${FIXTURE}?revoke=none${next}`);
    await settle();
    await page.evaluate(() => window.MiguConsent.rejectAll());
    assert.ok(!(await where(context)).includes('.migu.test'), `${what}: the old domain copy went with the refusal`);
    // shop, on the same deployment, no longer sees the old accept-all: it asks
    await page.goto(`${shop}${FIXTURE}?revoke=none${next.replace('www.', 'shop.')}`);
    await settle();
    assert.deepEqual(await granted(page), [false, false], `${what}: shop is asked, not granted by the old copy`);
    assert.deepEqual(await page.evaluate(() => window.__trackers ?? []), [], `${what}: nothing gated ran on shop`);
    // the old copy back (written by a page of the old deployment still cached), then reset() on www forgets it too
    await context.addCookies([{ name: 'migu_consent', value: (await context.cookies()).find((c) => c.name === 'migu_consent')?.value ?? 'x', domain: '.migu.test', path: '/' }]);
    await page.goto(`${www}${FIXTURE}?revoke=none${next}`);
    await settle();
    await page.evaluate(() => window.MiguConsent.reset());
    assert.deepEqual(await where(context), [], `${what}: reset() left no copy`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a subdomain without cookie-domain among sites with it: its choice deletes theirs, with a warning that names the fix', async () => {
  const port = new URL(h.base).port;
  const [www, shop] = [`http://www.migu.test:${port}`, `http://shop.migu.test:${port}`];
  const { context, page, errors, settle } = await open('?revoke=none&cookie-domain=.migu.test', { base: shop });
  await page.evaluate(() => window.MiguConsent.acceptAll());
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning' && m.text().includes('cookie-domain is not set')) warnings.push(m.text()); });
  // www forgot the attribute: it reads the shared choice, and its refusal must not leave shop's accept-all in force
  await page.goto(`${www}${FIXTURE}?revoke=none`);
  await settle();
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true, 'the shared choice is read');
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await page.evaluate(() => window.MiguConsent.update({ functional: true }));
  assert.deepEqual((await context.cookies()).filter((c) => c.name === 'migu_consent').map((c) => c.domain), ['www.migu.test']);
  assert.equal(warnings.length, 1, 'said once');
  assert.match(warnings[0], /the choice another subdomain stored on a parent domain was deleted, and is asked again there\. Sites that share one choice set one cookie-domain/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an http subdomain where an https one stored the choice (a Secure cookie) cannot store its own: the error says why', async () => {
  const port = new URL(h.base).port;
  const { context, page, errors } = await open('', { base: `http://www.migu.test:${port}` });
  // what https://shop.migu.test wrote (cookie-domain=.migu.test): this http page cannot read it, nor write over it
  await context.addCookies([{ name: 'migu_consent', value: 'x', domain: '.migu.test', path: '/', secure: true }]);
  const logged = [];
  page.on('console', (m) => { if (/migu-consent:(storage|option)/.test(m.text())) logged.push(m.text()); });
  await page.goto(`http://www.migu.test:${port}${FIXTURE}?revoke=none&cookie-domain=.migu.test`);
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await until(() => logged.length > 0, () => 'nothing said');
  assert.match(logged.join('\n'), /an https page's Secure migu_consent there/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('withdrawal deletes the service cookies on the host, the cookie domain, a parent domain and a path', async () => {
  const port = new URL(h.base).port;
  const base = `http://www.migu.test:${port}`;
  const { context, page, errors } = await open('?revoke=none&cookie-domain=.migu.test', { base });
  await page.evaluate(async () => {
    // on a first visit the decision is applied once the runtime is in, a round trip later
    await window.MiguConsent.acceptAll();
    document.cookie = '_ga=host; path=/';
    document.cookie = '_ga=www; path=/; domain=www.migu.test';
    document.cookie = '_ga_ABC=domain; path=/; domain=.migu.test';
    document.cookie = '_gid=path; path=/e2e/fixtures';
    document.cookie = '_gid=domain-path; path=/e2e; domain=migu.test';
    document.cookie = '_ads=marketing; path=/';
    document.cookie = 'other=keep; path=/';
    localStorage.setItem('stats_store', '1');
  });
  const before = (await context.cookies()).map((c) => `${c.name}@${c.domain}${c.path}`).sort();
  assert.equal(before.length, 8, before.join(', '));
  await page.evaluate(() => window.MiguConsent.update({ analytics: false }));
  // gone at once for the page itself
  assert.deepEqual(await page.evaluate(() => document.cookie.split('; ').map((c) => c.split('=')[0]).filter((n) => /^_g/.test(n))), []);
  // the page's deletions reach the browser's cookie store as messages that the context's own read
  // can overtake (under load it saw the last two of them pending): wait for the store to hold them
  const expected = ['_ads@www.migu.test/', 'migu_consent@.migu.test/', 'other@www.migu.test/'];
  let left = [];
  await until(async () => {
    left = (await context.cookies()).map((c) => `${c.name}@${c.domain}${c.path}`).sort();
    return left.length <= expected.length;
  }, () => `cookies left: ${left.join(', ')}`, { timeout: 5000 }).catch(() => undefined);
  assert.deepEqual(left, expected);
  assert.equal(await page.evaluate(() => localStorage.getItem('stats_store')), null);
  const change = await page.evaluate(() => window.__events.at(-1));
  assert.deepEqual(change.revoked.sort(), ['analytics', 'stats']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('revoking a category whose script ran reloads the page once, after the change event', async () => {
  const { context, page, tracker, errors, count, settle } = await open();
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction((n) => window.__trackers.length === n, SCRIPTS_IN_ORDER.length);
  await page.evaluate(() => {
    window.__before = true;
    document.addEventListener('migu-consent-change', (e) => { sessionStorage.setItem('seen-change', e.detail.revoked.sort().join()); });
  });
  tracker.length = 0;
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => window.MiguConsent.update({ analytics: false }))]);
  await settle();
  assert.equal(await page.evaluate(() => window.__before), undefined, 'reloaded');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('seen-change')), 'analytics,stats');
  // after the reload only marketing runs
  assert.deepEqual(await page.evaluate(() => window.__trackers), ['_ads_js']);
  assert.equal(count('https://tracker.example/b.js'), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('revoke="none": no reload; a slow script still downloading when withdrawn and the scripts waiting behind it never run', async () => {
  const { context, page, tracker, errors, settle, slowServed } = await open('?revoke=none');
  let navigated = 0;
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigated++; });
  await page.evaluate(() => { window.__before = true; window.MiguConsent.acceptAll(); });
  // slow.js is on its way; the analytics scripts behind it wait. Withdrawn before the runtime came, both calls
  // were one decision (store.batch()): nothing requested, which a loaded machine showed in CI
  await until(() => tracker.includes('https://tracker.example/slow.js'), () => 'slow.js requested');
  await page.evaluate(() => window.MiguConsent.update({ analytics: false }));
  // the queue goes on at once: the marketing script behind them runs (it waited for slow.js to run, before)
  await page.waitForFunction(() => window.__trackers.includes('_ads_js'));
  await slowServed;
  await settle();
  // slow.js ran after the withdrawal, before (framework probe F1)
  assert.deepEqual(await page.evaluate(() => window.__trackers), ['_ads_js']);
  assert.ok(!tracker.includes('https://tracker.example/b.js'));
  assert.equal(navigated, 0);
  assert.equal(await page.evaluate(() => window.__before), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('under a nonce CSP with Trusted Types, gated scripts that carry the page\'s nonce run', async () => {
  const { context, page, tracker, errors, logged } = await newTrackedPage(h.browser).then(async (t) => {
    const out = { ...t, logged: [] };
    t.page.on('console', (m) => { if (m.type() === 'error') out.logged.push(m.text()); });
    return out;
  });
  const response = await page.goto(`${h.base}/e2e/fixtures/gating-csp.html`);
  assert.equal(response.headers()['content-security-policy'], CSP);
  await page.waitForFunction(() => window.MiguConsent?.get);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__trackers.length === 2);
  assert.deepEqual(await page.evaluate(() => window.__trackers), ['_csp_js', 'inline']);
  assert.deepEqual(tracker, ['https://tracker.example/csp.js']);
  assert.deepEqual(logged.filter((m) => /Content Security Policy|TrustedScript/i.test(m)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('under Trusted Types, a gate\'s stamped script runs with its text, with no violation and no console error', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  const response = await page.goto(`${h.base}/e2e/fixtures/gating-gate-csp.html`);
  assert.equal(response.headers()['content-security-policy'], CSP);
  await page.waitForFunction(() => window.MiguConsent?.get);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__trackers.length === 2 && document.querySelector('migu-consent-gate > p'));
  // Chromium reports a cloned script's text on insertion, even of one that never runs as it is
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(logged.filter((m) => /TrustedScript|Content Security Policy/i.test(m)), []);
  // a plain one (made gated by the gate) and one written gated already (gated-markup.md, "A gate's template in Firefox")
  assert.deepEqual(await page.evaluate(() => window.__trackers), ['gate', 'gate, written gated'], 'the stamped scripts ran once each, with their text');
  assert.deepEqual(errors, []);
  await context.close();
});

test('under Trusted Types, a page script finds no way to our policy: no global holds it, and it makes no script of its text', async () => {
  const { context, page, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/gating-csp.html`);
  await page.waitForFunction(() => window.MiguConsent?.get);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForFunction(() => window.__trackers.length === 2); // the policy made the gated scripts
  // what a page script (a gadget, a third-party tag) could try, with the page's nonce in hand
  const found = await page.evaluate(() => {
    const holders = [];
    for (const key of [...Object.getOwnPropertySymbols(window), ...Object.getOwnPropertyNames(window)]) {
      let v;
      try { v = window[key]; } catch { continue; }
      if (v && v !== window.trustedTypes && typeof v.createScript === 'function') holders.push(String(key));
    }
    for (const key of holders) {
      try {
        const s = document.createElement('script');
        s.nonce = document.querySelector('script[nonce]').nonce;
        s.text = window[key].createScript('window.__pwned = true');
        document.head.append(s);
      } catch { /* refused */ }
    }
    return { holders, pwned: window.__pwned === true };
  });
  assert.deepEqual(found, { holders: [], pwned: false });
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [name, query, csp] of [['a nonce CSP', '', CSP], ['a nonce CSP with \'strict-dynamic\'', '?strictDynamic', STRICT_DYNAMIC_CSP]]) {
  test(`under ${name}, injected gated scripts without the page's nonce never run, with one warning each; the nonced ones do`, async () => {
    const { context, page, tracker, errors } = await newTrackedPage(h.browser);
    await context.addInitScript(() => {
      window.__violations = [];
      addEventListener('securitypolicyviolation', (e) => { window.__violations.push(`${e.effectiveDirective}: ${e.blockedURI}`); }, true);
    });
    const warnings = [];
    page.on('console', (m) => { if (/nonce/.test(m.text())) warnings.push(m.text()); });
    const response = await page.goto(`${h.base}/e2e/fixtures/gating-nonce.html${query}`);
    assert.equal(response.headers()['content-security-policy'], csp);
    // "necessary" is granted from the start: the page's own necessary script runs at once, the injected one never
    await page.waitForFunction(() => window.__trackers.includes('nonced'));
    await page.evaluate(() => window.MiguConsent.acceptAll());
    await page.waitForFunction(() => window.__trackers.includes('_nonced_js'));
    assert.deepEqual(await page.evaluate(() => window.__trackers), ['nonced', '_nonced_js']);
    assert.deepEqual(tracker, ['https://tracker.example/nonced.js'], 'the injected external script is never requested');
    assert.equal(warnings.length, 5, warnings.join('\n'));
    for (const w of warnings) assert.match(w, /^\[migu-consent:gating\] a gated <script> without the page's nonce was not run/);
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('.comment script')].map((s) => s.getAttribute('data-consent-state'))),
      ['refused', 'refused', 'refused', 'refused', 'refused']);
    assert.equal(await page.evaluate(() => document.querySelectorAll('.comment script[nonce]').length), 3, 'two of them hold the stolen nonce');
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'refused by the library, not left to the browser');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('markup that clobbers document.currentScript (<img name="currentScript" src nonce>) neither moves the loader\'s files nor sets its nonce', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  const response = await page.goto(`${h.base}/e2e/fixtures/gating-clobber.html`);
  assert.equal(response.headers()['content-security-policy'], STRICT_DYNAMIC_CSP);
  assert.equal(await page.evaluate(() => document.currentScript?.localName), 'img', 'the markup clobbers the property');
  await page.waitForFunction(() => window.MiguConsent?.acceptAll);
  await page.evaluate(() => { void window.MiguConsent.acceptAll(); }); // fetches the runtime
  await page.waitForFunction(() => document.querySelector('script[src*="migu-consent.runtime.js"]'));
  const ours = await page.evaluate(() => [...document.querySelectorAll('script[src*="migu-consent."]')].map((s) => [s.src, s.nonce]));
  assert.ok(ours.length >= 2 && ours.every(([src, nonce]) => src.startsWith(`${h.base}/dist/migu-consent.`) && nonce === 'gating123'),
    `the files come from the loader's own folder with its nonce: ${JSON.stringify(ours)}`);
  await page.waitForFunction(() => window.__trackers.includes('own'));
  assert.deepEqual(await page.evaluate(() => window.__trackers), ['own'], 'the gated script with the injected element\'s nonce never runs');
  assert.deepEqual(tracker.filter((u) => /migu-consent/.test(u)), [], 'nothing of ours requested from the injected URL');
  assert.deepEqual(errors, []);
  await context.close();
});

test('markup that clobbers document.cookie (<img name="cookie">) before <migu-consent>: the choice is stored and read, setCookie() writes, and a withdrawal made there reaches the next page', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  // an HTML injection without script (a comment, a profile field): a named <img> is what document.cookie returns
  const pageWith = (injected) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cookie clobbered</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<div class="comment">${injected}</div>
<migu-consent revision="1" policy-url="/privacy.html" revoke="none"></migu-consent>
<script type="text/plain" data-consent="analytics" src="https://tracker.example/stats.js"></script>
</body></html>`;
  await context.route(`${h.base}/e2e/clobbered.html`, (route) => route.fulfill({ contentType: 'text/html', body: pageWith('<img name="cookie" alt="">') }));
  await context.route(`${h.base}/e2e/clean.html`, (route) => route.fulfill({ contentType: 'text/html', body: pageWith('') }));
  const consentCookie = async () => (await context.cookies()).find((c) => c.name === 'migu_consent')?.value;

  await page.goto(`${h.base}/e2e/clobbered.html`);
  assert.equal(await page.evaluate(() => typeof document.cookie), 'object', 'the markup clobbers the property');
  await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]'));
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await until(async () => (await consentCookie()) !== undefined, () => 'the choice is stored');
  assert.equal(await page.evaluate(() => window.MiguConsent.setCookie('functional', 'pref', 'dark')), true);
  assert.equal((await context.cookies()).find((c) => c.name === 'pref')?.value, 'dark', 'setCookie() wrote it');

  // a returning visit to the same page: the choice is read there too
  await page.goto(`${h.base}/e2e/clobbered.html`);
  await until(() => tracker.length === 2, () => `the granted tracker runs again: ${JSON.stringify(tracker)}`);
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), true);
  const accepted = await consentCookie();
  await page.evaluate(() => window.MiguConsent.update({ analytics: false }));
  await until(async () => (await consentCookie()) !== accepted, () => 'the withdrawal is stored');

  await page.goto(`${h.base}/e2e/clean.html`);
  await page.waitForFunction(() => window.MiguConsent?.get().decided);
  assert.equal(await page.evaluate(() => window.MiguConsent.get().categories.analytics), false, 'withdrawn on the next page');
  await settle();
  assert.equal(tracker.length, 2, 'the withdrawn tracker stays off');
  assert.deepEqual(logged.filter((m) => m.includes('[migu-consent')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('markup named as the globals Lit reads as it loads (<img name="litHtmlVersions">, an id litPropertyMetadata …) breaks neither build: the npm build loads, the preferences open (security probe 2 F4)', async () => {
  const injected = ['litHtmlVersions', 'litElementVersions', 'reactiveElementVersions', 'litHtmlPolyfillSupport', 'reactiveElementPolyfillSupport', 'litElementPolyfillSupport']
    .map((name) => `<img name="${name}" alt="">`).join('') + '<p id="litPropertyMetadata">a comment</p><p id="litIssuedWarnings">another</p>';
  const npm = await npmBuildAsGlobal();
  for (const build of ['script', 'npm']) {
    const { context, page, errors } = await newTrackedPage(h.browser);
    const logged = [];
    page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
    await context.route(`${h.base}/e2e/lit-clobbered.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lit's globals clobbered</title></head><body>
<div class="comment">${injected}</div>
<migu-consent policy-url="/privacy.html"></migu-consent>
${build === 'script' ? '<script src="/dist/migu-consent.iife.js"></script>' : '<script type="module" src="/app.js"></script>'}
</body></html>` }));
    await context.route(`${h.base}/app.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: npm }));
    await page.goto(`${h.base}/e2e/lit-clobbered.html`);
    assert.equal(await page.evaluate(() => window.litHtmlVersions?.localName ?? document.getElementsByName('litHtmlVersions')[0].localName), 'img', 'the markup is there');
    await page.locator('migu-consent [part=banner] [part=customize]').click();
    await page.locator('migu-consent [part=preferences] [part=save]').waitFor();
    assert.equal(await page.evaluate(() => typeof window.MiguConsent?.get), 'function', build);
    assert.deepEqual(errors, [], `${build}: nothing thrown into the page`);
    assert.deepEqual(logged.filter((m) => m.includes('migu-consent')), [], build);
    await context.close();
  }
});

test('a cross-border service stays off after accept-all, on a first visit and a returning one: its script, pixel and host; its own grant lets them through', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
  const config = { categories: [{ id: 'analytics', services: [
    { id: 'stats', name: 'Stats' },
    { id: 'ga', name: 'Google Analytics', vendor: 'Google LLC', hosts: ['ads.example'], crossBorder: { recipient: 'Google LLC', country: 'US' } },
  ] }] };
  await context.route(`${h.base}/e2e/cross-border.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cross-border</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revision="1" revoke="none"><script type="application/json">${JSON.stringify(config)}</script></migu-consent>
<script type="text/plain" data-consent="analytics" data-consent-service="stats" src="https://tracker.example/stats.js"></script>
<script type="text/plain" data-consent="analytics" data-consent-service="ga" src="https://tracker.example/ga.js"></script>
<img data-consent="analytics" data-consent-service="ga" data-src="https://pixel.example/ga.gif" alt="">
<script>window.__ping = () => fetch('https://ads.example/collect', { mode: 'no-cors' }).then(() => 'sent', (e) => String(e));</script>
</body></html>` }));
  const url = `${h.base}/e2e/cross-border.html`;
  const ga = () => tracker.filter((u) => /ga\.(js|gif)/.test(u));
  await page.goto(url);
  const accepted = await page.evaluate(() => window.MiguConsent.acceptAll());
  assert.deepEqual([accepted.categories.analytics, accepted.services.stats, accepted.services.ga], [true, true, false]);
  for (const visit of ['first visit', 'returning visitor']) {
    if (visit === 'returning visitor') await page.goto(url);
    await until(() => tracker.filter((u) => u.endsWith('/stats.js')).length === (visit === 'first visit' ? 1 : 2), `${visit}: stats.js`);
    await settle();
    assert.deepEqual(ga(), [], `${visit}: nothing of the cross-border service`);
    assert.equal(await page.evaluate(() => window.__ping()), 'TypeError: blocked by migu-consent', `${visit}: its host`);
  }
  // its own grant, as the preferences' separate switch gives it
  await page.evaluate(() => window.MiguConsent.update({ ga: true }));
  await until(() => ga().length === 2, 'ga.js and ga.gif once granted');
  assert.equal(await page.evaluate(() => window.__ping()), 'sent');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a gate of the category stamps nothing on a cross-border service\'s declared host after accept-all, on a first visit and a returning one, until that service is granted (REQUIREMENTS 25)', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
  const config = { categories: [{ id: 'analytics', services: [
    { id: 'stats', name: 'Stats' },
    { id: 'ga', name: 'Google Analytics', vendor: 'Google LLC', hosts: ['ads.example'], crossBorder: { recipient: 'Google LLC', country: 'US' } },
  ] }] };
  // the gate outside <migu-consent>: on a returning visitor's page it stamps before any runtime is there
  await context.route(`${h.base}/e2e/gate-hosts.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gate hosts</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revision="1" revoke="none"><script type="application/json">${JSON.stringify(config)}</script></migu-consent>
<migu-consent-gate category="analytics"><template><img src="https://pixel.example/stats.gif" alt=""><img src="https://ads.example/gate.gif" alt=""><iframe src="https://ads.example/frame.html" title="map"></iframe><video><source src="https://ads.example/clip.mp4" type="video/mp4"></video></template></migu-consent-gate>
</body></html>` }));
  const url = `${h.base}/e2e/gate-hosts.html`;
  const declared = () => tracker.filter((u) => u.startsWith('https://ads.example/'));
  await page.goto(url);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  for (const visit of ['first visit', 'returning visitor']) {
    if (visit === 'returning visitor') await page.goto(url);
    await until(() => tracker.filter((u) => u.endsWith('/stats.gif')).length === (visit === 'first visit' ? 1 : 2), `${visit}: the category's own image`);
    await settle();
    assert.deepEqual(declared(), [], `${visit}: nothing to the cross-border service's host`);
    assert.equal(await page.locator('migu-consent-gate img[data-consent-service="ga"]').getAttribute('data-src'), 'https://ads.example/gate.gif', `${visit}: in its gated form`);
  }
  await page.evaluate(() => window.MiguConsent.update({ ga: true }));
  await until(() => ['/gate.gif', '/frame.html'].every((p) => declared().some((u) => u.endsWith(p))), 'its own grant lets them through');
  assert.deepEqual(errors, []);
  await context.close();
});

test('script build with service hosts: the guard is in before the first script after the element, for every request type', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  const sockets = [];
  await context.routeWebSocket(/^wss:\/\/tracker\.example\//, (ws) => { sockets.push(ws.url()); });
  const warned = [];
  page.on('console', (m) => { if (m.type() === 'warning' && m.text().startsWith('[migu-consent:gating]')) warned.push(m.text()); });
  await page.goto(`${h.base}/e2e/fixtures/guard.html`);
  const blocked = {
    beacon: false, fetch: 'TypeError: blocked by migu-consent', xhr: 'failed', script: 'error', src: [false, false], ws: 'SecurityError', events: 'SecurityError',
  };
  // an inline script right after <migu-consent>, run while the page was parsed
  assert.deepEqual(await page.evaluate(() => window.__early), blocked);
  assert.deepEqual([tracker, sockets], [[], []]);
  assert.deepEqual(warned, ['[migu-consent:gating] requests to tracker.example are blocked until "stats" is granted']);

  // a gated script of a granted category still cannot reach the host of a service not granted
  await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
  await page.waitForFunction(() => window.__beacon !== undefined);
  assert.equal(await page.evaluate(() => window.__beacon), false);

  // the runtime has taken over from the first stage: what the page kept of the first stage's guard asks its guard
  assert.ok(await page.evaluate(() => window[Symbol.for('migu-consent.chunks')].loaded('runtime')), 'the runtime is in');
  const keptBlocked = { beacon: false, fetch: 'TypeError: blocked by migu-consent', src: false };
  assert.deepEqual(await page.evaluate(() => window.__sendKept('denied')), keptBlocked);

  await page.evaluate(() => window.MiguConsent.update({ analytics: true }));
  // (how the XHR ends depends on CORS: it is seen reaching the host below)
  const { xhr, ...sent } = await page.evaluate(() => window.__send('granted'));
  assert.deepEqual(sent, { beacon: true, fetch: 'ok', script: 'ok', src: [true, true], ws: 'made', events: 'made' });
  assert.ok(xhr);
  const kinds = ['beacon', 'fetch', 'xhr', 'script.js', 'img.gif', 'frame.html', 'events'];
  for (const kind of kinds) {
    const url = `https://tracker.example/${kind}-granted`;
    await assert.doesNotReject(() => until(() => tracker.includes(url)), `${url} in ${tracker.join(', ')}`);
  }
  await until(() => sockets.length === 1);
  assert.deepEqual(sockets, ['wss://tracker.example/ws-granted']);
  assert.deepEqual(await page.evaluate(() => window.__sendKept('granted')), { beacon: true, fetch: 'ok', src: true });

  // withdrawn: blocked again
  await page.evaluate(() => window.MiguConsent.update({ analytics: false }));
  const count = tracker.length;
  assert.deepEqual(await page.evaluate(() => window.__send('withdrawn')), blocked);
  assert.deepEqual(await page.evaluate(() => window.__sendKept('withdrawn')), keptBlocked);
  assert.deepEqual(tracker.filter((u) => u.includes('/kept-') && !u.endsWith('-granted')), [], 'what the page kept reached the host unguarded');
  assert.equal(tracker.filter((u) => u.endsWith('-withdrawn')).length, 0, tracker.slice(count).join(', '));
  assert.deepEqual(sockets, ['wss://tracker.example/ws-granted']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('script build with service hosts: a gated script a tag manager makes with the DOM before consent (type or src first) runs once on consent, and its loader hears it load', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/guard.html`);
  await page.waitForFunction(() => window.MiguConsent?.get().source !== undefined);
  // the usual snippet (type, category, then src), by property and by setAttribute; and a plain one, which the guard refuses
  const made = await page.evaluate(() => {
    const byProperty = document.createElement('script');
    byProperty.type = 'text/plain';
    byProperty.setAttribute('data-consent', 'analytics');
    byProperty.src = 'https://tracker.example/tag-property.js';
    const byAttribute = document.createElement('script');
    byAttribute.setAttribute('type', 'text/plain');
    byAttribute.setAttribute('data-consent', 'analytics');
    byAttribute.setAttribute('src', 'https://tracker.example/tag-attribute.js');
    const plain = document.createElement('script');
    plain.src = 'https://tracker.example/tag-plain.js';
    // src first, type after (a framework's attribute order, Object.assign), with a loader's handlers
    const srcFirst = Object.assign(document.createElement('script'), { src: 'https://tracker.example/tag-src-first.js', type: 'text/plain' });
    srcFirst.setAttribute('data-consent', 'analytics');
    window.__loader = [];
    srcFirst.onload = () => { window.__loader.push('load'); };
    srcFirst.onerror = () => { window.__loader.push('error'); };
    document.body.append(byProperty, byAttribute, plain, srcFirst);
    return [byProperty, byAttribute, plain, srcFirst].map((s) => s.getAttribute('src'));
  });
  assert.deepEqual(made, ['https://tracker.example/tag-property.js', 'https://tracker.example/tag-attribute.js', null, null]);
  const tags = () => tracker.filter((u) => u.includes('/tag-')).sort();
  await settle();
  assert.deepEqual(tags(), [], 'nothing before consent');
  assert.deepEqual(await page.evaluate(() => window.__loader), [], 'no error for a script made a gated one after its src was refused');
  await page.evaluate(() => window.MiguConsent.update({ analytics: true }));
  await until(() => tags().length >= 3, () => `the gated tags once granted: ${tags().join(', ')}`);
  await page.waitForFunction(() => window.__loader.length > 0);
  await settle();
  assert.deepEqual(tags(), ['https://tracker.example/tag-attribute.js', 'https://tracker.example/tag-property.js', 'https://tracker.example/tag-src-first.js'], 'each once');
  assert.deepEqual(await page.evaluate(() => window.__loader), ['load'], 'the loader heard its script load, once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a gated inline script calling document.write (CNZZ\'s old snippet) leaves the page whole, on a first visit and a returning one, with a warning', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  const warned = [];
  page.on('console', (m) => { if (m.text().startsWith('[migu-consent:gating] document.write')) warned.push(m.text()); });
  await context.route(`${h.base}/generated/write.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>write</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"></migu-consent>
<p id="content">the page</p>
<script type="text/plain" data-consent="analytics">window.__ran = (window.__ran || 0) + 1; document.write(unescape("%3Cscript src='https://tracker.example/z_stat.js'%3E%3C/script%3E"));</script>
<p id="after">after the snippet</p>
</body></html>` }));
  for (const visit of ['first', 'returning']) {
    await page.goto(`${h.base}/generated/write.html`);
    if (visit === 'first') await page.locator('migu-consent [part=accept-all]').click();
    await page.waitForFunction(() => window.__ran === 1);
    await page.waitForFunction(() => document.readyState === 'complete');
    assert.deepEqual(await page.evaluate(() => [!!document.querySelector('#content'), !!document.querySelector('#after'), !!document.querySelector('migu-consent')]), [true, true, true], `${visit}: the page is whole`);
    assert.equal(warned.length, visit === 'first' ? 1 : 2, `${visit}: said`);
  }
  assert.deepEqual(warned.slice(0, 1), ['[migu-consent:gating] document.write() in a gated script is ignored: it would wipe the page']);
  assert.deepEqual(tracker.filter((u) => u.includes('z_stat')), []);
  assert.equal(await page.evaluate(() => typeof document.write === 'function' && !Object.prototype.hasOwnProperty.call(document, 'write')), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a gated <video> with <source data-src> requests nothing before consent, and its source and poster once after', async () => {
  const { context, page, tracker, errors } = await newTrackedPage(h.browser);
  await page.goto(`${h.base}/e2e/fixtures/gating-media.html`);
  await until(() => tracker.includes('https://pixel.example/control.gif'));
  await page.waitForFunction(() => window.MiguConsent?.get().source !== undefined);
  assert.deepEqual(tracker, ['https://pixel.example/control.gif']);
  assert.deepEqual(await page.evaluate(() => [document.querySelector('source').hasAttribute('src'), document.querySelector('video').hasAttribute('poster')]), [false, false]);

  // the fulfilled body is no video: the source fails, and the video is done with it
  await page.evaluate(() => { document.querySelector('source').addEventListener('error', () => { window.__sourceDone = true; }); });
  await page.evaluate(() => window.MiguConsent.update({ marketing: true }));
  await page.waitForFunction(() => window.__sourceDone === true);
  await until(() => tracker.includes('https://pixel.example/poster.gif'));
  const count = (url) => tracker.filter((u) => u === url).length;
  assert.deepEqual([count('https://ads.example/clip.webm'), count('https://pixel.example/poster.gif')], [1, 1], tracker.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

/** A visitor who accepted everything on loader.html; `tracker` is emptied of that page's own tracker. */
async function returningVisitor() {
  const visitor = await newTrackedPage(h.browser);
  await visitor.page.goto(`${h.base}/e2e/fixtures/loader.html`);
  await visitor.page.evaluate(() => { window.MiguConsent.acceptAll(); });
  // the grant starts loader.html's own tracker: let it arrive before counting the next page's
  await visitor.page.waitForFunction(() => window.__trackers?.includes('_analytics_js'));
  visitor.tracker.length = 0;
  return visitor;
}

test('returning visitor, page still loading: a gated external script starts as soon as its tag is parsed, before anything follows it', async () => {
  const { context, page, tracker, errors } = await returningVisitor();
  // whether the rest of the page had been sent when the tracker was requested (else the request sends it)
  const restSentFirst = new Promise((done) => {
    page.on('request', (r) => {
      if (!r.url().endsWith('/held.js')) return;
      done(held.sent);
      held.release();
    });
  });
  await page.goto(`${h.base}/e2e/streamed-held.html`, { waitUntil: 'commit' });
  assert.equal(await restSentFirst, false, 'the tracker was requested only once more of the page had arrived (5 s later)');
  await page.waitForLoadState('load');
  assert.deepEqual(tracker, ['https://tracker.example/held.js']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('returning visitor, page still loading: a gated script starts once the parser is past it, not at DOMContentLoaded', async () => {
  const { context, page, tracker, errors } = await returningVisitor();
  const t0 = Date.now();
  let requested = 0;
  page.on('request', (r) => { if (r.url().endsWith('/streamed.js')) requested = Date.now() - t0; });
  await page.goto(`${h.base}/e2e/streamed.html`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__trackers?.includes('_streamed_js'), null, { timeout: 5000 });
  const loading = await page.evaluate(() => document.readyState);
  assert.equal(loading, 'loading', `it ran while the rest of the page was still on its way (requested after ${requested} ms)`);
  assert.deepEqual(tracker, ['https://tracker.example/streamed.js']);
  await page.waitForLoadState('load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('withdrawal: a shown frame goes blank without a history entry, so Back leaves the page, not back to the tracker; a shown image with srcset and a declared host fetches nothing', async () => {
  const { context, page, tracker, errors, settle } = await newTrackedPage(h.browser);
  const config = JSON.stringify({ categories: [{ id: 'marketing', services: [{ id: 'adnet', name: 'Ads', hosts: ['ads.example'] }] }] });
  await context.route(`${h.base}/generated/start.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>start</title><p>start</p>' }));
  await context.route(`${h.base}/generated/frame.html`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>frame</title><script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent revoke="none" policy-url="/privacy.html"><script type="application/json">${config}</script></migu-consent>
<iframe data-consent="marketing" data-src="https://tracker.example/embed.html" title="video"></iframe>
<img data-consent="marketing" data-consent-service="adnet" data-src="https://ads.example/ss.gif" data-srcset="https://ads.example/ss-1x.gif 1x" alt="">
</body></html>` }));
  await page.goto(`${h.base}/generated/start.html`);
  await page.goto(`${h.base}/generated/frame.html`);
  await page.evaluate(() => window.MiguConsent.update({ marketing: true, adnet: true }));
  await page.waitForFunction(() => document.querySelector('img').complete && document.querySelector('img').naturalWidth > 0);
  await settle();
  assert.deepEqual(tracker.sort(), ['https://ads.example/ss-1x.gif', 'https://tracker.example/embed.html']);
  const length = await page.evaluate(() => history.length);
  tracker.length = 0;
  await page.evaluate(() => window.MiguConsent.update({ marketing: false }));
  await page.waitForFunction(() => document.querySelector('iframe').getAttribute('src') === 'about:blank');
  await settle();
  assert.equal(await page.evaluate(() => history.length), length, 'no history entry for the withdrawal');
  assert.deepEqual(tracker, [], 'the image pinned to the URL it shows: nothing fetched');
  await page.goBack();
  await page.waitForURL(/start\.html/);
  await settle();
  assert.deepEqual(tracker, [], 'Back left the page; the frame did not go back to the tracker');
  assert.deepEqual(errors, []);
  await context.close();
});
