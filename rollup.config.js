import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

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

const minify = terser({ ecma: 2020, module: false, format: { comments: false }, compress: { passes: 2 } });
// The loader and its chunks: private class members are named `_x` and mangled too. Only
// there: no `_` name crosses into the UI bundle or the npm build, which keep their names.
const loaderTerser = { ecma: 2020, module: false, format: { comments: false }, compress: { passes: 3 }, mangle: { properties: { regex: /^_[a-z]/ } } };
const minifyLoader = terser(loaderTerser);
// The loader runs nearly every function it has on each page (decision, gating, banner): V8's explicit
// compile hint makes Chromium compile them all at once, off the main thread while the file streams in,
// instead of one by one on first call (first visit at 1x: script time 8.7 -> 6.6 ms, at 4x 58 -> 49 ms
// in bench/ runs on this machine). Other engines read a comment.
const minifyLoaderEager = terser({ ...loaderTerser, format: { ...loaderTerser.format, preamble: '//# allFunctionsCalledOnLoad' } });

export default [
  // npm build: unbundled ESM + .d.ts for `migu-consent` and `migu-consent/core`
  {
    input: { index: 'src/index.ts', headless: 'src/headless.ts' },
    external,
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    plugins: [typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: true, declarationMap: true })],
  },
  // script-tag build: the loader (core + gating, no Lit) ...
  {
    input: 'src/iife.ts',
    output: { file: 'dist/migu-consent.iife.js', format: 'iife', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: false, declarationMap: false }),
      minifyLoaderEager,
    ],
  },
  // ... the chunks it fetches from its own folder when a page uses them (src/shared/chunks.ts) ...
  ...[['receipts', 'src/runtime/chunk-receipts.ts'], ['gcm', 'src/integrations/chunk-gcm.ts'], ['reopen', 'src/elements/chunk-reopen.ts'], ['siblings', 'src/runtime/chunk-siblings.ts'], ['native', 'src/runtime/chunk-native.ts']]
    .map(([name, input]) => ({
      input,
      output: { file: `dist/migu-consent.${name}.js`, format: 'iife', sourcemap: true },
      plugins: [
        nodeResolve({ browser: true }),
        typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: false, declarationMap: false }),
        minifyLoader,
      ],
    })),
  // ... the languages other than zh-CN, fetched by the UI from its folder when a page shows them ...
  ...['en', 'zh-TW'].map((lang) => ({
    input: `src/i18n/lang-${lang}.ts`,
    output: { file: `dist/migu-consent.lang.${lang}.js`, format: 'iife' },
    plugins: [typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: false, declarationMap: false }), minify],
  })),
  // ... and the UI it fetches from its own folder (Lit bundled), using the loader's runtime
  {
    input: 'src/ui.ts',
    output: {
      file: 'dist/migu-consent.ui.js', format: 'iife', sourcemap: true,
      // a UI that cannot start (e.g. a Trusted Types policy refusing lit-html's name) is reported, never thrown into the page
      banner: 'try{',
      footer: '}catch(e){console.error("[migu-consent:api] the UI could not start: "+e+" (under Trusted Types allow the policies migu-consent and lit-html)")}',
    },
    plugins: [
      useLoaderBootstrap(),
      useLazyLanguages(),
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: false, declarationMap: false }),
      minify,
    ],
  },
];
