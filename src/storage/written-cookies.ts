// The cookies the API's setCookie() wrote, with the category each was written for: that category's as much
// as what its services declare, they go when it goes, declared or not. Kept in localStorage under
// `<cookie-name>.cookies` (a withdrawal on a later page deletes them too) and for the page's life.
import type { ResolvedConfig } from '../core/types.js';
import { allServices } from '../core/config.js';
import { cleanNamed } from './cookie-cleaner.js';

/** Names kept at most, the oldest dropped first: a page that writes a cookie per id must not fill localStorage. */
const KEPT = 50;

/** Cookie name -> the category it was written for. */
type Written = Map<string, string>;

const storageKey = (cookieName: string): string => `${cookieName}.cookies`;

export class WrittenCookies {
  /** What this page wrote: all there is when storage is blocked. */
  private readonly _page: Written = new Map();

  /** Remembers that `name` was written for `category` (the last category it was written for). Never throws. */
  note(cookieName: string, category: string, name: string): void {
    this._page.set(name, category);
    const stored = this._stored(cookieName);
    // listed already: a page that writes its cookie on every view writes no storage for it
    if (stored.get(name) === category) return;
    stored.delete(name); // to the end, the newest: the oldest go first
    this._save(cookieName, stored.set(name, category));
  }

  /**
   * Deletes the cookies written for a category that `granted` refuses (on the host, on `cookieDomain`
   * and the parent domains, as a withdrawal deletes declared ones), except a name a granted service
   * declares, and forgets them. Reads storage only when `config` has a category that is not granted.
   * Never throws; returns the names deleted.
   */
  drop(cookieName: string, config: ResolvedConfig, granted: (category: string, service?: string) => boolean, cookieDomain: string): string[] {
    if (config.categories.every((c) => granted(c.id))) return [];
    const stored = this._stored(cookieName);
    const off = [...new Map([...stored, ...this._page])].filter(([, category]) => !granted(category)).map(([name]) => name);
    if (!off.length) return [];
    for (const name of off) {
      this._page.delete(name);
      stored.delete(name);
    }
    this._save(cookieName, stored);
    return cleanNamed(off, cookieDomain, allServices(config).filter((s) => granted(s.category, s.id)));
  }

  private _stored(cookieName: string): Written {
    try {
      const saved: unknown = JSON.parse(localStorage.getItem(storageKey(cookieName)) ?? '{}');
      const entries = saved && typeof saved === 'object' && !Array.isArray(saved) ? Object.entries(saved) : [];
      return new Map(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return new Map(); // blocked, or not ours to read: the page's own list still holds
    }
  }

  private _save(cookieName: string, list: Written): void {
    try {
      localStorage.setItem(storageKey(cookieName), JSON.stringify(Object.fromEntries([...list].slice(-KEPT))));
    } catch {
      /* storage blocked or full: the page's own list still holds */
    }
  }
}
