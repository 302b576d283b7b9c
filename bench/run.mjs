// `node bench/run.mjs` (after `npm run build`; `npm run bench` does both): migu-consent
// against a floor page without a consent manager and two anchors, vanilla-cookieconsent 3.1
// and klaro 0.7, in the system Chromium. Prints a markdown report and writes it to
// bench/results/latest.md (and the raw figures to latest.json). Reports budgets, never fails on them.
//
// Env: BENCH_RUNS (runs per contender and mode, default 7), BENCH_OUT (report path),
// BENCH_BANNER_TIMEOUT (ms from navigation start to give up on a banner, default 3000 at 1x).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { measure } from '../scripts/size.mjs';
import { byId, contenders, TRACKER_PIXEL, TRACKER_SCRIPT } from './contenders.mjs';
import { probe } from './probe.mjs';
import { root, startServer } from './server.mjs';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7) || 7);
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
const sizes = Object.fromEntries(contenders.map((c) => {
  const files = c.files.map((file) => measure(resolve(root, file)));
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  return [c.id, { files: files.map((f) => ({ ...f, file: relative(root, f.file) })), raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') }];
}));
/** brotli size of a consent manager's file by URL path, for "downloaded before the first tracker" */
const brotliByPath = new Map([
  ...Object.values(sizes).flatMap((s) => s.files.map((f) => [`/${f.file}`, f.brotli])),
  ...contenders.flatMap((c) => c.laterFiles ?? []).map((file) => [`/${file}`, measure(resolve(root, file)).brotli]),
]);

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

/** Resource entries of the page: path and start time. */
const resources = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime })));

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
    const fetched = (await resources(page)).map((r) => r.path).filter((p) => brotliByPath.has(p));
    return {
      inDom: bench.inDom, visible: bench.visible,
      task: after.task - before.task, script: after.script - before.script,
      longTasks: bench.longTasks.length, longTaskMs: bench.longTasks.reduce((a, b) => a + b, 0),
      fetched, errors,
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
    const bannerShown = await page.evaluate(() => window.__bench.inDom !== null);
    return {
      task: cpuAfter.task - cpuBefore.task,
      firstTracker: first,
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

/** A B C D, A B C D...: each round runs every contender once, in the same conditions. */
async function interleaved(mode, members, fn) {
  for (let round = 0; round < RUNS; round++) {
    for (const c of members) results[mode][c.id][round] = await fn(c);
    log(`  ${mode}: round ${round + 1}/${RUNS}`);
  }
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
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
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
const fixed = (v) => ({ median: v, min: v, max: v, n: 1, of: 1 });

for (const key of ['raw', 'gzip', 'brotli']) {
  row('Transfer size (consent manager files)', { raw: 'raw', gzip: 'gzip -9', brotli: 'brotli -11' }[key], 'B', (id) => fixed(sizes[id][key]));
}
for (const [mode, throttle] of [['first1', 1], ['first4', 4]]) {
  const group = `First visit, cold cache, CPU ${throttle}x`;
  row(group, 'banner in DOM', 'ms', (id) => stat(series(mode, id, (r) => r.inDom)), 'from navigation start');
  row(group, 'banner in DOM over floor', 'ms', (id) => stat(overFloor(mode, id, (r) => r.inDom)));
  row(group, 'banner visible', 'ms', (id) => stat(series(mode, id, (r) => r.visible)), 'first frame on screen');
  row(group, 'main-thread CPU', 'ms', (id) => stat(series(mode, id, (r) => r.task)), 'CDP TaskDuration, thread time');
  row(group, 'main-thread CPU over floor', 'ms', (id) => stat(overFloor(mode, id, (r) => r.task)));
  row(group, 'script CPU over floor', 'ms', (id) => stat(overFloor(mode, id, (r) => r.script)), 'CDP ScriptDuration');
  row(group, 'long tasks', 'count', (id) => stat(series(mode, id, (r) => r.longTasks)));
  row(group, 'long tasks, total', 'ms', (id) => stat(series(mode, id, (r) => r.longTaskMs)));
}
{
  const group = 'Returning visitor (consent cookie kept, cold cache, CPU 1x)';
  row(group, 'first tracker request', 'ms', (id) => stat(series('returning', id, (r) => r.firstTracker)), 'floor: ungated page');
  row(group, 'manager bytes before it (brotli)', 'B', (id) => stat(series('returning', id, (r) => r.brotliBefore)));
  row(group, 'manager bytes in all (brotli)', 'B', (id) => stat(series('returning', id, (r) => r.brotliAll)), 'until load + 300 ms');
  row(group, 'main-thread CPU over floor', 'ms', (id) => stat(overFloor('returning', id, (r) => r.task)), 'until load + 300 ms');
}
{
  const group = 'Returning visitor, large page (~8,000 elements before the trackers, CPU 1x)';
  row(group, 'first tracker request', 'ms', (id) => stat(series('returningLarge', id, (r) => r.firstTracker)), 'floor: ungated page');
  row(group, 'main-thread CPU over floor', 'ms', (id) => stat(overFloor('returningLarge', id, (r) => r.task)), 'until load + 300 ms');
}
{
  const group = `Emulated network (${NETWORK_LABEL}), CPU 1x`;
  row(group, 'first visit: banner in DOM', 'ms', (id) => stat(series('firstNet', id, (r) => r.inDom)), 'from navigation start');
  row(group, 'first visit: banner visible', 'ms', (id) => stat(series('firstNet', id, (r) => r.visible)));
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
const pairs = [['migu', 'vanilla'], ['migu', 'klaro'], ['floor', 'vanilla'], ['floor', 'klaro'], ['klaro', 'vanilla'], ['vanilla', 'klaro']];
lines.push(`| figure | ${pairs.map(([a, b]) => `${label(a)} ÷ ${label(b)}`).join(' | ')} |`);
lines.push(`|---|${pairs.map(() => '---:').join('|')}|`);
const short = (r) => `${r.group.replace(/ \(.*/, '').replace(/, cold cache/, '')}: ${r.label}`;
for (const r of rows) {
  if (r.label.startsWith('long tasks')) continue; // counts are often 0: see the table
  // a difference to the floor has no ratio for the floor itself
  lines.push(`| ${short(r)} | ${pairs.map(([a, b]) => (a === 'floor' && r.label.includes('over floor') ? '—' : ratio(r.stats[a], r.stats[b]))).join(' | ')} |`);
}

// ---------- budgets (issue 7): reported, never failing ----------
const S = (label_, pick) => rows.find((r) => r.label === label_ && pick(r.group));
const first1 = (g) => g.includes('CPU 1x') && g.startsWith('First');
const first4 = (g) => g.includes('CPU 4x');
const m = (r, id) => r?.stats[id]?.median;
const budgets = [];
const budget = (name, value, ok, detail) => budgets.push({ name, value, ok, detail });
{
  // all-in: everything the script build ships for a page, the three languages included
  const allIn = ['dist/migu-consent.iife.js', 'dist/migu-consent.ui.js', 'dist/migu-consent.lang.en.js', 'dist/migu-consent.lang.zh-TW.js']
    .map((file) => measure(resolve(root, file)));
  const b = allIn.reduce((total, f) => total + f.brotli, 0);
  budget('IIFE all-in (loader, UI, three languages) <= 12 kB brotli', `${b} B`, b <= 12_000, allIn.map((f) => `${f.file.split('/').pop()} ${f.brotli} B`).join(' + '));
  const ret = S('manager bytes before it (brotli)', () => true);
  const v = m(ret, 'migu');
  budget('returning visitor downloads <= 5 kB brotli before the first tracker', v === undefined ? 'n/a' : `${Math.round(v)} B`, v === undefined ? null : v <= 5_000,
    [...new Set(results.returning.migu.flatMap((r) => r?.filesBefore ?? []))].join(', ') || '');
  const dom = m(S('banner in DOM over floor', first1), 'migu');
  budget('banner in DOM within 20 ms of the floor (1x)', dom === undefined ? 'n/a' : `+${dom.toFixed(1)} ms`, dom === undefined ? null : dom <= 20, '');
  const vis = S('banner visible', first1);
  const visRatio = m(vis, 'migu') !== undefined && m(vis, 'vanilla') ? m(vis, 'migu') / m(vis, 'vanilla') : undefined;
  budget('banner visible <= 0.5x vanilla (1x)', visRatio === undefined ? 'n/a' : `${visRatio.toFixed(2)}×`, visRatio === undefined ? null : visRatio <= 0.5,
    visRatio === undefined ? '' : `${m(vis, 'migu').toFixed(1)} vs ${m(vis, 'vanilla').toFixed(1)} ms`);
  for (const [pick, t] of [[first1, '1x'], [first4, '4x']]) {
    const cpu = S('main-thread CPU over floor', pick);
    const mv = m(cpu, 'migu');
    const vv = m(cpu, 'vanilla');
    const r = mv !== undefined && vv ? mv / vv : undefined;
    budget(`main-thread CPU over floor <= 0.5x vanilla (${t})`, r === undefined ? 'n/a' : `${r.toFixed(2)}×`, r === undefined ? null : r <= 0.5,
      r === undefined ? '' : `${mv.toFixed(1)} vs ${vv.toFixed(1)} ms`);
  }
  const ft = S('first tracker request', () => true);
  const fr = m(ft, 'migu') !== undefined && m(ft, 'floor') ? m(ft, 'migu') / m(ft, 'floor') : undefined;
  budget('returning visitor: first tracker <= 1.1x ungated', fr === undefined ? 'n/a' : `${fr.toFixed(2)}×`, fr === undefined ? null : fr <= 1.1,
    fr === undefined ? '' : `${m(ft, 'migu').toFixed(1)} vs ${m(ft, 'floor').toFixed(1)} ms`);
  const lt = S('long tasks', first4)?.stats.migu;
  budget('zero long tasks at 4x (every run)', lt ? `max ${lt.max}` : 'n/a', lt ? lt.max === 0 : null, '');
}
lines.push('');
lines.push('## Budgets of issue 7 (migu-consent; reported, not enforced)');
lines.push('');
lines.push('| budget | migu-consent | met | detail |');
lines.push('|---|---:|:---:|---|');
for (const b of budgets) lines.push(`| ${b.name} | ${b.value} | ${b.ok === null ? 'n/a' : b.ok ? 'yes' : 'no'} | ${b.detail} |`);

lines.push('');
lines.push('## Notes');
lines.push('');
for (const c of contenders) {
  if (!c.files.length) continue;
  const fetched = [...new Set(results.first1[c.id].flatMap((r) => r?.fetched ?? []))];
  lines.push(`- ${c.label}: files ${sizes[c.id].files.map((f) => `${f.file} (${f.raw} B raw, ${f.brotli} B brotli)`).join(', ')}; a first visit fetched ${fetched.join(', ') || 'none of them'}.`);
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
notes.push('Floor: the same page with a static banner-like div and no consent manager; its trackers are inert markup on a first visit and load directly (ungated, `async`) for the returning-visitor rows.');
notes.push('Large page: the same template with ~8,000 more elements (nested 11 deep, see `largeContent` in bench/contenders.mjs) before the trackers: what a portal home page gives the parser, and a consent manager that watches the document.');
notes.push('migu-consent always has its five default categories (the config adds services to analytics and marketing); the anchors are configured with three.');
for (const n of notes) lines.push(`- ${n}`);

const report = `${lines.join('\n')}\n`;
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, report);
writeFileSync(OUT.replace(/\.md$/, '.json'), `${JSON.stringify({ runs: RUNS, chromium: chromiumVersion, sizes, results, budgets }, null, 1)}\n`);
process.stdout.write(report);
log(`written to ${relative(root, OUT)} in ${Math.round((Date.now() - started) / 1000)} s`);
