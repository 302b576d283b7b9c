/**
 * Lit's templates on a page served as XHTML (messy-pages probe F2). Lit parses a template's markup with `innerHTML`
 * on a `<template>` of the page's document, which there parses XML: Lit's markup (unquoted attribute values, boolean
 * attributes) is no well-formed XML, so the preferences and the gate threw a SyntaxError. Lit hands its Template class
 * to `litHtmlPolyfillSupport` as it loads (where its own polyfill wraps `createElement`): imported before Lit (lazy/ui.ts,
 * index.ts), this takes it there, on such a page only, and has the markup parsed in an HTML document of its own (set
 * as Lit gives it: its TrustedHTML under Trusted Types); Lit imports the content into the page's document, which
 * XHTML takes. The page's hook, if any, is put back at the first call and called after; put back after this task
 * too when this Lit had loaded before (an app that imported Lit first: not fixed then), so no other copy of Lit on
 * the page meets ours. On an HTML page nothing is done.
 */
interface LitTemplate { createElement(markup: string): HTMLTemplateElement }
type Hook = (template: LitTemplate, part: unknown) => void;
const g = globalThis as unknown as Partial<Record<string, Hook>>;

if (typeof document === 'object' && document.contentType !== 'text/html') {
  // lit-html's production build reads the first, its development build (a dev server's) the second
  for (const name of ['litHtmlPolyfillSupport', 'litHtmlPolyfillSupportDevMode']) {
    const page = g[name];
    const restore = () => {
      if (page) g[name] = page;
      else Reflect.deleteProperty(g, name);
    };
    const hook: Hook = (template, part) => {
      restore();
      const html = document.implementation.createHTMLDocument('');
      template.createElement = (markup) => {
        const el = html.createElement('template');
        el.innerHTML = markup;
        return el;
      };
      page?.(template, part);
    };
    g[name] = hook;
    queueMicrotask(() => { if (g[name] === hook) restore(); });
  }
}
