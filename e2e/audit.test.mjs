// `migu-consent audit`, run as a user runs it (the bin, a child process): the demo is clean, the
// planted leaks are each named, other managers are driven with --accept/--reject, and bad input
// ends fast with a message and a non-zero status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, linkSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startDemoServer } from '../scripts/serve.mjs';
import { startServer as startBenchServer } from '../bench/server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/migu-consent.mjs');
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const tmp = mkdtempSync(join(tmpdir(), 'migu-audit-'));

/** Runs the bin; resolves with its status, output and wall time. */
function audit(args) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, 'audit', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => { done({ code, stdout, stderr, ms: Date.now() - started }); });
  });
}

const readReport = (file) => JSON.parse(readFileSync(file, 'utf8'));
const findings = (report) => report.pages.flatMap((p) => p.findings);

/** The first --suggest-config block of the terminal output: the notes above its JSON, and the JSON (a site config). */
function suggestion(stdout) {
  const lines = stdout.slice(stdout.indexOf('suggested services for ')).split('\n');
  const start = lines.indexOf('{');
  const end = lines.indexOf('}', start);
  return { notes: lines.slice(1, start).join('\n'), json: lines.slice(start, end + 1).join('\n') };
}

/** migu-consent's own validator of a site config (src/core/config.ts), from the source: what a page does with the config. */
async function productResolveConfig() {
  const out = await build({ entryPoints: [join(ROOT, 'src/core/config.ts')], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  return (await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`)).resolveConfig;
}

// ---- the planted-leaks server: the fixture, the built loader, the leaking endpoints, bad input ----
const LEAKS = {
  'ungated.js': `document.cookie = 'leak_analytics_id=' + Math.random().toString(36).slice(2) + '; path=/; max-age=31536000';
localStorage.setItem('leak_profile', 'listens-to-folk');
localStorage.setItem('<img src=x onerror=alert(1)>', 'a key a hostile page controls');
navigator.sendBeacon('http://localhost:' + location.port + '/leaks/collect', 'page-view');`,
  // audit-leaks.html, gated (functional): one cookie outlives its declared day, one does not
  'lifetimes.js': `document.cookie = 'lt_prefs=dark; path=/; max-age=' + 30 * 86400;
document.cookie = 'lt_lang=zh; path=/; max-age=86400';`,
  'late.js': `document.addEventListener('migu-consent-change', () => {
  setTimeout(() => { document.cookie = 'late_ad_id=1; path=/; max-age=31536000'; }, 200);
});`,
  // leave.html: what a visitor's browser sends and an automated one does not, and beacons at page leave
  'leave.js': `const to = 'http://tracker.localhost:' + location.port + '/leaks/collect';
addEventListener('pagehide', () => { navigator.sendBeacon(to + '?ev=leave', 'bye'); });
// as trackers do that keep quiet for bots (and vanilla-cookieconsent's hideFromBots)
if (!navigator.webdriver && !/Headless/.test(navigator.userAgent)) navigator.sendBeacon(to + '?ev=visitor', 'hi');
// a declared service's SDK, through migu-consent's guard once its category is granted
document.addEventListener('migu-consent-change', () => { navigator.sendBeacon('http://stats.localhost:' + location.port + '/leaks/collect?ev=sdk', 'x'); });`,
  // suggest.html, gated (analytics): a vendor's script that beacons and sets a cookie, on the host its pixels come from
  'suggest-stats.js': `navigator.sendBeacon('http://t.vendor.localhost:' + location.port + '/leaks/collect?ev=stats', 'x');
document.cookie = 'sg_stats=1; path=/; max-age=' + 7 * 86400;`,
  // audit-trackers.html: a beacon to a host no service declares, on load and after every decision
  'trackers.js': `const to = 'http://tracker.localhost:' + location.port + '/leaks/collect';
navigator.sendBeacon(to + '?ev=load', 'page-view');
document.addEventListener('migu-consent-change', () => { navigator.sendBeacon(to + '?ev=choice', 'choice'); });`,
};
/** The password in credentials.html's receipt-endpoint: in no output of the audit. */
const PASSWORD = 's3cret-pw';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
const sockets = new Set();
const leakServer = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const name = path.startsWith('/leaks/') ? path.slice('/leaks/'.length) : undefined;
  if (name && Object.hasOwn(LEAKS, name)) {
    res.writeHead(200, { 'Content-Type': TYPES['.js'], 'Cache-Control': 'no-store' }).end(LEAKS[name]);
  } else if (name === 'pixel.gif') {
    res.writeHead(200, { 'Content-Type': 'image/gif', 'Set-Cookie': 'leak_ad_id=42; Path=/; Max-Age=31536000; SameSite=Lax' }).end(GIF);
  } else if (name === 'gated-pixel.gif' || name === 'site/pixel.gif') {
    res.writeHead(200, { 'Content-Type': 'image/gif' }).end(GIF);
  } else if (name === 'collect') {
    res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
  } else if (name === 'credentials.html') {
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>credentials</title>
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent policy-url="/privacy" receipt-endpoint="https://collector:${PASSWORD}@receipts.example/consent-receipts"></migu-consent></body></html>`);
  } else if (name === 'socket.html' || name === 'socket-plain.html') {
    // a WebSocket to a tracker host, opened before any choice (before migu-consent's script, so unguarded)
    const socket = `<script>new WebSocket('ws://tracker.localhost:' + location.port + '/leaks/socket');</script>`;
    const migu = `<script src="/dist/migu-consent.iife.js"></script></head><body><migu-consent><script type="application/json">
      { "categories": [{ "id": "analytics", "services": [{ "id": "socket-stats", "name": "Socket Stats", "hosts": ["tracker.localhost"] }] }] }
      </script></migu-consent>`;
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html><head><title>socket</title>${socket}${name === 'socket.html' ? migu : '</head><body>'}<p>socket</p></body></html>`);
  } else if (name === 'srcdoc.html') {
    // an iframe whose document is inline (srcdoc): it shares the page's origin and cookie jar
    const frame = `<script>document.cookie = 'sd_id=1; path=/; max-age=86400'; localStorage.setItem('sd_key', 'v');</script>`;
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html><head><title>srcdoc</title>
      <script src="/dist/migu-consent.iife.js"></script></head><body><migu-consent><script type="application/json">
      { "categories": [{ "id": "analytics", "services": [{ "id": "frame-stats", "name": "Frame Stats", "cookies": ["sd_id"], "storage": ["sd_key"] }] }] }
      </script></migu-consent><iframe srcdoc="${frame.replace(/"/g, '&quot;')}"></iframe></body></html>`);
  } else if (name === 'maxage-empty.html') {
    // an empty Max-Age is no Max-Age (RFC 6265bis 5.6.2): each cookie lives, as a session cookie,
    // until the page's own deletion; a probe of cookie support, as trackers make before any choice
    const probe = `<script>document.cookie = 'mx_probe=1; path=/; max-age='; document.cookie = 'mx_probe=; path=/; max-age=0';</script>`;
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html><head><title>max-age</title>${probe}
      <script src="/dist/migu-consent.iife.js"></script></head><body><migu-consent><script type="application/json">
      { "categories": [{ "id": "analytics", "services": [{ "id": "probe-stats", "name": "Probe Stats", "cookies": ["mx_probe", "mx_px"] }] }] }
      </script></migu-consent><img src="/leaks/maxage-pixel.gif" onload="document.cookie = 'mx_px=; path=/; max-age=0'">
      <img src="/leaks/path-pixel.gif"></body></html>`);
  } else if (name === 'maxage-pixel.gif') {
    res.writeHead(200, { 'Content-Type': 'image/gif', 'Set-Cookie': 'mx_px=1; Path=/; Max-Age=' }).end(GIF);
  } else if (name === 'path-pixel.gif') {
    // an empty Path is the default path (RFC 6265 5.2.4): here /leaks
    res.writeHead(200, { 'Content-Type': 'image/gif', 'Set-Cookie': 'mx_path=1; Path=; Max-Age=3600' }).end(GIF);
  } else if (name === 'moved.html') {
    // the URL audited moved to another site (127.0.0.1 -> localhost), as a bare domain redirects to its www host
    res.writeHead(302, { Location: `http://localhost:${leakServer.address().port}/leaks/moved-here.html` }).end();
  } else if (name === 'moved-here.html') {
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>moved</title>
      <script src="/dist/migu-consent.iife.js"></script></head><body><migu-consent policy-url="/privacy"><script type="application/json">
      { "categories": [{ "id": "analytics", "services": [{ "id": "stats", "name": "Stats", "vendor": "Stats Ltd", "contact": "dpo@stats.example",
        "purpose": "visits", "dataTypes": "a device id", "hosts": ["stats.localhost"] }] }] }
      </script></migu-consent></body></html>`);
  } else if (name === 'refused-config.html') {
    // valid JSON that migu-consent's validator refuses (dataTypes is a string): the page runs on the defaults
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html><head><title>refused</title>
      <script src="/dist/migu-consent.iife.js"></script></head><body><migu-consent><script type="application/json">
      { "categories": [{ "id": "analytics", "services": [{ "id": "typed-stats", "name": "Typed Stats", "dataTypes": ["id"] }] }] }
      </script></migu-consent></body></html>`);
  } else if (name === 'leave.html') {
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>leave</title>
      <script src="/dist/migu-consent.iife.js"></script><script src="/leaks/leave.js"></script></head><body>
      <migu-consent policy-url="/privacy"><script type="application/json">
      { "categories": [{ "id": "analytics", "services": [{ "id": "stats", "name": "Stats", "hosts": ["stats.localhost"] }] }] }
      </script></migu-consent><img alt="" data-consent="analytics" data-src="/leaks/gated-pixel.gif"></body></html>`);
  } else if (name === 'inline-gated.html') {
    // a gated inline script (no src), the only markup of its category, that keeps writing its cookie; and the
    // page's own inline script, whose writes are the page's
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>inline gated</title>
      <script src="/dist/migu-consent.iife.js"></script><script>document.cookie = 'page_own=1; path=/; max-age=3600';</script></head><body>
      <migu-consent revoke="none" policy-url="/privacy"></migu-consent>
      <script type="text/plain" data-consent="analytics">setInterval(function () { document.cookie = 'ig_tick=' + Date.now() + '; path=/; max-age=3600'; }, 100);</script>
      </body></html>`);
  } else if (name === 'third-party.html') {
    // a pixel of another site (localhost is not 127.0.0.1's site) that sets a cookie no service declares, and the
    // page's own undeclared cookie
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>third party</title>
      <script src="/dist/migu-consent.iife.js"></script><script>document.cookie = 'page_session=1; path=/';</script></head><body>
      <migu-consent policy-url="/privacy"><script type="application/json">
      { "categories": [{ "id": "marketing", "services": [{ "id": "ads", "name": "Ads", "vendor": "Ad Co", "contact": "ads@example.com", "purpose": "ads", "dataTypes": ["id"], "cookies": ["ad_id"] }] }] }
      </script></migu-consent><img alt="" src="http://localhost:${leakServer.address().port}/leaks/third-pixel.gif"></body></html>`);
  } else if (name === 'suggest.html') {
    // one vendor's host (t.) under analytics (a gated script), marketing (a gated pixel) and no category (an ungated
    // pixel); a second host of it (cdn.) under analytics; the page's own video service on a third (video.)
    const port = leakServer.address().port;
    res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>suggest</title>
      <script src="/dist/migu-consent.iife.js"></script></head><body>
      <migu-consent policy-url="/privacy"><script type="application/json">
      { "categories": [{ "id": "functional", "services": [{ "id": "video", "name": "Video", "vendor": "Vendor", "contact": "privacy@vendor.example", "purpose": "videos", "dataTypes": "none", "hosts": ["video.vendor.localhost"] }] }] }
      </script></migu-consent>
      <script type="text/plain" data-consent="analytics" src="http://t.vendor.localhost:${port}/leaks/suggest-stats.js"></script>
      <img alt="" data-consent="analytics" data-src="http://cdn.vendor.localhost:${port}/leaks/gated-pixel.gif?cdn">
      <img alt="" data-consent="marketing" data-src="http://t.vendor.localhost:${port}/leaks/gated-pixel.gif?ads">
      <img alt="" src="http://t.vendor.localhost:${port}/leaks/site/pixel.gif">
      <img alt="" data-consent="functional" data-src="http://video.vendor.localhost:${port}/leaks/gated-pixel.gif?video">
      </body></html>`);
  } else if (name === 'third-pixel.gif') {
    res.writeHead(200, { 'Content-Type': 'image/gif', 'Set-Cookie': 'tp_id=7; Path=/; Max-Age=3600' }).end(GIF);
  } else if (name === 'data.json') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"not":"a page"}');
  } else if (name === 'hang') {
    res.writeHead(200, { 'Content-Type': TYPES['.html'] });
    res.write('<!doctype html><title>never done</title><p>loading'); // and never ends
  } else if (name === 'loop') {
    res.writeHead(302, { Location: '/leaks/loop' }).end();
  } else if (path.startsWith('/dist/') || path.startsWith('/e2e/fixtures/')) {
    const file = resolve(ROOT, `.${decodeURIComponent(path)}`);
    if (!file.startsWith(ROOT.endsWith(sep) ? ROOT : ROOT + sep)) return res.writeHead(403).end();
    try {
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  } else {
    res.writeHead(404).end();
  }
});
leakServer.on('connection', (s) => { sockets.add(s); s.on('close', () => { sockets.delete(s); }); });
let leaks;

before(async () => {
  await new Promise((done) => { leakServer.listen(0, '127.0.0.1', done); });
  leaks = `http://127.0.0.1:${leakServer.address().port}`;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((done) => { leakServer.close(done); });
  rmSync(tmp, { recursive: true, force: true });
});

test('the demo is clean: no violation, exit 0, a JSON and a self-contained HTML report', async (t) => {
  const demo = await startDemoServer({ port: 0 });
  try {
    const json = join(tmp, 'demo.json');
    const html = join(tmp, 'demo.html');
    // --timeout above the default: on a loaded CI machine a new tab alone can take seconds
    const run = await audit([`${demo.base}/demo/index.html`, '--json', json, '--html', html, '--timeout', '30000']);
    t.diagnostic(`one page, default scenarios: ${run.ms} ms`);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const report = readReport(json);
    assert.equal(report.summary.violation, 0, JSON.stringify(findings(report), null, 1));
    // every demo service gives what the preferences show before the choice (REQUIREMENTS 11)
    assert.deepEqual(findings(report).filter((f) => f.rule === 'undisclosed-service').map((f) => f.name), []);
    const [page] = report.pages;
    assert.deepEqual(page.scenarios.map((s) => s.scenario), ['first-visit', 'signals', 'reject', 'accept', 'withdraw', 'returning'], JSON.stringify(page.skipped));
    // not vacuous: accepting loaded the demo's trackers, and the audit saw them after the decision
    const accept = page.scenarios.find((s) => s.scenario === 'accept');
    const analytics = accept.cookies.find((c) => c.name === 'demo_analytics_id');
    assert.ok(analytics && analytics.firstSeen.t > 0 && analytics.category === 'analytics', JSON.stringify(accept.cookies));
    assert.match(analytics.setBy.url, /\/demo-trackers\/analytics\.js$/);
    assert.ok(accept.requests.some((r) => r.kind === 'beacon' && r.url.endsWith('/demo-trackers/collect') && r.t > 0));
    const first = page.scenarios.find((s) => s.scenario === 'first-visit');
    assert.equal(first.cookies.length, 0);
    assert.ok(!first.requests.some((r) => r.url.includes('/demo-trackers/')));
    const page$ = readFileSync(html, 'utf8');
    assert.match(page$, /<table class="sortable">/);
    assert.match(page$, /src="data:image\/png;base64,/);
    assert.doesNotMatch(page$, /<(link|script)[^>]+(src|href)=/, 'nothing external');
  } finally {
    await demo.stop();
  }
});

test('planted leaks are each named in the report, exit 1', async () => {
  const json = join(tmp, 'leaks.json');
  const html = join(tmp, 'leaks.html');
  const run = await audit([`${leaks}/e2e/fixtures/audit-leaks.html`, '--json', json, '--html', html, '--scenarios', 'first-visit,reject,withdraw', '--timeout', '30000', '--suggest-config']);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const all = findings(readReport(json));
  const violation = (rule, kind, name) => all.find((f) => f.severity === 'violation' && f.rule === rule && f.kind === kind && (typeof name === 'string' ? f.name === name : name.test(f.name)));
  const list = () => all.map((f) => `${f.severity} ${f.rule} ${f.kind} ${f.name}`).join('\n');

  // migu-consent's own storage is necessary: the script build's early config (<cookie-name>.early) is
  // written on this page, and named nowhere among the findings
  const own = readReport(json).pages[0].scenarios.flatMap((s) => s.storage).filter((i) => i.key === 'migu_consent.early');
  assert.ok(own.length && own.every((i) => i.class === 'necessary' && i.area === 'local'), JSON.stringify(own));
  assert.ok(!all.some((f) => f.kind === 'storage' && f.name.startsWith('migu_consent')), list());
  // while a key the page's own script writes, no service declaring it, still is
  assert.ok(all.some((f) => f.rule === 'undeclared-storage' && f.name === '<img src=x onerror=alert(1)>'), list());
  // an ungated script writing a cookie and a storage key
  const cookie = violation('before-consent', 'cookie', 'leak_analytics_id');
  assert.ok(cookie, list());
  assert.match(cookie.by, /\/leaks\/ungated\.js$/);
  assert.ok(violation('before-consent', 'storage', 'leak_profile'), list());
  // a pixel whose response sets a cookie
  const pixel = violation('before-consent', 'cookie', 'leak_ad_id');
  assert.ok(pixel, list());
  assert.match(pixel.by, /\/leaks\/pixel\.gif$/);
  // a beacon before consent, to the service's declared host
  const beacon = violation('before-consent', 'request', /^http:\/\/localhost:\d+\/leaks\/collect$/);
  assert.ok(beacon, list());
  assert.equal(beacon.type, 'beacon');
  // a cookie written late whatever the choice: caught after a refusal...
  const late = violation('after-refusal', 'cookie', 'late_ad_id');
  assert.ok(late && late.t > 0, list());
  // ...while after a withdrawal migu-consent itself drops the page's write of a withdrawn service's
  // declared cookie (withdrawal that holds, src/gating/sweep.ts), and the audit sees that it held
  assert.ok(!violation('after-withdrawal', 'cookie', 'late_ad_id'), list());
  // the gated pixel stayed gated
  assert.ok(!all.some((f) => f.severity === 'violation' && /gated-pixel/.test(f.name)), list());
  // a gate's template with a live src: Firefox requests it as it parses, which no Chromium scenario sees; one written gated is not named
  const ahead = violation('template-ahead', 'markup', /^<img> http:\/\/[\w.]+:\d+\/leaks\/template-ahead\.gif$/);
  assert.ok(ahead && ahead.category === 'marketing', list());
  assert.ok(!all.some((f) => /template-gated/.test(f.name)), list());
  assert.match(run.stdout, /VIOLATION before-consent: cookie leak_analytics_id/);
  // a lifetime longer than declared: the gated script's 30-day cookie its service declares for 1 day;
  // its 1-day cookie, declared by a pattern for 1 day, is within it
  const longer = all.filter((f) => f.rule === 'longer-than-declared');
  assert.deepEqual(longer.map((f) => [f.severity, f.kind, f.name, f.service, f.category, f.declaredDays, Math.round(f.observedDays)]),
    [['warning', 'cookie', 'lt_prefs', 'short-prefs', 'functional', 1, 30]], list());
  assert.deepEqual(longer[0].scenarios, ['withdraw']);
  assert.match(longer[0].by, /\/leaks\/lifetimes\.js$/);
  assert.match(run.stdout, /warning {3}longer-than-declared: cookie lt_prefs lives 30 days, longer than the 1 day short-prefs declares \(lt_prefs, maxAgeDays 1; up to 1 day more is allowed\)/);
  assert.ok(!all.some((f) => f.name === 'lt_lang'), list());
  // services that do not give what the preferences must show before the choice (REQUIREMENTS 11);
  // the fixture's leaky-stats gives its vendor and purpose only
  const undisclosed = Object.fromEntries(all.filter((f) => f.rule === 'undisclosed-service').map((f) => [f.name, [f.severity, f.category, f.missing]]));
  assert.deepEqual(undisclosed, {
    'short-prefs': ['warning', 'functional', ['vendor', 'contact', 'purpose', 'dataTypes']],
    'leaky-stats': ['warning', 'analytics', ['contact', 'dataTypes']],
    'leaky-ads': ['warning', 'marketing', ['vendor', 'contact', 'purpose', 'dataTypes']],
  }, list());
  assert.match(run.stdout, /warning {3}undisclosed-service: service leaky-stats \(analytics\) does not give its contact, dataTypes/);
  // --suggest-config: the undeclared storage key goes into the suggested config, which migu-consent takes as it is
  const skeleton = JSON.parse(suggestion(run.stdout).json);
  assert.deepEqual((await productResolveConfig())(skeleton).errors, [], JSON.stringify(skeleton));
  const keys = skeleton.categories.flatMap((c) => c.services.flatMap((s) => s.storage ?? []));
  assert.ok(keys.includes('<img src=x onerror=alert(1)>') && keys.includes('leak_profile'), JSON.stringify(skeleton));
  // ...and each cookie with the longest lifetime seen, in days rounded up
  const prefs = skeleton.categories.find((c) => c.id === 'functional')?.services.find((s) => s.id === 'short-prefs');
  assert.deepEqual(prefs?.cookies, [{ name: 'lt_lang', maxAgeDays: 1 }, { name: 'lt_prefs', maxAgeDays: 30 }], JSON.stringify(skeleton));
  // the hostile storage key is in the HTML only escaped
  const page$ = readFileSync(html, 'utf8');
  assert.ok(page$.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.match(page$, /<td>longer-than-declared<\/td><td>cookie lt_prefs<\/td><td>functional \/ short-prefs<\/td>/);
  assert.ok(!page$.includes('<img src=x'));
});

test('--suggest-config prints a config migu-consent accepts as it is: each service once, each host as seen and in one service, the page\'s services not widened', async () => {
  const json = join(tmp, 'suggest.json');
  const run = await audit([`${leaks}/leaks/suggest.html`, '--scenarios', 'first-visit,accept', '--suggest-config', '--json', json, '--timeout', '30000']);
  assert.ok(run.code === 0 || run.code === 1, `${run.stdout}\n${run.stderr}`);
  // not vacuous: the vendor's host was requested under analytics, marketing and no category
  const requests = readReport(json).pages[0].scenarios.flatMap((s) => s.requests).filter((r) => r.url.includes('t.vendor.localhost'));
  assert.deepEqual([...new Set(requests.map((r) => r.category ?? r.class))].sort(), ['analytics', 'marketing', 'undeclared'], JSON.stringify(requests));

  const { notes, json: text } = suggestion(run.stdout);
  // pasteable into <script type="application/json">: JSON, nothing that ends the element
  assert.doesNotMatch(text, /<\/script|<!--/i);
  const config = JSON.parse(text);
  const resolveConfig = await productResolveConfig();
  const { errors, warnings = [] } = resolveConfig(config);
  assert.deepEqual({ errors, warnings }, { errors: [], warnings: [] }, text);
  assert.doesNotMatch(notes, /validator says/);

  const services = config.categories.flatMap((c) => c.services.map((s) => ({ ...s, category: c.id })));
  const hosts = services.flatMap((s) => (s.hosts ?? []).map((host) => ({ host, service: s.id, category: s.category })));
  // each host is one the page requested, exactly (not widened to vendor.localhost), and in one service only,
  // none covering another's (a service's hosts cover their subdomains in the host guard)
  assert.deepEqual(hosts.map((h) => h.host).sort(), ['cdn.vendor.localhost', 't.vendor.localhost', 'video.vendor.localhost'], text);
  for (const a of hosts) for (const b of hosts) assert.ok(a === b || !(a.host === b.host || b.host.endsWith(`.${a.host}`)), `${a.host} (${a.service}) covers ${b.host} (${b.service})`);
  // the page's video service keeps its own host, and gets none of the hosts it did not request
  assert.deepEqual(services.filter((s) => s.id === 'video').map((s) => [s.category, s.hosts]), [['functional', ['video.vendor.localhost']]], text);
  // the vendor's t. host: one service, under the stricter of the categories it was seen under (the page gates it under
  // both), with its script's cookie; the notes name the other, and that the vendor's hosts share a site
  const t = hosts.find((h) => h.host === 't.vendor.localhost');
  assert.equal(t?.category, 'marketing', text);
  assert.ok(services.find((s) => s.id === t.service)?.cookies?.some((c) => (c.name ?? c) === 'sg_stats'), text);
  assert.equal(hosts.find((h) => h.host === 'cdn.vendor.localhost')?.category, 'analytics', text);
  assert.match(notes, new RegExp(`${t.service}\\b.*\\banalytics\\b`), notes);
  assert.match(notes, /share the site vendor\.localhost\b/, notes);
});

test('a gated inline script: its category is withdrawn in turn, and what it writes takes its category (after-withdrawal); the page\'s own inline script\'s writes do not', async () => {
  const json = join(tmp, 'inline-gated.json');
  const run = await audit([`${leaks}/leaks/inline-gated.html`, '--json', json, '--scenarios', 'withdraw', '--timeout', '30000']);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const report = readReport(json);
  const all = findings(report);
  const list = () => all.map((f) => `${f.severity} ${f.rule} ${f.kind} ${f.name} ${f.by ?? ''}`).join('\n');
  const after = all.find((f) => f.severity === 'violation' && f.rule === 'after-withdrawal' && f.name === 'ig_tick');
  assert.ok(after, list());
  assert.match(after.by, /^http:\/\/127\.0\.0\.1:\d+\/\[gated-inline-script-1\]$/);
  const cookies = report.pages[0].scenarios.flatMap((s) => s.cookies);
  assert.ok(cookies.some((c) => c.name === 'ig_tick' && c.category === 'analytics'), JSON.stringify(cookies));
  const own = cookies.filter((c) => c.name === 'page_own');
  assert.ok(own.length && own.every((c) => c.category === undefined), JSON.stringify(own));
  assert.match(run.stdout, /VIOLATION after-withdrawal: cookie ig_tick \(analytics, set by http:\/\/127\.0\.0\.1:\d+\/\[gated-inline-script-1\]\)/);
});

test('a third party\'s cookie no service declares, set before any choice, is a violation (it passed as a warning); the page\'s own undeclared cookie stays a warning; times are whole milliseconds', async () => {
  const json = join(tmp, 'third-party.json');
  const run = await audit([`${leaks}/leaks/third-party.html`, '--json', json, '--scenarios', 'first-visit', '--timeout', '30000']);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const all = findings(readReport(json));
  const list = () => all.map((f) => `${f.severity} ${f.rule} ${f.kind} ${f.name} ${f.t}`).join('\n');
  const third = all.find((f) => f.severity === 'violation' && f.rule === 'before-consent' && f.name === 'tp_id');
  assert.ok(third, list());
  assert.equal(third.domain, 'localhost');
  assert.match(third.by, /^http:\/\/localhost:\d+\/leaks\/third-pixel\.gif$/);
  // its lifetime as its Set-Cookie asked, kept by the browser or not (never "session")
  const cookie = readReport(json).pages[0].scenarios[0].cookies.find((c) => c.name === 'tp_id');
  assert.equal(Math.round((cookie.expires - cookie.firstSeen.at) / 1000), 3600, JSON.stringify(cookie));
  assert.match(run.stdout, /VIOLATION before-consent: third-party cookie tp_id on localhost, which no service declares, before any choice/);
  assert.deepEqual(all.filter((f) => f.name === 'page_session').map((f) => [f.severity, f.rule]), [['warning', 'undeclared-cookie']], list());
  assert.ok(all.every((f) => f.t === undefined || Number.isInteger(f.t)), list());
  assert.doesNotMatch(run.stdout, /t=[+-]?\d+\.\d/);
});

test('the audit is seen as a visitor (no webdriver, no HeadlessChrome), hears page-leave beacons, and leaves its own --cookie and migu-consent\'s wrappers out', async () => {
  const list = join(tmp, 'leave-trackers.txt');
  writeFileSync(list, '||tracker.localhost^$third-party\n');
  const json = join(tmp, 'leave.json');
  const run = await audit([`${leaks}/leaks/leave.html`, '--scenarios', 'first-visit,reject,accept', '--timeout', '30000', '--wait', '300',
    '--list', list, '--cookie', 'session=abc', '--json', json]);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const report = readReport(json);
  const all = findings(report);
  const dump = all.map((f) => `${f.severity} ${f.rule} ${f.kind} ${f.name}`).join('\n');
  const violation = (rule, ev) => all.some((f) => f.severity === 'violation' && f.rule === rule && f.kind === 'request' && f.name.endsWith(`/leaks/collect?ev=${ev}`));
  assert.ok(violation('before-consent', 'visitor'), `the page took the audit for a visitor:\n${dump}`);
  assert.ok(violation('before-consent', 'leave'), `a beacon at page leave before any choice:\n${dump}`);
  assert.ok(violation('after-refusal', 'leave'), `and after "reject all":\n${dump}`);
  assert.ok(!all.some((f) => f.name === 'session'), `the audit's own cookie is no finding:\n${dump}`);
  const scenarios = report.pages[0].scenarios;
  // the SDK's beacon through migu-consent's guard is the SDK's
  const sdk = scenarios.find((sc) => sc.scenario === 'accept').beacons.find((b) => b.url.endsWith('ev=sdk'));
  assert.ok(sdk, JSON.stringify(scenarios.find((sc) => sc.scenario === 'accept').beacons));
  assert.match(sdk.by.url, /\/leaks\/leave\.js$/);
  // the one gated pixel is listed once, with its URL once, also after its activation
  assert.deepEqual(report.pages[0].gated.map((g) => [g.tag, g.urls.length]), [['img', 1]]);
});

test('an --accept button that never appears: the scenario is skipped with the reason, and the exit status says not audited (4)', async () => {
  const json = join(tmp, 'unmatched.json');
  const run = await audit([`${leaks}/leaks/socket-plain.html`, '--scenarios', 'first-visit,accept', '--accept', '#no-such-button', '--timeout', '3000', '--json', json]);
  assert.equal(run.code, 4, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stderr, /not audited: .*accept: the accept button \(#no-such-button\) did not appear/);
  assert.deepEqual(readReport(json).pages[0].skipped.map((s) => s.scenario), ['accept']);
});

test('a WebSocket opened before any choice is a request like any other: named, classified, matched by --list', async () => {
  const json = join(tmp, 'socket.json');
  const list = join(tmp, 'socket-list.txt');
  writeFileSync(list, '||tracker.localhost^$websocket\n');
  const run = await audit([`${leaks}/leaks/socket.html`, `${leaks}/leaks/socket-plain.html`, '--scenarios', 'first-visit', '--list', list, '--json', json, '--timeout', '30000']);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const [withConfig, plain] = readReport(json).pages;
  const socket = (page) => page.scenarios[0].requests.find((r) => r.url.startsWith('ws://tracker.localhost:'));
  // the config declares the host: a violation of its category
  assert.deepEqual({ ...socket(withConfig), at: 0, t: 0 }, { ...socket(withConfig), at: 0, t: 0, type: 'websocket', kind: 'websocket', class: 'declared', category: 'analytics', service: 'socket-stats', phase: 'no-choice' });
  const declared = withConfig.findings.find((f) => f.rule === 'before-consent' && f.kind === 'request');
  assert.match(declared?.name ?? '', /^ws:\/\/tracker\.localhost:\d+\/leaks\/socket$/, JSON.stringify(withConfig.findings));
  // without a config, the list names it: a known tracker before any choice
  assert.deepEqual(socket(plain)?.tracker, { list: 'socket-list.txt', filter: '||tracker.localhost^$websocket' });
  const known = plain.findings.find((f) => f.rule === 'before-consent' && f.kind === 'request');
  assert.match(known?.message ?? '', /^known tracker/, JSON.stringify(plain.findings));
});

test('writes in an inline (srcdoc) frame: timed and attributed when made, under the page\'s origin', async () => {
  const json = join(tmp, 'srcdoc.json');
  const run = await audit([`${leaks}/leaks/srcdoc.html`, '--scenarios', 'first-visit', '--json', json, '--timeout', '30000']);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const [page] = readReport(json).pages;
  const [visit] = page.scenarios;
  // one storage item, under the origin the frame shares with the page (not a second one under "null")
  assert.deepEqual(visit.storage.filter((i) => i.key === 'sd_key').map((i) => [i.origin, i.area, i.class, i.setBy.kind, i.setBy.frame]),
    [[leaks, 'local', 'declared', 'script', 'about:srcdoc']]);
  // the cookie's write is seen as it happens, by the frame's script (migu-consent's sweep then deletes it)
  const cookie = visit.cookies.find((c) => c.name === 'sd_id');
  assert.deepEqual([cookie?.setBy.kind, cookie?.setBy.frame, cookie?.writes.filter((w) => !w.deletion).length], ['script', 'about:srcdoc', 1], JSON.stringify(cookie));
  assert.deepEqual(page.findings.filter((f) => f.rule === 'before-consent').map((f) => [f.kind, f.name, f.origin ?? f.domain]).sort(),
    [['cookie', 'sd_id', '127.0.0.1'], ['storage', 'sd_key', leaks]]);
});

test('a cookie written with an empty Max-Age is set (a session cookie), not a deletion: named before consent', async () => {
  const json = join(tmp, 'maxage.json');
  const run = await audit([`${leaks}/leaks/maxage-empty.html`, '--scenarios', 'first-visit', '--json', json, '--timeout', '30000']);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const [page] = readReport(json).pages;
  const cookies = page.scenarios[0].cookies;
  // each has one write that set it and one that deleted it; the empty Max-Age read as 0 made both deletions
  for (const name of ['mx_probe', 'mx_px']) {
    const cookie = cookies.find((c) => c.name === name);
    assert.deepEqual(cookie?.writes.map((w) => Boolean(w.deletion)), [false, true], JSON.stringify(cookies));
  }
  const before = page.findings.filter((f) => f.rule === 'before-consent' && f.kind === 'cookie');
  assert.deepEqual(before.map((f) => f.name).sort(), ['mx_probe', 'mx_px'], JSON.stringify(page.findings));
  assert.match(before.find((f) => f.name === 'mx_px')?.by ?? '', /\/leaks\/maxage-pixel\.gif$/);
});

test('a Set-Cookie with an empty Path is one cookie, at the default path, set by its response (not a second one at path "")', async () => {
  const json = join(tmp, 'path.json');
  const run = await audit([`${leaks}/leaks/maxage-empty.html`, '--scenarios', 'first-visit', '--json', json, '--timeout', '30000']);
  assert.equal(run.code, 1, `the page's other cookies are violations: ${run.stdout}\n${run.stderr}`);
  const [page] = readReport(json).pages;
  const cookies = page.scenarios[0].cookies.filter((c) => c.name === 'mx_path');
  assert.deepEqual(cookies.map((c) => [c.path, c.setBy.kind, c.writes.length]), [['/leaks', 'response', 1]], JSON.stringify(cookies));
  assert.match(cookies[0].setBy.url, /\/leaks\/path-pixel\.gif$/);
});

test('a config migu-consent refuses (valid JSON, invalid config) is a config warning: the page runs on the defaults', async () => {
  const json = join(tmp, 'refused.json');
  const run = await audit([`${leaks}/leaks/refused-config.html`, '--scenarios', 'first-visit', '--json', json, '--fail-on', 'warning', '--timeout', '30000']);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const [page] = readReport(json).pages;
  const config = page.findings.filter((f) => f.rule === 'config');
  assert.deepEqual(config.map((f) => f.severity), ['warning'], JSON.stringify(page.findings));
  assert.match(config[0].message, /^migu-consent refused the config: invalid site config, the defaults are used instead: config\.categories\[0\]\.services\[0\]\.dataTypes: /);
  assert.equal(page.refusedConfig, undefined);
});

test('a URL that redirects to another site: its redirect is the page\'s way in, not an undeclared third-party host (CLI probe 2 O4)', async () => {
  const json = join(tmp, 'moved.json');
  const run = await audit([`${leaks}/leaks/moved.html`, '--scenarios', 'first-visit', '--json', json, '--fail-on', 'warning', '--timeout', '30000']);
  const [page] = readReport(json).pages;
  assert.equal(page.finalUrl, `http://localhost:${leakServer.address().port}/leaks/moved-here.html`);
  assert.deepEqual(page.findings.filter((f) => f.rule === 'undeclared-host').map((f) => f.message), []);
  const hop = page.scenarios[0].requests.find((r) => r.url === `${leaks}/leaks/moved.html`);
  assert.deepEqual([hop?.status, hop?.top, hop?.party, hop?.class], [302, true, 'first', 'first-party'], JSON.stringify(hop));
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
});

test('--list: requests a tracker list matches are named as known trackers; without it, only the config classifies', async () => {
  // our own small list (EasyPrivacy is GPLv3 / CC BY-SA: not shipped, and not needed to test the parsing)
  const list = join(tmp, 'trackers.txt');
  writeFileSync(list, '! Title: migu-consent test trackers\n||tracker.localhost^$third-party\n/pixel.gif?\n##.ad-banner\n');
  const url = `${leaks}/e2e/fixtures/audit-trackers.html`;
  const args = ['--scenarios', 'first-visit,reject', '--timeout', '30000', '--wait', '500'];
  const dump = (report) => findings(report).map((f) => `${f.severity} ${f.rule} ${f.kind} ${f.name}`).join('\n');

  const withList = join(tmp, 'trackers.json');
  const html = join(tmp, 'trackers.html');
  const run = await audit([url, ...args, '--list', list, '--json', withList, '--html', html]);
  assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
  const report = readReport(withList);
  assert.deepEqual(report.lists, [{ file: list, name: 'trackers.txt', filters: 2 }]);
  const named = (rule, pattern, filter) => findings(report).find((f) => f.severity === 'violation' && f.rule === rule && pattern.test(f.name)
    && f.tracker?.filter === filter && f.tracker.list === 'trackers.txt' && /^known tracker /.test(f.message));
  // the third-party beacon before any choice, and again after "reject all"
  assert.ok(named('before-consent', /^http:\/\/tracker\.localhost:\d+\/leaks\/collect\?ev=load$/, '||tracker.localhost^$third-party'), dump(report));
  assert.ok(named('after-refusal', /^http:\/\/tracker\.localhost:\d+\/leaks\/collect\?ev=choice$/, '||tracker.localhost^$third-party'), dump(report));
  // the first-party pixel, which the config alone calls first-party
  assert.ok(named('before-consent', /\/leaks\/site\/pixel\.gif\?ev=view$/, '/pixel.gif?'), dump(report));
  // the request itself carries the match; migu-consent's own files are never matched
  const requests = report.pages[0].scenarios.flatMap((s) => s.requests);
  assert.ok(requests.some((r) => r.url.includes('/leaks/site/pixel.gif') && r.tracker?.filter === '/pixel.gif?'));
  assert.ok(!requests.some((r) => r.url.includes('/dist/') && r.tracker));
  // in the summary and in the HTML page
  assert.match(run.stdout, /tracker lists: trackers\.txt \(2 network filters\)/);
  assert.match(run.stdout, /VIOLATION before-consent: known tracker http:\/\/tracker\.localhost:\d+\/leaks\/collect\?ev=load \("\|\|tracker\.localhost\^\$third-party" in trackers\.txt; no service declares it\) before any choice/);
  assert.match(readFileSync(html, 'utf8'), /known tracker: \/pixel\.gif\? \(trackers\.txt\)/);

  // the same page without a list: classified by its config only, no violation
  const without = join(tmp, 'no-list.json');
  const plainRun = await audit([url, ...args, '--json', without]);
  assert.equal(plainRun.code, 0, `${plainRun.stdout}\n${plainRun.stderr}`);
  const bare = readReport(without);
  assert.deepEqual(bare.lists, []);
  assert.ok(!bare.pages[0].scenarios.some((s) => s.requests.some((r) => r.tracker)));
  assert.ok(!findings(bare).some((f) => f.tracker || /known tracker/.test(f.message)), dump(bare));
  assert.equal(bare.summary.violation, 0, dump(bare));
  const pixel = bare.pages[0].scenarios[0].requests.find((r) => r.url.includes('/leaks/site/pixel.gif'));
  assert.equal(pixel?.class, 'first-party');
  // the third-party host is still reported, as the config sees it: undeclared
  assert.ok(findings(bare).some((f) => f.rule === 'undeclared-host' && f.name === 'tracker.localhost'), dump(bare));

  // a list that cannot be used: a usage error, before any browser starts
  const empty = join(tmp, 'empty.txt');
  writeFileSync(empty, '! only a comment\n##.cosmetic-only\n');
  for (const [file, message] of [[join(tmp, 'missing.txt'), /--list .*missing\.txt: cannot read it \(ENOENT\)/], [empty, /--list .*empty\.txt: no network filter in it/]]) {
    const bad = await audit([url, '--list', file]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, message);
  }
});

for (const manager of [
  { id: 'vanilla', accept: '#cc-main [data-role="all"]', reject: '#cc-main [data-role="necessary"]' },
  { id: 'klaro', accept: '#klaro .cookie-notice .cm-btn-success', reject: '#klaro .cookie-notice .cn-decline' },
]) {
  test(`a ${manager.id} page is audited with --accept and --reject`, async () => {
    const bench = await startBenchServer();
    try {
      const json = join(tmp, `${manager.id}.json`);
      const run = await audit([`${bench.base}/bench/page/${manager.id}.html`, '--json', json, '--scenarios', 'first-visit,reject,accept,withdraw',
        '--accept', manager.accept, '--reject', manager.reject, '--wait', '200']);
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      const [page] = readReport(json).pages;
      assert.equal(page.migu.present, false);
      const scenario = (name) => page.scenarios.find((s) => s.scenario === name);
      const trackers = (name) => scenario(name).requests.filter((r) => r.url.includes('/bench/tracker/')).map((r) => `${r.phase} ${new URL(r.url).pathname}`);
      assert.deepEqual(trackers('first-visit'), []);
      assert.deepEqual(trackers('reject'), []);
      assert.deepEqual(trackers('accept').sort(), ['after-accept /bench/tracker/analytics.js', 'after-accept /bench/tracker/pixel.gif']);
      assert.match(page.skipped.find((s) => s.scenario === 'withdraw')?.reason ?? '', /migu-consent API/);
    } finally {
      await bench.close();
    }
  });
}

test('a receipt-endpoint with a user name and password: a config warning that shows neither, in every output', async () => {
  const json = join(tmp, 'credentials.json');
  const html = join(tmp, 'credentials.html');
  const run = await audit([`${leaks}/leaks/credentials.html`, '--json', json, '--html', html, '--scenarios', 'first-visit', '--timeout', '30000']);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const report = readReport(json);
  const warning = findings(report).find((f) => f.rule === 'config');
  assert.equal(warning?.message, 'receipt-endpoint https://***@receipts.example/consent-receipts has a user name or password: '
    + 'migu-consent refuses it and sends no receipts; give the collector\'s URL without them');
  assert.equal(report.pages[0].migu.attributes['receipt-endpoint'], 'https://***@receipts.example/consent-receipts');
  for (const [what, text] of [['stdout', run.stdout], ['stderr', run.stderr], ['JSON', readFileSync(json, 'utf8')], ['HTML', readFileSync(html, 'utf8')]]) {
    assert.ok(!text.includes(PASSWORD) && !text.includes('collector:'), `${what} shows the credentials`);
  }
  assert.match(run.stdout, /receipt-endpoint https:\/\/\*\*\*@receipts\.example\/consent-receipts has a user name or password/);
});

test('--timeout, --wait, --pages: decimal digits, within what a timer can wait (a larger one fired every wait at once)', async () => {
  for (const [flag, value] of [['--timeout', '3000000000'], ['--wait', '2147483648'], ['--timeout', '0x10'], ['--pages', '1e3'],
    ['--wait', ''], ['--timeout', ' 500'], ['--pages', '0'], ['--wait', '-1']]) {
    const run = await audit(['http://127.0.0.1:9/', `${flag}=${value}`]);
    assert.equal(run.code, 2, `${flag} "${value}": ${run.stderr}`);
    assert.ok(run.stderr.startsWith(`migu-consent audit: ${flag} must be a whole number from `), run.stderr);
    assert.ok(!/Warning/.test(run.stderr), run.stderr);
  }
});

test('a site behind basic auth (http://user:password@host/): the password is in no output, terminal, JSON or HTML', async () => {
  const site = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>staging</title><a href="/next">next</a>');
  });
  await new Promise((done) => { site.listen(0, '127.0.0.1', done); });
  try {
    const port = site.address().port;
    const json = join(tmp, 'basic-auth.json');
    const html = join(tmp, 'basic-auth.html');
    const run = await audit([`http://alice:${PASSWORD}@127.0.0.1:${port}/`, '--scenarios', 'first-visit', '--pages', '2', '--json', json, '--html', html]);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    for (const [what, text] of [['stdout', run.stdout], ['stderr', run.stderr], ['JSON', readFileSync(json, 'utf8')], ['HTML', readFileSync(html, 'utf8')]]) {
      assert.ok(!text.includes(PASSWORD) && !text.includes('alice'), `${what} shows the credentials`);
    }
    assert.deepEqual(readReport(json).pages.map((p) => p.url), [`http://***@127.0.0.1:${port}/`, `http://***@127.0.0.1:${port}/next`]);
    assert.match(run.stdout, new RegExp(`^== http://\\*\\*\\*@127\\.0\\.0\\.1:${port}/$`, 'm'));
  } finally {
    site.closeAllConnections();
    site.close();
  }
});

test('bad input: a clear message, a non-zero status, within --timeout', async () => {
  const closed = createServer();
  await new Promise((done) => { closed.listen(0, '127.0.0.1', done); });
  const closedPort = closed.address().port;
  await new Promise((done) => { closed.close(done); });
  const json = join(tmp, 'bad.json');
  const cases = [
    [`http://127.0.0.1:${closedPort}/`, /connection refused/],
    [`https://127.0.0.1:${leakServer.address().port}/leaks/data.json`, /TLS error/], // TLS to a plain HTTP server
    [`${leaks}/leaks/data.json`, /not an HTML page \(Content-Type: application\/json\)/],
    [`${leaks}/leaks/hang`, /did not finish loading within 5000 ms/],
    [`${leaks}/leaks/loop`, /redirect loop/],
    [`${leaks}/leaks/nothing-here`, /HTTP error status with an empty page/], // a 404 without a body
  ];
  // 5 s: on a loaded machine a refused connection can take seconds to be reported as such
  const run = await audit([...cases.map(([url]) => url), '--timeout', '5000', '--json', json]);
  assert.equal(run.code, 4, `${run.stdout}\n${run.stderr}`);
  const report = readReport(json);
  for (const [i, [url, message]] of cases.entries()) {
    assert.equal(report.pages[i].url, url);
    assert.match(report.pages[i].error ?? '', message);
    assert.match(run.stderr, message);
    // the failed load itself ends within --timeout (a new context and tab around it cost more on a loaded machine)
    assert.ok(report.pages[i].loadMs <= 5000 + 1000, `${url}: the load took ${report.pages[i].loadMs} ms`);
  }
  assert.ok(run.ms < 120_000, `took ${run.ms} ms`);

  for (const args of [[], ['ftp://example.com/'], ['http://127.0.0.1/', '--fail-on', 'never'], ['http://127.0.0.1/', '--scenarios', 'nope']]) {
    const usage = await audit(args);
    assert.equal(usage.code, 2, `${args.join(' ')}: ${usage.stderr}`);
    assert.match(usage.stderr, /^migu-consent audit: .+\n\nusage: migu-consent audit/);
  }
  // an unknown option: parseArgs's first sentence, not its advice with an unbalanced quote
  const unknown = await audit(['--bogus', 'http://127.0.0.1/']);
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /^migu-consent audit: Unknown option '--bogus'\n\nusage: migu-consent audit/);
  // a report that cannot be written stops the command before any page is audited, not after
  const nowhere = join(tmp, 'no-such-folder', 'report.json');
  const unwritable = await audit([`${leaks}/e2e/fixtures/audit-leaks.html`, '--json', nowhere]);
  assert.equal(unwritable.code, 2, unwritable.stderr);
  assert.equal(unwritable.stderr, `migu-consent audit: --json ${nowhere}: the folder ${join(tmp, 'no-such-folder')} does not exist\n`);
  assert.equal(unwritable.stdout, '');
});

test('--json and --html naming one file is a usage error before any page is audited (both were written to it at once)', async () => {
  const same = join(tmp, 'report.out');
  const twice = await audit([`${leaks}/e2e/fixtures/audit-leaks.html`, '--json', same, '--html', join(tmp, '.', 'report.out')]);
  assert.equal(twice.code, 2, twice.stderr);
  assert.equal(twice.stderr, `migu-consent audit: --json and --html name the same file, ${same}: give each its own\n`);
  assert.equal(existsSync(same), false);
  // under another name: a symbolic link to the file (which exists) or to its folder, a hard link
  const dir = mkdtempSync(join(tmp, 'links-'));
  writeFileSync(join(dir, 'r.json'), 'kept');
  symlinkSync(join(dir, 'r.json'), join(dir, 'link.json'));
  symlinkSync(dir, join(tmp, `${basename(dir)}-folder`));
  linkSync(join(dir, 'r.json'), join(dir, 'hard.json'));
  for (const other of [join(dir, 'link.json'), join(tmp, `${basename(dir)}-folder`, 'r.json'), join(dir, 'hard.json')]) {
    const run = await audit([`${leaks}/e2e/fixtures/audit-leaks.html`, '--json', join(dir, 'r.json'), '--html', other]);
    assert.equal(run.code, 2, `${other}: ${run.stderr}`);
    assert.match(run.stderr, /--json and --html name the same file/);
    assert.equal(readFileSync(join(dir, 'r.json'), 'utf8'), 'kept');
  }
  // a link to a file that is not there yet (dangling): written through, also the same file
  symlinkSync(join(dir, 'new.json'), join(dir, 'dangling.json'));
  const dangling = await audit([`${leaks}/e2e/fixtures/audit-leaks.html`, '--json', join(dir, 'new.json'), '--html', join(dir, 'dangling.json')]);
  assert.equal(dangling.code, 2, dangling.stderr);
});
