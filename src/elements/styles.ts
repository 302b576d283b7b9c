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
 * | --migu-consent-font            | 1rem/1.5 system-ui  |              | font shorthand               |
 * | --migu-consent-bg              | #fff                | #1f1f1f      | surface                      |
 * | --migu-consent-fg              | #1f1f1f             | #e3e3e3      | text                         |
 * | --migu-consent-muted           | #595959             | #bdbdbd      | secondary text               |
 * | --migu-consent-accent          | #0b57d0             | #a8c7fa      | buttons, links, switches on  |
 * | --migu-consent-accent-fg       | #fff                | #062e6f      | text on the accent           |
 * | --migu-consent-border          | #757575             | #8e8e8e      | borders, switches off        |
 * | --migu-consent-radius          | .5rem               |              | corner radius                |
 * | --migu-consent-z-index         | 2147483000          |              | banner, notice, re-open      |
 *
 * From 45rem of height the title bar sticks at the top, with as much scroll padding, so that a control
 * reached with Shift+Tab is not scrolled under it (WCAG 2.4.11), as the buttons' 12rem do at the bottom.
 * Below 30rem of viewport height (400% zoom: 320 x 256 CSS px) the dialog's buttons scroll with its
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
dialog{padding:0;width:min(40rem,calc(100% - 1rem));max-width:none;max-height:calc(100% - 1rem);overflow:auto;overscroll-behavior:contain}
dialog::backdrop{background:#0008}
.hd,.ft{padding:1rem;justify-content:space-between;align-items:start;background:var(--b)}
.hd{display:flex;flex-wrap:wrap;gap:1rem;border-bottom:1px solid var(--l)}
@media (min-height:45rem){.hd{position:sticky;top:0;z-index:1}dialog{scroll-padding-top:6rem}}
.hd h2{margin:0;align-self:center;overflow-wrap:break-word}
.ft{border-top:1px solid var(--l)}
@media (min-height:30rem){dialog{scroll-padding-bottom:12rem}.ft{position:sticky;bottom:0}}
.msg{grid-column:1/-1;margin:0;font-weight:600}
.x{color:var(--f);background:none;border-color:var(--l);padding:0;line-height:1;margin-inline-start:auto}
.body{padding:0 1rem .5rem}
.body>p{margin:1rem 0}
section{padding:.75rem 0;border-top:1px solid var(--l)}
.row{display:flex;justify-content:space-between;align-items:center;gap:1rem;font-weight:600}
.row small{font-weight:400;margin-inline-start:.5rem}
.d,small,dl,summary{color:var(--m);font-size:.875rem}
dd{white-space:pre-line}
.d{margin:.25rem 0}
ul{list-style:none;margin:.5rem 0;padding:0}
li{margin:.75rem 0 0 1rem}
dl{display:grid;grid-template-columns:fit-content(40%) minmax(0,1fr);gap:0 .5rem;margin:.25rem 0}
dd{margin:0}
.sep{border-inline-start:3px solid var(--a);padding-inline-start:.75rem;margin:.75rem 0 0}
summary{cursor:pointer;padding:.25rem 0}
[role=switch]{appearance:none;flex:none;width:2.75rem;height:1.5rem;margin:0;border:2px solid var(--l);border-radius:1rem;cursor:pointer;background:radial-gradient(circle closest-side,var(--l) 75%,#0000 85%) 0 50%/1.25rem 1.25rem no-repeat var(--b)}
[role=switch]:checked{border-color:var(--a);background-color:var(--a);background-image:radial-gradient(circle closest-side,var(--af) 75%,#0000 85%);background-position:100% 50%}
[role=switch]:disabled{opacity:.6;cursor:not-allowed}
@media (prefers-reduced-motion:no-preference){[role=switch]{transition:background-position .15s}}
`,
// a string: lit-analyzer does not know forced-color-adjust
unsafeCSS('@media (forced-colors:active){[role=switch]{forced-color-adjust:none;--b:Canvas;--l:ButtonText;--a:Highlight;--af:HighlightText}[role=switch]:disabled{--l:GrayText;--a:GrayText;--af:Canvas}}')];
