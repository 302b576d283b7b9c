// The theme's custom properties (documented in styles.ts) and the first layer's rules as plain
// CSS: one source for the Lit styles (styles.ts) and the script build's banner and re-open
// button without Lit (banner-lite.ts, reopen-lite.ts).
export const THEME_VARS = ':host{--b:var(--migu-consent-bg,#fff);--f:var(--migu-consent-fg,#1f1f1f);--m:var(--migu-consent-muted,#595959);--a:var(--migu-consent-accent,#0b57d0);--af:var(--migu-consent-accent-fg,#fff);--l:var(--migu-consent-border,#757575);--r:var(--migu-consent-radius,.5em);color-scheme:light dark}@media (prefers-color-scheme:dark){:host{--b:var(--migu-consent-bg,#1f1f1f);--f:var(--migu-consent-fg,#e3e3e3);--m:var(--migu-consent-muted,#bdbdbd);--a:var(--migu-consent-accent,#a8c7fa);--af:var(--migu-consent-accent-fg,#062e6f);--l:var(--migu-consent-border,#8e8e8e)}}';

/**
 * Text, links, buttons and focus, everywhere. A link is an inline block 24 px high at least: inline, the policy link
 * at the end of the banner's sentence was 19 px, under the 24 x 24 of REQUIREMENTS 35 (a11y probe F3).
 * A site's texts are text, never markup: a line break in one breaks the line (`pre-line`), the only way to write
 * two paragraphs; it ran them together.
 */
export const BASE_CSS =
  'p{margin:0 0 .5em;white-space:pre-line}' +
  'a{color:var(--a);display:inline-block;min-height:24px}' +
  'button{font:inherit;min-height:2.75em;min-width:2.75em;padding:.5em 1em;border:2px solid var(--a);border-radius:var(--r);background:var(--a);color:var(--af);cursor:pointer}' +
  'button:disabled{opacity:.5;cursor:not-allowed}' +
  ':focus-visible{outline:2px solid var(--a);outline-offset:2px}';

/**
 * The bars at the bottom (banner, signal notice) and the re-open button. A bar takes at most half
 * the viewport and scrolls inside (400% zoom: 320 x 256 CSS px), so the page stays usable (WCAG 1.4.10):
 * 50% of it, fixed, not 50vh, which a page's CSS zoom (a large-text mode's html { zoom: 4 }) multiplies,
 * to twice the viewport, its title out of reach (i18n probe F5).
 * Left to right on a right-to-left page too: their languages (zh-CN, zh-TW, en) are, and an inherited
 * rtl put a sentence's full stop at its start. Horizontal on a page set vertically (a reading site's
 * `writing-mode: vertical-rl`): the inherited mode turned the bar into a column at the left edge,
 * partly off screen, English set sideways (i18n probe F6); `initial` is horizontal-tb.
 * From 20em of viewport height a bar's buttons stick at its bottom and its text scrolls behind them, with as much
 * scroll padding, so that a focused link is not under them (WCAG 2.4.11): on a phone they were below the fold,
 * the text first (English at 360 x 640, a phone on its side, a page's elder-friendly 1.5x zoom). Lower (400% zoom)
 * they scroll with the text, where sticking they would leave it no room.
 * While a bar or the dialog scrolls, a shadow at its bottom edge says there is more (its buttons, below the
 * fold: an overlay scrollbar shows nothing at rest), and one at its top once scrolled down: fixed shadows
 * (attachment scroll) that covers of the surface's colour, at each end of the content (local), hide at
 * that end. CSS alone: no script, no timing. Forced-colors mode drops gradients (and its scrollbars may
 * be overlays too): there the surface keeps them, drawn in system colours, and its content is forced again.
 * Not printed: fixed, they would cover the end of every page (the UI hides its dialog as well).
 * The re-open button's focus ring is drawn inside it, on its own surface: outside, on the page, it met a background
 * of the page's, 1.72:1 for the dark scheme's ring on a light page (a11y probe F2; WCAG 1.4.11 asks 3:1).
 * Visible under a page's `:not(:defined) { visibility: hidden }` (a rule component libraries suggest against
 * a flash of unstyled elements), which hid the banner for good while the script build defined <migu-consent>
 * only with its UI (conformance probe F1); its first stage defines it at once now (elements/stub.ts), and the
 * bars stay visible in an undefined ancestor the rule hides (an app's shell not yet defined).
 * What a page's <body> would pass down to them is reset: its `pointer-events: none` (while a page loads) left the
 * banner unclickable, its letter-spacing, uppercase, justification, indent, shadow or nowrap reached the texts.
 * Sizes are in em of the surfaces' `medium` (the re-open button's `small`), the browser's default font size (the
 * visitor's setting), never rem: Chinese mobile pages laid out in rem set `html`'s font size to a tenth of the
 * screen (lib-flexible: 37.5 px at 375 px), which made the banner 2.3 times too large, its buttons out of view;
 * others set 62.5 % (10 px text). Not on the host: content a page puts inside <migu-consent> keeps its size.
 * A site scales them with `--migu-consent-font`.
 */
export const BAR_CSS =
  ':host{writing-mode:initial;display:contents}' +
  '.bar,dialog,.reopen{font:var(--migu-consent-font,medium/1.5 system-ui,sans-serif);color:var(--f);background:var(--b);box-sizing:border-box;border:1px solid var(--l);border-radius:var(--r);overflow-wrap:anywhere;direction:ltr;pointer-events:auto;letter-spacing:normal;word-spacing:normal;text-transform:none;text-indent:0;text-shadow:none;word-break:normal;white-space:normal;text-align:start}' +
  '.bar,.reopen{position:fixed;z-index:var(--migu-consent-z-index,2147483000);visibility:visible;top:auto;bottom:.5em;box-shadow:0 .25em 1em #0005}' +
  '.bar{inset-inline:.5em;width:auto;margin:0 auto;max-width:60em;overflow:auto;padding:1em;display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:center;max-height:50%}' +
  '.txt{flex:1 1 24em}' +
  'p.txt{margin:0}' +
  '.bar .btns{flex:1 1 18em}' +
  '@media (min-height:20em){.bar{scroll-padding-bottom:7em}.bar .btns{position:sticky;bottom:0;padding-bottom:1em;margin-bottom:-1em;background:var(--b)}}' +
  '.btns{display:grid;gap:.5em;grid-template-columns:repeat(auto-fit,minmax(min(100%,7em),1fr))}' +
  'h2{font-size:1.125em;margin:0 0 .25em}' +
  '.em{font-weight:600}' +
  '.bar,dialog{background:linear-gradient(var(--b) 50%,#0000) top/100% 2em local no-repeat,linear-gradient(#0000,var(--b) 50%) bottom/100% 2em local no-repeat,linear-gradient(var(--l),#0000) top/100% .75em no-repeat,linear-gradient(#0000,var(--l)) bottom/100% .75em no-repeat var(--b)}' +
  '@media print{.bar,.reopen{display:none}}' +
  '.reopen{left:.5em;right:auto;margin:0;min-height:2.5em;padding:.15em .9em;font-size:small;outline-offset:-4px}' +
  '@media (forced-colors:active){.bar,dialog{forced-color-adjust:none;--b:Canvas;--l:CanvasText}.bar *,dialog *{forced-color-adjust:auto}}';
