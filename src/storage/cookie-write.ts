import { setDocumentCookie } from './document-cookie.js';

/** Cookie attributes as js-cookie takes them: `expires` in days or a Date. */
export type CookieAttributes = Record<string, string | number | boolean | Date | undefined>;

/**
 * js-cookie's `Cookies.set(name, value, attributes)`, the same text to the letter, but over the
 * attributes' own keys: js-cookie's for..in also takes what a page's old scripts put on
 * Object.prototype (Prototype.js, MooTools: `Object.prototype.extend = function…`) and throws on
 * it, so that nothing was stored or deleted there. `expires` in days (negative deletes) or a Date;
 * no default path: give one. `raw`: the name as document.cookie shows it, written as it is (a
 * deletion of a cookie someone else named, which encoding would turn into another name).
 * test/storage/cookie-write.test.ts compares the two.
 */
export function writeCookie(name: string, value: string, attributes: CookieAttributes, raw?: boolean): void {
  const all = { ...attributes };
  if (typeof all.expires == 'number') all.expires = new Date(Date.now() + all.expires * 864e5);
  if (all.expires instanceof Date) all.expires = all.expires.toUTCString();
  // written as js-cookie's own lines, which the compressed file then holds once
  let text = '';
  for (const key of Object.keys(all)) {
    if (!all[key]) continue;
    text += '; ' + key;
    if (all[key] !== true) text += '=' + String(all[key]).split(';')[0];
  }
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- js-cookie's escaping of ( and ) in a name
  setDocumentCookie((raw ? name : encodeURIComponent(name).replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent).replace(/[()]/g, escape)) + '='
    + encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent) + text);
}

/**
 * Every path a cookie this page sees can have been written with: `/`, each folder of the page's
 * path with and without its final `/`, and the path itself. A deletion must name the path.
 */
export function cookiePaths(path = location.pathname): Set<string> {
  const paths = new Set(['/', path]);
  for (let i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) paths.add(path.slice(0, i)).add(path.slice(0, i + 1));
  return paths;
}

/**
 * Every domain a cookie this page sees can have been written for: the host and each parent domain of it
 * (a public suffix among them is refused by the browser, so a deletion there does nothing). An IP address has none.
 */
export function cookieDomains(host = location.hostname): string[] {
  const domains: string[] = [];
  if (!/^[\d.]+$|:/.test(host)) for (let d = host; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) domains.push(d);
  return domains;
}
