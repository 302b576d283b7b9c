/**
 * Puts `accessor` in place of the browser's `document.cookie`, on Document.prototype, where the product
 * reads and writes it (src/storage/document-cookie.ts), until the returned restore is called.
 */
export function fakeDocumentCookie(accessor: { get?: () => string; set?: (text: string) => void }): () => void {
  const browser = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true, enumerable: true, get: accessor.get ?? (() => ''), set: accessor.set ?? (() => undefined),
  });
  return () => { Object.defineProperty(Document.prototype, 'cookie', browser); };
}
