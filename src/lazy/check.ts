// dist/migu-consent.check.js: while nothing uses it, the runtime does not come (src/iife.ts); this
// file, fetched once the page is idle, tells whether it must come all the same, to report what is
// wrong with the page, its config validated (runtime/config-check.ts); the site's theme colours,
// when it sets any, the theme file reports (lazy/theme.ts). A returning visitor whose config the
// runtime found clean before gets lazy/returning.ts instead: the theme was checked on the first visit.
import { needsRuntime } from '../runtime/config-check.js';
import { DEFAULT_OPTIONS } from '../runtime/option-checks.js';
import { themeSet } from '../elements/theme-contrast.js';
import { loadViaLoader, registerChunk } from '../shared/loader-link.js';
import type { ThemeExports } from './theme.js';

export type CheckExports = { needsRuntime: typeof needsRuntime };

/**
 * A first visit's check: whether the runtime must come to report something about the page, or to send
 * receipts an earlier page could not deliver (a reset's: with no choice stored nothing else brings it;
 * a returning visitor's runtime comes for them anyway). The site's theme, which the runtime does not
 * check in this build, is reported from here, when the page sets its colours.
 */
export const checkFirstVisit = (element: HTMLElement): boolean => {
  try {
    if (themeSet(element)) loadViaLoader<ThemeExports>('theme', 'the theme\'s contrast is not checked', (t) => { t.warnThemeProblems(element, element); });
  } catch {
    // a diagnostic: nothing to break
  }
  return needsRuntime(element) || receiptsQueued(element);
};

/** Whether `element` has a receipt-endpoint and receipts wait in its queue (an invalid cookie-name: needsRuntime said so). */
const receiptsQueued = (element: HTMLElement): boolean => {
  try {
    return !!element.getAttribute('receipt-endpoint') && !!localStorage.getItem(`${element.getAttribute('cookie-name') || DEFAULT_OPTIONS.cookieName}.receipts`);
  } catch {
    return false; // storage blocked: no queue left by another page
  }
};

registerChunk('check', { needsRuntime: checkFirstVisit } satisfies CheckExports);
