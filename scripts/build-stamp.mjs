// The script build's stamp (src/shared/build.ts): a hash of the version and every source file, so that two
// builds of different code never share one, and one build's files always do. rollup.config.js writes it into
// each file; scripts/size.mjs measures the files with a fixed one, so that a budget moves with the code only.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** The stamp of the sources as they are now: 8 hex digits. */
export function buildStamp() {
  const src = new URL('../src/', import.meta.url);
  const hash = createHash('sha256').update(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  for (const file of readdirSync(src, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(new URL(file, src)));
  }
  return hash.digest('hex').slice(0, 8);
}
