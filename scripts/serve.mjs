// `npm start`: serves the demo on http://127.0.0.1:8000/demo/ (and, as the sibling site of
// docs/sibling-domains.md, on http://localhost:8000/demo/: cookies apart): demo/, the built dist/, the
// node_modules packages the ESM page's bare imports reach (lit & co), plus the demo's own fake
// trackers and a receipts endpoint, all local, so that the demo shows every request without
// touching the network. Nothing else of the repository is served (no dotfiles, no
// /package.json, no /__wds-outside-root__/ escapes), it listens on the loopback address only,
// and it answers only requests addressed to it by its own host:port (DNS rebinding).
// Tests start it with `startDemoServer({ port: 0 })` (a free port). `PORT` picks another port (a port in use: one
// line says so, exit 1); the receipts go to .tmp/demo-receipts, or, while another demo has that open,
// .tmp/demo-receipts-PORT (`DEMO_RECEIPTS` names another folder).
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const YEAR = 365 * 24 * 3600;

const id = () => randomBytes(6).toString('hex');
/** A first-party cookie a tracker sets; not HttpOnly, so that withdrawal can delete it from the page. */
const trackerCookie = (name) => `${name}=${id()}; Path=/; Max-Age=${YEAR}; SameSite=Lax`;

/** The page-side log every fake tracker writes to: `window.demoLog` plus a `demo-log` event the panel shows. */
const pageLog = (source, text) =>
  `(window.demoLog = window.demoLog || []).push({ at: Date.now(), source: ${JSON.stringify(source)}, text: ${JSON.stringify(text)} });
document.dispatchEvent(new CustomEvent('demo-log'));`;

/** Tracker scripts: each does what its real counterpart would, in a few lines. */
const SCRIPTS = {
  'analytics.js': `// Migu Stats (fake): an id cookie and a page-view beacon.
document.cookie = 'demo_analytics_id=' + Math.random().toString(36).slice(2) + '; path=/; max-age=${YEAR}; samesite=lax';
navigator.sendBeacon('/demo-trackers/collect', JSON.stringify({ page: location.pathname }));
${pageLog('analytics.js', 'set cookie demo_analytics_id, sent a page-view beacon')}`,
  'global-stats.js': `// Global Stats (fake): a cross-border analytics service with its own cookie.
document.cookie = 'demo_global_id=' + Math.random().toString(36).slice(2) + '; path=/; max-age=${YEAR}; samesite=lax';
${pageLog('global-stats.js', 'set cookie demo_global_id (data would leave mainland China)')}`,
};

const RECOMMENDATIONS = {
  'zh-CN': ['因为你听了《星河漫游》: 林一精选', '为你推荐: 深夜治愈民谣', '你可能喜欢: 周末轻摇滚', '根据观看记录: 纪录片《航拍：长江》'],
  en: ['Because you played “Starlit Drift”: Lin Yi essentials', 'For you: late-night folk', 'You may like: weekend soft rock', 'From your history: “Aerial: the Yangtze”'],
};

const VIDEO_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>咪咕视频播放器 (demo)</title>
<style>
html,body{margin:0;height:100%;background:#111;color:#eee;font:14px/1.4 system-ui,sans-serif}
.p{position:relative;height:100%;display:grid;place-items:center;background:radial-gradient(circle at 30% 30%,#3a1c71,#111 70%)}
.t{position:absolute;left:12px;top:10px;font-weight:600}
.b{width:64px;height:64px;border-radius:50%;background:#e4007f;display:grid;place-items:center}
.bar{position:absolute;left:12px;right:12px;bottom:12px;height:4px;background:#444;border-radius:2px}
.bar i{display:block;width:35%;height:100%;background:#e4007f;border-radius:2px}
</style></head>
<body><div class="p"><span class="t">咪咕视频 · 演示播放器 / demo player</span>
<span class="b"><svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z" fill="#fff"/></svg></span>
<div class="bar"><i></i></div></div></body></html>`;

function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { if (body.length < limit) body += chunk; });
    req.on('end', () => { resolve(body); });
    req.on('error', () => { resolve(body); });
  });
}

/**
 * A value fit for one terminal line: escape sequences (CSI, OSC) and every other C0/C1 control,
 * CR/LF included, removed, as are bidi overrides and line separators; capped in length. Click
 * targets and receipt fields come from any page, and a terminal obeys what it is sent.
 */
/* eslint-disable no-control-regex -- control characters are what these match */
export function terminalSafe(text, max = 200) {
  const clean = String(text)
    .replace(/(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g, '') // CSI: colours, cursor moves, clear screen
    .replace(/(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g, '') // OSC: window title, hyperlinks
    .replace(/[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '');
  return clean.length > max ? clean.slice(0, max) : clean; // cut after cleaning: never half a sequence
}
/* eslint-enable no-control-regex */

/** One terminal line per receipt: what was decided, not who decided it. Every field is the page's. */
function describeReceipt(r) {
  const v = terminalSafe;
  const on = (map) => Object.entries(map ?? {}).map(([k, granted]) => `${v(k, 40)}=${granted ? 'on' : 'off'}`).join(' ');
  return `receipt ${v(r.receiptId, 8)} consent ${v(r.consentId, 8)} rev ${v(r.revision, 40)} `
    + `source=${v(r.source, 20)} ${on(r.categories)}${Object.keys(r.services ?? {}).length ? ` | services ${on(r.services)}` : ''}`
    + ` | page ${v(r.page, 200)}`;
}

/** The packages the ESM page can reach: the package's runtime dependencies and theirs, by name. */
function runtimePackages() {
  const names = new Set();
  const visit = (dir) => {
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
    } catch {
      return; // not installed: the page's import fails visibly, nothing else is opened
    }
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (!names.has(name)) {
        names.add(name);
        visit(`${ROOT}node_modules/${name}`);
      }
    }
  };
  visit(ROOT.replace(/\/$/, ''));
  return names;
}

/**
 * Whether a request path may reach the file server: demo/, dist/ and the runtime packages in
 * node_modules/, with no dot segment or dotfile after percent-decoding (the file server decodes
 * too, so `/demo/%2e%2e/package.json` would otherwise climb out of demo/).
 */
function servable(rawPath, packages) {
  let path;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return false;
  }
  const [top, ...rest] = path.split('/').slice(1);
  if ([top, ...rest].some((s) => s.startsWith('.') || /[\\\0:]/.test(s))) return false;
  if (top === 'demo' || top === 'dist') return true;
  if (top !== 'node_modules') return false;
  return packages.has(rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]);
}

/**
 * Refuses what is not addressed to this server by its own name (a DNS-rebinding page sends its
 * own host name) with 403, and every path outside the demo's files and endpoints with 404.
 */
function guardMiddleware({ hosts, packages }) {
  return async (ctx, next) => {
    if (!hosts.has(ctx.get('host').toLowerCase())) {
      ctx.status = 403;
      ctx.body = 'this server answers only to its own address\n';
      return;
    }
    const path = ctx.path;
    if (path === '/' || path === '/demo' || path === '/demo-api/receipts' || path === '/demo-api/receipts/history' || path === '/demo-api/policy'
      || path.startsWith('/demo-trackers/')
      || servable(path, packages)) {
      await next();
      return;
    }
    ctx.status = 404;
    ctx.body = 'not part of the demo\n';
  };
}

/** The revision after `revision` (`2026-01` -> `2026-02`, `2026-12` -> `2027-01`): a policy the site publishes next. */
export function nextRevision(revision) {
  const [, year, month] = /^(\d{4})-(\d{2})$/.exec(revision) ?? [];
  if (!year) return `${revision}.1`;
  const next = Number(year) * 12 + Number(month); // the month after, counted from year 0
  return `${Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}`;
}

/**
 * The demo's own endpoints (koa middleware): fake trackers under /demo-trackers/, the
 * receipts endpoint /demo-api/receipts, and /demo-api/policy, the site's policy revision
 * (GET it; POST publishes the next one, as a site does when its policy changes: every
 * page then carries it and each visitor is asked again). `hits` and `receipts` record what arrived.
 */
function demoMiddleware({ log, hits, receipts, collector, policy, hosts }) {
  return async (ctx, next) => {
    const path = ctx.path;
    if (path === '/' || path === '/demo') {
      ctx.redirect('/demo/');
      return;
    }
    if (path === '/demo-api/policy') {
      ctx.set('Cache-Control', 'no-store');
      if (ctx.method === 'POST') {
        // from a demo page only: another site's form or fetch (Origin: theirs) cannot make visitors here asked again
        const origin = /^https?:\/\/([^/]+)$/.exec(ctx.get('origin'))?.[1];
        if (!origin || !hosts.has(origin.toLowerCase())) {
          ctx.status = 403;
          return;
        }
        policy.revision = nextRevision(policy.revision);
        log(`policy revision ${policy.revision} published: every page now carries it, and visitors are asked again`);
      } else if (ctx.method !== 'GET') {
        ctx.status = 405;
        return;
      }
      ctx.body = { revision: policy.revision, first: policy.first };
      return;
    }
    if (path === '/demo-api/receipts/history') {
      // the panel's view of the stored history: demo only, on localhost (the collector's own
      // reads are behind its admin token)
      const consentId = String(ctx.query.consentId ?? '');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = collector && /^[A-Za-z0-9_-]{8,64}$/.test(consentId)
        ? { collector: true, ...(await collector.store.history(consentId)) }
        : { collector: Boolean(collector), consentId, receipts: [], deletion: null };
      return;
    }
    if (path === '/demo-api/receipts' && collector) {
      // the real collector (migu-consent/server, PGlite): validated, stored once, 2xx only after the write
      ctx.respond = false;
      await collector.handler(ctx.req, ctx.res);
      return;
    }
    if (path === '/demo-api/receipts') {
      if (ctx.method !== 'POST') {
        ctx.status = 405;
        return;
      }
      const raw = await readBody(ctx.req);
      let receipt;
      try {
        receipt = JSON.parse(raw);
      } catch {
        ctx.status = 400;
        return;
      }
      receipts.push(receipt);
      log(describeReceipt(receipt));
      ctx.status = 204;
      return;
    }
    if (!path.startsWith('/demo-trackers/')) return next();

    const name = path.slice('/demo-trackers/'.length);
    hits.push({ name, method: ctx.method, at: Date.now() });
    ctx.set('Cache-Control', 'no-store');
    if (name in SCRIPTS) {
      log(`tracker ${name} loaded`);
      ctx.type = 'text/javascript';
      ctx.body = SCRIPTS[name];
    } else if (name === 'pixel.gif') {
      log('tracker pixel.gif: ad impression counted, cookie demo_ad_id set');
      ctx.set('Set-Cookie', trackerCookie('demo_ad_id'));
      ctx.type = 'image/gif';
      ctx.body = GIF;
    } else if (name === 'video.html') {
      log('tracker video.html: embedded player loaded, cookie demo_video_id set');
      ctx.set('Set-Cookie', trackerCookie('demo_video_id'));
      ctx.type = 'text/html';
      ctx.body = VIDEO_PAGE;
    } else if (name === 'recommendations.json') {
      const lang = ctx.query.lang === 'en' ? 'en' : 'zh-CN';
      log('tracker recommendations.json: personalized list served');
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ items: RECOMMENDATIONS[lang] });
    } else if (name === 'collect' || name === 'ping') {
      log(`tracker ${name}: ${ctx.method} received`);
      ctx.status = 204;
    } else if (name === 'click') {
      // the click-tracking redirect: only to a path of this demo (never an open redirect)
      const to = String(ctx.query.to ?? '');
      log(`tracker click: redirect to ${terminalSafe(to)}`);
      ctx.redirect(/^\/demo\/[\w./-]*$/.test(to) ? to : '/demo/');
    } else {
      ctx.status = 404;
    }
  };
}

/**
 * The demo pages share their consent element, header, live panel and footer: each names them with a server-side
 * include, `<!--#include virtual="partials/NAME.html" -->` on a line of its own (Apache and nginx spell it
 * so), which the server replaces with demo/partials/NAME.html. The page a browser receives is whole, as a
 * Migu page rendered from a template is: view-source shows the markup a site writes.
 */
export function demoIncludes(policy = { revision: FIRST_REVISION }) {
  const include = /^[ \t]*<!--#include virtual="partials\/([\w-]+\.html)" -->\n/gm;
  return {
    name: 'demo-includes',
    // a page is cached per policy revision: one published later is served at once
    transformCacheKey: () => policy.revision,
    transform(context) {
      const path = /^\/demo\/([\w-]+\.html)?$/.exec(context.path); // `/demo/` is index.html
      if (!path || typeof context.body !== 'string') return undefined;
      const page = path[1] ?? 'index.html';
      // (the ETag is a hash of the page served: a browser's cached page of the revision before is not "fresh")
      return context.body.replace(include, (_, name) => {
        const html = readFileSync(new URL(`../demo/partials/${name}`, import.meta.url), 'utf8');
        // the header's navigation names the page it is on (a template's job)
        if (name === 'header.html') return html.replace(`<a href="${page}" `, `<a href="${page}" aria-current="page" `);
        // the policy revision the site publishes now
        return name === 'consent.html' ? html.replace(`revision="${FIRST_REVISION}"`, `revision="${policy.revision}"`) : html;
      });
    },
  };
}

/** The revision `demo/partials/consent.html` is written with: the site's policy when the server starts. */
const FIRST_REVISION = /<migu-consent [^>]*revision="([^"]+)"/.exec(readFileSync(new URL('../demo/partials/consent.html', import.meta.url), 'utf8'))[1];

/**
 * Starts the demo server on `hostname` (a loopback address) and `port` (`0` picks a free one).
 * `log` gets one line per tracker hit and receipt, with the page's values made terminal-safe. Returns the server, its base
 * URL, the tracker hits and receipts seen (for tests), the site's `policy` ({ revision, first }), and `stop()`.
 */
export async function startDemoServer({ port = 8000, hostname = '127.0.0.1', log = () => {}, receiptsData } = {}) {
  const hits = [];
  const receipts = [];
  // the site's policy revision: the one the pages are written with, until the panel publishes the next
  const policy = { revision: FIRST_REVISION, first: FIRST_REVISION };
  // listening comes first: a port in use fails here, before the receipts database is opened; until the rest
  // is ready (a moment, before any address is printed) a request is answered 503
  let app;
  const http = createServer((req, res) => {
    if (app) {
      app(req, res);
    } else {
      res.writeHead(503, { 'Retry-After': '1' }).end('starting\n');
    }
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, hostname, () => { http.off('error', reject); resolve(); });
  });
  const listenPort = http.address().port;
  const hosts = new Set();
  for (const name of ['127.0.0.1', 'localhost', '[::1]', hostname.includes(':') ? `[${hostname}]` : hostname]) {
    hosts.add(`${name.toLowerCase()}:${listenPort}`);
  }
  // `receiptsData`: a folder for the receipts collector's embedded database (npm start); without
  // it receipts are only kept in `receipts` and printed, as the tests want
  let collector;
  let server;
  const close = async () => {
    http.closeAllConnections();
    await new Promise((resolve) => { http.close(() => { resolve(); }); });
    await server?.stop();
    collector?.handler.close();
    await collector?.store.close();
  };
  try {
    if (receiptsData) {
      const { openStore, createReceiptsHandler } = await import('../node/receipts/index.mjs');
      const store = await openStore({ data: receiptsData });
      const handler = createReceiptsHandler({
        store, path: '/demo-api/receipts', adminPath: '/demo-api/receipts-admin', rateLimit: 0,
        log,
        onStored: (receipt, { status }) => {
          receipts.push(receipt);
          log(`${describeReceipt(receipt)}${status === 'duplicate' ? ' (duplicate, stored once)' : ' (stored)'}`);
        },
      });
      collector = { store, handler };
    }
    // middleware mode: the dev server only resolves and serves; the HTTP server is ours, so that it
    // listens on `hostname` alone (the dev server's own one takes every interface for 127.0.0.1)
    // and has no web socket endpoint
    server = await startDevServer({
      config: {
        rootDir: ROOT,
        middlewareMode: true,
        // the watcher (it drops cached transforms of rebuilt files) must not keep the process alive:
        // a watch the last request started can be set up after stop() closed the watcher
        chokidarOptions: { persistent: false },
        // the ESM page imports dist/index.js, whose bare imports (lit, @lit/context, js-cookie) resolve
        // here; production builds of lit, as an app's bundler would pick them (the default is 'development')
        nodeResolve: { exportConditions: ['production'] },
        plugins: [demoIncludes(policy)],
        middleware: [
          guardMiddleware({ hosts, packages: runtimePackages() }),
          demoMiddleware({ log, hits, receipts, collector, policy, hosts }),
        ],
      },
      readCliArgs: false, readFileConfig: false, logStartMessage: false,
    });
    app = server.koaApp.callback();
  } catch (error) {
    // what was opened is closed (the database's lock released), so the process can end
    await close().catch(() => {});
    throw error;
  }
  const urlHost = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    server,
    base: `http://${urlHost}:${listenPort}`,
    hits,
    receipts,
    policy,
    stop: close,
  };
}

/** A port near `port` that is free now, for the advice when `port` is taken; undefined if none of 20 is. */
async function freePortNear(port) {
  for (let candidate = port + 1; candidate <= Math.min(port + 20, 65535); candidate++) {
    const free = await new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', () => { resolve(false); });
      probe.listen(candidate, '127.0.0.1', () => { probe.close(() => { resolve(true); }); });
    });
    if (free) return candidate;
  }
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fail = (line) => {
    console.error(line);
    process.exit(1);
  };
  const raw = process.env.PORT || '8000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) fail(`PORT must be a port number (it is "${terminalSafe(raw, 40)}"): e.g. PORT=8001 npm start`);
  const time = () => new Date().toLocaleTimeString();
  const log = (line) => { console.log(`[${time()}] ${line}`); };
  // DEMO_RECEIPTS: another folder (the tests' temporary one)
  const folder = process.env.DEMO_RECEIPTS || fileURLToPath(new URL('../.tmp/demo-receipts', import.meta.url));
  const otherPort = async () => `set PORT to another port, e.g. PORT=${(await freePortNear(port)) ?? 8001} npm start`;
  let receiptsData = folder;
  let demo;
  for (let attempt = 0; !demo; attempt++) {
    try {
      demo = await startDemoServer({ port, receiptsData, log });
    } catch (error) {
      const code = /** @type {{ code?: string }} */ (error).code;
      if (code === 'EADDRINUSE') fail(`port ${port} is in use: ${await otherPort()}`);
      if (code === 'EACCES') fail(`port ${port} is not open to this user (below 1024?): ${await otherPort()}`);
      if (error?.name !== 'StoreLocked') throw error;
      // the receipts folder is open in another demo (another port): this one keeps its own, by port
      if (attempt > 0) fail(`${receiptsData} is open in another process: stop it, or ${await otherPort()}`);
      receiptsData = `${folder}-${port}`;
    }
  }
  const { base } = demo;
  if (receiptsData !== folder) console.log(`${folder} is in use by another demo: this one keeps its receipts in ${receiptsData}`);
  console.log(`migu-consent demo: ${base}/demo/  (ESM page: ${base}/demo/esm.html; Ctrl+C to stop)`);
  // the same server under its other loopback name: cookies apart, as on two registrable domains
  console.log(`sibling site (docs/sibling-domains.md): ${base.replace('127.0.0.1', 'localhost')}/demo/`);
  console.log(`receipts stored in ${receiptsData}: npx migu-consent receipts export --data ${receiptsData} (after Ctrl+C)`);
}
