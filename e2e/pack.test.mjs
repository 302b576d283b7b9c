// What `npm publish` would ship, proven from the outside: `npm pack` (its prepack builds),
// the tarball's file list, then the tarball installed into a throwaway app that type-checks
// both entries under strict settings and bundles them with one copy of lit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const MINUTE = 60_000;

let work;
let pack; // npm pack's report: { filename, files: [{ path }] }
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'migu-consent-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: ROOT, timeout: 4 * MINUTE, maxBuffer: 64 * 1024 * 1024,
  });
  // the prepack build's tools also write to stdout: the report is the JSON array at the end
  const start = stdout.search(/^\[\s*\{/m);
  assert.ok(start >= 0, `npm pack printed no JSON report:\n${stdout.slice(-2000)}`);
  [pack] = JSON.parse(stdout.slice(start));
});
after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('the tarball holds the builds, types, manifest, README and licence, and nothing of the repo besides', { timeout: 5 * MINUTE }, async () => {
  const files = pack.files.map((f) => f.path);
  for (const required of [
    'package.json', 'README.md', 'LICENSE', 'custom-elements.json',
    'dist/index.js', 'dist/index.d.ts', 'dist/headless.js', 'dist/headless.d.ts',
    'dist/migu-consent.iife.js', 'dist/migu-consent.ui.js',
  ]) assert.ok(files.includes(required), `${required} is shipped`);
  const stray = files.filter((f) => /^(src|test|demo|e2e|scripts|bench|node_modules|coverage|\.tmp|\.ci)\//.test(f)
    || /\.map$/.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) || /^(tsconfig|rollup|eslint|web-test-runner)/.test(f));
  assert.deepEqual(stray, []);

  // every `exports` target is in the tarball, and the shipped ESM is closed under its relative imports
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  for (const target of targets) assert.ok(files.includes(posix.normalize(target)), `exports target ${target} is shipped`);
  const shipped = new Set(files);
  const missing = [];
  for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f) && !f.endsWith('.iife.js') && !f.endsWith('.ui.js'))) {
    const source = await readFile(join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/(?:from\s*|import\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = posix.join(posix.dirname(file), m[1]);
      const candidates = file.endsWith('.d.ts') ? [target.replace(/\.js$/, '.d.ts'), target] : [target];
      if (!candidates.some((c) => shipped.has(c))) missing.push(`${file} -> ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);

  // no sourcemap is shipped, so no shipped file may name one: bundlers and devtools warn of each
  const namingMaps = [];
  for (const file of files.filter((f) => /\.(js|mjs|d\.ts|d\.mts)$/.test(f))) {
    if (/[#@]\s*sourceMappingURL=/.test(await readFile(join(ROOT, file), 'utf8'))) namingMaps.push(file);
  }
  assert.deepEqual(namingMaps, [], 'shipped files naming a sourcemap that is not shipped');

  // every sideEffects entry names shipped files (a stale one keeps nothing from being shaken out)
  const glob = (pattern) => new RegExp(`^${pattern.replace(/^\.\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  for (const pattern of pkg.sideEffects) assert.ok(files.some((f) => glob(pattern).test(f)), `sideEffects entry ${pattern} matches a shipped file`);

  // the README's and the command line's references into docs/ resolve inside the package
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const cli = (await Promise.all(files.filter((f) => /^(bin|node)\/.*\.mjs$/.test(f)).map((f) => readFile(join(ROOT, f), 'utf8')))).join('\n');
  const docs = new Set([...`${readme}\n${cli}`.matchAll(/\bdocs\/[\w-]+\.md\b/g)].map((m) => m[0]));
  assert.ok(docs.size > 5, `the README links its docs pages (found ${docs.size})`);
  assert.deepEqual([...docs].filter((d) => !shipped.has(d)), [], 'docs pages referenced but not shipped');
});

test('an app installs the tarball, type-checks both entries strictly and bundles one copy of lit', { timeout: 8 * MINUTE }, async () => {
  const app = join(work, 'app');
  await mkdir(join(app, 'src'), { recursive: true });
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }));
  // one install, from the npm cache when it can: the package and lit, which the app also uses itself
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error',
    join(work, pack.filename), 'lit@^3', '@types/node@^20'], { cwd: app, timeout: 4 * MINUTE });
  // the server entry runs from the install too: withdrawnCookies takes the package's own core from dist/
  const { stdout: server } = await run(process.execPath, ['--input-type=module', '-e',
    "import { withdrawnCookies } from 'migu-consent/server'; console.log(JSON.stringify(withdrawnCookies({ config: { categories: [{ id: 'analytics', services: [{ id: 's', name: 'S', vendor: 'V', purpose: 'P', cookies: ['sid'] }] }] } }).check({ cookie: 'sid=1; other=2' }).names));"],
  { cwd: app, timeout: MINUTE });
  assert.equal(server.trim(), '["sid"]');

  await writeFile(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true,
      // the package's own declarations are checked too, not only the app's use of them
      skipLibCheck: false, outDir: 'build', rootDir: 'src', types: [],
    },
    include: ['src'],
  }));
  await writeFile(join(app, 'src/app.ts'), `
import { consent, MiguConsentElement, CHANGE_EVENT } from 'migu-consent';
import type { ChangeDetail, ConsentState, SiteConfig } from 'migu-consent';
import { LitElement, html } from 'lit';

const config: SiteConfig = {
  categories: [{ id: 'analytics', label: { 'zh-CN': '统计', en: 'Analytics' },
    services: [{ id: 'stats', name: 'Stats', cookies: ['_ga', /^_ga_/], crossBorder: { recipient: 'Example Inc.' } }] }],
};
const element = document.createElement('migu-consent'); // typed through HTMLElementTagNameMap
element.config = config;
element.dnt = 'ignore';
element.revoke = 'none';
// @ts-expect-error the option properties are typed as their attributes: dnt is respect or ignore
element.dnt = 'maybe';
// @ts-expect-error and revoke is reload or none
element.revoke = 'sometimes';
const asClass: MiguConsentElement = element;
document.body.append(asClass);
document.addEventListener('migu-consent-change', (event) => {
  const detail: ChangeDetail = event.detail; // typed through DocumentEventMap
  console.log(detail.granted.join(), detail.revoked.length, CHANGE_EVENT);
});
const state: ConsentState = consent.get();
const analytics: boolean = consent.isGranted('analytics', 'stats');
void consent.whenGranted('analytics').then(() => consent.setCookie('analytics', '_ga', '1'));
const unbind: () => void = consent.subscribe(({ state: next }) => { console.log(next.source); });
// @ts-expect-error the API is typed, not any: there is no such method
consent.acceptEverything();

/** The app's own Lit element: it must share the package's lit. */
export class AppShell extends LitElement {
  override render() {
    return html\`<p>\${state.decided} \${analytics}</p>\`;
  }
}
customElements.define('app-shell', AppShell);
export { unbind };
`);
  await writeFile(join(app, 'src/core-only.ts'), `
import { ConsentStore, MemoryRecordStorage, resolveConfig, readSignals } from 'migu-consent/core';
import type { ConsentState } from 'migu-consent/core';

const { config, errors } = resolveConfig({ categories: [{ id: 'analytics' }] });
const store = new ConsentStore({
  config, storage: new MemoryRecordStorage(), signals: readSignals({ navigator }),
  revision: '1', dnt: 'respect', expiresDays: 365,
});
store.acceptAll();
const state: ConsentState = store.get();
console.log(errors.length, state.categories['analytics']);
`);
  try {
    await run(process.execPath, [TSC, '-p', app], { cwd: app, timeout: 3 * MINUTE });
  } catch (e) {
    assert.fail(`tsc failed in the consumer app:\n${e.stdout}${e.stderr}`);
  }

  // a Node-only service (no DOM lib) type-checks the server entry, the types it names included
  await mkdir(join(app, 'server'), { recursive: true });
  await writeFile(join(app, 'server/tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: ['node'],
      strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, noEmit: true,
    },
    include: ['*.mts'],
  }));
  await writeFile(join(app, 'server/collect.mts'), `
import { withdrawnCookies } from 'migu-consent/server';

const check = withdrawnCookies({ config: { categories: [{ id: 'analytics', services: [{ id: 's', cookies: ['sid'] }] }] }, revision: '1' });
const names: string[] = check.check({ cookie: 'sid=1' }).names;
console.log(names.join());
`);
  try {
    await run(process.execPath, [TSC, '-p', join(app, 'server')], { cwd: app, timeout: 3 * MINUTE });
  } catch (e) {
    assert.fail(`tsc failed on the server entry without the DOM lib:\n${e.stdout}${e.stderr}`);
  }

  // TypeScript's older resolution (`moduleResolution: node`, the default with `module: commonjs`) reads no
  // `exports`: the subpath entries have types there only through `typesVersions`
  await mkdir(join(app, 'legacy'), { recursive: true });
  await writeFile(join(app, 'legacy/tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'CommonJS', moduleResolution: 'node10', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'],
      strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true,
    },
    include: ['*.ts'],
  }));
  await writeFile(join(app, 'legacy/entries.ts'), `
import { consent } from 'migu-consent';
import { resolveConfig } from 'migu-consent/core';
import type { ConsentState } from 'migu-consent/core';
import { withdrawnCookies } from 'migu-consent/server';

const state: ConsentState = consent.get();
console.log(state.decided, resolveConfig({}).errors.length, typeof withdrawnCookies);
`);
  try {
    await run(process.execPath, [TSC, '-p', join(app, 'legacy')], { cwd: app, timeout: 3 * MINUTE });
  } catch (e) {
    assert.fail(`tsc failed with moduleResolution node10:\n${e.stdout}${e.stderr}`);
  }

  const bundle = async (entry) => {
    const build = await rollup({ input: join(app, 'build', entry), plugins: [nodeResolve({ browser: true })], logLevel: 'silent' });
    const { output: [chunk] } = await build.generate({ format: 'es' });
    await build.close();
    return { code: chunk.code, modules: Object.keys(chunk.modules).map((id) => id.slice(app.length + 1)) };
  };
  const main = await bundle('app.js');
  const litHtml = main.modules.filter((id) => /(^|\/)lit-html\/lit-html\.js$/.test(id));
  const litElement = main.modules.filter((id) => /(^|\/)lit-element\/lit-element\.js$/.test(id));
  assert.deepEqual(litHtml, ['node_modules/lit-html/lit-html.js'], 'one lit-html, the app\'s');
  assert.deepEqual(litElement, ['node_modules/lit-element/lit-element.js']);
  // (its push: elements/lit-globals.ts names the global, and its comment the push)
  assert.equal(main.code.match(/\w\.litHtmlVersions\s*\?\?=/g)?.length, 1, 'lit-html registers its version once');
  assert.equal(main.code.match(/\w\.litElementVersions\s*\?\?=/g)?.length, 1);
  assert.ok(main.modules.some((id) => id.startsWith('node_modules/migu-consent/dist/')), 'the package itself is in the bundle');
  assert.ok(!main.modules.some((id) => id.includes('node_modules/migu-consent/node_modules/')), 'no nested copies');

  const core = await bundle('core-only.js');
  assert.deepEqual(core.modules.filter((id) => /(^|\/)(lit|lit-html|lit-element|@lit\/[^/]+)\//.test(id)), [], 'migu-consent/core needs no lit');
  // js-cookie, a dependency, from the app's node_modules: setCookie() writes through it (the core reads cookies without it)
  assert.ok(main.modules.some((id) => id.startsWith('node_modules/js-cookie/')), 'js-cookie resolved as a dependency');
});
