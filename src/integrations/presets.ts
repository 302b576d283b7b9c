// Ready service definitions for common trackers, to put in a category's `services`:
//   categories: [{ id: 'analytics', services: [baiduTongji({ siteId }), cnzz({ siteId }), ga4({ measurementId })] }]
// ESM only (the script build would carry them for every page: see README). Cookie and storage
// names come from the vendors' own scripts and documentation; what no primary source confirms
// is said at the name. Each call returns a fresh object: spread it to change anything
// (`{ ...ga4(), id: 'ga' }`).
import type { ServiceConfig } from '../core/types.js';
import { logError } from '../runtime/log.js';

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
