// The benchmark's server: the repo's files as they are (Content-Length, no compression on
// the wire, so timings do not depend on the server's compressor; gzip made once per body for
// the runs that send `x-bench-gzip: 1`), the contenders' pages rendered from one template,
// and the local tracker.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPage } from './contenders.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** BENCH_AB: the dist/ of another build (a worktree of an older commit), served as /ab/ for the A/B contender. */
export const abDir = process.env.BENCH_AB ? resolve(process.env.BENCH_AB) : undefined;

/** The file on disk a URL path names: the repo's files, and /ab/ in {@link abDir}; undefined outside them. */
export function diskPath(pathname) {
  const ab = abDir && /^\/ab\/(.*)$/.exec(pathname);
  const base = ab ? abDir : root;
  const file = resolve(base, `./${ab ? ab[1] : pathname}`);
  return file.startsWith(base.endsWith(sep) ? base : base + sep) ? file : undefined;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TRACKER_JS = Buffer.from('(window.__trackers = window.__trackers || []).push(performance.now());\n');

/** gzip -9 bodies by content, made once: what a CDN sends, without its compressor's time in the figures. */
const gzipped = new Map();

function send(res, status, type, body, req) {
  // only for runs that ask (the emulated network rows): the other rows keep identity bodies
  const gzip = req?.headers['x-bench-gzip'] === '1' && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (gzip) {
    const key = body.toString('latin1');
    if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
    body = gzipped.get(key);
  }
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': body.length,
    ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
    // every run uses a new browser context, so the HTTP cache is cold anyway
    'Cache-Control': 'max-age=600',
  });
  res.end(body);
}

async function handle(req, res) {
  const { pathname, searchParams } = new URL(req.url, 'http://localhost');
  const page = /^\/bench\/page\/([\w-]+)\.html$/.exec(pathname);
  if (page) {
    const html = renderPage(page[1], searchParams.get('variant'));
    return html ? send(res, 200, TYPES['.html'], Buffer.from(html), req) : send(res, 404, 'text/plain', Buffer.from('no such contender'));
  }
  if (pathname === '/bench/tracker/analytics.js') return send(res, 200, TYPES['.js'], TRACKER_JS, req);
  if (pathname === '/bench/tracker/pixel.gif') return send(res, 200, TYPES['.gif'], GIF);
  const file = diskPath(decodeURIComponent(pathname));
  if (!file) return send(res, 403, 'text/plain', Buffer.from('outside the repo'));
  try {
    send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file), req);
  } catch {
    send(res, 404, 'text/plain', Buffer.from('not found'));
  }
}

/** Starts the server on 127.0.0.1 (a free port); resolves to { base, close }. */
export async function startServer() {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => { if (!res.headersSent) send(res, 500, 'text/plain', Buffer.from('error')); });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  };
}
