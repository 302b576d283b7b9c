// `npm test`: build, then every suite in turn: components and units in Chromium,
// the same in Firefox ESR, the browser-neutral ones in WebKitGTK, end-to-end tests in
// Chromium. Prints one closing line "tests: N passed, N failed" and fails when anything
// failed or no test ran.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { firefoxPath, miniBrowserPath } from './browsers.mjs';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`

const suites = [
  { name: 'build', cmd: ['npx', 'rollup', '-c', '--silent'] },
  { name: 'unit', cmd: ['npx', 'web-test-runner', '--static-logging'], parse: wtr },
  {
    name: 'firefox',
    cmd: ['npx', 'web-test-runner', '--config', 'web-test-runner.firefox.config.js', '--static-logging'],
    parse: wtr,
    needs: () => existsSync(firefoxPath) || `Firefox ESR not found at ${firefoxPath} (apt-get install firefox-esr, or set FIREFOX_BIN)`,
  },
  {
    name: 'webkit',
    cmd: ['npx', 'web-test-runner', '--config', 'web-test-runner.webkit.config.js', '--static-logging'],
    parse: wtr,
    needs: () => ['WebKitWebDriver', 'xvfb-run'].every(onPath) && existsSync(miniBrowserPath)
      || `WebKitWebDriver, xvfb-run or ${miniBrowserPath} not found (apt-get install webkit2gtk-driver xvfb, or set MINIBROWSER_BIN)`,
  },
  { name: 'e2e', cmd: ['node', '--test', '--test-concurrency=1', 'e2e/'], parse: nodeTest },
];

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function wtr(out) {
  const m = /^wtr: (\d+) passed, (\d+) failed/m.exec(out);
  return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? 0) };
}

function nodeTest(out) {
  const passed = Number(/^# pass (\d+)/m.exec(out)?.[1] ?? 0);
  const failed = Number(/^# fail (\d+)/m.exec(out)?.[1] ?? 0);
  return { passed, failed };
}

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code, out }));
  });
}

let passed = 0;
let failed = 0;
const problems = [];
for (const suite of suites) {
  if (only.length && suite.name !== 'build' && !only.includes(suite.name)) continue;
  const missing = suite.needs?.();
  if (typeof missing === 'string') {
    if (ci) problems.push(`${suite.name}: ${missing}`);
    else console.warn(`\n!! skipping ${suite.name}: ${missing}\n`);
    continue;
  }
  console.log(`\n== ${suite.name}: ${suite.cmd.join(' ')}`);
  const { code, out } = await run(suite.cmd);
  const counts = suite.parse?.(out);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    if (counts.passed === 0) problems.push(`${suite.name}: no test ran`);
  }
  // a test module that fails to import still prints "0 failed": trust the exit code too
  if (code !== 0) problems.push(`${suite.name}: exited with ${code}`);
}

console.log('');
for (const p of problems) console.error(`FAILED ${p}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(problems.length || failed || passed === 0 ? 1 : 0);
