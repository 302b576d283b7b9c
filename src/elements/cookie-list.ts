import type { Service } from '../core/types.js';
import { fill } from '../i18n/i18n.js';
import type { Translation } from '../i18n/translation.js';

/** A service's cookies as the preferences dialog lists them: each name, with its declared lifetime when the config gives one. */
export const cookieList = (s: Service, t: Translation): string => s.cookies.map((c) => {
  const days = s.cookieLifetimes?.find((l) => l.name === c)?.maxAgeDays;
  return days === undefined ? String(c) : `${String(c)} (${days ? fill(days === 1 ? t.cookieDay : t.cookieDays, { n: String(days) }) : t.cookieSession})`;
}).join(', ');
