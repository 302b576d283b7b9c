// Whether the script build's runtime must come although nothing uses it (a first visit's banner
// untouched, a returning visitor's page with nothing to sweep): to say what is wrong with the page,
// as it would on any page (src/lazy/check.ts fetches this for the first stage). It
// says nothing itself: the runtime reports, in its own words, once. The validator and the checks
// are the runtime's own modules.
import { parseConfigJson, resolveConfig } from '../core/config.js';
import { optionsFromElement } from './options.js';
import { configOf } from './config-source.js';
import { domainCovers } from '../shared/url.js';
import { markupProblem, serviceProblems } from '../gating/check-markup.js';
import { scan } from '../gating/scan.js';

/**
 * Whether the runtime of `element` would report anything: an attribute with a bad value, no
 * policy-url, a cookie-domain that does not cover the host, a config with errors or unknown keys,
 * gated markup that cannot be kept inert or names no service of a category asked for separately.
 */
export function needsRuntime(element: HTMLElement): boolean {
  try {
    let problems = 0;
    const options = optionsFromElement(element, () => { problems++; });
    if (problems || !options.policyUrl) return true;
    if (options.cookieDomain && !domainCovers(options.cookieDomain, location.hostname)) return true;
    const input = configOf(element);
    const { config, errors, warnings } = typeof input === 'string' ? parseConfigJson(input) : resolveConfig(input);
    if (errors.length || warnings?.length) return true;
    return scan(document).some((el) => markupProblem(el) !== undefined || serviceProblems(el, config).length > 0);
  } catch {
    return true; // a config object whose getters throw: the runtime reports it
  }
}
