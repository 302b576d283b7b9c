const CONFIG_CHILD = ':scope > script[type="application/json"]';

/** The site config of a `<migu-consent>`: its `config` property, else its child `<script type="application/json">`. */
export function configOf(element: Element & { config?: unknown }): unknown {
  if (element.config !== undefined) return element.config;
  const script = element.querySelector(CONFIG_CHILD);
  return script?.textContent ?? undefined;
}

/**
 * Whether the config child's text is all there while the parser is still in the element: it is
 * valid JSON, which no part of a JSON object is. (A config that is not valid JSON waits for the
 * element's end, and the runtime reports it.)
 */
export function configTextComplete(element: Element): boolean {
  try {
    // no child or no text: '' does not parse either
    JSON.parse(element.querySelector(CONFIG_CHILD)?.textContent ?? '');
    return true;
  } catch {
    return false;
  }
}
