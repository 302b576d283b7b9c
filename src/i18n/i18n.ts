import type { Lang, Text } from '../core/types.js';
import type { ReactiveControllerHost } from 'lit';
import { pack, packPending } from './packs.js';
import type { Translation } from './translation.js';

import { followHtmlLang } from './lang.js';
import { logWarn } from '../shared/log.js';

export { langOf, resolveLang } from './lang.js';

/**
 * The language to show and its UI strings, with the site's `config.texts[lang]` overrides.
 * In the script build a language other than zh-CN may still be loading: then `shown` (the
 * language shown so far) stays, and `onLoad` runs once the wanted one is in. With nothing
 * shown yet the result is undefined while the file is on its way: better a banner a moment
 * later than one in a language the reader may not read (and a CJK font fallback to lay out).
 */
export function stringsFor(
  lang: Lang, texts: Record<string, Record<string, string>> = {}, onLoad?: () => void, shown?: Lang,
): [Lang, Translation] | undefined {
  checkTexts(texts);
  if (!pack(lang, onLoad)) {
    if (!shown && packPending(lang)) return undefined;
    lang = shown ?? 'zh-CN';
  }
  return [lang, { ...pack(lang) as Translation, ...texts[lang] }];
}

const checked = new WeakSet();

/**
 * Warns, once per `texts` of a config, about a key that is no text of ours (a typo such as `acceptAl`),
 * which would be ignored without a word: the config's validator has no list of them (it is in the
 * first stage's files), the UI has, with zh-CN.
 */
function checkTexts(texts: Record<string, Record<string, string>>): void {
  if (checked.has(texts)) return;
  checked.add(texts);
  const known = Object.keys(pack('zh-CN') ?? {});
  for (const [lang, table] of Object.entries(texts)) {
    for (const key of Object.keys(table)) {
      if (!known.includes(key)) logWarn('config', `config.texts.${lang}.${key.slice(0, 40)}: unknown text, ignored (the keys are in "Languages")`);
    }
  }
}

/** Calls `onChange` when `<html lang>` changes while `host` is connected (a demo's language switch). */
export function followPageLang(host: ReactiveControllerHost, onChange: () => void): void {
  let stop: (() => void) | undefined;
  host.addController({
    hostConnected: () => { stop = followHtmlLang(onChange); },
    hostDisconnected: () => { stop?.(); },
  });
}

/** The language {@link textOf} takes a config `Text` in: `lang`, or the first of zh-CN, en, zh-TW that fills its gap. */
export const textLang = (text: Text | undefined, lang: Lang): Lang =>
  (typeof text === 'object' && text[lang] === undefined ? (['zh-CN', 'en', 'zh-TW'] as const).find((l) => text[l] !== undefined) : undefined) ?? lang;

/** A config `Text` in a language, falling back to the other languages. */
export function textOf(text: Text | undefined, lang: Lang): string | undefined {
  return typeof text === 'object' ? text[textLang(text, lang)] : text;
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
