import type { Lang } from '../core/types.js';

/**
 * A BCP 47 tag as one of our languages: en-* is en; a tag with the Traditional script (Hant) or a
 * region that writes it (TW, HK, MO) is zh-TW unless its script is Hans (zh-Hans-HK is simplified),
 * whatever its language: zh-HK, and Cantonese or Mandarin tags (yue-Hant-HK, yue-HK, cmn-Hant-TW),
 * which got simplified Chinese; anything else is zh-CN.
 * `_` counts as `-`: pages write locale ids (`en_US`, `zh_TW`) in `lang` too.
 */
export function resolveLang(tag: string | null | undefined): Lang {
  const t = (tag ?? '').toLowerCase().replace(/_/g, '-');
  if (/^en\b/.test(t)) return 'en';
  return /\b(hant|tw|hk|mo)\b/.test(t) && !/\bhans\b/.test(t) ? 'zh-TW' : 'zh-CN';
}

/** The language of an element: `own` (its lang property), else its nearest `lang`, else `<html lang>`, else zh-CN. */
export const langOf = (element: Element, own?: string): Lang =>
  resolveLang(own || element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang);

/**
 * Calls `onChange` each time `<html lang>` changes (a page's language switch), or `element`'s own
 * `lang`, until it returns false or the returned function is called: the one way the banner, the
 * re-open button and the Lit elements follow the page's language. The parts without Lit pass their
 * `<migu-consent>`: nothing else re-renders them when its `lang` changes.
 */
export function followHtmlLang(onChange: () => unknown, element?: Element): () => void {
  const observer = new MutationObserver(() => { if (onChange() === false) observer.disconnect(); });
  for (const watched of [document.documentElement, element]) if (watched) observer.observe(watched, { attributeFilter: ['lang'] });
  return () => { observer.disconnect(); };
}
