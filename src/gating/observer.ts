import { GATED, scan, STATE } from './scan.js';

/** Attributes whose change can make an element gated, or change what it would load. */
const WATCHED = ['data-consent', 'data-consent-service', 'data-src', 'data-srcset', 'data-href', 'data-ping'];

/**
 * Reports gated markup added later anywhere in the document (also deep inside an
 * added subtree) or whose gating attributes changed: one call per batch of records,
 * each element once, so that a thousand insertions cost one pass. Called for every batch.
 */
export function observeGated(onFound: (elements: Element[]) => void): () => void {
  const observer = new MutationObserver((records) => {
    const found = new Set<Element>();
    for (const record of records) {
      if (record.type === 'attributes') {
        const el = record.target as Element;
        // a corrected URL gets another chance
        if (el.getAttribute(STATE) === 'refused') el.removeAttribute(STATE);
        if (el.matches(GATED)) found.add(el);
      } else {
        for (const node of record.addedNodes) for (const el of scan(node)) found.add(el);
      }
    }
    // called for every batch, also without gated markup: the parser moving on may complete a script seen before
    onFound([...found].filter((el) => el.isConnected));
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED });
  return () => { observer.disconnect(); };
}
