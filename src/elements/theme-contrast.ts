// WCAG 2.2 contrast of a site's theme (REQUIREMENTS 34). The defaults meet it in light and dark
// mode (test/elements/a11y.test.ts); a site that sets `--migu-consent-*` colours may not, and is
// told so in the console once the page is idle: by the UI's runtime in the ESM build (src/index.ts),
// by a first visit's page check in the script build (lazy/check.ts; the theme is the same on every
// visit, so a returning visitor's files do without it; and only when the page sets a colour:
// lazy/theme.ts). Any sRGB colour is checked (a var() in it comes resolved); forms outside sRGB
// (oklch(), color()) are the site's to check.
import type { RuntimeFeature } from '../core/runtime-types.js';
import type { ConsentRuntime } from '../runtime/consent-runtime.js';
import { logWarnOnce } from '../shared/log.js';

type Rgba = [r: number, g: number, b: number, a: number];

/** The theme's colours, each a `--migu-consent-<name>` property (theme-vars.ts). */
export const THEME_COLOURS = ['bg', 'fg', 'muted', 'accent', 'accent-fg', 'border'] as const;

/** Whether the page sets any of {@link THEME_COLOURS} for `element`: without one, the defaults are what is drawn. */
export const themeSet = (element: Element): boolean => {
  const style = getComputedStyle(element);
  return THEME_COLOURS.some((name) => style.getPropertyValue(`--migu-consent-${name}`).trim());
};

/** What is drawn in which colour on which, and the contrast WCAG asks (1.4.3 text, 1.4.11 controls). */
const PAIRS: [front: string, back: string, min: number, what: string][] = [
  ['fg', 'bg', 4.5, 'text'],
  ['muted', 'bg', 4.5, 'secondary text'],
  ['accent', 'bg', 4.5, 'links'],
  ['accent-fg', 'accent', 4.5, 'button text'],
  ['border', 'bg', 3, 'control edges'],
];

let paint: CanvasRenderingContext2D | null | undefined;

/**
 * A colour in any CSS syntax that is sRGB (hex, rgb(), hsl(), a name, ...) as 0-255 channels and alpha;
 * undefined for one the browser does not take, or outside sRGB (oklch(), color()). The browser parses it:
 * a canvas serializes any sRGB fill style as `#rrggbb` or `rgba(r, g, b, a)`, and keeps the one before
 * for a value it refuses.
 */
export function parseColor(value: string): Rgba | undefined {
  const canvas = (paint ??= document.createElement('canvas').getContext('2d'));
  if (!canvas) return undefined;
  const [first = '', second] = ['#000', '#fff'].map((before) => {
    canvas.fillStyle = before;
    canvas.fillStyle = value;
    return String(canvas.fillStyle);
  });
  if (first !== second) return undefined; // refused: each kept the colour before it
  if (first[0] === '#') return [1, 3, 5, 7].map((i) => (i < 7 ? parseInt(first.slice(i, i + 2), 16) : 1)) as Rgba;
  const rgba = /^rgba\((.*)\)$/.exec(first)?.[1]?.split(',').map(Number);
  return rgba?.length === 4 ? rgba as Rgba : undefined;
}

/** WCAG 2 contrast ratio of two opaque colours. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const linear = (c: number): number => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const lum = ([r, g, bl]: Rgba): number => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(bl);
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/**
 * The theme's default colours, light and dark, as theme-vars.ts's THEME_VARS sets them (its test
 * holds the two to each other; the string itself stays out of the page check's file).
 */
export const DEFAULT_COLOURS = {
  light: { bg: '#fff', fg: '#1f1f1f', muted: '#595959', accent: '#0b57d0', 'accent-fg': '#fff', border: '#757575' },
  dark: { bg: '#1f1f1f', fg: '#e3e3e3', muted: '#bdbdbd', accent: '#a8c7fa', 'accent-fg': '#062e6f', border: '#8e8e8e' },
} as const satisfies Record<string, Record<(typeof THEME_COLOURS)[number], string>>;

/**
 * What in the theme `element` gets (its `--migu-consent-*` properties, else the defaults of the
 * current colour scheme) is below the contrast WCAG 2.2 asks, one message per pair; nothing
 * when the site sets no colour. A colour over a background with alpha is blended into it; a
 * translucent background, whose backdrop is the page, is not checked.
 */
export function themeProblems(element: Element): string[] {
  const style = getComputedStyle(element);
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const fallback: Record<string, string> = DEFAULT_COLOURS[dark ? 'dark' : 'light'];
  const set = new Set<string>();
  const value = (name: string): string => {
    const own = style.getPropertyValue(`--migu-consent-${name}`).trim();
    if (own) set.add(name);
    return own || fallback[name] || '';
  };
  const problems: string[] = [];
  for (const [front, back, min, what] of PAIRS) {
    const [fv, bv] = [value(front), value(back)];
    const [f, b] = [parseColor(fv), parseColor(bv)];
    if (!f || !b || b[3] < 1 || !(set.has(front) || set.has(back))) continue;
    const over = (i: 0 | 1 | 2): number => f[i] * f[3] + b[i] * (1 - f[3]);
    const blended: Rgba = [over(0), over(1), over(2), 1];
    const ratio = contrastRatio(blended, b);
    if (ratio < min) {
      problems.push(`--migu-consent-${front} (${fv}) on --migu-consent-${back} (${bv}): ${ratio.toFixed(2)}:1 for ${what}${dark ? ' in dark mode' : ''}, below the ${String(min)}:1 WCAG 2.2 asks`);
    }
  }
  return problems;
}

/** Warns about each of {@link themeProblems}, once for `owner`; never throws (a diagnostic). */
export function warnThemeProblems(element: Element, owner: object): void {
  try {
    for (const problem of themeProblems(element)) logWarnOnce(owner, 'theme', problem);
  } catch {
    // nothing to break
  }
}

/** The check as a feature of the UI's runtime (src/index.ts), once the page is idle: its style sheets in, no cost at the start. */
export const themeCheckFeature: RuntimeFeature<ConsentRuntime> = (runtime) => {
  const check = (): void => { if (runtime.target instanceof Element) warnThemeProblems(runtime.target, runtime); };
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(check, { timeout: 3000 });
    return () => { cancelIdleCallback(id); };
  }
  const id = setTimeout(check, 1000);
  return () => { clearTimeout(id); };
};
