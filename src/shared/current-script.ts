/**
 * `document.currentScript`, read through `Document.prototype`'s own getter. The property itself can be
 * clobbered by markup: `<img name="currentScript" src="https://evil.example/" nonce="x">` shadows it
 * (a document's named elements override its built-in properties), and the loader takes the folder of its
 * files and its nonce from this element. Only a real `<script>` counts; null for a module (which has
 * none), outside a browser, or when the getter cannot be had.
 */
export function currentScript(): HTMLScriptElement | null {
  try {
    const script: unknown = Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript')?.get?.call(document);
    return script instanceof HTMLScriptElement ? script : null;
  } catch {
    return null;
  }
}

/**
 * `document.scripts`, read through `Document.prototype`'s own getter, for the same reason: injected
 * `<form name="scripts"><input nonce="x"></form>` shadows it, and gating would take that nonce for the
 * page's. Only real `<script>`s; throws when the getter cannot be had (the caller then trusts none).
 */
export function documentScripts(): HTMLScriptElement[] {
  const all = Object.getOwnPropertyDescriptor(Document.prototype, 'scripts')?.get?.call(document) as Iterable<unknown>;
  return [...all].filter((s): s is HTMLScriptElement => s instanceof HTMLScriptElement);
}
