// The script build's stamp (src/shared/build.ts): a hash of what the build is made of (the sources, the
// dependencies as locked, the build's own configuration), so that two builds of different code do not share one,
// and one build's files always do. rollup.config.js writes it into each file, whose URL the loader asks with it
// (`?v=<stamp>`); scripts/size.mjs measures the files with a fixed one, so that a budget moves with the code only.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url);
const BUILD_FILES = ['package.json', 'package-lock.json', 'rollup.config.js', 'tsconfig.json', 'tsconfig.build.json', 'scripts/lazy-files.mjs', 'scripts/build-stamp.mjs'];

/** The stamp of the sources as they are now: 8 hex digits. */
export function buildStamp() {
  const hash = createHash('sha256');
  const src = readdirSync(new URL('src/', ROOT), { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).sort().map((f) => `src/${f}`);
  // a checkout without the lock file (a copy of the sources) still builds
  for (const file of [...BUILD_FILES, ...src]) if (existsSync(new URL(file, ROOT))) hash.update(file).update(readFileSync(new URL(file, ROOT)));
  return hash.digest('hex').slice(0, 8);
}
