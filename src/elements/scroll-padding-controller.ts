import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * While a bar (banner, signal notice) is shown at the bottom, the page scrolls focused
 * elements above it (WCAG 2.4.11 Focus Not Obscured): `scroll-padding-bottom` on `<html>`
 * follows the bar's height. `find` returns the bar the host shows after each update, if any.
 */
export class ScrollPaddingController implements ReactiveController {
  private readonly _find: () => Element | undefined;
  private _stop: ((reset: boolean) => void) | undefined;
  private _padded: Element | undefined;

  constructor(host: ReactiveControllerHost, find: () => Element | undefined) {
    this._find = find;
    host.addController(this);
  }

  hostUpdated(): void {
    const bar = this._find();
    if (bar !== this._padded) this._pad(bar);
  }

  hostDisconnected(): void {
    this._pad(undefined);
  }

  private _pad(bar: Element | undefined): void {
    this._padded = bar;
    this._stop?.(true);
    this._stop = bar ? padBelow(bar) : undefined;
  }
}

/**
 * Keeps `<html>`'s `scroll-padding-bottom` at `bar`'s height (plus a margin) while it is shown;
 * the returned function stops, and with `reset` clears the padding. Used by the controller and by
 * the script build's banner without Lit (banner-lite.ts).
 */
export function padBelow(bar: Element): (reset: boolean) => void {
  if (typeof ResizeObserver === 'undefined') return () => undefined;
  const style = document.documentElement.style;
  const observer = new ResizeObserver(() => {
    if (bar.isConnected) style.scrollPaddingBottom = `${String(bar.getBoundingClientRect().height + 16)}px`;
  });
  observer.observe(bar);
  return (reset) => {
    observer.disconnect();
    if (reset) style.scrollPaddingBottom = '';
  };
}
