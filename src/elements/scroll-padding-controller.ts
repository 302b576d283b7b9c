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
/** The page's own values, as they were before any bar: inline, and computed (its own fixed bars). */
type Padding = {
  bar: Element; own: string; ownScroll: string; base?: number; scroll?: number;
  /** The scroll containers padded (an app shell's), with their own values: inline, computed (scroll-padding, padding). */
  boxes: Map<HTMLElement, [string, string, number, number]>;
} | undefined;
const padding = (): { now?: Padding } => ((globalThis as { [PADDING]?: { now?: Padding } })[PADDING] ??= {});

/**
 * Shows `bar` in the top layer (a manual popover), where it is fixed to the viewport whatever its ancestors: a
 * `transform`, `filter`, `will-change` or `contain` on <body> or on an app's shell (a mourning day's grey page on
 * <body>, an old `translateZ(0)` hack, a page transition) makes them the box a fixed element is placed in, and the
 * banner sat at the end of a long page, out of view. Only then (padBelow's check): Firefox places a popover's fixed
 * bottom wrongly on a page set vertically, and in the top layer the bar is above the page's own overlays, whatever
 * `--migu-consent-z-index` says. The popover's default insets and margins are undone by BAR_CSS. Browsers without
 * popovers (Chrome < 114, Safari < 17, Firefox < 125) keep it where it was; one shown already stays as it is.
 */
function onTop(bar: HTMLElement): void {
  bar.setAttribute('popover', 'manual');
  try {
    bar.showPopover();
    // WebKit (WebKitGTK 2.50) keeps a box laid out before in its old containing block until its position changes
    bar.style.position = 'absolute';
    bar.getBoundingClientRect();
    bar.style.position = '';
  } catch {
    // shown already (a banner taken over), or no popovers: fixed as before
  }
}

/**
 * While `bar` (fixed at the bottom: the banner, the signal notice, the re-open button) is shown,
 * the page keeps focused elements above it (WCAG 2.4.11 Focus Not Obscured): `<html>` gets a
 * `scroll-padding-bottom` of what the bar covers (or the page's own, when larger: a fixed bar of
 * its own), and as much more `padding-bottom`, so that the page's last elements can scroll above it
 * too. A page that scrolls in a container of its own (an app shell: `<main style="position:fixed;
 * overflow:auto">`), which `<html>`'s does not reach, has that container padded likewise (both) as
 * something in it takes focus, before the browser scrolls it into view: nothing moves under a
 * mouse. The returned function stops; with `reset` it gives the page its own values back, unless
 * another bar pads by now (the UI's, taking over). Used by the controller and by the script
 * build's parts without Lit.
 */
export function padBelow(bar: Element): (reset: boolean) => void {
  if (typeof ResizeObserver === 'undefined') return () => undefined;
  const html = document.documentElement;
  const { style } = html;
  const shared = padding();
  // the page's own padding is read in the observer's callback, after layout: no forced style pass here
  const page: NonNullable<Padding> = shared.now ?? { own: style.paddingBottom, ownScroll: style.scrollPaddingBottom, bar, boxes: new Map() };
  page.bar = bar;
  shared.now = page;
  const reset = (): void => {
    if (shared.now?.bar !== bar) return;
    shared.now = undefined;
    style.scrollPaddingBottom = page.ownScroll;
    style.paddingBottom = page.own;
    for (const [box, [ownScroll, own]] of page.boxes) Object.assign(box.style, { scrollPaddingBottom: ownScroll, paddingBottom: own });
  };
  const px = (value: string): number => parseFloat(value) || 0;
  let frame = 0;
  const { host } = bar.getRootNode() as ShadowRoot;
  // A button of the bar under something of the page's: a chat widget's bubble, an "open in app" layer at z-index
  // 2147483647, above our 2147483000 (messy-pages probe F4). The document names <migu-consent> for what is in its
  // shadow root (our dialog too); Firefox's ShadowRoot#elementFromPoint never names what is outside it.
  const covered = (): boolean => [bar, ...bar.querySelectorAll('button')].some((button) => {
    const { x, y, width, height } = button.getBoundingClientRect();
    const hit = document.elementFromPoint(x + width / 2, y + height / 2);
    // none when the page hides it (an ad blocker's "##migu-consent" rule: no box)
    return width && hit && hit != host;
  });
  const raise = (): void => { if (bar.isConnected && covered()) onTop(bar as HTMLElement); };
  const update = (): void => {
    if (!bar.isConnected) return;
    const box = bar.getBoundingClientRect();
    // not where the viewport puts it (its bottom inset above the viewport's bottom): placed in something of the page's
    if ((bar as HTMLElement).offsetHeight && Math.abs(innerHeight - parseFloat(getComputedStyle(bar).bottom) - box.bottom) > 1) onTop(bar as HTMLElement);
    raise();
    if (shared.now?.bar !== bar) return;
    // none when the page hides it (an ad blocker's "##migu-consent" rule: no box, its top at 0)
    const covered = (bar as HTMLElement).offsetHeight && innerHeight - bar.getBoundingClientRect().top + 8;
    const computed = getComputedStyle(html);
    page.base ??= px(computed.paddingBottom);
    page.scroll ??= px(computed.scrollPaddingBottom);
    style.scrollPaddingBottom = `${String(Math.max(covered, page.scroll))}px`;
    style.paddingBottom = `${String(page.base + covered)}px`;
  };
  const observer = new ResizeObserver(() => {
    if (!bar.isConnected) return reset();
    // written in the next frame: the page's new padding can bring a scrollbar that resizes the bar
    // again, which inside this callback browsers report as a ResizeObserver loop error on the page
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(update);
  });
  observer.observe(bar);
  /** Pads `box` when it scrolls (an app shell's container): as <html>, for what it holds. Whether it did. */
  const padBox = (box: HTMLElement): boolean => {
    const computed = getComputedStyle(box);
    if (box.scrollHeight > box.clientHeight && /auto|scroll/.test(computed.overflowY)) {
      const own = page.boxes.get(box) ?? [box.style.scrollPaddingBottom, box.style.paddingBottom, px(computed.scrollPaddingBottom), px(computed.paddingBottom)];
      page.boxes.set(box, own);
      const [, , scroll, base] = own;
      // and as much more padding, so that its last elements can scroll above the bar too
      const covered = Math.max(0, box.getBoundingClientRect().bottom - bar.getBoundingClientRect().top + 8);
      Object.assign(box.style, { scrollPaddingBottom: `${String(Math.max(covered, scroll))}px`, paddingBottom: `${String(base + covered)}px` });
      return true;
    }
    return false;
  };
  // a container scrolled by touch or wheel, <body> where it scrolls (html { overflow: hidden }): its last line, a
  // footer's 隐私设置 link, stayed under the re-open button, where no focus came (messy-pages probe F7)
  // (one the bar reaches into: a list in the page's middle keeps its own padding)
  const onScroll = ({ target }: Event): void => {
    if (target instanceof HTMLElement && !page.boxes.has(target) && target.getBoundingClientRect().bottom > bar.getBoundingClientRect().top) padBox(target);
  };
  // focusin comes before the browser scrolls what took focus into its scroller's view
  const onFocus = ({ target }: Event): void => {
    // a covered button of ours that takes focus from the keyboard is seen as it does (WCAG 2.4.11)
    raise();
    for (let box = (target as Element).parentElement; box && box !== html && box !== document.body; box = box.parentElement) {
      if (padBox(box)) return;
    }
    // Fixed on the page (its offsetParent chain ends at a fixed element, not at <body>), in nothing that scrolls:
    // no scrolling brings it out from under the bar (a player bar of the page's own, WCAG 2.4.11). The bar moves up
    // above it at once, before a test or a user looks, and stays there while it shows, where it fits.
    let fixed = target as HTMLElement;
    while (fixed.offsetParent) fixed = fixed.offsetParent as HTMLElement;
    // (in the bar's rows, wherever across: the re-open button lifted above a player bar leaves the player's controls free)
    const { top, bottom } = (target as Element).getBoundingClientRect();
    const under = bar.getBoundingClientRect();
    if (bottom > under.top && top < under.bottom && top > under.height + 8 && getComputedStyle(fixed).position === 'fixed') {
      (bar as HTMLElement).style.bottom = `${String(innerHeight - top + 8)}px`;
      // and the page's padding follows the bar's new top
      update();
    }
  };
  document.addEventListener('focusin', onFocus);
  // and what the page puts over it later (a chat widget comes after load): seen at the first press on the page
  // (one that hit the page's instead of ours: the next one is ours), or as focus moves (onFocus)
  addEventListener('pointerdown', raise, true);
  addEventListener('scroll', onScroll, true);
  return (andReset) => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    document.removeEventListener('focusin', onFocus);
    removeEventListener('pointerdown', raise, true);
    removeEventListener('scroll', onScroll, true);
    if (andReset) reset();
  };
}
