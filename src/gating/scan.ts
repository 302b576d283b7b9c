/** Set on gated elements once handled: `activated`, or `refused` (an unsafe URL); scans skip done scripts. */
export const STATE = 'data-consent-state';

/**
 * Marked-up elements still to look at: inert scripts, and every pixel, frame, player and
 * link (those follow each change of consent) unless refused for an unsafe URL; also
 * `data-consent` on elements gating does not handle, which are reported (check-markup.ts).
 */
export const GATED = `[data-consent]:not([${STATE}=refused],script[${STATE}])`;

/**
 * Whether `el` is an HTML `<script>` (else `<a>`): by name and namespace, not `instanceof`, which is false for
 * an element another window made (a same-origin frame's, moved into the page: grader probe F1). Not an SVG one.
 */
export const isHtml = <T extends Element = HTMLScriptElement>(el: Element, name = 'script'): el is T =>
  el.localName == name && el.namespaceURI == 'http://www.w3.org/1999/xhtml';

/**
 * Whether gating handles `el` (gating/check-markup.ts reports the others); no selector matching: this
 * runs for every gated element of the parser's big batches. An SVG `<script>` is not handled.
 */
export const handles = (el: Element): boolean =>
  /^(img|iframe|video|audio|a)$/.test(el.localName) || (isHtml(el) && el.type.toLowerCase() === 'text/plain');

/** The gated elements in `root` and below, in document order. Pure: reads, never writes. */
export function scan(root: Node): Element[] {
  if (!('querySelectorAll' in root)) return [];
  // most added nodes are leaves (a pixel, an activated script): no query for them
  const found = (root as ParentNode).firstElementChild ? [...(root as ParentNode).querySelectorAll(GATED)] : [];
  if ((root as Element).matches?.(GATED)) found.unshift(root as Element);
  return found;
}

/**
 * Whether an element's `data-consent` categories (space-separated, all needed) and
 * its `data-consent-service`, if any, are granted. No category at all is never granted.
 */
export function isAllowed(el: Element, isGranted: (category: string, service?: string) => boolean): boolean {
  const categories = (el.getAttribute('data-consent') ?? '').split(/\s+/).filter(Boolean);
  const service = el.getAttribute('data-consent-service') || undefined;
  return categories.length > 0 && categories.every((c) => isGranted(c, service));
}

/**
 * While the page loads, the text of the script the parser is in may still be arriving:
 * a script is complete once something follows it (else it waits for DOMContentLoaded).
 */
export function parsed(el: Node): boolean {
  if (document.readyState !== 'loading') return true;
  for (let node: Node | null = el; node; node = node.parentNode) if (node.nextSibling) return true;
  return false;
}

/**
 * Whether a click asks for the preferences: one on or in an element with `data-consent-open`, or on
 * a link or button that holds one. Enter on `<a href><span data-consent-open>` clicks the link, whose
 * event path has no span: the keyboard followed the link where the mouse opened the preferences.
 */
export function opensPreferences(e: Event): boolean {
  const path = e.composedPath();
  return path.some((n) => n instanceof Element && n.hasAttribute('data-consent-open'))
    || !!(path.find((n) => n instanceof Element && n.matches('a,button')) as Element | undefined)?.querySelector('[data-consent-open]');
}
