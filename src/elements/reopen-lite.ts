// A returning visitor's re-open button in the script build, without Lit and the UI
// (dist/migu-consent.reopen.js, about 1 kB brotli against the UI's 12): the UI is fetched only
// when the button is about to be used (pointer over it, focus, touch) or something must
// be shown. The button goes into the element's shadow root (lite-root.ts, shared with the banner
// without Lit, so also after a choice made there); the Lit element adopts that
// root when it is defined and removes the button once its own is rendered, moving focus
// over (MiguConsentElement.createRenderRoot). It looks the same as the Lit one
// (test/elements/reopen-lite.test.ts compares them).
import type { Lang } from '../core/types.js';
import { followHtmlLang, langOf } from '../i18n/lang.js';
import { reopenLabels } from '../i18n/first-layer.js';
import { onGateAdded } from './gate-tag.js';
import { liteRoot } from './lite-root.js';
import { padBelow } from './scroll-padding-controller.js';

/** The `reopen` string of each language pack (i18n/first-layer.ts), without the packs. */
export const REOPEN_LABELS: Record<Lang, string> = reopenLabels;


/**
 * Renders the re-open button into `element`'s shadow root without Lit: a click calls `open`, the
 * first sign of use calls `prefetch`, and so does a `<migu-consent-gate>` inserted later
 * (the gate is part of the UI). Returns false when it cannot (the Lit element's shadow root,
 * no constructable style sheets): the caller loads the UI. A page with a gate shows it too: the first
 * stage asks for it only when the runtime, which a gate brings, could not load. `focus`: it takes
 * focus (after a choice made in the banner, whose button had it), which is not a sign of use.
 */
export function renderReopen(
  element: HTMLElement, texts: Record<string, Record<string, string>>, open: () => void, prefetch: () => void, focus?: boolean,
): boolean {
  const root = liteRoot(element);
  if (!root) return false;
  const button = document.createElement('button');
  // until the UI has taken the button over
  onGateAdded(prefetch, () => !button.isConnected);
  root.querySelector('[part=reopen]')?.remove();
  button.setAttribute('part', 'reopen');
  button.className = 'reopen';
  const label = (): void => {
    const lang = langOf(element);
    button.lang = lang;
    button.textContent = texts[lang]?.reopen ?? REOPEN_LABELS[lang];
  };
  label();
  // the page's language, or the element's, can change (a language switch), as the Lit element follows them
  followHtmlLang(() => button.isConnected && (label(), true), element);
  button.addEventListener('click', open);
  root.append(button);
  // focus moved here from the banner's button that made the choice is no sign of use: heard after it,
  // it fetched the UI (15 kB and its language file) after every "Accept all"
  if (focus) button.focus();
  for (const type of ['pointerenter', 'focus', 'touchstart']) button.addEventListener(type, prefetch, { once: true, passive: true });
  // ends when the button goes (a choice asked again, the UI's own taking over)
  padBelow(button);
  return true;
}
