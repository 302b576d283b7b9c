// Sibling sites (docs/sibling-domains.md) between two registrable domains, miguvideo.test and
// migu-music.test, with www.evil.test as the third party; all three resolve to the test server
// (Chromium's --host-resolver-rules, as e2e/gating.test.mjs does for *.migu.test). A link to the
// sibling hands the choice over (no banner there, gating as for a stored choice, a receipt with
// source "sibling", the URL cleaned); links elsewhere never carry it; and the attacks of the
// threat model: the forged link, the replayed link, the stale link, the open redirect (server and
// script), a sibling that sends no referrer. The last test pins down what remains possible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { encodeHandoff } from '../dist/core/handoff.js';
import { newTrackedPage, startHarness, until } from './support.mjs';

const VIDEO = 'www.miguvideo.test';
const MUSIC = 'www.migu-music.test';
const EVIL = 'www.evil.test';
const SIBLINGS = ['miguvideo.test', 'migu-music.test'];
let h;
let port;
const receipts = [];
const at = (host, path = '/sib/page.html') => `http://${host}:${port}${path}`;

/** A page of one of the sites: what it was opened with (`__arrived`, before anything of ours ran), the loader, a gated script, links. */
function sitePage({ head = '', body = '', consent = true, attrs = '' } = {}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script>window.__arrived = location.href;</script>${head}
${consent ? '<script src="/dist/migu-consent.iife.js"></script>' : ''}
<script type="text/plain" data-consent="analytics" src="https://tracker.example/analytics.js"></script>
</head><body>
${consent ? `<migu-consent revision="7" revoke="none" receipt-endpoint="/sib/receipts"${attrs}>
  <script type="application/json">${JSON.stringify({ siblings: SIBLINGS, categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats' }] }] })}</script>
</migu-consent>` : ''}
<p id="top">content</p>
<a id="to-sibling" href="${at(MUSIC)}">music</a>
<a id="to-sibling-anchor" href="${at(MUSIC)}#top">music, an anchor</a>
<a id="to-sibling-tab" href="${at(MUSIC)}" target="_blank">music, new tab</a>
<a id="to-video" href="${at(VIDEO)}">video</a>
<a id="to-own" href="${at('m.miguvideo.test')}">own site</a>
<a id="to-other" href="${at(EVIL, '/sib/evil.html')}">other</a>
<a id="to-mail" href="mailto:x@migu-music.test">mail</a>
${body}
</body></html>`;
}

before(async () => {
  h = await startHarness({
    args: [`--host-resolver-rules=MAP *.miguvideo.test 127.0.0.1, MAP *.migu-music.test 127.0.0.1, MAP ${EVIL} 127.0.0.1`],
    middleware: [async (ctx, next) => {
      if (ctx.path === '/sib/receipts') {
        let body = '';
        for await (const chunk of ctx.req) body += chunk;
        receipts.push(JSON.parse(body));
        ctx.status = 204;
        return undefined;
      }
      const html = (text) => { ctx.type = 'text/html'; ctx.set('Cache-Control', 'no-store'); ctx.body = text; };
      if (ctx.path === '/sib/page.html') return html(sitePage());
      // nothing for the runtime to report (its policy link is there): a first visit stays with the first stage
      if (ctx.path === '/sib/clean.html') return html(sitePage({ attrs: ' policy-url="/privacy.html"' }));
      // a sibling page that sends no referrer at all
      if (ctx.path === '/sib/no-referrer.html') return html(sitePage({ head: '<meta name="referrer" content="no-referrer">' }));
      // the third party: links the test writes
      if (ctx.path === '/sib/evil.html') return html(sitePage({ consent: false }));
      // an open redirect of the video site, on the server: 302 to any URL given
      if (ctx.path === '/sib/redirect') return ctx.redirect(String(ctx.query.to));
      // an open redirect of the video site in a page running migu-consent: "you are leaving, continue"
      if (ctx.path === '/sib/leaving.html') {
        return html(sitePage({ body: '<button id="continue" onclick="location.href = new URLSearchParams(location.search).get(\'to\')">continue</button>' }));
      }
      // the same redirect on a page of the video site without migu-consent
      if (ctx.path === '/sib/bare-redirect.html') {
        return html('<!doctype html><script>location.href = new URLSearchParams(location.search).get("to")</script>');
      }
      return next();
    }],
  });
  port = new URL(h.base).port;
});
after(async () => { await h?.stop(); });

/** A visitor (fresh context) with console warnings of ours collected. */
async function visitor() {
  const t = await newTrackedPage(h.browser);
  const warnings = [];
  t.context.on('console', (m) => { if (m.text().startsWith('[migu-consent:')) warnings.push(m.text()); });
  return { ...t, warnings };
}

const started = (page) => page.waitForFunction(() => window.MiguConsent?.get().revision === '7');
const state = (page) => page.evaluate(() => window.MiguConsent.get());
const banner = (page) => page.locator('migu-consent').locator('[part~=banner]');
const arrived = (page) => page.evaluate(() => window.__arrived);

/** A handoff value as a link would carry it; `issuedAt` and `updatedAt` default to now. */
function value({ grant = true, issuedAt = Date.now(), updatedAt = Date.now(), revision = '7' } = {}) {
  return encodeHandoff({ revision, consentId: '', updatedAt, categories: grant ? ['analytics'] : [], servicesOff: [], servicesOn: [] }, issuedAt);
}

/** Puts a link into the page, first in <body> (`append`: last), as user content or a script would; one with its id goes first. */
function addLink(page, id, href, { text = 'see this', append = false } = {}) {
  return page.evaluate(([i, h, t, last]) => {
    document.getElementById(i)?.remove();
    const a = document.createElement('a');
    a.id = i;
    a.href = h;
    a.textContent = t;
    if (last) document.body.append(a);
    else document.body.prepend(a);
  }, [id, href, text, append]);
}

/** Opens `url` by a click on a link on the evil page (the referrer is the evil page); waits for a started page on `host`. */
async function fromEvil(page, url, host = MUSIC) {
  await page.goto(at(EVIL, '/sib/evil.html'));
  await addLink(page, 'crafted', url, { text: 'a prize', append: true });
  await Promise.all([page.waitForURL((u) => u.hostname === host), page.click('#crafted')]);
  await started(page);
}

/** Opens `url` as a new document (never a same-document fragment change) with `referer`. */
async function openWith(page, url, referer) {
  await page.goto('about:blank');
  await page.goto(url, { referer });
  await started(page);
}

test('a link to the sibling hands the choice over: no banner there, gating follows, source "sibling", a receipt, a clean URL', async () => {
  receipts.length = 0;
  const { context, page, tracker, errors, warnings, settle } = await visitor();
  await page.goto(at(VIDEO));
  await started(page);
  await page.evaluate(() => window.MiguConsent.update({ analytics: true }));
  // the links are decorated by siblings.js, which the runtime fetches once it is in: a click before
  // that opens bare (docs/sibling-domains.md), and under load the click could come first
  await page.waitForFunction(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('siblings') !== undefined);
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#to-sibling')]);
  await started(page);
  assert.match(await arrived(page), /#migu-consent-handoff=h1\./, 'the link carried it in the fragment');
  const s = await state(page);
  assert.deepEqual([s.decided, s.source, s.categories.analytics], [true, 'sibling', true]);
  assert.equal(page.url(), at(MUSIC), 'the handoff is gone from the URL');
  await page.waitForFunction(() => window.__trackers?.includes('_analytics_js'));
  await settle();
  assert.equal(await banner(page).count(), 0);
  await until(() => receipts.some((r) => r.page === at(MUSIC)) && receipts.some((r) => r.page === at(VIDEO)), 'both sites receipt');
  const taken = receipts.find((r) => r.page === at(MUSIC));
  assert.deepEqual([taken.action, taken.source, taken.categories.analytics], ['sibling', 'sibling', true]);
  assert.notEqual(taken.consentId, receipts.find((r) => r.page === at(VIDEO)).consentId, 'the consent id stays on its site');
  // a newer refusal on the music site goes back the other way
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await Promise.all([page.waitForURL((u) => u.hostname === VIDEO), page.click('#to-video')]);
  await started(page);
  assert.deepEqual([(await state(page)).source, (await state(page)).categories.analytics], ['sibling', false]);
  // a reload finds the stored choice, not the handoff again
  await page.reload();
  await started(page);
  assert.equal((await state(page)).source, 'sibling');
  assert.equal(tracker.filter((u) => u.includes('analytics')).length, 2, 'analytics ran once on each site while granted');
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings.filter((w) => w.includes('handoff')), []);
  await context.close();
});

test('only links to a listed sibling carry it: not to other hosts, the own site or mailto, never without a decided choice', async () => {
  const { context, page } = await visitor();
  await page.goto(at(VIDEO));
  await started(page);
  // no decided choice: the sibling link stays bare
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#to-sibling')]);
  assert.equal(await arrived(page), at(MUSIC));
  await started(page);
  assert.equal((await state(page)).decided, false, 'the sibling asks on its own');
  await page.goto(at(VIDEO));
  await started(page);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  for (const id of ['to-other', 'to-own']) {
    await page.goto(at(VIDEO));
    await started(page);
    await Promise.all([page.waitForURL((u) => u.hostname !== VIDEO), page.click(`#${id}`)]);
    assert.doesNotMatch(await arrived(page), /handoff/, id);
  }
  await page.goto(at(VIDEO));
  await started(page);
  const mail = await page.evaluate(() => {
    const a = document.getElementById('to-mail');
    a.addEventListener('click', (e) => { e.preventDefault(); window.__mailHref = a.href; });
    a.click();
    return window.__mailHref;
  });
  assert.equal(mail, 'mailto:x@migu-music.test');
  await context.close();
});

test('a link inserted late, a link with its own fragment (query form), a middle click into a new tab; the href is put back', async () => {
  const { context, page } = await visitor();
  await page.goto(at(VIDEO));
  await started(page);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  // a fragment of its own: the handoff goes into the query, the anchor survives
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#to-sibling-anchor')]);
  assert.match(await arrived(page), /\/sib\/page\.html\?migu-consent-handoff=h1\.[^#]+#top$/);
  await started(page);
  assert.equal(page.url(), `${at(MUSIC)}#top`);
  assert.equal((await state(page)).source, 'sibling');
  // inserted after the start, followed by a middle click into a new tab
  await page.goto(at(VIDEO));
  await started(page);
  await addLink(page, 'late', at(MUSIC, '/sib/page.html?late=1'), { text: 'late link' });
  const [tab] = await Promise.all([context.waitForEvent('page'), page.click('#late', { button: 'middle' })]);
  await tab.waitForFunction(() => window.__arrived);
  assert.match(await arrived(tab), /\?late=1#migu-consent-handoff=h1\./);
  await until(async () => (await page.getAttribute('#late', 'href')) === at(MUSIC, '/sib/page.html?late=1'), 'the href is put back');
  // target=_blank by a plain click
  const [tab2] = await Promise.all([context.waitForEvent('page'), page.click('#to-sibling-tab')]);
  await tab2.waitForFunction(() => window.__arrived);
  assert.match(await arrived(tab2), /#migu-consent-handoff=h1\./);
  assert.equal(await page.getAttribute('#to-sibling-tab', 'href'), at(MUSIC));
  await context.close();
});

test('the navigation guard leaves same-document changes alone: a router\'s replaceState to a handoff-like URL neither is cancelled nor reloads', async () => {
  const { context, page, errors } = await visitor();
  await page.goto(at(VIDEO));
  await started(page);
  // the links chunk (and its guard) ran: a script added before the load event delays it
  await page.waitForLoadState('load');
  const url = await page.evaluate(() => {
    window.__same = true;
    history.replaceState(null, '', '/sib/page.html?migu-consent-handoff=h1.router.state');
    return location.href;
  });
  assert.equal(url, at(VIDEO, '/sib/page.html?migu-consent-handoff=h1.router.state'));
  await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 0); }));
  assert.equal(await page.evaluate(() => window.__same), true, 'the same document');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the forged link: a grant crafted on a third-party page is not taken; a refusal is', async () => {
  const { context, page, warnings, tracker, settle } = await visitor();
  await fromEvil(page, `${at(MUSIC)}#migu-consent-handoff=${value()}`);
  await banner(page).waitFor({ state: 'visible' });
  assert.equal((await state(page)).decided, false);
  assert.equal(page.url(), at(MUSIC), 'removed from the URL all the same');
  assert.ok(warnings.some((w) => /^\[migu-consent:handoff\] .*not taken: a grant, and document\.referrer is no sibling site/.test(w)), warnings.join('\n'));
  await settle();
  assert.deepEqual(tracker, []);
  // refusing on the user's behalf does no harm: it is taken (when newer than the page's own choice)
  await fromEvil(page, `${at(MUSIC)}#migu-consent-handoff=${value({ grant: false })}`);
  const s = await state(page);
  assert.deepEqual([s.decided, s.source, s.categories.analytics], [true, 'sibling', false]);
  await context.close();
});

test('the replayed link: a handoff already taken is not taken again, even after the user reset the choice', async () => {
  const { context, page, warnings } = await visitor();
  await page.goto(at(VIDEO));
  await started(page);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#to-sibling')]);
  await started(page);
  const link = await arrived(page);
  assert.equal((await state(page)).source, 'sibling');
  await page.evaluate(() => window.MiguConsent.reset());
  // the same URL again, from the sibling (history, a copy, a restored session)
  await openWith(page, link, at(VIDEO));
  assert.equal((await state(page)).decided, false);
  assert.ok(warnings.some((w) => w.includes('not taken: used before')), warnings.join('\n'));
  await context.close();
});

test('the stale link: a handoff followed more than 2 minutes ago is not taken, even from the sibling', async () => {
  const { context, page, warnings } = await visitor();
  await openWith(page, `${at(MUSIC)}#migu-consent-handoff=${value({ issuedAt: Date.now() - 3 * 60_000, updatedAt: Date.now() - 3 * 60_000 })}`, at(VIDEO));
  assert.equal((await state(page)).decided, false);
  assert.ok(warnings.some((w) => w.includes('not taken: stale')), warnings.join('\n'));
  // and one for another policy revision
  await openWith(page, `${at(MUSIC)}#migu-consent-handoff=${value({ revision: '6' })}`, at(VIDEO));
  assert.equal((await state(page)).decided, false);
  assert.ok(warnings.some((w) => w.includes('not taken: for revision 6, not 7')), warnings.join('\n'));
  await context.close();
});

test('a planted link in a sibling page (user content): followed, it carries the user\'s own choice; its context menu strips it', async () => {
  const { context, page } = await visitor();
  await page.goto(at(VIDEO));
  await started(page);
  await page.evaluate(() => window.MiguConsent.rejectAll());
  const planted = value();
  await addLink(page, 'comment-link', `${at(MUSIC)}#migu-consent-handoff=${planted}`);
  await page.click('#comment-link', { button: 'right' });
  assert.equal(await page.getAttribute('#comment-link', 'href'), at(MUSIC), 'the context menu sees no handoff');
  await page.evaluate((href) => { document.getElementById('comment-link').href = href; }, `${at(MUSIC)}#migu-consent-handoff=${planted}`);
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#comment-link')]);
  await started(page);
  assert.doesNotMatch(await arrived(page), new RegExp(planted.replace(/\./g, '\\.')));
  const s = await state(page);
  assert.deepEqual([s.decided, s.source, s.categories.analytics], [true, 'sibling', false]);
  await context.close();
});

test('a planted link on a first visit, before the banner is used: followed without its handoff (the sibling asks)', async () => {
  const { context, page, tracker, warnings } = await visitor();
  await page.goto(at(VIDEO, '/sib/clean.html'));
  await started(page);
  await banner(page).waitFor();
  // the page found clean once idle (migu-consent-ready): the runtime, and the links' siblings.js, stay away
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/migu-consent.check.js')) && document.readyState === 'complete');
  await page.evaluate(() => new Promise((resolve) => { requestIdleCallback(() => { resolve(); }); }));
  assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/migu-consent.runtime.js'))), false,
    'the first stage alone is on the page (else this tests the runtime\'s links)');
  const planted = value();
  await addLink(page, 'comment-link', `${at(MUSIC)}#migu-consent-handoff=${planted}`);
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#comment-link')]);
  await started(page);
  assert.equal(await arrived(page), at(MUSIC), 'it arrived bare');
  assert.equal(new URL(await page.evaluate(() => document.referrer)).hostname, VIDEO, 'from the sibling, whose grants count');
  assert.equal((await state(page)).decided, false);
  await banner(page).waitFor();
  assert.deepEqual(tracker, [], 'nothing tracked');
  assert.ok(!warnings.some((w) => w.includes('not taken')), warnings.join('\n'));

  await context.close();
});

test('a planted <meta http-equiv="refresh"> on a first visit, before the banner is used: the navigation loses its handoff (the sibling asks)', async () => {
  const { context, page, tracker, warnings } = await visitor();
  await page.goto(at(VIDEO, '/sib/clean.html'));
  await started(page);
  await banner(page).waitFor();
  assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/migu-consent.siblings.js'))), false,
    'the first stage alone guards (else this tests the runtime\'s links)');
  // what user content can hold without script: a refresh to the sibling with a grant-all
  await Promise.all([
    page.waitForURL((u) => u.hostname === MUSIC),
    page.evaluate((url) => {
      const meta = Object.assign(document.createElement('meta'), { httpEquiv: 'refresh', content: `0;url=${url}` });
      document.body.append(meta);
    }, `${at(MUSIC)}#migu-consent-handoff=${value()}`),
  ]);
  await started(page);
  assert.equal(await arrived(page), at(MUSIC), 'it arrived bare');
  assert.equal((await state(page)).decided, false);
  await banner(page).waitFor();
  assert.deepEqual(tracker, [], 'nothing tracked');
  assert.ok(warnings.some((w) => w.includes('navigation with a handoff this page did not make')), warnings.join('\n'));
  await context.close();
});

test('a planted link to the sibling\'s own redirect, its handoff encoded in the target: not followed, before and after a choice; nor a script\'s navigation there', async () => {
  const { context, page, tracker, warnings } = await visitor();
  await page.goto(at(VIDEO));
  await started(page);
  const target = `${at(MUSIC)}#migu-consent-handoff=${value()}`;
  // encoded once, and twice with a letter encoded too, as a redirect that decodes its target again would take it
  const once = `${at(VIDEO, '/sib/redirect')}?to=${encodeURIComponent(target)}`;
  const twice = `${at(VIDEO, '/sib/redirect')}?to=${encodeURIComponent(`${at(VIDEO, '/sib/redirect')}?to=${encodeURIComponent(target).replace('migu', '%6Digu')}`)}`;
  for (const [href, choose] of [[once, null], [twice, null], [once, 'rejectAll']]) {
    if (choose) await page.evaluate((m) => window.MiguConsent[m](), choose);
    await addLink(page, 'comment-link', href);
    await page.click('#comment-link');
    await page.waitForFunction(() => !document.getElementById('comment-link').hasAttribute('href'));
    assert.equal(new URL(page.url()).hostname, VIDEO, `not followed: ${href}`);
  }
  assert.ok(warnings.some((w) => w.includes('encoded handoff')), warnings.join('\n'));
  // a script sending the page there (Navigation API): stopped
  await page.waitForFunction(() => window[Symbol.for('migu-consent.chunks')]?.loaded?.('siblings') !== undefined);
  const stopped = page.waitForEvent('console', (m) => m.text().includes('navigation to a URL with a handoff this page did not make was stopped'));
  await page.evaluate((href) => { setTimeout(() => { location.href = href; }); }, once);
  await stopped;
  assert.equal(new URL(page.url()).hostname, VIDEO);
  assert.deepEqual(tracker, [], 'nothing tracked');
  await context.close();
});

test('the open redirect on the server: the sibling\'s 302 keeps the third party as the referrer, so its grant is not taken', async () => {
  const { context, page, warnings } = await visitor();
  const target = `${at(MUSIC)}#migu-consent-handoff=${value()}`;
  await fromEvil(page, `${at(VIDEO, '/sib/redirect')}?to=${encodeURIComponent(target)}`);
  assert.match(await arrived(page), /migu-consent-handoff/, 'the redirect delivered it');
  assert.equal(await page.evaluate(() => new URL(document.referrer).hostname), EVIL);
  assert.equal((await state(page)).decided, false);
  assert.ok(warnings.some((w) => w.includes('not taken: a grant')), warnings.join('\n'));
  await context.close();
});

test('the open redirect in a sibling page: the page\'s navigation guard swaps the planted handoff for the user\'s own choice', async () => {
  const { context, page } = await visitor();
  await page.goto(at(VIDEO));
  await started(page);
  await page.evaluate(() => window.MiguConsent.rejectAll()); // the user refused on the video site
  const planted = value();
  const target = `${at(MUSIC)}#migu-consent-handoff=${planted}`;
  await fromEvil(page, `${at(VIDEO, '/sib/leaving.html')}?to=${encodeURIComponent(target)}`, VIDEO);
  // the "continue" page of the video site, loaded: its links chunk ran (a script added before the load event delays it)
  assert.ok(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/migu-consent.siblings.js'))));
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#continue')]);
  await started(page);
  assert.equal(new URL(await page.evaluate(() => document.referrer)).hostname, VIDEO);
  assert.doesNotMatch(await arrived(page), new RegExp(planted.replace(/\./g, '\\.')), 'the planted handoff never arrives');
  const s = await state(page);
  assert.deepEqual([s.decided, s.source, s.categories.analytics], [true, 'sibling', false], 'the user\'s own refusal arrives instead');
  await context.close();
});

test('a sibling whose Referrer-Policy sends nothing: its grants are not taken, its refusals are', async () => {
  const { context, page, warnings } = await visitor();
  await page.goto(at(VIDEO, '/sib/no-referrer.html'));
  await started(page);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#to-sibling')]);
  await started(page);
  assert.match(await arrived(page), /migu-consent-handoff/);
  assert.equal(await page.evaluate(() => document.referrer), '');
  assert.equal((await state(page)).decided, false);
  assert.ok(warnings.some((w) => w.includes('not taken: a grant')));
  await page.goto(at(VIDEO, '/sib/no-referrer.html'));
  await started(page);
  await page.evaluate(() => window.MiguConsent.rejectAll());
  await Promise.all([page.waitForURL((u) => u.hostname === MUSIC), page.click('#to-sibling')]);
  await started(page);
  assert.deepEqual([(await state(page)).decided, (await state(page)).source], [true, 'sibling']);
  await context.close();
});

test('what remains possible: a script redirect on a sibling page without migu-consent delivers a planted grant', async () => {
  const { context, page } = await visitor();
  const target = `${at(MUSIC)}#migu-consent-handoff=${value()}`;
  await fromEvil(page, `${at(VIDEO, '/sib/bare-redirect.html')}?to=${encodeURIComponent(target)}`, MUSIC);
  // the referrer is the sibling's page: nothing in the receiving page can tell this from a real link
  assert.equal(new URL(await page.evaluate(() => document.referrer)).hostname, VIDEO);
  const s = await state(page);
  assert.deepEqual([s.decided, s.categories.analytics], [true, true], 'docs/sibling-domains.md: every page of a sibling must run migu-consent, or have no open redirect');
  await context.close();
});
