// In-page probe, added as an init script (runs before any script of the page). Times are
// performance.now(), i.e. milliseconds from navigation start (performance.timeOrigin): the time base of
// Resource Timing too, so run.mjs compares `visible` with the entries' responseEnd as they are.
// - inDom: the first moment the banner element exists (a MutationObserver on the document
//   and on every shadow root created, so the callback runs in the microtask after insertion);
// - visible: from then on, the first animation frame in which it has a box inside the viewport and is not
//   hidden by `visibility` or a zero `opacity` (checkVisibility): a fading banner counts from
//   its first frame above zero opacity;
// - longTasks: durations of the long tasks (PerformanceObserver 'longtask');
// - trackerParsed: the first moment the page's first tracker markup exists (the parser inserted it).
export function probe({ selector }) {
  if (window.top !== window) return;
  const bench = { inDom: null, visible: null, longTasks: [], trackerParsed: null };
  const waiting = [];
  Object.defineProperty(window, '__bench', { value: bench });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long task API: reported as zero */ }

  // when the parser inserts the first tracker's markup (gated or not): no manager can start a gated
  // tracker sooner, short of fetching it before the page names it
  const trackers = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && /\/bench\/tracker\//.test(`${n.getAttribute('src') ?? ''} ${n.getAttribute('data-src') ?? ''} ${n.localName === 'script' ? n.textContent : ''}`)) {
          bench.trackerParsed = performance.now();
          trackers.disconnect();
          return;
        }
      }
    }
  });
  trackers.observe(document, { childList: true, subtree: true });

  const steps = selector.split('>>>').map((s) => s.trim());
  const find = () => {
    let scope = document;
    for (let i = 0; i < steps.length; i++) {
      const el = scope.querySelector(steps[i]);
      if (!el || i === steps.length - 1) return el;
      scope = el.shadowRoot;
      if (!scope) return null;
    }
    return null;
  };
  const observer = new MutationObserver(() => {
    if (bench.inDom === null && find()) {
      bench.inDom = performance.now();
      observer.disconnect();
      // frames are watched only from here: a banner that never comes costs no extra CPU
      requestAnimationFrame(frame);
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  if (steps.length > 1) {
    const attachShadow = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const shadow = attachShadow.call(this, init);
      if (bench.inDom === null) observer.observe(shadow, { childList: true, subtree: true });
      return shadow;
    };
  }

  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return false;
    return el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  function frame() {
    const el = find();
    if (el && shown(el)) {
      bench.visible = performance.now();
      for (const done of waiting) done();
    } else if (performance.now() - bench.inDom < 5000) {
      requestAnimationFrame(frame);
    }
  }

  /** Resolves once the banner is visible, or `ms` after navigation start. */
  bench.until = (ms) => new Promise((done) => {
    if (bench.visible !== null) return done();
    waiting.push(done);
    setTimeout(done, Math.max(0, ms - performance.now()));
  });
}
