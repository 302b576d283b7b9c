// How the script build's language files (migu-consent.lang.<lang>.js) meet the UI: through
// one hub per page, a global so separately loaded files share it. The loader may fetch a
// language before the UI is there (in parallel with it), so a pack that arrives first waits
// in the hub, and a language is fetched once whoever asks first.
import type { Lang } from '../core/types.js';
import { logError } from '../shared/log.js';
import type { Translation } from './translation.js';

// named apart from the function an earlier version kept under 'migu-consent.i18n': files of two versions
// mixed by a cache then ignore each other (the UI stays in zh-CN) instead of throwing
export const PACKS = Symbol.for('migu-consent.i18n-hub');
export interface PackHub {
  packs: Partial<Record<Lang, Translation>>;
  /** Languages whose file was requested (a failed file stays requested: no retry loop). */
  requested: Partial<Record<Lang, true>>;
  /** Languages whose file could not load. */
  failed: Partial<Record<Lang, true>>;
  /** Set by the UI: a language's file came in or failed. */
  settled?: (lang: Lang) => void;
}

export function packHub(): PackHub {
  const g = globalThis as { [PACKS]?: PackHub };
  return (g[PACKS] ??= { packs: {}, requested: {}, failed: {} });
}

export function register(lang: Lang, t: Translation): void {
  const hub = packHub();
  hub.packs[lang] = t;
  hub.settled?.(lang);
}

/**
 * Fetches a language's file unless the pack is in or was asked for; `load` inserts
 * `migu-consent.<file>.js` and calls back on failure.
 */
export function requestPack(lang: Lang, load: (file: string, onError: (src: string) => void) => void): void {
  const hub = packHub();
  if (hub.packs[lang] || hub.requested[lang]) return;
  hub.requested[lang] = true;
  load(`lang.${lang}`, (src) => {
    logError('api', `could not load ${src}: the UI stays in zh-CN`);
    hub.failed[lang] = true;
    hub.settled?.(lang);
  });
}
