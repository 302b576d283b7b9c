// Ready service definitions for common trackers, to put in a category's `services`:
//   categories: [{ id: 'analytics', services: [baiduTongji({ siteId }), cnzz({ siteId }), ga4({ measurementId })] }]
// ESM only (the script build would carry them for every page: see README). Cookie and storage
// names come from the vendors' own scripts and documentation; what no primary source confirms
// is said at the name. Each call returns a fresh object: spread it to change anything
// (`{ ...ga4(), id: 'ga' }`).
import type { ServiceConfig } from '../core/types.js';
import { logError } from '../shared/log.js';

/** A service config with the hosts its code sends data to (guarded while not granted). */
export interface ServicePreset extends ServiceConfig {
  hosts: string[];
}

/** The vendor id when it is valid; a bad one is reported and the preset then matches any id. */
function vendorId(preset: string, option: string, pattern: RegExp, value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'string' && pattern.test(value))) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  logError('config', `${preset}(): ${option} ${shown} does not match ${String(pattern)}; matching the cookies of any id instead`);
  return undefined;
}

const ANALYTICS_PURPOSE = {
  'zh-CN': '统计访问量、访问来源和浏览行为，用于分析和改进网站。',
  'zh-TW': '統計瀏覽量、訪問來源和瀏覽行為，用於分析和改善網站。',
  en: 'Counts visits, where they come from and what is viewed, to analyse and improve the site.',
};

/**
 * 百度统计 (Baidu Tongji): script and beacons on hm.baidu.com. `siteId`: the 32 characters
 * after `hm.js?` in Baidu's snippet. Names read off hm.js itself (`setData("Hm_lvt_" + c.id,
 * ..., c.age)`, `_setAccount` accepting /^[0-9a-z]{32}$/): Hm_lvt_<id> (recent visit times, 1 year,
 * mirrored in localStorage), Hm_lpvt_<id> (last visit, session), Hm_cv_<id> (custom
 * variables, mirrored in localStorage). HMACCOUNT: a visitor id that hm.baidu.com sets on
 * its own domain (expiring 2038) and that current hm.js is seen copying to the site as a
 * first-party cookie; not in Baidu's documentation. HMACCOUNT and HMACCOUNT_BFESS on
 * (hm.)baidu.com are third-party cookies: no page can delete them. Hm_unsent_<id> and
 * Hm_lpvt_<id> in sessionStorage end with the tab. Without `siteId` the cookies are matched
 * by pattern and the localStorage mirrors stay (hm.js expires them after a year).
 */
export function baiduTongji({ siteId }: { siteId?: string } = {}): ServicePreset {
  const id = vendorId('baiduTongji', 'siteId', /^[0-9a-z]{32}$/, siteId);
  return {
    id: 'baidu-tongji',
    name: '百度统计 Baidu Tongji',
    vendor: '百度 Baidu',
    purpose: { ...ANALYTICS_PURPOSE },
    cookies: id ? [`Hm_lvt_${id}`, `Hm_lpvt_${id}`, `Hm_cv_${id}`, 'HMACCOUNT'] : [/^Hm_(lvt|lpvt|cv)_[0-9a-z]+$/, 'HMACCOUNT'],
    storage: id ? [`Hm_lvt_${id}`, `Hm_cv_${id}`] : [],
    hosts: ['hm.baidu.com'],
  };
}

/**
 * 友盟+ CNZZ (Umeng web analytics): scripts from s*.cnzz.com / v1.cnzz.com (`z_stat.php?id=`,
 * `z.js?id=`), beacons to z*.cnzz.com / hzs*.cnzz.com. `siteId`: the numeric id. Names read off
 * core.php / z_stat.php: CNZZDATA<id> (visitor id and visit time, 182 days), _cnzz_CV<id>
 * (custom variables, 182 days), UM_distinctid (on the registrable domain, e.g. .migu.cn).
 * Not verified: CZ_UUID<id> is named in core.php but was not seen written. `cna` on
 * mmstat.com is Alibaba's third-party cookie: no page can delete it.
 */
export function cnzz({ siteId }: { siteId?: string } = {}): ServicePreset {
  const id = vendorId('cnzz', 'siteId', /^\d{1,12}$/, siteId);
  return {
    id: 'cnzz',
    name: '友盟+ CNZZ',
    vendor: '友盟+ Umeng',
    purpose: { ...ANALYTICS_PURPOSE },
    cookies: id ? [`CNZZDATA${id}`, `_cnzz_CV${id}`, 'UM_distinctid'] : [/^CNZZDATA\d+$/, /^_cnzz_CV\d+$/, 'UM_distinctid'],
    hosts: ['cnzz.com'],
  };
}

/**
 * Google Analytics 4: gtag.js from www.googletagmanager.com, hits to *.google-analytics.com.
 * `measurementId`: `G-XXXXXXX`. Cookies per Google's "[GA4] Cookie usage on websites"
 * (support.google.com/analytics/answer/11397207): _ga and _ga_<container-id>, the container id
 * being the measurement id without "G-". The data goes to Google LLC in the US: leaving
 * mainland China needs its own consent (PIPL Art. 38-39), so `crossBorder` makes this a
 * separate choice that "accept all" does not grant. Google Ads cookies (_gcl_*) belong to a
 * marketing service of their own.
 */
export function ga4({ measurementId }: { measurementId?: string } = {}): ServicePreset {
  const id = vendorId('ga4', 'measurementId', /^G-[0-9A-Z]{4,20}$/, measurementId);
  return {
    id: 'ga4',
    name: 'Google Analytics 4',
    vendor: 'Google LLC',
    purpose: {
      'zh-CN': '统计访问量和浏览行为，用于分析和改进网站。',
      'zh-TW': '統計瀏覽量和瀏覽行為，用於分析和改善網站。',
      en: 'Counts visits and what is viewed, to analyse and improve the site.',
    },
    cookies: ['_ga', id ? `_ga_${id.slice(2)}` : /^_ga_[0-9A-Z]+$/],
    crossBorder: {
      recipient: 'Google LLC',
      country: 'US',
      purpose: {
        'zh-CN': '访问统计数据传输至美国，由 Google 处理。',
        'zh-TW': '瀏覽統計資料傳輸至美國，由 Google 處理。',
        en: 'Visit statistics are sent to the US and processed by Google.',
      },
    },
    hosts: ['googletagmanager.com', 'google-analytics.com', 'analytics.google.com'],
  };
}

/** The host of a collector URL the site runs itself; a bad one is reported and nothing is guarded. */
function collectorHost(preset: string, option: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return [url.hostname];
  } catch {
    /* reported below */
  }
  logError('config', `${preset}(): ${option} is not an http(s) URL; its host is not guarded`);
  return [];
}

/**
 * 神策分析 Sensors Data (sa-sdk-javascript): sends to the site's own `server_url` (a Sensors
 * deployment; pass it as `serverUrl` to guard its host). Names read off the SDK itself
 * (node_modules/sa-sdk-javascript/dist/web/sensorsdata.js and plugin/pageleave/index.js, 1.27):
 * cookies sensorsdata2015jssdkcross<sdk_id> (the distinct id, on the registrable domain),
 * sa_jssdk_2015_root… (the same with `cross_subdomain: false`), sajssdk_2015_cross_… /
 * sajssdk_2015_root_… (new-user flags), sensorsdata2015jssdkchannel (channel plugin);
 * localStorage sawebjssdk-<n> and tab-sawebjssdk-<n> (`batch_send` queue), sajssdk-lock-get-…
 * (its locks), sawebjssdkchannel, sawebjssdkpageleave-<page id> (PageLeave heartbeats, re-sent as
 * $WebPageLeave by the next page that runs the SDK), sensorsdata_2015_jssdk_profile; sessionStorage
 * sensorsdata_jssdk_debug. The IndexedDB plugin (https only) keeps its own database: add it.
 */
export function sensorsData({ serverUrl }: { serverUrl?: string } = {}): ServicePreset {
  return {
    id: 'sensors-data',
    name: '神策分析 Sensors Data',
    vendor: '神策数据 Sensors Data',
    purpose: { ...ANALYTICS_PURPOSE },
    cookies: [/^sensorsdata2015jssdk(cross|channel)/, /^sa_?jssdk_2015_/, 'sensorsdata_is_new_user'],
    storage: [/^(tab-)?sawebjssdk/, /^sajssdk/, /^sensorsdata/],
    sessionStorage: ['sensorsdata_jssdk_debug'],
    hosts: collectorHost('sensorsData', 'serverUrl', serverUrl),
  };
}

/**
 * Amplitude browser SDK 2 (@amplitude/analytics-browser): sends to api2.amplitude.com (or
 * api.eu.amplitude.com). `apiKey`: the project's 32-character key; names use its first 10
 * characters. Read off node_modules/@amplitude/analytics-core/lib/esm (cookie-name.js,
 * storage/helpers.js, types/constants.js, page-view-id.js, diagnostics/diagnostics-storage.js,
 * remote-config/remote-config-localstorage.js) and analytics-browser/lib/esm/attribution/
 * web-attribution.js, 2.48: cookies AMP_<key10> (device id, session), AMP_MKTG_<key10> and
 * AMP_MKTG_ORIGINAL_<key10> (attribution); localStorage AMP_unsent_<key10> (the event queue),
 * AMP_remote_config_<key10>; sessionStorage AMP_PAGE_VIEW, AMP_URL_INFO, AMP_CURRENT_PAGE,
 * AMP_PREVIOUS_PAGE; IndexedDB AMP_diagnostics_<key10>. Its Session Replay plugin
 * (@amplitude/plugin-session-replay-browser 1.36, session-replay-browser 1.51: replay-start-time-store.js,
 * events/events-idb-store.js, targeting/targeting-idb-store.js): localStorage AMP_SR_START_<key10>_<session>,
 * IndexedDB <key10>_amp_session_replay_events (and _interaction), <key10>_amp_session_replay_targeting. It uploads
 * from a worker, which `hosts` does not reach (docs/integrations.md). Amplitude Inc. processes the data in the
 * US (or the EU): a cross-border transfer, its own choice.
 */
export function amplitude({ apiKey }: { apiKey?: string } = {}): ServicePreset {
  const key = vendorId('amplitude', 'apiKey', /^[0-9a-f]{32}$/, apiKey)?.slice(0, 10);
  return {
    id: 'amplitude',
    name: 'Amplitude',
    vendor: 'Amplitude, Inc.',
    purpose: { ...ANALYTICS_PURPOSE },
    cookies: key ? [`AMP_${key}`, `AMP_MKTG_${key}`, `AMP_MKTG_ORIGINAL_${key}`] : [/^AMP_/],
    storage: key ? [`AMP_unsent_${key}`, `AMP_remote_config_${key}`, new RegExp(`^AMP_SR_START_${key}_`)] : [/^AMP_/],
    sessionStorage: ['AMP_PAGE_VIEW', 'AMP_URL_INFO', 'AMP_CURRENT_PAGE', 'AMP_PREVIOUS_PAGE'],
    indexedDB: key ? [`AMP_diagnostics_${key}`, ...['events', 'events_interaction', 'targeting'].map((db) => `${key}_amp_session_replay_${db}`)] : [],
    crossBorder: {
      recipient: 'Amplitude, Inc.',
      country: 'US',
      purpose: {
        'zh-CN': '访问统计数据传输至境外，由 Amplitude 处理。',
        'zh-TW': '瀏覽統計資料傳輸至境外，由 Amplitude 處理。',
        en: 'Visit statistics are sent abroad and processed by Amplitude.',
      },
    },
    hosts: ['amplitude.com'],
  };
}

/**
 * Segment Analytics.js 2 (@segment/analytics-next): settings from cdn.segment.com, events to
 * api.segment.io. Names read off node_modules/@segment/analytics-next/dist/pkg (core/user/index.js,
 * lib/priority-queue/persisted.js), 1.84: ajs_anonymous_id, ajs_user_id, ajs_group_id as cookies
 * and in localStorage, ajs_user_traits and ajs_group_properties in localStorage, and the retry
 * queues persisted-queue:v1:<writeKey>:…. Segment (Twilio Inc.) processes the data in the US.
 */
export function segment(): ServicePreset {
  return {
    id: 'segment',
    name: 'Segment',
    vendor: 'Twilio Inc. (Segment)',
    purpose: { ...ANALYTICS_PURPOSE },
    cookies: [/^ajs_/],
    storage: [/^ajs_/, /^persisted-queue:v1:/],
    crossBorder: {
      recipient: 'Twilio Inc.',
      country: 'US',
      purpose: {
        'zh-CN': '访问统计数据传输至美国，由 Segment 处理。',
        'zh-TW': '瀏覽統計資料傳輸至美國，由 Segment 處理。',
        en: 'Visit statistics are sent to the US and processed by Segment.',
      },
    },
    hosts: ['segment.io', 'segment.com'],
  };
}

/**
 * Snowplow browser tracker 4 (@snowplow/browser-tracker): sends to the site's own collector (pass
 * it as `collector` to guard its host). Names read off node_modules/@snowplow/browser-tracker-core/
 * dist/index.module.js, 4.10: cookies _sp_id.<hash> and _sp_ses.<hash> (prefix `cookieName`,
 * default `_sp_`; in localStorage too with `stateStorageStrategy: 'localStorage'`), localStorage
 * snowplowOutQueue_<tracker id> (the event queue), sessionStorage _sp_tab_id. A custom
 * `cookieName` prefix needs its own pattern.
 */
export function snowplow({ collector }: { collector?: string } = {}): ServicePreset {
  return {
    id: 'snowplow',
    name: 'Snowplow',
    vendor: 'Snowplow',
    purpose: { ...ANALYTICS_PURPOSE },
    cookies: [/^_sp_(id|ses)\./],
    storage: [/^snowplowOutQueue_/, /^_sp_(id|ses)\./],
    sessionStorage: ['_sp_tab_id'],
    hosts: collectorHost('snowplow', 'collector', collector),
  };
}
