// Classification and findings: each recorded item against the page's own migu-consent config
// (read from the page) and against the choice the scenario made at that moment; requests also
// against the tracker lists given with --list (trackers.mjs), when there are any.
import { ID, MAX_TEXT, resolveConfig } from '../../dist/core/config.js';
import { MAX_PATTERN } from '../../dist/core/regex-risk.js';
import { requestType } from './trackers.mjs';

export const SEVERITIES = ['violation', 'warning', 'info'];
const DEFAULT_CATEGORIES = ['necessary', 'functional', 'analytics', 'personalization', 'marketing'];
/** Chromium caps a cookie's lifetime at 400 days; the CNIL's guideline is 13 months. */
const LONG_LIFETIME_DAYS = 395;
/** The most a site config can declare as a cookie's `maxAgeDays` (src/core/config.ts). */
const MAX_AGE_DAYS = 3650;
/** Registrable domains one label deeper than the last two (a short list, not the Public Suffix List). */
const TWO_LEVEL_SUFFIXES = /\.(com|net|org|gov|edu|ac|co)\.(cn|hk|tw|uk|jp|kr|au|nz|sg|in|br)$/;

/** "/^_ga_/i" (the JSON form of a RegExp in a site config) as a RegExp; any other string as itself. */
function matcher(value) {
  if (typeof value !== 'string') return undefined;
  const m = /^\/(.+)\/([a-z]*)$/.exec(value);
  if (m) {
    try {
      return new RegExp(m[1], m[2]);
    } catch {
      return undefined;
    }
  }
  return value;
}

/**
 * A service's `cookies` entries: names and "/regex/" strings, or `{ name, maxAgeDays? }` objects
 * (the name as in the string form). Returns the matchers and, index for index, the declared days
 * (`undefined` when the entry declares none; `0`: a session cookie).
 */
function cookieEntries(list) {
  const cookies = [];
  const days = [];
  for (const entry of Array.isArray(list) ? list : []) {
    const object = entry !== null && typeof entry === 'object' && !Array.isArray(entry);
    const m = matcher(object ? entry.name : entry);
    if (!m) continue;
    const d = object ? entry.maxAgeDays : undefined;
    cookies.push(m);
    days.push(typeof d === 'number' && d >= 0 && d <= MAX_AGE_DAYS ? d : undefined);
  }
  return { cookies, days };
}

const matchName = (m, name) => (typeof m === 'string' ? m === name : m.test(name));
const matchHost = (m, host) => (typeof m === 'string'
  ? host === m.toLowerCase() || host.endsWith(`.${m.toLowerCase()}`)
  : host.search(m) >= 0);

/** The site (registrable domain) of a host, approximately: enough to tell first from third party. */
export function siteOf(host) {
  if (/^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) return host;
  const labels = host.split('.');
  return labels.slice(TWO_LEVEL_SUFFIXES.test(host) ? -3 : -2).join('.');
}

const hostOf = (url) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

/** What the preferences show of each service before the choice (REQUIREMENTS 11: PIPL Art. 17, 23). */
const DISCLOSED = ['vendor', 'contact', 'purpose', 'dataTypes'];
/** A text given: a non-empty string, or a { lang: text } with one. */
const said = (text) => (typeof text === 'string' ? text.trim() !== ''
  : !!text && typeof text === 'object' && Object.values(text).some((t) => typeof t === 'string' && t.trim() !== ''));

/**
 * The page's consent setup as the audit uses it: categories (defaults merged by id, as
 * migu-consent does), services with their cookie, storage and host matchers, and the attributes.
 */
export function siteConfig(setup) {
  if (!setup?.element) return { present: false, categories: /** @type {any[]} */ ([]), errors: /** @type {string[]} */ ([]) };
  const attributes = { ...setup.attributes };
  const errors = [];
  let receiptEndpoint = attributes['receipt-endpoint'];
  const redacted = withoutCredentials(receiptEndpoint);
  if (redacted !== undefined) {
    // the page refuses it (src/runtime/receipt-endpoint.ts) and sends nothing; nor does the report show the password
    attributes['receipt-endpoint'] = redacted;
    receiptEndpoint = undefined;
    errors.push(`receipt-endpoint ${redacted} has a user name or password: migu-consent refuses it and sends no receipts; give the collector's URL without them`);
  }
  let input = {};
  if (typeof setup.config === 'string' && setup.config.trim()) {
    try {
      input = JSON.parse(setup.config);
    } catch (error) {
      errors.push(`the config is not valid JSON (${/** @type {Error} */ (error).message}); migu-consent uses its defaults`);
    }
  }
  const categories = (input.defaults === false ? ['necessary'] : DEFAULT_CATEGORIES).map((id) => ({ id, separate: false, services: /** @type {any[]} */ ([]) }));
  for (const raw of Array.isArray(input.categories) ? input.categories : []) {
    if (!raw || typeof raw.id !== 'string') continue;
    let category = categories.find((c) => c.id === raw.id);
    if (!category) categories.push(category = { id: raw.id, separate: false, services: [] });
    if (raw.separate === true && category.id !== 'necessary') category.separate = true;
    for (const s of Array.isArray(raw.services) ? raw.services : []) {
      if (!s || typeof s.id !== 'string') continue;
      const { cookies, days } = cookieEntries(s.cookies);
      category.services.push({
        id: s.id,
        name: typeof s.name === 'string' ? s.name : s.id,
        separate: s.separate === true || Boolean(s.crossBorder),
        cookies,
        cookieDays: days,
        storage: (Array.isArray(s.storage) ? s.storage : []).map(matcher).filter(Boolean),
        sessionStorage: (Array.isArray(s.sessionStorage) ? s.sessionStorage : []).map(matcher).filter(Boolean),
        indexedDB: (Array.isArray(s.indexedDB) ? s.indexedDB : []).map(matcher).filter(Boolean),
        hosts: (Array.isArray(s.hosts) ? s.hosts : []).map(matcher).filter(Boolean),
        undisclosed: DISCLOSED.filter((field) => !said(s[field])),
      });
    }
  }
  const cookieName = attributes['cookie-name'] || 'migu_consent';
  const expiresDays = Number(attributes['expires-days'] ?? 365);
  return {
    present: true,
    attributes,
    errors,
    categories,
    cookieName,
    expiresDays: Number.isFinite(expiresDays) && expiresDays > 0 ? expiresDays : 365,
    receiptEndpoint,
  };
}

/**
 * A `receipt-endpoint` with a user name or password, as it may be shown (`https://***@host/path`);
 * undefined when it has none.
 * @param {unknown} value
 */
function withoutCredentials(value) {
  if (typeof value !== 'string') return undefined;
  let url;
  try {
    url = new URL(value.trim(), 'http://page.invalid/'); // relative ones have none, but "//user@host/"
  } catch {
    return undefined;
  }
  if (!url.username && !url.password) return undefined;
  url.username = '';
  url.password = '';
  return url.href.replace('//', '//***@');
}

/**
 * The storage keys migu-consent itself writes for a consent cookie name, as `area:key` (src/storage/
 * early-cache.ts, tab-sync.ts and written-cookies.ts, src/runtime/receipts-feature.ts, handoff-feature.ts and
 * native-bridge.ts in localStorage; src/storage/signal-notice.ts and src/runtime/first-stage-loader.ts in
 * sessionStorage): a key added there belongs here.
 * @param {string} cookieName
 */
function ownStorage(cookieName) {
  return new Set([
    `local:${cookieName}.receipts`, // receipts waiting for the endpoint
    `local:${cookieName}.early`, // the script build's early config, for the next page's first stage
    `local:${cookieName}.handoffs`, // sibling-site handoffs already used
    `local:${cookieName}.cookies`, // the cookies MiguConsent.setCookie() wrote, deleted with their category
    `local:migu-consent-sync:${cookieName}`, // the tab sync where BroadcastChannel is missing
    `local:${cookieName}.app`, // the native app's choice, as the bridge last gave it (src/runtime/native-bridge.ts)
    'session:migu-consent-notice', // the signal notice, dismissed
    `session:${cookieName}_pending`, // the first banner's choice on its way, with the cookie of that name (src/runtime/first-stage-loader.ts)
  ]);
}

/** What a config says about a name: the service that declares it, and its category. */
function declaredBy(config, field, name) {
  for (const category of config.categories) {
    for (const service of category.services) {
      if (service[field].some((m) => matchName(m, name))) return { category: category.id, service: service.id };
    }
  }
  return undefined;
}

/**
 * The declared lifetime a cookie is held to: the first `cookies` entry, in config order, that
 * matches its name and declares `maxAgeDays`.
 */
function declaredLifetime(config, name) {
  for (const category of config.categories) {
    for (const service of category.services) {
      const i = service.cookies.findIndex((m, j) => service.cookieDays[j] !== undefined && matchName(m, name));
      if (i >= 0) return { category: category.id, service: service.id, entry: String(service.cookies[i]), days: service.cookieDays[i] };
    }
  }
  return undefined;
}

/**
 * How much longer than declared a cookie may be seen to live before it is a finding: the larger of
 * one day and 1% of the declared lifetime. The observed lifetime is counted from when the audit
 * first saw the cookie, so a rewrite later in the scenario adds that time; scripts compute expiries
 * by the calendar (a month is 28 to 31 days, a year 365 or 366, a daylight-saving change moves an
 * Expires date by an hour); and the consent cookie's own check allows a day too. A session cookie
 * (`maxAgeDays: 0`) has none: any expiry makes it persistent.
 */
export const lifetimeTolerance = (days) => (days === 0 ? 0 : Math.max(1, days / 100));

function declaredHost(config, host) {
  for (const category of config.categories) {
    for (const service of category.services) {
      if (service.hosts.some((m) => matchHost(m, host))) return { category: category.id, service: service.id };
    }
  }
  return undefined;
}

/** The gated markup entry a URL belongs to (exact, else same origin and path). */
function gatedFor(gated, url) {
  const strip = (u) => u.replace(/[?#].*$/, '');
  return gated.find((g) => g.urls.includes(url)) ?? gated.find((g) => g.urls.some((u) => strip(u) === strip(url)));
}

/**
 * Sets `class`, `category`, `service` (and `via`) on every recorded item of a page, in place, and
 * `tracker` ({ list, filter }) on each request a tracker list matches.
 * @param {(url: string, type: string, sourceUrl: string) => ({ list: string, filter: string } | undefined)} [matchTracker]
 */
export function classifyPage(page, config, matchTracker) {
  const gated = page.gated ?? [];
  const pageSite = siteOf(hostOf(page.finalUrl ?? page.url));
  const receipt = config.receiptEndpoint ? new URL(config.receiptEndpoint, page.finalUrl ?? page.url).href : undefined;
  const own = config.present ? ownStorage(config.cookieName) : undefined;

  const classifyUrl = (url) => {
    const g = gatedFor(gated, url);
    const host = hostOf(url);
    const declared = config.present ? declaredHost(config, host) : undefined;
    if (g) {
      const categories = g.categories.filter((c) => c !== 'necessary');
      // markup that names no service: the service of its category whose hosts hold the URL's (else
      // --suggest-config made a second service for a host the config declares)
      const service = g.service ?? (declared && categories.includes(declared.category) ? declared.service : undefined);
      return categories.length ? { class: 'declared', category: categories[0], categories, service, via: `gated <${g.tag}>` } : { class: 'necessary', via: `gated <${g.tag}>` };
    }
    if (declared) return { class: declared.category === 'necessary' ? 'necessary' : 'declared', ...declared, via: 'service hosts' };
    if (receipt && url.split('?')[0] === receipt) return { class: 'necessary', via: 'receipt-endpoint' };
    if (/\/migu-consent(\.[\w-]+)*\.js(\?|$)/.test(url)) return { class: 'necessary', via: 'migu-consent' };
    if (siteOf(host) === pageSite || /^(data|blob|about):/.test(url)) return { class: 'first-party' };
    return { class: 'undeclared' };
  };
  const nonNecessary = (c) => c && c.category && c.category !== 'necessary' && (c.class === 'declared');

  for (const s of page.scenarios) {
    for (const r of s.requests) {
      // a redirect on the page's own way in (the URL audited, moved to another site): the page's, not a host it contacted
      const hop = r.type === 'document' && r.top && r.status >= 300 && r.status < 400;
      Object.assign(r, hop ? { class: 'first-party', via: 'a redirect of the page\'s navigation' } : classifyUrl(r.url),
        { party: hop || siteOf(hostOf(r.url)) === pageSite ? 'first' : 'third' });
      // a request made by a gated (non-necessary) script belongs to that script's category
      if (r.class !== 'declared' && r.initiator?.url) {
        const by = classifyUrl(r.initiator.url);
        if (nonNecessary(by)) Object.assign(r, { class: 'declared', category: by.category, categories: by.categories, service: by.service, via: `made by ${r.initiator.url}` });
      }
      // the lists judge every request but migu-consent's own and the audited page's document
      const ours = r.class === 'necessary' && (r.via === 'migu-consent' || r.via === 'receipt-endpoint');
      const thePage = hop || (r.type === 'document' && r.navigation && (r.url === page.url || r.url === page.finalUrl));
      if (matchTracker && !ours && !thePage) {
        const tracker = matchTracker(r.url, requestType(r), /^https?:/.test(r.frame ?? '') ? r.frame : (page.finalUrl ?? page.url));
        if (tracker) r.tracker = tracker;
      }
    }
    for (const c of s.cookies) {
      c.party = siteOf(c.domain) === pageSite ? 'first' : 'third';
      if (config.present && c.name === config.cookieName) Object.assign(c, { class: 'necessary', via: 'the consent record' });
      // a first-banner choice kept for the next page when the page was left before the runtime came (first-stage-loader.ts)
      else if (config.present && c.name === `${config.cookieName}_pending`) Object.assign(c, { class: 'necessary', via: 'the consent record, pending' });
      else {
        const d = config.present ? declaredBy(config, 'cookies', c.name) : undefined;
        if (d) Object.assign(c, { class: d.category === 'necessary' ? 'necessary' : 'declared', ...d });
        else Object.assign(c, { class: 'undeclared' });
      }
      if (c.class === 'undeclared') inherit(c, c.setBy, classifyUrl);
    }
    for (const item of s.storage) {
      if (own?.has(`${item.area}:${item.key}`)) Object.assign(item, { class: 'necessary', via: 'migu-consent' });
      else {
        // as the runtime deletes them: `storage` names localStorage keys, `sessionStorage` the tab's
        const d = config.present ? declaredBy(config, item.area === 'session' ? 'sessionStorage' : 'storage', item.key) : undefined;
        if (d) Object.assign(item, { class: d.category === 'necessary' ? 'necessary' : 'declared', ...d });
        else Object.assign(item, { class: 'undeclared' });
      }
      item.party = siteOf(hostOf(item.origin)) === pageSite ? 'first' : 'third';
      if (item.class === 'undeclared') inherit(item, item.setBy, classifyUrl);
    }
    for (const db of s.indexedDB) {
      const d = config.present ? declaredBy(config, 'indexedDB', db.name) : undefined;
      Object.assign(db, d ? { class: d.category === 'necessary' ? 'necessary' : 'declared', ...d } : { class: 'undeclared' });
      db.party = siteOf(hostOf(db.origin)) === pageSite ? 'first' : 'third';
      if (db.class === 'undeclared' && db.openedBy) inherit(db, db.openedBy, classifyUrl);
    }
  }
}

/** An undeclared item written by a non-necessary script or response takes that category (marked `via`). */
function inherit(item, by, classifyUrl) {
  if (!by?.url) return;
  const c = classifyUrl(by.url);
  if (c.class === 'declared' && c.category && c.category !== 'necessary') Object.assign(item, { category: c.category, categories: c.categories, service: c.service, via: `set by ${by.url}` });
}

/** What the scenario's user had granted in each phase: `undefined` when unknown (no config). */
function grantsFor(scenario, config) {
  const all = config.categories.filter((c) => c.id !== 'necessary');
  const accepted = () => ({
    categories: new Set(all.filter((c) => !c.separate).map((c) => c.id)),
    refusedServices: new Set(all.flatMap((c) => c.services.filter((s) => s.separate).map((s) => s.id))),
  });
  const none = () => ({ categories: new Set(), refusedServices: new Set() });
  const byPhase = new Map();
  let current = none();
  for (const p of scenario.phases) {
    if (p.name === 'after-accept') current = accepted();
    else if (p.name === 'after-reject' || p.name === 'before' || p.name === 'no-choice' || p.name === 'signals') current = none();
    else if (p.name === 'after-withdraw') {
      current = { categories: new Set([...current.categories].filter((c) => c !== p.category)), refusedServices: current.refusedServices };
    }
    byPhase.set(p.category ? `${p.name}:${p.category}` : p.name, current);
  }
  return byPhase;
}

/** Phases in which nothing but necessary is granted, whatever the config (also on pages without one). */
const NOTHING_GRANTED = new Set(['no-choice', 'before', 'signals', 'after-reject']);

const RULE_OF_PHASE = {
  'no-choice': ['before-consent', 'before any choice'],
  before: ['before-consent', 'before any choice'],
  signals: ['with-signals', 'with DNT and GPC on, no choice'],
  'after-reject': ['after-refusal', 'after "reject all"'],
  'after-withdraw': ['after-withdrawal', 'after its category was withdrawn'],
  'after-accept': ['without-separate-consent', 'after "accept all", which does not grant a separate-consent category or service'],
  returning: ['without-separate-consent', 'on the returning visit, without its separate consent'],
};

/**
 * The findings of one page: violations, warnings and infos, each naming the item, the scenario and
 * phase it was seen in, its time relative to the decision and who made it.
 */
export function findingsFor(page, config) {
  const findings = new Map();
  const add = (f) => {
    const key = [f.rule, f.kind, f.name, f.domain ?? '', f.category ?? ''].join('\u0000');
    const known = findings.get(key);
    if (known) {
      if (!known.scenarios.includes(f.scenario)) known.scenarios.push(f.scenario);
      return;
    }
    findings.set(key, { ...f, scenarios: [f.scenario] });
  };
  const granted = (grants, item) => {
    const categories = item.categories ?? [item.category];
    return categories.every((c) => grants.categories.has(c)) && !(item.service && grants.refusedServices.has(item.service));
  };
  const nonNecessary = (item) => item.category && item.category !== 'necessary';
  const noConfig = !config.present;

  for (const s of page.scenarios) {
    const grants = config.present ? grantsFor(s, config) : new Map();
    /** Whether nothing but necessary was granted in `phase` (known from the config, else from the phase alone). */
    const nothingGranted = (phase) => {
      const g = grants.get(phase);
      return g ? g.categories.size === 0 : NOTHING_GRANTED.has(phase.split(':')[0]);
    };
    const check = (kind, item, name, events, extra = {}) => {
      if (!nonNecessary(item)) return;
      for (const e of events) {
        const g = grants.get(e.phase);
        if (!g || granted(g, item)) continue;
        const [rule, when] = RULE_OF_PHASE[e.phase.split(':')[0]] ?? ['not-granted', `in phase ${e.phase}`];
        const withdrawn = e.phase.startsWith('after-withdraw:') && !(item.categories ?? [item.category]).includes(e.phase.slice('after-withdraw:'.length));
        add({
          severity: 'violation', rule, kind, name, ...extra, category: item.category, service: item.service,
          scenario: s.scenario, phase: e.phase, t: e.t, by: e.by?.url ?? e.initiator?.url,
          message: `${kind} ${name} (${item.category}${item.service ? ` / ${item.service}` : ''}${item.via ? `, ${item.via}` : ''}) ${withdrawn ? `while ${item.category} was not granted` : when}${extra.tracker ? `; it is a known tracker (${trackerText(extra.tracker)})` : ''}`,
        });
        break;
      }
    };
    for (const r of s.requests) {
      check('request', r, r.url, [r], { type: r.kind, ...(r.tracker ? { tracker: r.tracker } : {}) });
      // a listed tracker the config does not put in a consent category: the list alone says it needs consent
      if (!r.tracker || nonNecessary(r)) continue;
      const base = r.phase.split(':')[0];
      const nothing = nothingGranted(r.phase);
      const necessary = r.class === 'necessary';
      const what = `known tracker ${r.url} (${trackerText(r.tracker)}; ${necessary ? `declared necessary${r.service ? ` by ${r.service}` : ''}` : 'no service declares it'})`;
      const at = { kind: 'request', name: r.url, type: r.kind, tracker: r.tracker, service: r.service, scenario: s.scenario, phase: r.phase, t: r.t, by: r.initiator?.url };
      if (nothing && !necessary) {
        const [rule, when] = RULE_OF_PHASE[base] ?? ['not-granted', `in phase ${r.phase}`];
        add({ severity: 'violation', rule, ...at, message: `${what} ${base === 'after-withdraw' ? 'after every category was withdrawn' : when}` });
      } else {
        add({
          severity: noConfig && !necessary ? 'info' : 'warning', rule: necessary ? 'tracker-necessary' : 'undeclared-tracker', ...at,
          message: necessary ? `${what}: check that the service needs it to work` : `${what}: no choice controls it; declare it in a service's hosts, or gate it`,
        });
      }
    }
    for (const c of s.cookies) {
      const writes = c.writes.filter((w) => !w.deletion);
      check('cookie', c, c.name, writes.length ? writes : [c.firstSeen], { domain: c.domain });
      // a third party's cookie no service declares, set while nothing was granted: none says it is necessary, and a
      // third party's cookie before a choice is what tracking is made of (CLI probe F3: a forgotten pixel passed)
      if (c.class !== 'undeclared' || nonNecessary(c) || c.party !== 'third') continue;
      const e = (writes.length ? writes : [c.firstSeen]).find((w) => nothingGranted(w.phase));
      if (!e) continue;
      const base = e.phase.split(':')[0];
      const [rule, when] = RULE_OF_PHASE[base] ?? ['not-granted', `in phase ${e.phase}`];
      add({
        severity: 'violation', rule, kind: 'cookie', name: c.name, domain: c.domain, scenario: s.scenario, phase: e.phase, t: e.t, by: e.by?.url ?? c.setBy.url,
        message: `third-party cookie ${c.name} on ${c.domain}, which no service declares, ${base === 'after-withdraw' ? 'after every category was withdrawn' : when}`,
      });
    }
    for (const item of s.storage) check('storage', item, item.key, item.writes.length ? item.writes : [item.firstSeen], { area: item.area, origin: item.origin });
    for (const db of s.indexedDB) check('indexeddb', db, db.name, [db.firstSeen], { origin: db.origin });

    // withdrawal: what the withdrawn category left behind
    for (const p of s.phases.filter((ph) => ph.name === 'after-withdraw')) {
      const label = `after-withdraw:${p.category}`;
      for (const c of s.cookies) {
        if (c.category !== p.category || c.class !== 'declared' || !c.presentAt.includes(label)) continue;
        add({
          severity: 'warning', rule: 'not-deleted', kind: 'cookie', name: c.name, domain: c.domain, category: c.category, service: c.service,
          scenario: s.scenario, phase: label,
          message: `cookie ${c.name} (${c.category}) is still there after ${p.category} was withdrawn${c.httpOnly ? ' (HttpOnly: only its server can delete it)' : ''}`,
        });
      }
    }

    for (const c of s.cookies) {
      if (c.class === 'undeclared') {
        add({
          severity: noConfig ? 'info' : 'warning', rule: 'undeclared-cookie', kind: 'cookie', name: c.name, domain: c.domain,
          scenario: s.scenario, phase: c.firstSeen.phase, t: c.firstSeen.t, by: c.setBy.url,
          message: `cookie ${c.name} on ${c.domain} is not declared by any service${c.setBy.url ? ` (set by ${c.setBy.kind === 'response' ? 'the response of' : 'a script,'} ${c.setBy.url})` : ''}`,
        });
      }
      const declared = config.present && c.name !== config.cookieName ? declaredLifetime(config, c.name) : undefined;
      // a session cookie (no expiry) ends before any declared lifetime; a cookie declared a session one may have none
      const persistent = c.expires !== null && c.expires !== undefined;
      if (declared && persistent && (declared.days === 0 || c.lifetimeDays > declared.days + lifetimeTolerance(declared.days))) {
        const days = (n) => `${n} day${n === 1 ? '' : 's'}`;
        add({
          severity: 'warning', rule: 'longer-than-declared', kind: 'cookie', name: c.name, domain: c.domain, category: declared.category, service: declared.service,
          declaredDays: declared.days, observedDays: c.lifetimeDays, entry: declared.entry,
          scenario: s.scenario, phase: c.firstSeen.phase, t: c.firstSeen.t, by: c.setBy.url,
          message: declared.days === 0
            ? `cookie ${c.name} lives ${days(c.lifetimeDays)}, but ${declared.service} declares it a session cookie (${declared.entry}, maxAgeDays 0)`
            : `cookie ${c.name} lives ${days(c.lifetimeDays)}, longer than the ${days(declared.days)} ${declared.service} declares (${declared.entry}, maxAgeDays ${declared.days}; up to ${days(lifetimeTolerance(declared.days))} more is allowed)`,
        });
      }
      if (config.present && c.name === config.cookieName && c.lifetimeDays > config.expiresDays + 1) {
        add({ severity: 'warning', rule: 'lifetime', kind: 'cookie', name: c.name, domain: c.domain, scenario: s.scenario, phase: c.firstSeen.phase, message: `the consent cookie lives ${c.lifetimeDays} days, longer than expires-days (${config.expiresDays})` });
      } else if (c.lifetimeDays > LONG_LIFETIME_DAYS) {
        add({ severity: 'info', rule: 'lifetime', kind: 'cookie', name: c.name, domain: c.domain, scenario: s.scenario, phase: c.firstSeen.phase, message: `cookie ${c.name} lives ${c.lifetimeDays} days, longer than 13 months` });
      }
    }
    for (const item of s.storage) {
      if (item.class !== 'undeclared') continue;
      add({
        severity: noConfig ? 'info' : 'warning', rule: 'undeclared-storage', kind: 'storage', name: item.key, area: item.area, origin: item.origin,
        scenario: s.scenario, phase: item.firstSeen.phase, t: item.firstSeen.t, by: item.setBy.url,
        message: `${item.area}Storage key ${item.key} (${item.origin}) is not declared by any service`,
      });
    }
    for (const db of s.indexedDB) {
      if (db.class !== 'undeclared') continue;
      add({
        severity: noConfig ? 'info' : 'warning', rule: 'undeclared-storage', kind: 'indexeddb', name: db.name, origin: db.origin,
        scenario: s.scenario, phase: db.firstSeen.phase, t: db.firstSeen.t,
        message: `IndexedDB database ${db.name} (${db.origin}) is not declared by any service (\`indexedDB\`)`,
      });
    }
    for (const r of s.requests) {
      if (r.class !== 'undeclared' || r.party !== 'third') continue;
      const host = hostOf(r.url);
      const early = ['no-choice', 'before', 'signals'].includes(r.phase);
      add({
        severity: noConfig && !early ? 'info' : 'warning', rule: 'undeclared-host', kind: 'host', name: host,
        scenario: s.scenario, phase: r.phase, t: r.t, by: r.initiator?.url, example: r.url,
        message: `third-party host ${host} is not declared in any service's hosts${noConfig && early ? ' and was contacted before any choice' : ''} (first: ${r.kind} ${r.url})`,
      });
    }
    if (s.bannerShownAgain === true) {
      add({ severity: 'warning', rule: 'banner-again', kind: 'page', name: page.url, scenario: s.scenario, phase: 'returning', message: 'the banner asks a returning visitor again, although a choice was stored' });
    }
  }

  // declared but never seen, when some scenario accepted everything (else nothing declared could appear)
  if (config.present && page.scenarios.some((s) => s.phases.some((p) => p.name === 'after-accept'))) {
    const seen = { cookies: new Set(), storage: new Set(), sessionStorage: new Set(), indexedDB: new Set(), hosts: new Set() };
    for (const s of page.scenarios) {
      for (const c of s.cookies) seen.cookies.add(c.name);
      for (const i of s.storage) seen[i.area === 'session' ? 'sessionStorage' : 'storage'].add(i.key);
      for (const db of s.indexedDB) seen.indexedDB.add(db.name);
      for (const r of s.requests) seen.hosts.add(hostOf(r.url));
    }
    for (const category of config.categories) {
      for (const service of category.services) {
        for (const [field, kind, label] of [['cookies', 'cookie', 'cookies'], ['storage', 'storage', 'storage'], ['sessionStorage', 'storage', 'sessionStorage'], ['indexedDB', 'indexeddb', 'indexedDB'], ['hosts', 'host', 'hosts']]) {
          for (const m of service[field]) {
            const hit = [...seen[label]].some((name) => (field === 'hosts' ? matchHost(m, name) : matchName(m, name)));
            if (hit) continue;
            add({
              severity: 'info', rule: 'declared-not-seen', kind, name: String(m), category: category.id, service: service.id, scenario: 'all',
              message: `${kind} ${String(m)} declared by ${service.id} (${category.id}) was never seen (it may need an interaction or another page)`,
            });
          }
        }
      }
    }
  }
  // a gate's template written with live URLs: Firefox requests them as it parses the page, before any choice
  for (const g of page.gated ?? []) {
    if (g.tag !== 'migu-consent-gate' || !g.categories.some((c) => c !== 'necessary')) continue;
    for (const what of g.ahead ?? []) {
      add({
        severity: 'violation', rule: 'template-ahead', kind: 'markup', name: what, category: g.categories[0], service: g.service, scenario: 'all',
        message: `${what} in a <migu-consent-gate category="${g.categories.join(' ')}"> template: Firefox's parser requests it before any choice (Chromium does not, so no scenario saw it); write it in its gated form (data-src, data-srcset, data-poster)`,
      });
    }
  }
  for (const error of config.errors ?? []) add({ severity: 'warning', rule: 'config', kind: 'config', name: 'config', scenario: 'all', message: error });
  // CNIL: a choice holds 13 months at most before it is asked again (REQUIREMENTS 14); the element allows up to 3650 days
  if (config.present && config.expiresDays > LONG_LIFETIME_DAYS) {
    add({
      severity: 'warning', rule: 'lifetime', kind: 'config', name: 'expires-days', scenario: 'all',
      message: `expires-days="${config.expiresDays}" asks a visitor again only after ${config.expiresDays} days: the CNIL's guideline is 13 months (${LONG_LIFETIME_DAYS} days) at most`,
    });
  }
  for (const category of config.categories) {
    for (const service of category.services) {
      if (!service.undisclosed?.length) continue;
      add({
        severity: 'warning', rule: 'undisclosed-service', kind: 'service', name: service.id, category: category.id, service: service.id, scenario: 'all',
        missing: service.undisclosed,
        message: `service ${service.id} (${category.id}) does not give its ${service.undisclosed.join(', ')}: the preferences show each service's vendor, contact, purpose and data types before the choice (PIPL Art. 17)`,
      });
    }
  }

  const order = (f) => SEVERITIES.indexOf(f.severity);
  return [...findings.values()].sort((a, b) => order(a) - order(b) || a.rule.localeCompare(b.rule) || a.name.localeCompare(b.name));
}

/** A list match in words: the filter's own line and its list. */
function trackerText(tracker) {
  return `"${tracker.filter}" in ${tracker.list}`;
}

/** The category a service goes under when nothing seen tells its purpose: the one that asks the most of a visitor. */
const DEFAULT_CHOICE = 'marketing';
/** How strongly a service holds a host: the page's config declares it there; its markup requested it; its script did. */
const HOLD = { declared: 3, direct: 2, 'made-by': 1 };

/**
 * A services skeleton, as a site config, from what was seen (--suggest-config): `config` is valid as it is
 * (migu-consent's own validator accepts it: each id once, every name a string it takes, no placeholder),
 * and `notes` say what a person should decide (a category chosen for them, a host only one service kept).
 * Hosts are the ones requested, exactly: a service's hosts also gate their subdomains (the host guard blocks
 * requests to them until the service is granted), so a registrable domain would hold back other services'
 * hosts under it. Each host and each cookie or storage name is in one service; the page's own services
 * keep their id and category and get only what the config or the markup gave them, or their scripts did.
 */
export function suggestConfig(page, config) {
  const notes = [];
  const categoryIds = config.present && config.categories.length ? config.categories.map((c) => c.id) : DEFAULT_CATEGORIES;
  const valid = (id) => typeof id === 'string' && ID.test(id);
  /** The page's services (each id once, the first in config order), under a category the validator takes. */
  const declared = new Map();
  if (config.present) {
    for (const c of config.categories) {
      for (const s of c.services) {
        if (declared.has(s.id) || c.id === 'necessary' || !valid(s.id) || !valid(c.id)) continue;
        declared.set(s.id, { category: c.id, name: s.name, separate: s.separate, hosts: s.hosts });
      }
    }
  }
  const taken = new Set([...DEFAULT_CATEGORIES, ...categoryIds, ...declared.keys()]);
  const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').replace(/^(?![a-z])/, 's-').slice(0, 40);
  /** A new service's id for a name: its slug, numbered when that is taken (ids and category ids share one namespace). */
  const idOf = new Map();
  const newId = (name) => {
    if (!idOf.has(name)) {
      const base = slug(name);
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 40 - String(n).length - 1)}-${n}`;
      taken.add(id);
      idOf.set(name, id);
    }
    return idOf.get(name);
  };

  const services = new Map();
  const serviceFor = (id, name, own) => {
    if (!services.has(id)) {
      services.set(id, {
        id, name, own, categories: new Set(),
        cookies: new Map(), storage: new Set(), sessionStorage: new Set(), indexedDB: new Set(), hosts: new Map(),
      });
    }
    return services.get(id);
  };
  const place = (item, fallbackName) => {
    if (item.class === 'necessary' || item.class === 'first-party') return undefined;
    if (item.service && declared.has(item.service)) return serviceFor(item.service, declared.get(item.service).name, declared.get(item.service));
    const name = fallbackName || 'unknown';
    const service = serviceFor(newId(name), name, undefined);
    // a category of the page's (markup can name one its config lacks, or a service's id)
    if (item.category && item.category !== 'necessary' && valid(item.category) && categoryIds.includes(item.category)) service.categories.add(item.category);
    return service;
  };
  for (const s of page.scenarios) {
    for (const c of s.cookies) {
      const cookies = place(c, hostOf(c.setBy?.url ?? '') || c.domain)?.cookies;
      if (!cookies) continue;
      // the longest lifetime seen (as reported, to 0.1 day), in whole days rounded up, at least 1; 0 when only
      // seen as a session cookie; unknown (null) when it was written and gone before any snapshot
      const seen = !c.presentAt.length ? null : c.lifetimeDays === undefined ? 0 : Math.min(MAX_AGE_DAYS, Math.max(1, Math.ceil(c.lifetimeDays)));
      const known = cookies.get(c.name);
      cookies.set(c.name, known === undefined ? seen : seen === null ? known : Math.max(known ?? 0, seen));
    }
    for (const i of s.storage) place(i, hostOf(i.setBy?.url ?? '') || hostOf(i.origin))?.[i.area === 'session' ? 'sessionStorage' : 'storage'].add(i.key);
    for (const db of s.indexedDB ?? []) place(db, hostOf(db.origin))?.indexedDB.add(db.name);
    for (const r of s.requests) {
      if (r.party !== 'third') continue;
      const host = hostOf(r.url);
      const service = host ? place(r, host) : undefined;
      if (!service) continue;
      const hold = service.own?.hosts.some((m) => matchHost(m, host)) ? HOLD.declared : r.via?.startsWith('made by') ? HOLD['made-by'] : HOLD.direct;
      service.hosts.set(host, Math.max(service.hosts.get(host) ?? 0, hold));
    }
  }

  // each new service under one category: the one it was seen under, the last in the page's order (the one that asks
  // the most) when the markup gated it under several, or the default choice when nothing showed its purpose
  const rank = (id) => (categoryIds.includes(id) ? categoryIds.indexOf(id) : categoryIds.length);
  const others = categoryIds.filter((id) => id !== 'necessary' && id !== DEFAULT_CHOICE);
  for (const service of services.values()) {
    if (service.own) {
      service.category = service.own.category;
      continue;
    }
    const seen = [...service.categories].sort((a, b) => rank(a) - rank(b));
    service.category = seen.at(-1) ?? DEFAULT_CHOICE;
    if (seen.length > 1) {
      notes.push(`${service.id} (${service.name}) is under ${service.category}, the last of the categories it was seen under (${seen.join(', ')}): the page gates it under each, but a service has one category, and its hosts wait for that one`);
    } else if (!seen.length) {
      notes.push(`${service.id} (${service.name}) is under ${DEFAULT_CHOICE}: nothing seen tells its purpose; move it to ${[...others, 'necessary'].join(', ').replace(/, (?=[^,]*$)/, ' or ')} if that is what it does`);
    }
  }

  // a host in one service: requests to it wait for every service that lists it (or a parent of it)
  const holders = new Map();
  for (const service of services.values()) {
    for (const [host, hold] of service.hosts) {
      if (!holders.has(host)) holders.set(host, []);
      holders.get(host).push({ service, hold });
    }
  }
  for (const [host, list] of holders) {
    if (list.length < 2) continue;
    const keeper = list.reduce((best, h) => (h.hold > best.hold || (h.hold === best.hold && h.service.own && !best.service.own) ? h : best));
    for (const h of list) if (h !== keeper) h.service.hosts.delete(host);
    const why = keeper.hold === HOLD.declared ? 'the page\'s config declares it there' : keeper.hold === HOLD.direct ? 'it requested it itself' : 'its script requested it';
    const also = list.filter((h) => h !== keeper).map((h) => h.service.id);
    notes.push(`${host} is in ${keeper.service.id} only (${why}); ${also.join(', ')} requested it too: ${also.length === 1 ? 'its' : 'their'} requests to it wait for ${keeper.service.id} to be granted as well`);
  }
  // a host that is a parent of another service's host would gate that one too: then it is matched exactly
  const exactly = new Map();
  for (const [host, list] of holders) {
    const holder = list.find((h) => h.service.hosts.has(host))?.service;
    const under = [...holders.keys()].filter((other) => other.endsWith(`.${host}`) && !holder?.hosts.has(other));
    if (!holder || !under.length) continue;
    const pattern = `/^${escapeRegExp(host)}$/`;
    exactly.set(host, pattern);
    notes.push(`${holder.id} lists ${pattern} rather than ${host}, which would also hold back ${under.join(', ')} (${under.length === 1 ? 'another service\'s host' : 'other services\' hosts'})`);
  }
  // several hosts of one site: each is listed as requested; say when the site would do
  const bySite = new Map();
  for (const service of services.values()) {
    for (const host of service.hosts.keys()) {
      const site = siteOf(host);
      if (!bySite.has(site)) bySite.set(site, []);
      bySite.get(site).push({ host, service });
    }
  }
  for (const [site, list] of bySite) {
    if (list.length < 2) continue;
    const owners = new Set(list.map((h) => h.service));
    notes.push(owners.size === 1
      ? `${list[0].service.id} requested ${list.map((h) => h.host).join(', ')}, all of the site ${site}: "${site}" would cover these and its other subdomains`
      : `${list.map((h) => `${h.host} (${h.service.id})`).join(', ')} share the site ${site}: each service lists the hosts it requested; "${site}" in one of them would hold back the others' requests until it is granted`);
  }

  /** A name as the config takes it: a string that reads as "/re/" is matched exactly; one it cannot hold is left out. */
  const entry = (service, field, name) => {
    // IndexedDB names are never patterns; cookie and storage names that read as one (or are empty) become one
    if (field !== 'indexedDB' && (name === '' || /^\/.+\/[a-z]*$/.test(name))) {
      const pattern = `/^${escapeRegExp(name)}$/`;
      if (pattern.length - 2 <= MAX_PATTERN) return pattern;
    } else if (name !== '' && name.length <= MAX_TEXT) return name;
    notes.push(`${service.id}: ${field} ${plainName(name)} is left out: a config cannot name it`);
    return undefined;
  };
  // each cookie or storage name in one service: the first to have it
  const named = new Map();
  const names = (service, field, list) => list.filter((name) => {
    const key = `${field}\n${name}`;
    const first = named.get(key);
    if (first === undefined) named.set(key, service.id);
    else notes.push(`${field} ${plainName(name)} is in ${first} only; ${service.id} had it too`);
    return first === undefined;
  });

  const categories = [];
  const order = [...categoryIds, ...new Set([...services.values()].map((s) => s.category))];
  for (const id of new Set(order)) {
    const out = [];
    for (const s of [...services.values()].filter((service) => service.category === id)) {
      const cookies = names(s, 'cookies', [...s.cookies.keys()].sort()).flatMap((name) => {
        const n = entry(s, 'cookies', name);
        const days = s.cookies.get(name);
        return n === undefined ? [] : [days === null ? n : { name: n, maxAgeDays: days }];
      });
      const entries = (field) => names(s, field, [...s[field]].sort()).map((name) => entry(s, field, name)).filter((n) => n !== undefined);
      const storage = entries('storage');
      const sessionStorage = entries('sessionStorage');
      const indexedDB = entries('indexedDB');
      const hosts = [...s.hosts.keys()].sort().map((host) => exactly.get(host) ?? host);
      if (!s.own && !cookies.length && !storage.length && !sessionStorage.length && !indexedDB.length && !hosts.length) {
        notes.push(`${s.id} (${s.name}) is left out: what was seen of it is in another service`);
        continue;
      }
      const name = typeof s.name === 'string' && s.name.trim() && s.name.length <= MAX_TEXT ? s.name : s.id;
      out.push({
        id: s.id, name,
        ...(s.own?.separate ? { separate: true } : {}),
        ...(cookies.length ? { cookies } : {}),
        ...(storage.length ? { storage } : {}),
        ...(sessionStorage.length ? { sessionStorage } : {}),
        ...(indexedDB.length ? { indexedDB } : {}),
        ...(hosts.length ? { hosts } : {}),
      });
    }
    if (!out.length) continue;
    const separate = config.present && config.categories.find((c) => c.id === id)?.separate;
    categories.push({ id, ...(separate ? { separate: true } : {}), services: out });
  }
  const own = categories.flatMap((c) => c.services.filter((s) => declared.has(s.id)).map((s) => s.id));
  if (own.length) notes.push(`${own.join(', ')}: the page's own, with only what was seen of ${own.length === 1 ? 'it' : 'them'}: keep the vendor, contact, purpose, dataTypes and the rest your config gives ${own.length === 1 ? 'it' : 'them'}`);
  // what migu-consent itself says of it: nothing, unless this skeleton missed a rule
  const checked = resolveConfig({ categories });
  for (const problem of [...checked.errors, ...checked.warnings ?? []]) notes.push(`migu-consent's validator says: ${problem}; fix it before pasting`);
  return { config: { categories }, notes };
}

/**
 * A suggested config as the JSON to paste into `<script type="application/json">`: "<" (which could end the element
 * or open a comment there), ">", "&", and characters a terminal or an editor shows wrongly (controls, bidi
 * overrides, line separators) are written as \u escapes, which JSON reads back as they were.
 */
export function configJson(config) {
  return JSON.stringify(config, null, 2).replace(/[<>&\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A text matched literally in a RegExp, "/" included (a config's "/re/" string). */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A cookie or storage name for a note: quoted, shortened. */
function plainName(name) {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 59)}…` : name);
}
