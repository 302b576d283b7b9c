// The script build's stamp, the same in each of its files: rollup.config.js writes here a hash of what the build
// is made of (scripts/build-stamp.mjs). The loader asks for each lazily loaded file with it (`?v=<stamp>`), so that
// a cache that kept an earlier build's file under its plain name never gives it (upgrade probes F3, F4), and says
// so of a file that registers with another. 'dev' in the unit tests and type checks, which no rollup build stamps.
export const BUILD: string = 'dev';
