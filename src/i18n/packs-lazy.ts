// Script build only (rollup.config.js swaps it in for packs.ts): the UI carries zh-CN, and
// en / zh-TW are migu-consent.lang.<lang>.js next to it, fetched the first time an element
// shows that language (or earlier by the loader, see iife.ts), by the loader: from its folder
// with its nonce and through its Trusted Types policy (shared/chunks.ts, shared/loader-link.ts).
import type { Lang } from '../core/types.js';
import { loaderLink } from '../shared/loader-link.js';
import { packHub, requestPack } from './register.js';
import type { Translation } from './translation.js';
import { zhCN } from './zh-CN.js';

const hub = packHub();
hub.packs['zh-CN'] = zhCN;
/**
 * How long a first render waits for its language before it shows zh-CN (and switches once
 * the file is in): the file comes together with the UI, so only a stalled one takes this long.
 */
export const PACK_WAIT_MS = 1000;
/** Who waits for a language. */
const waiting: Partial<Record<Lang, Set<() => void>>> = {};
/** Languages waited for longer than {@link PACK_WAIT_MS}. */
const late: Partial<Record<Lang, true>> = {};
const wake = (lang: Lang): void => {
  waiting[lang]?.forEach((f) => { f(); });
  waiting[lang]?.clear();
};
hub.settled = wake;
/** Fetches `migu-consent.<file>.js` from the loader's folder: the loader creates the script element. */
const loadViaLoader = (file: string, onError: (src: string) => void): void => {
  const load = loaderLink().loadScript;
  if (load) load(file, onError);
  else onError(file);
};

export function pack(lang: Lang, onLoad?: () => void): Translation | undefined {
  const t = hub.packs[lang];
  if (t || !onLoad) return t;
  if (!waiting[lang]) {
    waiting[lang] = new Set();
    setTimeout(() => {
      late[lang] = true;
      wake(lang);
    }, PACK_WAIT_MS);
  }
  waiting[lang].add(onLoad);
  requestPack(lang, loadViaLoader);
}

/** The language's file is on its way (neither in, failed, nor stalled): worth waiting for rather than showing another. */
export const packPending = (lang: Lang): boolean => !hub.packs[lang] && !hub.failed[lang] && !late[lang];
