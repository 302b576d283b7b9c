import Cookies from 'js-cookie';
import { allServices } from '../core/config.js';
import { MAX_MATCHED_NAME } from '../core/regex-risk.js';
import type { ResolvedConfig } from '../core/types.js';

const attempt = (fn: () => void): void => {
  try {
    fn();
  } catch {
    /* cookies or storage blocked: nothing of ours can be there either */
  }
};

/**
 * Withdrawal clean-up: deletes the cookies (names or RegExps) and declared localStorage
 * keys of every service in `revoked` or in a revoked category. A cookie is deleted on
 * the host, on `cookieDomain` and on every parent domain of the host, for `/` and each
 * folder of the current path: where a tag could have written it. HttpOnly cookies are
 * out of reach (a server's job). Never throws; returns the names of the cookies deleted.
 */
export function cleanWithdrawn(config: ResolvedConfig, revoked: readonly string[], cookieDomain = ''): string[] {
  const deleted: string[] = [];
  attempt(() => {
    const services = allServices(config).filter((s) => revoked.includes(s.id) || revoked.includes(s.category));
    const patterns = services.flatMap((s) => s.cookies);
    attempt(() => {
      if (!patterns.length) return;
      const host = location.hostname;
      const domains = new Set(['', cookieDomain]);
      // an IP address has no parent domains
      if (!/^[\d.]+$|:/.test(host)) for (let d = host; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) domains.add(d);
      const paths = ['/'];
      let path = '';
      for (const part of location.pathname.split('/').slice(1, -1)) paths.push((path += `/${part}`));
      for (const name of Object.keys(Cookies.get())) {
        // a pattern's cost grows with the name: a longer one (none we know of is) is not tested
        if (!patterns.some((p) => (typeof p === 'string' ? p === name : name.length <= MAX_MATCHED_NAME && name.search(p) >= 0))) continue;
        for (const domain of domains) for (const at of paths) Cookies.remove(name, domain ? { domain, path: at } : { path: at });
        deleted.push(name);
      }
    });
    for (const key of services.flatMap((s) => s.storage)) attempt(() => { localStorage.removeItem(key); });
  });
  return deleted;
}
