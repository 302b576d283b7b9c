// The shadow root that the script build's parts without Lit (banner-lite.ts, reopen-lite.ts, which
// come in different files) share on <migu-consent>, until the Lit element adopts it.
import { BAR_CSS, BASE_CSS, THEME_VARS } from './theme-vars.js';

const LITE = Symbol.for('migu-consent.lite-root');

/**
 * `element`'s shadow root for the parts without Lit: made (with the first layer's styles and a
 * slot for the element's children) on first use, the same one after. Undefined when the element
 * has a root that is not ours (the Lit element's) or the browser has no constructable style sheets.
 */
export function liteRoot(element: HTMLElement): ShadowRoot | undefined {
  const existing = element.shadowRoot;
  if (existing) return (existing as ShadowRoot & { [LITE]?: true })[LITE] ? existing : undefined;
  if (!('adoptedStyleSheets' in Document.prototype)) return undefined;
  const root = Object.assign(element.attachShadow({ mode: 'open' }), { [LITE]: true as const });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(THEME_VARS + BASE_CSS + BAR_CSS);
  root.adoptedStyleSheets = [sheet];
  root.append(document.createElement('slot'));
  return root;
}
