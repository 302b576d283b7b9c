import { expect } from '@open-wc/testing';
import { stringify } from '../../src/shared/json.js';
import { enqueue, parseQueue } from '../../src/core/receipts.js';
import type { Receipt } from '../../src/core/receipts.js';

type WithToJson = { toJSON?: (this: unknown) => unknown };

/** Prototype.js 1.6's Array#toJSON: the array's JSON text, which JSON.stringify then writes as a string. */
function withPrototypeJs(run: () => void): void {
  const proto = Array.prototype as WithToJson;
  proto.toJSON = function (this: unknown) { return `[${(this as unknown[]).map((v) => JSON.stringify(v)).join(', ')}]`; };
  try {
    run();
  } finally {
    delete proto.toJSON;
  }
}

const receipt = (receiptId: string): Receipt => ({
  receiptId, consentId: 'c1234567', revision: '1', timestamp: '2026-12-05T00:00:00.000Z', action: 'accept-all',
  categories: { necessary: true, analytics: true }, services: {}, source: 'user', signals: { dnt: false, gpc: false }, page: 'https://www.migu.cn/',
});

describe('stringify: JSON whatever the page did to the prototypes', () => {
  it('an array stays an array under Prototype.js\'s Array#toJSON, and the page\'s toJSON is put back', () => {
    withPrototypeJs(() => {
      expect(JSON.parse(JSON.stringify([1, 'a'])) as unknown, 'the page\'s JSON.stringify').to.equal('[1, "a"]');
      expect(stringify([1, { a: ['b'] }])).to.equal('[1,{"a":["b"]}]');
      const own = Object.getOwnPropertyDescriptor(Array.prototype, 'toJSON');
      expect(own?.value, 'put back').to.be.a('function');
      expect(own?.enumerable, 'as it was').to.equal(true);
    });
    expect(stringify([1])).to.equal('[1]');
  });

  it('a receipt queued on a page with Prototype.js reads back on the next one, to be sent', () => {
    const key = `json_test_${String(Date.now())}`;
    try {
      withPrototypeJs(() => {
        enqueue(key, receipt('r1'));
        enqueue(key, receipt('r2'));
      });
      expect(parseQueue(localStorage.getItem(key)).map((r) => r.receiptId)).to.deep.equal(['r1', 'r2']);
    } finally {
      localStorage.removeItem(key);
    }
  });
});
