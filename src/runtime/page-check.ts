// Whether the script build's runtime must come although nothing uses it (a first visit's banner
// untouched, a returning visitor's page with nothing to sweep): to say what is wrong with the page,
// as it would on any page. It says nothing itself: the runtime reports, in its own words, once.
// The checks are the runtime's own modules. This part needs a config validated already: a
// returning visitor's early config, of a text the runtime found clean on an earlier page
// (lazy/returning.ts); runtime/config-check.ts validates the page's config first (lazy/check.ts).
import type { ResolvedConfig } from '../core/types.js';
import { attributesOf, checkOptions } from './option-checks.js';
import { domainCovers } from '../shared/url.js';
import { isKnownId, markupProblem, serviceProblems } from '../gating/check-markup.js';
import { isAllowed, scan } from '../gating/scan.js';

/**
 * Whether the runtime of `element`, with `config` validated, would report anything: an attribute
 * with a bad value, no policy-url, a cookie-domain that does not cover the host, gated markup that
 * cannot be kept inert, names no service of a category asked for separately, or names an id the config lacks.
 */
export function needsRuntimeFor(element: HTMLElement, config: ResolvedConfig): boolean {
  try {
    let problems = 0;
    const options = checkOptions(attributesOf(element), () => { problems++; });
    if (problems || !options.policyUrl) return true;
    if (options.cookieDomain && !domainCovers(options.cookieDomain, location.hostname)) return true;
    // an id the config lacks, asked through the first stage's isAllowed (bytes a first visit has already)
    const known = (category: string, service?: string): boolean => isKnownId(category, config) && (!service || isKnownId(service, config));
    return scan(document).some((el) => markupProblem(el) !== undefined || serviceProblems(el, config).length > 0 || !isAllowed(el, known));
  } catch {
    return true; // not expected: the runtime tells
  }
}
