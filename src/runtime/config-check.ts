// runtime/page-check.ts with the page's config validated first (the config validator is most of
// dist/migu-consent.check.js): a first visit, or a config not known clean from an earlier page.
import { resolveConfig } from '../core/config.js';
import { configOf } from './config-source.js';
import { needsRuntimeFor } from './page-check.js';

/**
 * Whether the runtime of `element` would report anything: a config with errors or unknown keys,
 * or what {@link needsRuntimeFor} finds with the config validated.
 */
export function needsRuntime(element: HTMLElement): boolean {
  try {
    const input = configOf(element);
    const { config, errors, warnings } = resolveConfig(typeof input === 'string' ? JSON.parse(input) : input);
    return !!(errors.length || warnings?.length) || needsRuntimeFor(element, config);
  } catch {
    return true; // text that is no JSON (or only with a BOM, which the runtime reads), a config object whose getters throw
  }
}
