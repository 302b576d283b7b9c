// The audit's engine: loads a page in Chromium through the consent scenarios, each in a fresh
// browser context, and records what the page stores and sends, with the time of each item and the
// phase (before or after which decision) it fell in. It only records: classification and findings
// are classify.mjs's.
import { FETCHED_AHEAD } from '../../dist/gating/template-ahead.js';

/** The scenarios, in the order they run. `banner`: needs a consent banner to click (or the API). */
export const SCENARIOS = {
  'first-visit': { banner: false, summary: 'first visit, no interaction' },
  signals: { banner: false, summary: 'DNT and GPC on, no interaction' },
  reject: { banner: true, summary: 'reject all through the banner' },
  accept: { banner: true, summary: 'accept all through the banner' },
  withdraw: { banner: true, summary: 'accept all, then withdraw each category in turn' },
  returning: { banner: true, summary: 'accept all, then load the page again' },
};

/** The page's own banner buttons (open shadow roots are pierced by Playwright's CSS engine). */
const MIGU = {
  banner: 'migu-consent [part~="banner"]',
  accept: 'migu-consent [part~="banner"] [part~="accept-all"], migu-consent [part~="accept-all"]',
  reject: 'migu-consent [part~="banner"] [part~="reject-all"], migu-consent [part~="reject-all"]',
};

const BINDING = '__miguConsentAudit';
/** migu-consent's own browser files: never the author of what a tracker does through its wrappers. */
const OWN_FILE = /\/migu-consent\.[\w.-]+\.js(?:[?#]|$)/;

/**
 * Runs in every frame before the page's scripts: reports cookie writes through `document.cookie`,
 * storage writes, IndexedDB opens and beacons, each with the script that did it (from the stack).
 * Values are never reported, only names and attributes.
 */
function instrument(binding) {
  const now = Date.now.bind(Date);
  const frame = location.href;
  const report = (message) => {
    try {
      const send = /** @type {any} */ (window)[binding];
      if (typeof send === 'function') void send({ ...message, at: now(), frame, origin });
    } catch { /* the page's problem, never ours */ }
  };
  // an about:srcdoc or about:blank frame's URL has no host, so location.origin is "null"; its origin
  // (and cookie jar) is its parent's, which self.origin gives
  const origin = self.origin;
  const caller = () => {
    const urls = (String(new Error().stack ?? '').match(/(?:https?|file):\/\/[^\s)]+/g) ?? []).map((u) => u.replace(/(:\d+){1,2}$/, ''));
    // migu-consent's guard wraps what trackers call (sendBeacon, the cookie setter): the writer is the
    // first script under it; migu-consent itself only when nothing else is on the stack (its own cookie)
    // (inline: this function runs in the page, where OWN_FILE is not; our files are asked for as `?v=<build>`)
    return urls.find((u) => !/\/migu-consent\.[\w.-]+\.js(?:[?#]|$)/.test(u)) ?? urls[0];
  };
  // An inline gated script (`<script type="text/plain" data-consent>` with a body) has the page's URL on the stack,
  // as every inline script: named with a sourceURL while inert, before migu-consent activates it (observers run in
  // the order they were made, this one first), its writes and requests are told apart and take its category.
  let inline = 0;
  const nameInline = (el) => {
    for (const s of [el, ...el.querySelectorAll('script')]) {
      if (s.localName !== 'script' || !s.hasAttribute('data-consent') || s.hasAttribute('src') || s.hasAttribute('data-audit-source')) continue;
      if (s.type.trim().toLowerCase() !== 'text/plain') continue;
      const url = `${origin}/[gated-inline-script-${++inline}]`;
      s.setAttribute('data-audit-source', url);
      s.text += `\n//# sourceURL=${url}`;
    }
  };
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) nameInline(/** @type {Element} */ (n));
  }).observe(document, { childList: true, subtree: true });
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie?.set && cookie.get) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable,
      get() { return /** @type {() => string} */ (cookie.get).call(this); },
      set(value) {
        /** @type {(v: string) => void} */ (cookie.set).call(this, value);
        const text = String(value);
        const eq = text.indexOf('=');
        const semi = text.indexOf(';');
        const name = (eq >= 0 && (semi < 0 || eq < semi) ? text.slice(0, eq) : '').trim();
        report({ type: 'cookie', name, attributes: semi >= 0 ? text.slice(semi + 1).slice(0, 500) : '', script: caller() });
      },
    });
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const result = setItem.call(this, key, value);
    let area = 'session';
    try { if (this === window.localStorage) area = 'local'; } catch { /* blocked storage */ }
    report({ type: 'storage', area, key: String(key), script: caller() });
    return result;
  };
  if (typeof IDBFactory !== 'undefined') {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (name, ...rest) {
      report({ type: 'indexeddb', name: String(name), script: caller() });
      return open.call(this, name, ...rest);
    };
  }
  if (typeof Navigator !== 'undefined' && typeof Navigator.prototype.sendBeacon === 'function') {
    const beacon = Navigator.prototype.sendBeacon;
    Navigator.prototype.sendBeacon = function (url, data) {
      const sent = beacon.call(this, url, data);
      let href = String(url);
      try { href = new URL(href, document.baseURI).href; } catch { /* as given */ }
      report({ type: 'beacon', url: href, sent, script: caller() });
      return sent;
    };
  }
}

/** Signals on, as e2e/support.mjs's withSignals: the headers and the navigator properties. */
function signalsScript() {
  Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' });
  Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });
}

/** An error of a page that cannot be audited: its message is for the terminal. */
export class PageError extends Error {
  /** @param {string} message @param {number} [loadMs] how long the failed load took */
  constructor(message, loadMs) {
    super(message);
    this.name = 'PageError';
    this.loadMs = loadMs;
  }
}

/** Rejects after `ms` with `message`, so that nothing the page does can hang the audit. */
function within(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => { reject(new Error(message)); }, ms); }),
  ]).finally(() => { clearTimeout(timer); });
}

const delay = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** A navigation error in a sentence. */
export function describeLoadError(error, timeout) {
  const text = String(error?.message ?? error);
  const net = /net::(ERR_[A-Z_]+)/.exec(text)?.[1];
  if (net === 'ERR_CONNECTION_REFUSED') return 'connection refused (nothing listens on that port)';
  if (net === 'ERR_NAME_NOT_RESOLVED') return 'host not found (DNS)';
  if (net === 'ERR_TOO_MANY_REDIRECTS') return 'redirect loop (too many redirects)';
  if (net === 'ERR_ADDRESS_UNREACHABLE' || net === 'ERR_INTERNET_DISCONNECTED' || net === 'ERR_CONNECTION_TIMED_OUT') return `host unreachable (${net})`;
  if (net && /SSL|CERT|TLS/.test(net)) return `TLS error (${net})`;
  // Chromium's name for an HTTP error status (4xx, 5xx) that came with an empty body
  if (net === 'ERR_HTTP_RESPONSE_CODE_FAILURE') return `HTTP error status with an empty page (${net})`;
  if (net) return `load failed (${net})`;
  if (error?.name === 'TimeoutError' || /Timeout \d+ms exceeded/.test(text)) return `did not finish loading within ${timeout} ms`;
  return text.split('\n')[0];
}

/**
 * Follows every request of a context so that the audit can wait for the page to settle: loaded,
 * nothing in flight, then idle (requestIdleCallback). Never `networkidle`. Bounded by `timeout`:
 * a page that keeps a request open is noted, not waited for.
 */
function followRequests(context) {
  const pending = new Set();
  let waiters = [];
  const finished = (request) => {
    pending.delete(request);
    if (pending.size > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  context.on('request', (request) => { pending.add(request); });
  context.on('requestfinished', finished);
  context.on('requestfailed', finished);
  // Chromium reads a fetch's body only when the page does: one the page leaves unread (a receipt
  // POST that checks only the status) never finishes. Its response has arrived, Set-Cookie with it;
  // what the page does next is script, which the idle check and --wait cover.
  context.on('response', (response) => {
    const request = response.request();
    if (request.resourceType() === 'fetch' && pending.has(request)) finished(request);
  });
  const quiet = (ms) => (pending.size === 0 ? Promise.resolve(true) : new Promise((resolve) => {
    const wake = () => { clearTimeout(timer); resolve(true); };
    const timer = setTimeout(() => { waiters = waiters.filter((w) => w !== wake); resolve(false); }, ms);
    waiters.push(wake);
  }));
  const idle = (page, ms) => within(page.evaluate((limit) => new Promise((resolve) => {
    requestIdleCallback(() => { requestAnimationFrame(() => { setTimeout(resolve); }); }, { timeout: limit });
  }), Math.min(ms, 2000)), ms, 'the page stayed busy');
  return {
    pending,
    /** @returns {Promise<string | undefined>} a note when the page did not settle in time */
    async settle(page, timeout) {
      const end = Date.now() + timeout;
      for (let round = 0; round < 20; round++) {
        const left = () => Math.max(1, end - Date.now());
        try {
          await page.waitForLoadState('load', { timeout: left() });
        } catch {
          return `the page did not finish loading within ${timeout} ms`;
        }
        if (!(await quiet(left()))) return `requests still in flight after ${timeout} ms: ${[...pending].slice(0, 3).map((r) => r.url()).join(', ')}`;
        try {
          await idle(page, left());
        } catch (error) {
          // a navigation (a reload on withdrawal) replaced the document: settle the new one
          if (/context was destroyed|navigation|Target closed/i.test(String(error))) continue;
          return `the page did not become idle within ${timeout} ms`;
        }
        if (pending.size === 0) return undefined;
      }
      return 'the page kept requesting';
    },
  };
}

/** Parses one Set-Cookie header line: name and attributes, never the value. */
export function parseSetCookie(line, url) {
  const [pair, ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  const name = (eq >= 0 ? pair.slice(0, eq) : '').trim();
  /** @type {{ name: string, domain: string, hostOnly: boolean, path?: string, maxAge?: number, expires?: number, httpOnly: boolean }} */
  const cookie = { name, domain: new URL(url).hostname, hostOnly: true, path: undefined, maxAge: undefined, expires: undefined, httpOnly: false };
  for (const attr of attrs) {
    const [k, ...v] = attr.split('=');
    const key = k.trim().toLowerCase();
    const value = v.join('=').trim();
    if (key === 'domain' && value) {
      cookie.domain = value.replace(/^\./, '');
      cookie.hostOnly = false;
    // RFC 6265 5.2.4: an empty Path, or one not starting with '/', is the default path; as undefined
    // it matches the cookie the snapshots see (as '' it made a second cookie, its setter unknown)
    } else if (key === 'path') cookie.path = value.startsWith('/') ? value : undefined;
    // RFC 6265bis 5.6.2: a value that is not an optional '-' and digits is ignored, as browsers do
    // ("Max-Age=" keeps a session cookie); Number('') is 0 and took such a cookie for a deletion
    else if (key === 'max-age') { if (/^-?\d+$/.test(value)) cookie.maxAge = Number(value); }
    else if (key === 'expires') {
      // an unreadable date is ignored too (NaN would hide an earlier Expires)
      const at = Date.parse(value);
      if (!Number.isNaN(at)) cookie.expires = at;
    }
    else if (key === 'httponly') cookie.httpOnly = true;
  }
  return cookie;
}

/**
 * A cookie write that removes the cookie (Max-Age ≤ 0 or an expiry in the past).
 * @param {{ maxAge?: number, expires?: number }} cookie @param {number} at
 */
function isDeletion({ maxAge, expires }, at) {
  return (maxAge !== undefined && maxAge <= 0) || (maxAge === undefined && expires !== undefined && expires <= at);
}

/** Everything one scenario saw. */
class Recorder {
  /** @param {string} name @param {string[]} [injected] the names of the cookies the audit set itself (--cookie) */
  constructor(name, injected = []) {
    this.name = name;
    this.injected = new Set(injected);
    this.phases = [];
    this.requests = [];
    this.cookieWrites = [];
    this.storageWrites = [];
    this.indexedDB = [];
    this.beacons = [];
    this.snapshots = [];
    this.notes = [];
    this.initiators = new Map();
  }

  phase(name, detail = {}) {
    this.phases.push({ name, at: Date.now(), ...detail });
  }

  attach(context) {
    let next = 0;
    const byRequest = new Map();
    context.on('request', (request) => {
      let frame;
      try { frame = request.frame().url(); } catch { frame = undefined; } // a service worker's request has none
      const headers = request.headers();
      const navigation = request.isNavigationRequest();
      let top = false; // a navigation of the page itself, not of a frame in it
      try { top = navigation && !request.frame().parentFrame(); } catch { /* a service worker's request has no frame */ }
      const record = {
        id: next++, url: request.url(), method: request.method(), type: request.resourceType(), at: Date.now(),
        frame, navigation, top, ping: 'ping-to' in headers || headers['content-type'] === 'text/ping',
      };
      byRequest.set(request, record);
      this.requests.push(record);
    });
    context.on('response', (response) => {
      const record = byRequest.get(response.request());
      if (record) record.status = response.status();
      const url = response.url();
      // the browser's clock, as the page's script writes are stamped: the time this process heard the
      // request can come after a pixel's onload deleted what its response set, on a busy machine
      let started = NaN;
      try { started = response.request().timing().startTime; } catch { /* no timing: our own clock */ }
      const at = Number.isFinite(started) && started > 0 ? started : record?.at;
      response.headersArray().then((headers) => {
        for (const { name, value } of headers) {
          if (name.toLowerCase() !== 'set-cookie') continue;
          for (const line of value.split('\n')) {
            const c = parseSetCookie(line, url);
            if (c.name) this.cookieWrites.push({ ...c, at: at ?? Date.now(), by: { kind: 'response', url }, deletion: isDeletion(c, Date.now()) });
          }
        }
      }, () => { /* the page went away */ });
    });
    context.on('requestfailed', (request) => {
      const record = byRequest.get(request);
      if (record) record.failure = request.failure()?.errorText;
    });
  }

  /**
   * A WebSocket the page opened. Playwright reports these apart from requests, and a tracker can
   * send everything over one (session recorders do): without this, a socket opened before any
   * choice left no trace in the report.
   * @param {import('playwright-core').WebSocket} socket
   */
  websocket(socket) {
    const record = { url: socket.url(), method: 'GET', type: 'websocket', at: Date.now(), frame: undefined, navigation: false, ping: false };
    this.requests.push(record);
    socket.on('socketerror', (error) => { record.failure ??= String(error); });
  }

  /** A message of the instrumentation script. */
  script(message) {
    if (!message || typeof message !== 'object') return;
    const at = Number.isFinite(message.at) ? message.at : Date.now();
    const by = { kind: 'script', url: typeof message.script === 'string' ? message.script : undefined, frame: message.frame };
    const originOf = () => {
      if (typeof message.origin === 'string' && /^https?:\/\//.test(message.origin)) return message.origin;
      try { return new URL(String(message.frame)).origin; } catch { return String(message.frame); }
    };
    if (message.type === 'cookie' && message.name) {
      let host;
      try { host = new URL(originOf()).hostname; } catch { return; }
      const c = parseSetCookie(`${message.name}=x;${String(message.attributes ?? '')}`, `http://${host}/`);
      this.cookieWrites.push({ ...c, at, by, deletion: isDeletion(c, at) });
    } else if (message.type === 'storage') {
      this.storageWrites.push({ origin: originOf(), area: message.area === 'local' ? 'local' : 'session', key: String(message.key), at, by });
    } else if (message.type === 'indexeddb') {
      this.indexedDB.push({ origin: originOf(), name: String(message.name), at, by });
    } else if (message.type === 'beacon') {
      this.beacons.push({ url: String(message.url), sent: message.sent === true, at, by });
    }
  }

  /** The context's cookies and every frame's storage, now. */
  async snapshot(context, page, label) {
    const at = Date.now();
    const cookies = (await context.cookies()).map((c) => ({
      name: c.name, domain: c.domain.replace(/^\./, ''), hostOnly: !c.domain.startsWith('.'), path: c.path,
      expires: c.expires > 0 ? Math.round(c.expires * 1000) : null, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite,
    }));
    const storage = [];
    const indexedDB = [];
    for (const frame of page.frames()) {
      try {
        const s = await within(frame.evaluate(async () => {
          const keys = (area) => { try { return Object.keys(area === 'local' ? localStorage : sessionStorage); } catch { return []; } };
          /** @type {(string | undefined)[]} */
          let dbs = [];
          try { dbs = (await globalThis.indexedDB.databases()).map((d) => d.name); } catch { /* blocked */ }
          return { origin: location.origin, local: keys('local'), session: keys('session'), dbs };
        }), 2000, 'frame busy');
        if (s.origin === 'null') continue;
        for (const area of ['local', 'session']) for (const key of s[area]) storage.push({ origin: s.origin, area, key });
        for (const name of s.dbs) indexedDB.push({ origin: s.origin, name });
      } catch { /* a frame that went away or never answers */ }
    }
    this.snapshots.push({ label, at, cookies, storage, indexedDB });
  }
}

/** Reads the page's migu-consent element: its config (as JSON text) and attributes, the API's state. */
async function readConsentSetup(page) {
  return within(page.evaluate(() => {
    const el = document.querySelector('migu-consent');
    const api = /** @type {any} */ (window).MiguConsent;
    let state;
    try { state = api && typeof api.get === 'function' ? JSON.parse(JSON.stringify(api.get())) : undefined; } catch { state = undefined; }
    if (!el) return { element: false, api: Boolean(api), state };
    let config;
    const raw = /** @type {any} */ (el).config;
    if (raw !== undefined && raw !== null && typeof raw === 'object') {
      try { config = JSON.stringify(raw, (_, v) => (v instanceof RegExp ? String(v) : v)); } catch { config = undefined; }
    } else if (typeof raw === 'string') config = raw;
    // as the component reads it (src/runtime/config-source.ts)
    else config = el.querySelector(':scope>script[type*=json]')?.textContent ?? undefined;
    const attributes = {};
    for (const a of el.attributes) attributes[a.name] = a.value;
    return { element: true, api: Boolean(api), state, config, attributes };
  }), 5000, 'reading the consent setup took too long');
}

/** The page's gated markup: which URLs it holds back for which categories and services. */
async function readGated(page) {
  return within(page.evaluate((fetchedAhead) => {
    const abs = (u) => { try { return new URL(u, document.baseURI).href; } catch { return undefined; } };
    const out = [];
    for (const el of document.querySelectorAll('[data-consent]')) {
      // once each: an activated pixel has its data-src in src too
      const urls = [...new Set(['src', 'data-src', 'data-href', 'data-ping'].map((a) => el.getAttribute(a)).filter(Boolean).flatMap((u) => String(u).split(/\s+/)).map(abs).filter(Boolean))];
      // an inline script: the name the audit gave it (instrument()); its categories count even without one
      const named = el.getAttribute('data-audit-source');
      if (named) urls.push(named);
      if (!urls.length && el.localName !== 'script') continue;
      out.push({ tag: el.localName, categories: (el.getAttribute('data-consent') ?? '').split(/\s+/).filter(Boolean), service: el.getAttribute('data-consent-service') ?? undefined, urls });
    }
    for (const gate of document.querySelectorAll('migu-consent-gate')) {
      const template = gate.querySelector('template');
      const urls = template ? [...template.content.querySelectorAll('[src],[data-src]')].map((e) => abs(e.getAttribute('src') ?? e.getAttribute('data-src'))).filter(Boolean) : [];
      // what Firefox's parser requests inside a <template> before any script runs: Chromium, which the audit
      // drives, does not, so it is read from the markup
      const ahead = template ? [...template.content.querySelectorAll(fetchedAhead)]
        .map((e) => `<${e.localName}> ${abs(e.getAttribute('src') ?? e.getAttribute('srcset')?.trim().split(/\s/)[0] ?? e.getAttribute('poster') ?? e.getAttribute('href') ?? '') ?? ''}`) : [];
      if (urls.length || ahead.length) out.push({ tag: 'migu-consent-gate', categories: [gate.getAttribute('category') ?? ''].filter(Boolean), service: gate.getAttribute('service') ?? undefined, urls, ...(ahead.length ? { ahead } : {}) });
    }
    return out;
  }, FETCHED_AHEAD), 5000, 'reading the gated markup took too long').catch(() => []);
}

/** Same-site links of the page, for --pages. */
async function readLinks(page) {
  return within(page.evaluate(() => [...document.links].map((a) => a.href)), 5000, 'links').catch(() => []);
}

/**
 * Audits one URL through the scenarios.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {object} options
 * @param {string[]} options.scenarios
 * @param {number} options.timeout ms, for each condition waited for
 * @param {number} options.wait ms to keep observing after the page settled (late writes)
 * @param {{ width: number, height: number }} options.viewport
 * @param {string} [options.lang]
 * @param {Record<string, string>} options.headers
 * @param {{ name: string, value: string }[]} options.cookies
 * @param {string} [options.accept] selector of another manager's accept button
 * @param {string} [options.reject] selector of another manager's reject button
 * @param {string} [options.userAgent] the user agent to send (visitorUserAgent)
 * @param {(text: string) => void} [options.progress]
 * @param {number} [options.concurrency] scenarios run side by side after the first (default 2)
 */
export async function auditPage(browser, url, options) {
  /** @type {{ url: string, scenarios: any[], skipped: { scenario: string, reason: string }[], notes: string[], refusedConfig?: string, [key: string]: any }} */
  const page = { url, scenarios: [], skipped: [], notes: [], refusedConfig: undefined };
  const progress = options.progress ?? (() => {});
  const results = new Map();
  const run = async (name) => {
    const spec = SCENARIOS[name];
    if (spec.banner && page.setup && page.setup.element !== true) {
      const selector = name === 'reject' ? options.reject : options.accept;
      if (!selector) {
        page.skipped.push({ scenario: name, reason: `no migu-consent on the page and no --${name === 'reject' ? 'reject' : 'accept'} selector to drive another manager` });
        return;
      }
      if (name === 'withdraw') {
        page.skipped.push({ scenario: name, reason: 'withdrawal needs the migu-consent API (window.MiguConsent.update)' });
        return;
      }
    }
    progress(name);
    try {
      results.set(name, await runScenario(browser, url, name, options, page));
    } catch (error) {
      // only the first load decides that a page cannot be audited; a later one that fails is a skipped scenario
      if (error instanceof PageError && !page.setup) throw error;
      page.skipped.push({ scenario: name, reason: String(/** @type {any} */ (error)?.message ?? error).split('\n')[0] });
    }
  };
  try {
    // the first scenario alone: it reads the page's consent setup, which decides what the others can do
    const [first, ...rest] = options.scenarios;
    await run(first);
    // the others side by side (each in its own context): most of a scenario's time is waiting
    const queue = [...rest];
    const worker = async () => { while (queue.length) await run(queue.shift()); };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 2, queue.length) }, worker));
  } catch (error) {
    if (!(error instanceof PageError)) throw error;
    // the page itself cannot be loaded: the other scenarios would fail the same way, each after the timeout
    page.error = error.message;
    page.loadMs = error.loadMs;
  }
  page.scenarios = options.scenarios.filter((n) => results.has(n)).map((n) => results.get(n));
  page.skipped.sort((a, b) => options.scenarios.indexOf(a.scenario) - options.scenarios.indexOf(b.scenario));
  return page;
}

async function runScenario(browser, url, name, options, page) {
  const rec = new Recorder(name, options.cookies.map((c) => c.name));
  const context = await browser.newContext({
    viewport: options.viewport,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    locale: options.lang,
    extraHTTPHeaders: {
      ...options.headers,
      ...(options.lang ? { 'Accept-Language': options.lang } : {}),
      ...(name === 'signals' ? { DNT: '1', 'Sec-GPC': '1' } : {}),
    },
    serviceWorkers: 'block', // a worker's requests would escape the context's events
  });
  try {
    if (options.cookies.length) await context.addCookies(options.cookies.map((c) => ({ ...c, url })));
    await context.exposeBinding(BINDING, (_source, message) => { rec.script(message); });
    await context.addInitScript(instrument, BINDING);
    if (name === 'signals') await context.addInitScript(signalsScript);
    rec.attach(context);
    const follow = followRequests(context);
    const tab = await context.newPage();
    tab.on('websocket', (socket) => { rec.websocket(socket); });
    // migu-consent's own verdict on the config (its validator, not just JSON.parse): when it refuses
    // it, the page runs on the defaults, with none of the services and hosts the text declares
    tab.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && text.startsWith('[migu-consent:config] ')) page.refusedConfig ??= text.slice(text.indexOf(' ') + 1);
    });
    tab.setDefaultTimeout(options.timeout);
    const cdp = await context.newCDPSession(tab).catch(() => undefined);
    if (cdp) {
      await cdp.send('Network.enable').catch(() => {});
      cdp.on('Network.requestWillBeSent', (e) => {
        const i = e.initiator ?? {};
        const frames = i.stack?.callFrames ?? i.stack?.parent?.callFrames ?? [];
        rec.initiators.set(e.request.url, { type: i.type, url: frames.find((f) => f.url && !OWN_FILE.test(f.url))?.url ?? i.url ?? frames.find((f) => f.url)?.url });
      });
    }
    const settle = async () => {
      const note = await follow.settle(tab, options.timeout);
      if (note) rec.notes.push(note);
      if (options.wait > 0) await delay(options.wait); // the observation window for late writes (--wait)
      const again = await follow.settle(tab, options.timeout);
      if (again && again !== note) rec.notes.push(again);
    };

    /**
     * The visitor leaving, as the page's scripts hear it: the tab hidden, then pagehide. SDKs send what they
     * kept (sendBeacon, fetch keepalive) then; a real leave (a navigation, closing the context) sends it too, but
     * from a document going away, and those requests reach neither Playwright nor the page's CDP session. So the
     * events are dispatched in the live page, where every request is seen, in the phase of the choice made.
     */
    const leave = async () => {
      await within(tab.evaluate(() => {
        const doc = /** @type {any} */ (document);
        Object.defineProperty(doc, 'visibilityState', { configurable: true, get: () => 'hidden' });
        Object.defineProperty(doc, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
        dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
        delete doc.visibilityState;
        delete doc.hidden;
      }), options.timeout, 'the page did not take its leave').catch((error) => { rec.notes.push(`leaving the page: ${String(error.message).split('\n')[0]}`); });
      await settle();
    };

    rec.phase(name === 'signals' ? 'signals' : SCENARIOS[name].banner ? 'before' : 'no-choice');
    let response;
    const loading = Date.now();
    try {
      response = await tab.goto(url, { waitUntil: 'load', timeout: options.timeout });
    } catch (error) {
      throw new PageError(`cannot audit ${url}: ${describeLoadError(error, options.timeout)}`, Date.now() - loading);
    }
    const loadMs = Date.now() - loading;
    if (!response) throw new PageError(`cannot audit ${url}: no response`, loadMs);
    const type = (await response.allHeaders())['content-type'] ?? '';
    if (!/^\s*(text\/html|application\/xhtml\+xml)/i.test(type)) throw new PageError(`cannot audit ${url}: not an HTML page (Content-Type: ${type || 'none'})`, loadMs);
    if (response.status() >= 400) throw new PageError(`cannot audit ${url}: HTTP ${response.status()}`, loadMs);
    await settle();
    if (!page.setup) {
      page.finalUrl = tab.url();
      page.title = await tab.title().catch(() => '');
      page.setup = await readConsentSetup(tab).catch(() => ({ element: false, api: false }));
      page.links = await readLinks(tab);
    }
    const gated = await readGated(tab);
    page.gated = mergeGated(page.gated, gated);
    await rec.snapshot(context, tab, 'loaded');

    const migu = page.setup?.element === true;
    const decide = async (kind) => {
      const custom = kind === 'reject' ? options.reject : options.accept;
      const selector = custom ?? (migu ? MIGU[kind] : undefined);
      if (!selector) throw new Error(`no ${kind} button: no migu-consent and no --${kind} selector`);
      const button = tab.locator(selector).filter({ visible: true }).first();
      try {
        await button.waitFor({ state: 'visible', timeout: options.timeout });
      } catch {
        throw new Error(`the ${kind} button (${selector}) did not appear within ${options.timeout} ms`);
      }
      if (!page.screenshot) page.screenshot = await bannerShot(tab, migu && !custom);
      rec.phase(`after-${kind}`, { decision: kind });
      await button.click({ timeout: options.timeout });
      if (migu && !custom) {
        // the condition the click means: the choice is made (on a first visit the banner's click may fetch
        // the runtime first, and the network can be quiet meanwhile), so what it activates is in flight
        await tab.waitForFunction(() => /** @type {any} */ (window).MiguConsent?.get?.().decided === true, null, { timeout: options.timeout })
          .catch(() => { rec.notes.push(`the ${kind} click made no choice within ${options.timeout} ms`); });
      }
      await settle();
      const found = await readGated(tab);
      page.gated = mergeGated(page.gated, found);
      await rec.snapshot(context, tab, `after-${kind}`);
    };

    if (name === 'reject') await decide('reject');
    if (name === 'accept' || name === 'withdraw' || name === 'returning') await decide('accept');
    if (name === 'withdraw') {
      for (const category of withdrawable(page)) {
        rec.phase('after-withdraw', { decision: 'withdraw', category });
        // a reload on withdrawal (revoke="reload") destroys the context the call ran in: that is fine
        await within(tab.evaluate((c) => /** @type {any} */ (window).MiguConsent.update({ [c]: false }), category), options.timeout, 'update() did not settle')
          .catch((error) => { if (!/destroyed|navigation|closed/i.test(String(error))) rec.notes.push(`withdrawing ${category}: ${String(error.message).split('\n')[0]}`); });
        await settle();
        await rec.snapshot(context, tab, `after-withdraw:${category}`);
      }
    }
    if (name === 'returning') {
      await leave();
      rec.phase('returning', { decision: 'reload' });
      await tab.reload({ waitUntil: 'load', timeout: options.timeout });
      await settle();
      const banner = options.accept ?? (migu ? MIGU.banner : undefined);
      /** @type {any} */ (rec).bannerShownAgain = banner ? await tab.locator(banner).filter({ visible: true }).count().then((n) => n > 0, () => false) : undefined;
      await rec.snapshot(context, tab, 'returning');
    }
    await leave();
    if (cdp) await cdp.detach().catch(() => {});
    return finish(rec);
  } finally {
    await context.close().catch(() => {});
  }
}

/** The categories withdrawn in turn: those the config gives services or the page gates markup for. */
function withdrawable(page) {
  const ids = new Set();
  try {
    const config = page.setup?.config ? JSON.parse(page.setup.config) : {};
    for (const c of config.categories ?? []) if (c?.services?.length && c.id !== 'necessary') ids.add(c.id);
  } catch { /* an invalid config: the gated markup still says which categories matter */ }
  for (const g of page.gated ?? []) for (const c of g.categories) if (c !== 'necessary') ids.add(c);
  return [...ids];
}

function mergeGated(known = [], found) {
  const seen = new Set(known.map((g) => JSON.stringify(g)));
  return [...known, ...found.filter((g) => !seen.has(JSON.stringify(g)))];
}

async function bannerShot(tab, miguBanner) {
  try {
    const target = miguBanner ? tab.locator(MIGU.banner).filter({ visible: true }).first() : tab;
    const png = await within(target.screenshot({ type: 'png', timeout: 5000 }), 6000, 'screenshot');
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return undefined;
  }
}

/**
 * The scenario's records as the report has them: cookies and storage merged from writes and snapshots.
 * Exported for its tests (e2e/audit-records.test.mjs).
 */
export function finish(rec) {
  const start = rec.phases[0].at;
  const decisionAt = rec.phases.find((p) => p.decision)?.at ?? null;
  const zero = decisionAt ?? start;
  const phaseAt = (at) => {
    let current = rec.phases[0];
    for (const p of rec.phases) if (p.at <= at) current = p;
    return current.category ? `${current.name}:${current.category}` : current.name;
  };
  // whole milliseconds: the network's clock has fractions (t=+64.89599609375 ms, CLI probe F5)
  const stamp = (at) => ({ at, t: Math.round(at - zero), phase: phaseAt(at) });

  // cookies: by name + domain + path; writes from Set-Cookie and document.cookie, presence from snapshots
  const cookies = new Map();
  const cookieKey = (c) => `${c.name}\u0000${c.domain}\u0000${c.path ?? '/'}`;
  const findCookie = (w) => [...cookies.values()].find((c) => c.name === w.name && c.domain === w.domain && (w.path === undefined || c.path === w.path));
  for (const s of rec.snapshots) {
    for (const c of s.cookies) {
      const key = cookieKey(c);
      if (!cookies.has(key)) cookies.set(key, { ...c, firstSeen: stamp(s.at), writes: [], presentAt: [] });
      const entry = cookies.get(key);
      Object.assign(entry, { expires: c.expires, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite });
      entry.presentAt.push(s.label);
    }
  }
  // in time order: a Set-Cookie is heard from the network after a script's write it came before (a
  // pixel's onload deleting what the pixel set), and a deletion met before its cookie was dropped
  for (const w of [...rec.cookieWrites].sort((a, b) => a.at - b.at)) {
    let entry = findCookie(w);
    if (!entry) {
      // written and gone before any snapshot (or a deletion of a cookie never seen): keep it, it happened
      if (w.deletion) continue;
      // its expiry as the write asked (not "session": CLI probe F6, a third party's cookie the browser did not keep)
      const expires = w.maxAge !== undefined ? w.at + w.maxAge * 1000 : w.expires ?? null;
      entry = { name: w.name, domain: w.domain, hostOnly: w.hostOnly, path: w.path ?? '/', expires, httpOnly: w.httpOnly, firstSeen: stamp(w.at), writes: [], presentAt: [] };
      cookies.set(cookieKey(entry), entry);
    }
    entry.writes.push({ ...stamp(w.at), by: w.by, deletion: w.deletion || undefined });
  }
  for (const c of cookies.values()) {
    c.writes.sort((a, b) => a.at - b.at);
    const first = c.writes.find((w) => !w.deletion);
    if (first && first.at < c.firstSeen.at) c.firstSeen = { at: first.at, t: first.t, phase: first.phase };
    c.setBy = first?.by ?? { kind: 'unknown' };
    if (c.expires !== null) c.lifetimeDays = Math.round(((c.expires - c.firstSeen.at) / 86_400_000) * 10) / 10;
  }

  const storage = new Map();
  const storageKey = (s) => `${s.origin}\u0000${s.area}\u0000${s.key}`;
  for (const s of rec.snapshots) {
    for (const item of s.storage) {
      const key = storageKey(item);
      if (!storage.has(key)) storage.set(key, { ...item, firstSeen: stamp(s.at), writes: [], presentAt: [] });
      storage.get(key).presentAt.push(s.label);
    }
  }
  for (const w of rec.storageWrites) {
    const key = storageKey(w);
    if (!storage.has(key)) storage.set(key, { origin: w.origin, area: w.area, key: w.key, firstSeen: stamp(w.at), writes: [], presentAt: [] });
    const entry = storage.get(key);
    entry.writes.push({ ...stamp(w.at), by: w.by });
    if (w.at < entry.firstSeen.at) entry.firstSeen = stamp(w.at);
  }
  for (const s of storage.values()) s.setBy = s.writes[0]?.by ?? { kind: 'unknown' };

  const dbs = new Map();
  for (const s of rec.snapshots) for (const d of s.indexedDB) if (!dbs.has(`${d.origin} ${d.name}`)) dbs.set(`${d.origin} ${d.name}`, { ...d, firstSeen: stamp(s.at) });
  for (const d of rec.indexedDB) {
    const key = `${d.origin} ${d.name}`;
    const known = dbs.get(key);
    if (!known || d.at < known.firstSeen.at) dbs.set(key, { origin: d.origin, name: d.name, firstSeen: stamp(d.at), openedBy: d.by });
  }

  const beaconUrls = new Set(rec.beacons.filter((b) => b.sent).map((b) => b.url));
  const requests = rec.requests.map((r) => {
    const initiator = rec.initiators.get(r.url);
    let kind = r.type;
    if (r.ping) kind = 'a-ping';
    else if (beaconUrls.has(r.url) && (r.type === 'ping' || r.type === 'other' || r.type === 'fetch')) kind = 'beacon';
    return {
      url: r.url, method: r.method, type: r.type, kind, ...stamp(r.at),
      frame: r.frame, initiator: initiator ? { type: initiator.type, url: initiator.url } : undefined,
      navigation: r.navigation || undefined, top: r.top || undefined, status: r.status, failure: r.failure,
    };
  });

  return {
    scenario: rec.name,
    startedAt: start,
    durationMs: Date.now() - start,
    decisionAt,
    phases: rec.phases.map((p) => ({ name: p.name, category: p.category, at: p.at, t: Math.round(p.at - zero) })),
    // a cookie the audit set itself (--cookie: a login, an A/B bucket) is the page's only once the page writes it
    cookies: [...cookies.values()].filter((c) => !(rec.injected?.has(c.name) && c.writes.length === 0)),
    storage: [...storage.values()],
    indexedDB: [...dbs.values()],
    requests,
    beacons: rec.beacons.map((b) => ({ url: b.url, sent: b.sent, ...stamp(b.at), by: b.by })),
    bannerShownAgain: rec.bannerShownAgain,
    notes: rec.notes,
  };
}
