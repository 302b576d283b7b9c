/** FNV-1a, 32 bit, base36: a checksum against truncation and edits, not a secret. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/**
 * A random id. `crypto.getRandomValues` works on plain-http pages too
 * (unlike `crypto.randomUUID`); Math.random is the last resort for very old engines.
 */
export function randomId(length = 16): string {
  const bytes = new Uint8Array(length);
  try {
    crypto.getRandomValues(bytes);
  } catch {
    for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  let out = '';
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}
