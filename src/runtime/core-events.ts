// The runtime's events as `migu-consent/core` sends them, also in an engine without the DOM's event
// classes (older React Native's Hermes has no EventTarget and no CustomEvent). The script build swaps
// this file for core-events-script.ts (rollup.config.js): a page always has them.
import { logError } from '../shared/log.js';
import { dispatch } from './events.js';

/** {@link dispatch}, or without CustomEvent a plain `{ type, detail }` (for {@link listenerList}). */
export function emit<T>(target: EventTarget, type: string, detail: T): void {
  if (typeof CustomEvent == 'function') dispatch(target, type, detail);
  else target.dispatchEvent({ type, detail } as unknown as Event);
}

type Listener = EventListenerOrEventListenerObject;

/**
 * The part of EventTarget the runtime's events need, for an engine without one: add (with `once`),
 * remove, and dispatch to the listeners of the event's type, in order. A listener that throws is
 * reported and the others still run, as with EventTarget; nothing throws into the caller.
 */
export function listenerList(): EventTarget {
  let all: [type: string, listener: Listener, once: boolean][] = [];
  const at = (type: string, listener: Listener | null): number => all.findIndex(([t, l]) => t === type && l === listener);
  const target: EventTarget = {
    addEventListener(type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions): void {
      if (listener && at(type, listener) < 0) all.push([type, listener, (options as AddEventListenerOptions | undefined)?.once === true]);
    },
    removeEventListener(type: string, listener: Listener | null): void {
      all = all.filter((_, i) => i !== at(type, listener));
    },
    dispatchEvent(event: Event): boolean {
      for (const entry of all.filter(([t]) => t === event.type)) {
        const [, listener, once] = entry;
        if (!all.includes(entry)) continue; // removed by a listener before it
        if (once) all = all.filter((e) => e !== entry);
        try {
          if (typeof listener == 'function') listener.call(target, event);
          else listener.handleEvent(event);
        } catch (e) {
          logError('listener', `a ${event.type} listener threw: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      return true;
    },
  };
  return target;
}
