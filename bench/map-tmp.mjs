import { SourceMapConsumer } from 'source-map-js';
import { readFileSync } from 'node:fs';
const file = process.argv[2];
const smc = new SourceMapConsumer(JSON.parse(readFileSync(`dist/${file}.map`, 'utf8')));
for (const pos of process.argv.slice(3)) {
  const [line, col] = pos.split(':').map(Number);
  const o = smc.originalPositionFor({ line: line + 1, column: col });
  console.log(pos, o.source?.replace(/^.*src\//, 'src/'), o.line, o.name);
}
