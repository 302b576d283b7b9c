import type { ResolvedConfig } from '../core/types.js';
import { logWarn } from '../shared/log.js';
import { safeHttpUrl } from '../shared/url.js';
import { MEDIA_URLS, sourcesOf } from './activate-media.js';
import { STATE } from './scan.js';

/** Elements already looked at: each is reported once, as first seen, before gating touches it. */
const seen = new WeakSet<Element>();

/**
 * Warns (once per element) about markup gating cannot keep inert: `data-consent` on an
 * element it does not handle, and a gated element (or one of its `<source>`s) that also
 * has a live URL, which loads regardless (`src`, `srcset`, `poster`), or a live `ping`,
 * which is active until the loader has run. Returns whether the element is handled.
 */
export function checkMarkup(el: Element): boolean {
  const tag = el.localName;
  // no selector matching: this runs for every gated element of the parser's big batches
  const supported = /^(img|iframe|video|audio|a)$/.test(tag) || (tag === 'script' && el.getAttribute('type')?.toLowerCase() === 'text/plain');
  if (seen.has(el)) return supported;
  seen.add(el);
  if (!supported) {
    logWarn('gating', `<${tag}> ignores data-consent: it cannot be gated (see "Gated markup" in the README)`);
  } else if (!el.hasAttribute(STATE)) {
    for (const part of [el, ...sourcesOf(el)]) {
      for (const name of part === el && tag === 'a' ? (el.hasAttribute('data-ping') ? [] : ['ping']) : MEDIA_URLS[part.localName] ?? []) {
        const value = part.getAttribute(name)?.trim();
        if (value && safeHttpUrl(value.split(/[\s,]/)[0])) {
          const what = name === 'ping' ? 'pings until migu-consent has started' : 'loads without consent';
          logWarn('gating', `<${tag} data-consent> has a live ${part === el ? '' : '<source> '}${name}: it ${what}; write data-${name}`);
          return supported;
        }
      }
    }
  }
  return supported;
}

/**
 * Warns, once per category in `warned`, about gated markup that names a category but no service
 * when that category has services asked for separately (`separate` or `crossBorder`): it loads once
 * the category is granted, although those services are not.
 */
export function checkService(el: Element, config: ResolvedConfig, warned: Set<string>): void {
  if (el.getAttribute('data-consent-service')) return;
  for (const id of (el.getAttribute('data-consent') ?? '').split(/\s+/)) {
    const ids = config.categories.find((c) => c.id === id)?.services.filter((s) => s.separate).map((s) => s.id);
    if (!ids?.length || warned.has(id)) continue;
    warned.add(id);
    logWarn('gating', `<${el.localName} data-consent="${id}"> names no service, so it loads without ${ids.join(', ')} (asked for separately): add data-consent-service="${ids.join('" or "')}"`);
  }
}
