// The registry of the lazily loaded files seen from the files the loader fetched
// (src/shared/loader-link.ts): without a loader, with one of an earlier version (a plain
// register function), and with this version's (shared/chunks.ts).
import { expect } from '@open-wc/testing';
import { openRegistry } from '../../src/shared/chunks.js';
import type { LoaderExports } from '../../src/shared/loader-link.js';
import { CHUNKS, loader, loadViaLoader, registerChunk, registry, whenStarted } from '../../src/shared/loader-link.js';
import { BUILD } from '../../src/shared/build.js';

const NO_LOADER = '[migu-consent:api] migu-consent.ui.js needs migu-consent.iife.js of the same version on the page first';
type Global = Record<symbol, unknown>;

describe('loader-link: the lazily loaded files\' side of the registry', () => {
  let errors: string[] = [];
  const realError = console.error;
  beforeEach(() => {
    errors = [];
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
  });
  afterEach(() => { console.error = realError; });

  it('without a loader: a file registers nothing and throws nothing; the UI defines nothing and says why, once', () => {
    expect(registry()).to.equal(undefined);
    registerChunk('gcm', {});
    const ran: string[] = [];
    whenStarted(() => ran.push('defined'));
    expect(ran).to.deep.equal([]);
    expect(errors).to.deep.equal([NO_LOADER]);
    expect(() => loader()).to.throw('needs migu-consent.iife.js');
    const lost: string[] = [];
    loadViaLoader('lang.en', 'test', () => lost.push('used'), () => lost.push('fallback'));
    expect(lost).to.deep.equal(['fallback']);
  });

  it('with a loader of an earlier version (a plain register function): files register with it; the UI says why it does not start', () => {
    const calls: unknown[][] = [];
    const global = globalThis as Global;
    global[CHUNKS] = (...args: unknown[]) => { calls.push(args); };
    try {
      registerChunk('receipts', { v: 1 });
      // with this build's stamp, which a loader of an earlier version does not read
      expect(calls).to.deep.equal([['receipts', { v: 1 }, BUILD]]);
      const ran: string[] = [];
      whenStarted(() => ran.push('defined'));
      expect(ran).to.deep.equal([]);
      expect(errors).to.deep.equal([NO_LOADER]);
      const lost: string[] = [];
      loadViaLoader('lang.en', 'test', () => lost.push('used'), () => lost.push('fallback'));
      expect(lost).to.deep.equal(['fallback']);
    } finally {
      Reflect.deleteProperty(global, CHUNKS);
    }
  });

  it('with this version\'s loader: the UI takes its registration, and files register in its registry', () => {
    const started: (() => void)[] = [];
    const exports: LoaderExports = { whenStarted: (fn) => { started.push(fn); } };
    openRegistry()('loader', exports, BUILD); // the runtime's registration, stamped
    expect(loader()).to.equal(exports);
    const ran: string[] = [];
    whenStarted(() => ran.push('defined'));
    expect(started).to.have.length(1);
    started[0]();
    expect(ran).to.deep.equal(['defined']);
    registerChunk('native', { n: 1 });
    expect(registry()?.loaded?.('native')).to.deep.equal({ n: 1 });
    const got: unknown[] = [];
    loadViaLoader('native', 'test', (e) => got.push(e));
    expect(got).to.deep.equal([{ n: 1 }]);
    expect(errors).to.deep.equal([]);
  });
});
