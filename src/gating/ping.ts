// REQUIREMENTS 42: a link's `ping` (hyperlink auditing: the browser POSTs to each of its URLs as
// the link is followed) goes out only while its consent holds. Decided at the click that would
// send it, by a listener on the window that runs before the page's own: a `ping` in the markup,
// one a script writes later, on a link gating knows or on any other, is covered alike, with no
// watch on the page. A marked link (`data-consent`) follows its categories, as gating keeps it
// (activate-link.ts). A `ping` on any other `<a>` or `<area>` needs the service that declares its
// host, or, for a host no service declares, every category: it tracks, and nothing says for whom.
import { applyLink } from './activate-link.js';
import type { TrackerHost } from './guard.js';
import { hostMatches } from './guard.js';
import { isAllowed } from './scan.js';
import type { ConsentState } from '../core/types.js';
import { logWarnOnce } from '../shared/log.js';

export interface PingRules {
  isGranted: (category: string, service?: string) => boolean;
  /** The hosts services declare, read at each click. */
  hosts: () => readonly TrackerHost[];
  /** Whether every category and service is granted ({@link everyGranted}): what a ping to a host no service declares needs. */
  allGranted: () => boolean;
}

/** Whether `state` grants each category and service it lists (a service switched off is a refusal too); none without a state. */
export const everyGranted = (state: ConsentState | undefined): boolean =>
  !!state && [...Object.values(state.categories), ...Object.values(state.services)].every((granted) => granted);

/** Whether `link`'s `ping` (URLs separated by spaces) may go out now. */
export function pingAllowed(link: Element, ping: string, rules: PingRules): boolean {
  if (link.hasAttribute('data-consent')) return isAllowed(link, rules.isGranted);
  return ping.split(/\s+/).filter(Boolean).every((url) => {
    let host: string;
    try {
      host = new URL(url, link.baseURI).hostname.replace(/\.$/, '');
    } catch {
      return true; // the browser's parser is this one: it sends nothing there either
    }
    const declared = rules.hosts().filter((t) => hostMatches(host, t));
    return declared.length ? declared.every((t) => rules.isGranted(t.category, t.service)) : rules.allGranted();
  });
}

/**
 * Holds back each `ping` that {@link pingAllowed} refuses, at the click (a middle click too) that
 * would send it; the navigation itself goes on. A marked link goes back to clean (its `ping` kept
 * in `data-ping`, as gating does); any other loses its `ping` until a click that allows it puts
 * it back. One console warning per `ping` held back from an unmarked link. Returns the stop.
 */
export function gatePings(rules: PingRules): () => void {
  const held = new WeakMap<Element, string>();
  const onClick = (e: Event): void => {
    const link = e.composedPath().find((n): n is HTMLAnchorElement | HTMLAreaElement =>
      n instanceof HTMLAnchorElement || n instanceof HTMLAreaElement);
    const ping = link && (link.getAttribute('ping') ?? held.get(link));
    if (!link || ping == null) return;
    let allowed = false;
    try {
      allowed = pingAllowed(link, ping, rules);
    } catch {
      // no answer is no consent
    }
    if (link.hasAttribute('data-consent')) {
      if (allowed) return;
      if (link instanceof HTMLAnchorElement) applyLink(link, false);
      else link.removeAttribute('ping');
    } else if (allowed) {
      if (!link.hasAttribute('ping')) link.setAttribute('ping', ping);
      held.delete(link);
    } else {
      held.set(link, ping);
      link.removeAttribute('ping');
      // once per page: the first stage's gate and the runtime's would both warn
      logWarnOnce(document, 'gating', `ping ${JSON.stringify(ping.slice(0, 80))} held back until all is granted: mark its link (data-consent, data-ping) or declare its host`);
    }
  };
  for (const type of ['click', 'auxclick']) addEventListener(type, onClick, true);
  return () => {
    for (const type of ['click', 'auxclick']) removeEventListener(type, onClick, true);
  };
}
