import { applyLink } from './activate-link.js';
import type { GatedMedia } from './activate-media.js';
import { applyMedia } from './activate-media.js';
import type { ScriptQueue } from './activate-script.js';
import { isHtml, parsed } from './scan.js';

export interface GatedBatch {
  /** Allowed scripts the parser is still in: looked at again with the next batch, not only at DOMContentLoaded. */
  unparsed: Set<HTMLScriptElement>;
  scripts: ScriptQueue;
  allowed: (el: Element) => boolean;
  /** Whether gating handles the element (it may report it first, check-markup.ts). */
  handled: (el: Element) => boolean;
  /** Links and media not allowed go back to clean and inert (the runtime); else they are left as they are (the first stage). */
  revert: boolean;
}

/**
 * Applies consent to a batch of gated elements, and to the scripts the parser was in before:
 * allowed scripts are queued in document order once parsed (an external one at once), links and media follow `allowed`.
 * The one way the runtime's gating (index.ts) and the first stage's (early.ts) apply a batch.
 */
export function applyBatch(elements: Element[], { unparsed, scripts, allowed, handled, revert }: GatedBatch): void {
  if (!elements.length && !unparsed.size) return;
  const ready: HTMLScriptElement[] = [];
  for (const el of new Set([...unparsed, ...elements])) {
    if (!handled(el)) continue;
    const ok = allowed(el);
    if (isHtml(el)) {
      unparsed.delete(el);
      // an external script needs nothing but its start tag, which the parser adds whole: its text is never run
      if (ok && (el.hasAttribute('src') || parsed(el))) ready.push(el);
      else if (ok) unparsed.add(el);
    } else if (ok || revert) {
      if (isHtml<HTMLAnchorElement>(el, 'a')) applyLink(el, ok);
      else applyMedia(el as GatedMedia, ok);
    }
  }
  // document order, also across the records of one batch (2: Node.DOCUMENT_POSITION_PRECEDING, fewer bytes)
  scripts.add(ready.sort((a, b) => (a.compareDocumentPosition(b) & 2 ? 1 : -1)));
}
