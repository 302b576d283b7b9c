import { chromium } from 'playwright';
import { writeFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../scripts/browsers.mjs';
import { startServer } from './server.mjs';
const server = await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const mode = process.argv[2] ?? 'returning';
const url = () => `${server.base}/bench/page/migu.html${process.argv[3] ? `?variant=${process.argv[3]}` : ''}`;
let state;
if (mode === 'returning') {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(url(), { waitUntil: 'load' });
  await page.waitForTimeout(500);
  await page.evaluate(() => window.MiguConsent.acceptAll());
  await page.waitForTimeout(1500);
  state = await ctx.storageState();
  await ctx.close();
}
const agg = new Map();
for (let i = 0; i < 5; i++) {
  const ctx = await browser.newContext(state ? { storageState: state } : {});
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(url(), { waitUntil: 'load' });
  await page.waitForTimeout(600);
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  for (let k = 0; k < profile.samples.length; k++) {
    const n = byId.get(profile.samples[k]);
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
    agg.set(key, (agg.get(key) ?? 0) + (dt[k] ?? 0) / 1000 / 5);
  }
  await ctx.close();
}
const byFile = new Map(); for (const [k, v] of agg) { const f = k.split(" ").slice(1).join(" ").split(":")[0]; byFile.set(f, (byFile.get(f) ?? 0) + v); } console.log([...byFile].sort((a,b)=>b[1]-a[1]).slice(0,12).map(([f,v])=>v.toFixed(2).padStart(7)+" "+f).join("\n")); console.log("--");
const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, 40);
for (const [k, v] of rows) console.log(v.toFixed(2).padStart(7), k);
await browser.close();
process.exit(0);
