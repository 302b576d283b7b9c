// Ctrl+C (SIGINT to the terminal's foreground process group) or SIGTERM (`timeout`) during `npm test`: the loop
// (scripts/run-suites.mjs) stops the suite it is running together with every browser that suite started, their
// temporary profiles go, one line says so, and it exits with 128 + the signal's number. The launchers start each
// browser in a session and process group of its own (puppeteer and playwright spawn it detached, the WebKit config
// its xvfb-run), out of reach of a kill of the suite's group: they outlived the run, re-parented to PID 1, with
// their profiles in /tmp. Here real browsers, through the launchers and configs `npm test` uses, are interrupted
// once up (e2e/fixtures/interrupt/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { firefoxPath, miniBrowserPath } from '../scripts/browsers.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const linux = process.platform === 'linux';

/** The live processes (a zombie is dead): pid -> { ppid, pgid, sid, start, argv }. */
function processes() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from the 3rd: state ppid pgrp session …
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      table.set(Number(name), { ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]), start: fields[19], argv });
    } catch { /* gone meanwhile */ }
  }
  return table;
}

function descendants(table, root) {
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of table) {
      if (!found.has(pid) && found.has(p.ppid)) { found.add(pid); grew = true; }
    }
  }
  found.delete(root);
  return found;
}

/**
 * What is left of a run: the processes seen under its runner (same pid, same start time), and any in a session or
 * process group one of them or the runner leads (a browser's helpers that left its tree, as Firefox's crashhelper).
 */
function left(runnerPid, ours) {
  const leaders = new Set([runnerPid, ...ours.keys()]);
  return [...processes()].filter(([pid, p]) => ours.get(pid)?.start === p.start
    // (a new leader of its own session or group may have the pid of one that is gone; a member cannot)
    || (pid !== p.sid && leaders.has(p.sid)) || (pid !== p.pgid && leaders.has(p.pgid)));
}

/** The temporary profiles the browsers seen were started with (puppeteer: `--profile DIR`; Chromium: `--user-data-dir=DIR`). */
const profiles = (ours) => [...ours.values()].flatMap(({ argv }) => argv.flatMap((arg, i) => {
  if (arg === '--profile') return [argv[i + 1]];
  return arg.startsWith('--user-data-dir=') ? [arg.slice('--user-data-dir='.length)] : [];
}));

/**
 * The folder xvfb-run made for its Xvfb's Xauthority (xvfb-run.XXXXXX in a temporary folder): xvfb-run ended by
 * a signal, as the WebKit config's exit hook ends it, leaves it behind unless the config removes it.
 */
const xvfbFolders = (seen) => [...seen.values()].flatMap(({ argv }) => {
  const dir = dirname(argv[argv.indexOf('-auth') + 1] ?? '');
  return argv[0] === 'Xvfb' && /^xvfb-run\.\w+$/.test(basename(dir)) && dirname(dir).startsWith(tmpdir()) ? [dir] : [];
});

async function until(what, condition, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
}

const onPath = (command) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
const cases = [
  { browser: 'firefox', signal: 'SIGINT', code: 130, main: /\/firefox(-esr)?$/, skip: !existsSync(firefoxPath) && `no Firefox ESR at ${firefoxPath}` },
  { browser: 'chromium', signal: 'SIGTERM', code: 143, main: /\/(chromium|chrome)$/ },
  {
    browser: 'webkit', signal: 'SIGINT', code: 130, main: /\/MiniBrowser$/,
    skip: !(['WebKitWebDriver', 'xvfb-run'].every(onPath) && existsSync(miniBrowserPath)) && 'no WebKitWebDriver, xvfb-run or MiniBrowser',
  },
];

for (const { browser, signal, code, main, skip } of cases) {
  test(`${signal} once ${browser} is up: the suite and every browser it started are stopped, the exit code is ${code}`, {
    skip: !linux ? 'reads /proc' : skip, timeout: 60_000,
  }, async () => {
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT; // this file runs under node --test: not a reporter for the runner's children
    // in a process group of its own, as `npm test` in a terminal, whose Ctrl+C signals the whole group
    const runner = spawn(process.execPath, ['e2e/fixtures/interrupt/run.mjs', browser], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    runner.stdout.on('data', (d) => { out += d; });
    runner.stderr.on('data', (d) => { out += d; });
    const exited = new Promise((resolve) => { runner.on('exit', (c, s) => { resolve({ code: c, signal: s }); }); });
    let ours = new Map(); // pid -> the process, as seen while the browser was up
    try {
      // up: the browser's main process, a descendant of the runner, has started a child (content, zygote, web process)
      ours = await until(`${browser} to start under the runner (output so far: ${out.slice(-2000)})`, () => {
        const table = processes();
        const tree = descendants(table, runner.pid);
        const up = [...tree].some((pid) => main.test(table.get(pid).argv[0] ?? '') && [...tree].some((c) => table.get(c).ppid === pid));
        return up && new Map([...tree].map((pid) => [pid, table.get(pid)]));
      }, 45_000);

      process.kill(-runner.pid, signal);
      const result = await Promise.race([exited, new Promise((resolve) => { setTimeout(resolve, 30_000, 'timeout').unref(); })]);
      assert.notEqual(result, 'timeout', `the runner exits after ${signal}; its output:\n${out.slice(-3000)}`);

      assert.deepEqual(left(runner.pid, ours).map(([pid, p]) => `${pid} ${p.argv.join(' ').slice(0, 100)}`), [], 'no process of the run is left');
      for (const dir of profiles(ours)) assert.equal(existsSync(dir), false, `the temporary profile ${dir} is removed`);
      for (const dir of xvfbFolders(ours)) assert.equal(existsSync(dir), false, `xvfb-run's folder ${dir} is removed`);
      assert.deepEqual(result, { code, signal: null }, out.slice(-3000));
      assert.match(out, new RegExp(`^interrupted by ${signal}`, 'm'));
    } finally {
      // whatever is left of this run (only processes seen under the runner, and only their temporary profiles)
      for (const [pid] of left(runner.pid, ours)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      for (const dir of profiles(ours)) {
        if (dirname(dir) === tmpdir() && /^(puppeteer|playwright)_\w*profile-\w+$/.test(basename(dir))) rmSync(dir, { recursive: true, force: true });
      }
      for (const dir of xvfbFolders(ours)) rmSync(dir, { recursive: true, force: true });
    }
  });
}
