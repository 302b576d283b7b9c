/**
 * The site config of a `<migu-consent>`: its `config` property, else its child `<script type="application/json">`,
 * the type read as HTML reads one (spaces around it, its case and `;charset=…` aside: `" application/json "` from a
 * template is still a data block), `text/json` too. The same selector: bootstrap.ts, node/audit/engine.mjs.
 */
export function configOf(element: Element & { config?: unknown }): unknown {
  if (element.config !== undefined) return element.config;
  // not a shared constant: an export of a first-stage module costs the first file its name
  const script = element.querySelector(':scope>script[type*=json]');
  return script?.textContent ?? undefined;
}
