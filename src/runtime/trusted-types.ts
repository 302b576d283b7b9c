/**
 * Trusted Types: under `require-trusted-types-for 'script'` a script's src and text
 * must come through a policy. Ours is named `migu-consent` (a site allows it with
 * `trusted-types migu-consent`). It only passes on what gating already vetted:
 * http(s) URLs and the text of scripts the page itself marked up.
 */
interface TrustedTypePolicyLike {
  createScriptURL(url: string): unknown;
  createScript(text: string): unknown;
}
interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(u: string): string; createScript(t: string): string }): TrustedTypePolicyLike;
}

export const POLICY_NAME = 'migu-consent';
/** Where the policy is kept: a global symbol, since a name can be created once per page and every bundle needs it. */
const POLICY = Symbol.for('migu-consent.policy');
type Global = typeof globalThis & { [POLICY]?: TrustedTypePolicyLike | null; trustedTypes?: TrustedTypesLike };

function getPolicy(): TrustedTypePolicyLike | null {
  const g = globalThis as Global;
  if (g[POLICY] === undefined) {
    g[POLICY] = null;
    try {
      if (g.trustedTypes) g[POLICY] = g.trustedTypes.createPolicy(POLICY_NAME, { createScriptURL: (u) => u, createScript: (t) => t });
    } catch {
      // the site's CSP does not allow our policy name: plain strings, which work wherever
      // Trusted Types are not enforced
    }
  }
  return g[POLICY];
}

/** A script URL as the page's Trusted Types setting wants it. */
export const trustedScriptURL = (url: string): string => (getPolicy()?.createScriptURL(url) ?? url) as string;

/** A script text as the page's Trusted Types setting wants it. */
export const trustedScript = (text: string): string => (getPolicy()?.createScript(text) ?? text) as string;
