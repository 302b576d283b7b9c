// The element tests again, with the modules the script build's UI swaps in (rollup.config.js):
// lit → src/elements/lite-element.ts, @lit/context → src/context/lite-context.ts. Languages stay
// bundled here (their lazy loading is covered by e2e/ui-languages.test.mjs).
// UI_SCRIPT_BROWSER=firefox runs them in Firefox ESR instead of Chromium.
import chromium from './web-test-runner.config.js';
import firefox from './web-test-runner.firefox.config.js';

const base = process.env.UI_SCRIPT_BROWSER === 'firefox' ? firefox : chromium;

const swap = {
  name: 'ui-script-modules',
  resolveImport({ source, context }) {
    if (!/\/src\//.test(context.path)) return undefined;
    if (source === 'lit') return '/src/elements/lite-element.ts';
    if (source === '@lit/context') return '/src/context/lite-context.ts';
    return undefined;
  },
};

export default { ...base, plugins: [swap, ...base.plugins] };
