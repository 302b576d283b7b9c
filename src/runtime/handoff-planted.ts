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
  for (const type of TYPES) addEventListener(type, onLink, true);
  return () => {
    for (const type of TYPES) removeEventListener(type, onLink, true);
  };
}
