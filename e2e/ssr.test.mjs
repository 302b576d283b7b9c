// Server-side rendering: Next.js, Nuxt, Vite SSR and Astro import the package in Node, where there is
// no DOM. Both entries are imported in a Node child process that has no DOM globals (as a server
// renders a page), and Lit's own server renderer (@lit-labs/ssr, the one Astro's Lit integration and
// @lit-labs/nextjs use) renders a page with both elements; the page it writes is then loaded with
// Lit's hydration support in Chromium as the browser of such an app would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { newTrackedPage } from './support.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MINUTE = 60_000;

/** Runs an ES module in a Node child process in `cwd`; its stdout, or the failure with its stderr. */
async function node(source, cwd = ROOT) {
  const result = await run(process.execPath, ['--input-type=module', '-e', source], { cwd, timeout: MINUTE }).catch((e) => e);
  assert.equal(result.code ?? 0, 0, `node failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

test('both entries import in Node without a DOM, and the API answers there as on a first visit', async () => {
  // by the package's own name (Node resolves it through `exports`, as in an app), `node`, `import`, `default`
  const out = await node(`
    const dom = ['window', 'document', 'HTMLElement', 'localStorage', 'location'].filter((k) => k in globalThis);
    const main = await import('migu-consent');
    const core = await import('migu-consent/core');
    const { consent } = main;
    const unbind = consent.subscribe(() => {});
    unbind();
    console.log(JSON.stringify({
      dom, main: Object.keys(main).sort(), core: Object.keys(core).length,
      get: consent.get(), granted: consent.isGranted('analytics'), beacon: consent.beacon('analytics', '/b'),
      signals: core.browserSignals(), errors: core.resolveConfig({ categories: [{ id: 'video' }] }).errors,
    }));
  `);
  const result = JSON.parse(out);
  assert.deepEqual(result.dom, [], 'the child had no DOM');
  assert.deepEqual(result.main, ['CHANGE_EVENT', 'MiguConsentElement', 'MiguConsentGateElement', 'READY_EVENT', 'consent', 'googleConsentMode', 'presets']);
  assert.ok(result.core > 10);
  assert.equal(result.get.decided, false);
  assert.deepEqual(result.get.categories, { necessary: true });
  assert.equal(result.granted, false);
  assert.equal(result.beacon, false);
  assert.deepEqual(result.signals, { dnt: false, gpc: false });
  assert.deepEqual(result.errors, []);

  // Node 21 and later have a global `navigator` (and no document): not taken for a browser
  const withNavigator = await node(`
    globalThis.navigator = { userAgent: 'Node.js/22', language: 'en-US', languages: ['en-US'], hardwareConcurrency: 2 };
    const { consent } = await import('migu-consent');
    const { browserSignals } = await import('migu-consent/core');
    console.log(JSON.stringify([consent.get().decided, browserSignals()]));
  `);
  assert.deepEqual(JSON.parse(withNavigator), [false, { dnt: false, gpc: false }]);
});

test('the core\'s ConsentRuntime without a document (React Native, a Node process): it decides, tells its target, and ends', async () => {
  const out = await node(`
    const logged = [];
    console.error = console.warn = (...args) => { logged.push(args.join(' ')); };
    const { ConsentRuntime, MemoryRecordStorage } = await import('migu-consent/core');
    const target = new EventTarget();
    const events = [];
    target.addEventListener('migu-consent-ready', (e) => { events.push(['ready', e.detail.decided]); });
    target.addEventListener('migu-consent-change', (e) => { events.push(['change', e.detail.state.categories.analytics]); });
    const storage = new MemoryRecordStorage();
    const runtime = new ConsentRuntime({ options: { revision: '2026-01' }, storage, target });
    runtime.announceReady();
    const prompt = runtime.store.prompt;
    runtime.store.acceptAll();
    await runtime.update({ analytics: false });
    runtime.dispose();
    // without a target, one of its own (there is no document to tell)
    const own = new ConsentRuntime({ storage: new MemoryRecordStorage() });
    own.dispose();
    console.log(JSON.stringify({ prompt, events, stored: typeof storage.read(), own: own.target instanceof EventTarget, logged }));
  `);
  // the child ended: dispose() closed what kept it running (its tab sync's BroadcastChannel)
  assert.deepEqual(JSON.parse(out), {
    prompt: true, events: [['ready', false], ['change', true], ['change', false]], stored: 'string', own: true, logged: [],
  });
});

test('under the `browser` condition (edge runtimes): the core imports and answers; the main entry fails inside Lit, as docs/npm-and-frameworks.md says', async () => {
  const conditions = ['--conditions=worker', '--conditions=browser'];
  const core = await run(process.execPath, [...conditions, '--input-type=module', '-e', `
    const core = await import('migu-consent/core');
    const store = new core.ConsentStore({ config: core.resolveConfig({}).config, storage: new core.MemoryRecordStorage(), signals: core.browserSignals() });
    console.log(JSON.stringify([store.get().decided, store.prompt]));
  `], { cwd: ROOT, timeout: MINUTE }).catch((e) => e);
  assert.equal(core.code ?? 0, 0, `migu-consent/core under the browser condition:\n${core.stderr}`);
  assert.deepEqual(JSON.parse(core.stdout), [false, true]);

  // Lit's browser build extends HTMLElement when it loads: the documented advice (build the server
  // for Node, or import the element in browser code) holds while this fails
  const main = await run(process.execPath, [...conditions, '--input-type=module', '-e', `await import('migu-consent');`], { cwd: ROOT, timeout: MINUTE }).catch((e) => e);
  assert.notEqual(main.code ?? 0, 0, 'the main entry imported under the browser condition: update docs/npm-and-frameworks.md');
  assert.match(main.stderr, /ReferenceError: HTMLElement is not defined/);
  assert.match(main.stderr, /node_modules\/@lit\/reactive-element\/reactive-element\.js/, 'it fails in Lit\'s browser build, before any code of ours runs');
});

let work;
let deps;
let browser;
before(async () => {
  // inside the repo, so that the app's lit is the repo's one (an app has one lit, shared with the package)
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  work = await mkdtemp(join(ROOT, '.tmp', 'ssr-'));
  deps = join(work, 'deps');
  await mkdir(deps);
  await writeFile(join(deps, 'package.json'), JSON.stringify({ name: 'ssr-deps', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error',
    '@lit-labs/ssr@^4', '@lit-labs/ssr-client@^1'], { cwd: deps, timeout: 4 * MINUTE });
  // their own copies of lit go: they resolve the repo's, as the package does
  for (const dir of ['lit', 'lit-html', 'lit-element', '@lit/reactive-element']) await rm(join(deps, 'node_modules', dir), { recursive: true, force: true });
});
after(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const CONFIG = { categories: [{ id: 'video', label: { en: 'Video' }, services: [{ id: 'player', name: 'Embedded player' }] }] };

test('Lit\'s server renderer renders a page with both elements without throwing; the browser upgrades them', { timeout: 6 * MINUTE }, async () => {
  const ssr = join(deps, 'node_modules/@lit-labs/ssr');
  await writeFile(join(work, 'render.mjs'), `
    import { render } from ${JSON.stringify(join(ssr, 'index.js'))};
    import { collectResult } from ${JSON.stringify(join(ssr, 'lib/render-result.js'))};
    import { html } from 'lit';
    import 'migu-consent';
    // the JSON child written into the template (Lit renders no expression inside a <script>)
    console.log(await collectResult(render(html\`<migu-consent revision="2026-01" policy-url="/privacy" lang="en"><script type="application/json">${JSON.stringify(CONFIG)}</script></migu-consent>
<migu-consent-gate category="video" service="player"><template><iframe src="https://player.example/embed/42" title="MV"></iframe></template></migu-consent-gate>
<button data-consent-open>Privacy settings</button>\`)));
  `);
  const server = await node(`await import(${JSON.stringify(join(work, 'render.mjs'))});`);
  // the consent UI depends on the visitor's stored choice, which the server cannot know: the tags pass
  // through as written, light DOM and all, with no server-rendered shadow root to hydrate
  assert.match(server, /<migu-consent revision="2026-01" policy-url="\/privacy" lang="en"><script type="application\/json">\{"categories"/);
  assert.match(server, /<migu-consent-gate category="video" service="player"><template><iframe src="https:\/\/player\.example\/embed\/42"/);
  assert.doesNotMatch(server, /shadowroot/);

  const client = await build({
    stdin: { contents: `import ${JSON.stringify(join(deps, 'node_modules/@lit-labs/ssr-client/lit-element-hydrate-support.js'))};\nimport 'migu-consent';\n`, resolveDir: work },
    bundle: true, write: false, format: 'esm', target: 'es2022', absWorkingDir: work, logLevel: 'silent',
    alias: { 'migu-consent': join(ROOT, 'dist/index.js') },
  });
  const page = `<!doctype html><html lang="en"><body>${server}<script type="module" src="/app.js"></script></body></html>`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const { context, page: tab, errors, tracker } = await newTrackedPage(browser);
  const player = [];
  try {
    await context.route('https://player.example/**', (route) => {
      player.push(route.request().url());
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><p>player</p>' });
    });
    await context.route('http://app.test/**', (route) => (new URL(route.request().url()).pathname === '/app.js'
      ? route.fulfill({ contentType: 'text/javascript', body: client.outputFiles[0].text })
      : route.fulfill({ contentType: 'text/html; charset=utf-8', body: page })));
    tab.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
    await tab.goto('http://app.test/');
    await tab.locator('migu-consent [part="banner"]').waitFor({ state: 'visible' });
    const gate = tab.locator('migu-consent-gate');
    await gate.locator('[part="placeholder"]').waitFor({ state: 'visible' });
    await tab.getByRole('button', { name: 'Privacy settings' }).click();
    const dialog = tab.locator('migu-consent [part="preferences"]');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.locator('input[role="switch"][name="video"]').count(), 1, 'the config in the server-written JSON child applies');
    await dialog.locator('[part="reject-all"]').click();
    assert.deepEqual(player, [], 'nothing of the embed before its own consent');
    await gate.locator('[part="allow"]').click();
    await tab.waitForFunction(() => document.querySelector('migu-consent-gate iframe[src^="https://player.example/"]'));
    assert.deepEqual(tracker, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
