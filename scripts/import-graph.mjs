#!/usr/bin/env node
// The folder-level import graph of src/: which folder imports which, and how many import lines.
// `node scripts/import-graph.mjs` prints it (docs/architecture.md shows it); `--files` lists every
// import between two different folders. Static `import`/`export ... from` and `import()` with
// relative specifiers are counted, type-only imports too (they still tie the layers together).
// The files directly in src/ (entries) are grouped as "(entry)". An import that goes up the
// layers of scripts/layers.mjs is marked "UP" (the lint rule refuses it).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mayImport } from './layers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

const folderOf = (file) => {
  const parts = relative(src, file).split(sep);
  return parts.length === 1 ? '(entry)' : parts[0];
};

// `from './x.js'`, `import './x.js'`, `import('./x.js')`; comments are stripped first
const specifiers = (text) => {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found = [];
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\1/g)) found.push(m[2]);
  return found;
};

/** @returns {{ from: string, to: string, file: string, target: string }[]} */
export function importEdges() {
  const edges = [];
  for (const file of walk(src)) {
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      if (!target.startsWith(src + sep)) continue;
      edges.push({ from: folderOf(file), to: folderOf(target), file: relative(root, file), target: relative(root, target) });
    }
  }
  return edges;
}

/** An import from folder `from` to folder `to` that goes up the layers. */
export const upward = (from, to) => !mayImport(from === '(entry)' ? '' : from, to);

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const edges = importEdges();
  if (process.argv.includes('--files')) {
    for (const e of edges) if (e.from !== e.to) console.log(`${e.file} -> ${e.target}${upward(e.from, e.to) ? '  UP' : ''}`);
  } else {
    const counts = new Map();
    for (const e of edges) {
      if (e.from === e.to) continue;
      const targets = counts.get(e.from) ?? new Map();
      targets.set(e.to, (targets.get(e.to) ?? 0) + 1);
      counts.set(e.from, targets);
    }
    const folders = [...new Set(walk(src).map(folderOf))].sort();
    for (const from of folders) {
      const targets = [...(counts.get(from) ?? new Map())].sort(([a], [b]) => a.localeCompare(b));
      console.log(`${from.padEnd(14)} -> ${targets.length ? targets.map(([to, n]) => `${to} ${n}${upward(from, to) ? ' UP' : ''}`).join(', ') : '(nothing)'}`);
    }
  }
}
