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
