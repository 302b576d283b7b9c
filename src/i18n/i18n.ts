import type { Lang, Text } from '../core/types.js';
import { en } from './en.js';
import type { Translation } from './translation.js';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

const TRANSLATIONS: Record<Lang, Translation> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

/** A BCP 47 tag as one of our languages: zh-Hant / -TW / -HK / -MO are zh-TW, other zh is zh-CN, en-* is en; anything else falls back to zh-CN. */
export function resolveLang(tag: string | null | undefined): Lang {
  const t = (tag ?? '').toLowerCase();
  if (/^en\b/.test(t)) return 'en';
  return /^zh\b.*\b(hant|tw|hk|mo)\b/.test(t) ? 'zh-TW' : 'zh-CN';
}

/** The language of an element: `own` (its lang property), else its nearest `lang`, else `<html lang>`, else zh-CN. */
export const langOf = (element: Element, own?: string): Lang =>
  resolveLang(own || element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang);

/** The UI strings of a language with the site's `config.texts[lang]` overrides applied. */
export const stringsFor = (lang: Lang, texts: Record<string, Record<string, string>> = {}): Translation =>
  ({ ...TRANSLATIONS[lang], ...texts[lang] });

/** A config `Text` in a language, falling back to the other languages. */
export function textOf(text: Text | undefined, lang: Lang): string | undefined {
  return typeof text === 'object' ? text[lang] ?? text['zh-CN'] ?? text.en ?? text['zh-TW'] : text;
}

/** Replaces `{key}` placeholders; the result is only ever rendered as text. */
export const fill = (s: string, vars: Record<string, string>): string =>
  s.replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);

/** The label and description of a category: its config text, else the default for the five built-in ids, else the id. */
export function describeCategory(
  category: { id: string; label?: Text; description?: Text }, lang: Lang, t: Translation,
): [label: string, description: string] {
  const defaults = t as unknown as Record<string, string | undefined>;
  return [
    textOf(category.label, lang) ?? defaults[`${category.id}Label`] ?? category.id,
    textOf(category.description, lang) ?? defaults[`${category.id}Description`] ?? '',
  ];
}
