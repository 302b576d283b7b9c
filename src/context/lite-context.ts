// Script build only (rollup.config.js swaps it in for @lit/context, about 600 B brotli less):
// the part of the context protocol our elements use, so a page's own consumers (with
// @lit/context or not) still get `<migu-consent>`'s state by a `context-request` event.
// https://github.com/webcomponents-cg/community-protocols/blob/main/proposals/context.md
import type { ReactiveControllerHost } from 'lit';

type Callback<T> = (value: T, unsubscribe?: () => void) => void;
type Host = ReactiveControllerHost & HTMLElement;
interface ContextRequest<T> extends Event {
  context: unknown;
  contextTarget?: Element;
  callback: Callback<T>;
  subscribe?: boolean;
}

export const createContext = <T>(key: unknown): { __context__: T } => key as { __context__: T };

export class ContextProvider<T> {
  private v: T;
  /** Subscribed callbacks and their unsubscribe functions (the same one on every call, as consumers expect). */
  private readonly s = new Map<Callback<T>, () => void>();

  constructor(host: Host, { context, initialValue }: { context: unknown; initialValue: T }) {
    this.v = initialValue;
    host.addEventListener('context-request', (e) => {
      const { context: c, contextTarget, callback, subscribe } = e as ContextRequest<T>;
      if (c !== context || (contextTarget ?? e.composedPath()[0]) === host) return;
      e.stopPropagation();
      if (!subscribe) return callback(this.v);
      if (!this.s.has(callback)) this.s.set(callback, () => { this.s.delete(callback); });
      callback(this.v, this.s.get(callback));
    });
  }

  setValue(v: T): void {
    this.v = v;
    for (const [callback, unsubscribe] of this.s) callback(v, unsubscribe);
  }
}

export class ContextConsumer<T> {
  value: T | undefined;

  constructor(host: Host, { context }: { context: unknown; subscribe: true }) {
    let unsubscribe: (() => void) | undefined;
    const callback: Callback<T> = (value, u) => {
      this.value = value;
      unsubscribe = u;
      host.requestUpdate();
    };
    host.addController({
      hostConnected: () => {
        host.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
          context, contextTarget: host, callback, subscribe: true,
        }));
      },
      hostDisconnected: () => {
        unsubscribe?.();
        unsubscribe = undefined;
      },
    });
  }
}
