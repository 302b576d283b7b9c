// The contenders of the benchmark: one page template, filled with each consent manager's
// own recommended markup and an equivalent config (necessary, analytics, marketing; one
// gated script and one gated pixel). The tracker lives on this server, under /bench/tracker/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const page = (file) => readFileSync(new URL(`pages/${file}`, import.meta.url), 'utf8');
const template = page('template.html');
const miguConfig = page('migu-config.json').trim();

export const TRACKER_SCRIPT = '/bench/tracker/analytics.js';
export const TRACKER_PIXEL = '/bench/tracker/pixel.gif';
const pixel = (attrs) => `<img alt="" width="1" height="1" ${attrs}>`;

const FLOOR_BANNER = `<div id="floor-banner" role="region" aria-label="Cookies" style="position:fixed;inset:auto 1rem 1rem;padding:1rem;background:#fff;border:1px solid #757575;border-radius:.5rem;z-index:9">
  <p>We use cookies for statistics and advertising, only with your consent.</p>
  <button type="button">Accept all</button> <button type="button">Reject all</button> <button type="button">Manage preferences</button>
</div>`;

/**
 * Every browser file of migu-consent's script build (loader, UI, chunks, languages): whatever a page
 * fetches of them is counted, so a file added to the build is counted without a change here.
 */
function miguFiles() {
  const dist = new URL('../dist/', import.meta.url);
  return existsSync(dist) ? readdirSync(dist).filter((f) => /^migu-consent.*\.js$/.test(f)).sort().map((f) => `dist/${f}`) : [];
}

/**
 * - files: every file of the consent manager a page may fetch (repo paths, served as /<path>): the
 *   bytes rows count those of them that a run really fetched (resource timing), by their brotli -11 size
 *   (site config excluded: it is inline for migu-consent and about as large for everyone).
 * - banner: where its first-layer banner appears; `>>>` steps into a shadow root.
 * - accept: run in the page to accept everything through the manager's API.
 * - gate: how 1,000 inserted pixels are gated (attributes, and a call the manager needs, if any); null: no equivalent.
 */
export const contenders = [
  {
    id: 'floor',
    label: 'floor',
    files: [],
    head: '',
    bodyStart: FLOOR_BANNER,
    // inert on the first visit, as gated markup is; the returning floor loads them directly (variant "ungated")
    trackers: `<script type="text/plain" src="${TRACKER_SCRIPT}"></script>\n${pixel(`data-src="${TRACKER_PIXEL}"`)}`,
    ungated: `<script async src="${TRACKER_SCRIPT}"></script>\n${pixel(`src="${TRACKER_PIXEL}"`)}`,
    banner: '#floor-banner',
    accept: null,
    gate: null,
  },
  {
    id: 'migu',
    label: 'migu-consent',
    // the first stage; once the page is idle, check.js (first visit) or returning.js (returning visitor)
    get files() { return miguFiles(); },
    head: '<script src="/dist/migu-consent.iife.js"></script>',
    bodyStart: `<migu-consent policy-url="/privacy.html"><script type="application/json">${miguConfig}</script></migu-consent>`,
    trackers: `<script type="text/plain" data-consent="analytics" src="${TRACKER_SCRIPT}"></script>\n${pixel(`data-consent="marketing" data-src="${TRACKER_PIXEL}"`)}`,
    banner: 'migu-consent >>> [part=banner]',
    accept: () => { window.MiguConsent.acceptAll(); },
    gate: { attrs: { 'data-consent': 'marketing' }, after: null },
  },
  {
    id: 'vanilla',
    label: 'vanilla-cookieconsent',
    files: ['node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js', 'node_modules/vanilla-cookieconsent/dist/cookieconsent.css'],
    head: [
      '<link rel="stylesheet" href="/node_modules/vanilla-cookieconsent/dist/cookieconsent.css">',
      '<script defer src="/node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js"></script>',
      '<script defer src="/bench/pages/vanilla-config.js"></script>',
    ].join('\n'),
    bodyStart: '',
    // it gates <script> tags only: the pixel is a gated inline script that makes the image
    trackers: `<script type="text/plain" data-category="analytics" src="${TRACKER_SCRIPT}"></script>\n<script type="text/plain" data-category="marketing">new Image(1, 1).src = '${TRACKER_PIXEL}';</script>`,
    banner: '#cc-main .cm',
    accept: () => { window.CookieConsent.acceptCategory('all'); },
    gate: null,
    gateNote: 'gates only <script> tags, scanned at run()/accept time: no pixel gating and no watch for later insertions',
  },
  {
    id: 'klaro',
    label: 'klaro',
    files: ['node_modules/klaro/dist/klaro.js'],
    head: [
      '<script defer src="/bench/pages/klaro-config.js"></script>',
      '<script defer data-config="klaroConfig" src="/node_modules/klaro/dist/klaro.js"></script>',
    ].join('\n'),
    bodyStart: '',
    trackers: `<script type="text/plain" data-type="text/javascript" data-name="stats" data-src="${TRACKER_SCRIPT}"></script>\n${pixel(`data-name="pixel" data-src="${TRACKER_PIXEL}"`)}`,
    banner: '#klaro .cookie-notice, #klaro .cookie-modal',
    accept: () => {
      const manager = window.klaro.getManager();
      manager.changeAll(true);
      manager.saveAndApplyConsents();
    },
    // klaro does not watch the DOM: new elements are applied only by an explicit applyConsents()
    gate: { attrs: { 'data-name': 'pixel' }, after: 'klaro' },
    gateNote: 'no watch for insertions: timed with the explicit klaro.getManager().applyConsents() call that they need',
  },
];

// BENCH_AB=<dist of another build>: that build runs as one more contender, interleaved with this one,
// so that a regression is measured in the same conditions rather than guessed across runs
if (process.env.BENCH_AB) {
  const miguC = contenders.find((c) => c.id === 'migu');
  const dir = process.env.BENCH_AB;
  contenders.push({
    ...miguC,
    id: 'migu-b',
    label: `migu-consent B (${process.env.BENCH_AB_LABEL ?? dir})`,
    files: existsSync(dir) ? readdirSync(dir).filter((f) => /^migu-consent.*\.js$/.test(f)).sort().map((f) => `ab/${f}`) : [],
    head: '<script src="/ab/migu-consent.iife.js"></script>',
  });
}

export const byId = Object.fromEntries(contenders.map((c) => [c.id, c]));

/**
 * A portal page's worth of markup (~8,000 elements, nested 11 deep, like a Migu home page):
 * what the parser hands a consent manager's observers before the trackers at the end.
 */
function largeContent() {
  const block = (depth) => (depth === 0
    ? '<span>item <a href="#x">link</a></span>'
    : `<div class="d${depth}">${block(depth - 1)}${depth > 3 ? block(depth - 1) : ''}<p>text</p></div>`);
  return `<section class="card">${Array.from({ length: 6 }, () => block(10)).join('\n')}</section>`;
}
const LARGE = largeContent();

/**
 * The page of a contender. Variants, comma-separated: "ungated", the floor page that loads the
 * tracker directly; "large", the page with {@link largeContent} before the trackers.
 */
export function renderPage(id, variant) {
  const c = byId[id];
  if (!c) return undefined;
  const variants = new Set((variant ?? '').split(','));
  const fill = {
    NAME: c.label,
    HEAD: c.head,
    BODY_START: c.bodyStart,
    LARGE: variants.has('large') ? LARGE : '',
    TRACKERS: variants.has('ungated') && c.ungated ? c.ungated : c.trackers,
    BODY_END: '',
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => fill[key] ?? '');
}
