// The script build's first-layer banner without Lit: in the loader, so that a first visit
// shows the banner as soon as <migu-consent> is parsed, with no second file to wait for.
// Same parts, texts, structure and styles as the Lit banner (one source: i18n/first-layer.ts,
// theme-vars.ts; test/elements/banner-lite.test.ts compares the two). Its buttons call the
// runtime: accept and reject need no Lit at all; "customize" loads the UI (prefetched on the
// first sign of use), whose element adopts this shadow root and replaces these nodes once it
// has rendered (MiguConsentElement.createRenderRoot / updated), focus included.
import type { ConsentStore } from '../core/store.js';
import type { Lang } from '../core/types.js';
import { followHtmlLang, langOf } from '../i18n/lang.js';
import type { FirstLayer } from '../i18n/first-layer.js';
import { firstLayerEn, firstLayerZhCN, firstLayerZhTW } from '../i18n/first-layer.js';
import { liteRoot } from './lite-root.js';
import type { carryOver } from './click-on-release.js';
import { policyHref } from '../shared/url.js';
import { padBelow } from './scroll-padding-controller.js';

/**
 * A bar's focusin: the focused control scrolled fully into the bar's view (a bar scrolls at 400% zoom, and
 * Firefox leaves a control that is partly in view as it is, cut off by the bar's edge: WCAG 2.4.11).
 */
export const reveal = (e: Event): void => { (e.target as Element).scrollIntoView({ block: 'nearest' }); };

const STRINGS: Record<Lang, FirstLayer> = { 'zh-CN': firstLayerZhCN, 'zh-TW': firstLayerZhTW, en: firstLayerEn };

/** What the banner needs of the runtime. */
export interface BannerHost {
  store: Pick<ConsentStore, 'get' | 'prompt' | 'reason' | 'minor' | 'config' | 'subscribe' | 'acceptAll' | 'rejectAll'>;
  policyUrl: string;
  /** Opens the preferences (loads the UI). */
  customize: () => void;
  /** The first sign that the preferences may be wanted: fetch the UI. */
  prefetch: () => void;
  /** Called after a decision taken here, with whether focus was in the banner. */
  decided: (hadFocus: boolean) => void;
  /**
   * A banner shown again (the runtime's taking over the first stage's, a store change): what had focus in it keeps
   * it, and a press on it clicks the twin when released (click-on-release.ts carryOver). The runtime's, which
   * bundles it: the first stage shows the first banner, with nothing to carry over, and does without it.
   */
  carry?: typeof carryOver;
}

/**
 * Shows the banner in `element`'s shadow root (lite-root.ts). Returns its removal, or undefined
 * when it cannot (the Lit element's root, no constructable style sheets): the caller loads the
 * UI then. The banner removes itself after a decision and once the store no
 * longer asks for one (a choice made in another tab).
 */
export function showBannerLite(element: HTMLElement, host: BannerHost): (() => void) | undefined {
  const root = liteRoot(element);
  if (!root) return undefined;
  // shown again (a store change while it asks, the runtime's banner taking over): focus and a press carried over
  const carried = host.carry?.(root);
  // the banner replaces a re-open button (reset(), a new revision asked for in another tab)
  for (const old of root.querySelectorAll('[part=reopen]')) old.remove();
  // one shown already (the first stage's, the runtime's taking over) is taken over, not replaced: a swipe on it goes
  // on (a phone's banner scrolls to its buttons; the swipe's touchstart fetches the runtime, and a new box stopped
  // it: touch probe F1), and so does a scroll to its buttons at 400% zoom. Its earlier owner's removal leaves it
  const bar: HTMLElement & { _shownBy?: () => void } = root.querySelector<HTMLElement>('[part=banner]')
    ?? root.appendChild(make('section', { part: 'banner', class: 'bar', 'aria-labelledby': 'bt' }));
  bar._shownBy = remove;
  bar.addEventListener('focusin', reveal);
  const { store } = host;

  /** Shows the banner in the page's language; true when its nodes stayed (the same banner, taken over). */
  const render = (): boolean => {
    const lang = langOf(element);
    const t: FirstLayer = { ...STRINGS[lang], ...store.config.texts[lang] };
    const reason = store.reason;
    const text = make('p', {}, t.bannerText);
    // a part, as the buttons: focus on it is kept when the banner is made again (lite-takeover-controller.ts too)
    if (host.policyUrl) text.append(' ', make('a', { part: 'policy', href: policyHref(host.policyUrl, lang) }, t.policyLink));
    const decide = (accept: boolean) => (): void => {
      const hadFocus = root.activeElement !== null;
      if (accept) store.acceptAll();
      else store.rejectAll();
      host.decided(hadFocus);
    };
    const accept = make('button', { part: 'accept-all' }, t.acceptAll);
    accept.disabled = store.minor;
    accept.onclick = decide(true);
    const reject = make('button', { part: 'reject-all' }, t.rejectAll);
    reject.onclick = decide(false);
    const customize = make('button', { part: 'customize' }, t.customize);
    customize.onclick = host.customize;
    const buttons = [accept, reject, customize];
    const fresh = [
      make('div', { class: 'txt' },
        make('h2', { id: 'bt' }, t.bannerTitle),
        ...(reason === 'revision' || reason === 'expired' ? [make('p', { class: 'em' }, reason === 'revision' ? t.revisionNotice : t.expiredNotice)] : []),
        text,
        ...(store.minor ? [make('p', {}, t.minorNote)] : [])),
      make('div', { class: 'btns' }, ...buttons),
    ];
    // keep which button had focus across a language change
    const focused = root.activeElement?.getAttribute('part');
    bar.lang = lang;
    // the same banner (the runtime's taking over the first stage's): its nodes stay, with this call's handlers, under
    // a finger (a swipe goes on, a press clicks) and with focus; new nodes stopped a swipe (touch probe F1)
    const kept = fresh.every((node, i) => node.isEqualNode(bar.children[i] ?? null));
    if (kept) bar.querySelectorAll('button').forEach((button, i) => { button.onclick = buttons[i].onclick; });
    else bar.replaceChildren(...fresh);
    const shown = bar.querySelector('[part=customize]');
    for (const type of ['pointerenter', 'focus', 'touchstart']) shown?.addEventListener(type, host.prefetch, { once: true, passive: true });
    // approached already (a pointer on it, focus in it): no event says so again
    if (shown?.matches(':hover,:focus')) host.prefetch();
    if (focused && !kept) root.querySelector<HTMLElement>(`[part=${focused}]`)?.focus();
    return kept;
  };
  if (!render()) carried?.();

  // the page's language, or the element's, can change (a language switch), as the Lit element follows them
  const stopLang = followHtmlLang(() => { if (bar.isConnected) render(); else remove(); }, element);
  const unbind = store.subscribe(() => { if (!store.prompt) remove(); });
  const unpad = padBelow(bar);
  function remove(): void {
    stopLang();
    unbind();
    const own = bar._shownBy === remove;
    // removed by the Lit element, which pads for its own bar, or taken over by a later call, which pads it: nothing
    // more to undo
    unpad(own && bar.isConnected);
    if (own) bar.remove();
  }
  return remove;
}

/** An element with attributes and children; texts are only ever set as text. */
function make<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Record<string, string>, ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}
