// Where the bytes of the browser files go: `npm run size:modules` (after `npm run build`).
// For each dist/migu-consent*.js file, the minified bytes of each source module, read from the
// sourcemap rollup writes next to it (dist/<file>.js.map, terser's mappings chained to the
// TypeScript sources): a mapping segment runs from its column to the next segment's, and its bytes
// (UTF-8) go to the segment's source, and a line's bytes before its first segment to the segment in
// effect at the end of the line before (a template literal over several lines: the UI's CSS). Bytes
// before any segment or after a segment without source (the IIFE wrapper, the UI's try/catch) are
// "(unmapped)". These minified figures are exact. The brotli column is an ESTIMATE:
// the file's brotli -11 size shared out in proportion to the minified bytes (brotli compresses the
// file as a whole, so a module has no brotli size of its own). `--marginal` adds what brotli -11
// saves when the module's bytes are cut out of the file, a closer answer to "what would cutting it
// buy" (slower: one compression per module).
//
// `node scripts/size-modules.mjs [--json] [--marginal] [--top N] [dist/file.js ...]`
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
export const UNMAPPED = '(unmapped)';

const brotli = (bytes) => brotliCompressSync(bytes, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
}).length;

/** The browser files of the script build: every dist/migu-consent*.js (loader, UI, chunks, languages). */
export function browserFiles(dist = resolve(root, 'dist')) {
  return readdirSync(dist).filter((f) => /^migu-consent.*\.js$/.test(f)).sort().map((f) => resolve(dist, f));
}

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
/** The base64 VLQ fields of one mapping segment. */
function vlq(segment) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = B64.get(c);
    if (digit === undefined) throw new Error(`bad VLQ character ${JSON.stringify(c)}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * Each generated line's mapping segments of a sourcemap, by column: [column (UTF-16), source or null],
 * sources relative to the repo.
 */
function segmentsByLine(map, mapFile) {
  const sources = map.sources.map((s) => relative(root, resolve(dirname(mapFile), map.sourceRoot ?? '', s)));
  let sourceIndex = 0;
  return map.mappings.split(';').map((text) => {
    const segments = [];
    let column = 0;
    for (const seg of text.split(',')) {
      if (!seg) continue;
      const f = vlq(seg);
      column += f[0];
      if (f.length >= 4) sourceIndex += f[1];
      // fields 2 and 3 (original line and column) and 4 (name) are not needed here
      segments.push([column, f.length >= 4 ? sources[sourceIndex] : null]);
    }
    return segments.sort((a, b) => a[0] - b[0]);
  });
}

/**
 * The source module at a position of `file` (0-based line, 0-based UTF-16 column, as a CPU profile's
 * call frame gives it), as {@link breakdown} attributes that byte; undefined without a sourcemap.
 * @returns {((line: number, column: number) => string) | undefined}
 */
export function sourceLookup(file) {
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return undefined;
  const byLine = segmentsByLine(JSON.parse(readFileSync(mapFile, 'utf8')), mapFile);
  // the source in effect at each line's start: the last segment's of the line before
  let current = UNMAPPED;
  const starts = byLine.map((segments) => {
    const start = current;
    if (segments.length) current = segments.at(-1)[1] ?? UNMAPPED;
    return start;
  });
  return (line, column) => {
    let found = starts[line] ?? UNMAPPED;
    for (const [col, source] of byLine[line] ?? []) {
      if (col > column) break;
      found = source ?? UNMAPPED;
    }
    return found;
  };
}

/**
 * The minified bytes of `file` by source module. Returns { file, raw, brotli, mapped, modules },
 * modules sorted by bytes: { source, bytes, share, brotli (estimate), marginal? }. Sources are
 * paths relative to the repo (src/core/record.ts, node_modules/lit-html/lit-html.js); a file
 * without a sourcemap is one row named after itself.
 */
export function breakdown(file, { marginal = false } = {}) {
  const code = readFileSync(file);
  const text = code.toString('utf8');
  const total = brotli(code);
  const bytesBy = new Map();
  const ranges = new Map(); // source -> [byteStart, byteEnd][] for --marginal
  const add = (source, start, end) => {
    if (end <= start) return;
    bytesBy.set(source, (bytesBy.get(source) ?? 0) + end - start);
    if (marginal) (ranges.get(source) ?? ranges.set(source, []).get(source)).push([start, end]);
  };
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) {
    add(relative(root, file), 0, code.length);
  } else {
    const byLine = segmentsByLine(JSON.parse(readFileSync(mapFile, 'utf8')), mapFile);
    // the byte order mark (rollup.config.js decodedAsUtf8): browsers drop it, the map's columns count without it
    const bom = text.startsWith('\uFEFF') ? Buffer.byteLength('\uFEFF') : 0;
    if (bom) add(UNMAPPED, 0, bom);
    const lines = text.slice(bom ? 1 : 0).split('\n');
    let lineOffset = bom; // byte offset of the line in the file
    let current = UNMAPPED; // the source in effect at the end of the line before
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n];
      const segments = byLine[n] ?? [];
      // UTF-16 column -> byte offset within the line
      const byteAt = (col) => Buffer.byteLength(line.slice(0, col));
      let at = 0; // byte offset within the line already attributed
      const lineBytes = Buffer.byteLength(line);
      for (let i = 0; i < segments.length; i++) {
        const start = byteAt(segments[i][0]);
        const end = i + 1 < segments.length ? byteAt(segments[i + 1][0]) : lineBytes;
        if (start > at) add(i === 0 ? current : UNMAPPED, lineOffset + at, lineOffset + start);
        add(segments[i][1] ?? UNMAPPED, lineOffset + start, lineOffset + end);
        at = Math.max(at, end);
      }
      if (!segments.length && line.startsWith('//# sourceMappingURL=')) current = UNMAPPED;
      // a line without segments is the rest of a token from the line before
      if (at < lineBytes) add(current, lineOffset + at, lineOffset + lineBytes);
      if (segments.length) current = segments.at(-1)[1] ?? UNMAPPED;
      // the newline goes with the bytes before it
      lineOffset += lineBytes;
      if (n < lines.length - 1) {
        add(current, lineOffset, lineOffset + 1);
        lineOffset += 1;
      }
    }
  }
  const mapped = [...bytesBy].filter(([s]) => s !== UNMAPPED).reduce((sum, [, b]) => sum + b, 0);
  const modules = [...bytesBy]
    .map(([source, bytes]) => ({ source, bytes, share: bytes / code.length, brotli: Math.round((total * bytes) / code.length) }))
    .sort((a, b) => b.bytes - a.bytes);
  if (marginal) {
    for (const m of modules) {
      const keep = [];
      let from = 0;
      for (const [start, end] of [...ranges.get(m.source)].sort((a, b) => a[0] - b[0])) {
        keep.push(code.subarray(from, start));
        from = end;
      }
      keep.push(code.subarray(from));
      m.marginal = total - brotli(Buffer.concat(keep));
    }
  }
  return { file: relative(root, file), raw: code.length, brotli: total, mapped, modules };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const marginal = args.includes('--marginal');
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : Infinity;
  const named = args.filter((a, i) => !a.startsWith('--') && !(topAt >= 0 && i === topAt + 1));
  const files = named.length ? named.map((f) => resolve(f)) : browserFiles();
  if (!files.length) {
    console.error('no dist/migu-consent*.js: run npm run build');
    process.exit(1);
  }
  const all = files.map((f) => breakdown(f, { marginal }));
  if (json) {
    console.log(JSON.stringify(all, null, 1));
  } else {
    for (const b of all) {
      console.log(`\n${b.file}: raw ${b.raw} B, brotli ${b.brotli} B; ${b.modules.length} modules (brotli by module: estimate, in proportion to the minified bytes${marginal ? '; "cut": brotli saved without its bytes' : ''})`);
      for (const m of b.modules.slice(0, top)) {
        console.log(`  ${String(m.bytes).padStart(7)} B  ${(m.share * 100).toFixed(1).padStart(5)}%  ~${String(m.brotli).padStart(5)} B br${marginal ? `  cut ${String(m.marginal).padStart(5)} B` : ''}  ${m.source}`);
      }
      if (b.modules.length > top) console.log(`  ... ${b.modules.length - top} more`);
    }
  }
}
