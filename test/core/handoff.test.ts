import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config.js';
import type { Handoff, HandoffContext } from '../../src/core/handoff.js';
import {
  decodeHandoff, encodeHandoff, fromSibling, handoffIn, hasHandoff, HANDOFF_MAX_AGE, mentionsHandoff, refuseHandoff, siblingOf, usedHandoffs,
  withHandoff, withoutHandoff,
} from '../../src/core/handoff.js';
import type { ConsentRecord } from '../../src/core/record.js';
import { decodeRecord } from '../../src/core/record.js';
import type { StoreChange } from '../../src/core/store.js';
import { ConsentStore } from '../../src/core/store.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

const T0 = Date.UTC(2026, 11, 1);
const SIBLINGS = ['miguvideo.com', 'migu.cn'];
const record = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  revision: '7', consentId: '', updatedAt: T0, categories: [], servicesOff: [], servicesOn: [], ...over,
});
const grant = record({ categories: ['analytics', 'marketing'], servicesOff: ['adnet'] });
const refusal = record();
const handoff = (r: ConsentRecord, issuedAt = T0, id = 'abcdefgh1234'): Handoff => {
  const value = encodeHandoff(r, issuedAt, id);
  const decoded = decodeHandoff(value);
  if (!decoded) throw new Error(`not decoded: ${String(value)}`);
  return decoded;
};
const context = (over: Partial<HandoffContext> = {}): HandoffContext => ({ now: T0 + 1000, revision: '7', fromSibling: true, used: [], ...over });

describe('sibling handoff: the value', () => {
  it('round-trips a choice with a one-time id and the time the link was followed, never the consent id', () => {
    const value = encodeHandoff({ ...grant, consentId: 'userconsentid123', guardian: true, app: true }, T0 + 5, 'abcdefgh1234');
    expect(value).to.match(/^h1\.[a-z0-9]+\.1\.7\.abcdefgh1234\./);
    expect(value).not.to.include('userconsentid123');
    const decoded = decodeHandoff(value);
    expect(decoded?.id).to.equal('abcdefgh1234');
    expect(decoded?.issuedAt).to.equal(T0 + 5);
    // where the sender's choice came from is not handed on; a guardian's confirmation is
    expect(decoded?.record).to.deep.equal({ ...grant, consentId: 'abcdefgh1234', guardian: true });
  });

  it('a truncated, extended or altered value is no handoff; nothing throws', () => {
    const value = encodeHandoff(grant, T0) ?? '';
    const altered = [
      value.slice(0, -1), `${value}0`, value.replace('analytics', 'analytica'), value.replace(/^h1\.[a-z0-9]+/, `h1.${(T0 + 1).toString(36)}`),
      value.replace('h1.', 'h2.'), '', 'h1', 'x'.repeat(500), `h1.${'.'.repeat(300)}`,
    ];
    for (const bad of altered) expect(decodeHandoff(bad), bad.slice(0, 40)).to.equal(undefined);
    for (const bad of [undefined, null, 42, {}, ['h1']]) expect(decodeHandoff(bad)).to.equal(undefined);
  });
});

describe('sibling handoff: in URLs', () => {
  const v = 'h1.abc.1.7.x.y.z';
  it('goes into the fragment, or into the query when the link has a fragment of its own', () => {
    expect(withHandoff('https://www.migu.cn/a?b=1', v)).to.equal(`https://www.migu.cn/a?b=1#migu-consent-handoff=${v}`);
    expect(withHandoff('https://www.migu.cn/a#top', v)).to.equal(`https://www.migu.cn/a?migu-consent-handoff=${v}#top`);
    expect(withHandoff('https://www.migu.cn/a?b=1#/music/1', v)).to.equal(`https://www.migu.cn/a?b=1&migu-consent-handoff=${v}#/music/1`);
    expect(withHandoff('https://www.migu.cn/a?#top', v)).to.equal(`https://www.migu.cn/a?migu-consent-handoff=${v}#top`);
  });

  it('replaces a handoff the URL had, and without a value only removes it', () => {
    const planted = `https://www.migu.cn/#migu-consent-handoff=${v}`;
    expect(withHandoff(planted, 'h1.new')).to.equal('https://www.migu.cn/#migu-consent-handoff=h1.new');
    expect(withHandoff(planted, undefined)).to.equal('https://www.migu.cn/');
  });

  it('is found and removed whichever way it came, leaving the rest of the URL as it was', () => {
    const cases: [string, string][] = [
      [`https://a.cn/p#migu-consent-handoff=${v}`, 'https://a.cn/p'],
      [`https://a.cn/p?migu-consent-handoff=${v}#top`, 'https://a.cn/p#top'],
      [`https://a.cn/p?q=1&migu-consent-handoff=${v}#top`, 'https://a.cn/p?q=1#top'],
      [`https://a.cn/p?migu-consent-handoff=${v}&q=%20+1`, 'https://a.cn/p?q=%20+1'],
      [`https://a.cn/p?a=1&migu-consent-handoff=${v}&q=2`, 'https://a.cn/p?a=1&q=2'],
      // a hash router that turned `#x` into `#/x` before the runtime started
      [`https://a.cn/p#/migu-consent-handoff=${v}`, 'https://a.cn/p#/'],
    ];
    for (const [url, clean] of cases) {
      expect(hasHandoff(url), url).to.equal(true);
      expect(handoffIn(url), url).to.equal(v);
      expect(withoutHandoff(url), url).to.equal(clean);
    }
    for (const url of ['https://a.cn/p', 'https://a.cn/p?xmigu-consent-handoff=1', 'https://a.cn/migu-consent-handoff']) {
      expect(hasHandoff(url), url).to.equal(false);
      expect(withoutHandoff(url)).to.equal(url);
    }
  });

  it('is seen encoded inside a URL, as a redirect\'s target, at any depth and with letters encoded too', () => {
    const target = `https://www.migu.cn/#migu-consent-handoff=${v}`;
    const once = encodeURIComponent(target);
    const mentioned = [
      target,
      `https://www.miguvideo.com/go?to=${once}`,
      `https://www.miguvideo.com/go?to=${encodeURIComponent(`https://www.miguvideo.com/go?to=${once}`)}`,
      `/go?to=${once.replace('migu-consent', '%6D%69gu-consent').replace('%3D', '%253D')}`,
      `https://www.miguvideo.com/go?to=${once.toUpperCase()}`,
    ];
    for (const url of mentioned) expect(mentionsHandoff(url), url).to.equal(true);
    // what the redirect's server would not turn into one: no `=`, another name, a bare word
    for (const url of ['https://a.cn/p', 'https://a.cn/migu-consent-handoff', `https://a.cn/go?to=${encodeURIComponent('https://b.cn/#migu-consent-hand=1')}`, 'https://a.cn/%zz%']) {
      expect(mentionsHandoff(url), url).to.equal(false);
    }
  });
});

describe('sibling handoff: sites and referrers', () => {
  it('a host belongs to the entry it is, or is a subdomain of; nothing else matches', () => {
    expect(siblingOf('miguvideo.com', SIBLINGS)).to.equal('miguvideo.com');
    expect(siblingOf('www.miguvideo.com', SIBLINGS)).to.equal('miguvideo.com');
    expect(siblingOf('notmiguvideo.com', SIBLINGS)).to.equal(undefined);
    expect(siblingOf('miguvideo.com.evil.cn', SIBLINGS)).to.equal(undefined);
    expect(siblingOf('migu.cn.evil.cn', SIBLINGS)).to.equal(undefined);
  });

  it('trusts a referrer on a listed sibling other than the page\'s own site, by http(s) only', () => {
    expect(fromSibling('https://www.miguvideo.com/v/1', SIBLINGS, 'www.migu.cn')).to.equal(true);
    expect(fromSibling('http://m.miguvideo.com/', SIBLINGS, 'www.migu.cn')).to.equal(true);
    expect(fromSibling('https://evil.example/', SIBLINGS, 'www.migu.cn')).to.equal(false);
    expect(fromSibling('https://miguvideo.com.evil.example/', SIBLINGS, 'www.migu.cn')).to.equal(false);
    // the page's own site: links within a site never carry a handoff, so one from there is forged
    expect(fromSibling('https://music.migu.cn/', SIBLINGS, 'www.migu.cn')).to.equal(false);
    // no referrer (Referrer-Policy: no-referrer, rel=noreferrer, typed in, a bookmark), or not a web page
    for (const referrer of ['', 'about:blank', 'android-app://com.migu', 'ftp://www.miguvideo.com/']) {
      expect(fromSibling(referrer, SIBLINGS, 'www.migu.cn'), referrer).to.equal(false);
    }
  });
});

describe('sibling handoff: what is refused', () => {
  it('a fresh, unused handoff for the page\'s revision is taken, a grant from a sibling too', () => {
    expect(refuseHandoff(handoff(grant), context())).to.equal(undefined);
    expect(refuseHandoff(handoff(refusal), context())).to.equal(undefined);
  });

  it('the forged link: a grant from a page that is not a sibling is refused; a refusal from anywhere is taken', () => {
    expect(refuseHandoff(handoff(grant), context({ fromSibling: false }))).to.match(/grant.*referrer/);
    expect(refuseHandoff(handoff(record({ servicesOn: ['ga4'] })), context({ fromSibling: false }))).to.match(/grant/);
    expect(refuseHandoff(handoff(refusal), context({ fromSibling: false }))).to.equal(undefined);
  });

  it('the stale link: followed longer ago than the limit, or dated ahead of the clock', () => {
    expect(refuseHandoff(handoff(grant, T0), context({ now: T0 + HANDOFF_MAX_AGE }))).to.equal(undefined);
    expect(refuseHandoff(handoff(grant, T0), context({ now: T0 + HANDOFF_MAX_AGE + 1 }))).to.match(/stale/);
    expect(refuseHandoff(handoff(refusal, T0), context({ now: T0 + HANDOFF_MAX_AGE + 1 }))).to.match(/stale/);
    expect(refuseHandoff(handoff(grant, T0 + 60_000), context({ now: T0 }))).to.match(/stale/);
  });

  it('the replayed link: an id seen before on this origin is refused; the last 20 ids are kept', () => {
    const h = handoff(grant);
    const used = usedHandoffs(usedHandoffs('', 'otherid00001').join(' '), h.id);
    expect(refuseHandoff(h, context({ used }))).to.match(/used before/);
    let text = '';
    for (let i = 0; i < 25; i++) text = usedHandoffs(text, `id${String(i).padStart(10, '0')}`).join(' ');
    expect(text.split(' ')).to.have.length(20);
    expect(text.startsWith('id0000000005 ')).to.equal(true);
  });

  it('another revision is refused, naming both', () => {
    expect(refuseHandoff(handoff(record({ revision: '6' })), context())).to.equal('for revision 6, not 7');
  });
});

describe('sibling handoff: the store takes it', () => {
  const { config } = resolveConfig({
    siblings: SIBLINGS,
    categories: [
      { id: 'analytics', services: [{ id: 'stats', name: 'Stats' }, { id: 'ga4', name: 'GA4', crossBorder: { recipient: 'Google LLC' } }] },
      { id: 'marketing', services: [{ id: 'adnet', name: 'Ads' }, { id: 'pixel', name: 'Pixel' }] },
    ],
  });
  const setup = (now = T0 + 1000, minor = false, storage = new MemoryRecordStorage()) => {
    const make = (at = now): ConsentStore => new ConsentStore({
      config, storage, revision: '7', dnt: 'respect', expiresDays: 365, signals: { dnt: false, gpc: false }, now: () => at, warn: () => {}, minor,
    });
    return { storage, make };
  };

  it('without a choice of its own: stored with the sender\'s time, source and cause sibling, kept on the next load', () => {
    const { storage, make } = setup();
    const store = make();
    const changes: StoreChange[] = [];
    store.subscribe((c) => changes.push(c));
    expect(store.adoptSibling(handoff(grant).record)).to.equal(true);
    const state = store.get();
    expect([state.decided, store.prompt, state.source, state.updatedAt]).to.deep.equal([true, false, 'sibling', new Date(T0).toISOString()]);
    expect(state.categories).to.deep.equal({ necessary: true, functional: false, analytics: true, personalization: false, marketing: true });
    expect(state.services).to.deep.equal({ stats: true, ga4: false, adnet: false, pixel: true });
    expect(changes.map((c) => c.cause)).to.deep.equal(['sibling']);
    expect(decodeRecord(storage.value)?.sibling).to.equal(true);
    expect(state.consentId).to.match(/^[a-z0-9]{16}$/).and.not.equal('abcdefgh1234');
    expect(make().get().source).to.equal('sibling');
  });

  it('never over a newer or equal choice of its own; taken over an older one', () => {
    const { make } = setup(T0 + 1000);
    const store = make();
    store.acceptAll(); // at T0 + 1000
    expect(store.adoptSibling(handoff(refusal).record)).to.equal(false);
    expect(store.adoptSibling(handoff(record({ updatedAt: T0 + 1000 })).record)).to.equal(false);
    expect(store.get().source).to.equal('user');
    // a later page of the same site: a refusal made on the sibling after the stored choice wins
    const later = make(T0 + 9000);
    expect(later.adoptSibling(handoff(record({ updatedAt: T0 + 8000 })).record)).to.equal(true);
    expect([later.get().categories.analytics, later.get().source]).to.deep.equal([false, 'sibling']);
  });

  it('ids of the sender\'s own are dropped; a service granted apart grants no category; a sender\'s clock ahead counts as now', () => {
    const { make } = setup(T0);
    const store = make();
    expect(store.adoptSibling(handoff(record({ categories: ['videos'], servicesOn: ['ga4'], updatedAt: T0 + 60_000 })).record)).to.equal(true);
    const state = store.get();
    expect([state.categories.analytics, state.services.ga4, state.updatedAt]).to.deep.equal([false, false, new Date(T0).toISOString()]);
    expect(Object.keys(state.categories)).not.to.include('videos');
  });

  it('a choice older than this site\'s expires-days (the sender keeps choices longer) is not taken: no change, no receipt', () => {
    const DAY = 86_400_000;
    // this site's own choice lapsed too: nothing decided, the banner asks
    const { make } = setup(T0 + 400 * DAY);
    const store = make();
    const changes: StoreChange[] = [];
    store.subscribe((c) => changes.push(c));
    expect(store.adoptSibling(handoff(grant).record)).to.equal(false);
    expect([store.get().decided, store.prompt]).to.deep.equal([false, true]);
    expect(changes, 'a change, and a receipt, of a decision that applies to nothing').to.deep.equal([]);
    // one day younger than expires-days: taken
    expect(setup(T0 + 364 * DAY).make().adoptSibling(handoff(grant).record)).to.equal(true);
  });

  it('another revision is never taken; a user under 14 keeps grants only with the guardian\'s confirmation', () => {
    expect(setup().make().adoptSibling(handoff(record({ revision: '6' })).record)).to.equal(false);
    const minor = setup(T0 + 1000, true).make();
    expect(minor.adoptSibling(handoff(grant).record)).to.equal(true);
    expect(minor.get().categories.analytics).to.equal(false);
    const confirmed = setup(T0 + 1000, true).make();
    confirmed.adoptSibling(handoff({ ...grant, guardian: true }).record);
    expect(confirmed.get().categories.analytics).to.equal(true);
  });

});

describe('config: siblings', () => {
  it('takes registrable domains, lower-cased; localhost and an IPv4 address for development', () => {
    const { config, errors } = resolveConfig({ siblings: ['MiguVideo.com', 'migu.cn', 'xn--fiqs8s.xn--fiqs8s', 'localhost', '127.0.0.1'] });
    expect(errors).to.deep.equal([]);
    expect(config.siblings).to.deep.equal(['miguvideo.com', 'migu.cn', 'xn--fiqs8s.xn--fiqs8s', 'localhost', '127.0.0.1']);
    expect(resolveConfig({}).config.siblings).to.equal(undefined);
  });

  it('rejects the config on a malformed entry, a public suffix or an overlap, naming the entry', () => {
    const bad: [unknown, RegExp][] = [
      ['https://migu.cn', /config\.siblings\[0\]: expected a domain like "migu\.cn".*got "https:\/\/migu\.cn"/],
      ['.migu.cn', /got "\.migu\.cn"/],
      ['*.migu.cn', /got "\*\.migu\.cn"/],
      ['migu.cn:443', /got "migu\.cn:443"/],
      ['migu.cn/', /got "migu\.cn\/"/],
      ['cn', /got "cn"/],
      ['咪咕.中国', /IDNs as xn--/],
      [42, /got number 42/],
      ['com.cn', /"com\.cn" is a public suffix/],
      ['co.uk', /public suffix/],
    ];
    for (const [entry, message] of bad) {
      const { config, errors } = resolveConfig({ siblings: [entry], categories: [{ id: 'videos' }] });
      expect(errors.join('\n'), String(entry)).to.match(message);
      // never half-applied: the categories go too
      expect(config.categories.map((c) => c.id)).not.to.include('videos');
      expect(config.siblings).to.equal(undefined);
    }
    expect(resolveConfig({ siblings: 'migu.cn' }).errors.join()).to.match(/config\.siblings: expected an array/);
    expect(resolveConfig({ siblings: ['migu.cn', 'www.migu.cn'] }).errors.join()).to.match(/siblings\[1\]: "www\.migu\.cn" overlaps "migu\.cn"/);
    expect(resolveConfig({ siblings: ['www.migu.cn', 'migu.cn'] }).errors.join()).to.match(/siblings\[1\]: "migu\.cn" overlaps "www\.migu\.cn"/);
    expect(resolveConfig({ siblings: ['migu.cn', 'MIGU.cn'] }).errors.join()).to.match(/overlaps/);
  });
});
