import { logError } from '../shared/log.js';
import { gatedUrl, gatedUrls, safeHttpUrl } from '../shared/url.js';

// Kept here, never in the DOM: markup that pre-sets a "saved" href (a sanitizer keeps data-*) cannot plant one.
/** Per link showing its tracked URL: the clean href it had ('': none). */
const cleanOf = new WeakMap<HTMLAnchorElement, string>();
/** Per tracked URL written: the clean href it replaced, so that a copy of the link made meanwhile knows it too. */
const cleanFor = new Map<string, string>();
/**
 * The clean href saved for `a`, or for the link it was copied from (whose tracked URL it shows).
 * When the page wrote an href of its own over the tracked one (a framework rendering the link for
 * another item), that one is the clean href now: the saved one belonged to the link before.
 */
const saved = (a: HTMLAnchorElement, href: string | null): string | undefined =>
  (href === null || !cleanFor.has(href) ? (cleanOf.has(a) ? href ?? '' : undefined) : cleanOf.get(a) ?? cleanFor.get(href));

/**
 * `<a href="CLEAN" data-href="TRACKED" data-ping="PING">`: the tracked URL and the
 * `ping` only while allowed, else the clean link and no `ping` at all. Only a clean href
 * saved here comes back, and only an http(s) one.
 */
export function applyLink(a: HTMLAnchorElement, allowed: boolean): void {
  const tracked = a.getAttribute('data-href');
  const ping = a.getAttribute('data-ping') ?? a.getAttribute('ping');
  const current = a.getAttribute('href');
  if (allowed) {
    // '' when there is no tracked URL; undefined when it is refused (the link stays clean)
    const href = tracked === null ? '' : gatedUrl(tracked, a);
    if (href !== undefined && (ping === null || gatedUrls(ping, a, /\s+/))) {
      if (href) {
        const clean = saved(a, current) ?? current ?? '';
        cleanOf.set(a, clean);
        cleanFor.set(href, clean);
        a.href = href;
      }
      if (ping !== null) a.setAttribute('ping', ping);
      return;
    }
  }
  const clean = saved(a, current);
  cleanOf.delete(a);
  if (clean !== undefined) {
    if (clean && safeHttpUrl(clean)) a.setAttribute('href', clean);
    else {
      if (clean) logError('gating', `<a> clean href ${JSON.stringify(clean.slice(0, 60))} is not an http(s) URL: the link gets none`);
      a.removeAttribute('href');
    }
  }
  // a `ping` written in the markup comes back on grant
  if (ping !== null && !a.hasAttribute('data-ping')) a.setAttribute('data-ping', ping);
  a.removeAttribute('ping');
}
