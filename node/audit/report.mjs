// The audit's outputs: the terminal summary and the self-contained HTML page. The report holds
// strings the audited page controls (URLs, cookie names, its title): the HTML escapes every one,
// and the terminal strips control characters from them.

/** Page-controlled text for a terminal: no escape sequences, one line, bounded. */
export function plain(text, max = 160) {
  // eslint-disable-next-line no-control-regex
  const s = String(text ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const count = (findings, severity) => findings.filter((f) => f.severity === severity).length;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The readable summary printed at the end. */
export function terminalSummary(report, { color = false } = {}) {
  const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const mark = { violation: paint('31;1', 'VIOLATION'), warning: paint('33', 'warning  '), info: paint('2', 'info     ') };
  const lines = [];
  const lists = report.lists ?? [];
  if (lists.length) lines.push(`tracker lists: ${lists.map((l) => `${plain(l.name)} (${plural(l.filters, 'network filter')})`).join(', ')}`);
  for (const page of report.pages) {
    lines.push('', paint('1', `== ${plain(page.url)}`));
    if (page.error) {
      lines.push(`   ${paint('31', 'not audited')}: ${plain(page.error, 300)}`);
      continue;
    }
    lines.push(`   migu-consent: ${page.migu.present ? `yes (cookie ${plain(page.migu.cookieName)}, ${page.migu.categories.length} categories, ${page.migu.services} services)` : 'not on this page'}`);
    for (const s of page.scenarios) {
      const third = new Set(s.requests.filter((r) => r.party === 'third').map((r) => new URL(r.url).hostname));
      const later = (items) => items.filter((i) => i.firstSeen.phase !== 'no-choice' && i.firstSeen.phase !== 'before' && i.firstSeen.phase !== 'signals').length;
      const trackers = lists.length ? `  ${plural(s.requests.filter((r) => r.tracker).length, 'known tracker')}` : '';
      lines.push(`   ${s.scenario.padEnd(12)} ${String(s.cookies.length).padStart(3)} cookies (${later(s.cookies)} after the decision)  ${String(s.storage.length).padStart(3)} storage keys  ${String(s.requests.length).padStart(4)} requests  ${third.size} third-party hosts${trackers}${s.notes.length ? `  [${plain(s.notes.join('; '), 120)}]` : ''}`);
    }
    for (const k of page.skipped) lines.push(`   ${k.scenario.padEnd(12)} skipped: ${plain(k.reason, 200)}`);
    if (page.findings.length === 0) lines.push(`   ${paint('32', 'no findings')}`);
    const shown = page.findings.slice(0, 40);
    for (const f of shown) {
      const when = f.t !== undefined ? ` t=${f.t >= 0 ? '+' : ''}${f.t} ms` : '';
      lines.push(`   ${mark[f.severity]} ${f.rule}: ${plain(f.message, 220)} [${f.scenarios.join(', ')}${f.phase && f.scenario !== 'all' ? ` · ${f.phase}` : ''}${when}]`);
    }
    if (page.findings.length > shown.length) lines.push(`   … and ${page.findings.length - shown.length} more (see --json or --html)`);
  }
  const t = report.summary;
  lines.push('', `${plural(t.pages, 'page')}: ${paint(t.violation ? '31;1' : '32', plural(t.violation, 'violation'))}, ${plural(t.warning, 'warning')}, ${plural(t.info, 'info')}${t.failed ? `, ${paint('31', `${t.failed} not audited`)}` : ''} (${(report.durationMs / 1000).toFixed(1)} s)`);
  return lines.join('\n');
}

export { count };

/** HTML-escapes text (element content and quoted attribute values). */
export function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const table = (caption, head, rows) => (rows.length === 0 ? '' : `<table class="sortable"><caption>${esc(caption)}</caption>
<thead><tr>${head.map((h) => `<th scope="col"><button type="button">${esc(h)}</button></th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((cell) => `<td${typeof cell === 'number' ? ' class="n"' : ''}>${esc(cell)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`);

const when = (x) => (x?.t === undefined ? '' : x.t);
const classOf = (x) => [x.class, x.category, x.service].filter(Boolean).join(' / ')
  + (x.tracker ? `; known tracker: ${x.tracker.filter} (${x.tracker.list})` : '');

/** One self-contained page: no external resource, a CSP that forbids any, every string escaped. */
export function htmlReport(report) {
  const pages = report.pages.map((page) => {
    if (page.error) return `<section><h2>${esc(page.url)}</h2><p class="bad">Not audited: ${esc(page.error)}</p></section>`;
    const shot = typeof page.screenshot === 'string' && /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(page.screenshot)
      ? `<figure><img alt="The consent banner as the audit saw it" src="${page.screenshot}"><figcaption>The banner, before the first click</figcaption></figure>` : '';
    const findings = table('Findings', ['severity', 'rule', 'item', 'category / service', 'scenarios', 'phase', 't (ms)', 'message'],
      page.findings.map((f) => [f.severity, f.rule, `${f.kind} ${f.name}`, [f.category, f.service].filter(Boolean).join(' / '), f.scenarios.join(', '), f.phase ?? '', when(f), f.message]));
    const scenarios = page.scenarios.map((s) => `<details${s.scenario === page.scenarios[0].scenario ? ' open' : ''}><summary>${esc(s.scenario)}: ${s.cookies.length} cookies, ${s.storage.length} storage keys, ${s.requests.length} requests</summary>
${s.notes.length ? `<p class="note">${esc(s.notes.join('; '))}</p>` : ''}
<p>Phases: ${s.phases.map((p) => `${esc(p.name)}${p.category ? `:${esc(p.category)}` : ''} (t=${esc(p.t)} ms)`).join(' → ')}</p>
${table('Cookies', ['name', 'domain', 'path', 'expires', 'HttpOnly', 'set by', 'first seen (phase)', 't (ms)', 'classification'],
    s.cookies.map((c) => [c.name, c.domain, c.path, c.expires ? new Date(c.expires).toISOString() : 'session', c.httpOnly ? 'yes' : 'no', `${c.setBy.kind}${c.setBy.url ? ` ${c.setBy.url}` : ''}`, c.firstSeen.phase, c.firstSeen.t, classOf(c)]))}
${table('Storage', ['area', 'key', 'origin', 'set by', 'first seen (phase)', 't (ms)', 'classification'],
    [...s.storage.map((i) => [`${i.area}Storage`, i.key, i.origin, i.setBy.url ?? i.setBy.kind, i.firstSeen.phase, i.firstSeen.t, classOf(i)]),
      ...s.indexedDB.map((d) => ['IndexedDB', d.name, d.origin, d.openedBy?.url ?? '', d.firstSeen.phase, d.firstSeen.t, classOf(d)])])}
${table('Requests', ['t (ms)', 'phase', 'kind', 'method', 'URL', 'party', 'initiator', 'status', 'classification'],
    s.requests.map((r) => [r.t, r.phase, r.kind, r.method, r.url, r.party, r.initiator?.url ?? r.initiator?.type ?? '', r.status ?? r.failure ?? '', classOf(r)]))}
</details>`).join('\n');
    const skipped = page.skipped.length ? `<ul>${page.skipped.map((k) => `<li>${esc(k.scenario)} skipped: ${esc(k.reason)}</li>`).join('')}</ul>` : '';
    return `<section><h2>${esc(page.url)}</h2>
<p>${page.migu.present ? `migu-consent on the page: consent cookie <code>${esc(page.migu.cookieName)}</code>, categories ${esc(page.migu.categories.join(', '))}` : 'No migu-consent on this page.'}
 Findings: <strong>${count(page.findings, 'violation')}</strong> violations, ${count(page.findings, 'warning')} warnings, ${count(page.findings, 'info')} infos.</p>
${skipped}${shot}${findings || '<p class="good">No findings.</p>'}
<h3>Scenarios</h3>
${scenarios}</section>`;
  }).join('\n');
  const t = report.summary;
  // the sorter: a click on a column head sorts its table; numbers as numbers
  const script = `document.addEventListener('click', (e) => {
  const button = e.target.closest('th button'); if (!button) return;
  const th = button.parentElement, table = th.closest('table'), i = [...th.parentElement.children].indexOf(th);
  const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
  for (const h of th.parentElement.children) h.removeAttribute('aria-sort');
  th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
  const body = table.tBodies[0], key = (r) => r.cells[i].textContent, num = (s) => s !== '' && !isNaN(s);
  [...body.rows].sort((a, b) => { const x = key(a), y = key(b); return dir * (num(x) && num(y) ? x - y : x.localeCompare(y)); }).forEach((r) => body.append(r));
});`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>migu-consent audit: ${esc(report.pages.map((p) => p.url).join(', '))}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:1rem auto;max-width:80rem;padding:0 1rem;color:#1f1f1f}
table{border-collapse:collapse;width:100%;margin:.75rem 0}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus-visible{outline:2px solid #0b57d0}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
td.n{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b3261e;font-weight:600}.good{color:#146c2e}
.note{color:#6b5900}figure img{max-width:100%;border:1px solid #ccc}summary{cursor:pointer;font-weight:600;margin:.5rem 0}
</style></head><body>
<h1>migu-consent audit</h1>
<p>${esc(new Date(report.startedAt).toISOString())} · ${esc(t.pages)} page(s) · <strong>${esc(t.violation)}</strong> violations, ${esc(t.warning)} warnings, ${esc(t.info)} infos${t.failed ? ` · <span class="bad">${esc(t.failed)} not audited</span>` : ''} · fail-on ${esc(report.options.failOn)} → exit ${esc(report.exitCode)}</p>
${report.lists?.length ? `<p>Tracker lists: ${report.lists.map((l) => `${esc(l.name)} (${esc(l.filters)} network filters)`).join(', ')}. A request one of them matches is a <em>known tracker</em>.</p>\n` : ''}<p>Times (t) are in milliseconds relative to the scenario's first decision (a click), or to the start of the page load when there was none.</p>
${pages}
<script>${script}</script>
</body></html>
`;
}
