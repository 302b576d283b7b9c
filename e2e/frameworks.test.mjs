// The docs' React and Vue snippets, run as written. Each is cut out of docs/npm-and-frameworks.md and
// completed only with what it leaves to the reader (the ForYou and Popular components, a
// site config and the mount). The React one is type-checked strictly against @types/react;
// the Vue one goes through Vue's own SFC compiler with the `isCustomElement` option the
// README gives. Both are bundled with esbuild against this repo's npm build (dist/) and used
// in Chromium as a visitor would: banner, preferences from the app's button, a choice the
// component sees, an embed requested only once allowed, and a returning visitor. Both are also
// server-rendered (react-dom/server, vue/server-renderer) and hydrated, for a first visit and returning
// visitors: no hydration error, the stored choice shown, the embed inert until allowed. The
// server-rendered React snippet is rendered and hydrated too; a server-rendered Vue app shows that
// the config its hydration sets on the started element applies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { parse, compileScript } from 'vue/compiler-sfc';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { newTrackedPage } from './support.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const APP = 'http://app.test/';

/** The one fenced block of `lang` in the page that follows `heading`. */
function snippet(readme, heading, lang) {
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `docs/npm-and-frameworks.md has "${heading}"`);
  const block = readme.slice(at).match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
  assert.ok(block, `a \`\`\`${lang} block follows "${heading}"`);
  return block[1];
}

/**
 * A site config with a category of its own: it shows in the preferences only if the config reached
 * the element. Its `<` must stay text, also through the server-rendered JSON child, and its RegExp a pattern
 * (JSON.stringify alone writes one as `{}`, and the whole config is then refused).
 */
const SITE_CONFIG = `{
  categories: [{ id: 'video', label: { 'zh-CN': '视频', en: 'Video <HD>' }, services: [
    { id: 'player', name: 'Embedded player', cookies: ['demo_video_id', /^demo_video_s_/] },
  ] }],
}`;

let work;
let browser;
/** What app.test serves per app: its page and its bundle. */
const apps = {};
const SHELL = '<!doctype html><html lang="en"><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>';
before(async () => {
  const readme = await readFile(join(ROOT, 'docs/npm-and-frameworks.md'), 'utf8');
  // inside the repo, so that `react`, `vue` and `migu-consent` (the package's own name) resolve as in an app
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  work = await mkdtemp(join(ROOT, '.tmp', 'frameworks-'));
  const options = {
    bundle: true, write: false, format: 'esm', target: 'es2022', absWorkingDir: work, logLevel: 'silent',
    alias: { 'migu-consent': join(ROOT, 'dist/index.js') },
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
  };
  /** A server-rendered app: `server` (its `render()` run in node) inside the page, `client` hydrating it. */
  const serverRendered = async (server, client) => {
    const outfile = join(work, server.replace(/\.tsx?$/, '.cjs'));
    await build({ ...options, entryPoints: [join(work, server)], jsx: 'automatic', platform: 'node', format: 'cjs', write: true, outfile });
    const html = await createRequire(import.meta.url)(outfile).render();
    const js = (await build({ ...options, entryPoints: [join(work, client)], jsx: 'automatic' })).outputFiles[0].text;
    return { html: SHELL.replace('<div id="root"></div>', `<div id="root">${html}</div>`), js, server: html };
  };
  /** A Vue app whose `<name>-app.ts` exports `make()`: rendered by vue/server-renderer, mounted in the page. */
  const vueServerRendered = async (name) => {
    await writeFile(join(work, `${name}-server.ts`), `import { renderToString } from 'vue/server-renderer';
import { make } from './${name}-app.ts';
export const render = () => renderToString(make());
`);
    await writeFile(join(work, `${name}-client.ts`), `import { make } from './${name}-app.ts';
make().mount('#root');
`);
    return serverRendered(`${name}-server.ts`, `${name}-client.ts`);
  };

  // React: the snippet as its own module, plus the two components it leaves to the reader
  await writeFile(join(work, 'snippet.tsx'), `${snippet(readme, 'React 19 (custom elements', 'tsx')}
function ForYou() { return <p id="for-you">For you</p>; }
function Popular() { return <p id="popular">Popular</p>; }
`);
  await writeFile(join(work, 'react-main.tsx'), `import { createRoot } from 'react-dom/client';
import type { SiteConfig } from 'migu-consent';
import { App } from './snippet.js';
const siteConfig: SiteConfig = ${SITE_CONFIG};
createRoot(document.getElementById('root')!).render(<App siteConfig={siteConfig} />);
`);
  // type-checked only: every attribute of docs/attributes.md with the snippet's JSX declaration, and a ref
  await writeFile(join(work, 'react-attributes.tsx'), `import { useRef } from 'react';
import type { MiguConsentElement, SiteConfig } from 'migu-consent';
import './snippet.js';
export function Attributes({ siteConfig }: { siteConfig: SiteConfig }) {
  const ref = useRef<MiguConsentElement>(null);
  return <>
    <migu-consent ref={ref} revision="2026-01" policy-url="/privacy" cookie-name="c" cookie-domain=".example.cn" expires-days={180}
      lang="en" dnt="ignore" receipt-endpoint="/consent-receipts" revoke="none" server-signals="dnt gpc" minor config={siteConfig} />
    {/* @ts-expect-error the attributes are typed: dnt is respect or ignore */}
    <migu-consent dnt="sometimes" />
    <migu-consent-gate category="marketing" service="player"><template /></migu-consent-gate>
  </>;
}
`);
  await writeFile(join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', jsx: 'react-jsx', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      strict: true, noUnusedLocals: true, noUnusedParameters: true, exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true, isolatedModules: true, noEmit: true, skipLibCheck: false, types: [],
      paths: { 'migu-consent': [join(ROOT, 'dist/index.d.ts')] },
    },
    files: ['react-main.tsx', 'react-attributes.tsx', 'ssr-server.tsx', 'ssr-client.tsx', 'react-ssr-server.tsx', 'react-ssr-client.tsx'],
  }));
  const react = await build({ ...options, entryPoints: [join(work, 'react-main.tsx')], jsx: 'automatic' });
  apps.react = { html: SHELL, js: react.outputFiles[0].text };

  // the React snippet's App server-rendered (renderToString) and hydrated, as Next.js or Remix do; the
  // client reports every error React recovers from (a hydration mismatch) in the console
  await writeFile(join(work, 'react-ssr-server.tsx'), `import { renderToString } from 'react-dom/server';
import type { SiteConfig } from 'migu-consent';
import { App } from './snippet.js';
const siteConfig: SiteConfig = ${SITE_CONFIG};
export const render = () => renderToString(<App siteConfig={siteConfig} />);
`);
  await writeFile(join(work, 'react-ssr-client.tsx'), `import { hydrateRoot } from 'react-dom/client';
import type { SiteConfig } from 'migu-consent';
import { App } from './snippet.js';
const siteConfig: SiteConfig = ${SITE_CONFIG};
hydrateRoot(document.getElementById('root')!, <App siteConfig={siteConfig} />, {
  onRecoverableError: (error) => { console.error(\`recoverable: \${String(error)}\`); },
});
`);
  apps.reactSsr = await serverRendered('react-ssr-server.tsx', 'react-ssr-client.tsx');

  // server-rendered React: the README's JSON-child component, rendered by react-dom/server, then hydrated
  await writeFile(join(work, 'ssr-snippet.tsx'), snippet(readme, 'Server-rendered React (', 'tsx'));
  await writeFile(join(work, 'ssr-page.tsx'), `import { consent } from 'migu-consent';
import type { SiteConfig } from 'migu-consent';
import { ConsentManager } from './ssr-snippet.js';
const siteConfig: SiteConfig = ${SITE_CONFIG};
export function Page() {
  return <><ConsentManager siteConfig={siteConfig} /><button onClick={() => { consent.showPreferences(); }}>隐私设置</button></>;
}
`);
  await writeFile(join(work, 'ssr-server.tsx'), `import { renderToString } from 'react-dom/server';
import { Page } from './ssr-page.js';
export const render = () => renderToString(<Page />);
`);
  await writeFile(join(work, 'ssr-client.tsx'), `import { hydrateRoot } from 'react-dom/client';
import { Page } from './ssr-page.js';
hydrateRoot(document.getElementById('root')!, <Page />);
`);
  apps.ssr = await serverRendered('ssr-server.tsx', 'ssr-client.tsx');

  // Vue: the single-file component through Vue's compiler, with the README's compiler option
  const vueSource = snippet(readme, 'Vue 3: tell', 'vue');
  // as @vitejs/plugin-vue passes `template.compilerOptions`: to the parser too, which tells elements from components
  const compilerOptions = { isCustomElement: (tag) => tag.startsWith('migu-') };
  const { descriptor, errors } = parse(vueSource, { filename: 'Consent.vue', templateParseOptions: compilerOptions });
  assert.deepEqual(errors, [], 'the Vue snippet parses');
  const compiled = compileScript(descriptor, { id: 'consent', inlineTemplate: true, templateOptions: { compilerOptions } });
  assert.doesNotMatch(compiled.content, /resolveComponent\("migu-/, 'the migu- tags are custom elements, not components');
  await writeFile(join(work, 'Consent.vue.ts'), compiled.content);
  await writeFile(join(work, 'vue-main.ts'), `import { createApp, h } from 'vue';
import type { SiteConfig } from 'migu-consent';
import Consent from './Consent.vue.ts';
const siteConfig: SiteConfig = ${SITE_CONFIG};
createApp(Consent, { siteConfig })
  .component('ForYou', { render: () => h('p', { id: 'for-you' }, 'For you') })
  .component('Popular', { render: () => h('p', { id: 'popular' }, 'Popular') })
  .mount('#root');
`);
  const vue = await build({ ...options, entryPoints: [join(work, 'vue-main.ts')] });
  apps.vue = { html: SHELL, js: vue.outputFiles[0].text };

  // the same component server-rendered (Nuxt): renderToString, then hydrated by createSSRApp
  await writeFile(join(work, 'vue-sfc-app.ts'), `import { createSSRApp, h } from 'vue';
import type { SiteConfig } from 'migu-consent';
import Consent from './Consent.vue.ts';
const siteConfig: SiteConfig = ${SITE_CONFIG};
export const make = () => createSSRApp(Consent, { siteConfig })
  .component('ForYou', { render: () => h('p', { id: 'for-you' }, 'For you') })
  .component('Popular', { render: () => h('p', { id: 'popular' }, 'Popular') });
`);
  apps.vueSfcSsr = await vueServerRendered('vue-sfc');

  // server-rendered Vue: the server cannot render a property, so hydration sets `.config` on an element
  // that has already started (the import defined it first); a render function, as the SFC compiles to
  await writeFile(join(work, 'vue-ssr-app.ts'), `import { createSSRApp, h } from 'vue';
import { consent } from 'migu-consent';
import type { SiteConfig } from 'migu-consent';
const siteConfig: SiteConfig = ${SITE_CONFIG};
export const make = () => createSSRApp({
  render: () => [
    h('migu-consent', { revision: '2026-01', 'policy-url': '/privacy', '.config': siteConfig }),
    h('button', { onClick: () => { consent.showPreferences(); } }, '隐私设置'),
  ],
});
`);
  apps.vueSsr = await vueServerRendered('vue-ssr');

  // islands on a page with the script tag: each renders its <migu-consent> with the config as a property while the
  // page is parsed (docs/script-tag.md: before DOMContentLoaded), where the first stage's class is the element's
  const ISLAND = '<!doctype html><html lang="en"><head><script src="/dist/migu-consent.iife.js"></script></head><body><div id="root"></div><script src="/app.js"></script><p>after the island</p></body></html>';
  await writeFile(join(work, 'island-react.tsx'), `import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
const siteConfig = ${SITE_CONFIG};
const root = createRoot(document.getElementById('root'));
flushSync(() => { root.render(<migu-consent config={siteConfig} revision="2026-01" policy-url="/privacy" />); });
`);
  await writeFile(join(work, 'island-vue.ts'), `import { createApp, h } from 'vue';
const siteConfig = ${SITE_CONFIG};
createApp({ render: () => h('migu-consent', { config: siteConfig, revision: '2026-01', 'policy-url': '/privacy' }) }).mount('#root');
`);
  for (const name of ['react', 'vue']) {
    const entry = join(work, name === 'react' ? 'island-react.tsx' : 'island-vue.ts');
    const js = (await build({ ...options, entryPoints: [entry], jsx: 'automatic', format: 'iife' })).outputFiles[0].text;
    apps[`${name}Island`] = { html: ISLAND, js };
  }

  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test('the React snippet type-checks strictly against @types/react and the npm build\'s types', async () => {
  const result = await run(process.execPath, [TSC, '-p', work], { cwd: work }).catch((e) => e);
  assert.equal(result.code ?? 0, 0, `tsc:\n${result.stdout}${result.stderr}`);
});

/** The app page at a made-up origin, its bundle answered from memory; console errors and warnings are collected. */
async function appPage(framework) {
  const tracked = await newTrackedPage(browser);
  const { context, page, errors } = tracked;
  // the snippets' embedded player: answered here (routes added later win), every request recorded
  tracked.player = [];
  await context.route('https://player.example/**', (route) => {
    tracked.player.push(route.request().url());
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><p>player</p>' });
  });
  await context.route(`${APP}**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === '/app.js') return route.fulfill({ contentType: 'text/javascript', body: apps[framework].js });
    if (pathname.startsWith('/dist/migu-consent.')) return route.fulfill({ path: join(ROOT, pathname) });
    return route.fulfill({ contentType: 'text/html; charset=utf-8', body: apps[framework].html });
  });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  return tracked;
}

async function expectEventually(check, message, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(message());
    await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
}

for (const framework of ['react', 'vue']) {
  test(`${framework}: the snippet shows the banner, opens the preferences with the site config, and sees a choice and a returning visitor`, async () => {
    const { context, page, errors, player } = await appPage(framework);
    try {
      await page.addInitScript(() => { document.addEventListener('migu-consent-ready', (e) => { window.__readyRevision = e.detail.revision; }); });
      await page.goto(APP);
      const banner = page.locator('migu-consent [part="banner"]');
      await banner.waitFor({ state: 'visible' });
      // the framework sets `revision` as a property (the element has one), before it connects
      assert.equal(await page.evaluate(() => window.__readyRevision), '2026-01', 'the snippet\'s revision is the runtime\'s from the start');
      assert.equal(await page.locator('#popular').count(), 1, 'without consent the component renders Popular');
      assert.equal(await page.locator('#for-you').count(), 0);
      const gate = page.locator('migu-consent-gate');
      await gate.locator('[part="placeholder"]').waitFor({ state: 'visible' });

      // the app's own button (consent.showPreferences()); the site's own category is there: `config` reached the element
      const dialog = await openPreferences(page);
      assert.equal(await dialog.locator('input[role="switch"][name="video"]').count(), 1, 'the config property\'s category is in the preferences');
      await dialog.locator('input[name="personalization"]').check();
      await dialog.locator('[part="save"]').click();
      await page.locator('#for-you').waitFor();
      assert.equal(await page.locator('#popular').count(), 0, 'the component follows the choice without a reload');
      assert.equal(await banner.isVisible(), false);

      // the embed: nothing requested until its own button grants marketing, then stamped and loaded
      assert.deepEqual(player, [], 'no player request before consent');
      await gate.locator('[part="allow"]').click();
      await page.waitForFunction(() => document.querySelector('migu-consent-gate iframe[src^="https://player.example/"]'));
      await expectEventually(() => player.length === 1, () => `the player loads once: ${player.join(', ')}`);

      // a returning visitor: the stored choice is read when the component mounts
      await page.reload();
      await page.locator('#for-you').waitFor();
      await page.waitForFunction(() => window.document.querySelector('migu-consent')?.shadowRoot);
      assert.equal(await banner.isVisible(), false, 'no banner for a returning visitor');
      await page.waitForFunction(() => document.querySelector('migu-consent-gate iframe'));
      await expectEventually(() => player.length === 2, () => `the returning visitor's player loads without a click: ${player.join(', ')}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

/**
 * A server-rendered app of a docs snippet (App.tsx, Consent.vue) for a first visit, then a returning visitor
 * with personalization only, then one who allowed everything: every hydration without an error (the
 * React client reports what it recovers from in the console, Vue logs mismatches there), the
 * component shows the stored choice right after it, and the embed loads only once allowed.
 */
/** Opens the preferences from the app's own button (consent.showPreferences()); the visible dialog. */
async function openPreferences(page) {
  await page.getByRole('button', { name: '隐私设置' }).click();
  const dialog = page.locator('migu-consent [part="preferences"]');
  await dialog.waitFor({ state: 'visible' });
  return dialog;
}

async function serverRenderedVisits(app) {
  // the server cannot know the visitor's choice: it renders the first visit
  assert.match(apps[app].server, /id="popular"/, `the server rendered Popular: ${apps[app].server}`);
  const { context, page, errors, player } = await appPage(app);
  const showsForYou = () => page.locator('#for-you').waitFor({ timeout: 5000 }).catch(async (e) => {
    throw new Error(`${String(e)}\nerrors: ${errors.join('\n')}\nthe app: ${await page.locator('#root').innerHTML()}`);
  });
  try {
    await page.goto(APP);
    await page.locator('migu-consent [part="banner"]').waitFor({ state: 'visible' });
    const dialog = await openPreferences(page);
    // personalization only: what ForYou needs; the marketing gate's embed stays a placeholder
    await dialog.locator('input[name="personalization"]').check();
    await dialog.locator('[part="save"]').click();
    await showsForYou();
    await page.locator('migu-consent-gate [part="placeholder"]').waitFor({ state: 'visible' });
    assert.deepEqual(player, [], 'no player request without marketing');
    assert.deepEqual(errors, [], 'a first visit hydrates cleanly');

    // a returning visitor: the consent cookie is read in the browser, before the app hydrates
    await page.reload();
    await page.waitForFunction(() => document.querySelector('migu-consent')?.shadowRoot);
    await showsForYou();
    await page.locator('migu-consent-gate [part="placeholder"]').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#popular').count(), 0, 'after hydration the component shows the stored choice');
    assert.equal(await page.locator('migu-consent').count(), 1, 'hydrated, not rendered again');
    assert.deepEqual(player, [], 'no player request without marketing');
    assert.deepEqual(errors, [], 'no hydration mismatch for a returning visitor');

    // everything allowed: the returning visitor's embed loads at once, also where the app hydrates
    await openPreferences(page);
    await dialog.locator('[part="accept-all"]').click();
    await expectEventually(() => player.length === 1, () => `the player loads once allowed: ${player.join(', ')}`);
    await page.reload();
    await showsForYou();
    await expectEventually(() => player.length === 2, () => `the returning visitor's player loads: ${player.join(', ')}; errors: ${errors.join('\n')}`);
    assert.equal(await page.locator('migu-consent-gate iframe').count(), 1, 'one player');
    assert.deepEqual(errors, [], 'no hydration mismatch for a returning visitor whose embed is shown');
  } finally {
    await context.close();
  }
}

test('server-rendered React: the snippet\'s App hydrates each visit without a mismatch and shows the stored choice', () => serverRenderedVisits('reactSsr'));

test('server-rendered Vue: the snippet hydrates each visit without a mismatch, shows the stored choice, and keeps the embed inert', () => serverRenderedVisits('vueSfcSsr'));

test('server-rendered React: the config the README puts in the JSON child survives hydration, `<` escaped', async () => {
  assert.match(apps.ssr.server, /<migu-consent [^>]*><script type="application\/json">[^<]*Video \\u003cHD>/, `the server wrote the config: ${apps.ssr.server}`);
  const { context, page, errors } = await appPage('ssr');
  try {
    await page.goto(APP);
    await page.locator('migu-consent [part="banner"]').waitFor({ state: 'visible' });
    const dialog = await openPreferences(page);
    assert.equal(await dialog.locator('input[role="switch"][name="video"]').count(), 1, 'the site\'s own category is in the preferences');
    assert.match(await dialog.textContent(), /Video <HD>/, 'its label is text');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('server-rendered Vue: the config that hydration sets on the started element applies', async () => {
  assert.match(apps.vueSsr.server, /<migu-consent revision="2026-01" policy-url="\/privacy"><\/migu-consent>/, `no config in the server's HTML: ${apps.vueSsr.server}`);
  const { context, page, errors } = await appPage('vueSsr');
  try {
    await page.goto(APP);
    await page.locator('migu-consent [part="banner"]').waitFor({ state: 'visible' });
    assert.equal(await page.locator('migu-consent').count(), 1, 'hydrated, not rendered again');
    const dialog = await openPreferences(page);
    assert.equal(await dialog.locator('input[role="switch"][name="video"]').count(), 1, 'the site\'s own category is in the preferences');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const framework of ['react', 'vue']) {
  test(`${framework} island on a page with the script tag: the config it sets as a property reaches the first stage and the UI, first visit and returning`, async () => {
    const { context, page, errors } = await appPage(`${framework}Island`);
    try {
      await page.goto(APP);
      await page.locator('migu-consent [part="banner"]').waitFor({ state: 'visible' });
      const element = () => page.evaluate(() => {
        const el = document.querySelector('migu-consent');
        return { count: document.querySelectorAll('migu-consent').length, attribute: el.getAttribute('config'), categories: Object.keys(window.MiguConsent.get().categories) };
      });
      // React 19 and Vue set a property only where the element has one: before the UI, the first stage's element
      assert.deepEqual(await element(), { count: 1, attribute: null, categories: ['necessary', 'functional', 'analytics', 'personalization', 'marketing', 'video'] });
      await page.evaluate(() => { window.MiguConsent.showPreferences(); });
      const dialog = page.locator('migu-consent [part="preferences"]');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await dialog.locator('input[role="switch"][name="video"]').count(), 1, 'the site\'s own category is in the preferences');
      await dialog.locator('input[name="video"]').check();
      await dialog.locator('[part="save"]').click();
      await page.waitForFunction(() => window.MiguConsent.get().decided);

      // a returning visitor: the first stage alone reads the choice with the island's config
      await page.reload();
      await page.waitForFunction(() => window.MiguConsent.get().decided);
      const state = await page.evaluate(() => window.MiguConsent.get().categories);
      assert.deepEqual([state.video, state.marketing], [true, false], 'the choice under the config the island set');
      assert.equal(await page.locator('migu-consent [part="banner"]').count(), 0, 'no banner for a returning visitor');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('on a GBK page whose server sends scripts without a charset: an app bundle that keeps the texts in UTF-8 is misread; served with charset=utf-8, or written in ASCII, it shows the banner and the dialog (docs/npm-and-frameworks.md)', async () => {
  // the app's own bundle: the npm build's Chinese texts go in as they are (webpack's terser and Vite write them
  // in UTF-8, `charset: 'utf8'` here); esbuild's default writes them as \u escapes (`charset: 'ascii'`)
  await writeFile(join(work, 'encoding.js'), `import 'migu-consent';
const element = document.createElement('migu-consent');
element.setAttribute('policy-url', 'https://example.com/privacy');
document.body.append(element);
`);
  const bundle = async (charset) => (await build({
    entryPoints: [join(work, 'encoding.js')], bundle: true, write: false, format: 'iife', target: 'es2022', minify: true, charset,
    absWorkingDir: work, logLevel: 'silent', alias: { 'migu-consent': join(ROOT, 'dist/index.js') },
  })).outputFiles[0].text;
  const utf8 = await bundle('utf8');
  const ascii = await bundle('ascii');
  assert.match(utf8, /[\u4e00-\u9fff]/, 'the UTF-8 bundle carries the texts as they are');
  // (what esbuild cannot escape: a character written in a Lit template, whose raw text it keeps)
  assert.doesNotMatch(ascii, /[^\t\n\r\x20-\x7e]/, 'the ASCII bundle has no other byte');
  // a classic script, as webpack writes them: a module script is always read as UTF-8
  /** The GBK page with `js` as its script, served as `contentType`: its encoding, its banner and dialog, what was thrown. */
  const shown = async (js, contentType) => {
    const { context, page, errors } = await newTrackedPage(browser);
    await context.route(`${APP}**`, (route) => (new URL(route.request().url()).pathname === '/app.js'
      ? route.fulfill({ contentType, body: Buffer.from(js, 'utf8') })
      : route.fulfill({ contentType: 'text/html; charset=gbk', body: '<!doctype html><html lang="zh-CN"><head><meta charset="gbk"></head><body><script src="/app.js"></script></body></html>' })));
    const loaded = page.waitForResponse(`${APP}app.js`);
    await page.goto(APP);
    await loaded;
    const seen = { characterSet: await page.evaluate(() => document.characterSet) };
    seen.banner = await page.locator('migu-consent [part=banner]').innerText({ timeout: 5000 }).catch(() => undefined);
    if (seen.banner !== undefined) {
      await page.locator('migu-consent [part=banner] [part=customize]').click();
      seen.dialog = await page.locator('migu-consent [part=preferences] .hd').innerText();
    }
    seen.errors = errors;
    await context.close();
    return seen;
  };
  const served = await shown(utf8, 'text/javascript; charset=utf-8');
  assert.equal(served.characterSet, 'GBK');
  assert.match(served.banner ?? '', /[\u4e00-\u9fff]/, 'served with its charset: the banner in Chinese');
  assert.deepEqual(served.errors, []);
  const written = await shown(ascii, 'text/javascript');
  assert.match(served.dialog, /\u00d7/, 'the dialog\'s close button');
  assert.equal(written.banner, served.banner, 'written in ASCII: the same banner without a charset');
  assert.equal(written.dialog, served.dialog, 'and the same dialog, its close button included');
  assert.deepEqual(written.errors, []);
  // neither: the bundle is read as GBK, its texts garbled, or (as a webpack bundle was) not parsed at all
  const neither = await shown(utf8, 'text/javascript');
  assert.notEqual(neither.banner, served.banner);
});
