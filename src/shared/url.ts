// The URL checks every layer shares: only http(s) URLs are ever written, fetched or activated.
import { logError } from './log.js';

/** A URL that may be shown as a link or posted to: http(s) only, resolved as the page's markup is (its `<base href>`). */
export function safeHttpUrl(value: string, base?: string): string | undefined {
  try {
    const url = new URL(value, base ?? (typeof document === 'undefined' ? undefined : document.baseURI));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The policy link for the banner's language: `{lang}` in `policy-url` (checked as an http(s) URL,
 * which writes it `%7Blang%7D`) becomes `zh-CN`, `zh-TW` or `en`, for a policy per language. No
 * regular expression: this runs as a first visit's banner renders (theme-contrast.ts says why).
 */
export const policyHref = (url: string, lang: string): string => url.split('{lang}').join(lang).split('%7Blang%7D').join(lang);

/**
 * Whether a cookie `Domain` (".migu.cn") covers a host name: the host is that domain or under it.
 * A browser refuses a cookie whose domain does not.
 */
export function domainCovers(domain: string, hostname: string): boolean {
  const d = domain.replace(/^\./, '').toLowerCase();
  const h = hostname.replace(/\.$/, '').toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}

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
