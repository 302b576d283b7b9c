// `node bench/run.mjs` (after `npm run build`; `npm run bench` does both): migu-consent
// against a floor page without a consent manager and two anchors, vanilla-cookieconsent 3.1
// and klaro 0.7, in the system Chromium. Prints a markdown report and writes it to
// bench/results/latest.md (and the raw figures to latest.json). Reports the targets of issue 18
// (ratios to vanilla-cookieconsent from the same run), never fails on them.
//
// Env: BENCH_RUNS (runs per contender and mode, default 9: issue 18 asks for medians of at least 9), BENCH_OUT (report path),
// BENCH_BANNER_TIMEOUT (ms from navigation start to give up on a banner, default 3000 at 1x),
// BENCH_MODES (comma-separated modes to run, default all: first1, first4, firstNet, returning, returningLarge,
// returningNet, gate), BENCH_AB (another build's dist/, run as the contender "migu-b"; BENCH_AB_LABEL names it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { measure } from '../scripts/size.mjs';
import { byId, contenders, TRACKER_PIXEL, TRACKER_SCRIPT } from './contenders.mjs';
import { probe } from './probe.mjs';
import { median } from './stats.mjs';
import { diskPath, root, startServer } from './server.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 9) || 9);
const OUT = resolve(root, process.env.BENCH_OUT ?? 'bench/results/latest.md');
const BANNER_TIMEOUT = Number(process.env.BENCH_BANNER_TIMEOUT ?? 3000) || 3000;
/** After the banner (or the timeout), how long late work may still run before the CPU figures are read. */
const SETTLE = { 1: 300, 4: 800 };
const GATED = 1000;
/**
 * The emulated network of the "network" rows (CDP, per request): on loopback a second file costs
 * almost nothing, on a phone it costs a round trip. Bodies go gzip -9 on the wire there, as from a CDN.
 */
const NETWORK = { offline: false, latency: 60, downloadThroughput: (9_000_000 / 8), uploadThroughput: (1_500_000 / 8) };
const NETWORK_LABEL = '60 ms latency, 9 Mbit/s down, gzip';
const ids = contenders.map((c) => c.id);
const started = Date.now();
const loadBefore = loadavg()[0];

// ---------- sizes ----------
/** raw, gzip -9 and brotli -11 size of every file a consent manager may fetch, by URL path */
const sizeByPath = new Map(contenders.flatMap((c) => c.files).map((file) => {
  const m = measure(diskPath(`/${file}`) ?? resolve(root, file));
  return [`/${file}`, { file, raw: m.raw, gzip: m.gzip, brotli: m.brotli }];
}));
/** brotli size of a consent manager's file by URL path: the bytes rows count what a run really fetched */
const brotliByPath = new Map([...sizeByPath].map(([path, m]) => [path, m.brotli]));
/** files the pages fetched from dist/ or node_modules/ that no contender lists: reported, not counted */
const unknownFetched = new Set();
const sumOf = (paths, key) => paths.reduce((total, p) => total + sizeByPath.get(p)[key], 0);

// ---------- browser runs ----------
const server = await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const chromiumVersion = browser.version();
const url = (id, variant) => `${server.base}/bench/page/${id}.html${variant ? `?variant=${variant}` : ''}`;

/** A fresh context (cold HTTP cache), the probe, CPU throttling and the CDP session. */
async function open(c, { throttle = 1, storageState, network = false } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    ...(storageState ? { storageState } : {}),
    ...(network ? { extraHTTPHeaders: { 'x-bench-gzip': '1' } } : {}),
  });
  await context.addInitScript(probe, { selector: c.banner });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  // thread time, not wall time: CPU spent by the page's main thread, whatever else the machine runs
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
  }
  return { context, page, cdp, errors };
}

async function mainThread(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

/**
 * Resource entries of the page: path, start time and responseEnd (0 while in flight), on the time base
 * of performance.now(), the probe's.
 */
const resources = async (page) => {
  const entries = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })));
  for (const e of entries) if (/^\/(dist|node_modules|ab)\//.test(e.path) && !brotliByPath.has(e.path)) unknownFetched.add(e.path);
  return entries;
};

const timeouts = new Map(); // contender+mode -> banner timeouts in a row
function bannerTimeout(key, throttle) {
  // a banner that never came twice in a row is not waited for as long again
  return (timeouts.get(key) ?? 0) >= 2 ? 1000 : BANNER_TIMEOUT * (throttle === 4 ? 2 : 1);
}

async function firstVisit(c, throttle, { network = false } = {}) {
  const key = `${c.id}@${throttle}${network ? '+net' : ''}`;
  const { context, page, cdp, errors } = await open(c, { throttle, network });
  try {
    const before = await mainThread(cdp);
    await page.goto(url(c.id), { waitUntil: 'load' });
    await page.evaluate((ms) => window.__bench.until(ms), bannerTimeout(key, throttle));
    await page.waitForTimeout(SETTLE[throttle]);
    const after = await mainThread(cdp);
    const bench = await page.evaluate(() => ({ inDom: window.__bench.inDom, visible: window.__bench.visible, longTasks: window.__bench.longTasks }));
    timeouts.set(key, bench.visible === null ? (timeouts.get(key) ?? 0) + 1 : 0);
    const entries = (await resources(page)).filter((e) => brotliByPath.has(e.path));
    const fetched = [...new Set(entries.map((e) => e.path))];
    // done before the banner's first visible frame: both times are performance.now() of this page
    const beforeVisible = bench.visible === null ? null
      : [...new Set(entries.filter((e) => e.end > 0 && e.end <= bench.visible).map((e) => e.path))];
    return {
      inDom: bench.inDom, visible: bench.visible,
      task: after.task - before.task, script: after.script - before.script,
      longTasks: bench.longTasks.length, longTaskMs: bench.longTasks.reduce((a, b) => a + b, 0),
      fetched, raw: sumOf(fetched, 'raw'), gzip: sumOf(fetched, 'gzip'), brotli: sumOf(fetched, 'brotli'),
      beforeVisible, brotliBeforeVisible: beforeVisible && sumOf(beforeVisible, 'brotli'),
      errors,
    };
  } finally {
    await context.close();
  }
}

/** Accepts everything once, through the manager's API; the storage state is the returning visitor. */
async function acceptOnce(c) {
  const { context, page, errors } = await open(c);
  try {
    await page.goto(url(c.id), { waitUntil: 'load' });
    await page.evaluate((ms) => window.__bench.until(ms), BANNER_TIMEOUT);
    await page.evaluate(c.accept);
    const activated = await page.waitForFunction((paths) => {
      const seen = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
      return paths.every((p) => seen.includes(p));
    }, [TRACKER_SCRIPT, TRACKER_PIXEL], { timeout: 3000 }).then(() => true, () => false);
    return { state: await context.storageState(), activated, errors };
  } finally {
    await context.close();
  }
}

async function returning(c, state, { large = false, network = false } = {}) {
  const { context, page, cdp, errors } = await open(c, { network, ...(state ? { storageState: state } : {}) });
  try {
    const variant = [state ? '' : 'ungated', large ? 'large' : ''].filter(Boolean).join(',');
    const cpuBefore = await mainThread(cdp);
    await page.goto(url(c.id, variant || undefined), { waitUntil: 'load' });
    await page.waitForFunction((path) => performance.getEntriesByType('resource').some((e) => e.name.includes(path)),
      '/bench/tracker/', { timeout: 3000 }).catch(() => {});
    await page.waitForTimeout(SETTLE[1]);
    const cpuAfter = await mainThread(cdp);
    const entries = await resources(page);
    const trackers = entries.filter((e) => e.path.startsWith('/bench/tracker/')).map((e) => e.start);
    const first = trackers.length ? Math.min(...trackers) : null;
    const before = entries.filter((e) => brotliByPath.has(e.path) && (first === null || e.start < first));
    const { bannerShown, trackerParsed } = await page.evaluate(() => ({ bannerShown: window.__bench.inDom !== null, trackerParsed: window.__bench.trackerParsed }));
    return {
      task: cpuAfter.task - cpuBefore.task,
      firstTracker: first,
      trackerParsed,
      brotliBefore: first === null ? null : before.reduce((total, e) => total + brotliByPath.get(e.path), 0),
      brotliAll: entries.filter((e) => brotliByPath.has(e.path)).reduce((total, e) => total + brotliByPath.get(e.path), 0),
      filesBefore: before.map((e) => e.path),
      bannerShown: state ? bannerShown : false,
      errors,
    };
  } finally {
    await context.close();
  }
}

/** Inserts 1,000 gated pixels at once into a page with consent; ms until every one has its src. */
async function gateMany(c, state) {
  const { context, page, errors } = await open(c, { storageState: state });
  try {
    await page.goto(url(c.id), { waitUntil: 'load' });
    await page.waitForFunction((path) => performance.getEntriesByType('resource').some((e) => e.name.includes(path)),
      TRACKER_PIXEL, { timeout: 3000 });
    const ms = await page.evaluate(({ n, attrs, after, src }) => new Promise((done) => {
      const box = document.createElement('div');
      for (let i = 0; i < n; i++) {
        const img = document.createElement('img');
        img.alt = '';
        img.width = img.height = 1;
        for (const [name, value] of Object.entries(attrs)) img.setAttribute(name, value);
        img.setAttribute('data-src', src);
        box.append(img);
      }
      const set = new Set();
      let t0 = 0;
      const observer = new MutationObserver((records) => {
        for (const r of records) if (r.target.hasAttribute('src')) set.add(r.target);
        if (set.size === n) { observer.disconnect(); done(performance.now() - t0); }
      });
      observer.observe(box, { subtree: true, attributes: true, attributeFilter: ['src'] });
      setTimeout(() => { observer.disconnect(); done(null); }, 5000);
      t0 = performance.now();
      document.body.append(box);
      if (after === 'klaro') window.klaro.getManager().applyConsents();
    }), { n: GATED, attrs: c.gate.attrs, after: c.gate.after, src: TRACKER_PIXEL });
    return { ms, errors };
  } finally {
    await context.close();
  }
}

const results = { first1: {}, first4: {}, firstNet: {}, returning: {}, returningLarge: {}, returningNet: {}, gate: {} };
for (const mode of Object.keys(results)) for (const id of ids) results[mode][id] = [];
const notes = [];
const log = (s) => process.stderr.write(`${s}\n`);

/** seconds each mode took, for the report */
const phases = {};
/** A B C D, A B C D...: each round runs every contender once, in the same conditions. */
const MODES = process.env.BENCH_MODES ? new Set(process.env.BENCH_MODES.split(',').map((m) => m.trim())) : undefined;
async function interleaved(mode, members, fn) {
  if (MODES && !MODES.has(mode)) return;
  const t0 = Date.now();
  for (let round = 0; round < RUNS; round++) {
    for (const c of members) results[mode][c.id][round] = await fn(c);
    log(`  ${mode}: round ${round + 1}/${RUNS}`);
  }
  phases[mode] = Math.round((Date.now() - t0) / 1000);
}

try {
  log(`bench: ${RUNS} runs per contender and mode, ${server.base}`);
  // warm-up, not counted: browser processes, the OS file cache, the server
  for (const c of contenders) await firstVisit(c, 1);

  await interleaved('first1', contenders, (c) => firstVisit(c, 1));
  await interleaved('first4', contenders, (c) => firstVisit(c, 4));
  await interleaved('firstNet', contenders, (c) => firstVisit(c, 1, { network: true }));

  const states = {};
  for (const c of contenders.filter((x) => x.accept)) {
    const once = await acceptOnce(c);
    states[c.id] = once.state;
    if (!once.activated) notes.push(`${c.label}: accepting through its API did not load both the gated script and pixel.`);
    for (const e of once.errors) notes.push(`${c.label} (accept): page error ${e}`);
  }
  await interleaved('returning', contenders, (c) => returning(c, states[c.id]));
  await interleaved('returningLarge', contenders, (c) => returning(c, states[c.id], { large: true }));
  await interleaved('returningNet', contenders, (c) => returning(c, states[c.id], { network: true }));
  await interleaved('gate', contenders.filter((c) => c.gate), (c) => gateMany(c, states[c.id]));
} finally {
  await browser.close().catch(() => {});
  await server.close();
}

// ---------- statistics ----------
/** median (min-max) of the non-null values; n counts them */
function stat(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  return xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length, of: values.length } : null;
}
const series = (mode, id, pick) => (results[mode][id] ?? []).map((r) => (r ? pick(r) : null));
/** per round, this contender's figure minus the floor's of the same round */
const overFloor = (mode, id, pick) => series(mode, id, pick).map((v, i) => {
  const floor = results[mode].floor[i] ? pick(results[mode].floor[i]) : null;
  return v === null || floor === null ? null : v - floor;
});

const rows = [];
const row = (group, label, unit, byContender, note = '') => rows.push({ group, label, unit, note, stats: Object.fromEntries(ids.map((id) => [id, byContender(id)])) });

{
  // what the first visits at 1x really fetched (resource timing), until the banner is visible + 300 ms
  const group = 'Transfer size (consent manager files a first visit fetched, CPU 1x)';
  row(group, 'first-visit total (raw)', 'B', (id) => stat(series('first1', id, (r) => r.raw)));
  row(group, 'first-visit total (gzip -9)', 'B', (id) => stat(series('first1', id, (r) => r.gzip)));
  row(group, 'first-visit total (brotli)', 'B', (id) => stat(series('first1', id, (r) => r.brotli)));
}
for (const [mode, throttle] of [['first1', 1], ['first4', 4]]) {
  const group = `First visit, cold cache, CPU ${throttle}x`;
  row(group, 'banner in DOM', 'ms', (id) => stat(series(mode, id, (r) => r.inDom)), 'from navigation start');
  row(group, 'banner in DOM over floor', 'ms', (id) => stat(overFloor(mode, id, (r) => r.inDom)));
  row(group, 'banner visible', 'ms', (id) => stat(series(mode, id, (r) => r.visible)), 'first frame on screen');
  if (throttle === 1) row(group, 'bytes fetched before the banner is visible (brotli)', 'B', (id) => stat(series(mode, id, (r) => r.brotliBeforeVisible)), 'brotli -11 sizes, responseEnd by its first visible frame');
  row(group, 'main-thread CPU', 'ms', (id) => stat(series(mode, id, (r) => r.task)), 'CDP TaskDuration, thread time');
  row(group, 'main-thread CPU over floor', 'ms', (id) => stat(overFloor(mode, id, (r) => r.task)));
  row(group, 'script CPU over floor', 'ms', (id) => stat(overFloor(mode, id, (r) => r.script)), 'CDP ScriptDuration');
  row(group, 'long tasks', 'count', (id) => stat(series(mode, id, (r) => r.longTasks)));
  row(group, 'long tasks, total', 'ms', (id) => stat(series(mode, id, (r) => r.longTaskMs)));
}
{
  const group = 'Returning visitor (consent cookie kept, cold cache, CPU 1x)';
  row(group, 'first tracker request', 'ms', (id) => stat(series('returning', id, (r) => r.firstTracker)), 'floor: ungated page');
  row(group, 'first tracker markup parsed', 'ms', (id) => stat(series('returning', id, (r) => r.trackerParsed)), 'the soonest a gated tracker can start');
  row(group, 'manager bytes before it (brotli)', 'B', (id) => stat(series('returning', id, (r) => r.brotliBefore)));
  row(group, 'manager bytes in all (brotli)', 'B', (id) => stat(series('returning', id, (r) => r.brotliAll)), 'until load + 300 ms');
  row(group, 'main-thread CPU over floor', 'ms', (id) => stat(overFloor('returning', id, (r) => r.task)), 'until load + 300 ms');
}
{
  const group = 'Returning visitor, large page (~8,000 elements before the trackers, CPU 1x)';
  row(group, 'first tracker request', 'ms', (id) => stat(series('returningLarge', id, (r) => r.firstTracker)), 'floor: ungated page');
  row(group, 'first tracker markup parsed', 'ms', (id) => stat(series('returningLarge', id, (r) => r.trackerParsed)), 'the soonest a gated tracker can start');
  row(group, 'main-thread CPU over floor', 'ms', (id) => stat(overFloor('returningLarge', id, (r) => r.task)), 'until load + 300 ms');
}
{
  const group = `Emulated network (${NETWORK_LABEL}), CPU 1x`;
  row(group, 'first visit: banner in DOM', 'ms', (id) => stat(series('firstNet', id, (r) => r.inDom)), 'from navigation start');
  row(group, 'first visit: banner visible', 'ms', (id) => stat(series('firstNet', id, (r) => r.visible)));
  row(group, 'first visit: bytes fetched before the banner is visible (brotli)', 'B', (id) => stat(series('firstNet', id, (r) => r.brotliBeforeVisible)), 'brotli -11 sizes, gzip on the wire');
  row(group, 'returning visitor: first tracker request', 'ms', (id) => stat(series('returningNet', id, (r) => r.firstTracker)), 'floor: ungated page');
}
row(`Gating ${GATED.toLocaleString('en')} inserted pixels after consent`, 'until all have src', 'ms',
  (id) => (byId[id].gate ? stat(series('gate', id, (r) => r.ms)) : null));

// ---------- report ----------
const fmt = (v, unit) => (unit === 'B' || unit === 'count' ? String(Math.round(v)) : v.toFixed(1));
const cell = (s, unit) => {
  if (!s) return 'n/a';
  const range = s.n > 1 && s.min !== s.max ? ` (${fmt(s.min, unit)}–${fmt(s.max, unit)})` : '';
  const partial = s.n < s.of ? ` [${s.n}/${s.of}]` : '';
  return `${fmt(s.median, unit)}${range}${partial}`;
};
const ratio = (a, b) => (a && b && b.median !== 0 ? `${(a.median / b.median).toFixed(2)}×` : 'n/a');

const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
const label = (id) => byId[id].label;
const lines = [];
lines.push('# migu-consent benchmark');
lines.push('');
lines.push(`Machine: ${cpuModel}, ${cpus().length} cores · Chromium ${chromiumVersion} (headless) · node ${process.version} · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
lines.push(`Runs: ${RUNS} per contender and mode, interleaved (${ids.map(label).join(', ')}, repeat), a fresh browser context each (cold HTTP cache); median (min–max); [k/n]: the figure exists in k of n runs; n/a: never. Total time ${Math.round((Date.now() - started) / 1000)} s.`);
lines.push('');
lines.push(`| figure | unit | ${ids.map(label).join(' | ')} |`);
lines.push(`|---|---|${ids.map(() => '---:').join('|')}|`);
let lastGroup = '';
for (const r of rows) {
  if (r.group !== lastGroup) { lines.push(`| **${r.group}** | |${ids.map(() => '').join(' |')} |`); lastGroup = r.group; }
  lines.push(`| ${r.label}${r.note ? ` (${r.note})` : ''} | ${r.unit} | ${ids.map((id) => cell(r.stats[id], r.unit)).join(' | ')} |`);
}
lines.push('');
lines.push('Ratios of medians to each anchor, same run (below 1 is smaller / faster):');
lines.push('');
const pairs = [['migu', 'vanilla'], ['migu', 'klaro'], ...(ids.includes('migu-b') ? [['migu', 'migu-b'], ['migu-b', 'vanilla']] : []), ['floor', 'vanilla'], ['floor', 'klaro'], ['klaro', 'vanilla'], ['vanilla', 'klaro']];
lines.push(`| figure | ${pairs.map(([a, b]) => `${label(a)} ÷ ${label(b)}`).join(' | ')} |`);
lines.push(`|---|${pairs.map(() => '---:').join('|')}|`);
const short = (r) => `${r.group.replace(/ \(.*/, '').replace(/, cold cache/, '')}: ${r.label}`;
for (const r of rows) {
  if (r.label.startsWith('long tasks')) continue; // counts are often 0: see the table
  // a difference to the floor has no ratio for the floor itself
  lines.push(`| ${short(r)} | ${pairs.map(([a, b]) => (a === 'floor' && r.label.includes('over floor') ? '—' : ratio(r.stats[a], r.stats[b]))).join(' | ')} |`);
}

// ---------- targets (issue 18): ratios to vanilla-cookieconsent, same run; reported, never failing ----------
const m = (r, id) => r?.stats[id]?.median;
/** migu-consent ÷ vanilla-cookieconsent of a row's medians; undefined without both (or with a zero) */
const toVanilla = (r) => (m(r, 'migu') !== undefined && m(r, 'vanilla') ? m(r, 'migu') / m(r, 'vanilla') : undefined);
const find = (groupStart, label_) => {
  const r = rows.find((x) => x.group.startsWith(groupStart) && x.label === label_);
  if (!r) throw new Error(`bench: no row "${label_}" in "${groupStart}"`); // a renamed row must not vanish from the targets
  return r;
};
const FIRST1 = 'First visit, cold cache, CPU 1x';
const FIRST4 = 'First visit, cold cache, CPU 4x';
const RETURNING = 'Returning visitor (';
const LARGE = 'Returning visitor, large page';
const NET = 'Emulated network';
const BYTES = 'Transfer size';
const x2 = (v) => (v === undefined ? 'n/a' : `${v.toFixed(2)}×`);
const vs = (r) => (m(r, 'migu') === undefined || m(r, 'vanilla') === undefined ? ''
  : `${fmt(m(r, 'migu'), r.unit)} vs ${fmt(m(r, 'vanilla'), r.unit)} ${r.unit}`);
const targets = [];
const target = (name, limit, value, detail = '') => targets.push({
  name, limit, value: limit.endsWith('×') ? x2(value) : value === undefined ? 'n/a' : `${Math.round(value).toLocaleString('en')} B`,
  ok: value === undefined ? null : value <= Number(limit.replace(/[^\d.]/g, '')), detail,
});
const ratioTarget = (name, max, r, more = []) => target(name, `<= ${max.toFixed(1)}×`, toVanilla(r), [vs(r), ...more].filter(Boolean).join('; '));

// every time and CPU row of the table (unit ms), each with its ratio; rows vanilla has no figure for are n/a
const timeRows = rows.filter((r) => r.unit === 'ms').map((r) => ({ row: r, name: short(r), ratio: toVanilla(r) }));
{
  const known = timeRows.filter((t) => t.ratio !== undefined);
  const over = known.filter((t) => t.ratio > 1);
  const worst = known.reduce((w, t) => (!w || t.ratio > w.ratio ? t : w), null);
  targets.push({
    name: 'every time and CPU row (each below)', limit: '<= 1.0×', value: `${known.length - over.length} of ${known.length} met`,
    ok: known.length ? over.length === 0 : null,
    detail: [worst ? `worst: ${worst.name} ${x2(worst.ratio)}` : '', timeRows.length > known.length ? `${timeRows.length - known.length} n/a` : ''].filter(Boolean).join('; '),
  });
}
ratioTarget('banner in DOM, CPU 1x', 0.8, find(FIRST1, 'banner in DOM'));
ratioTarget('banner in DOM, emulated network', 0.8, find(NET, 'first visit: banner in DOM'));
ratioTarget('banner visible, CPU 1x', 0.6, find(FIRST1, 'banner visible'),
  [`4x ${x2(toVanilla(find(FIRST4, 'banner visible')))}, network ${x2(toVanilla(find(NET, 'first visit: banner visible')))}`]);
ratioTarget('main-thread CPU over floor, CPU 1x', 0.5, find(FIRST1, 'main-thread CPU over floor'),
  [`4x ${x2(toVanilla(find(FIRST4, 'main-thread CPU over floor')))}`]);
ratioTarget('returning visitor: first tracker', 0.7, find(RETURNING, 'first tracker request'),
  [`network ${x2(toVanilla(find(NET, 'returning visitor: first tracker request')))}`]);
target('returning visitor: bytes before the first tracker', '<= 5000 B brotli', m(find(RETURNING, 'manager bytes before it (brotli)'), 'migu'),
  [...new Set(results.returning.migu.flatMap((r) => r?.filesBefore ?? []))].join(', '));
ratioTarget('returning visitor: main-thread CPU over floor', 1.0, find(RETURNING, 'main-thread CPU over floor'));
ratioTarget('returning visitor, large page: first tracker', 0.8, find(LARGE, 'first tracker request'));
{
  // migu-consent's bytes before its banner is visible against everything vanilla-cookieconsent's first visit fetched
  const before = find(FIRST1, 'bytes fetched before the banner is visible (brotli)');
  const total = find(BYTES, 'first-visit total (brotli)');
  const beforeNet = find(NET, 'first visit: bytes fetched before the banner is visible (brotli)');
  const ratioOf = (r) => (m(r, 'migu') !== undefined && m(total, 'vanilla') ? m(r, 'migu') / m(total, 'vanilla') : undefined);
  const files = [...new Set(results.first1.migu.flatMap((r) => r?.beforeVisible ?? []))];
  target('bytes fetched before the banner is visible, CPU 1x, ÷ vanilla\'s first-visit total', '<= 0.6×', ratioOf(before),
    [m(before, 'migu') === undefined ? '' : `${fmt(m(before, 'migu'), 'B')} vs ${fmt(m(total, 'vanilla'), 'B')} B brotli`,
      `network ${x2(ratioOf(beforeNet))}`, files.length ? `files: ${files.join(', ')}` : ''].filter(Boolean).join('; '));
  ratioTarget('first-visit total (brotli)', 1.3, total);
}
lines.push('');
lines.push('## Targets of issue 18 (migu-consent ÷ vanilla-cookieconsent, same run; reported, never failing)');
lines.push('');
lines.push('| target | limit | migu-consent | met | detail |');
lines.push('|---|---:|---:|:---:|---|');
const met = (ok) => (ok === null ? 'n/a' : ok ? 'yes' : 'no');
for (const t of targets) lines.push(`| ${t.name} | ${t.limit} | ${t.value} | ${met(t.ok)} | ${t.detail} |`);
lines.push('');
lines.push('Every time and CPU row, migu-consent ÷ vanilla-cookieconsent (target <= 1.0×):');
lines.push('');
lines.push('| row | migu-consent | vanilla-cookieconsent | ratio | met |');
lines.push('|---|---:|---:|---:|:---:|');
for (const t of timeRows) {
  lines.push(`| ${t.name} | ${cell(t.row.stats.migu, 'ms')} | ${cell(t.row.stats.vanilla, 'ms')} | ${x2(t.ratio)} | ${met(t.ratio === undefined ? null : t.ratio <= 1)} |`);
}

lines.push('');
lines.push('## Notes');
lines.push('');
const sized = (path) => `${path.slice(1)} (${sizeByPath.get(path).raw} B raw, ${sizeByPath.get(path).brotli} B brotli)`;
for (const c of contenders) {
  if (!c.files.length) continue;
  // what the runs fetched, with how many runs did: a file fetched in some runs only shows a race
  const count = (lists) => {
    const n = new Map();
    for (const list of lists) for (const p of list ?? []) n.set(p, (n.get(p) ?? 0) + 1);
    return [...n].map(([p, k]) => `${sized(p)}${k < lists.length ? ` [${k}/${lists.length}]` : ''}`).join(', ') || 'none of its files';
  };
  const first = results.first1[c.id].filter(Boolean);
  lines.push(`- ${c.label}: a first visit (1x) fetched ${count(first.map((r) => r.fetched))}; of them, done before the banner was visible: ${count(first.filter((r) => r.beforeVisible).map((r) => r.beforeVisible))}.`);
}
for (const c of contenders) {
  const missing = ['first1', 'first4', 'firstNet'].reduce((n, mode) => n + results[mode][c.id].filter((r) => r?.visible === null).length, 0);
  if (missing) notes.push(`${c.label}: banner not visible in ${missing} of ${3 * RUNS} first visits (selector \`${c.banner}\`): n/a there.`);
  const shown = results.returning[c.id].filter((r) => r?.bannerShown).length;
  if (shown) notes.push(`${c.label}: the banner appeared again for a returning visitor in ${shown} of ${RUNS} runs.`);
  const errs = new Set(Object.values(results).flatMap((mode) => mode[c.id].flatMap((r) => r?.errors ?? [])));
  for (const e of errs) notes.push(`${c.label}: page error: ${e}`);
  if (c.gateNote) notes.push(`${c.label}, gating ${GATED.toLocaleString('en')} pixels: ${c.gate ? '' : 'n/a: '}${c.gateNote}.`);
}
if (unknownFetched.size) notes.push(`Fetched from dist/ or node_modules/ but in no contender's \`files\` (bench/contenders.mjs), so not counted: ${[...unknownFetched].join(', ')}.`);
notes.push('Bytes before the banner is visible: the manager\'s files whose resource timing entry ended (responseEnd) at or before the first frame the probe saw the banner visible in, both on the page\'s performance.now() time base; first-visit total: every manager file the first visit fetched until the banner was visible + 300 ms (1x). Sizes are the files\' brotli -11 sizes, whatever the wire carried.');
notes.push(`Time per mode (s): ${Object.entries(phases).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
notes.push('Floor: the same page with a static banner-like div and no consent manager; its trackers are inert markup on a first visit and load directly (ungated, `async`) for the returning-visitor rows.');
notes.push('Large page: the same template with ~8,000 more elements (nested 11 deep, see `largeContent` in bench/contenders.mjs) before the trackers: what a portal home page gives the parser, and a consent manager that watches the document.');
notes.push('First tracker markup parsed: when the parser inserted the page\'s first tracker element (gated or not; the probe watches the document). A gated tracker cannot start before it, whatever the manager: on the large page this bound, not the manager, sets the first tracker request. The floor\'s ungated `async` script is fetched sooner, by the preload scanner.');
notes.push('migu-consent always has its five default categories (the config adds services to analytics and marketing); the anchors are configured with three.');
for (const n of notes) lines.push(`- ${n}`);

const report = `${lines.join('\n')}\n`;
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, report);
writeFileSync(OUT.replace(/\.md$/, '.json'), `${JSON.stringify({ runs: RUNS, chromium: chromiumVersion, files: Object.fromEntries(sizeByPath), results, targets }, null, 1)}\n`);
process.stdout.write(report);
log(`written to ${relative(root, OUT)} in ${Math.round((Date.now() - started) / 1000)} s`);
