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

/** Dispatches a bubbling, composed event, so that it reaches `document` from inside any shadow root. */
export function dispatch<T>(target: EventTarget, type: string, detail: T): void {
  target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
}
