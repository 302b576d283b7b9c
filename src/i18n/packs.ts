// The languages of the npm build, all bundled (an app's bundler keeps what it imports).
// The script build swaps in packs-lazy.ts (rollup.config.js), which fetches en and zh-TW.
import type { Lang } from '../core/types.js';
import { en } from './en.js';
import type { Translation } from './translation.js';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

const PACKS: Record<Lang, Translation> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/**
 * The strings of a language. Same signature as packs-lazy.ts, where it is undefined while
 * the language's file loads and a second argument runs once it is in; here it is always there.
 */
export const pack: (lang: Lang, onLoad?: () => void) => Translation | undefined = (lang) => PACKS[lang];

/** Same signature as packs-lazy.ts: here every language is always in. */
export const packPending: (lang: Lang) => boolean = () => false;
