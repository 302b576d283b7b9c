import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { firstStageModules, lazyEntries } from './scripts/lazy-files.mjs';
import { buildStamp } from './scripts/build-stamp.mjs';

// npm build: every bare import (lit, @lit/context, js-cookie, tslib) stays external.
// @rollup/plugin-typescript forces importHelpers:true, so tslib is a dependency.
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
/** In the UI script, bootstrap.ts becomes bootstrap-shared.ts: the loader's runtime, not a second core. */
function useLoaderBootstrap() {
  const shared = fileURLToPath(new URL('src/runtime/bootstrap-shared.ts', import.meta.url));
  return {
    name: 'use-loader-bootstrap',
    async resolveId(source, importer, options) {
      if (!importer || !/\/bootstrap\.js$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && /src[\\/]runtime[\\/]bootstrap\.ts$/.test(resolved.id) ? shared : null;
    },
  };
}

/**
 * In the runtime, runtime/init-check.ts becomes init-check-script.ts: the script build makes its runtime
 * only from options already checked (bootstrap.ts), so the check for `migu-consent/core` is not shipped.
 * So do core/options-check.ts, the store's and the cookie's own check of their options (already checked there),
 * and runtime/core-events.ts, the events without EventTarget and CustomEvent (a page has both).
 */
function uncheckedInit() {
  const stubs = [['runtime', 'init-check'], ['runtime', 'core-events'], ['core', 'options-check']];
  return {
    name: 'unchecked-init',
    async resolveId(source, importer, options) {
      const stub = importer && stubs.find(([, name]) => source.endsWith(`/${name}.js`));
      if (!stub) return null;
      const [folder, name] = stub;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && resolved.id.replaceAll('\\', '/').endsWith(`src/${folder}/${name}.ts`)
        ? fileURLToPath(new URL(`src/${folder}/${name}-script.ts`, import.meta.url)) : null;
    },
  };
}

/**
 * In the UI script, i18n/packs.ts becomes packs-lazy.ts (zh-CN only, the other languages fetched as
 * migu-consent.lang.<lang>.js). Lit and @lit/context are bundled as they are: the required stack,
 * not hand-made stand-ins for a few hundred bytes.
 */
function useLazyLanguages() {
  const lazy = fileURLToPath(new URL('src/i18n/packs-lazy.ts', import.meta.url));
  return {
    name: 'use-lazy-languages',
    async resolveId(source, importer, options) {
      if (!importer || !/\/packs\.js$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && /src[\\/]i18n[\\/]packs\.ts$/.test(resolved.id) ? lazy : null;
    },
  };
}

/**
 * In the files fetched by the first stage (check.js, returning.js), the config validator (core/config.ts)
 * and the gated-markup check (gating/check-markup.ts `markupProblem`) without their words: those files only
 * count the problems, and the runtime, which they bring when there are any, reports them in its own words.
 * The text given to the validator's `_fail()` and `_expected()` and pushed onto its `errors` and `warnings`,
 * and the text `markupProblem` returns, becomes `''` (about 400 + 100 B brotli of a first visit); so do the
 * validator's paths (`${path}.id`, 'config.categories'), which only name a value in a message (-109 B). Blanked in
 * place, padded with spaces, so the code keeps its positions and its sourcemap (`map: null`). Runs on the
 * modules as TypeScript compiled them. A module whose texts are no longer found fails the build.
 */
function checksWithoutWords() {
  const isText = (a) => a.type === 'TemplateLiteral' || (a.type === 'Literal' && typeof a.value === 'string');
  // a value's path in the config (`${path}.id`, "config.categories"): only ever words of a message
  const isPath = (node) => (node.type === 'Literal' && typeof node.value === 'string' && node.value.startsWith('config.'))
    || (node.type === 'TemplateLiteral' && (node.quasis[0].value.cooked.startsWith('config.')
      || (node.quasis[0].value.cooked === '' && node.expressions[0]?.type === 'Identifier' && node.expressions[0].name === 'path')));
  const member = (callee, names) => callee.type === 'MemberExpression' && !callee.computed && names.includes(callee.property.name);
  const modules = new Map([
    // the arguments of _fail(), _expected(), errors.push() and warnings.push()
    [srcFile('core/config'), { least: 10, texts: (node) => (node.type === 'CallExpression' && (member(node.callee, ['_fail', '_expected'])
      || (member(node.callee, ['push']) && member(node.callee.object, ['errors', 'warnings'])))
      ? node.arguments.filter(isText) : isPath(node) ? [node] : []) }],
    // in markupProblem, any text with a space: its messages, not the names it reads (tag and attribute names)
    [srcFile('gating/check-markup'), { least: 5, within: 'markupProblem', texts: (node) => (isText(node)
      && (node.type === 'Literal' ? node.value : node.quasis.map((q) => q.value.cooked).join('')).includes(' ') ? [node] : []) }],
  ]);
  return {
    name: 'checks-without-words',
    transform(code, id) {
      const words = modules.get(id);
      if (!words) return null;
      const texts = [];
      const visit = (node, inside) => {
        if (!node || typeof node.type !== 'string') return;
        const now = inside || !words.within || (node.type === 'FunctionDeclaration' && node.id?.name === words.within);
        const found = now ? words.texts(node) : [];
        texts.push(...found);
        if (found.includes(node)) return;
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach((v) => visit(v, now));
          else if (value && typeof value === 'object') visit(value, now);
        }
      };
      visit(this.parse(code), false);
      const name = relative(fileURLToPath(new URL('src/', import.meta.url)), id);
      if (texts.length < words.least) this.error(`${name}: ${texts.length} texts found, expected its messages (checksWithoutWords)`);
      let out = code;
      for (const { start, end } of texts) out = out.slice(0, start) + `''${out.slice(start + 2, end).replace(/[^\n]/g, ' ')}` + out.slice(end);
      return { code: out, map: null };
    },
  };
}

/** shared/build.ts's stamp (scripts/build-stamp.mjs), written into each file of the script build. */
function stampBuild() {
  const stamp = buildStamp();
  const id = srcFile('shared/build');
  // minified with a stand-in of the stamp's length, written into the files last: terser names variables by the
  // frequency of characters in its output, so the stamp itself moved every file's size by a few bytes at any
  // change of src/, a comment's too (siblings.js +6 B)
  const standIn = 'MCSTAMP0';
  return {
    name: 'stamp-build',
    transform(code, file) {
      if (file !== id) return null;
      if (!code.includes("= 'dev'")) this.error("shared/build.ts: its 'dev' stamp is not there (stampBuild)");
      return { code: code.replace("= 'dev'", `= '${standIn}'`), map: null };
    },
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') chunk.code = chunk.code.replaceAll(standIn, stamp);
    },
  };
}

/**
 * Each script-tag file starts with a UTF-8 byte order mark, so that a browser decodes it as UTF-8 whatever the
 * page: a classic script without a charset in its Content-Type (a CDN's or nginx's default) is decoded in the
 * page's encoding, and on a GBK page (an older Chinese site, or one that declares none in a zh-CN browser) the
 * banner and the dialog were mojibake (涓庨殣绉佽...). The mark decides before any of those (the Encoding
 * Standard's decode). Browsers drop it before the script is parsed: sourcemap columns stay as they are.
 */
function decodedAsUtf8() {
  return {
    name: 'decoded-as-utf8',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk' && !chunk.code.startsWith('\uFEFF')) chunk.code = `\uFEFF${chunk.code}`;
    },
  };
}

/** A module of src/ by its path from there, without `.ts` (shared/first-stage-modules.ts). */
const srcFile = (name) => fileURLToPath(new URL(`src/${name}.ts`, import.meta.url));
const FIRST_STAGE = await firstStageModules();
const VIRTUAL_FIRST_STAGE = 'virtual:first-stage-modules';

/**
 * What the files taking from the first stage use of each of its modules, by path: filled as they
 * are built (rollup builds the configs below in order, the first stage after them).
 */
const takenFromFirstStage = new Map();

/**
 * In the first stage (dist/migu-consent.iife.js): `virtual:first-stage-modules` is one object of the exports the
 * other files take from its modules, by name: the rest is left out (no export names the first stage would carry
 * for nothing, and code only they used is shaken out).
 */
function registerFirstStage() {
  const id = `\0${VIRTUAL_FIRST_STAGE}`;
  return {
    name: 'register-first-stage',
    resolveId: (source) => (source === VIRTUAL_FIRST_STAGE ? id : null),
    load(loading) {
      if (loading !== id) return null;
      if (takenFromFirstStage.size === 0) this.error('the files taking from the first stage are built before it (rollup.config.js)');
      const taken = FIRST_STAGE.map((name) => [...(takenFromFirstStage.get(name) ?? [])].sort());
      // one object of the exports by name, without the modules' paths (-137 B brotli): no two of its modules may
      // export a name the files read
      const from = new Map();
      taken.forEach((names, i) => {
        for (const n of names) {
          if (from.has(n)) this.error(`${from.get(n)} and ${FIRST_STAGE[i]} both export ${n}, which the files taking from the first stage read: rename one (rollup.config.js registerFirstStage)`);
          from.set(n, FIRST_STAGE[i]);
        }
      });
      return [
        ...FIRST_STAGE.map((name, i) => `import { ${taken[i].map((n) => `${n} as m${i}_${n}`).join(', ')} } from ${JSON.stringify(srcFile(name))};`),
        `export default {${taken.flatMap((names, i) => names.map((n) => `${n}: m${i}_${n}`)).join(', ')}};`,
      ].join('\n');
    },
  };
}

/**
 * In the runtime (dist/migu-consent.runtime.js): an import of one of the first stage's modules
 * reads its exports from the first stage's registration (shared/first-stage-link.ts) instead of
 * bundling a second copy.
 */
function takeFromFirstStage() {
  const byFile = new Map(FIRST_STAGE.map((name) => [srcFile(name), name]));
  const link = srcFile('shared/first-stage-link');
  const prefix = '\0first-stage:';
  return {
    name: 'take-from-first-stage',
    async resolveId(source, importer, options) {
      if (!importer || importer.startsWith(prefix)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const name = resolved && byFile.get(resolved.id);
      return name ? prefix + name : null;
    },
    async load(id) {
      if (!id.startsWith(prefix)) return null;
      const name = id.slice(prefix.length);
      // the real module, parsed for its export names only: nothing imports it, so none of it is bundled
      const { exports } = await this.load({ id: srcFile(name) });
      // each export a pure read: those this file does not use are shaken out, and so not asked of the first stage
      return [
        `import { firstStageModule } from ${JSON.stringify(link)};`,
        `const take = /*#__PURE__*/ firstStageModule(${JSON.stringify(name)});`,
        ...exports.filter((n) => n !== 'default').map((n) => `export const ${n} = /*#__PURE__*/ take(${JSON.stringify(n)});`),
      ].join('\n');
    },
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        for (const [moduleId, { renderedExports }] of Object.entries(chunk.modules ?? {})) {
          if (!moduleId.startsWith(prefix)) continue;
          const name = moduleId.slice(prefix.length);
          const taken = takenFromFirstStage.get(name) ?? new Set();
          for (const n of renderedExports) taken.add(n);
          takenFromFirstStage.set(name, taken);
        }
      }
    },
  };
}

const minify = terser({ ecma: 2020, module: false, format: { comments: false }, compress: { passes: 2 } });
// The loader and its chunks: private class members are named `_x` and mangled too. Only
// there: no `_` name crosses into the UI bundle or the npm build, which keep their names.
// passes 5 and unsafe_arrows (a function expression that uses no `this`, `arguments` or `new` becomes an
// arrow; the loader never constructs one) cut 91 B brotli from the loader's files (iife -20, check -19,
// returning -18, runtime -34); the UI's Lit bundle grows with them (+21 B), so it keeps passes 2.
const loaderTerser = { ecma: 2020, module: false, format: { comments: false }, compress: { passes: 5, unsafe_arrows: true }, mangle: { properties: { regex: /^_[a-z]/ } } };
const minifyLoader = terser(loaderTerser);
// The loader runs nearly every function it has on each page (decision, gating, banner): V8's explicit
// compile hint makes Chromium compile them all at once, off the main thread while the file streams in,
// instead of one by one on first call (first visit at 1x: script time 8.7 -> 6.6 ms, at 4x 58 -> 49 ms
// in bench/ runs on this machine). Other engines read a comment.
// hoist_funs: function declarations moved to the top of their scope (where JS hoists them anyway) compress
// better: iife -48 B brotli, returning -6, runtime -6; the lazy files built with minifyLoader grew by it
// (receipts +10 B), so only these take it.
// unsafe: `String(x)` and `${x}` become `x + ""`, `new RegExp(...)` becomes `RegExp(...)`: the same but for a
// Symbol, which String() converts and `+` throws on, where every such value is ours, a DOM string or inside a
// try (isGranted(Symbol()) is false either way). iife -26 B brotli, runtime -71.
const minifyLoaderEager = terser({
  ...loaderTerser,
  compress: { ...loaderTerser.compress, hoist_funs: true, unsafe: true },
  format: { ...loaderTerser.format, preamble: '//# allFunctionsCalledOnLoad' },
});

/**
 * The first stage's own property names (runtime/first-stage-loader.ts FirstStage and its FirstStageDeps,
 * runtime/first-stage.ts EarlyDecision), mangled in it as the `_x` members are: -106 B brotli. Only names of
 * objects it makes and reads itself: no DOM or JavaScript name, none of data stored or read from the page. No
 * other file of the build may read one, nor may the first stage register one: the build stops otherwise
 * (firstStageOwnNames below).
 */
const FIRST_STAGE_OWN = [
  'phase', 'handover', 'withApi', 'whenDecided', 'loadRuntime', 'wantUi', 'begin',
  'hostsOf', 'startGating', 'afterGatingChunks', 'holdFor', 'showReopen', 'afterIdle', 'announce', 'onSet',
  'afterParsed', 'onOtherTab', 'onOpenLinks', 'hasGate', 'report',
  'evaluation', 'listed', 'runtimeDue',
];
const minifyFirstStage = terser({
  ...loaderTerser,
  compress: { ...loaderTerser.compress, hoist_funs: true, unsafe: true },
  format: { ...loaderTerser.format, preamble: '//# allFunctionsCalledOnLoad' },
  mangle: { properties: { regex: new RegExp(`^(_[a-z].*|${FIRST_STAGE_OWN.join('|')})$`) } },
});

/** The code of the files built before the first stage (its lazily loaded files), for firstStageOwnNames. */
const builtBefore = new Map();
const recordCode = () => ({
  name: 'record-code',
  generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') builtBefore.set(chunk.fileName, chunk.code);
  },
});

/** The build stops when a name of FIRST_STAGE_OWN is read by another file, or registered for them. */
function firstStageOwnNames() {
  return {
    name: 'first-stage-own-names',
    generateBundle() {
      if (builtBefore.size === 0) this.error('the files the first stage fetches are built before it (rollup.config.js)');
      const registered = new Set([...takenFromFirstStage.values()].flatMap((names) => [...names]));
      for (const name of FIRST_STAGE_OWN) {
        const word = new RegExp(`\\b${name}\\b`);
        const reader = [...builtBefore].find(([, code]) => word.test(code))?.[0];
        if (reader || registered.has(name)) this.error(`${name} is mangled in the first stage (FIRST_STAGE_OWN), but ${reader ?? 'its registration'} reads it: take it off the list`);
      }
    },
  };
}

// The published package ships no sourcemaps (package.json `files`): its files must not name them, or
// every bundler and devtools warns of a missing file. `npm pack` builds with MIGU_PACK=1
// (scripts/prepack.mjs); the repo's own builds keep the maps referenced, for the demo and size:modules.
const sourcemap = process.env.MIGU_PACK ? 'hidden' : true;

/**
 * A file that cannot start is reported, never thrown into the page. One of another version, whose first stage
 * lacks what it takes, says so (shared/first-stage-link.ts) and the first stage adds that it did not register.
 */
const reported = { banner: 'try{', footer: '}catch(e){console.error(e)}' };

const stamp = stampBuild();
const utf8 = decodedAsUtf8();
const tsScript = (options = {}) => typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: false, declarationMap: false, ...options });
/** How each kind of lazily loaded file is built (`build` in src/shared/lazy-files.ts). */
const lazyBuilds = {
  // bundled with what it imports, minified as the loader is (private members mangled: none crosses into another bundle)
  code: (file) => ({
    output: { file, format: 'iife', sourcemap },
    plugins: [stamp, utf8, nodeResolve({ browser: true }), tsScript(), minifyLoader],
  }),
  // the runtime, with the first stage's modules taken from it
  runtime: (file) => ({
    output: { file, format: 'iife', sourcemap, ...reported },
    plugins: [stamp, utf8, uncheckedInit(), takeFromFirstStage(), nodeResolve({ browser: true }), tsScript(), minifyLoaderEager],
  }),
  // fetched by the first stage only: its modules taken from it, compiled eagerly too. Its functions run
  // once each, so lazy compilation looked cheaper, but it is main-thread work on first call where the
  // hint's compile streams off it (check.js, first visit: script CPU 85 -> 73 ms at 4x, 16.6 -> 14.7 ms
  // at 1x, medians of 15 interleaved runs; returning.js: no difference measured)
  'first-stage': (file) => ({
    // check.ts exports its function for a test; the page gets it through the registry (registerChunk)
    onwarn: (warning, warn) => { if (warning.code !== 'MISSING_NAME_OPTION_FOR_IIFE_EXPORT') warn(warning); },
    output: { file, format: 'iife', sourcemap, ...reported },
    plugins: [stamp, utf8, takeFromFirstStage(), nodeResolve({ browser: true }), tsScript(), checksWithoutWords(), minifyLoaderEager],
  }),
  // a language's strings: no sourcemap
  data: (file) => ({
    output: { file, format: 'iife' },
    plugins: [stamp, utf8, tsScript({ sourceMap: false }), minify],
  }),
  // the UI (Lit bundled), using the loader's runtime
  ui: (file) => ({
    output: {
      file, format: 'iife', sourcemap,
      // a UI that cannot start (e.g. a Trusted Types policy refusing lit-html's name) is reported, never thrown into the page
      banner: 'try{',
      footer: '}catch(e){console.error("[migu-consent:api] the UI could not start: "+e+" (under Trusted Types allow the policies migu-consent and lit-html)")}',
    },
    plugins: [stamp, utf8, useLoaderBootstrap(), useLazyLanguages(), nodeResolve({ browser: true }), tsScript(), minify],
  }),
};

export default [
  // npm build: unbundled ESM + .d.ts for `migu-consent` and `migu-consent/core`
  {
    input: { index: 'src/index.ts', headless: 'src/headless.ts' },
    external,
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap },
    plugins: [typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: true, declarationMap: !process.env.MIGU_PACK })],
  },
  // script-tag build: the lazily loaded files the first stage fetches from its own folder when a page
  // uses them: one per row of src/shared/lazy-files.ts, dist/migu-consent.<name>.js from src/lazy/<name>.ts ...
  ...Object.entries(await lazyEntries()).map(([name, { build }]) => {
    const options = lazyBuilds[build](`dist/migu-consent.${name}.js`);
    return { input: `src/lazy/${name}.ts`, ...options, plugins: [...options.plugins, recordCode()] };
  }),
  // ... and the first stage (decision, gating, banner without Lit), last: it registers what they take from it
  {
    input: 'src/iife.ts',
    output: { file: 'dist/migu-consent.iife.js', format: 'iife', sourcemap },
    plugins: [
      registerFirstStage(),
      stamp,
      utf8,
      nodeResolve({ browser: true }),
      tsScript(),
      minifyFirstStage,
      firstStageOwnNames(),
    ],
  },
];
