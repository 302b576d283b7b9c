// A page that Speculation Rules prerendered (Chromium), in a plain Chromium process: any DevTools session,
// Playwright's too, turns prerendering off (Preload.prerenderStatusUpdated: PrerenderingDisabledByDevTools),
// so the pages report to the test's server instead of being driven.
//
// The case: a first visitor chooses on the first stage's banner before the runtime is in, and follows a link
// to a page prerendered before the click. The choice goes over in the `<cookie-name>_pending` cookie,
// written as the first page is left (docs/script-tag.md), so after the prerendered page was made: it must be
// read at activation, not when the page was prerendered (there it asked again, and the choice was lost).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { startHarness, until } from './support.mjs';

const CONFIG = JSON.stringify({ categories: [{ id: 'necessary' }, { id: 'analytics' }] });

/** A page of the flow: the script build, its element, and `script`, which reports to /prerender/report. */
const page = (name, { head = '', body = '', script }) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<script src="/dist/migu-consent.iife.js"></script>${head}</head>
<body><migu-consent policy-url="/privacy.html"><script type="application/json">${CONFIG}</script></migu-consent>
${body}
<script>
const report = (what) => fetch('/prerender/report', { method: 'POST', body: JSON.stringify({ page: ${JSON.stringify(name)}, ...what }), keepalive: true });
const next = () => new Promise((resolve) => { setTimeout(resolve, 30); });
${script}
</script></body></html>`;

// The first page: once the next one is being prerendered, "Accept all" on the first stage's banner, then the link.
const first = page('first', {
  head: '<script type="speculationrules">{"prerender":[{"source":"list","urls":["/prerender/next.html"]}]}</script>',
  body: '<a id="go" href="/prerender/next.html">next</a>',
  script: `(async () => {
  while (!(await (await fetch('/prerender/reports')).json()).some((r) => r.page === 'next' && r.prerendering)) await next();
  let accept;
  while (!(accept = document.querySelector('migu-consent').shadowRoot?.querySelector('[part=accept-all]'))) await next();
  accept.click();
  document.getElementById('go').click();
})();`,
});

// The prerendered page: says it is prerendered, then, once activated, whether it asks again or took the choice.
const nextPage = page('next', {
  body: '<img alt="" data-consent="analytics" data-src="/prerender/pixel.gif">',
  script: `report({ prerendering: document.prerendering === true });
document.addEventListener('prerenderingchange', async () => {
  const banner = () => document.querySelector('migu-consent').shadowRoot?.querySelector('[part=banner]');
  while (!banner() && !MiguConsent.get().decided) await next();
  report({ activated: true, banner: !!banner(), state: MiguConsent.get() });
});`,
});

let h;
const reports = [];
const pixels = [];
/** The first page's runtime requests, refused: its choice can only go over in the pending cookie. */
const refused = [];

async function prerenderPages(ctx, nextMiddleware) {
  if (ctx.path === '/prerender/first.html' || ctx.path === '/prerender/next.html') {
    ctx.type = 'html';
    ctx.body = ctx.path === '/prerender/first.html' ? first : nextPage;
  } else if (ctx.path === '/prerender/report' && ctx.method === 'POST') {
    let text = '';
    for await (const chunk of ctx.req) text += chunk;
    reports.push(JSON.parse(text));
    ctx.status = 204;
  } else if (ctx.path === '/prerender/reports') {
    ctx.body = reports;
  } else if (ctx.path === '/prerender/pixel.gif') {
    pixels.push(ctx.get('sec-purpose'));
    ctx.status = 204;
  } else if (ctx.path === '/dist/migu-consent.runtime.js' && /\/prerender\/first\.html/.test(ctx.get('referer'))) {
    // refused, not held: Chromium's HTTP cache makes the next page's request for the same URL wait for this one
    refused.push(ctx.path);
    ctx.status = 503;
  } else {
    await nextMiddleware();
  }
}

before(async () => { h = await startHarness({ middleware: [prerenderPages], browser: false }); });
after(async () => { await h.stop(); });

test('a choice on the first stage\'s banner, then a link to a page prerendered before it: that page takes the choice, and does not ask again', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'migu-prerender-'));
  const browser = spawn(chromiumPath, ['--headless=new', ...chromiumArgs, `--user-data-dir=${profile}`, `${h.base}/prerender/first.html`], { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => { browser.once('exit', resolve); });
  try {
    await until(() => reports.some((r) => r.page === 'next' && r.activated), () => `the prerendered page never reported its activation (reports: ${JSON.stringify(reports)})`, { timeout: 20_000 });
    assert.ok(reports.some((r) => r.page === 'next' && r.prerendering), 'the next page was prerendered');
    assert.ok(refused.length > 0, 'the first page asked for its runtime, which never came: the choice went over in the pending cookie');
    const activated = reports.find((r) => r.page === 'next' && r.activated);
    assert.equal(activated.banner, false, 'the prerendered page asked again: the choice made before its activation was lost');
    assert.equal(activated.state.decided, true);
    assert.equal(activated.state.categories.analytics, true);
    // its gated pixel, once it has the choice: after the activation, so not as a prerender
    await until(() => pixels.length > 0, () => 'the granted pixel never loaded');
    assert.deepEqual(pixels, [''], 'loaded once, after the activation (no Sec-Purpose: prerender)');
  } finally {
    try { process.kill(-browser.pid); } catch { /* gone already */ }
    await exited;
    rmSync(profile, { recursive: true, force: true });
  }
});
