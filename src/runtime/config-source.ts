/** The site config of a `<migu-consent>`: its `config` property, else its child `<script type="application/json">`. */
export function configOf(element: Element & { config?: unknown }): unknown {
  if (element.config !== undefined) return element.config;
  const script = element.querySelector(':scope > script[type="application/json"]');
  return script?.textContent ?? undefined;
}
