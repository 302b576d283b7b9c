// `npm run bench:profile` (after `npm run build`): where migu-consent's script time goes, by source
// module. The bench's page (bench/contenders.mjs), in the system Chromium, with V8's sampling profiler on;
// each sample's time goes to the innermost frame of a migu-consent file, mapped through the file's
// sourcemap to its TypeScript module (or package), so a browser call (document.cookie, attachShadow)
// counts for the module that made it. Samples with no migu-consent frame (the page, the bench's probe,
// the browser's own work) are left out. Scenarios: a first visit until the banner is visible + 300 ms,
// a returning visitor until load + 300 ms, and the banner's "Accept all" clicked, until the gated
// tracker has loaded + 300 ms (what the runtime costs when the banner is used).
//
// The profiler slows what it watches, and a sample is 100 µs: read the shares, and compare figures
// of one run only. Medians over PROFILE_RUNS runs (default 9), each in a fresh browser context.
// Writes bench/results/profile.md and profile.json (PROFILE_OUT: another .md path).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { sourceLookup } from '../scripts/size-modules.mjs';
import { byId, TRACKER_SCRIPT } from './contenders.mjs';
import { probe } from './probe.mjs';
import { median } from './stats.mjs';
import { diskPath, root, startServer } from './server.mjs';

const RUNS = Math.max(1, Number(process.env.PROFILE_RUNS ?? 9) || 9);
const OUT = resolve(root, process.env.PROFILE_OUT ?? 'bench/results/profile.md');
const INTERVAL_US = 100;
const SETTLE = 300;
const OURS = /\/(?:dist|ab)\/(migu-consent[\w.-]*\.js)(?:[?#]|$)/;
const c = byId.migu;

/** The module of a profile frame of ours, from the file's sourcemap (as `npm run size:modules` reads it). */
const lookups = new Map();
function moduleOf(frame) {
  const m = OURS.exec(frame.url);
  if (!m) return undefined;
  const file = m[1];
  if (!lookups.has(file)) lookups.set(file, sourceLookup(diskPath(new URL(frame.url).pathname)) ?? null);
  const lookup = lookups.get(file);
  // the language files have no sourcemap: one row each
  return { file, module: lookup && frame.lineNumber >= 0 ? lookup(frame.lineNumber, frame.columnNumber) : `(${file})` };
}

/** Self time (ms) by module and by file of one CPU profile, each sample to its innermost frame of ours. */
function attribute(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const ours = new Map(); // node id -> { file, module } of its innermost frame of ours, or null
  const oursOf = (id) => {
    if (ours.has(id)) return ours.get(id);
    const own = moduleOf(nodes.get(id).callFrame);
    const found = own ?? (parent.has(id) ? oursOf(parent.get(id)) : null);
    ours.set(id, found);
    return found;
  };
  const byModule = new Map();
  const byFile = new Map();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const name = nodes.get(id).callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(root)') return;
    const found = name === '(garbage collector)' ? null : oursOf(id);
    if (!found) return;
    byModule.set(found.module, (byModule.get(found.module) ?? 0) + ms);
    byFile.set(found.file, (byFile.get(found.file) ?? 0) + ms);
  });
  return { byModule, byFile };
}

const server = await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const page = (variant) => `${server.base}/bench/page/migu.html${variant ? `?variant=${variant}` : ''}`;

async function profiled(storageState, act) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(storageState ? { storageState } : {}) });
  await context.addInitScript(probe, { selector: c.banner });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
    await cdp.send('Profiler.start');
    await act(tab);
    await tab.waitForTimeout(SETTLE);
    const { profile } = await cdp.send('Profiler.stop');
    return attribute(profile);
  } finally {
    await context.close();
  }
}

const trackerLoaded = (tab) => tab.waitForFunction((path) => performance.getEntriesByType('resource').some((e) => e.name.includes(path) && e.responseEnd > 0), TRACKER_SCRIPT, { timeout: 5000 });
const scenarios = {
  'first visit (until the banner is visible)': async (tab) => {
    await tab.goto(page(), { waitUntil: 'load' });
    await tab.evaluate(() => window.__bench.until(3000));
  },
  'returning visitor (until load)': async (tab) => {
    await tab.goto(page(), { waitUntil: 'load' });
  },
  'the banner\'s "Accept all" clicked (until the tracker has loaded)': async (tab) => {
    await tab.goto(page(), { waitUntil: 'load' });
    await tab.evaluate(() => window.__bench.until(3000));
    await tab.locator('migu-consent [part~="accept-all"]').first().click();
    await trackerLoaded(tab);
  },
};

// a returning visitor: everything accepted once through the API
const setup = await browser.newContext();
const first = await setup.newPage();
await first.goto(page(), { waitUntil: 'load' });
await first.evaluate(c.accept);
await trackerLoaded(first);
const returning = await setup.storageState();
await setup.close();

const runs = {};
const started = Date.now();
const loadBefore = loadavg()[0];
try {
  await profiled(undefined, scenarios['first visit (until the banner is visible)']); // warm-up
  for (let run = 0; run < RUNS; run++) {
    for (const [name, act] of Object.entries(scenarios)) {
      const r = await profiled(name.startsWith('returning') ? returning : undefined, act);
      (runs[name] ??= []).push(r);
    }
    process.stderr.write(`profile: run ${run + 1}/${RUNS}\n`);
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
}

// medians over the runs (a run without a module's sample counts 0 for it): one run's stall or GC does not
// make a row, as it does a mean
const medians = (list, key) => {
  const keys = new Set(list.flatMap((r) => [...r[key].keys()]));
  return Object.fromEntries([...keys].map((k) => [k, median(list.map((r) => r[key].get(k) ?? 0))]));
};
const means = (list, key) => {
  const keys = new Set(list.flatMap((r) => [...r[key].keys()]));
  return Object.fromEntries([...keys].map((k) => [k, list.reduce((sum, r) => sum + (r[key].get(k) ?? 0), 0) / list.length]));
};
const totals = (list) => list.map((r) => [...r.byModule.values()].reduce((a, b) => a + b, 0));
const results = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, {
  total: median(totals(list)),
  totalMean: totals(list).reduce((a, b) => a + b, 0) / list.length,
  byModule: medians(list, 'byModule'),
  byModuleMean: means(list, 'byModule'),
  byFile: medians(list, 'byFile'),
}]));
const ms = (v) => v.toFixed(2);
const lines = ['# migu-consent: script time by module (sampled)', ''];
lines.push(`Chromium, CPU 1x, ${RUNS} runs per scenario: medians over the runs, and means (which add up: a run's stall or GC moves them); a function's samples count for the module it starts in (the bundle's top-level code, for the module the wrapper maps to); V8 sampling profiler every ${INTERVAL_US} µs (it slows what it watches: read shares). Load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after; ${Math.round((Date.now() - started) / 1000)} s. \`npm run bench:profile\`, bench/profile.mjs.`);
for (const [name, r] of Object.entries(results)) {
  const { total, totalMean } = r;
  lines.push('', `## ${name}: ${ms(total)} ms in migu-consent's files (mean ${ms(totalMean)})`, '');
  lines.push(`By file (medians): ${Object.entries(r.byFile).sort((a, b) => b[1] - a[1]).map(([f, v]) => `${f} ${ms(v)} ms`).join(', ')}.`, '');
  lines.push('| module | median ms | mean ms | share of the mean |', '|---|---:|---:|---:|');
  const rows = Object.entries(r.byModuleMean).sort((a, b) => b[1] - a[1]);
  for (const [k, v] of rows) {
    if (v < totalMean * 0.01) continue;
    lines.push(`| ${k} | ${ms(r.byModule[k])} | ${ms(v)} | ${Math.round((v / totalMean) * 100)}% |`);
  }
  const small = rows.filter(([, v]) => v < totalMean * 0.01);
  if (small.length) lines.push(`| ${small.length} modules under 1% each | | ${ms(small.reduce((a, [, v]) => a + v, 0))} | |`);
}
const report = `${lines.join('\n')}\n`;
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, report);
writeFileSync(OUT.replace(/\.md$/, '.json'), `${JSON.stringify({ runs: RUNS, results }, null, 1)}\n`);
process.stdout.write(report);
process.stderr.write(`written to ${relative(root, OUT)}\n`);
