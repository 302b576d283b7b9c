// dist/migu-consent.check.js: while nothing uses it, the runtime does not come (src/iife.ts); this
// file, fetched once the page is idle, tells whether it must come all the same, to report what is
// wrong with the page, its config validated (runtime/config-check.ts). A returning visitor whose
// config the runtime found clean before gets lazy/returning.ts instead.
import { needsRuntime } from '../runtime/config-check.js';
import { registerChunk } from '../shared/loader-link.js';

export type CheckExports = { needsRuntime: typeof needsRuntime };

registerChunk('check', { needsRuntime } satisfies CheckExports);
