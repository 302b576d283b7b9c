// `migu-consent/core` in a JavaScript engine without the DOM's event classes: older React Native's
// Hermes has neither EventTarget nor CustomEvent (nor Event, BroadcastChannel, a document). A Node child
// process deletes them before importing the npm build's dist/headless.js and uses the core as
// docs/npm-and-frameworks.md tells an app without a document to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CORE = new URL('../dist/headless.js', import.meta.url).href;

/** Runs `source` as an ES module in a Node child without those globals; its stdout as JSON, and its stderr. */
async function bare(source) {
  const prelude = `for (const k of ['EventTarget', 'CustomEvent', 'Event', 'BroadcastChannel']) delete globalThis[k];
    const errors = []; console.error = (m) => { errors.push(String(m)); }; console.warn = (m) => { errors.push(String(m)); };`;
  const result = await run(process.execPath, ['--input-type=module', '-e', prelude + source],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 60_000 }).catch((e) => e);
  assert.equal(result.code ?? 0, 0, `node failed:\n${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout);
}

test('without EventTarget and CustomEvent: the runtime starts, its events reach listeners on its own target, nothing throws', async () => {
  const out = await bare(`
    const missing = ['EventTarget', 'CustomEvent', 'Event'].filter((k) => k in globalThis);
    const { ConsentRuntime, MemoryRecordStorage, READY_EVENT, CHANGE_EVENT } = await import(${JSON.stringify(CORE)});
    const storage = new MemoryRecordStorage();
    const runtime = new ConsentRuntime({ storage, config: { categories: [{ id: 'analytics' }] } });
    const heard = [];
    const onChange = ({ type, detail }) => { heard.push([type, detail.granted, detail.revoked]); };
    runtime.target.addEventListener(READY_EVENT, ({ detail }) => { heard.push(['ready', detail.decided]); }, { once: true });
    runtime.target.addEventListener(CHANGE_EVENT, () => { throw new Error('a page listener failed'); });
    runtime.target.addEventListener(CHANGE_EVENT, onChange);
    runtime.target.addEventListener(CHANGE_EVENT, onChange); // twice: heard once, as with EventTarget
    runtime.target.addEventListener(CHANGE_EVENT, { handleEvent: () => { heard.push(['object']); } });
    runtime.announceReady();
    runtime.announceReady(); // once: heard the first time only
    await runtime.update({ analytics: true });
    await runtime.update({ analytics: false });
    runtime.target.removeEventListener(CHANGE_EVENT, onChange);
    runtime.store.reset();
    runtime.dispose();
    console.log(JSON.stringify({ missing, heard, stored: storage.value === undefined, errors }));
  `);
  assert.deepEqual(out.missing, [], 'the child had none of them');
  assert.deepEqual(out.heard, [
    ['ready', false],
    ['migu-consent-change', ['analytics'], []], ['object'],
    ['migu-consent-change', [], ['analytics']], ['object'],
    ['object'],
  ]);
  assert.equal(out.stored, true, 'reset() cleared the record');
  assert.equal(out.errors.length, 3, out.errors.join('\n'));
  assert.ok(out.errors.every((e) => /^\[migu-consent:listener\] a migu-consent-change listener threw: a page listener failed$/.test(e)), out.errors.join('\n'));
});

test('without EventTarget and CustomEvent: a store alone follows the choice through subscribe()', async () => {
  const out = await bare(`
    const { ConsentStore, MemoryRecordStorage, resolveConfig } = await import(${JSON.stringify(CORE)});
    const store = new ConsentStore({
      config: resolveConfig({ categories: [{ id: 'analytics' }] }).config, storage: new MemoryRecordStorage(),
      revision: '1', dnt: 'respect', expiresDays: 365, signals: { dnt: false, gpc: false },
    });
    const causes = [];
    store.subscribe((c) => { causes.push(c.cause); });
    await Promise.all([store.whenGranted('analytics'), store.acceptAll()]);
    console.log(JSON.stringify({ causes, errors }));
  `);
  assert.deepEqual(out, { causes: ['accept-all'], errors: [] });
});
