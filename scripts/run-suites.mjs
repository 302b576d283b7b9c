// The loop behind `npm test` (scripts/test.mjs): runs suites one after another, adds up what their output
// reports, and says what went wrong. A run fails when a test failed, when a suite ran no test, exited non-zero,
// or was still running at the deadline (then its whole process group is stopped: CI cuts a run off at 90 min
// with nothing said, this names the suite).
import { spawn } from 'node:child_process';

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

let running; // the current suite's process group
function stopGroup() {
  try { if (running) process.kill(-running.pid, 'SIGKILL'); } catch { /* already gone */ }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { stopGroup(); process.exit(1); });
}

function run(cmd, deadline, write) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running = child;
    let out = '';
    let late = false;
    const timer = setTimeout(() => { late = true; stopGroup(); }, Math.max(0, deadline - Date.now()));
    child.stdout.on('data', (d) => { out += d; write.stdout(d); });
    child.stderr.on('data', (d) => { out += d; write.stderr(d); });
    child.on('close', (code) => { clearTimeout(timer); running = undefined; resolve({ code, out, late }); });
  });
}

/**
 * Runs `suites` ({ name, cmd, parse?, needs? }) in turn until `deadline` (ms since the epoch). `needs()` returns
 * true, or why the suite cannot run: skipped with a warning, a problem when `strict` (CI).
 * Resolves to { passed, failed, problems, ok }.
 */
export async function runSuites(suites, { deadline, strict = false, write = { stdout: (d) => process.stdout.write(d), stderr: (d) => process.stderr.write(d) } }) {
  let passed = 0;
  let failed = 0;
  const problems = [];
  for (const suite of suites) {
    const missing = suite.needs?.();
    if (typeof missing === 'string') {
      if (strict) problems.push(`${suite.name}: ${missing}`);
      else write.stderr(`\n!! skipping ${suite.name}: ${missing}\n\n`);
      continue;
    }
    if (Date.now() >= deadline) {
      problems.push(`${suite.name}: not run, the run's deadline had passed`);
      continue;
    }
    write.stdout(`\n== ${suite.name}: ${suite.cmd.join(' ')}\n`);
    const { code, out, late } = await run(suite.cmd, deadline, write);
    if (late) {
      problems.push(`${suite.name}: stopped at the run's deadline; a hang? its last lines say where`);
      continue;
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
  return { passed, failed, problems, ok: problems.length === 0 && failed === 0 && passed > 0 };
}
