// `npm test`: build, then every suite in turn: components and units in Chromium,
// the same in Firefox ESR, the browser-neutral ones in WebKitGTK, end-to-end tests in
// Chromium. Prints one closing line "tests: N passed, N failed" and fails when anything
// failed, no test ran, or the run passed its deadline (scripts/run-suites.mjs). Ctrl+C (or SIGTERM, SIGHUP) stops
// the suite running with the browsers it started, says so in one line and exits with 130 (143, 129).
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { firefoxPath, miniBrowserPath } from './browsers.mjs';
import { finish, nodeTest, runSuites, wtr } from './run-suites.mjs';

const MINUTE = 60_000;
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
  // node runs each file as one test: --test-timeout cancels a hung file (a failure) and the others go on.
  // Every file takes well under 2 min; pack.test.mjs's longest test may take 8.
  { name: 'e2e', cmd: ['node', '--test', '--test-concurrency=1', `--test-timeout=${15 * MINUTE}`, 'e2e/'], parse: nodeTest },
];

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

// all suites take about 20 min, CI cuts a run off at 90 with its installs counted
const deadline = Date.now() + Number(process.env.TEST_DEADLINE_MIN || 70) * MINUTE;
const chosen = suites.filter((suite) => !only.length || suite.name === 'build' || only.includes(suite.name));
process.exit(finish(await runSuites(chosen, { deadline, strict: ci })));
