import { gatedUrl, gatedUrls } from './url.js';

const CLEAN = 'data-clean-href';

/**
 * `<a href="CLEAN" data-href="TRACKED" data-ping="PING">`: the tracked URL and the
 * `ping` only while allowed, else the clean link and no `ping` at all. The clean href
 * is kept in an attribute, so that a copy of the link made meanwhile knows it too.
 */
export function applyLink(a: HTMLAnchorElement, allowed: boolean): void {
  const tracked = a.getAttribute('data-href');
  const ping = a.getAttribute('data-ping') ?? a.getAttribute('ping');
  if (allowed) {
    // '' when there is no tracked URL; undefined when it is refused (the link stays clean)
    const href = tracked === null ? '' : gatedUrl(tracked, a);
    if (href !== undefined && (ping === null || gatedUrls(ping, a, /\s+/))) {
      if (!a.hasAttribute(CLEAN)) a.setAttribute(CLEAN, a.getAttribute('href') ?? '');
      if (href) a.href = href;
      if (ping !== null) a.setAttribute('ping', ping);
      return;
    }
  }
  const clean = a.getAttribute(CLEAN);
  if (clean !== null) {
    if (clean) a.setAttribute('href', clean);
    else a.removeAttribute('href');
    a.removeAttribute(CLEAN);
  }
  // a `ping` written in the markup comes back on grant
  if (ping !== null && !a.hasAttribute('data-ping')) a.setAttribute('data-ping', ping);
  a.removeAttribute('ping');
}
