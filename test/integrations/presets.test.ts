import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config.js';
import type { Text } from '../../src/core/types.js';
import { amplitude, baiduTongji, cnzz, ga4, segment, sensorsData, snowplow } from '../../src/integrations/presets.js';
import { cleanWithdrawn } from '../../src/storage/cookie-cleaner.js';

const BAIDU_ID = '0123456789abcdef0123456789abcdef';
const cookieNames = (): string[] => document.cookie.split(';').map((c) => c.trim().split('=')[0]).filter(Boolean);
const setCookies = (...names: string[]): void => {
  for (const name of names) document.cookie = `${name}=1; Path=/`;
};
const clearCookies = (): void => {
  for (const name of cookieNames()) document.cookie = `${name}=; Path=/; Max-Age=0`;
};
const captureErrors = (fn: () => void): string[] => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
  try {
    fn();
  } finally {
    console.error = original;
  }
  return errors;
};

describe('service presets', () => {
  afterEach(() => {
    clearCookies();
    localStorage.clear();
  });

  it('are valid services of a site config, in all three languages', () => {
    const { config, errors } = resolveConfig({
      categories: [{ id: 'analytics', services: [baiduTongji({ siteId: BAIDU_ID }), cnzz({ siteId: '1279000000' }), ga4({ measurementId: 'G-TT7MCH8RRF' })] }],
    });
    expect(errors).to.deep.equal([]);
    const services = config.categories.find((c) => c.id === 'analytics')!.services;
    expect(services.map((s) => s.id)).to.deep.equal(['baidu-tongji', 'cnzz', 'ga4']);
    for (const s of services) {
      const purpose = s.purpose as Exclude<Text, string>;
      expect(Object.keys(purpose), s.id).to.have.members(['zh-CN', 'zh-TW', 'en']);
      expect(s.vendor, s.id).to.be.a('string');
    }
  });

  it('Google Analytics leaves mainland China: a separate choice naming Google LLC in the US', () => {
    const { config } = resolveConfig({ categories: [{ id: 'analytics', services: [baiduTongji(), ga4()] }] });
    const [baidu, google] = config.categories.find((c) => c.id === 'analytics')!.services;
    expect(baidu?.separate).to.equal(false);
    expect(baidu?.crossBorder).to.equal(undefined);
    expect(google?.separate).to.equal(true);
    expect(google?.crossBorder?.recipient).to.equal('Google LLC');
    expect(google?.crossBorder?.country).to.equal('US');
    expect(Object.keys(google?.crossBorder?.purpose ?? {})).to.have.members(['zh-CN', 'zh-TW', 'en']);
  });

  it('a vendor id narrows the names to that site; without one any id matches', () => {
    expect(baiduTongji({ siteId: BAIDU_ID }).cookies).to.deep.equal([`Hm_lvt_${BAIDU_ID}`, `Hm_lpvt_${BAIDU_ID}`, `Hm_cv_${BAIDU_ID}`, 'HMACCOUNT']);
    expect(baiduTongji({ siteId: BAIDU_ID }).storage).to.deep.equal([`Hm_lvt_${BAIDU_ID}`, `Hm_cv_${BAIDU_ID}`]);
    expect(cnzz({ siteId: '1279000000' }).cookies).to.deep.equal(['CNZZDATA1279000000', '_cnzz_CV1279000000', 'UM_distinctid']);
    expect(ga4({ measurementId: 'G-TT7MCH8RRF' }).cookies).to.deep.equal(['_ga', '_ga_TT7MCH8RRF']);
    const [lvt] = baiduTongji().cookies as RegExp[];
    expect(lvt?.test(`Hm_lpvt_${BAIDU_ID}`)).to.equal(true);
    expect(lvt?.test('Hm_lvt_')).to.equal(false);
    expect((ga4().cookies?.[1] as RegExp).test('_ga_TT7MCH8RRF')).to.equal(true);
    expect((cnzz().cookies?.[0] as RegExp).test('CNZZDATA1279000000')).to.equal(true);
  });

  it('a malformed vendor id is reported, never interpolated into a name', () => {
    const errors = captureErrors(() => {
      expect(baiduTongji({ siteId: 'x; Domain=evil' }).cookies?.every((c) => c instanceof RegExp || c === 'HMACCOUNT')).to.equal(true);
      expect(cnzz({ siteId: '12a' }).cookies?.[0]).to.be.instanceOf(RegExp);
      expect(ga4({ measurementId: 'UA-1234-1' }).cookies?.[1]).to.be.instanceOf(RegExp);
      expect(ga4({ measurementId: 42 as unknown as string }).cookies?.[1]).to.be.instanceOf(RegExp);
    });
    expect(errors.length).to.equal(4);
    expect(errors[3]).to.include('measurementId number does not match');
    expect(errors[0]).to.match(/^\[migu-consent:config\] baiduTongji\(\): siteId "x; Domain=evil" does not match/);
  });

  it('each call is a fresh object: changing one changes no other', () => {
    const a = baiduTongji();
    a.cookies?.push('mine');
    (a.purpose as Record<string, string>)['en'] = 'changed';
    expect(baiduTongji().cookies).to.not.include('mine');
    expect((cnzz().purpose as Record<string, string>)['en']).to.not.equal('changed');
    expect({ ...ga4(), id: 'ga' }.id).to.equal('ga');
  });

  it('on withdrawal their first-party cookies and storage go, other cookies stay', () => {
    const { config } = resolveConfig({
      categories: [{ id: 'analytics', services: [baiduTongji({ siteId: BAIDU_ID }), cnzz(), ga4({ measurementId: 'G-TT7MCH8RRF' })] }],
    });
    setCookies(`Hm_lvt_${BAIDU_ID}`, `Hm_lpvt_${BAIDU_ID}`, 'HMACCOUNT', 'CNZZDATA1279000000', '_cnzz_CV1279000000', 'UM_distinctid',
      '_ga', '_ga_TT7MCH8RRF', 'site_session', `Hm_lvt_${'f'.repeat(32)}`);
    localStorage.setItem(`Hm_lvt_${BAIDU_ID}`, '1|1');
    localStorage.setItem('site_pref', 'dark');
    cleanWithdrawn(config, ['analytics']);
    // another Baidu site id on this domain is not this service's (the id narrowed the names)
    expect(cookieNames().sort()).to.deep.equal([`Hm_lvt_${'f'.repeat(32)}`, 'site_session']);
    expect(localStorage.getItem(`Hm_lvt_${BAIDU_ID}`)).to.equal(null);
    expect(localStorage.getItem('site_pref')).to.equal('dark');
  });

  it('declare the hosts their code sends data to', () => {
    expect(baiduTongji().hosts).to.deep.equal(['hm.baidu.com']);
    expect(cnzz().hosts).to.deep.equal(['cnzz.com']);
    expect(ga4().hosts).to.include('google-analytics.com');
  });

  describe('the SDKs of the real-SDK matrix (e2e/sdks.test.mjs)', () => {
    const AMP_KEY = '0123456789abcdef0123456789abcdef';
    afterEach(() => { sessionStorage.clear(); });

    it('are valid services; Amplitude and Segment leave mainland China, Sensors Data and Snowplow (self-hosted) do not', () => {
      const { config, errors } = resolveConfig({ categories: [{ id: 'analytics', services: [
        sensorsData({ serverUrl: 'https://sa.example.cn/sa?project=default' }), amplitude({ apiKey: AMP_KEY }), segment(),
        snowplow({ collector: 'https://sp.example.cn' }),
      ] }] });
      expect(errors).to.deep.equal([]);
      const services = config.categories.find((c) => c.id === 'analytics')!.services;
      expect(services.map((s) => [s.id, s.separate])).to.deep.equal([['sensors-data', false], ['amplitude', true], ['segment', true], ['snowplow', false]]);
      expect(services.map((s) => s.hosts)).to.deep.equal([['sa.example.cn'], ['amplitude.com'], ['segment.io', 'segment.com'], ['sp.example.cn']]);
    });

    it('a collector URL that is not http(s) is reported and guards nothing', () => {
      const errors = captureErrors(() => {
        expect(sensorsData({ serverUrl: 'javascript:alert(1)' }).hosts).to.deep.equal([]);
        expect(snowplow({ collector: 'not a url' }).hosts).to.deep.equal([]);
      });
      expect(errors.length).to.equal(2);
    });

    it('on withdrawal the names each SDK was seen writing go (e2e/sdks.test.mjs; Amplitude\'s Session Replay plugin: leftover probe F6), nothing else', async () => {
      const { config } = resolveConfig({ categories: [{ id: 'analytics', services: [sensorsData(), amplitude({ apiKey: AMP_KEY }), segment(), snowplow()] }] });
      const key = AMP_KEY.slice(0, 10);
      setCookies('sensorsdata2015jssdkcross', 'sajssdk_2015_cross_new_user', `AMP_${key}`, `AMP_MKTG_${key}`, 'ajs_anonymous_id', '_sp_id.1fff', '_sp_ses.1fff', 'site_session');
      for (const k of ['sawebjssdkpageleave-684447140', `AMP_unsent_${key}`, `AMP_SR_START_${key}_1796570209715`, 'ajs_anonymous_id', 'ajs_user_id', 'persisted-queue:v1:wk:dest-Segment.io:items', 'snowplowOutQueue_sp1', 'site_pref']) localStorage.setItem(k, '1');
      for (const k of ['AMP_URL_INFO', 'AMP_PAGE_VIEW', '_sp_tab_id', 'site_tab']) sessionStorage.setItem(k, '1');
      const databases = [`AMP_diagnostics_${key}`, `${key}_amp_session_replay_events`, `${key}_amp_session_replay_targeting`];
      for (const name of databases) await new Promise<void>((resolve) => { const open = indexedDB.open(name); open.onsuccess = () => { open.result.close(); resolve(); }; });
      cleanWithdrawn(config, ['analytics']);
      // WebKitGTK's document.cookie once read [] here (CI, once in many runs): its cookie cache, read again
      // until it settles; a cookie of the site's that were deleted would never come back
      for (let i = 0; i < 50 && cookieNames().join() !== 'site_session'; i++) await new Promise((r) => { setTimeout(r, 20); });
      expect(cookieNames()).to.deep.equal(['site_session']);
      expect(Object.keys(localStorage)).to.deep.equal(['site_pref']);
      expect(Object.keys(sessionStorage)).to.deep.equal(['site_tab']);
      // deleteDatabase() is asynchronous: Firefox may still list the database for a moment
      const listed = async (): Promise<boolean> => (await indexedDB.databases()).some((d) => databases.includes(d.name ?? ''));
      for (let i = 0; i < 100 && await listed(); i++) await new Promise((r) => { setTimeout(r, 20); });
      expect(await listed()).to.equal(false);
    });
  });
});
