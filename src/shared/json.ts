// JSON for what we store, whatever the page did to Array.prototype.

/**
 * `JSON.stringify(value)` as the standard has it, with a `toJSON` a page put on Array.prototype taken off for the
 * call: Prototype.js 1.6's Array#toJSON returns the array's JSON text, so a stored `[…]` came out as a string,
 * which reads back as nothing (receipts waiting for their endpoint dropped without a word, a returning visitor's
 * cache never used). Put back right after; no page code runs meanwhile. For values that hold arrays.
 */
export function stringify(value: unknown): string {
  const proto = Array.prototype as { toJSON?: unknown };
  const own = Object.getOwnPropertyDescriptor(proto, 'toJSON');
  const taken = own?.configurable && delete proto.toJSON;
  try {
    return JSON.stringify(value);
  } finally {
    if (taken) Object.defineProperty(proto, 'toJSON', own);
  }
}
