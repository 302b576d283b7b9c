// The URL checks every layer shares: only http(s) URLs are ever written, fetched or activated.
import { logError } from './log.js';

/**
 * `document.baseURI` through Node.prototype's own getter: markup can shadow the property itself
 * (`<img name="baseURI">`: a document's named elements override its built-ins), and every URL
 * resolved against it threw, the loader's files too.
 */
export const documentBase = (doc: Document): string => Object.getOwnPropertyDescriptor(Node.prototype, 'baseURI')?.get?.call(doc) as string;

/** A URL that may be shown as a link or posted to: http(s) only, resolved as the page's markup is (its `<base href>`). */
export function safeHttpUrl(value: string, base?: string): string | undefined {
  try {
    const url = new URL(value, base ?? (typeof document === 'undefined' ? undefined : documentBase(document)));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The policy link for the banner's language: `{lang}` in `policy-url` (checked as an http(s) URL,
 * which writes it `%7Blang%7D`) becomes `zh-CN`, `zh-TW` or `en`, for a policy per language. No
 * regular expression: this runs as a first visit's banner renders (theme-contrast.ts says why).
 */
export const policyHref = (url: string, lang: string): string => url.split('{lang}').join(lang).split('%7Blang%7D').join(lang);

/**
 * Whether a cookie `Domain` (".migu.cn") covers a host name: the host is that domain or under it.
 * A browser refuses a cookie whose domain does not.
 */
export function domainCovers(domain: string, hostname: string): boolean {
  const d = domain.replace(/^\./, '').toLowerCase();
  const h = hostname.replace(/\.$/, '').toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}

/**
 * The base URL the parser resolved `el`'s URLs with as it added it: the page's first `<base href>` when
 * it comes before `el`, else the document's own URL. `document.baseURI` follows a `<base>` parsed later
 * too: an injected one (a comment field) would move a gated script of the head, activated on consent and
 * given the page's nonce, to its own host. A script activated as the browser would have loaded it does not.
 */
export function baseFor(el: Element): string {
  const doc = el.ownerDocument;
  const current = documentBase(doc);
  // no <base href> moves anything (most pages): the query below walks the whole document without one, once
  // for each gated URL, which made a returning visitor's page of thousands of gated images quadratic
  if (current === doc.URL) return current;
  const base = doc.querySelector<HTMLBaseElement>('base[href]');
  // Node.DOCUMENT_POSITION_DISCONNECTED (1) and _FOLLOWING (4) as numbers: the first stage's bytes
  const position = base?.compareDocumentPosition(el) ?? 1;
  if (!base || position & 1) return current;
  // a document of its own URL only: about:blank and srcdoc frames take their base from their parent
  return position & 4 || !/^https?:/.test(doc.URL) ? base.href : doc.URL;
}

/**
 * An http(s) URL (relative ones resolved as the parser did for `el`: {@link baseFor}) or undefined;
 * anything else (`javascript:`, `data:`, `vbscript:`...) is reported and never used.
 */
export function gatedUrl(value: string, el: Element): string | undefined {
  const url = safeHttpUrl(value, baseFor(el));
  if (!url) logError('gating', `<${el.localName}> not activated: ${JSON.stringify(value.slice(0, 60))} is not an http(s) URL`);
  return url;
}

/**
 * Checks every URL in a list (`srcset` candidates, `ping` targets). Splitting at each
 * comma finds every URL start, sometimes more: so it may refuse, never let through.
 */
export function gatedUrls(value: string, el: Element, separator: RegExp): boolean {
  return value.split(separator).every((part) => {
    const url = part.trim().split(/\s/)[0];
    return !url || gatedUrl(url, el) !== undefined;
  });
}
