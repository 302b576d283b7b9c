/** The gate element's tag: what the loader and the re-open button without Lit look for (the gate is part of the UI). */
export const GATE_TAG = 'migu-consent-gate';

/** The gate's attributes, as its class observes them (test/elements/stub.test.ts holds the two equal). */
export const GATE_ATTRIBUTES = 'category service';

/**
 * Calls `fn` once a `<migu-consent-gate>` is added to the page, by the parser or by a script, unless
 * `done()` says the watch is over first. Only the added nodes are looked at: a page without gates pays
 * no query over the document per batch.
 */
export function onGateAdded(fn: () => void, done: () => boolean): void {
  const observer = new MutationObserver((records) => {
    const added = records.some((r) => [...r.addedNodes].some((n) => n instanceof Element && (n.localName === GATE_TAG || n.getElementsByTagName(GATE_TAG).length)));
    if (added || done()) observer.disconnect();
    if (added) fn();
  });
  observer.observe(document, { childList: true, subtree: true });
}
