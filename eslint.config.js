import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';
import { layerRules } from './scripts/layers.mjs';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'custom-elements.json', 'node_modules/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  litConfigs['flat/recommended'],
  wcConfigs['flat/recommended'],
  {
    settings: { wc: { elementBaseClasses: ['LitElement'] } }, // else eslint-plugin-wc ignores Lit classes
    languageOptions: { globals: globals.browser },
  },
  // type-aware rules for TypeScript (tsconfig includes src and test); plain JS is linted without types
  { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  { rules: {
      // The public API is called from untyped page scripts: checks and conversions that the
      // types call "unnecessary" are the defence against hostile or sloppy input.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      '@typescript-eslint/no-unnecessary-boolean-literal-compare': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // `return this.fail(...)` (typed `undefined`) is the validator's idiom for "report and give up"
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    } },
  // imports point down the layers of src/ only (the table is in scripts/layers.mjs)
  ...layerRules(),
  {
    files: ['**/*.js', '**/*.mjs', 'node/**/*.d.mts'],
    ...tseslint.configs.disableTypeChecked,
    // node scripts that also hold code evaluated in pages (e2e, bench), and the demo's browser scripts
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node, ...globals.browser } },
  },
  { files: ['test/**/*.ts'], rules: {
      // @open-wc/semantic-dom-diff types .equal() as also returning Promise -> every expect() is "floating"
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    } },
);
