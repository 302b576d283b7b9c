import { cookieOptions } from '../core/options-check.js';
import { MAX_RECORD_BYTES } from '../core/record.js';
import { logError, logWarn } from '../shared/log.js';
import { readCookies, readRecordCookie } from './cookie-read.js';
import { documentCookie } from './document-cookie.js';
import { type CookieAttributes, cookieDomains, cookiePaths, writeCookie } from './cookie-write.js';

export interface CookieOptions {
  name: string;
  /** e.g. `.migu.cn`: one choice for every subdomain. Host-only when absent. */
  domain?: string | undefined;
  expiresDays: number;
}

/** `Secure` on https only: some Migu pages are still plain http. */
const isHttps = (): boolean => typeof location !== 'undefined' && location.protocol === 'https:';

/**
 * The consent record in a first-party cookie (Path=/, SameSite=Lax, Secure on https).
 * When cookies are blocked or throw (sandboxed iframe, privacy mode) the value is
 * kept in memory, so the page keeps working for its life and nothing throws.
 */
export class CookieRecordStorage {
  private _memory: string | undefined;
  private _blocked = false;
  private _told = false;
  private _dropTold = false;
  private readonly _options: CookieOptions;
  /** cookie-domain, until the browser refuses it. */
  private _domain: string | undefined;

  constructor(options: CookieOptions) {
    this._options = cookieOptions(options, (m) => { logError('option', m); });
    this._domain = options.domain;
  }

  /** The consent cookie's 300 bytes count its `name=` too (CONTRACT), as browsers count a cookie's size. */
  get maxLength(): number {
    return MAX_RECORD_BYTES - this._options.name.length - 1;
  }

  read(): string | undefined {
    if (this._blocked) return this._memory;
    try {
      documentCookie(); // throws where cookies are blocked
      return readRecordCookie(this._options.name);
    } catch {
      this._blocked = true;
      return this._memory;
    }
  }

  write(value: string): void {
    this._memory = value;
    const { name, expiresDays } = this._options;
    const domain = this._domain;
    // on http, Chromium refuses a cookie where an https page's Secure one of that name stands (subdomains probe F8)
    const secure = isHttps() ? '' : ` or an https page's Secure ${name} there`;
    let failure: unknown = `not read back: cookies refused${secure}?`;
    try {
      const copies = readCookies(name).length;
      this._dropOtherCopies(['/']);
      // without cookie-domain, what went was a parent domain's: another subdomain's shared choice, which it asks
      // again for now (subdomains probe F7), or this site's own from before
      if (!domain && readCookies(name).length < copies && !this._dropTold) {
        this._dropTold = true;
        logWarn('option', `cookie-domain is not set: the choice another subdomain stored on a parent domain was deleted, and is asked again there. Sites that share one choice set one cookie-domain`);
      }
      writeCookie(name, value, this._attributes(expiresDays));
      // read back among every copy: an older one at this page's folder is listed before the one at `/`
      const stored = (): boolean => readCookies(name).includes(value);
      // a cookie-domain that covers the host and is refused all the same (a public suffix such as
      // .com.cn, an IP address's tail): host-only, as for one that does not cover it; else the
      // banner came back on every page
      if (domain && !stored()) {
        writeCookie(name, value, { ...this._attributes(expiresDays), domain: '' });
        if (stored()) {
          this._domain = undefined;
          logWarn('option', `cookie-domain: the browser refuses "${domain}" (a public suffix? an IP address?${secure}): a host-only cookie is used instead`);
        }
      }
      // a browser that refuses cookies drops the write silently; notice it by reading back (not with
      // js-cookie, whose jar never holds a name like `constructor` or `toString`)
      this._blocked = !stored();
    } catch (e) {
      this._blocked = true;
      failure = e;
    }
    // once: the visitor is asked again on the next page, and the site must learn why
    if (this._blocked && !this._told) {
      this._told = true;
      logError('storage', `consent cookie ${name} not stored (${String(failure)}): the choice holds on this page only`);
    }
  }

  clear(): void {
    this._memory = undefined;
    const { name } = this._options;
    try {
      // and a copy at this page's folder (an older deployment's, a page script's): the page reads it
      // too, and it would stand for the choice forgotten
      for (const path of cookiePaths()) writeCookie(name, '', { ...this._attributes(-1), path });
      this._dropOtherCopies(cookiePaths());
    } catch {
      /* blocked: memory is cleared, which is all there is */
    }
  }

  /**
   * Deletes the record's copies but the one this page writes: a host-only one from before cookie-domain was
   * set, and one at a domain an older deployment's cookie-domain named (removed or changed since). The page
   * reads them all and takes the newest (cookie-read.ts): left there, one would stand for a choice withdrawn
   * or forgotten here, on this page after a reset and on the other hosts it covers.
   */
  private _dropOtherCopies(paths: Iterable<string>): void {
    const { name } = this._options;
    const own = this._domain?.replace(/^\./, '').toLowerCase();
    const domains = [...(own ? [''] : []), ...cookieDomains().filter((d) => d !== own)];
    for (const path of paths) for (const domain of domains) writeCookie(name, '', { path, domain, expires: -1 });
  }

  private _attributes(expires: number): CookieAttributes {
    // and Max-Age, which browsers count from their own clock: a page that sets Date back (a campaign's preview,
    // a test clock left on) wrote an Expires in the past, and the choice was gone at once (messy-pages probe F9).
    // In whole seconds: a fraction of days (1.1 is 95040.00000000001 s) wrote a Max-Age every engine ignores (engines probe F1)
    const attributes: CookieAttributes = { path: '/', sameSite: 'Lax', secure: isHttps(), expires, 'max-age': Math.round(expires * 86400) };
    // in lower case: WebKitGTK refuses a Domain with a capital (".MIGU.cn"), and the choice was host-only (engines probe F2)
    if (this._domain) attributes['domain'] = this._domain.toLowerCase();
    return attributes;
  }
}

/** A record storage in memory only: for tests and for hosts that must not write cookies. */
export class MemoryRecordStorage {
  value: string | undefined;
  read(): string | undefined {
    return this.value;
  }
  write(value: string): void {
    this.value = value;
  }
  clear(): void {
    this.value = undefined;
  }
}
