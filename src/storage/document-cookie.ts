// document.cookie through Document.prototype's own accessor. Markup can shadow the property itself:
// a document's named elements override its built-in properties, so injected `<img name="cookie">` (a
// comment field) made `document.cookie` that image. No choice was read, and every write was dropped
// without a word: a withdrawal made on that page did not reach the next one.

const accessor = (): PropertyDescriptor => Object.getOwnPropertyDescriptor(Document.prototype, 'cookie') ?? {};

/** The page's cookies as `document.cookie` lists them; throws where cookies are blocked (a sandboxed frame). */
export const documentCookie = (): string => String(accessor().get?.call(document) ?? '');

/** Writes one cookie line, as `document.cookie = text` does. */
export function setDocumentCookie(text: string): void {
  accessor().set?.call(document, text);
}
