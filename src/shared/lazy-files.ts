// The script build's lazily loaded files, one row each: the one table they come from.
// - dist/migu-consent.<name>.js is built from src/lazy/<name>.ts (rollup.config.js reads this
//   table, and refuses an entry without a row or a row without an entry);
// - the loader fetches it by that name (shared/chunks.ts), and the file hands its exports over
//   under that name (shared/loader-link.ts): the names are typed from here;
// - scripts/size.mjs asks for a size budget for each.
// Data only, and no imports: node scripts read it too (scripts/lazy-files.mjs). Nothing of it is
// in a bundle. Adding a file: a row here and its entry in src/lazy/ (docs/contributing.md).

/**
 * How rollup builds a file:
 * - `code`: bundled with what it imports from src/, minified as the loader is (private `_x`
 *   members mangled too: none crosses into another bundle), with a sourcemap;
 * - `data`: a language's strings, minified, without a sourcemap (no `//# sourceMappingURL` bytes);
 * - `ui`: the Lit UI, with the loader's runtime instead of a second core and the languages other
 *   than zh-CN fetched (rollup swaps runtime/bootstrap.ts and i18n/packs.ts), wrapped so that a
 *   UI that cannot start is reported, never thrown into the page;
 * - `runtime`: as `code`, with the first stage's modules (shared/first-stage-modules.ts) taken from
 *   the first stage instead of bundled, and compiled eagerly as the first stage is;
 * - `first-stage`: as `code`, with the first stage's modules taken from it (a file only the first
 *   stage fetches), and compiled eagerly as the first stage is.
 */
export type LazyBuild = 'code' | 'data' | 'ui' | 'runtime' | 'first-stage';

export const LAZY_FILES = {
  /** The runtime: config, store, events, tab sync; fetched by the first stage (src/iife.ts) when it is needed. */
  runtime: { build: 'runtime' },
  /** Whether the runtime must come to report what is wrong (config, attributes, markup), though nothing uses it. */
  check: { build: 'first-stage' },
  /** The contrast of a site's own theme colours, for a first visit's check when the page sets any. */
  theme: { build: 'first-stage' },
  /** A returning visitor's, once the page is idle and nothing uses the runtime: the re-open button without Lit, and the check without the config validator. */
  returning: { build: 'first-stage' },
  /** Lit: the banner, preferences, signal notice and gate. Takes the loader's registration; hands nothing over. */
  ui: { build: 'ui' },
  /** The re-open button without Lit, for the runtime: after a choice, and for a returning visitor when the runtime is in before the page is idle. */
  reopen: { build: 'first-stage' },
  /** Proof-of-consent delivery, with `receipt-endpoint`. */
  receipts: { build: 'code' },
  /** Sibling sites: the links, and the incoming handoff. */
  siblings: { build: 'code' },
  /** The native app's bridge, inside an app. */
  native: { build: 'code' },
  /** Google Consent Mode updates, with `data-google-consent-mode`. */
  gcm: { build: 'code' },
  /** The UI's strings in English (zh-CN is in the UI). */
  'lang.en': { build: 'data' },
  /** The UI's strings in Traditional Chinese. */
  'lang.zh-TW': { build: 'data' },
} as const satisfies Record<string, { build: LazyBuild }>;

/** A lazily loaded file: dist/migu-consent.<name>.js. */
export type LazyFileName = keyof typeof LAZY_FILES;
