import { STATE } from './scan.js';
import { gatedUrl, gatedUrls } from './url.js';

/**
 * `<img data-src data-srcset>` and `<iframe data-src>`: the URLs are set only while
 * allowed, and only http(s) ones (never `srcdoc`). On withdrawal a frame goes back to
 * `about:blank` and inert; an image already loaded stays, and is not loaded again.
 */
export function applyMedia(el: HTMLImageElement | HTMLIFrameElement, allowed: boolean): void {
  const state = el.getAttribute(STATE);
  if (allowed) {
    const src = el.getAttribute('data-src');
    const srcset = el instanceof HTMLImageElement ? el.getAttribute('data-srcset') : null;
    const url = src === null ? undefined : gatedUrl(src, el);
    if ((src !== null && !url) || (srcset !== null && !gatedUrls(srcset, el, /,/))) {
      el.setAttribute(STATE, 'refused');
      return;
    }
    el.setAttribute(STATE, 'activated');
    // compared first: setting the same URL again would reload a frame
    if (srcset !== null && el.getAttribute('srcset') !== srcset) el.setAttribute('srcset', srcset);
    if (url && el.getAttribute('src') !== url) el.setAttribute('src', url);
  } else if (state === 'activated' && el instanceof HTMLIFrameElement) {
    el.src = 'about:blank';
    el.removeAttribute(STATE);
  }
}
