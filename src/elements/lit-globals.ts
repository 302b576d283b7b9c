/**
 * The globals Lit reads as it loads, where the page has an element of that name or id: the browser's named
 * access makes `window.litHtmlVersions` that element (`<img name="litHtmlVersions">` in a comment the page shows),
 * and Lit's `(litHtmlVersions ??= []).push(…)` threw, so the npm build threw into the app that imports it and the
 * script build's preferences never opened (security probe 2 F4). Imported before Lit (lazy/ui.ts, index.ts), this
 * gives each such name a global of its own, `undefined`, which Lit then fills as on any page.
 */
const g = globalThis as unknown as Record<string, unknown>;
for (const name of [
  'litHtmlVersions', 'litElementVersions', 'reactiveElementVersions', 'litIssuedWarnings', 'litPropertyMetadata',
  'litHtmlPolyfillSupport', 'litElementPolyfillSupport', 'reactiveElementPolyfillSupport', 'litElementHydrateSupport',
  'litHtmlPolyfillSupportDevMode', 'litElementPolyfillSupportDevMode', 'reactiveElementPolyfillSupportDevMode',
  'trustedTypes', 'ShadyCSS', 'ShadyDOM',
]) {
  try {
    if (g[name] instanceof Element || g[name] instanceof HTMLCollection) g[name] = undefined;
  } catch {
    /* not in a page */
  }
}

export {}; // a module: its names stay its own
