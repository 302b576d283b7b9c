// The audit's merge of one scenario's records into the report (node/audit/engine.mjs finish()),
// without a browser: the records as the engine collects them, in the order Node hears them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finish, parseSetCookie } from '../node/audit/engine.mjs';

const records = (cookieWrites) => ({
  name: 'first-visit', phases: [{ name: 'no-choice', at: 1000 }], snapshots: [{ at: 1500, label: 'loaded', cookies: [], storage: [], indexedDB: [] }],
  cookieWrites, storageWrites: [], indexedDB: [], beacons: [], requests: [], initiators: new Map(), notes: [],
});

test('a pixel\'s cookie deleted by its onload keeps both writes, whichever Node heard first', () => {
  const set = { ...parseSetCookie('px=1; Path=/', 'http://127.0.0.1/'), at: 1100, by: { kind: 'response', url: 'http://127.0.0.1/px.gif' }, deletion: false };
  const gone = { ...parseSetCookie('px=; Path=/; Max-Age=0', 'http://127.0.0.1/'), at: 1200, by: { kind: 'script', url: 'http://127.0.0.1/' }, deletion: true };
  // the script's message comes over the page binding before the response's Set-Cookie event
  for (const order of [[set, gone], [gone, set]]) {
    const [cookie] = finish(records(order)).cookies;
    assert.deepEqual(cookie?.writes.map((w) => [w.at, Boolean(w.deletion)]), [[1100, false], [1200, true]], JSON.stringify(cookie));
    assert.equal(cookie.setBy.url, 'http://127.0.0.1/px.gif');
  }
});
