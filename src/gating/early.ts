// The script build's first stage activates a returning visitor's granted markup before the
// runtime is in (src/iife.ts): as the parser adds it, with gating's own activation. It only ever
// activates, and only what `isGranted` allows: that answer comes from the first stage's decision,
// which is the runtime's (runtime/first-stage.ts), and from the runtime's store once it is in.
// The runtime's gating (index.ts) then takes over with the same script queue, so the order of
// gated scripts and the record of those that ran (for a withdrawal's reload) carry over.
import type { ScriptQueue } from './activate-script.js';
import { applyBatch } from './apply.js';
import { observeGated } from './observer.js';
import { handles, isAllowed, scan } from './scan.js';

/**
 * Activates the granted gated elements of the document, now and as they are added, through
 * `scripts` (made with the same `isGranted`), and calls `onBatch` after each pass (a gate added, maybe). Returns the stop, which the runtime's gating calls
 * as it starts; scripts the parser is still in are left to it.
 */
export function startEarlyGating(
  isGranted: (category: string, service?: string) => boolean, scripts: ScriptQueue, onBatch: () => void,
): () => void {
  const batch = { unparsed: new Set<HTMLScriptElement>(), scripts, allowed: (el: Element) => isAllowed(el, isGranted), handled: handles, revert: false };
  const apply = (elements: Element[]): void => {
    applyBatch(elements, batch);
    onBatch();
  };
  const applyAll = (): void => { apply(scan(document)); };
  const stop = observeGated(apply);
  document.addEventListener('DOMContentLoaded', applyAll);
  applyAll();
  return () => {
    stop();
    document.removeEventListener('DOMContentLoaded', applyAll);
  };
}
