import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * While a bar (banner, signal notice) is shown at the bottom, the page scrolls focused
 * elements above it (WCAG 2.4.11 Focus Not Obscured): `scroll-padding-bottom` on `<html>`
 * follows the bar's height. `find` returns the bar the host shows after each update, if any.
 */
export class ScrollPaddingController implements ReactiveController {
  private readonly _find: () => Element | undefined;
  private _observer: ResizeObserver | undefined;
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
    this._observer?.disconnect();
    const style = document.documentElement.style;
    style.scrollPaddingBottom = '';
    if (!bar || typeof ResizeObserver === 'undefined') return;
    this._observer = new ResizeObserver(() => {
      style.scrollPaddingBottom = `${String(bar.getBoundingClientRect().height + 16)}px`;
    });
    this._observer.observe(bar);
  }
}
