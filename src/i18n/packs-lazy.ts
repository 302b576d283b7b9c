// Script build only (rollup.config.js swaps it in for packs.ts): the UI carries zh-CN, and
// en / zh-TW are migu-consent.lang.<lang>.js next to it, fetched the first time an element
// shows that language, with the UI's nonce and through the Trusted Types policy.
import type { Lang } from '../core/types.js';
import { logError } from '../runtime/log.js';
import { trustedScriptURL } from '../runtime/trusted-types.js';
import type { Register } from './register.js';
import { PACKS } from './register.js';
import type { Translation } from './translation.js';
import { zhCN } from './zh-CN.js';

/** The UI's own tag, read while it runs: the language files sit in its folder. */
const self = document.currentScript as HTMLScriptElement | null;
const packs: Partial<Record<Lang, Translation>> = { 'zh-CN': zhCN };
/** Requested languages and who waits for them (a failed file stays requested: no retry loop). */
const waiting: Partial<Record<Lang, Set<() => void>>> = {};

(globalThis as { [PACKS]?: Register })[PACKS] = (lang, t) => {
  packs[lang] = t;
  waiting[lang]?.forEach((f) => { f(); });
  waiting[lang]?.clear();
};

export function pack(lang: Lang, onLoad?: () => void): Translation | undefined {
  const t = packs[lang];
  if (t || !onLoad) return t;
  const requested = waiting[lang];
  if (requested) return void requested.add(onLoad);
  waiting[lang] = new Set([onLoad]);
  try {
    const script = document.createElement('script');
    script.src = trustedScriptURL(new URL(`migu-consent.lang.${lang}.js`, self?.src || location.href).href);
    if (self?.nonce) script.nonce = self.nonce;
    script.onerror = () => { logError('api', `could not load ${script.src}: the UI stays in zh-CN`); };
    document.head.append(script);
  } catch (e) {
    logError('api', String(e));
  }
}
