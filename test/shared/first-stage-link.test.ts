// How the files built with the first stage's modules (runtime, check, returning, reopen) read them
// (src/shared/first-stage-link.ts): by name from the first stage's registration, each name checked.
import { expect } from '@open-wc/testing';
import { openRegistry } from '../../src/shared/chunks.js';
import { firstStageModule } from '../../src/shared/first-stage-link.js';
import { BUILD } from '../../src/shared/build.js';

const SAME_VERSION = 'migu-consent.runtime.js needs migu-consent.iife.js of the same version';

describe('first-stage-link: reading the first stage\'s modules', () => {
  it('without a first stage on the page, asking for a module throws, naming it', () => {
    expect(() => firstStageModule('shared/url')).to.throw(`${SAME_VERSION} (shared/url)`);
  });

  it('reads each registered export by name, and throws for an export the first stage did not register, naming its module', () => {
    const safeHttpUrl = (url: string): string => url;
    // one object of the exports of all its modules, by name (rollup.config.js registerFirstStage)
    openRegistry()('first-stage', { safeHttpUrl, absent: undefined }, BUILD);
    const take = firstStageModule('shared/url');
    expect(take('safeHttpUrl')).to.equal(safeHttpUrl);
    // registered, even as undefined, is not a mismatch: the name is what a version changes
    expect(take('absent')).to.equal(undefined);
    expect(() => take('policyHref')).to.throw(`${SAME_VERSION} (shared/url: policyHref)`);
    expect(() => firstStageModule('gating/scan')('isAllowed')).to.throw(`${SAME_VERSION} (gating/scan: isAllowed)`);
  });
});
