// `npm pack` / `npm publish`: the build, made for the tarball (rollup.config.js: no file names a
// sourcemap, since none is shipped). Node rather than `MIGU_PACK=1 npm run build`, which Windows' shell would not run.
import { execSync } from 'node:child_process';

execSync('npm run build', { stdio: 'inherit', env: { ...process.env, MIGU_PACK: '1' } });
