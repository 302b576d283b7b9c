// The script build's languages (src/i18n/packs-lazy.ts, in the UI in place of packs.ts): zh-CN
// built in, en and zh-TW lazily loaded files (src/lazy/lang.*.ts) that come through the loader's
// registry (shared/chunks.ts), opened here as the loader opens it. The files 404 in a test page:
// the test registers what an arriving file would.
import { expect, waitUntil } from '@open-wc/testing';
import { en } from '../../src/i18n/en.js';
import { pack, packPending } from '../../src/i18n/packs-lazy.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { loadChunk, openRegistry } from '../../src/shared/chunks.js';
import { registerChunk } from '../../src/shared/loader-link.js';

const scriptsFor = (file: string): HTMLScriptElement[] =>
  [...document.head.querySelectorAll('script')].filter((s) => s.src.endsWith(`/migu-consent.${file}.js?v=dev`));

describe('packs-lazy: the languages of the script build\'s UI', () => {
  let errors: string[] = [];
  const realError = console.error;
  before(() => { openRegistry(); });
  beforeEach(() => {
    errors = [];
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
  });
  afterEach(() => { console.error = realError; });

  it('zh-CN is in the UI: there at once, nothing fetched', () => {
    expect(pack('zh-CN', () => undefined)).to.equal(zhCN);
    expect(packPending('zh-CN')).to.equal(false);
    expect(scriptsFor('lang.zh-CN')).to.have.length(0);
  });

  it('a language the loader asked for together with the UI: fetched once, and its waiters woken when it is in', () => {
    // the loader's request (iife.ts), before the UI is there
    loadChunk('lang.en', 'the UI stays in zh-CN', () => undefined);
    const woken: string[] = [];
    expect(pack('en', () => woken.push('banner'))).to.equal(undefined);
    expect(pack('en', () => woken.push('gate'))).to.equal(undefined);
    expect(packPending('en'), 'on its way').to.equal(true);
    const scripts = scriptsFor('lang.en');
    expect(scripts, 'fetched once, whoever asked first').to.have.length(1);
    scripts[0].onerror = null; // the test's own registration stands in for the file
    scripts[0].remove();
    registerChunk('lang.en', en);
    expect(woken).to.deep.equal(['banner', 'gate']);
    expect(pack('en')).to.equal(en);
    expect(packPending('en')).to.equal(false);
    expect(errors).to.deep.equal([]);
  });

  it('a language whose file cannot load: its waiters are woken, it is no longer pending (zh-CN shows), reported once', async () => {
    const woken: string[] = [];
    expect(pack('zh-TW', () => woken.push('first'))).to.equal(undefined);
    expect(packPending('zh-TW')).to.equal(true);
    await waitUntil(() => woken.length > 0, 'woken once the file failed');
    expect(packPending('zh-TW')).to.equal(false);
    expect(pack('zh-TW', () => woken.push('second'))).to.equal(undefined);
    expect(scriptsFor('lang.zh-TW'), 'not fetched again').to.have.length(1);
    expect(errors).to.deep.equal([`[migu-consent:api] could not load ${new URL('migu-consent.lang.zh-TW.js?v=dev', location.href).href}: the UI stays in zh-CN`]);
  });
});
