import { expect } from '@open-wc/testing';
// gating claims the maker of script text when it loads, as in every build
import '../../src/gating/activate-script.js';
import { claimScriptText, trustedScriptURL } from '../../src/shared/trusted-types.js';

describe('the migu-consent Trusted Types policy', () => {
  it('hands the maker of script text to gating only: any later caller gets nothing', () => {
    expect(claimScriptText()).to.equal(undefined);
  });

  it('makes script URLs only of absolute http(s) URLs', () => {
    expect(String(trustedScriptURL('https://cdn.example/tag.js'))).to.equal('https://cdn.example/tag.js');
    for (const foreign of ['javascript:alert(1)', 'data:text/javascript,alert(1)', 'blob:https://a.example/x', '/relative.js', ' https://cdn.example/x.js']) {
      expect(() => trustedScriptURL(foreign), foreign).to.throw(TypeError, /is not an http\(s\) script URL/);
    }
  });

  it('is reachable through no global', () => {
    const g = globalThis as unknown as Record<PropertyKey, unknown>;
    expect(g[Symbol.for('migu-consent.policy')]).to.equal(undefined);
    const holders = [...Object.getOwnPropertySymbols(g), ...Object.getOwnPropertyNames(g)].filter((key) => {
      try {
        const v = g[key] as { createScript?: unknown } | null | undefined;
        return v !== g['trustedTypes'] && typeof v?.createScript === 'function';
      } catch {
        return false;
      }
    });
    expect(holders.map(String)).to.deep.equal([]);
  });
});
