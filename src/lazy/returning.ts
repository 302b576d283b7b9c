// dist/migu-consent.returning.js: what a returning visitor's page fetches once it is idle while
// nothing uses the runtime, in one file: the re-open button without Lit (elements/reopen-lite.ts)
// and whether the runtime must come to report something about the attributes or the markup
// (runtime/page-check.ts). Its config needs no validator here: the early config is of a text the
// runtime found clean on an earlier page (core/early.ts `clean`); else lazy/check.ts comes too.
import { renderReopen } from '../elements/reopen-lite.js';
import { needsRuntimeFor } from '../runtime/page-check.js';
import { registerChunk } from '../shared/loader-link.js';

export type ReturningExports = { renderReopen: typeof renderReopen; needsRuntimeFor: typeof needsRuntimeFor };

registerChunk('returning', { renderReopen, needsRuntimeFor } satisfies ReturningExports);
