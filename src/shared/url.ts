import { logError } from '../runtime/log.js';
import { safeHttpUrl } from '../runtime/options.js';

/**
 * An http(s) URL (relative ones resolved against the page) or undefined; anything
 * else (`javascript:`, `data:`, `vbscript:`...) is reported and never used.
 */
export function gatedUrl(value: string, el: Element): string | undefined {
  const url = safeHttpUrl(value);
  if (!url) logError('gating', `<${el.localName}> not activated: ${JSON.stringify(value.slice(0, 60))} is not an http(s) URL`);
  return url;
}

/**
 * Checks every URL in a list (`srcset` candidates, `ping` targets). Splitting at each
 * comma finds every URL start, sometimes more: so it may refuse, never let through.
 */
export function gatedUrls(value: string, el: Element, separator: RegExp): boolean {
  return value.split(separator).every((part) => {
    const url = part.trim().split(/\s/)[0];
    return !url || gatedUrl(url, el) !== undefined;
  });
}
