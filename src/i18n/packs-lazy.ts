// Script build only (rollup.config.js swaps it in for packs.ts): the UI carries zh-CN, and
// en / zh-TW are migu-consent.lang.<lang>.js next to it, fetched the first time an element
// shows that language (or earlier by the loader, see iife.ts), from the UI's folder with
// its nonce and through the Trusted Types policy (runtime/chunks.ts).
import type { Lang } from '../core/types.js';
import { loadScript } from '../runtime/chunks.js';
import { packHub, requestPack } from './register.js';
import type { Translation } from './translation.js';
import { zhCN } from './zh-CN.js';

const hub = packHub();
hub.packs['zh-CN'] = zhCN;
/** Who waits for a language. */
const waiting: Partial<Record<Lang, Set<() => void>>> = {};
hub.loaded = (lang) => {
  waiting[lang]?.forEach((f) => { f(); });
  waiting[lang]?.clear();
};

export function pack(lang: Lang, onLoad?: () => void): Translation | undefined {
  const t = hub.packs[lang];
  if (t || !onLoad) return t;
  (waiting[lang] ??= new Set()).add(onLoad);
  requestPack(lang, loadScript);
}
