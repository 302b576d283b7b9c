// The modules the script build's runtime (dist/migu-consent.runtime.js) takes from its first
// stage (dist/migu-consent.iife.js) instead of bundling second copies: the first stage registers
// them as 'first-stage' (src/iife.ts), and rollup.config.js builds the runtime with each import
// of one of them read from that registration (shared/first-stage-link.ts). One copy of each
// matters beyond bytes: gating's script queue claims the Trusted Types script maker once, the
// chunk registry, the link gating's saved clean hrefs and the check's reported elements are
// state, the guard wraps the browser once. Data only, and no imports: node reads it too
// (scripts/lazy-files.mjs). Paths are from src/, without `.ts`. The first stage registers of each
// module the exports those files read (rollup builds them first), so a module listed here costs the
// first stage only what they use of it; a pure one of which the first stage needs a part (the
// record's decoding, not its encoding) and the runtime another is still better left out: two copies,
// each its part, and nothing in the first stage for the runtime alone.
export const FIRST_STAGE_MODULES = [
  'shared/log',
  'shared/url',
  'shared/trusted-types',
  'shared/chunks',
  'core/signals',
  'core/regex-risk',
  'runtime/config-source',
  'runtime/option-checks',
  'gating/scan',
  'gating/activate-script',
  'gating/activate-media',
  'gating/activate-link',
  'gating/observer',
  'gating/apply',
  'gating/guard',
  'gating/ping',
  'i18n/lang',
  'elements/banner-lite',
  'elements/lite-root',
  'elements/scroll-padding-controller',
] as const;
