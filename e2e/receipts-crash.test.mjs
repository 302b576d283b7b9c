// Crash test of the collector on embedded PGlite: the real CLI server, a burst of concurrent posts
// (duplicates among them), kill -9 in the middle, a restart on the same data folder. Every receipt
// answered 2xx must be there exactly once. Then the CLI exports the folder directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { BIN, CI, crashTest, pgliteFolder, post, receipt, runCli, spawnCollector, tempDir } from './receipts-support.mjs';
import { openStore } from '../node/receipts/store.mjs';

test('kill -9 during a burst on PGlite: every acknowledged receipt is stored exactly once after restart', async () => {
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  try {
    const result = await crashTest({ args: ['--data', data], total: 250, killAfter: 80 });
    console.log(`crash (PGlite): ${result.sent} posts, ${result.acked} acknowledged before kill -9, ${result.refused} cut off; `
      + `after restart ${result.stored} stored, each once`);
    assert.ok(result.acked > 0 && result.refused > 0, 'the kill came in the middle of the burst');
    result.second.child.kill('SIGTERM');
    assert.equal(await result.second.exited, 0);
    const out = await runCli(['receipts', 'export', '--data', data]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim().split('\n').length, result.stored);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a first start killed while PGlite writes the new database: the next start makes it whole and works', async () => {
  const dir = tempDir();
  try {
    // the process dies (kill -9, from inside) the moment PGlite opens postgresql.conf of the new
    // database: PG_VERSION is written by then, some other files are not
    const preload = join(dir, 'die-on-open.mjs');
    writeFileSync(preload, `import fs from 'node:fs';
const open = fs.openSync;
fs.openSync = function (path, ...rest) {
  if (String(path).endsWith('/postgresql.conf')) process.kill(process.pid, 'SIGKILL');
  return open.call(this, path, ...rest);
};
`);
    const data = join(dir, 'db');
    mkdirSync(data);
    const first = await runCli(['receipts', 'serve', '--port', '0', '--data', data], { env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` }, timeout: 180_000 });
    assert.equal(first.code, null, `the first start was to be killed: ${first.stderr}`);
    // a read refuses the folder: no database was made there
    const read = await runCli(['receipts', 'counts', '--data', data], { timeout: 180_000 });
    assert.equal(read.code, 1, read.stderr);
    assert.match(read.stderr, /no database at /);
    const second = await spawnCollector(['--data', data], { timeout: 180_000 });
    try {
      assert.equal((await post(second.url, receipt())).status, 201);
    } finally {
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
    }
    assert.ok(existsSync(join(data, 'pgdata', 'PG_VERSION')));
    assert.deepEqual(readdirSync(data).sort(), ['pgdata']);
    const counts = await runCli(['receipts', 'counts', '--data', data], { timeout: 180_000 });
    assert.equal(JSON.parse(counts.stdout).receipts, 1, counts.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two collectors starting together on a folder whose lock a crash left: exactly one takes it, the other is refused', async () => {
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  const children = [];
  try {
    // the lock of a process that is gone
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = String(await new Promise((resolve) => { dead.on('exit', () => { resolve(dead.pid); }); }));
    writeFileSync(join(data, 'migu-receipts.lock'), deadPid);
    // the race made certain: each process, once it has read the dead pid, waits until both have; then
    // the "second" waits until the first has made its own lock before going on with what it read
    const preload = join(dir, 'race.mjs');
    writeFileSync(preload, `import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const { RACE_DIR: dir, RACE_LOCK: lockFile, RACE_STALE: stale, RACE_ROLE: role } = process.env;
const readFile = fsp.readFile;
const until = async (ok) => { while (!ok()) await new Promise((r) => { setTimeout(r, 5); }); };
const current = () => { try { return fs.readFileSync(lockFile, 'utf8').trim(); } catch { return ''; } };
let first = true;
fsp.readFile = async function (path, ...rest) {
  const text = await readFile.call(this, path, ...rest);
  if (first && String(path) === lockFile && String(text).trim() === stale) {
    first = false;
    fs.writeFileSync(dir + '/read-' + role, '');
    await until(() => fs.existsSync(dir + '/read-first') && fs.existsSync(dir + '/read-second'));
    if (role === 'second') await until(() => current() !== '' && current() !== stale);
  }
  return text;
};
syncBuiltinESMExports();
`);
    const start = (role) => {
      const child = spawn(process.execPath, [BIN, 'receipts', 'serve', '--port', '0', '--data', data], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, RACE_DIR: dir, RACE_LOCK: join(data, 'migu-receipts.lock'), RACE_STALE: deadPid, RACE_ROLE: role },
      });
      children.push(child);
      let out = '';
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      const exited = new Promise((resolve) => { child.on('exit', (code) => { resolve(code); }); });
      // what happened first: it listens, or it ends
      const outcome = new Promise((resolve) => {
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve({ listening: /^listening on /.test(out), child, exited, err: () => err });
        });
        exited.then((code) => { resolve({ listening: false, code, child, exited, err: () => err }); });
      });
      return outcome;
    };
    const results = await Promise.all([start('first'), start('second')]);
    const winners = results.filter((r) => r.listening);
    const losers = results.filter((r) => !r.listening);
    assert.equal(winners.length, 1, `both took the lock: ${results.map((r) => r.err()).join('\n')}`);
    assert.equal(losers[0].code, 1, losers[0].err());
    assert.match(losers[0].err(), new RegExp(`the receipts database .* is open in process ${winners[0].child.pid} `));
    winners[0].child.kill('SIGTERM');
    assert.equal(await winners[0].exited, 0, `${winners[0].child.signalCode} ${winners[0].err()}`);
    // nothing of the takeover left beside the database
    assert.deepEqual(readdirSync(data).sort(), ['pgdata']);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM the moment the collector says it listens: it closes the database and exits 0, the folder unlocked', async () => {
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  try {
    // a supervisor's quick restart; the window was narrow, so a few rounds
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, [BIN, 'receipts', 'serve', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      child.stdout.once('data', () => { child.kill('SIGTERM'); });
      const [code, signal] = await new Promise((resolve) => { child.on('exit', (c, s) => { resolve([c, s]); }); });
      assert.deepEqual([code, signal], [0, null], `round ${round}: ${err}`);
      assert.deepEqual(readdirSync(data), ['pgdata'], `round ${round}: the lock is left`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second openStore of one PGlite folder in the same process is refused while the first is open, then opens', async () => {
  const { openStore, StoreLocked } = await import('../node/receipts/store.mjs');
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  try {
    const first = await openStore({ data });
    try {
      // both at once too: neither may slip in between the other's check and take
      const tries = await Promise.allSettled([openStore({ data }), openStore({ data })]);
      for (const t of tries) if (t.status === 'fulfilled') await t.value.close();
      assert.deepEqual(tries.map((t) => t.status), ['rejected', 'rejected']);
      for (const t of tries) {
        assert.ok(t.status === 'rejected' && t.reason instanceof StoreLocked && t.reason.name === 'StoreLocked' && /already open in this process/.test(t.reason.message), String(t.status === 'rejected' && t.reason));
      }
      await first.insert(receipt());
    } finally {
      await first.close();
    }
    const again = await openStore({ data });
    assert.equal((await again.counts()).receipts, 1);
    await again.close();
    assert.deepEqual(readdirSync(data), ['pgdata']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Megabytes free on the disk of `path`, as the collector counts them. */
async function freeMB(path) {
  const { bavail, bsize } = await statfs(path);
  return (Number(bavail) * Number(bsize)) / 2 ** 20;
}

test('a collector whose disk has less free than --min-free-mb answers 503 and stores nothing; with room it stores (real statfs)', async () => {
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  try {
    const free = await freeMB(data);
    const refusing = await spawnCollector(['--data', data, '--rate-limit', '0', '--min-free-mb', String(Math.ceil(free) + 1024)]);
    const refused = await post(refusing.url, receipt());
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.match(refused.json.error, /not stored/);
    refusing.child.kill('SIGTERM');
    assert.equal(await refusing.exited, 0);
    assert.match(refusing.stderr(), /disk nearly full: \d+ MB free for .*, under the \d+ MB kept free/);
    // under what is free: stored (the disk would have to lose 512 MB meanwhile for this to fail)
    const taking = await spawnCollector(['--data', data, '--rate-limit', '0', '--min-free-mb', String(Math.max(0, Math.floor(free) - 512))]);
    assert.equal((await post(taking.url, receipt())).status, 201);
    taking.child.kill('SIGTERM');
    assert.equal(await taking.exited, 0);
    const out = await runCli(['receipts', 'export', '--data', data]);
    assert.equal(out.stdout.trim().split('\n').filter(Boolean).length, 1, 'only the second collector stored');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a PGlite collector filling a small disk stops at --min-free-mb with 503s, keeps answering, stores again once space is freed, stops on SIGTERM (collector probe F3)', async (t) => {
  const dir = tempDir();
  const mnt = join(dir, 'disk');
  mkdirSync(mnt);
  // a real full disk needs a file system of its own: a tmpfs, which only root may mount
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=80m', 'tmpfs', mnt]).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    t.skip('cannot mount a tmpfs here (needs root)');
    return;
  }
  let collector;
  try {
    const data = await pgliteFolder(mnt); // about 39 MB
    const keep = 24;
    // a ballast that leaves 6 MB above what the collector keeps: about 6,000 receipts
    const ballast = join(mnt, 'ballast');
    writeFileSync(ballast, Buffer.alloc(Math.floor((await freeMB(mnt) - keep - 6) * 2 ** 20)));
    collector = await spawnCollector(['--data', data, '--rate-limit', '0', '--min-free-mb', String(keep)]);
    const acked = [];
    let full;
    let sent = 0;
    const worker = async () => {
      while (!full && sent < 20_000) {
        sent++;
        const r = receipt();
        const res = await post(collector.url, r);
        if (res.status === 201) acked.push(r.receiptId);
        else if (res.status === 503) full ??= res;
        else throw new Error(`unexpected ${res.status} ${JSON.stringify(res.json)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.ok(full, `no 503 after ${sent} receipts (${Math.round(await freeMB(mnt))} MB free)`);
    assert.ok(await freeMB(mnt) > 0, 'the disk never filled');
    assert.match(collector.stderr(), /disk nearly full/);
    // still answering: a request gets its 503 at once, not a hang
    assert.equal((await post(collector.url, receipt())).status, 503);
    rmSync(ballast);
    assert.equal((await post(collector.url, receipt())).status, 201, 'stores again once space is freed');
    collector.child.kill('SIGTERM');
    assert.equal(await collector.exited, 0);
    collector = undefined;
    const out = await runCli(['receipts', 'export', '--data', data]);
    assert.equal(out.code, 0, out.stderr);
    const stored = new Set(out.stdout.trim().split('\n').map((l) => JSON.parse(l).receiptId));
    for (const id of acked) assert.ok(stored.has(id), `acknowledged ${id} is stored`);
    console.log(`disk full (PGlite): ${acked.length} receipts stored before the 503s, ${sent} sent`);
  } finally {
    collector?.child.kill('SIGKILL');
    await collector?.exited;
    spawnSync('umount', ['-l', mnt]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('read commands on a PGlite folder this process cannot write (an auditor\'s read-only snapshot) read a copy, say so, and leave nothing behind', async (t) => {
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  const snapshot = join(dir, 'snapshot');
  mkdirSync(snapshot);
  const r = receipt();
  const store = await openStore({ data });
  await store.insert(r);
  await store.close();
  // read-only as a snapshot is: root writes through any mode bits, so a read-only bind mount, which only root may make
  if (spawnSync('mount', ['--bind', data, snapshot]).status !== 0 || spawnSync('mount', ['-o', 'remount,ro,bind', snapshot]).status !== 0) {
    spawnSync('umount', [snapshot]);
    rmSync(dir, { recursive: true, force: true });
    t.skip('cannot make a read-only bind mount here (needs root)');
    return;
  }
  try {
    const copiesBefore = readdirSync(tmpdir()).filter((f) => f.startsWith('migu-receipts-read-')).length;
    const out = await runCli(['receipts', 'export', '--data', snapshot], { timeout: 120_000 });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(JSON.parse(out.stdout).receiptId, r.receiptId);
    assert.match(out.stderr, /^migu-consent receipts: .*snapshot cannot be written \(EROFS\): read from a copy in .*migu-receipts-read-\w+, deleted afterwards\n$/);
    assert.equal(readdirSync(tmpdir()).filter((f) => f.startsWith('migu-receipts-read-')).length, copiesBefore, 'the copy is gone');
    const writer = await runCli(['receipts', 'delete', r.consentId, '--data', snapshot], { timeout: 120_000 });
    assert.equal(writer.code, 1, 'a write is not made on a copy');
    // in words, naming the folder: not the raw error about a lock file of ours it never made (CLI probe 2 F5)
    const said = new RegExp(`^migu-consent receipts: the receipts database folder ${snapshot} cannot be written \\(EROFS\\): run as a user that may write it, or read it with export, history or counts\n$`);
    assert.match(writer.stderr, said);
    const serve = await runCli(['receipts', 'serve', '--port', '0', '--data', snapshot], { timeout: 120_000 });
    assert.equal(serve.code, 1, serve.stderr);
    assert.equal(serve.stdout, '');
    assert.match(serve.stderr, said);
  } finally {
    spawnSync('umount', [snapshot]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PGlite: each 2xx comes after an fdatasync of the WAL segment its commit is in, as PostgreSQL\'s own commit makes one (CLI probe 2 F7)', async (t) => {
  // kill -9 loses nothing (the commit is written to the kernel), but PGlite never syncs: an OS crash or a power cut
  // lost receipts answered 2xx, against CONTRACT's "2xx only after a durable write". The system calls, as strace sees them.
  if (spawnSync('strace', ['-V']).status !== 0) {
    if (CI) assert.fail('strace is not installed (apt-get install strace)');
    t.skip('strace not installed: the sync before each 2xx is not checked');
    return;
  }
  const dir = tempDir();
  const data = await pgliteFolder(dir);
  const trace = join(dir, 'trace');
  const tracer = spawn('strace', ['-f', '-y', '-e', 'trace=fdatasync,fsync,write,writev', '-o', trace, process.execPath, BIN, 'receipts', 'serve', '--port', '0', '--data', data],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const ended = new Promise((resolve) => { tracer.on('close', resolve); });
  let out = '';
  let err = '';
  tracer.stderr.on('data', (d) => { err += d; });
  try {
    const url = await new Promise((resolve, reject) => {
      tracer.stdout.on('data', (d) => { out += d; const m = /^listening on (\S+)\n/.exec(out); if (m) resolve(m[1]); });
      void ended.then(() => { reject(new Error(`the collector under strace ended: ${err}`)); });
    });
    // one at a time: each answer must follow a sync made after the one before it
    for (let i = 0; i < 5; i++) assert.equal((await post(url, receipt())).status, 201);
  } finally {
    // the collector is strace's child: SIGTERM to it, as a supervisor stops it (strace then ends with it)
    const [collector] = readFileSync(`/proc/${tracer.pid}/task/${tracer.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    if (collector) process.kill(collector, 'SIGTERM');
    await ended;
  }
  /** @type {Map<string, string>} a thread's system call still under way: strace writes its end on a later line */
  const open = new Map();
  let synced = 0;
  const answers = [];
  for (const text of readFileSync(trace, 'utf8').split('\n')) {
    const [, tid, rest] = /^(\d+)\s+(.*)$/.exec(text) ?? [];
    if (!rest) continue;
    const call = rest.endsWith('<unfinished ...>') ? (open.set(tid, rest), undefined)
      : rest.startsWith('<... ') ? `${open.get(tid) ?? ''} ${rest}` : rest;
    if (!call) continue;
    if (/^fdatasync\(\d+<[^>]*\/pg_wal\/[0-9A-F]{24}>\).* = 0$/.test(call)) synced++;
    if (/^writev?\(\d+<(?:socket|TCP)[^>]*>.*HTTP\/1\.1 201 /.test(call)) {
      answers.push(synced);
      synced = 0;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  assert.equal(answers.length, 5, `the five answers in the trace: ${err}`);
  assert.deepEqual(answers.map((n) => n > 0), [true, true, true, true, true], `WAL syncs before each 201: ${answers.join(', ')}`);
});
