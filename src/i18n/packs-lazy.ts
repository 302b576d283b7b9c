// Script build only (rollup.config.js swaps it in for packs.ts): the UI carries zh-CN, and
// en / zh-TW are the lazily loaded files migu-consent.lang.<lang>.js next to it (src/lazy/),
// fetched the first time an element shows that language, or earlier by the loader, together
// with the UI (iife.ts). Either way through the loader's registry (shared/loader-link.ts,
// shared/chunks.ts): from its folder, with its nonce and its Trusted Types policy, once per
// page; a pack that arrives before the UI waits there, and a file that fails is reported once.
import type { Lang } from '../core/types.js';
import type { ChunkName } from '../shared/loader-link.js';
import { loadViaLoader, registry } from '../shared/loader-link.js';
import type { Translation } from './translation.js';
import { zhCN } from './zh-CN.js';

/**
 * How long a first render waits for its language before it shows zh-CN (and switches once
 * the file is in): the file comes together with the UI, so only a stalled one takes this long.
 */
export const PACK_WAIT_MS = 1000;
/** Who waits for a language. */
const waiting: Partial<Record<Lang, Set<() => void>>> = {};
/** Languages waited for longer than {@link PACK_WAIT_MS}. */
const late: Partial<Record<Lang, true>> = {};
/** Languages whose file could not load (it is not fetched again). */
const failed: Partial<Record<Lang, true>> = {};
const wake = (lang: Lang): void => {
  waiting[lang]?.forEach((f) => { f(); });
  waiting[lang]?.clear();
};
const fileOf = (lang: Exclude<Lang, 'zh-CN'>): ChunkName => `lang.${lang}`;
const inAlready = (lang: Lang): Translation | undefined =>
  lang === 'zh-CN' ? zhCN : registry()?.loaded?.<Translation>(fileOf(lang));

export function pack(lang: Lang, onLoad?: () => void): Translation | undefined {
  const t = inAlready(lang);
  if (t || !onLoad || lang === 'zh-CN') return t;
  if (!waiting[lang]) {
    waiting[lang] = new Set();
    setTimeout(() => {
      late[lang] = true;
      wake(lang);
    }, PACK_WAIT_MS);
    // before `onLoad` waits: a file that failed already (the loader's request) is told at once,
    // and the caller shows zh-CN now (packPending)
    loadViaLoader(fileOf(lang), 'the UI stays in zh-CN', () => { wake(lang); }, () => {
      failed[lang] = true;
      wake(lang);
    });
  }
  waiting[lang].add(onLoad);
}

/** The language's file is on its way (neither in, failed, nor stalled): worth waiting for rather than showing another. */
export const packPending = (lang: Lang): boolean => !inAlready(lang) && !failed[lang] && !late[lang];
