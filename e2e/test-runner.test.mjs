// The loop behind `npm test` (scripts/run-suites.mjs), on suites made here: a run fails when a test fails, when
// no test ran, when a node --test file hangs past --test-timeout, and when a suite is still running at the
// deadline, whose processes are then stopped. It passes only when tests ran and all passed. (Interrupted runs with
// real browsers: e2e/test-runner-interrupt.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeTest, runSuites, wtr } from '../scripts/run-suites.mjs';

// this file itself runs under node --test, which tells child processes to report to it in its own format
delete process.env.NODE_TEST_CONTEXT;

let dir;
const quiet = () => {
  const lines = [];
  return { lines, write: { stdout: (d) => lines.push(String(d)), stderr: (d) => lines.push(String(d)) } };
};
const soon = (ms = 60_000) => Date.now() + ms;
const nodeSuite = (name, file, ...flags) => ({ name, cmd: [process.execPath, '--test', ...flags, join(dir, file)], parse: nodeTest });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-suites-'));
  const files = {
    'passes.test.mjs': "import { test } from 'node:test';\ntest('one', () => {});\ntest('two', () => {});\n",
    'fails.test.mjs': "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('ok', () => {});\ntest('no', () => { assert.equal(1, 2); });\n",
    'empty.test.mjs': '// no test here\n',
    'hangs.test.mjs': "import { test } from 'node:test';\ntest('ok', () => {});\ntest('hangs', () => new Promise(() => {}));\n",
    'broken.test.mjs': "import { test } from 'node:test';\nimport './nowhere.mjs';\ntest('never', () => {});\n",
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
});
after(() => rm(dir, { recursive: true, force: true }));

test('passing tests pass the run, with their count', async () => {
  const { write } = quiet();
  const run = await runSuites([nodeSuite('e2e', 'passes.test.mjs')], { deadline: soon(), write });
  assert.deepEqual(run, { passed: 2, failed: 0, problems: [], ok: true });
});

test('a failing test fails the run; a later suite still runs and counts', async () => {
  const { write } = quiet();
  const echo = { name: 'unit', cmd: [process.execPath, '-e', "console.log('wtr: 3 passed, 0 failed')"], parse: wtr };
  const run = await runSuites([nodeSuite('e2e', 'fails.test.mjs'), echo], { deadline: soon(), write });
  assert.equal(run.ok, false);
  assert.equal(run.passed, 1 + 3);
  assert.equal(run.failed, 1);
  assert.deepEqual(run.problems, ['e2e: exited with 1']);
});

test('no test ran: a file without tests, a module that fails to import', async () => {
  for (const file of ['empty.test.mjs', 'broken.test.mjs']) {
    const { write } = quiet();
    const run = await runSuites([nodeSuite('e2e', file)], { deadline: soon(), write });
    assert.equal(run.ok, false, file);
    assert.ok(run.problems.includes('e2e: no test ran'), `${file}: ${run.problems}`);
  }
});

test('a hung file is cancelled at --test-timeout and counted as failed; the run goes on', async () => {
  const { write } = quiet();
  const run = await runSuites([nodeSuite('e2e', 'hangs.test.mjs', '--test-timeout=1000'), nodeSuite('after', 'passes.test.mjs')], { deadline: soon(), write });
  assert.equal(run.ok, false);
  assert.equal(run.failed, 1, 'the cancelled file');
  assert.equal(run.passed, 1 + 2, 'its passing test, then the next suite\'s two');
});

test('a suite still running at the deadline is stopped with its children, named, and the rest are not started', async () => {
  const { write } = quiet();
  const pidFile = join(dir, 'grandchild.pid');
  // a suite whose child outlives it, as a browser a test runner started would
  const script = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setInterval(() => {}, 1000);`;
  const started = Date.now();
  const run = await runSuites([
    { name: 'stuck', cmd: [process.execPath, '-e', script], parse: nodeTest },
    nodeSuite('later', 'passes.test.mjs'),
  ], { deadline: soon(1500), write });
  assert.ok(Date.now() - started < 20_000, 'stopped at the deadline');
  assert.equal(run.ok, false);
  assert.deepEqual(run.problems, ['stuck: stopped at the run\'s deadline; a hang? its last lines say where', 'later: not run, the run\'s deadline had passed']);
  const grandchild = Number(await readFile(pidFile, 'utf8'));
  const alive = () => { try { process.kill(grandchild, 0); return true; } catch { return false; } };
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(), false, 'its child was stopped too');
});

test('a suite that cannot run is a problem under CI (strict), a warning otherwise', async () => {
  const missing = { name: 'webkit', cmd: ['true'], parse: wtr, needs: () => 'WebKitWebDriver not found' };
  const loose = quiet();
  const run = await runSuites([missing, nodeSuite('e2e', 'passes.test.mjs')], { deadline: soon(), write: loose.write });
  assert.equal(run.ok, true);
  assert.match(loose.lines.join(''), /skipping webkit: WebKitWebDriver not found/);
  const strict = await runSuites([missing, nodeSuite('e2e', 'passes.test.mjs')], { deadline: soon(), strict: true, write: quiet().write });
  assert.deepEqual([strict.ok, strict.problems], [false, ['webkit: WebKitWebDriver not found']]);
});

test('npm killed alone (its shell dies of the SIGTERM it passes on): the run stops its suite and what that started', {
  skip: process.platform !== 'linux' && 'reads /proc',
}, async () => {
  const pidFile = join(dir, 'own-session.pid');
  // a suite that starts a process in a session of its own, as a browser launcher does, and waits
  const suite = `const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true });
require('fs').writeFileSync(${JSON.stringify(pidFile)}, c.pid + ' ' + process.pid + ' ' + process.ppid); setInterval(() => {}, 1000);`;
  await writeFile(join(dir, 'runner.mjs'), `import { finish, nodeTest, runSuites } from ${JSON.stringify(new URL('../scripts/run-suites.mjs', import.meta.url).href)};
const suite = { name: 'stuck', cmd: [process.execPath, '-e', ${JSON.stringify(suite)}], parse: nodeTest };
process.exit(finish(await runSuites([suite], { deadline: Date.now() + 60_000 })));
`);
  // as npm runs `npm test`: in `sh -c`, with npm_lifecycle_event set; the shell stays (a command follows)
  const sh = spawn('sh', ['-c', `"${process.execPath}" runner.mjs; echo after`], {
    cwd: dir, env: { ...process.env, npm_lifecycle_event: 'test' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  sh.stdout.on('data', (d) => { out += d; });
  sh.stderr.on('data', (d) => { out += d; });
  // the pipes close once every process holding them, the runner too, has exited
  const closed = new Promise((resolve) => { sh.stdout.on('close', resolve); });
  const pids = () => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : '').match(/^(\d+) (\d+) (\d+)$/);
  for (let i = 0; i < 200 && !pids(); i++) await new Promise((r) => setTimeout(r, 50));
  const [own, ...others] = pids().slice(1).map(Number); // and the suite's, the runner's
  sh.kill('SIGTERM');
  const result = await Promise.race([closed.then(() => 'closed'), new Promise((r) => { setTimeout(r, 20_000, 'timeout').unref(); })]);
  // (killed, it may stay a zombie until PID 1 reaps it)
  const alive = (pid = own) => { try { return !/^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; } };
  try {
    assert.equal(result, 'closed', `the runner exits: ${out}`);
    assert.equal(alive(), false, 'the process in a session of its own was stopped too');
    assert.match(out, /^interrupted \(npm, which started it, is gone\) during stuck/m);
  } finally {
    for (const pid of [own, ...others]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});
