// CONTRACT.md "Command line" clauses no other e2e file covered: an audit of a host that does not
// resolve or a port that accepts and never answers ends within --timeout with status >= 2, a page
// that cannot be audited outranks a finding in the exit status, and `receipts serve` on --port 0
// --host ::1 names the real port, bracketed, on its first stdout line, and a receipt answered 2xx
// survives kill -9 sent the moment the answer arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, collect, pgliteFolder, post, receipt, runCli, tempDir } from './receipts-support.mjs';
import { openStore } from '../node/receipts/store.mjs';

const listen = (server, host = '127.0.0.1') => new Promise((done) => { server.listen(0, host, () => { done(server.address().port); }); });

test('audit: an unresolvable host and a port that never answers fail within --timeout (status 4), even beside a page with findings', async () => {
  const sockets = new Set();
  // accepts the connection, never writes a byte
  const silent = createTcpServer((socket) => { sockets.add(socket); });
  const page = createHttpServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>t</title><script>document.cookie = "cl_tracker=1; max-age=86400";</script>');
  });
  const silentPort = await listen(silent);
  const pagePort = await listen(page);
  try {
    const started = Date.now();
    const run = await runCli(['audit', `http://127.0.0.1:${pagePort}/`, 'http://migu-audit-test.invalid/', `http://127.0.0.1:${silentPort}/`,
      '--scenarios', 'first-visit', '--fail-on', 'info', '--timeout', '5000', '--wait', '0'], { timeout: 120_000 });
    assert.equal(run.timedOut, false, 'the audit hung');
    // the first page alone would exit 1 (an info finding, --fail-on info); the unauditable ones rank above it
    assert.equal(run.code, 4, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, /migu-audit-test\.invalid\/: host not found/);
    assert.match(run.stderr, new RegExp(`127\\.0\\.0\\.1:${silentPort}/: did not finish loading within 5000 ms`));
    assert.match(run.stdout, /cookie cl_tracker/);
    assert.ok(Date.now() - started < 120_000);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
    page.close();
  }
});

test('receipts serve --port 0 --host ::1: "listening on http://[::1]:PORT" first, and a 2xx receipt survives kill -9 at once', async (t) => {
  const probe = createTcpServer();
  const v6 = await new Promise((done) => { probe.once('error', () => done(false)); probe.listen(0, '::1', () => { probe.close(() => done(true)); }); });
  if (!v6) { t.skip('no IPv6 loopback here'); return; }
  const data = tempDir();
  try {
    const child = spawn(process.execPath, [BIN, 'receipts', 'serve', '--port', '0', '--host', '::1', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((done) => { child.on('close', done); });
    let out = '';
    const first = await new Promise((done) => {
      child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) done(out.slice(0, out.indexOf('\n'))); });
      exited.then(() => done(out));
    });
    const m = /^listening on http:\/\/\[::1\]:(\d+)$/.exec(first);
    assert.ok(m && Number(m[1]) > 0, first);
    const url = `http://[::1]:${m[1]}`;
    const r = receipt();
    const answer = await post(url, r);
    child.kill('SIGKILL');
    await exited;
    assert.equal(answer.status, 201, JSON.stringify(answer.json));
    const exported = await runCli(['receipts', 'export', '--data', data, '--consent-id', r.consentId], { timeout: 60_000 });
    assert.equal(exported.code, 0, exported.stderr);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.equal(lines[0].receiptId, r.receiptId);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('the bin: --version prints the package version, `help <command>` is `<command> --help`, `help` alone the usage', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const printed = await runCli(['--version'], { timeout: 30_000 });
  assert.equal(printed.code, 0, printed.stderr);
  assert.equal(printed.stdout, `${version}\n`);
  const [helped, direct] = await Promise.all([runCli(['help', 'receipts'], { timeout: 30_000 }), runCli(['receipts', '--help'], { timeout: 30_000 })]);
  assert.equal(helped.code, 0, helped.stderr);
  assert.equal(helped.stdout, direct.stdout);
  assert.match(helped.stdout, /^usage: migu-consent receipts /);
  const usage = await runCli(['help'], { timeout: 30_000 });
  assert.equal(usage.code, 0, usage.stderr);
  assert.match(usage.stdout, /^usage: migu-consent <command>/);
  assert.equal((await runCli(['help', 'nope'], { timeout: 30_000 })).code, 2);
  // each exit status docs/audit.md gives, in the audit's own help: 3 was missing (CLI probe 2 F6)
  const audit = await runCli(['audit', '--help'], { timeout: 30_000 });
  assert.equal(audit.code, 0, audit.stderr);
  const said = audit.stdout.slice(audit.stdout.indexOf('exit status:')).replace(/\s+/g, ' ');
  for (const status of ['0 nothing at or above --fail-on', '1 something was', '2 usage error', '3 playwright-core (or, with --list, @ghostery/adblocker) not installed', '4 a page could not be audited', '5 no Chromium found']) {
    assert.ok(said.includes(status), `"${status}" in: ${said}`);
  }
});

test('receipts serve --data naming a file: one sentence that names the folder and the cause, status 1, no stack', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'receipts.db');
    writeFileSync(file, 'not a folder');
    for (const data of [file, join(file, 'inside')]) {
      const run = await runCli(['receipts', 'serve', '--port', '0', '--data', data], { timeout: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `migu-consent receipts: the receipts database folder ${data} could not be made: it, or a folder above it, is a file (--data takes a folder)\n`);
      // a read command makes nothing, and says the same cause, not serve's hint (docs probe F5)
      const read = await runCli(['receipts', 'export', '--data', data], { timeout: 60_000 });
      assert.equal(read.code, 1, read.stderr);
      assert.equal(read.stderr, `migu-consent receipts: no database at ${data}: it, or a folder above it, is a file (--data takes a folder)\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a negative number is refused by the option\'s own words, status 2, not parseArgs\' "argument is ambiguous" (docs probe F3)', async () => {
  const cases = [
    [['audit', 'http://127.0.0.1:9/', '--wait', '-1'], 'migu-consent audit: --wait must be a whole number from 0 to 2147483647, not "-1"'],
    [['receipts', 'serve', '--port', '-1'], 'migu-consent receipts: --port: a whole number from 0 to 65535 expected, not "-1"'],
    [['receipts', 'purge', '--retention-days', '-1'], 'migu-consent receipts: --retention-days: a whole number from 0 to 36500 expected, not "-1"'],
  ];
  for (const [args, said] of cases) {
    const run = await runCli(args, { timeout: 30_000 });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stderr.split('\n')[0], said);
  }
});

test('an optional driver or browser not installed: one line naming the install command, exit 3; the collector\'s as a dependency (a server keeps it after npm ci --omit=dev), the audit\'s as a dev dependency', async () => {
  // the package as installed without its optional peers: a folder with no node_modules above it
  const root = tempDir('migu-no-peers-');
  try {
    for (const part of ['bin', 'node', 'dist', 'package.json']) cpSync(new URL(`../${part}`, import.meta.url), join(root, part), { recursive: true });
    const bin = join(root, 'bin/migu-consent.mjs');
    const cases = [
      [['receipts', 'serve', '--port', '0', '--data', join(root, 'data')], 'npm install @electric-sql/pglite\n'],
      [['receipts', 'export', '--database-url', 'postgres://u@127.0.0.1:1/x'], 'npm install pg\n'],
      [['audit', 'http://127.0.0.1:1/'], 'npm install --save-dev playwright-core\n'],
    ];
    for (const [args, command] of cases) {
      const run = await runCli(args, { timeout: 60_000, bin });
      assert.equal(run.code, 3, `${args.join(' ')}: ${run.stderr}`);
      assert.ok(run.stderr.endsWith(`, which is not installed: ${command}`), `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('receipts: an option another command takes is a usage error (exit 2) that names what the command takes, never ignored; an empty --host too (CLI probe 2 F2)', async () => {
  // parseArgs took every option for every command: `delete ID --since …` deleted all of the consent's receipts,
  // `counts --consent-id ID` counted every consent's, `serve --host ""` listened on every interface
  const dir = tempDir();
  try {
    const data = await pgliteFolder(dir);
    const r = receipt();
    let store = await openStore({ data });
    await store.insert(r);
    await store.close();
    const cases = [
      [['delete', r.consentId, '--since', '2026-01-01'], '--since is not an option of delete (it takes --data, --database-url, --url, --admin-token-file, --timeout)'],
      [['counts', '--consent-id', r.consentId], '--consent-id is not an option of counts (it takes --data, --database-url, --url, --admin-token-file, --timeout, --since, --until)'],
      [['purge', '--until', '2026-01-01'], '--until is not an option of purge (it takes --data, --database-url, --url, --admin-token-file, --timeout, --retention-days)'],
      [['history', r.consentId, '--format', 'csv'], '--format is not an option of history (it takes --data, --database-url, --url, --admin-token-file, --timeout)'],
      [['export', '--port', '8787'], '--port is not an option of export (it takes --data, --database-url, --url, --admin-token-file, --timeout, --since, --until, --consent-id, --format)'],
      [['serve', '--port', '0', '--url', 'http://127.0.0.1:8787'], '--url is not an option of serve (it takes --port, --host, --data, --database-url, --allow-origin, --admin-token-file, --rate-limit, --retention-days, --trust-proxy, --min-free-mb)'],
      [['serve', '--port', '0', '--host', ''], '--host: a host name or address expected (0.0.0.0 or :: for every interface), not an empty one'],
      [['constructor'], 'unknown command "constructor"'],
    ];
    for (const [args, said] of cases) {
      const run = await runCli(['receipts', ...args, '--data', data], { timeout: 60_000 });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, '', args.join(' '));
      assert.equal(run.stderr.split('\n')[0], `migu-consent receipts: ${said}`, args.join(' '));
    }
    store = await openStore({ data, create: false });
    try {
      assert.deepEqual((await collect(store.export({ consentId: r.consentId }))).map((x) => x.receiptId), [r.receiptId], 'nothing deleted');
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
