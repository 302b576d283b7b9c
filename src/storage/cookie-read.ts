/**
 * js-cookie's `Cookies.get(name)` in a few bytes, for the script build's first stage, which has no
 * js-cookie: the first cookie of that name whose value decodes, decoded as js-cookie decodes it
 * (test/storage/cookie-read.test.ts compares the two). Undefined when there is none or cookies
 * are blocked; never throws.
 */
export function readCookie(name: string): string | undefined {
  try {
    for (const pair of document.cookie.split('; ')) {
      const [found = '', ...value] = pair.split('=');
      try {
        if (decodeURIComponent(found) !== name) continue;
        const text = value.join('=');
        return (text[0] === '"' ? text.slice(1, -1) : text).replace(/(%[\dA-F]{2})+/gi, decodeURIComponent);
      } catch {
        /* as js-cookie: a name or value that does not decode is skipped */
      }
    }
  } catch {
    /* cookies blocked (a sandboxed frame): no choice stored */
  }
  return undefined;
}
