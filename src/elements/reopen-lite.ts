// A returning visitor's re-open button in the script build, without Lit and the UI
// (dist/migu-consent.reopen.js, about 1 kB brotli against the UI's 12): the UI is fetched only
// when the button is about to be used (pointer over it, focus, touch) or something must
// be shown. The button goes into the element's shadow root; the Lit element adopts that
// root when it is defined and removes the button once its own is rendered, moving focus
// over (MiguConsentElement.createRenderRoot). It looks the same as the Lit one
// (test/elements/reopen-lite.test.ts compares them).
import type { Lang } from '../core/types.js';
import { langOf } from '../i18n/lang.js';
import { THEME_VARS } from './theme-vars.js';

/** The `reopen` string of each language pack (a test holds them equal), without the packs. */
export const REOPEN_LABELS: Record<Lang, string> = { 'zh-CN': '隐私设置', 'zh-TW': '隱私設定', en: 'Privacy settings' };

/** The Lit styles of `.reopen` (styles.ts), its cascade flattened into one rule. */
const CSS = `${THEME_VARS}:host{display:contents}
.reopen{font:var(--migu-consent-font,1rem/1.5 system-ui,sans-serif);font-size:.875rem;color:var(--f);background:var(--b);box-sizing:border-box;border:1px solid var(--l);border-radius:var(--r);overflow-wrap:anywhere;position:fixed;z-index:var(--migu-consent-z-index,2147483000);bottom:.5rem;left:.5rem;box-shadow:0 .25rem 1rem #0005;min-height:2rem;min-width:2.75rem;padding:.125rem .75rem;cursor:pointer}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}`;

const GATE = 'migu-consent-gate';

/**
 * Renders the re-open button into `element`'s new shadow root: a click calls `open`, the
 * first sign of use calls `prefetch`, and so does a `<migu-consent-gate>` inserted later
 * (the gate is part of the UI). Returns false when it cannot (the element already has a
 * shadow root, the browser has no constructable style sheets) or should not (the page has
 * a gate): the caller loads the UI.
 */
export function renderReopen(
  element: HTMLElement, texts: Record<string, Record<string, string>>, open: () => void, prefetch: () => void,
): boolean {
  if (element.shadowRoot || !('adoptedStyleSheets' in Document.prototype) || document.querySelector(GATE)) return false;
  const button = document.createElement('button');
  // until the UI has taken the button over
  const gates = new MutationObserver((records) => {
    const added = records.some((r) => [...r.addedNodes].some((n) => n instanceof Element && (n.localName === GATE || n.getElementsByTagName(GATE).length)));
    if (added || !button.isConnected) gates.disconnect();
    if (added) prefetch();
  });
  gates.observe(document, { childList: true, subtree: true });
  const root = element.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  button.setAttribute('part', 'reopen');
  button.className = 'reopen';
  const label = (): void => {
    const lang = langOf(element);
    button.lang = lang;
    button.textContent = texts[lang]?.reopen ?? REOPEN_LABELS[lang];
  };
  label();
  // the page's language can change (a language switch), as the Lit element follows it
  const observer = new MutationObserver(() => { if (button.isConnected) label(); else observer.disconnect(); });
  observer.observe(document.documentElement, { attributeFilter: ['lang'] });
  button.addEventListener('click', open);
  for (const type of ['pointerenter', 'focus', 'touchstart']) button.addEventListener(type, prefetch, { once: true, passive: true });
  root.append(document.createElement('slot'), button);
  return true;
}
