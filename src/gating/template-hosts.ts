// A gate's template is stamped on its category's grant. A URL in it on a host a service declares (`hosts`),
// a separate or cross-border service's, must still wait for that service's own grant (REQUIREMENTS 25):
// accept-all grants the category, never the service. The guard cannot see it (the browser fetches cloned
// markup itself, through no setter), so before the content goes in the guards on the page are asked, and
// such an element is put in its gated form for the host's service; gating then loads it on that grant and
// stops it on withdrawal, as for the page's own. Asked of the guards, not of a config: in the script build
// the gate may stamp before the runtime, whose config it would read, is there (a returning visitor's page).
import { MEDIA_URLS, sourcesOf } from './activate-media.js';
import type { TrackerHost } from './guard.js';
import { liveGuards } from './guard.js';
import { logError } from '../shared/log.js';

/** The URL attributes the guard covers: those with a gated form (`data-src`), then the others. */
const URLS: Partial<Record<string, string[]>> = {
  ...MEDIA_URLS, link: ['href', 'imagesrcset'], embed: ['src'], object: ['data'], input: ['src'], image: ['href', 'xlink:href'],
};

/**
 * What refuses `value` (a URL, or a `srcset` list of them) now: the declared host of a guard on the page, the
 * first stage's or a runtime's (true from a guard of another copy that does not say), or nothing. A list is
 * refused when any of its candidates is.
 */
function refusedBy(value: string, list: boolean): unknown {
  for (const part of list ? value.split(',') : [value]) {
    for (const guard of liveGuards()) {
      const t = guard(part.trim().split(/\s/)[0]);
      if (t) return t;
    }
  }
  return undefined;
}

/**
 * Puts each element of `content` that would request a declared host not granted now in its gated form,
 * with that host's category and service: an image, frame, video, audio (with its `<source>`s, and a
 * `<picture>`'s). One with no gated form (an embed, an object, a link) loses its URLs, and the console says
 * so. Returns how many elements it changed.
 */
export function gateDeclaredHosts(content: DocumentFragment): number {
  let changed = 0;
  for (const el of content.querySelectorAll('*')) {
    // a source is seen with the element it feeds (gating/activate-media.ts); markup gated already waits
    if (el.localName === 'source' || !URLS[el.localName] || el.hasAttribute('data-consent')) continue;
    const parts = [el, ...sourcesOf(el)];
    let t: unknown;
    for (const part of parts) {
      for (const name of URLS[part.localName] ?? []) {
        const value = part.getAttribute(name);
        if (value !== null) t ||= refusedBy(value, /srcset/.test(name));
      }
    }
    if (!t) continue;
    changed++;
    const host = MEDIA_URLS[el.localName] && typeof t === 'object' ? t as TrackerHost : undefined;
    for (const part of parts) {
      for (const name of URLS[part.localName] ?? []) {
        const value = part.getAttribute(name);
        if (value === null) continue;
        part.removeAttribute(name);
        if (host) part.setAttribute(`data-${name}`, value);
      }
    }
    if (host) {
      el.setAttribute('data-consent', host.category);
      if (host.service) el.setAttribute('data-consent-service', host.service);
    } else {
      logError('gating', `<migu-consent-gate>: its template's <${el.localName}> requests a host not granted: left out; gate it apart, in a gated form`);
    }
  }
  return changed;
}
