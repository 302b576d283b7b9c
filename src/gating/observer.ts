import { GATED, scan, STATE } from './scan.js';

/** Attributes whose change can make an element gated, or change what it would load. */
const WATCHED = ['data-consent', 'data-consent-service', 'data-src', 'data-srcset', 'data-poster', 'data-href', 'data-ping'];
/** Records in one batch from which a query over the whole document is the cheaper way. */
const WHOLE_DOCUMENT_AT = 100;

/**
 * Reports gated markup added later anywhere in the document (also deep inside an
 * added subtree) or whose gating attributes changed: one call per batch of records,
 * each element once, so that a thousand insertions cost one pass. Called for every batch.
 */
export function observeGated(onFound: (elements: Element[]) => void): () => void {
  const report = (found: Set<Element>): void => { onFound([...found].filter((el) => el.isConnected)); };
  // The parser delivers a page in a few batches of thousands of records: one query over the
  // document then costs far less than a JS wrapper for every added node (10-20 ms at 1x on a
  // page of 8,000 elements). Small batches, the usual later insertions, are scanned node by node.
  // Insertions and attribute changes have an observer each, so that a parser's batch is answered
  // without reading one of its records (even their type: 12 -> 2 ms on the bench's large page).
  const added = new MutationObserver((records) => {
    const found = new Set<Element>();
    if (records.length > WHOLE_DOCUMENT_AT) for (const el of scan(document)) found.add(el);
    else for (const record of records) for (const node of record.addedNodes) for (const el of scan(node)) found.add(el);
    // called for every batch, also without gated markup: the parser moving on may complete a script seen before
    report(found);
  });
  const changed = new MutationObserver((records) => {
    const found = new Set<Element>();
    for (const { target } of records) {
      const el = target as Element;
      // a corrected URL gets another chance
      if (el.getAttribute(STATE) === 'refused') el.removeAttribute(STATE);
      if (el.matches(GATED)) found.add(el);
    }
    report(found);
  });
  added.observe(document, { childList: true, subtree: true });
  changed.observe(document, { subtree: true, attributes: true, attributeFilter: WATCHED });
  return () => { added.disconnect(); changed.disconnect(); };
}
