// The loop behind `npm test` (scripts/test.mjs): runs suites one after another, adds up what their output
// reports, and says what went wrong. A run fails when a test failed, when a suite ran no test, exited non-zero,
// or was still running at the deadline (then it is stopped with every process it started: CI cuts a run off at
// 90 min with nothing said, this names the suite). Ctrl+C, SIGTERM (`timeout`) or SIGHUP stop the suite running
// the same way, and the run ends there (finish(): one line, exit code 128 + the signal's number).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';

/** `wtr: N passed, N failed`, printed by scripts/count-reporter.mjs. */
export function wtr(out) {
  const m = /^wtr: (\d+) passed, (\d+) failed/m.exec(out);
  return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? 0) };
}

/**
 * node --test's summary. A file that registers no test is itself reported as one passing test, under its path:
 * those are not counted. A file cancelled at --test-timeout counts as failed.
 */
export function nodeTest(out) {
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(out)?.[1] ?? 0);
  const emptyFiles = out.match(/^ok \d+ - \/\S*\.[cm]?[jt]s$/gm)?.length ?? 0;
  return { passed: count('pass') - emptyFiles, failed: count('fail') + count('cancelled') };
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
/** How long a suite has to stop itself (web-test-runner closes its browsers) before it is killed. */
const GRACE_MS = 5000;

/**
 * The live processes (a zombie is dead): pid -> { ppid, pgid, sid, start }. `start` (Linux: the start time) tells a
 * process from a later one that got its pid; elsewhere ps gives neither it nor the session.
 * @returns {Map<number, { ppid: number, pgid: number, sid?: number, start?: string }>}
 */
function processTable() {
  const table = new Map();
  if (process.platform === 'linux') {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let stat;
      try { stat = readFileSync(`/proc/${name}/stat`, 'utf8'); } catch { continue; } // gone meanwhile
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from the 3rd field: state ppid pgrp session …
      if (f[0] !== 'Z' && f[0] !== 'X') table.set(Number(name), { ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]), start: f[19] });
    }
    return table;
  }
  let out = '';
  try { out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' }); } catch { /* no ps: the group alone */ }
  for (const line of out.split('\n')) {
    const [pid, ppid, pgid, state] = line.trim().split(/\s+/);
    if (pid && !state?.startsWith('Z')) table.set(Number(pid), { ppid: Number(ppid), pgid: Number(pgid) });
  }
  return table;
}

const argvOf = (pid) => {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { return []; }
};

/**
 * The temporary profile a browser was started with, when its launcher made it (puppeteer: `--profile DIR`,
 * Chromium: `--user-data-dir=DIR`, DIR named puppeteer_dev_…_profile-XXXXXX or playwright_…profile-XXXXXX in the
 * temporary folder): a browser killed, or its launcher, leaves it behind. Never a folder a config names.
 */
function temporaryProfile(argv) {
  const dir = argv.flatMap((arg, i) => (arg === '--profile' ? [argv[i + 1]] : arg.startsWith('--user-data-dir=') ? [arg.slice(16)] : []))[0];
  return dir && dirname(dir) === tmpdir() && /^(puppeteer|playwright)_\w*profile-\w+$/.test(basename(dir)) ? dir : undefined;
}

/**
 * Every process a suite started, followed from its leader by parent, process group and session. The browser
 * launchers start each browser detached, in a session and group of its own (puppeteer and playwright; the WebKit
 * config its xvfb-run), which a kill of the suite's group misses; once their parent is gone they are re-parented
 * to PID 1, so the tree is read while it is whole and then on each look, and a process stays known by its pid and
 * start time.
 */
function suiteProcesses(leader, leaderRunning) {
  const known = new Map(); // pid -> { start, pgid }
  const ever = new Set(); // pids that were known: their groups and sessions are the suite's
  const profiles = new Set();
  return {
    known,
    profiles,
    /** Looks again; the pids of the suite's live processes. */
    look() {
      const table = processTable();
      for (const [pid, { start }] of known) {
        if (!table.has(pid) || table.get(pid).start !== start) known.delete(pid);
      }
      const add = (pid, p) => {
        known.set(pid, { start: p.start, pgid: p.pgid });
        ever.add(pid);
        const profile = process.platform === 'linux' ? temporaryProfile(argvOf(pid)) : undefined;
        if (profile) profiles.add(profile);
      };
      // (until it is reaped, its pid cannot be another process's)
      if (!ever.has(leader) && leaderRunning() && table.has(leader)) add(leader, table.get(leader));
      // a member of a known group or session (not a new leader of one, who may have a gone process's pid)
      const ours = (pid, p) => known.has(p.ppid)
        || (p.pgid !== pid && ever.has(p.pgid)) || (p.sid !== undefined && p.sid !== pid && ever.has(p.sid));
      for (let grew = true; grew;) {
        grew = false;
        for (const [pid, p] of table) {
          if (!known.has(pid) && pid !== process.pid && ours(pid, p)) { add(pid, p); grew = true; }
        }
      }
      return [...known.keys()];
    },
  };
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const kill = (pid, signal) => {
  try { process.kill(pid, signal); } catch { /* gone */ }
};

/**
 * Stops a suite: `signal` to its process group, as a terminal's Ctrl+C would (web-test-runner and the browser
 * launchers close their browsers on SIGINT and SIGTERM), SIGTERM to what it left once that group is gone, after
 * GRACE_MS SIGKILL to every process of it still there; then the temporary profiles of its browsers that are left
 * go. Resolves once none of its processes is alive. Each is signalled by its pid, as seen at the last look: a
 * group's id may be another's once the group is gone.
 */
async function stopSuite(procs, leader, signal) {
  procs.look(); // while the tree is whole
  for (const [pid, { pgid }] of procs.known) if (pgid === leader) kill(pid, signal);
  const graceEnd = Date.now() + GRACE_MS;
  let leftSignalled = false;
  while (procs.look().length && Date.now() < graceEnd) {
    // the suite's own processes are gone, and left these (its launcher did not stop them): asked to end too
    // (SIGTERM: Xvfb takes SIGHUP for "reset")
    if (!leftSignalled && ![...procs.known.values()].some(({ pgid }) => pgid === leader)) {
      for (const pid of procs.known.keys()) kill(pid, 'SIGTERM');
      leftSignalled = true;
    }
    await sleep(100);
  }
  for (let i = 0; i < 50 && procs.look().length; i++) {
    for (const pid of procs.known.keys()) kill(pid, 'SIGKILL');
    await sleep(100);
  }
  for (const dir of procs.profiles) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function run(cmd, deadline, write, control) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const procs = suiteProcesses(child.pid, () => child.exitCode === null && child.signalCode === null);
    let stopping;
    const stop = (signal) => (stopping ??= stopSuite(procs, child.pid, signal));
    control.stop = stop;
    let out = '';
    let late = false;
    const timer = setTimeout(() => { late = true; void stop('SIGTERM'); }, Math.max(0, deadline - Date.now()));
    child.stdout.on('data', (d) => { out += d; write.stdout(d); });
    child.stderr.on('data', (d) => { out += d; write.stderr(d); });
    child.on('close', async (code) => {
      clearTimeout(timer);
      await stopping;
      control.stop = undefined;
      resolve({ code, out, late });
    });
  });
}

/**
 * Runs `suites` ({ name, cmd, parse?, needs? }) in turn until `deadline` (ms since the epoch). `needs()` returns
 * true, or why the suite cannot run: skipped with a warning, a problem when `strict` (CI).
 * Resolves to { passed, failed, problems, ok }, and `interrupted`: { signal, suite, why? } when SIGINT, SIGTERM or
 * SIGHUP came, or npm was killed (the suite running then is stopped with all it started, and no other starts).
 */
export async function runSuites(suites, { deadline, strict = false, write = { stdout: (d) => process.stdout.write(d), stderr: (d) => process.stderr.write(d) } }) {
  let passed = 0;
  let failed = 0;
  const problems = [];
  let interrupted;
  let current;
  const control = {};
  // a signal the group gets (Ctrl+C) often comes twice, from the terminal and forwarded by npm: one is enough
  const interrupt = (signal, why) => {
    if (interrupted) return;
    interrupted = { signal, suite: current, why };
    void control.stop?.(signal);
  };
  const onSignal = (signal) => { interrupt(signal); };
  for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  // `kill <npm's pid>`: npm passes the SIGTERM on to the shell it runs `npm test` in, which dies of it, and npm
  // exits; this process, re-parented, is told nothing. Nobody waits for the run any more: it stops the same way.
  const parent = process.ppid;
  const watch = process.env.npm_lifecycle_event && setInterval(() => {
    if (process.ppid !== parent) interrupt('SIGTERM', 'npm, which started it, is gone');
  }, 500);
  if (watch) watch.unref();
  try {
    for (const suite of suites) {
      if (interrupted) break;
      await runSuite(suite);
    }
  } finally {
    for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
    clearInterval(watch || undefined);
  }
  if (interrupted) return { passed, failed, problems, ok: false, interrupted };
  return { passed, failed, problems, ok: problems.length === 0 && failed === 0 && passed > 0 };

  async function runSuite(suite) {
    const missing = suite.needs?.();
    if (typeof missing === 'string') {
      if (strict) problems.push(`${suite.name}: ${missing}`);
      else write.stderr(`\n!! skipping ${suite.name}: ${missing}\n\n`);
      return;
    }
    if (Date.now() >= deadline) {
      problems.push(`${suite.name}: not run, the run's deadline had passed`);
      return;
    }
    write.stdout(`\n== ${suite.name}: ${suite.cmd.join(' ')}\n`);
    current = suite.name;
    const { code, out, late } = await run(suite.cmd, deadline, write, control);
    current = undefined;
    if (interrupted) return; // what it printed while stopping is no result
    if (late) {
      problems.push(`${suite.name}: stopped at the run's deadline; a hang? its last lines say where`);
      return;
    }
    const counts = suite.parse?.(out);
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
      if (counts.passed === 0) problems.push(`${suite.name}: no test ran`);
    }
    // a test module that fails to import still prints "0 failed": trust the exit code too
    if (code !== 0) problems.push(`${suite.name}: exited with ${code}`);
  }
}

/**
 * Prints the end of a run (each problem, then "tests: N passed, N failed"; after an interruption one line that
 * says so instead) and returns its exit code: 0 when it passed, 1 when not, 128 + the signal's number when
 * interrupted (130 for Ctrl+C, 143 for SIGTERM).
 */
export function finish({ passed, failed, problems, ok, interrupted }) {
  console.log('');
  if (interrupted) {
    const { signal, suite, why } = interrupted;
    console.error(`interrupted${why ? ` (${why})` : ` by ${signal}`}${suite ? ` during ${suite}: stopped it and every process it started, browsers included` : ''}; `
      + `no total (so far ${passed} passed, ${failed} failed)`);
    return 128 + SIGNALS[signal];
  }
  for (const p of problems) console.error(`FAILED ${p}`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  return ok ? 0 : 1;
}
