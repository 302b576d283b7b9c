#!/usr/bin/env node
// The public API of both package entries as API reports (API Extractor), committed in etc/:
// `migu-consent` -> etc/migu-consent.api.md, `migu-consent/core` -> etc/migu-consent-core.api.md.
// `npm run api` (after `npm run build`) fails when dist/*.d.ts no longer match them, so a change
// of the public API shows as a diff in review; `npm run api -- --update` rewrites them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = fileURLToPath(new URL('..', import.meta.url));
const update = process.argv.includes('--update');
const ENTRIES = [
  ['index', 'migu-consent'],
  ['headless', 'migu-consent-core'],
];
const off = { logLevel: 'none', addToApiReportFile: false };

let failed = false;
for (const [entry, report] of ENTRIES) {
  const dts = join(root, 'dist', `${entry}.d.ts`);
  if (!existsSync(dts)) {
    console.error(`api: ${dts} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: dts,
      compiler: {
        overrideTsconfig: {
          compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], strict: true, skipLibCheck: true, types: [] },
          files: [dts],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${report}.api.md`,
        reportFolder: join(root, 'etc'),
        reportTempFolder: join(root, '.tmp', 'api'),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          // no release tags (@public / @beta) in this project: everything exported is public
          'ae-missing-release-tag': off,
          // listed with source line numbers, which would change the report on every edit above them;
          // "(undocumented)" in the report itself says the same
          'ae-undocumented': off,
        },
        // the doc comments are plain prose, not TSDoc
        tsdocMessageReporting: { default: off },
      },
    },
    configObjectFullPath: join(root, 'scripts', 'api.mjs'),
    packageJsonFullPath: join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  if (result.apiReportChanged && !update) {
    console.error(`api: the public API of ${report === 'migu-consent' ? 'migu-consent' : 'migu-consent/core'} changed: see the diff`
      + ` between etc/${report}.api.md and .tmp/api/${report}.api.md; if it is meant, run \`npm run api -- --update\` and commit etc/`);
    const diff = spawnSync('git', ['diff', '--no-index', '--no-color', '--', `etc/${report}.api.md`, `.tmp/api/${report}.api.md`], { cwd: root, encoding: 'utf8' });
    if (diff.stdout) console.error(diff.stdout);
    failed = true;
  } else if (!result.succeeded) {
    console.error(`api: ${String(result.errorCount)} errors for ${report}`);
    failed = true;
  } else {
    console.log(`api: etc/${report}.api.md ${result.apiReportChanged ? 'updated' : 'unchanged'}`);
  }
}
process.exit(failed ? 1 : 0);
