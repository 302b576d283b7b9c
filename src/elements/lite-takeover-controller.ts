import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { clickOnRelease } from './click-on-release.js';

/**
 * Set on `<migu-consent>` by the runtime when a choice was made in the banner without Lit while it had focus: the
 * host's re-open button takes it, unless focus went elsewhere meanwhile. Without it, a choice made while the UI was
 * on its way (asked for as focus passed "customize") left focus on the page's <body>: the runtime renders no re-open
 * button of its own then, the UI brings one (a11y probe 2 F1).
 */
export const REFOCUS = Symbol.for('migu-consent.refocus');

/**
 * The script build's banner or re-open button without Lit (banner-lite.ts, reopen-lite.ts) may
 * be in the shadow root the host adopts: they stay until the host has rendered its own (`ready`),
 * then go; focus in one of them moves to the host's part of the same name (`moved`), or, when
 * that part is not shown, is reported as lost (`lost`); a press on one of them is completed on
 * the twin (click-on-release.ts), and the banner's scroll position is kept.
 */
export class LiteTakeoverController implements ReactiveController {
  private _nodes: ChildNode[] = [];
  private readonly _host: ReactiveControllerHost & HTMLElement;
  private readonly _ready: () => boolean;
  private readonly _moved: (from: Element, to: HTMLElement) => void;
  private readonly _lost: () => void;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    { ready, moved, lost }: { ready: () => boolean; moved: (from: Element, to: HTMLElement) => void; lost: () => void },
  ) {
    this._host = host;
    this._ready = ready;
    this._moved = moved;
    this._lost = lost;
    host.addController(this);
  }

  /** A banner or re-open button without Lit is still shown. */
  get holding(): boolean {
    return this._nodes.length > 0;
  }

  /** Called from the host's createRenderRoot, before Lit renders into the root. */
  capture(): void {
    this._nodes = [...this._host.shadowRoot?.childNodes ?? []];
  }

  hostUpdated(): void {
    if (!this._ready()) return;
    const host = this._host as HTMLElement & { [REFOCUS]?: true | undefined };
    const refocus = host[REFOCUS];
    host[REFOCUS] = undefined;
    // once: focus that went elsewhere meanwhile (a page's link) stays there
    if (refocus && document.activeElement === document.body) this._lost();
    if (!this._nodes.length) return;
    const root = this._host.shadowRoot;
    const active = root?.activeElement ?? null;
    const inLite = active !== null && this._nodes.some((node) => node.contains(active));
    const part = inLite ? active.getAttribute('part') : null;
    // the host's own buttons are new: one held down is one of ours
    const pressed = root?.querySelector('button:active')?.getAttribute('part');
    // a banner scrolled to its buttons (400% zoom) keeps that place: they jumped away under the finger
    const scrolled = this._nodes.find((node): node is Element => node instanceof Element && node.matches('[part=banner]'))?.scrollTop;
    for (const node of this._nodes.splice(0)) node.remove();
    const bar = root?.querySelector('[part=banner]');
    if (scrolled && bar) bar.scrollTop = scrolled;
    // every control of theirs has a part (the banner's policy link too)
    const twin = part ? root?.querySelector<HTMLElement>(`[part=${part}]`) : null;
    if (twin && active) {
      this._moved(active, twin);
      twin.focus();
    } else if (inLite) {
      this._lost();
    }
    const carried = pressed ?? part;
    if (carried) clickOnRelease(root, carried, !!pressed);
  }
}
