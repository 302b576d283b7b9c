import type { Service } from '../core/types.js';
import { fill } from '../i18n/i18n.js';
import type { Translation } from '../i18n/translation.js';

/** A service's cookies as the preferences dialog lists them: each name, with its declared lifetime when the config gives one. */
export function cookieList(s: Service, t: Translation): string {
  return s.cookies.map((c) => {
    const days = s.cookieLifetimes.find((l) => l.name === c)?.maxAgeDays;
    if (days === undefined) return String(c);
    return `${String(c)} (${days === 0 ? t.cookieSession : days === 1 ? t.cookieDay : fill(t.cookieDays, { n: String(days) })})`;
  }).join(', ');
}
