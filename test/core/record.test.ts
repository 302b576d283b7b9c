import { expect } from '@open-wc/testing';
import type { ConsentRecord } from '../../src/core/record.js';
import { decodeRecord, encodeRecord, listed, MAX_RECORD_BYTES, revisionTag } from '../../src/core/record.js';
import { fnv1a } from '../../src/core/hash.js';

const sample: ConsentRecord = {
  revision: '3', consentId: 'abc123def456ghi7', updatedAt: Date.UTC(2026, 10, 28),
  categories: ['functional', 'analytics'], servicesOff: ['baidu'], servicesOn: ['ga4-cross'],
};

/** A tiny deterministic PRNG, so a failing generated case can be reproduced. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('consent record', () => {
  it('round-trips a record', () => {
    const value = encodeRecord(sample)!;
    expect(value).to.be.a('string');
    expect(decodeRecord(value)).to.deep.equal(sample);
  });

  it('round-trips its flags (guardian, app, sibling, made over a signal), each a letter, and no other letter', () => {
    const flagged: ConsentRecord = { ...sample, guardian: true, app: true, sibling: true, overSignal: true };
    const value = encodeRecord(flagged)!;
    expect(value.split('.')[4]).to.equal('gaso');
    expect(decodeRecord(value)).to.deep.equal(flagged);
    expect(decodeRecord(encodeRecord({ ...sample, overSignal: true }))).to.deep.equal({ ...sample, overSignal: true });
    expect(encodeRecord(sample)!.split('.')[4], 'none set: an empty field, as records written before the flags').to.equal('');
    // a letter out of place or unknown, with a checksum that fits: no choice
    for (const flags of ['x', 'og', 'oo']) {
      const parts = value.split('.').slice(0, 8);
      parts[4] = flags;
      expect(decodeRecord(`${parts.join('.')}.${fnv1a(parts.join('.'))}`), flags).to.equal(undefined);
    }
  });

  it('is versioned and cookie-safe without escaping', () => {
    const value = encodeRecord(sample)!;
    expect(value.startsWith('1.')).to.equal(true);
    expect(value).to.match(/^[A-Za-z0-9._~$-]+$/);
    expect(encodeURIComponent(value).replace(/%24/g, '$')).to.equal(value);
  });

  it('stores an unusual revision as a hash tag that still compares', () => {
    const rev = '2026-11 政策 v2';
    const record = { ...sample, revision: revisionTag(rev) };
    const decoded = decodeRecord(encodeRecord(record));
    expect(decoded?.revision).to.equal(revisionTag(rev));
    expect(revisionTag(rev)).to.not.equal(revisionTag('2026-11 政策 v3'));
  });

  it('writes long ids as hashes when written out they would not fit, and refuses only what even then does not', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `service_number_${String(i)}`);
    const plain = encodeRecord({ ...sample, servicesOff: ids.slice(0, 5) })!;
    expect(plain, 'what fits is written out').to.contain('service_number_4');
    const value = encodeRecord({ ...sample, categories: [...sample.categories, 'very_long_category_id'], servicesOff: [...ids, 'x1'] });
    expect(value!.length).to.be.at.most(MAX_RECORD_BYTES);
    expect(value, 'no id written out but those no longer than a hash').to.not.contain('service_number');
    const decoded = decodeRecord(value)!;
    for (const id of [...ids, 'x1']) expect(listed(decoded.servicesOff, id), id).to.equal(true);
    for (const id of ['functional', 'analytics', 'very_long_category_id']) expect(listed(decoded.categories, id), id).to.equal(true);
    expect(listed(decoded.servicesOff, 'service_number_20')).to.equal(false);
    expect(listed(decoded.categories, 'marketing')).to.equal(false);
    expect(listed(decoded.servicesOn, 'ga4-cross')).to.equal(true);
    expect(decoded.servicesOff, 'a short id stays written out').to.include('x1');
    const many = Array.from({ length: 40 }, (_, i) => `service_number_${String(i)}`);
    expect(encodeRecord({ ...sample, servicesOff: many })).to.equal(undefined);
  });

  it('a hashed list is checked like a written-out one: truncation and edits are no choice', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `service_number_${String(i)}`);
    const value = encodeRecord({ ...sample, servicesOff: ids })!;
    expect(value).to.contain('$');
    for (let i = 1; i < value.length; i++) expect(decodeRecord(value.slice(0, i)), `cut at ${String(i)}`).to.equal(undefined);
    const at = value.indexOf('$') + 1;
    expect(decodeRecord(value.slice(0, at) + (value[at] === 'a' ? 'b' : 'a') + value.slice(at + 1))).to.equal(undefined);
  });

  it('detects truncation, extension and every single-character edit', () => {
    const value = encodeRecord(sample)!;
    for (let i = 1; i < value.length; i++) expect(decodeRecord(value.slice(0, i)), `cut at ${String(i)}`).to.equal(undefined);
    expect(decodeRecord(`${value}0`)).to.equal(undefined);
    expect(decodeRecord(`${value}.x`)).to.equal(undefined);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789.~-_';
    for (let i = 0; i < value.length; i++) {
      for (const c of alphabet) {
        if (c === value[i]) continue;
        const edited = value.slice(0, i) + c + value.slice(i + 1);
        expect(decodeRecord(edited), `edit ${edited}`).to.equal(undefined);
      }
    }
  });

  it('treats a future version as no choice', () => {
    const value = encodeRecord(sample)!;
    const body = `2${value.slice(1, value.lastIndexOf('.'))}`;
    expect(decodeRecord(`${body}.${value.slice(value.lastIndexOf('.') + 1)}`)).to.equal(undefined);
  });

  it('never throws and never decodes on 1,000 generated malformed values', () => {
    const random = prng(42);
    const valid = encodeRecord(sample)!;
    const cases: unknown[] = [undefined, null, 0, 1, true, {}, [], '', '.', '1', '1.......', valid.toUpperCase(), `${valid};`, ' ' + valid];
    for (let i = 0; cases.length < 1200; i++) {
      const kind = i % 5;
      if (kind === 0) { // random bytes
        cases.push(String.fromCharCode(...Array.from({ length: Math.floor(random() * 80) }, () => Math.floor(random() * 256))));
      } else if (kind === 1) { // bit flip of a real value
        const at = Math.floor(random() * valid.length);
        const flipped = String.fromCharCode(valid.charCodeAt(at) ^ (1 << Math.floor(random() * 7)));
        cases.push(valid.slice(0, at) + flipped + valid.slice(at + 1));
      } else if (kind === 2) { // truncation
        cases.push(valid.slice(0, Math.floor(random() * valid.length)));
      } else if (kind === 3) { // huge
        cases.push(valid.repeat(2 + Math.floor(random() * 50)));
      } else { // unicode
        cases.push(Array.from({ length: 20 }, () => String.fromCodePoint(0x4e00 + Math.floor(random() * 500))).join('.'));
      }
    }
    let decoded = 0;
    for (const value of cases) {
      if (decodeRecord(value) !== undefined) decoded++;
    }
    expect(cases.length).to.be.at.least(1000);
    expect(decoded).to.equal(0);
  });
});
