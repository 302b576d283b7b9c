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
 * The bar that pads the page now, and the page's own padding: a global symbol, as the banner
 * without Lit and the UI come in different files.
 */
const PADDING = Symbol.for('migu-consent.padding');
type Padding = { bar: Element; own: string; base?: number } | undefined;
const padding = (): { now?: Padding } => ((globalThis as { [PADDING]?: { now?: Padding } })[PADDING] ??= {});

/**
 * While `bar` (fixed at the bottom: the banner, the signal notice, the re-open button) is shown,
 * the page keeps focused elements above it (WCAG 2.4.11 Focus Not Obscured): `<html>` gets a
 * `scroll-padding-bottom` of what the bar covers, and as much more `padding-bottom`, so that the
 * page's last elements can scroll above it too. A page that scrolls in a container of its own (an app
 * shell: `<main style="position:fixed; overflow:auto">`), which that padding does not reach, has what
 * gets keyboard focus behind the bar scrolled above it there. The returned function stops; with `reset` it gives
 * `<html>` its own values back, unless another bar pads by now (the UI's, taking over). Used by the
 * controller and by the script build's parts without Lit.
 */
export function padBelow(bar: Element): (reset: boolean) => void {
  if (typeof ResizeObserver === 'undefined') return () => undefined;
  const html = document.documentElement;
  const { style } = html;
  const shared = padding();
  // the page's own padding is read in the observer's callback, after layout: no forced style pass here
  const page: NonNullable<Padding> = shared.now ?? { own: style.paddingBottom, bar };
  page.bar = bar;
  shared.now = page;
  const reset = (): void => {
    if (shared.now?.bar !== bar) return;
    shared.now = undefined;
    style.scrollPaddingBottom = '';
    style.paddingBottom = page.own;
  };
  let frame = 0;
  const observer = new ResizeObserver(() => {
    if (!bar.isConnected) return reset();
    // written in the next frame: the page's new padding can bring a scrollbar that resizes the bar
    // again, which inside this callback browsers report as a ResizeObserver loop error on the page
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (shared.now?.bar !== bar || !bar.isConnected) return;
      const covered = innerHeight - bar.getBoundingClientRect().top + 8;
      page.base ??= parseFloat(getComputedStyle(html).paddingBottom) || 0;
      style.scrollPaddingBottom = `${String(covered)}px`;
      style.paddingBottom = `${String(page.base + covered)}px`;
    });
  });
  observer.observe(bar);
  // a frame after focusin: the browser has scrolled the element into its scroller's view by then
  const onFocus = ({ target }: Event): void => {
    requestAnimationFrame(() => {
      const el = target as Element;
      const box = el.getBoundingClientRect();
      const covers = bar.getBoundingClientRect();
      const below = box.bottom - covers.top + 8;
      // keyboard focus only: a mouse press focuses too, and a scroll before the release would move what
      // was pressed from under the pointer (no :focus-visible, as in Safari before 15.4: nothing is done)
      try {
        if (below <= 8 || box.right <= covers.left || box.left >= covers.right || !el.matches(':focus-visible')) return;
      } catch {
        return;
      }
      // the document's own scroller is padded above; the host of what our bar holds ends above the bar
      for (let up = el.parentElement; up && up !== html && up !== document.body; up = up.parentElement) {
        if (up.scrollHeight > up.clientHeight && /auto|scroll/.test(getComputedStyle(up).overflowY)) return void (up.scrollTop += below);
      }
    });
  };
  document.addEventListener('focusin', onFocus);
  return (andReset) => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    document.removeEventListener('focusin', onFocus);
    if (andReset) reset();
  };
}
