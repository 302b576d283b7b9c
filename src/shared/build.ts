// The script build's stamp, the same in each of its files: rollup.config.js writes a hash of the sources
// and the version here. The loader compares it with the stamp each lazily loaded file registers with, and
// fetches a file of another build again past the caches (a cache kept an earlier one beside a newer loader:
// upgrade probe F3, F4). 'dev' in the unit tests and type checks, which no rollup build stamps.
export const BUILD: string = 'dev';
