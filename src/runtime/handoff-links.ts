// Sibling sites (docs/sibling-domains.md), the outgoing half: links to a listed sibling get the
// current choice as a handoff at the moment they are followed; handoffs this page did not make
// are taken out of whatever the page navigates to.
import { encodeHandoff, handoffIn, mentionsHandoff, siblingOf, withHandoff, withoutHandoff } from '../core/handoff.js';
import type { NavigateEventLike } from './handoff-planted.js';
import { disarmPlantedHandoffs, LINKS_ON } from './handoff-planted.js';
import type { ConsentStore } from '../core/store.js';
import { siblingsFeatureWith, takeHandoff } from './handoff-feature.js';
import { logWarn } from '../shared/log.js';

/**
 * Decorates links to listed siblings when they are followed (click, Enter, middle click:
 * links inserted late too, and the href is put back right after, so a copied link never holds
 * one), never links to this site or any other host, never without a decided choice. Handoffs
 * this page did not make (a link in user content, a URL given to a redirect) are removed: from
 * a link when it is followed or its context menu opens, and, where the browser has the
 * Navigation API, from a navigation a script or a form starts. Returns the teardown.
 */
export function decorateLinks(store: ConsentStore): () => void {
  /** The values this page made: the navigations they start pass. */
  const minted = new Set<string>();
  /** `url` with the current choice when it leads to a sibling, else without any handoff. */
  const decorate = (url: string): string => {
    const siblings = store.config.siblings ?? [];
    let value: string | undefined;
    try {
      const { protocol, hostname } = new URL(url);
      const site = /^https?:$/.test(protocol) ? siblingOf(hostname, siblings) : undefined;
      const state = store.get();
      // a user under 14 has grants in the state only when a guardian confirmed them (policy.ts evaluate)
      value = site && site !== siblingOf(location.hostname, siblings) && state.decided ? encodeHandoff({
        ...store.proposedSelection(), revision: state.revision, consentId: '', updatedAt: Date.parse(state.updatedAt), guardian: store.minor,
      }, Date.now()) : undefined;
    } catch {
      return url; // not a URL: nothing to do
    }
    if (value) minted.add(value);
    return withHandoff(url, value);
  };

  const onLink = (e: MouseEvent): void => {
    if (e.type === 'auxclick' && e.button !== 1) return;
    const a = e.composedPath().find((n): n is HTMLAnchorElement => /^(a|area)$/.test((n as Element).localName ?? '')) ?? undefined;
    if (!a || typeof a.href !== 'string' || !a.hasAttribute('href')) return;
    const original = a.getAttribute('href') ?? '';
    // the context menu's "open in new tab" or "copy link" comes later: stripped for good, never decorated
    const href = e.type === 'contextmenu' ? withoutHandoff(a.href) : decorate(a.href);
    if (href === a.href) return;
    a.href = href;
    // the browser reads the href after the event; put back once it has
    if (e.type !== 'contextmenu') setTimeout(() => { if (a.href === href) a.setAttribute('href', original); });
  };

  const onNavigate = (event: Event): void => {
    const e = event as NavigateEventLike;
    const { url } = e.destination;
    const value = handoffIn(url);
    // same-document changes (a router's pushState / replaceState, a fragment) load no page: no handoff is
    // read; a reload goes back to this page, whatever its own URL holds
    if (!mentionsHandoff(url) || (value !== undefined && minted.has(value)) || !e.cancelable || e.destination.sameDocument
      || e.navigationType === 'reload') return;
    e.preventDefault();
    // one encoded inside the URL (a redirect's target) cannot be taken out
    if (e.formData || mentionsHandoff(withoutHandoff(url))) {
      logWarn('handoff', `a ${e.formData ? 'form submission' : 'navigation'} to a URL with a handoff this page did not make was stopped`);
      return;
    }
    const decorated = decorate(url);
    if (e.navigationType === 'replace') location.replace(decorated);
    else location.assign(decorated);
  };

  const types = ['click', 'auxclick', 'contextmenu'] as const;
  for (const type of types) document.addEventListener(type, onLink, true);
  const navigation = (window as { navigation?: EventTarget }).navigation;
  navigation?.addEventListener('navigate', onNavigate);
  const flags = globalThis as { [LINKS_ON]?: boolean };
  flags[LINKS_ON] = true;
  return () => {
    flags[LINKS_ON] = false;
    for (const type of types) document.removeEventListener(type, onLink, true);
    navigation?.removeEventListener('navigate', onNavigate);
  };
}

/**
 * The sibling-sites feature with the links at once (npm build; the script build fetches them as a chunk,
 * and its first stage disarms planted handoffs from the start, for the page's life).
 */
export const siblingsFeature = /* @__PURE__ */ siblingsFeatureWith((store, started) => {
  const stops = [disarmPlantedHandoffs(), decorateLinks(store)];
  started(() => { for (const stop of stops) stop(); });
}, takeHandoff);
