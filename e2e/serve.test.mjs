// The demo server (`npm start`, scripts/serve.mjs) is a developer tool that runs on laptops:
// it serves the demo and nothing else of the repository, answers only to its own address
// (DNS rebinding), and writes nothing a page sent to the terminal as control characters. Started
// as `npm start` starts it, on a port in use it says so in one line and exits, and a second one
// on another port runs beside the first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright';
import { startDemoServer } from '../scripts/serve.mjs';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';

const DOTFILE = 'dist/.env.serve-test';
// eslint-disable-next-line no-control-regex -- what must not reach the terminal
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

let demo;
let port;
const lines = [];
before(async () => {
  writeFileSync(DOTFILE, 'SECRET=1\n');
  demo = await startDemoServer({ port: 0, log: (line) => { lines.push(line); } });
  port = Number(new URL(demo.base).port);
});
after(async () => {
  rmSync(DOTFILE, { force: true });
  await demo?.stop();
});

/**
 * One request with the path sent exactly as written (fetch would normalise `..` and `%2e%2e`
 * away before sending) and the given Host header.
 */
function raw(path, { host = `127.0.0.1:${port}`, method = 'GET', body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host, connection: 'close', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => { resolve({ status: res.statusCode, text, location: res.headers.location }); });
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('nothing outside the demo is served: repository files, dotfiles, escapes out of the root', async () => {
  // each of these exists on disk (or did under the old server), so a 404 means refused, not missing
  for (const file of ['package.json', '.gitignore', 'src/index.ts', 'eslint.config.js', '/etc/passwd', DOTFILE]) {
    assert.ok(existsSync(file), `${file} exists`);
  }
  const refused = [
    '/.git/config', '/.git', '/.git/HEAD', '/package.json', '/package-lock.json', '/.gitignore', '/src/index.ts',
    '/eslint.config.js', '/e2e/serve.test.mjs', `/${DOTFILE}`, '/dist/%2eenv.serve-test',
    '/__wds-outside-root__/1/etc/passwd', '/__wds-outside-root__/2/etc/passwd', '/__wds-outside-root__/5/etc/passwd',
    '/%2e%2e/package.json', '/demo/%2e%2e/package.json', '/demo/%2E%2E/%2E%2E/%2E%2E/etc/passwd', '/demo/../package.json',
    '/dist/..%2fpackage.json', '/demo%2f..%2fpackage.json', '/demo/..%5cpackage.json', '//etc/passwd',
    '/node_modules/.package-lock.json', '/node_modules/playwright/package.json', '/node_modules/lit/../../package.json',
    '/node_modules/lit/%2e%2e/%2e%2e/package.json', '/demo/%E0%A4%A', '/__web-dev-server__web-socket.js',
  ];
  const served = [];
  for (const path of refused) {
    const { status, text } = await raw(path);
    if (status !== 404 || /root:|"name": "migu-consent"|SECRET|gitdir|node_modules\//.test(text)) served.push(`${path} -> ${status} ${text.slice(0, 40)}`);
  }
  assert.deepEqual(served, []);
});

test('each demo page is served whole: its shared consent element, header, panel and footer in place of the includes', async () => {
  const partial = (name) => readFileSync(new URL(`../demo/partials/${name}`, import.meta.url), 'utf8');
  const pages = readdirSync(new URL('../demo/', import.meta.url)).filter((f) => f.endsWith('.html'));
  assert.ok(pages.length >= 5, pages.join());
  for (const file of pages) {
    const source = readFileSync(new URL(`../demo/${file}`, import.meta.url), 'utf8');
    const names = [...source.matchAll(/<!--#include virtual="partials\/([\w-]+\.html)" -->/g)].map((m) => m[1]);
    assert.ok(names.includes('consent.html') && names.includes('footer.html'), `${file} includes ${names.join()}`);
    const { status, text } = await raw(file === 'index.html' ? '/demo/' : `/demo/${file}`);
    assert.equal(status, 200, file);
    assert.doesNotMatch(text, /#include/, file);
    // compared as text and start tags: the dev server writes a page with an inline module anew (attr="", <path></path>)
    const bare = (html) => html.replace(/<\/[\w-]+>/g, '').replace(/<([\w-]+)[^>]*>/g, '<$1>').replace(/\s+/g, ' ');
    for (const name of names) assert.ok(bare(text).includes(bare(partial(name))), `${file}: ${name} in place`);
    // one element, its config inline, as the script build reads it before the page is parsed
    assert.equal(text.match(/<migu-consent /g)?.length, 1, file);
    // the header names the page it is on, and only that one (the policy page is not in the navigation)
    assert.deepEqual([...text.matchAll(/<a href="([\w.]+)" aria-current="page"/g)].map((m) => m[1]), file === 'privacy.html' ? [] : [file]);
  }
});

test('a new policy revision is published from a demo page only (its own Origin), and then every page carries it', async () => {
  const revisionOf = async (path) => /<migu-consent [^>]*revision="([^"]+)"/.exec((await raw(path)).text)?.[1];
  try {
    assert.equal(await revisionOf('/demo/music.html'), demo.policy.first);
    // another site's form or fetch, and a request with no Origin, change nothing
    for (const headers of [{ origin: 'http://evil.example' }, { origin: `http://evil.example:${port}` }, {}, { origin: 'null' }]) {
      assert.equal((await raw('/demo-api/policy', { method: 'POST', headers })).status, 403, JSON.stringify(headers));
    }
    assert.equal(demo.policy.revision, demo.policy.first);
    const published = await raw('/demo-api/policy', { method: 'POST', headers: { origin: `http://localhost:${port}` } });
    assert.equal(published.status, 200);
    assert.deepEqual(JSON.parse(published.text), { revision: '2026-02', first: '2026-01' });
    // pages served before from the transform cache carry the new one too
    for (const path of ['/demo/', '/demo/music.html', '/demo/privacy.html', '/demo/esm.html']) assert.equal(await revisionOf(path), '2026-02', path);
    assert.equal(JSON.parse((await raw('/demo-api/policy')).text).revision, '2026-02');
    assert.ok(lines.some((line) => line.includes('policy revision 2026-02 published')), lines.join('\n'));
  } finally {
    demo.policy.revision = demo.policy.first;
  }
});

test('a request for another host name is refused (DNS rebinding), its own names are answered', async () => {
  const refused = [];
  for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1`, `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`, `127.0.0.2:${port}`]) {
    for (const path of ['/demo/index.html', '/demo-trackers/pixel.gif']) {
      const { status } = await raw(path, { host });
      if (status !== 403) refused.push(`${host} ${path} -> ${status}`);
    }
  }
  assert.deepEqual(refused, []);
  const before = demo.receipts.length;
  assert.equal((await raw('/demo-api/receipts', { host: `evil.example:${port}`, method: 'POST', body: '{"receiptId":"x"}' })).status, 403);
  assert.equal(demo.receipts.length, before, 'a refused receipt is not recorded');
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
    assert.equal((await raw('/demo/index.html', { host })).status, 200, host);
  }
});

test('the demo pages and everything they load are still served, the ESM page with its bare imports', async () => {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed = [];
    const loaded = new Set();
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin !== demo.base) return;
      loaded.add(url.pathname);
      if (response.status() >= 400) failed.push(`${response.status()} ${url.pathname}`);
    });
    // a file still on its way when the test goes to the next page is cancelled by the navigation, not refused
    page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`failed ${r.url()}: ${r.failure()?.errorText}`); });
    page.on('pageerror', (e) => { failed.push(String(e)); });
    for (const file of ['index.html', 'music.html', 'video.html', 'privacy.html', 'esm.html']) {
      await page.goto(`${demo.base}/demo/${file}`);
      await page.locator('migu-consent').locator('[part~=banner]').waitFor({ state: 'visible' });
    }
    await page.goto(demo.base); // `/` redirects to the demo
    assert.equal(new URL(page.url()).pathname, '/demo/');
    await page.locator('migu-consent').locator('[part~=banner]').waitFor({ state: 'visible' });
    assert.deepEqual(failed, []);
    for (const path of ['/demo/demo.css', '/demo/demo.js', '/dist/migu-consent.iife.js', '/dist/migu-consent.ui.js', '/dist/index.js']) {
      assert.ok(loaded.has(path), `${path} loaded (${[...loaded].join(' ')})`);
    }
    assert.ok([...loaded].some((p) => p.startsWith('/node_modules/lit')), 'the ESM page loads lit from node_modules');
  } finally {
    await browser.close();
  }
});

test('what a page sends is logged without control characters: no escape sequence or line break reaches the terminal', async () => {
  lines.length = 0;
  const evil = '\x1b[2J\x1b[31mred\x1b]0;title\x07\r\nFAKE LINE\x00\x08\x9b31m\u202eevil';
  const receipt = {
    receiptId: `${evil}-id`, consentId: evil, revision: evil, source: evil, page: `http://x/${evil}`,
    categories: { [evil]: true, analytics: false }, services: { [`s${evil}`]: true },
  };
  assert.equal((await raw('/demo-api/receipts', { method: 'POST', body: JSON.stringify(receipt) })).status, 204);
  const click = await raw(`/demo-trackers/click?to=${encodeURIComponent(`/demo/${evil}`)}`);
  assert.equal(click.status, 302);
  assert.equal(lines.length, 2, lines.join('\n'));
  for (const line of lines) {
    assert.ok(!CONTROL.test(line) && !/[\u202a-\u202e]/.test(line), JSON.stringify(line));
    assert.match(line, /redFAKE LINE/, 'the printable text stays');
  }
  assert.match(lines[0], /^receipt .* rev .*redFAKE LINE.* \| page http:\/\/x\//);
  assert.match(lines[1], /^tracker click: redirect to \/demo\//);
});

/**
 * `node scripts/serve.mjs`, as `npm start` runs it after the build, with `env` added (PORT; DEMO_RECEIPTS, the
 * receipts folder, in a temporary folder here). `ready()` resolves once it says it serves, and fails if it exits first.
 */
function serveCli(env) {
  const child = spawn(process.execPath, [new URL('../scripts/serve.mjs', import.meta.url).pathname], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => { out.stdout += d; });
  child.stderr.on('data', (d) => { out.stderr += d; });
  const exited = new Promise((resolve) => { child.on('exit', (code, signal) => { resolve({ code, signal }); }); });
  const ready = () => within(new Promise((resolve, reject) => {
    const check = () => { if (/^migu-consent demo: http/m.test(out.stdout)) resolve(); };
    child.stdout.on('data', check);
    check();
    void exited.then(({ code }) => { reject(new Error(`exited (${code}) before serving: ${out.stderr}${out.stdout}`)); });
  }), 60_000, 'the demo to serve');
  return { child, out, exited, ready };
}

/** `promise`, or a failure after `ms` (a process that hangs fails the test instead of stalling it). */
function within(promise, ms, what) {
  let timer;
  const late = new Promise((resolve, reject) => { timer = setTimeout(() => { reject(new Error(`${what}: not within ${ms} ms`)); }, ms); });
  return Promise.race([promise, late]).finally(() => { clearTimeout(timer); });
}

/** Ports nothing listens on now (each taken here for a moment, then let go). */
async function freePorts(count) {
  const servers = [];
  for (let i = 0; i < count; i++) {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
  }
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => { server.close(resolve); })));
  return ports;
}

test('`npm start` on a port another program listens on: one line saying what to do, exit 1, the receipts database closed', async () => {
  const holder = createServer().listen(0, '127.0.0.1');
  await once(holder, 'listening');
  const { port } = holder.address();
  const folder = mkdtempSync(join(tmpdir(), 'demo-port-taken-'));
  const demo = serveCli({ PORT: String(port), DEMO_RECEIPTS: join(folder, 'demo-receipts') });
  try {
    const { code } = await within(demo.exited, 30_000, 'the demo to exit'); // it hung, its database open
    assert.equal(code, 1, demo.out.stderr);
    assert.match(demo.out.stderr, new RegExp(`^port ${port} is in use: set PORT to another port, e\\.g\\. PORT=\\d+ npm start\n$`));
    assert.equal(demo.out.stdout, '');
    assert.equal(existsSync(join(folder, 'demo-receipts', 'migu-receipts.lock')), false, 'no lock left: the database was closed');
  } finally {
    demo.child.kill('SIGKILL');
    holder.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a second demo on another port serves beside the first, its receipts in a folder of its own', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'demo-two-'));
  const receipts = join(folder, 'demo-receipts');
  const [first, second] = await freePorts(2);
  const demos = [];
  try {
    for (const port of [first, second]) {
      const demo = serveCli({ PORT: String(port), DEMO_RECEIPTS: receipts });
      demos.push(demo);
      await demo.ready();
    }
    for (const port of [first, second]) {
      const page = await fetch(`http://127.0.0.1:${port}/demo/`);
      assert.equal(page.status, 200, String(port));
      assert.match(await page.text(), /<migu-consent /);
      // each has its receipts collector (the real one, PGlite) open and answering
      const history = await (await fetch(`http://127.0.0.1:${port}/demo-api/receipts/history?consentId=abcdefgh12`)).json();
      assert.equal(history.collector, true, String(port));
    }
    assert.match(demos[0].out.stdout, new RegExp(`receipts stored in ${receipts}:`));
    assert.match(demos[1].out.stdout, new RegExp(`receipts stored in ${receipts}-${second}:`));
    assert.match(demos[1].out.stdout, new RegExp(`^${receipts} is in use by another demo`, 'm'));
    assert.equal(demos.map((d) => d.out.stderr).join(''), '');
  } finally {
    for (const demo of demos) demo.child.kill('SIGTERM');
    await within(Promise.all(demos.map((d) => d.exited)), 10_000, 'the demos to stop');
    rmSync(folder, { recursive: true, force: true });
  }
});
