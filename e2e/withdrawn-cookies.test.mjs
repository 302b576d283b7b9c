// Withdrawal's server side (`migu-consent/server` withdrawnCookies): cookies page script cannot
// delete (HttpOnly, REQUIREMENTS 17) go on the next request, decided from the consent cookie the
// browser sends, as the page's own sweep decides. A real Chromium and the script build against a
// server that sets HttpOnly cookies and calls `clear(req, res)` on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withdrawnCookies } from 'migu-consent/server';
import { newTrackedPage, startHarness, until, waitForCookie } from './support.mjs';

const config = {
  categories: [
    { id: 'analytics', services: [{ id: 'stats', name: 'Stats', vendor: 'Stats Inc.', purpose: 'visits', cookies: ['sid', '/^_ga/'] }] },
    { id: 'marketing', services: [{ id: 'ads', name: 'Ads', vendor: 'Ads Inc.', purpose: 'ads', cookies: ['ad_id'] }] },
  ],
};
const pageWith = (attributes = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>withdrawal</title>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy.html"${attributes}><script type="application/json">${JSON.stringify(config)}</script></migu-consent>
<p>page</p></body></html>`;
const page = pageWith();

const server = withdrawnCookies({ config: JSON.stringify(config) });
const shared = withdrawnCookies({ config, domain: '.migu.test' }); // for the pages with cookie-domain
/** What the server decided on each page request, in order. */
const decided = [];
let h;
before(async () => {
  h = await startHarness({
    // *.migu.test resolves to the test server, for a consent cookie on a parent domain
    args: ['--host-resolver-rules=MAP *.migu.test 127.0.0.1'],
    middleware: [async (ctx, next) => {
      if (ctx.path !== '/withdrawal/page.html') return next();
      const on = ctx.query.domain ? shared : server;
      const { state } = on.check(ctx.req.headers);
      decided.push({ state, cleared: on.clear(ctx.req, ctx.res) });
      if (ctx.query.set) {
        for (const name of ['sid', '_ga_1', 'ad_id', 'session']) ctx.res.appendHeader('set-cookie', `${name}=v; Path=/; HttpOnly`);
      }
      ctx.type = 'html';
      ctx.body = ctx.query.domain ? pageWith(' cookie-domain=".migu.test"') : page;
    }],
  });
});
after(async () => { await h?.stop(); });

const names = async (context) => (await context.cookies()).map((c) => c.name).sort();

test('HttpOnly cookies of a withdrawn service are deleted by the server on the next request, as the page decides; the others stay', async () => {
  const { context, page: tab, errors } = await newTrackedPage(h.browser);
  await tab.goto(`${h.base}/withdrawal/page.html?set=1`);
  assert.deepEqual(await names(context), ['_ga_1', 'ad_id', 'session', 'sid'], 'HttpOnly cookies set');
  assert.equal(await tab.evaluate(() => document.cookie), '', 'out of page script\'s reach');
  const next = () => tab.goto(`${h.base}/withdrawal/page.html`);
  // a choice that grants both: nothing is deleted
  await tab.evaluate(() => window.MiguConsent.acceptAll());
  await waitForCookie(context, 'migu_consent');
  await next();
  assert.deepEqual(decided.at(-1).cleared, []);
  assert.deepEqual(await names(context), ['_ga_1', 'ad_id', 'migu_consent', 'session', 'sid']);
  // analytics withdrawn: the next request deletes what its service declares, nothing else
  await tab.evaluate(() => window.MiguConsent.update({ analytics: false }));
  await until(async () => (await tab.evaluate(() => window.MiguConsent.get().categories.analytics)) === false);
  await next();
  assert.deepEqual(decided.at(-1).cleared.sort(), ['_ga_1', 'sid']);
  assert.deepEqual(await names(context), ['ad_id', 'migu_consent', 'session']);
  // the server's state is the page's
  const { categories, services, decided: made, revision, consentId } = await tab.evaluate(() => window.MiguConsent.get());
  const served = decided.at(-1).state;
  assert.deepEqual({ categories: served.categories, services: served.services, decided: served.decided, revision: served.revision, consentId: served.consentId },
    { categories, services, decided: made, revision, consentId });
  assert.equal(served.categories.marketing, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two copies of the consent cookie (host-only from before cookie-domain, then a refusal on the domain): the server takes the newer, as the page does', async () => {
  const { port } = new URL(h.base);
  const { context, page: tab, errors } = await newTrackedPage(h.browser);
  await tab.goto(`http://shop.migu.test:${port}/withdrawal/page.html?set=1`);
  await tab.evaluate(() => window.MiguConsent.acceptAll()); // host-only, on shop.migu.test
  await waitForCookie(context, 'migu_consent');
  // the site now shares one choice across its subdomains: the visitor refuses on www
  await tab.goto(`http://www.migu.test:${port}/withdrawal/page.html?domain=1`);
  await tab.evaluate(() => window.MiguConsent.rejectAll());
  await until(async () => (await context.cookies()).filter((c) => c.name === 'migu_consent').length === 2);
  // back on shop the request carries both copies, the older first
  await tab.goto(`http://shop.migu.test:${port}/withdrawal/page.html?domain=1`);
  const onPage = await tab.evaluate(() => window.MiguConsent.get());
  assert.deepEqual([onPage.decided, onPage.categories.analytics], [true, false], 'the page takes the refusal');
  const served = decided.at(-1);
  assert.deepEqual({ categories: served.state.categories, services: served.state.services, consentId: served.state.consentId },
    { categories: onPage.categories, services: onPage.services, consentId: onPage.consentId }, 'the server decides as the page');
  assert.deepEqual(served.cleared.sort(), ['_ga_1', 'ad_id', 'sid']);
  assert.deepEqual(await names(context), ['migu_consent', 'migu_consent', 'session']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a copy of the consent cookie dated beyond tomorrow (tossed by a sibling subdomain) does not shadow the visitor\'s choice, as on the page', async () => {
  const { encodeRecord } = await import('../dist/core/record.js');
  const DAY = 86_400_000;
  const record = (updatedAt, categories) => encodeRecord({ revision: '1', consentId: 'abcdefgh12', updatedAt, categories, servicesOff: [], servicesOn: [] });
  const refusal = record(Date.now() - DAY, []);
  const tossed = record(Date.now() + 400 * DAY, ['analytics', 'marketing']);
  for (const cookie of [`migu_consent=${tossed}; migu_consent=${refusal}; sid=1; ad_id=2`, `migu_consent=${refusal}; migu_consent=${tossed}; sid=1; ad_id=2`]) {
    const { state, names } = server.check({ cookie });
    assert.deepEqual([state.decided, state.source, state.consentId], [true, 'user', 'abcdefgh12'], 'the refusal is the choice');
    assert.deepEqual(names.sort(), ['ad_id', 'sid']);
  }
});

test('without a valid choice (none, tampered, another revision, expired), or with a signal and no choice, nothing non-necessary is granted: every declared cookie goes', () => {
  const cookies = 'sid=1; _ga_x=2; ad_id=3; session=4';
  const all = ['_ga_x', 'ad_id', 'sid'];
  assert.deepEqual(server.check({ cookie: cookies }).names.sort(), all);
  assert.deepEqual(server.check({ cookie: `${cookies}; migu_consent=1.1.abcdefgh.x.a.b.c.d.e` }).names.sort(), all, 'a tampered record');
  const gpc = server.check({ cookie: cookies, 'sec-gpc': '1' });
  assert.deepEqual(gpc.names.sort(), all);
  assert.equal(gpc.state.source, 'signal');
  assert.equal(server.check({ cookie: cookies, dnt: '1' }).state.source, 'signal');
  assert.deepEqual(server.check(new Headers({ cookie: 'session=1' })).names, [], 'undeclared cookies are not the sweep\'s');
});

test('header names are case-insensitive: a plain object with `Cookie`, `DNT` or `Sec-GPC` (a serverless event) is read as Node\'s lowercase one', async () => {
  const { context, page: tab } = await newTrackedPage(h.browser);
  await tab.goto(`${h.base}/withdrawal/page.html`);
  await tab.evaluate(() => window.MiguConsent.update({ analytics: true, marketing: false }));
  await waitForCookie(context, 'migu_consent');
  const { value } = (await context.cookies()).find((c) => c.name === 'migu_consent');
  await context.close();
  const cookie = `migu_consent=${value}; sid=1; ad_id=2`;
  const lower = server.check({ cookie });
  assert.deepEqual(lower.names, ['ad_id']);
  for (const headers of [{ Cookie: cookie }, { COOKIE: cookie }]) assert.deepEqual(server.check(headers), lower);
  assert.deepEqual(server.check({ cookie: cookie.split('; ') }), lower, 'several Cookie fields are one list');
  assert.equal(server.check({ DNT: '1' }).state.source, 'signal');
  assert.equal(server.check({ 'Sec-GPC': '1' }).state.source, 'signal');
});

test('a record made by the page counts only under the same revision and before it expires', async () => {
  const { context, page: tab } = await newTrackedPage(h.browser);
  await tab.goto(`${h.base}/withdrawal/page.html`);
  await tab.evaluate(() => window.MiguConsent.acceptAll());
  await waitForCookie(context, 'migu_consent');
  const { value } = (await context.cookies()).find((c) => c.name === 'migu_consent');
  await context.close();
  const cookie = `migu_consent=${value}; sid=1; ad_id=2`;
  assert.deepEqual(server.check({ cookie }).names, []);
  assert.deepEqual(withdrawnCookies({ config, revision: '2' }).check({ cookie }).names.sort(), ['ad_id', 'sid'], 'another revision');
  const later = Date.now() + 366 * 86_400_000;
  assert.deepEqual(withdrawnCookies({ config, now: () => later }).check({ cookie }).names.sort(), ['ad_id', 'sid'], 'expired');
  assert.deepEqual(withdrawnCookies({ config, cookieName: 'other' }).check({ cookie }).names.sort(), ['ad_id', 'sid'], 'another cookie name');
  // a revision read from a file or the environment, with its newline: the page trims its attribute too
  assert.deepEqual(withdrawnCookies({ config, revision: ' 1\n' }).check({ cookie }).names, [], 'the same revision, white space around it');
  assert.throws(() => withdrawnCookies({ config, revision: ' ' }), /revision must be 1 to 200 characters/);
});

test('clear() deletes with the path and the domain the cookies were set with, __Host- and __Secure- ones as their prefix needs, and keeps the response\'s own Set-Cookie', () => {
  const withPrefixes = { categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'S', vendor: 'V', purpose: 'P', cookies: ['sid', '__Host-sid', '__Secure-sid'] }] }] };
  const set = [];
  const res = { getHeader: () => set.length ? [...set] : undefined, setHeader: (_, v) => { set.splice(0, set.length, ...v); } };
  res.setHeader('set-cookie', ['own=1']);
  const cleared = withdrawnCookies({ config: withPrefixes, domain: '.migu.cn', path: '/app' })
    .clear({ headers: { cookie: 'sid=1; __Host-sid=2; __Secure-sid=3' } }, res);
  assert.deepEqual(cleared, ['sid', '__Host-sid', '__Secure-sid']);
  const gone = 'Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  assert.deepEqual(set, [
    'own=1',
    `sid=; ${gone}; Path=/app`, `sid=; ${gone}; Path=/app; Domain=.migu.cn`,
    `__Host-sid=; ${gone}; Path=/; Secure`,
    `__Secure-sid=; ${gone}; Path=/app; Secure`, `__Secure-sid=; ${gone}; Path=/app; Domain=.migu.cn; Secure`,
  ]);
});

test('reset() on a page below the root forgets a consent cookie written at its folder too (an older deployment\'s): the next page asks again', async () => {
  const { context, page: tab, errors } = await newTrackedPage(h.browser);
  await tab.goto(`${h.base}/withdrawal/page.html`);
  await tab.evaluate(() => window.MiguConsent.acceptAll());
  await waitForCookie(context, 'migu_consent');
  const { value } = (await context.cookies()).find((c) => c.name === 'migu_consent');
  // the same choice with Path=/withdrawal and /withdrawal/, as an older deployment or a page script wrote it
  const domain = new URL(h.base).hostname;
  await context.addCookies(['/withdrawal', '/withdrawal/'].map((path) => ({ name: 'migu_consent', value, domain, path })));
  await tab.reload();
  await tab.waitForFunction(() => window.MiguConsent.get().decided);
  await tab.evaluate(() => window.MiguConsent.reset());
  assert.equal(await tab.evaluate(() => document.cookie.includes('migu_consent=')), false, 'no copy left for the page');
  await tab.reload();
  await tab.locator('migu-consent').locator('[part~=accept-all]').first().waitFor(); // the banner asks again
  assert.equal(await tab.evaluate(() => window.MiguConsent.get().decided), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a choice made on a page below the root where an older copy sits at its folder is stored without a false "not stored" error, and the page still follows other tabs', async () => {
  const { context, page: tab, errors } = await newTrackedPage(h.browser);
  const logged = [];
  tab.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  await tab.goto(`${h.base}/withdrawal/page.html`);
  await tab.evaluate(() => window.MiguConsent.acceptAll());
  await waitForCookie(context, 'migu_consent');
  const { value } = (await context.cookies()).find((c) => c.name === 'migu_consent');
  // an older deployment's copy at the folder: document.cookie lists it before the root one
  await context.addCookies([{ name: 'migu_consent', value, domain: new URL(h.base).hostname, path: '/withdrawal' }]);
  await tab.reload();
  await tab.waitForFunction(() => window.MiguConsent.get().decided);
  await tab.evaluate(() => window.MiguConsent.rejectAll());
  assert.deepEqual(logged.filter((t) => t.includes('not stored')), [], 'the root copy was stored: no error');
  // another tab of the site withdraws... here: the same choice written straight into the cookie, then the tab is shown again
  const other = await context.newPage();
  await other.goto(`${h.base}/withdrawal/page.html`);
  await other.waitForFunction(() => window.MiguConsent.get().decided);
  await other.evaluate(() => window.MiguConsent.update({ analytics: true }));
  await tab.waitForFunction(() => window.MiguConsent.get().categories.analytics === true, undefined, { timeout: 5000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a declared cookie whose name has a bare "%" or an escape (lower case, js-cookie\'s) is deleted under the name the browser sent', () => {
  const odd = { categories: [{ id: 'analytics', services: [{ id: 'odd', name: 'O', vendor: 'V', purpose: 'P', cookies: ['%', 'a%zz', 'b/c', 'a b'] }] }] };
  const set = [];
  const res = { getHeader: () => undefined, setHeader: (_, v) => { set.push(...v); } };
  const cleared = withdrawnCookies({ config: odd }).clear({ headers: { cookie: '%=1; a%zz=2; b%2fc=3; a%20b=4; kept%=5' } }, res);
  assert.deepEqual(cleared, ['%', 'a%zz', 'b%2fc', 'a%20b']);
  const gone = 'Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/';
  assert.deepEqual(set, [`%=; ${gone}`, `a%zz=; ${gone}`, `b%2fc=; ${gone}`, `a%20b=; ${gone}`]);
});

test('a config or an option the page would not accept is a TypeError at once, naming the problem', () => {
  assert.throws(() => withdrawnCookies({}), /config is required/);
  assert.throws(() => withdrawnCookies({ config: '{"categories": [' }), /config is not JSON/);
  assert.throws(() => withdrawnCookies({ config: { categories: [{ id: 'analytics', services: [{ id: 'x', cookies: [42] }] }] } }), /the config has errors.*cookies/);
  assert.throws(() => withdrawnCookies({ config, cookieName: 'a b' }), /not a plain cookie name/);
  assert.throws(() => withdrawnCookies({ config, domain: 'a;b' }), /not a domain/);
  assert.throws(() => withdrawnCookies({ config, path: 'app' }), /not a cookie path/);
  // as the attribute: above 0, fractions count (docs probe F4: the message said "1 to 3650" and took 0.5)
  for (const bad of [0, -1, 3650.5, Number.NaN]) assert.throws(() => withdrawnCookies({ config, expiresDays: bad }), /^TypeError: withdrawnCookies: expiresDays must be above 0 and at most 3650 \(days; fractions count\)$/);
  for (const good of [0.5, 3650]) assert.doesNotThrow(() => withdrawnCookies({ config, expiresDays: good }));
});
