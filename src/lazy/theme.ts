// dist/migu-consent.theme.js: the contrast of a site's own theme colours (elements/theme-contrast.ts),
// fetched by a first visit's page check (lazy/check.ts) only when the page sets one of them: a site
// that keeps the default theme, whose contrast is tested here (test/elements/a11y.test.ts), does not
// download the checker.
import { registerChunk } from '../shared/loader-link.js';
import { warnThemeProblems } from '../elements/theme-contrast.js';

export type ThemeExports = { warnThemeProblems: typeof warnThemeProblems };

registerChunk('theme', { warnThemeProblems } satisfies ThemeExports);
