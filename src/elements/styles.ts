import { css, unsafeCSS } from 'lit';
import { BAR_CSS, BASE_CSS, THEME_VARS } from './theme-vars.js';

/*
 * Theming: CSS custom properties, set on `migu-consent` / `migu-consent-gate` or any ancestor.
 * The defaults meet WCAG AA (text 4.5:1, controls 3:1) in light and dark mode; a site that
 * changes them gets a console warning for each pair below that (theme-contrast.ts). Set them
 * inside your own `@media (prefers-color-scheme: dark)` to theme dark mode separately.
 *
 * | property                       | light default       | dark default | what                         |
 * |--------------------------------|---------------------|--------------|------------------------------|
 * | --migu-consent-font            | medium/1.5 system-ui |             | font shorthand               |
 * | --migu-consent-bg              | #fff                | #1f1f1f      | surface                      |
 * | --migu-consent-fg              | #1f1f1f             | #e3e3e3      | text                         |
 * | --migu-consent-muted           | #595959             | #bdbdbd      | secondary text               |
 * | --migu-consent-accent          | #0b57d0             | #a8c7fa      | buttons, links, switches on  |
 * | --migu-consent-accent-fg       | #fff                | #062e6f      | text on the accent           |
 * | --migu-consent-border          | #757575             | #8e8e8e      | borders, switches off        |
 * | --migu-consent-radius          | .5em                |              | corner radius                |
 * | --migu-consent-z-index         | 2147483000          |              | banner, notice, re-open      |
 *
 * Sizes are in em of the dialog's `medium` (theme-vars.ts BAR_CSS), never rem, the page's root size.
 * From 45em of height the title bar sticks at the top, with as much scroll padding, so that a control
 * reached with Shift+Tab is not scrolled under it (WCAG 2.4.11), as the buttons' 12em do at the bottom.
 * Below 30em of viewport height (400% zoom: 320 x 256 CSS px) the dialog's buttons scroll with its
 * content rather than stick at its bottom, where they took more than half of it (WCAG 1.4.10).
 *
 * A scroll that reaches the dialog's end stops there (`overscroll-behavior`): the page behind a modal
 * dialog does not move.
 *
 * In forced-colors mode (Windows contrast themes) the browser drops a switch's background colour and
 * its knob (a gradient): the switches draw themselves in the system colours instead, so that on and
 * off still differ.
 */
export const theme = unsafeCSS(THEME_VARS + BASE_CSS);

/**
 * `<migu-consent>`: banner, signal notice, re-open button and preferences dialog. The dialog's title breaks between
 * words and the close button goes below it where both do not fit (320 px, 200% text: "Priv / acy / pref / eren / ces"
 * beside it, a11y probe F4).
 */
export const consentStyles = [theme, unsafeCSS(BAR_CSS), css`
@media print{dialog{display:none}}
dialog{padding:0;width:min(40em,calc(100% - 1em));max-width:none;max-height:calc(100% - 1em);overflow:auto;overscroll-behavior:contain}
dialog::backdrop{background:#0008}
.hd,.ft{padding:1em;justify-content:space-between;align-items:start;background:var(--b)}
.hd{display:flex;flex-wrap:wrap;gap:1em;border-bottom:1px solid var(--l)}
@media (min-height:45em){.hd{position:sticky;top:0;z-index:1}dialog{scroll-padding-top:6em}}
.hd h2{margin:0;align-self:center;overflow-wrap:break-word}
.ft{border-top:1px solid var(--l)}
@media (min-height:30em){dialog{scroll-padding-bottom:12em}.ft{position:sticky;bottom:0}}
.msg{grid-column:1/-1;margin:0;font-weight:600}
.x{color:var(--f);background:none;border-color:var(--l);padding:0;line-height:1;margin-inline-start:auto}
.body{padding:0 1em .5em}
.body>p{margin:1em 0}
section{padding:.75em 0;border-top:1px solid var(--l)}
.row{display:flex;justify-content:space-between;align-items:center;gap:1em;font-weight:600}
.row small{font-weight:400;margin-inline-start:.5em}
.d,small,dl,summary{color:var(--m);font-size:.875em}
dd{white-space:pre-line}
.d{margin:.25em 0}
ul{list-style:none;margin:.5em 0;padding:0}
li{margin:.75em 0 0 1em}
dl{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:0 .5em;margin:.25em 0}
dd{margin:0}
.sep{border-inline-start:3px solid var(--a);padding-inline-start:.75em;margin:.75em 0 0}
summary{cursor:pointer;padding:.25em 0}
[role=switch]{appearance:none;flex:none;font:inherit;width:2.75em;height:1.5em;margin:0;border:2px solid var(--l);border-radius:1em;cursor:pointer;background:radial-gradient(circle closest-side,var(--l) 75%,#0000 85%) 0 50%/1.25em 1.25em no-repeat var(--b)}
[role=switch]:checked{border-color:var(--a);background-color:var(--a);background-image:radial-gradient(circle closest-side,var(--af) 75%,#0000 85%);background-position:100% 50%}
[role=switch]:disabled{opacity:.6;cursor:not-allowed}
@media (prefers-reduced-motion:no-preference){[role=switch]{transition:background-position .15s}}
`,
// a string: lit-analyzer does not know forced-color-adjust
unsafeCSS('@media (forced-colors:active){[role=switch]{forced-color-adjust:none;--b:Canvas;--l:ButtonText;--a:Highlight;--af:HighlightText}[role=switch]:disabled{--l:GrayText;--a:GrayText;--af:Canvas}}')];
