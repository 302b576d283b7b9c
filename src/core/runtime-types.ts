// The types a runtime and its features share. Gating, receipts, the host guard and the
// native bridge are written against FeatureRuntime, not the ConsentRuntime class
// (runtime/consent-runtime.ts), so the layers below runtime/ need nothing from it.
import type { DntMode } from './policy.js';
import type { ConsentStore } from './store.js';

/** The options of one consent manager: the `<migu-consent>` attributes, as data. */
export interface ConsentOptions {
  /** Policy revision; a choice made under another revision is asked again. */
  revision: string;
  cookieName: string;
  /** e.g. `.migu.cn`; host-only when empty. */
  cookieDomain: string;
  expiresDays: number;
  lang: string;
  /** http(s) only; anything else is dropped with an error. */
  policyUrl: string;
  dnt: DntMode;
  receiptEndpoint: string;
  /** `reload`: reload when a script of a revoked category already ran. */
  revoke: 'reload' | 'none';
  /** Set by the host for a user under 14: grants need a guardian's confirmation. */
  minor: boolean;
  /** What the server saw in the request headers, passed on by the host: "dnt", "gpc" or both. */
  serverSignals: string;
}

/** What a runtime feature gets: the part of a `ConsentRuntime` that the built-in features use. */
export interface FeatureRuntime {
  readonly options: ConsentOptions;
  readonly store: ConsentStore;
  showPreferences(): void;
}

/**
 * A step that starts with every runtime (gating, receipts, withdrawal clean-up) and returns
 * its teardown. `addRuntimeFeature()` takes one over the whole `ConsentRuntime`.
 */
export type RuntimeFeature<R extends FeatureRuntime = FeatureRuntime> = (runtime: R) => (() => void) | undefined;
