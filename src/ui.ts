// The script build's UI (dist/migu-consent.ui.js), fetched by the loader when needed, on a
// first visit before the page's element is parsed. It defines the elements once the loader
// has started that element with its config, in a task of its own: evaluating this file and
// upgrading and rendering the element are two shorter tasks instead of one long task at 4x CPU
// throttling. It uses the loader's runtime through bootstrap-shared.ts (swapped in by rollup) and shared/loader-link.ts.
import { defineElements } from './elements/define.js';
import { whenStarted } from './shared/loader-link.js';

whenStarted(() => { setTimeout(defineElements); });
