// The script build's UI (dist/migu-consent.ui.js), fetched by the loader when needed.
// It uses the loader's runtime through bootstrap-shared.ts (swapped in by rollup).
import { defineElements } from './elements/define.js';

defineElements();
