/**
 * Trusted Types: under `require-trusted-types-for 'script'` a script's src and text
 * must come through a policy. Ours is named `migu-consent` (a site allows it with
 * `trusted-types migu-consent`). It stays private to this module, never on a global, and
 * passes only what the library built: absolute http(s) script URLs, and the text of the
 * gated scripts that gating activates, through a maker only gating holds.
 */
import { safeHttpUrl } from './url.js';

interface TrustedTypePolicyLike {
  createScriptURL(url: string): unknown;
  createScript(text: string): unknown;
}
interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(u: string): string; createScript(t: string): string }): TrustedTypePolicyLike;
}

export const POLICY_NAME = 'migu-consent';
let policy: TrustedTypePolicyLike | null | undefined;
/** The one value the policy passes on its next call, set by {@link through} right before it: should the policy leak, it passes nothing. */
let expected: string | undefined;
const only = (value: string): string => {
  if (value !== expected) throw new TypeError(`${POLICY_NAME}: not ours`);
  expected = undefined;
  return value;
};

/** `value` through the policy (created on first use), or as it is where the policy cannot be had. */
function through(value: string, create: (p: TrustedTypePolicyLike) => unknown): string {
  if (policy === undefined) {
    policy = null;
    try {
      const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
      if (tt) policy = tt.createPolicy(POLICY_NAME, { createScriptURL: only, createScript: only });
    } catch {
      // the site's CSP does not allow our policy name: plain strings, which work wherever
      // Trusted Types are not enforced
    }
  }
  if (!policy) return value;
  expected = value; // taken back by `only`
  return create(policy) as string;
}

/** An absolute http(s) script URL (as `URL.href` writes it) as the page's Trusted Types setting wants it; anything else throws. */
export function trustedScriptURL(url: string): string {
  if (safeHttpUrl(url) !== url) throw new TypeError(`${POLICY_NAME}: ${JSON.stringify(url.slice(0, 60))} is not an http(s) script URL`);
  return through(url, (p) => p.createScriptURL(url));
}

let claimed = false;
/**
 * The maker of script text, handed out once: to gating (activate-script.ts, when it loads),
 * which gives it only the bodies of the gated scripts it activates. Later callers get nothing.
 */
export function claimScriptText(): ((text: string) => string) | undefined {
  if (claimed) return undefined;
  claimed = true;
  return (text) => through(text, (p) => p.createScript(text));
}
