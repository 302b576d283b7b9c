import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

// npm build: every bare import (lit, @lit/context, js-cookie, tslib) stays external.
// @rollup/plugin-typescript forces importHelpers:true, so tslib is a dependency.
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const minify = terser({ ecma: 2020, module: false, format: { comments: false }, compress: { passes: 2 } });

export default [
  // npm build: unbundled ESM + .d.ts for `migu-consent` and `migu-consent/core`
  {
    input: { index: 'src/index.ts', headless: 'src/headless.ts' },
    external,
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    plugins: [typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: true, declarationMap: true })],
  },
  // script-tag build: one self-contained classic script, lit bundled
  {
    input: 'src/iife.ts',
    output: { file: 'dist/migu-consent.iife.js', format: 'iife', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.build.json', outDir: 'dist', declaration: false, declarationMap: false }),
      minify,
    ],
  },
];
