// Every code sample in README.md and docs/ is run or type-checked, so the docs cannot drift from the
// code: TypeScript and JavaScript are type-checked against the built package's types, HTML pages
// are loaded with the script build in Chromium (no error, no config error, nothing tracked before a
// choice), shell lines name scripts and files that exist. A sample run by another test says so in a
// comment right before it (`<!-- docs-test tested-by: e2e/x.test.mjs -->`); one that uses names
// of the reader's own declares them (`<!-- docs-test declare: declare function f(): void; -->`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { newTrackedPage, startHarness } from './support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const run = promisify(execFile);

/** The fenced samples of a Markdown text: language, code, line, and the docs-test comment before it. */
export function samplesOf(text, file) {
  const lines = text.split('\n');
  const samples = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, lang] = open;
    const body = [];
    let end = i + 1;
    for (; end < lines.length && !new RegExp(`^\\s*\`\`\`\\s*$`).test(lines[end]); end++) body.push(lines[end].slice(indent.length));
    assert.ok(end < lines.length, `${file}:${i + 1}: a code fence that never closes`);
    const before = lines.slice(0, i).reverse().find((l) => l.trim() !== '')?.trim() ?? '';
    const note = /^<!-- docs-test (declare|tested-by|skip): ([\s\S]*?) -->$/.exec(before);
    samples.push({ file, line: i + 1, lang, code: body.join('\n'), note: note ? { kind: note[1], text: note[2] } : undefined });
    i = end;
  }
  return samples;
}

const pages = ['README.md', ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const samples = [];
for (const page of pages) samples.push(...samplesOf(await readFile(join(ROOT, page), 'utf8'), page));
const where = (s) => `${s.file}:${s.line}`;
const byLang = (...langs) => samples.filter((s) => langs.includes(s.lang) && s.note?.kind !== 'tested-by' && s.note?.kind !== 'skip');

let work;
before(async () => {
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  work = await mkdtemp(join(ROOT, '.tmp', 'docs-'));
});
after(async () => { if (work) await rm(work, { recursive: true, force: true }); });

test('every sample has a language this test knows, and a sample tested elsewhere names a test that reads its page', async () => {
  assert.ok(samples.length >= 15, `found ${samples.length} samples`);
  const known = new Set(['sh', 'ts', 'tsx', 'js', 'html', 'json', 'vue', 'kotlin', 'swift', 'text', 'nginx']);
  assert.deepEqual(samples.filter((s) => !known.has(s.lang)).map((s) => `${where(s)} \`\`\`${s.lang}`), []);
  for (const s of samples.filter((x) => x.note?.kind === 'tested-by')) {
    const testFile = join(ROOT, s.note.text);
    assert.ok(existsSync(testFile), `${where(s)}: ${s.note.text} exists`);
    assert.ok((await readFile(testFile, 'utf8')).includes(s.file), `${where(s)}: ${s.note.text} reads ${s.file}`);
  }
  assert.deepEqual(samples.filter((s) => s.lang === 'vue' && s.note?.kind !== 'tested-by').map(where), [], 'Vue samples are compiled by the frameworks test');
  assert.deepEqual(samples.filter((s) => s.note?.kind === 'skip').map(where), [], 'no sample is skipped');
});

test('every relative link of README.md and docs/ points at a file that exists', async () => {
  const broken = [];
  for (const page of pages) {
    const text = await readFile(join(ROOT, page), 'utf8');
    for (const m of text.matchAll(/\]\((?!https?:|mailto:|#)([^)\s#]+)(#[^)]*)?\)/g)) {
      const target = join(ROOT, page.includes('/') ? 'docs' : '', m[1]);
      if (!existsSync(target)) broken.push(`${page}: ${m[1]}`);
    }
  }
  assert.deepEqual(broken, []);
});

/** The titles a test file gives: `it`, `test` and `describe` titles, and named scenarios (`async 'name'(`); a template title as a pattern. */
export function titlesOf(source) {
  const titles = [];
  const pattern = /\b(?:it|test|describe)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1|^\s*async (['"])((?:\\.|(?!\3)[^\\])*)\3\(/gm;
  for (const m of source.matchAll(pattern)) {
    const [quote, text] = m[1] ? [m[1], m[2]] : [m[3], m[4]];
    const unescaped = text.replace(/\\(.)/g, '$1');
    titles.push(quote === '`' ? new RegExp(`^${unescaped.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`) : unescaped);
  }
  return titles;
}

/** The test names a Markdown text cites after a test file (`path`: "name", "name"), with the file. */
export function citationsOf(text) {
  const cited = [];
  for (const m of text.matchAll(/`((?:test|e2e)\/[\w./-]+)`(?: \([^)]*\))?: ((?:"[^"]*(?:"[^",;|)(`]*"[^"]*)*"(?: \([^)]*\))?(?:, )?)+)/g)) {
    const list = m[2].replace(/"(?: \([^)]*\))?(?:, )?$/, '').replace(/^"/, '');
    for (const name of list.split(/"(?: \([^)]*\))?, "/)) cited.push({ file: m[1], name });
  }
  return cited;
}

test('every test docs/compliance.md cites exists in its file under that name', async () => {
  const cited = citationsOf(await readFile(join(ROOT, 'docs/compliance.md'), 'utf8'));
  assert.ok(cited.length >= 100, `found ${cited.length} citations`);
  const titles = new Map();
  const missing = [];
  for (let i = 0; i < cited.length; i++) {
    const { file } = cited[i];
    if (!titles.has(file)) titles.set(file, existsSync(join(ROOT, file)) ? titlesOf(await readFile(join(ROOT, file), 'utf8')) : []);
    const known = (name) => titles.get(file).some((t) => (typeof t === 'string' ? t === name : t.test(name)));
    // a name with `", "` inside was split: joined again with the next parts of the same citation
    let name = cited[i].name;
    let j = i;
    while (!known(name) && j < i + 3 && cited[j + 1]?.file === file) name = `${name}", "${cited[++j].name}`;
    if (known(name)) i = j;
    else missing.push(`${file}: "${cited[i].name}"`);
  }
  assert.deepEqual(missing, []);
});

test('docs/languages.md lists every text key a config can override (src/i18n/translation.ts), and no other', async () => {
  const source = await readFile(join(ROOT, 'src/i18n/translation.ts'), 'utf8');
  const keys = [...source.matchAll(/^ {2}(\w+): string;$/gm)].map((m) => m[1]).sort();
  assert.ok(keys.length >= 40, `found ${keys.length} keys in translation.ts`);
  const page = await readFile(join(ROOT, 'docs/languages.md'), 'utf8');
  const section = page.split('\n## Text keys\n')[1]?.split('\n## ')[0] ?? '';
  const listed = [...section.matchAll(/^- [^:]+: (.*(?:\n {2}.*)*)/gm)]
    // what a parenthesis says of a key is no key
    .flatMap((m) => [...m[1].replace(/\([^)]*\)/g, '').matchAll(/`(\w+)`/g)].map((k) => k[1])).sort();
  assert.deepEqual(listed, keys);
});

test('JSON samples parse; Kotlin and Swift shims define the bridge the native e2e test injects; proxy configs pass to the collector', async () => {
  for (const s of byLang('json')) assert.doesNotThrow(() => JSON.parse(s.code), where(s));
  // `text` is output shown (a report, a terminal), not code; an nginx sample must proxy to the collector
  for (const s of byLang('nginx')) assert.match(s.code, /proxy_pass\s+http:\/\/127\.0\.0\.1:8787/, where(s));
  const shims = byLang('kotlin', 'swift');
  assert.ok(shims.length >= 2);
  for (const s of shims) {
    assert.match(s.code, /MiguConsentNative/, where(s));
    assert.match(s.code, /getConsent/, where(s));
    assert.match(s.code, /postConsent/, where(s));
  }
});

test('shell samples: every `npm run` script, `npx migu-consent` command and file they name exists', async () => {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const bin = await readFile(join(ROOT, 'bin/migu-consent.mjs'), 'utf8');
  const problems = [];
  for (const s of byLang('sh')) {
    for (const m of s.code.matchAll(/npm run ([\w:-]+)/g)) if (!pkg.scripts[m[1]]) problems.push(`${where(s)}: no script "${m[1]}"`);
    for (const m of s.code.matchAll(/npm (start|test)\b/g)) if (!pkg.scripts[m[1]]) problems.push(`${where(s)}: no script "${m[1]}"`);
    for (const m of s.code.matchAll(/npx migu-consent (\w+)/g)) if (!new RegExp(`^\\s*${m[1]}: \\{`, 'm').test(bin)) problems.push(`${where(s)}: no command "${m[1]}"`);
    for (const m of s.code.matchAll(/\b((?:scripts|bench|e2e)\/[\w./-]+\.m?js)\b/g)) if (!existsSync(join(ROOT, m[1]))) problems.push(`${where(s)}: no file ${m[1]}`);
  }
  assert.deepEqual(problems, []);
  assert.ok(byLang('sh').length >= 3);
});

test('TypeScript and JavaScript samples type-check against the built package', async () => {
  const ts = byLang('ts', 'tsx');
  const js = byLang('js');
  assert.ok(ts.length >= 2 && js.length >= 3, `${ts.length} ts, ${js.length} js samples`);
  const names = new Map();
  const write = async (s, ext) => {
    const name = `${s.file.replace(/\W/g, '_')}_${s.line}.${ext}`;
    names.set(name, s);
    const declare = s.note?.kind === 'declare' ? s.note.text : '';
    if (ext === 'js' && declare) {
      // `declare` is TypeScript: a JavaScript sample gets its names from a global .d.ts beside it
      const globals = name.replace(/\.js$/, '.globals.d.ts');
      await writeFile(join(work, globals), `${declare}\n`);
      names.set(globals, s);
    }
    // each sample is a module of its own, so their top-level names do not collide
    await writeFile(join(work, name), `${ext === 'js' || !declare ? '' : `${declare}\n`}${s.code}\nexport {};\n`);
  };
  for (const s of ts) await write(s, s.lang);
  for (const s of js) await write(s, 'js');
  const paths = {
    'migu-consent': [join(ROOT, 'dist/index.d.ts')], 'migu-consent/core': [join(ROOT, 'dist/headless.d.ts')],
    'migu-consent/server': [join(ROOT, 'node/receipts/index.d.mts')],
  };
  const common = {
    // Node's types for the server samples (`migu-consent/server`), from the repo's own node_modules
    target: 'ES2022', module: 'ES2022', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    noEmit: true, skipLibCheck: true, jsx: 'react-jsx', paths,
  };
  // TypeScript as strict as a careful app (env values `string | undefined` into options); JavaScript as an editor checks a plain script (no null checks)
  const files = [...names.keys()];
  await writeFile(join(work, 'tsconfig.ts.json'), JSON.stringify({ compilerOptions: { ...common, strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true }, files: files.filter((n) => /\.tsx?$/.test(n) && !n.endsWith('.globals.d.ts')) }));
  await writeFile(join(work, 'tsconfig.js.json'), JSON.stringify({ compilerOptions: { ...common, allowJs: true, checkJs: true, strict: false }, files: files.filter((n) => n.endsWith('.js') || n.endsWith('.globals.d.ts')) }));
  for (const config of ['tsconfig.ts.json', 'tsconfig.js.json']) {
    const out = await run(process.execPath, [TSC, '-p', join(work, config)], { cwd: work }).then(() => '', (e) => `${e.stdout}${e.stderr}`);
    // name the page and line of each error, not the temporary file
    const readable = out.replace(/^(\S+?)\((\d+),\d+\)/gm, (all, file, line) => {
      const s = names.get(file.split('/').pop());
      return s ? `${where(s)} (+${Number(line) - 1 - (s.note?.kind === 'declare' && /\.tsx?$/.test(file) ? 1 : 0)})` : all;
    });
    assert.equal(readable, '', `${config}:\n${readable}`);
  }
});

test('TypeScript samples pass typescript-eslint\'s unbound-method against the built types: the API\'s members work taken off the object', async () => {
  const { ESLint } = await import('eslint');
  const tseslint = (await import('typescript-eslint')).default;
  const ts = byLang('ts', 'tsx').filter((s) => /\bconsent\b/.test(s.code));
  assert.ok(ts.some((s) => /\(\s*'click',\s*consent\.showPreferences\s*\)/.test(s.code)), 'a sample passes a member unbound');
  const dir = await mkdtemp(join(work, 'lint-'));
  const files = [];
  for (const s of ts) {
    const name = `${s.file.replace(/\W/g, '_')}_${s.line}.${s.lang}`;
    files.push(name);
    const declare = s.note?.kind === 'declare' ? `${s.note.text}\n` : '';
    await writeFile(join(dir, name), `${declare}${s.code}\nexport {};\n`);
  }
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ES2022', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [],
      noEmit: true, skipLibCheck: true, strict: true, jsx: 'react-jsx',
      paths: { 'migu-consent': [join(ROOT, 'dist/index.d.ts')], 'migu-consent/core': [join(ROOT, 'dist/headless.d.ts')] },
    },
    files,
  }));
  const eslint = new ESLint({
    cwd: dir, overrideConfigFile: true,
    overrideConfig: [{
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser, parserOptions: { project: join(dir, 'tsconfig.json'), tsconfigRootDir: dir } },
      plugins: { '@typescript-eslint': tseslint.plugin },
      rules: { '@typescript-eslint/unbound-method': 'error' },
    }],
  });
  const results = await eslint.lintFiles(files);
  const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath.split('/').pop()}:${m.line}: ${m.message}`));
  assert.deepEqual(problems, []);
  assert.equal(results.length, files.length, 'every sample was linted');
});

test('HTML samples load with the script build: no error, the config applies, nothing is requested before a choice', async () => {
  const h = await startHarness();
  try {
    const html = byLang('html');
    assert.ok(html.length >= 3);
    for (const s of html) {
      const { context, page, errors, tracker, settle } = await newTrackedPage(h.browser);
      const logged = [];
      // errors, and any word on the config; a fragment without policy-url is warned about, rightly
      page.on('console', (m) => { if (/^\[migu-consent/.test(m.text()) && (m.type() === 'error' || m.text().startsWith('[migu-consent:config]'))) logged.push(`${m.type()}: ${m.text()}`); });
      const offHost = [];
      page.on('request', (r) => { if (!r.url().startsWith(h.base)) offHost.push(r.url()); });
      let body = s.code.replace(/(src=")[^"]*migu-consent\.iife\.js(")/g, '$1/dist/migu-consent.iife.js$2');
      // a fragment (an element and its config) goes on a page that has the script
      if (!body.includes('/dist/migu-consent.iife.js')) body = `<script src="/dist/migu-consent.iife.js"></script>\n${body}`;
      // a sample with its <head> is a page a reader saves as a file as it is
      const whole = /<(html|head)[\s>]/i.test(body);
      const doc = whole ? body : `<!doctype html><html lang="zh-CN"><meta charset="utf-8">${body}</html>`;
      // a whole page is served as a plain static server does (python -m http.server: no charset): its own
      // <meta charset> must say UTF-8, or its Chinese texts (the config's too) came out as mojibake
      await context.route(`${h.base}/docs-sample.html`, (route) => route.fulfill({ contentType: whole ? 'text/html' : 'text/html; charset=utf-8', body: doc }));
      await page.goto(`${h.base}/docs-sample.html`);
      if (whole) {
        assert.deepEqual(await page.evaluate(() => [document.characterSet, document.compatMode]), ['UTF-8', 'CSS1Compat'], `${where(s)}: read as UTF-8, in standards mode`);
      }
      await page.waitForFunction(() => typeof window.MiguConsent?.get === 'function');
      await settle();
      const state = await page.evaluate(() => window.MiguConsent.get());
      assert.equal(state.decided, false, `${where(s)}: a first visit`);
      assert.deepEqual(offHost, [], `${where(s)}: nothing requested off the page's host before a choice`);
      assert.deepEqual(tracker, [], where(s));
      assert.deepEqual(logged, [], `${where(s)}: no console error of migu-consent`);
      assert.deepEqual(errors.filter((e) => !e.startsWith('off-host request')), [], `${where(s)}: nothing thrown`);
      // the sample's own config categories are in the state, so it was applied
      for (const m of body.matchAll(/"id":\s*"([\w-]+)",\s*"services"/g)) assert.ok(m[1] in state.categories, `${where(s)}: category ${m[1]} applied`);
      await context.close();
    }
  } finally {
    await h.stop();
  }
});
