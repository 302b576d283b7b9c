import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { byId } from './contenders.mjs';
import { probe } from './probe.mjs';
import { startServer } from './server.mjs';
const server = await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const url = (id, variant) => `${server.base}/bench/page/${id}.html${variant ? `?variant=${variant}` : ''}`;
const ids = (process.env.IDS || 'migu,vanilla').split(',');
const variant = process.env.VARIANT || '';
for (const id of ids) {
  const c = byId[id];
  let ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(probe, { selector: c.banner });
  let page = await ctx.newPage();
  await page.goto(url(id), { waitUntil: 'load' });
  await page.evaluate((ms) => window.__bench.until(ms), 3000);
  await page.evaluate(c.accept);
  await page.waitForTimeout(500);
  const state = await ctx.storageState();
  await ctx.close();
  const self = new Map(); const byUrl = new Map(); let tasks = [];
  for (let run = 0; run < Number(process.env.RUNS || 5); run++) {
    ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: state });
    await ctx.addInitScript(probe, { selector: c.banner });
    page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    const m0 = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    await page.goto(url(id, [variant].filter(Boolean).join(',') || undefined), { waitUntil: 'load' });
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/bench/tracker/')), null, { timeout: 3000 }).catch(() => {});
    await page.waitForTimeout(300);
    const m1 = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    tasks.push(((m1 - m0) * 1000).toFixed(1));
    const { profile } = await cdp.send('Profiler.stop');
    const dt = new Map();
    const { samples, timeDeltas, nodes } = profile;
    const byNode = new Map(nodes.map((n) => [n.id, n]));
    for (let i = 0; i < samples.length; i++) dt.set(samples[i], (dt.get(samples[i]) || 0) + (timeDeltas[i + 1] ?? 0));
    for (const [id2, t] of dt) {
      const n = byNode.get(id2); const f = n.callFrame;
      const u = f.url.replace(/^.*\//, '') || '(native)';
      const key = `${f.functionName || '(anon)'} ${u}:${f.lineNumber}:${f.columnNumber}`;
      self.set(key, (self.get(key) || 0) + t / 1000);
      byUrl.set(u, (byUrl.get(u) || 0) + t / 1000);
    }
    await ctx.close();
  }
  const R = Number(process.env.RUNS || 5);
  console.log(`\n== ${id} ${variant} TaskDuration ms: ${tasks.join(' ')}`);
  console.log('by url (ms/run):', [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k}=${(v / R).toFixed(2)}`).join('  '));
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 15))) console.log(`  ${(v / R).toFixed(2)}  ${k}`);
}
await browser.close(); await server.stop?.();
process.exit(0);
