// Sibling sites (docs/sibling-domains.md): a link in the page that already holds a handoff was not
// made by this page (links get one only at the moment they are followed, and lose it right after).
// It is user content planted to make a sibling record a grant the user never gave: the sibling takes
// a grant from a page of a listed sibling, and this page is one. Handled before anything else sees
// the link, from the first stage on: a handoff in the link's own URL is removed for good (a sibling
// link then carries the user's own choice, runtime/handoff-links.ts, or none); one encoded inside it
// (the URL of a redirect that leads to a sibling) cannot be taken out, so the link is not followed.
import { mentionsHandoff, withoutHandoff } from '../core/handoff.js';
import { logWarn } from '../shared/log.js';

const TYPES = ['click', 'auxclick', 'contextmenu', 'submit'];

/** The parts of the Navigation API used here (not in every TypeScript lib.dom yet). */
export interface NavigateEventLike extends Event {
  readonly destination: { readonly url: string; readonly sameDocument: boolean };
  readonly formData: FormData | null;
  readonly navigationType: string;
}

/**
 * Set while this page's sibling links run (runtime/handoff-links.ts): they hand the user's choice over,
 * and decide about the navigations that carry a handoff. A global: they come in another file.
 */
export const LINKS_ON = Symbol.for('migu-consent.handoff-links');

/**
 * Disarms planted handoffs in links (`<a>`, `<area>`, SVG `<a>`) as they are followed or their context
 * menu opens, and stops a form whose submission would carry one (its action, or a field of a GET form
 * named for it). Returns the stop.
 */
export function disarmPlantedHandoffs(): () => void {
  const onLink = (e: Event): void => {
    if (e.type === 'submit') {
      const form = e.target as HTMLFormElement;
      const { submitter } = e as SubmitEvent;
      let url = '';
      try {
        // attributes, not form.action: a field named "action" hides that one
        url = `${submitter?.getAttribute('formaction') ?? form.getAttribute('action')}?${new URLSearchParams(new FormData(form, submitter) as unknown as string[][])}`;
      } catch {
        /* a submit event a script made on something that is no form: nothing is sent */
      }
      if (mentionsHandoff(url)) {
        e.preventDefault();
        logWarn('handoff', 'a form that would send a handoff (user content?) was stopped');
      }
      return;
    }
    const link = e.composedPath().find((n) => /^(a|area)$/.test((n as Element).localName ?? '')) as Element | undefined;
    // the link's own attributes: an SVG link's href is no string, and its xlink:href counts as well
    for (const attr of link ? [...link.attributes] : []) {
      if (!/^(xlink:)?href$/.test(attr.name)) continue;
      const clean = withoutHandoff(attr.value);
      if (mentionsHandoff(clean)) {
        attr.ownerElement?.removeAttribute(attr.name);
        e.preventDefault();
        logWarn('handoff', 'a link holding an encoded handoff (user content?) is not followed: its href was removed');
      } else if (clean !== attr.value) {
        attr.value = clean;
      }
    }
  };
  // Where the browser has the Navigation API: a navigation that no link starts (`<meta http-equiv="refresh">`
  // in user content, a redirect script given the URL) loses a handoff it carries; one encoded in its URL
  // is stopped. Until the sibling links run this page makes none (a visitor who has not chosen has none)
  const onNavigate = (event: Event): void => {
    const e = event as NavigateEventLike;
    const { url } = e.destination;
    if ((globalThis as { [LINKS_ON]?: boolean })[LINKS_ON] || !mentionsHandoff(url) || !e.cancelable || e.destination.sameDocument
      || e.navigationType === 'reload') return;
    e.preventDefault();
    const clean = withoutHandoff(url);
    logWarn('handoff', 'a navigation with a handoff this page did not make (user content?) was stopped');
    if (!e.formData && !mentionsHandoff(clean)) location[e.navigationType === 'replace' ? 'replace' : 'assign'](clean);
  };
  const navigation = (window as { navigation?: EventTarget }).navigation;
  for (const type of TYPES) addEventListener(type, onLink, true);
  navigation?.addEventListener('navigate', onNavigate);
  return () => {
    for (const type of TYPES) removeEventListener(type, onLink, true);
    navigation?.removeEventListener('navigate', onNavigate);
  };
}
