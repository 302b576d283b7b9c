import Cookies from 'js-cookie';

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
  private memory: string | undefined;
  private blocked = false;
  private readonly options: CookieOptions;

  constructor(options: CookieOptions) {
    this.options = options;
  }

  read(): string | undefined {
    if (this.blocked) return this.memory;
    try {
      return Cookies.get(this.options.name);
    } catch {
      this.blocked = true;
      return this.memory;
    }
  }

  write(value: string): void {
    this.memory = value;
    try {
      Cookies.set(this.options.name, value, this.attributes(this.options.expiresDays));
      // a browser that refuses cookies drops the write silently; notice it by reading back
      this.blocked = Cookies.get(this.options.name) !== value;
    } catch {
      this.blocked = true;
    }
  }

  clear(): void {
    this.memory = undefined;
    try {
      Cookies.remove(this.options.name, this.attributes());
      if (this.options.domain) Cookies.remove(this.options.name, { path: '/' }); // a host-only copy from before cookie-domain was set
    } catch {
      /* blocked: memory is cleared, which is all there is */
    }
  }

  private attributes(expires?: number): Cookies.CookieAttributes {
    const attributes: Cookies.CookieAttributes = { path: '/', sameSite: 'Lax', secure: isHttps() };
    if (this.options.domain) attributes.domain = this.options.domain;
    if (expires !== undefined) attributes.expires = expires;
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
