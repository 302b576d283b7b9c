import type { ChangeDetail, ConsentState } from '../core/types.js';

export const READY_EVENT = 'migu-consent-ready';
export const CHANGE_EVENT = 'migu-consent-change';

declare global {
  interface GlobalEventHandlersEventMap {
    'migu-consent-ready': CustomEvent<ConsentState>;
    'migu-consent-change': CustomEvent<ChangeDetail>;
  }
  interface DocumentEventMap {
    'migu-consent-ready': CustomEvent<ConsentState>;
    'migu-consent-change': CustomEvent<ChangeDetail>;
  }
}

/**
 * Dispatches a bubbling, composed event, so that it reaches `document` from inside any shadow root;
 * from a `<migu-consent>` the page took out (the script build's runtime goes on for it until the UI
 * is there), on `document` itself: the page's listeners hear of what was decided all the same. Any
 * other target (`migu-consent/core`'s) gets its events where it is.
 */
export function dispatch<T>(target: EventTarget, type: string, detail: T): void {
  const out = (target as Element).localName === 'migu-consent' && !(target as Element).isConnected;
  (out ? document : target).dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
}
