// dist/migu-consent.returning.js: what a returning visitor's page fetches once it is idle while
// nothing uses the runtime, in one file: the re-open button without Lit (elements/reopen-lite.ts)
// and whether the runtime must come to report something about the attributes or the markup
// (runtime/page-check.ts). Its config needs no validator here: the early config is of a text the
// runtime found clean on an earlier page (core/early.ts `clean`); else lazy/check.ts comes too.
import { renderReopen } from '../elements/reopen-lite.js';
import { needsRuntimeFor as pageNeedsRuntime } from '../runtime/page-check.js';
import { OPTION_ATTRIBUTES } from '../runtime/option-checks.js';
import { registerChunk } from '../shared/loader-link.js';

export type ReturningExports = { renderReopen: typeof renderReopen; needsRuntimeFor: typeof needsRuntimeFor };

/**
 * Whether the runtime must come to report something about the page; an attribute that may be a misspelt
 * option too (a `revison` that never asks again: one that starts as an option does), which the runtime words
 * (runtime/misspelt-options.ts), as a first visit's does once the banner is used.
 */
const needsRuntimeFor: typeof pageNeedsRuntime = (element, config) => {
  const options = Object.values(OPTION_ATTRIBUTES);
  return pageNeedsRuntime(element, config)
    || [...element.attributes].some(({ name }) => !options.includes(name) && options.some((option) => option.slice(0, 3) === name.slice(0, 3)));
};

registerChunk('returning', { renderReopen, needsRuntimeFor } satisfies ReturningExports);
