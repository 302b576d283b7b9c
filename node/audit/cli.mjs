// `migu-consent audit <url...>`: loads each page in Chromium through the consent scenarios and
// reports what it stores and sends, before and after each decision. Exit status: 0 nothing at or
// above --fail-on, 1 something, 2 usage error, 4 a page that cannot be audited, 5 no browser
// (3, a missing optional dependency, is the bin's).
import { access, lstat, readlink, realpath, stat, writeFile } from 'node:fs/promises';
import { constants, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { argsMessage, joinNegativeValues } from '../cli-args.mjs';
import { importOptional } from '../optional.mjs';
import { chromiumArgs, findChromium, visitorUserAgent } from './browser.mjs';
import { SCENARIOS, auditPage } from './engine.mjs';
import { SEVERITIES, classifyPage, configJson, findingsFor, siteConfig, siteOf, suggestConfig } from './classify.mjs';
import { htmlReport, plain, terminalSummary } from './report.mjs';
import { ListError, loadLists, trackerMatcher } from './trackers.mjs';

export const EXIT = { clean: 0, findings: 1, usage: 2, notAudited: 4, noBrowser: 5 };

const USAGE = `usage: migu-consent audit <url...> [options]

Loads each page in Chromium through the consent scenarios (each in a fresh browser context) and
reports every cookie, storage key and request with the decision it came before or after.

options:
  --json FILE          write the full report as JSON (schema: docs/audit.md)
  --html FILE          write one self-contained HTML page (summary, sortable tables, banner screenshot)
  --fail-on LEVEL      violation (default), warning or info: exit 1 when a finding at or above it is found
  --scenarios LIST     comma-separated, of: ${Object.keys(SCENARIOS).join(', ')} (default: all)
  --pages N            audit up to N pages per URL, following same-site links (default 1)
  --wait MS            keep observing each page this long after it settled, for late writes (default 1000)
  --timeout MS         the longest wait for any one condition: load, quiet network, a button (default 15000)
  --viewport WxH       browser window size (default 1280x800)
  --lang L             browser language and Accept-Language, e.g. zh-CN
  --header 'K: V'      an extra request header (repeatable)
  --cookie 'k=v'       a cookie set before each page load (repeatable)
  --accept SELECTOR    the accept button of another consent manager (CSS; pierces open shadow roots)
  --reject SELECTOR    the reject button of another consent manager
  --list FILE          a tracker filter list in EasyPrivacy format, e.g. easyprivacy.txt (repeatable;
                       needs @ghostery/adblocker): requests it matches are named as known trackers
  --suggest-config     print a site config (cookies, storage, hosts) built from what was seen, valid as
                       it is, with notes on what to decide
  -h, --help           this text

exit status: 0 nothing at or above --fail-on; 1 something was; 2 usage error;
3 playwright-core (or, with --list, @ghostery/adblocker) not installed;
4 a page could not be audited; 5 no Chromium found.`;

class UsageError extends Error {}

/** The longest a timer waits: setTimeout fires at once (1 ms) past it, so a larger --timeout failed every wait. */
const MAX_MS = 2 ** 31 - 1;

/** Decimal digits only: Number() also takes "", "0x10" and "1e3". */
const positive = (name, value, { zero = false } = {}) => {
  const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= (zero ? 0 : 1) && n <= MAX_MS)) {
    throw new UsageError(`--${name} must be a whole number from ${zero ? 0 : 1} to ${MAX_MS}, not "${plain(value)}"`);
  }
  return n;
};

/**
 * What the command was asked to do.
 * @typedef {object} AuditOptions
 * @property {false} [help]
 * @property {string[]} urls
 * @property {string[]} scenarios
 * @property {Record<string, string>} headers
 * @property {{ name: string, value: string }[]} cookies
 * @property {string} [json]
 * @property {string} [html]
 * @property {string} failOn
 * @property {number} pages
 * @property {number} wait
 * @property {number} timeout
 * @property {{ width: number, height: number }} viewport
 * @property {string} [lang]
 * @property {string} [accept]
 * @property {string} [reject]
 * @property {boolean} suggestConfig
 * @property {string[]} list
 */

/**
 * Parses and checks the arguments; throws UsageError with the reason.
 * @param {string[]} args
 * @returns {{ help: true } | AuditOptions}
 */
export function parseOptions(args) {
  const options = /** @satisfies {import('node:util').ParseArgsConfig['options']} */ ({
    json: { type: 'string' }, html: { type: 'string' }, 'fail-on': { type: 'string', default: 'violation' },
    scenarios: { type: 'string' }, pages: { type: 'string', default: '1' }, wait: { type: 'string', default: '1000' },
    timeout: { type: 'string', default: '15000' }, viewport: { type: 'string', default: '1280x800' }, lang: { type: 'string' },
    header: { type: 'string', multiple: true, default: [] }, cookie: { type: 'string', multiple: true, default: [] },
    list: { type: 'string', multiple: true, default: [] },
    accept: { type: 'string' }, reject: { type: 'string' }, 'suggest-config': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(args, options),
      allowPositionals: true,
      options,
    });
  } catch (error) {
    throw new UsageError(argsMessage(error));
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  if (parsed.positionals.length === 0) throw new UsageError('no URL given');
  const urls = parsed.positionals.map((raw) => {
    let url;
    try {
      url = new URL(raw);
    } catch {
      throw new UsageError(`not a URL: "${plain(raw)}" (write it with http:// or https://)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`only http and https URLs can be audited, not "${plain(raw)}"`);
    return url.href;
  });
  if (!SEVERITIES.includes(v['fail-on'])) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not "${plain(v['fail-on'])}"`);
  const scenarios = v.scenarios === undefined ? Object.keys(SCENARIOS) : v.scenarios.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of scenarios) if (!Object.hasOwn(SCENARIOS, s)) throw new UsageError(`unknown scenario "${plain(s)}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  if (scenarios.length === 0) throw new UsageError('--scenarios names none');
  const viewport = /^(\d{2,5})x(\d{2,5})$/.exec(v.viewport);
  if (!viewport) throw new UsageError(`--viewport must be WIDTHxHEIGHT, e.g. 1280x800, not "${plain(v.viewport)}"`);
  if (v.lang !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v.lang)) throw new UsageError(`--lang must be a language tag such as zh-CN, not "${plain(v.lang)}"`);
  /** @type {Record<string, string>} */
  const headers = {};
  for (const h of v.header) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(h);
    if (!m) throw new UsageError(`--header must be 'Name: value', not "${plain(h)}"`);
    headers[m[1]] = m[2];
  }
  const cookies = v.cookie.map((c) => {
    const m = /^([^=;\s]+)=([^;]*)$/.exec(c);
    if (!m) throw new UsageError(`--cookie must be 'name=value', not "${plain(c)}"`);
    return { name: m[1], value: m[2] };
  });
  return {
    urls, scenarios, headers, cookies,
    json: v.json, html: v.html, failOn: v['fail-on'],
    pages: positive('pages', v.pages), wait: positive('wait', v.wait, { zero: true }), timeout: positive('timeout', v.timeout),
    viewport: { width: Number(viewport[1]), height: Number(viewport[2]) },
    lang: v.lang, accept: v.accept, reject: v.reject, suggestConfig: v['suggest-config'], list: v.list,
  };
}

/**
 * The user names and passwords in `urls` (as a URL writes them: "user:password@"), and a function
 * that returns a copy of any value with each of them, in every string, shown as "***@".
 * @param {string[]} urls
 * @returns {<T>(value: T) => T}
 */
function hider(urls) {
  const secrets = [...new Set(urls.flatMap((href) => {
    const { username, password } = new URL(href);
    return username || password ? [`${username}${password ? `:${password}` : ''}@`] : [];
  }))];
  /** @param {any} value @returns {any} */
  const hide = (value) => {
    if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join('***@'), value);
    if (Array.isArray(value)) return value.map(hide);
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hide(v)]));
    }
    return value;
  };
  return secrets.length ? hide : (value) => value;
}

function version() {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** A progress bar on stderr, only when it is a terminal. */
function progressBar(total) {
  const tty = process.stderr.isTTY;
  let done = 0;
  return {
    step(text) {
      if (!tty) return;
      const width = 20;
      const filled = Math.min(width, Math.round((done / Math.max(total, 1)) * width));
      done++;
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${plain(text, (process.stderr.columns ?? 80) - width - 12)}`;
      process.stderr.write(`\r\u001b[K${line}`);
    },
    end() { if (tty) process.stderr.write('\r\u001b[K'); },
  };
}

/** Same-site http(s) links of a page, without fragments, not yet queued. */
function sameSiteLinks(page, known) {
  const site = siteOf(new URL(page.finalUrl ?? page.url).hostname);
  const out = [];
  for (const href of page.links ?? []) {
    let url;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || siteOf(url.hostname) !== site) continue;
    url.hash = '';
    if (known.has(url.href)) continue;
    known.add(url.href);
    out.push(url.href);
  }
  return out;
}

/** Why a report could not be written to `file`, or undefined when it can be. @param {string} file */
async function unwritable(file) {
  const path = resolve(file);
  try {
    if ((await stat(path)).isDirectory()) return 'is a directory';
    await access(path, constants.W_OK);
    return undefined;
  } catch (/** @type {any} */ error) {
    if (error?.code !== 'ENOENT') return `cannot be written (${error?.code ?? error})`;
  }
  try {
    const dir = dirname(path);
    if (!(await stat(dir)).isDirectory()) return `${dir} is not a directory`;
    await access(dir, constants.W_OK);
    return undefined;
  } catch (/** @type {any} */ error) {
    return error?.code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : `cannot be written (${error?.code ?? error})`;
  }
}

/**
 * A report's path as writing it reaches the disk: links followed, of the file (one to a file not there yet
 * too) and of its folders.
 * @param {string} path
 * @returns {Promise<string>}
 */
async function writtenPath(path, hops = 0) {
  const full = resolve(path);
  try {
    return await realpath(full);
  } catch {
    // not there (yet), or a link to a file not there yet: the link is written through
    try {
      if (hops < 40 && (await lstat(full)).isSymbolicLink()) return await writtenPath(resolve(dirname(full), await readlink(full)), hops + 1);
    } catch { /* not there */ }
    try {
      return join(await realpath(dirname(full)), basename(full));
    } catch {
      return full; // its folder is not there: reported as unwritable below
    }
  }
}

/**
 * Whether two report paths are one file: the same path once links are followed, or hard links of one file.
 * @param {string} a @param {string} b
 */
async function sameFile(a, b) {
  if ((await writtenPath(a)) === (await writtenPath(b))) return true;
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one is not there yet, and no link leads to the other
  }
}

/** @param {string[]} args @returns {Promise<number>} the exit status */
export async function main(args) {
  let options;
  try {
    options = parseOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`migu-consent audit: ${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (options.help) {
    console.log(USAGE);
    return EXIT.clean;
  }
  // a report that cannot be written is found now, not after minutes of auditing
  if (options.json !== undefined && options.html !== undefined && await sameFile(options.json, options.html)) {
    // both were written to it at once: what it held was one report or the other, or a mix
    console.error(`migu-consent audit: --json and --html name the same file, ${plain(options.json)}: give each its own`);
    return EXIT.usage;
  }
  for (const [flag, file] of [['--json', options.json], ['--html', options.html]]) {
    const problem = file === undefined ? undefined : await unwritable(file);
    if (problem) {
      console.error(`migu-consent audit: ${flag} ${plain(file)}: ${problem}`);
      return EXIT.usage;
    }
  }
  // the lists first: a list that cannot be used is a usage error, found before any browser starts
  let lists;
  try {
    lists = await loadLists(options.list);
  } catch (error) {
    if (!(error instanceof ListError)) throw error;
    console.error(`migu-consent audit: ${plain(error.message, 400)}`);
    return EXIT.usage;
  }
  const matchTracker = lists.length ? trackerMatcher(lists) : undefined;
  const { chromium } = await importOptional('playwright-core', 'migu-consent audit');
  const executablePath = findChromium(chromium);
  if (!executablePath) {
    console.error('migu-consent audit: no Chromium found: set CHROMIUM_BIN, install chromium, or run `npx playwright-core install chromium`');
    return EXIT.noBrowser;
  }
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: chromiumArgs, timeout: Math.max(options.timeout, 30_000) });
  } catch (/** @type {any} */ error) {
    console.error(`migu-consent audit: Chromium (${executablePath}) did not start: ${String(error.message).split('\n')[0]}`);
    return EXIT.noBrowser;
  }

  const userAgent = await visitorUserAgent(browser);

  // a site behind basic auth is audited as http://user:password@host/: what is shown says ***@ instead
  const hide = hider(options.urls);
  const startedAt = Date.now();
  const bar = progressBar(options.urls.length * options.pages * options.scenarios.length);
  const pages = [];
  try {
    for (const start of options.urls) {
      const queue = [start];
      const known = new Set([start]);
      for (let n = 0; n < options.pages && queue.length; n++) {
        const url = /** @type {string} */ (queue.shift()); // the loop runs while the queue has one
        const page = await auditPage(browser, url, { ...options, userAgent, progress: (scenario) => { bar.step(hide(`${url} · ${scenario}`)); } });
        pages.push(page);
        if (!page.error) queue.push(...sameSiteLinks(page, known));
      }
    }
  } finally {
    bar.end();
    await browser.close().catch(() => {});
  }

  const suggestions = [];
  for (const page of pages) {
    const config = siteConfig(page.setup);
    // invalid JSON is already named; anything else migu-consent's validator refused is named here
    if (page.refusedConfig && config.present && !config.errors.some((e) => e.startsWith('the config is not valid JSON'))) {
      config.errors.push(`migu-consent refused the config: ${page.refusedConfig.replace(/\s*\n\s*/g, ' ')}`);
    }
    page.migu = {
      present: config.present,
      cookieName: config.cookieName,
      attributes: config.attributes,
      categories: config.categories.map((c) => c.id),
      services: config.categories.reduce((n, c) => n + c.services.length, 0),
      config: page.setup?.config,
      state: page.setup?.state,
    };
    if (page.error) {
      page.findings = [];
      continue;
    }
    classifyPage(page, config, matchTracker);
    page.findings = findingsFor(page, config);
    if (options.suggestConfig) suggestions.push({ url: page.url, ...suggestConfig(page, config) });
  }

  const all = pages.flatMap((p) => p.findings);
  const summary = {
    pages: pages.length,
    failed: pages.filter((p) => p.error).length,
    ...Object.fromEntries(SEVERITIES.map((s) => [s, all.filter((f) => f.severity === s).length])),
  };
  const threshold = SEVERITIES.indexOf(options.failOn);
  const failing = all.some((f) => SEVERITIES.indexOf(f.severity) <= threshold);
  // another manager's button named with --accept / --reject that never appeared (a selector that matches
  // nothing, a banner hidden from the audit): the scenarios asked for were not run, which is no clean result
  const unmatched = pages.flatMap((p) => p.skipped.filter((s) => [options.accept, options.reject].some((sel) => sel && s.reason.includes(`button (${sel}) did not appear`)))
    .map((s) => `${p.url}: ${s.scenario}: ${s.reason}`));
  const exitCode = summary.failed || unmatched.length ? EXIT.notAudited : failing ? EXIT.findings : EXIT.clean;
  const report = hide({
    tool: { name: 'migu-consent audit', version: version(), schema: 1 },
    startedAt, finishedAt: Date.now(), durationMs: Date.now() - startedAt,
    options: { ...options, headers: Object.keys(options.headers), cookies: options.cookies.map((c) => c.name) },
    summary, exitCode,
    lists: lists.map(({ file, name, filters }) => ({ file, name, filters })),
    // the raw setup is summarized in `migu`; the links only counted
    pages: pages.map((page) => ({ ...page, setup: undefined, refusedConfig: undefined, links: page.links?.length })),
  });

  for (const page of pages) if (page.error) console.error(`migu-consent audit: ${plain(hide(page.error), 400)}`);
  for (const line of unmatched) console.error(`migu-consent audit: not audited: ${plain(hide(line), 400)}`);
  const writes = [];
  if (options.json) writes.push(writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`).then(() => options.json));
  if (options.html) writes.push(writeFile(options.html, htmlReport(report)).then(() => options.html));
  const written = await Promise.allSettled(writes);
  console.log(terminalSummary(report, { color: process.stdout.isTTY && !process.env.NO_COLOR }));
  for (const w of written) {
    if (w.status === 'fulfilled') console.log(`wrote ${w.value}`);
    else console.error(`migu-consent audit: could not write a report: ${w.reason.message}`);
  }
  if (options.suggestConfig) {
    for (const s of hide(suggestions)) {
      // the notes first: the JSON, last, is a site config as it is, for a <script type="application/json">
      console.log(`\nsuggested services for ${plain(s.url)} (a valid site config: check each service's category and name, and add its vendor and purpose):`);
      for (const note of s.notes) console.log(`note: ${plain(note, 600)}`);
      console.log(configJson(s.config));
    }
  }
  if (written.some((w) => w.status === 'rejected')) return EXIT.usage;
  return exitCode;
}
