import type { ResolvedConfig } from '../core/types.js';
import { knownIds, unknownId } from '../core/ids.js';
import { logWarn } from '../shared/log.js';
import { safeHttpUrl } from '../shared/url.js';
import { MEDIA_URLS, sourcesOf } from './activate-media.js';
import { handles, isHtml, STATE } from './scan.js';

/** Elements already looked at: each is reported once, as first seen, before gating touches it. */
const seen = new WeakSet<Element>();

/**
 * What is wrong with gated markup that gating cannot keep inert, or undefined: `data-consent` on an
 * element it does not handle, and a gated element (or one of its `<source>`s) that also has a live
 * URL, which loads regardless (`src`, `srcset`, `poster`, a frame's `srcdoc`), or a live `ping`, which is active until
 * the loader has run. Pure: lazy/check.ts asks it too, in a build whose copy returns `''` for every
 * message (rollup.config.js checksWithoutWords blanks each text here with a space in it).
 */
export function markupProblem(el: Element): string | undefined {
  const tag = el.localName;
  if (!handles(el)) return `<${tag}> ignores data-consent: it cannot be gated (see docs/gated-markup.md)`;
  // a frame's inline content runs as the frame is made: never gated (a data-srcdoc would turn injected text into script)
  if (tag === 'iframe' && el.hasAttribute('srcdoc')) return '<iframe data-consent> has a live srcdoc: it loads without consent; write data-src, to a page of its own';
  if (el.hasAttribute(STATE)) return undefined;
  for (const part of [el, ...sourcesOf(el)]) {
    for (const name of part === el && tag === 'a' ? (el.hasAttribute('data-ping') ? [] : ['ping']) : MEDIA_URLS[part.localName] ?? []) {
      const value = part.getAttribute(name)?.trim();
      if (value && safeHttpUrl(value.split(/[\s,]/)[0])) {
        const what = name === 'ping' ? 'pings until migu-consent has started' : 'loads without consent';
        return `<${tag} data-consent> has a live ${part === el ? '' : '<source> '}${name}: it ${what}; write data-${name}`;
      }
    }
  }
  return undefined;
}

/**
 * A gated image, frame, video, audio or script with nothing gated to load: no `data-src` (nor `data-srcset`,
 * `data-poster`, a `<source>`'s): a misspelt one (`data-scr`) left it inert for good, without a word (console
 * probe F7). The runtime's alone: the first visit's check would pay for it in the first visit's bytes.
 */
function nothingToLoad(el: Element): string | undefined {
  // a script has src or a body to run: Klaro's markup puts data-src on it, which is not read here (a text/plain script
  // is never fetched, so a gated one keeps its src)
  const script = isHtml(el) && handles(el);
  const names = script ? ['src'] : MEDIA_URLS[el.localName];
  if (!names || el.localName === 'source' || el.hasAttribute(STATE)) return undefined;
  // (a gate's stamped script: its text held off it, elements/migu-consent-gate.ts)
  const gated = script ? el.hasAttribute('src') || el.text.trim() || el.closest('migu-consent-gate') : [el, ...sourcesOf(el)].some((part) => (MEDIA_URLS[part.localName] ?? []).some((name) => part.hasAttribute(`data-${name}`)));
  return gated ? undefined : `<${el.localName} data-consent> has no ${names.map((name) => `${script ? '' : 'data-'}${name}`).join(' or ')}: nothing loads once granted (a misspelt attribute?)`;
}

/**
 * What the runtime alone says, naming the element, where {@link markupProblem} (which the first visit's check shares, in
 * its bytes) is general or silent (Firefox fuzz probe F3): a `<script data-consent>` whose type is not "text/plain"
 * (`" text/plain"`, `text/plain;charset=utf-8` never run; a script type ran without consent), and gated markup that
 * names no category, which never loads.
 */
function namedProblem(el: Element): string | undefined {
  const consent = el.getAttribute('data-consent') ?? '';
  if (isHtml(el) && !handles(el)) {
    const src = el.getAttribute('src');
    return `<script data-consent${src ? ` src="${src.slice(0, 100)}"` : ''}> has type="${el.type}": only type="text/plain" is gated (a script type runs without consent, another never runs)`;
  }
  return handles(el) && !consent.trim() ? `<${el.localName} data-consent="${consent}"> names no category: it never loads` : undefined;
}

/** Warns (once per element, as first seen, before gating touches it) about {@link markupProblem}; returns whether the element is handled. */
export function checkMarkup(el: Element): boolean {
  if (!seen.has(el)) {
    seen.add(el);
    const problem = namedProblem(el) ?? markupProblem(el) ?? nothingToLoad(el);
    if (problem) logWarn('gating', problem);
  }
  return handles(el);
}

/**
 * Gated markup that names a category but no service when that category has services asked for
 * separately (`separate` or `crossBorder`): it loads once the category is granted, although those
 * services are not. Each such category with its services' ids.
 */
export function serviceProblems(el: Element, config: ResolvedConfig): [category: string, services: string[]][] {
  if (el.getAttribute('data-consent-service')) return [];
  const out: [string, string[]][] = [];
  for (const id of (el.getAttribute('data-consent') ?? '').split(/\s+/)) {
    const ids = config.categories.find((c) => c.id === id)?.services.filter((s) => s.separate).map((s) => s.id);
    if (ids?.length) out.push([id, ids]);
  }
  return out;
}

/** Warns, once per category in `warned`, about {@link serviceProblems}. */
export function checkService(el: Element, config: ResolvedConfig, warned: Set<string>): void {
  for (const [id, ids] of serviceProblems(el, config)) {
    if (warned.has(id)) continue;
    warned.add(id);
    logWarn('gating', `<${el.localName} data-consent="${id}"> names no service, so it loads without ${ids.join(', ')} (asked for separately): add data-consent-service="${ids.join('" or "')}"`);
  }
}

/** The categories and services `el` is gated on. */
const gatedIds = (el: Element): string[] =>
  `${el.getAttribute('data-consent') ?? ''} ${el.getAttribute('data-consent-service') ?? ''}`.split(/\s+/).filter(Boolean);

/** Whether `config` has a category or service `id`. */
export const isKnownId = (id: string, config: ResolvedConfig): boolean => config.categories.some((c) => c.id === id || c.services.some((s) => s.id === id));

/**
 * What tells about a category or service named in gated markup that the config does not have (a typo, a case
 * mismatch): the element stays inert whatever the user chooses, and nothing said why. Once per id, after the
 * page has loaded, against the config then: an app that sets its config as it mounts has set it by then. Only
 * the runtime tells; the page check (runtime/page-check.ts) brings it for that.
 */
export function unknownIdsChecker(config: () => ResolvedConfig): (el: Element) => void {
  const looked = new Set<string>();
  const report = (id: string) => (): void => {
    const now = config();
    if (!isKnownId(id, now)) {
      logWarn('gating', `data-consent: ${unknownId(id, now)}; known: ${knownIds(now)}. Markup naming it stays inert until a config adds it`);
    }
  };
  return (el) => {
    for (const id of gatedIds(el)) {
      if (looked.has(id)) continue;
      looked.add(id);
      if (document.readyState === 'complete') setTimeout(report(id));
      else addEventListener('load', () => { setTimeout(report(id)); }, { once: true });
    }
  };
}
