import { logError, logWarn } from '../shared/log.js';
import { claimScriptText, trustedScriptURL } from '../shared/trusted-types.js';
import { STATE } from './scan.js';
import { gatedUrl } from '../shared/url.js';
import { currentScript, documentScripts } from '../shared/current-script.js';
import { refusedScriptUrls } from './guard.js';

// captured while the script-tag build (or a classic bundle with the npm build) runs: the nonce the page gave us
const ownNonce = currentScript()?.nonce ?? '';

/**
 * The page's nonce when gating has none of its own (a module has no `currentScript`, a loader may be
 * added without one): the nonce that the page's scripts (not gated ones) carry, '' when none does. Null
 * when they carry different ones: markup added one (a guessed nonce), and which is the page's is not known.
 */
function documentNonce(): string | null {
  const nonces = new Set<string>();
  try {
    // not `document.scripts`: markup can shadow it (shared/current-script.ts)
    for (const s of documentScripts()) if (s.nonce && !s.hasAttribute('data-consent')) nonces.add(s.nonce);
  } catch {
    return null; // the page's scripts cannot be read: no nonce is known to be the page's
  }
  return nonces.size > 1 ? null : [...nonces][0] ?? '';
}

/** The event the mark after an inline module fires once that module has run (see `run`). */
const MODULE_RAN = 'migu-consent-module';

/** Gating's own maker of script text under Trusted Types: no other code gets it (see shared/trusted-types.ts). */
const scriptText = claimScriptText();

/**
 * What gating ran on this page, whichever queue ran it: an app that remounts `<migu-consent>` gets a
 * new runtime and, with it, a new queue, and a withdrawal there must still know that code of the
 * withdrawn category is running (the reload of `revoke="reload"`). Kept as what each script needed,
 * `data-consent` and `data-consent-service` joined by a comma (gating/index.ts reads them), not as the script:
 * that kept the route an app had removed, all of it, for the page's life (long-SPA probe).
 */
const ranOnPage = new Set<string>();

/**
 * Texts kept off their inert scripts (see {@link holdScriptText}), read when they run. Private to
 * gating, unlike an attribute or a property: markup cannot put text here.
 */
const heldTexts = new WeakMap<HTMLScriptElement, string>();

/**
 * Takes the text out of a script that is to be inserted inert (a gate's stamped copy of its template):
 * under Trusted Types, Chromium reports every inserted script whose text came by cloning (a violation
 * event, to the site's report-uri, and two console errors), even one that never runs. Gating runs it
 * with the text kept here.
 */
export function holdScriptText(script: HTMLScriptElement): void {
  heldTexts.set(script, script.text);
  script.replaceChildren();
}

/** Forgets the scripts that ran: for tests, which run many pages' worth of gating in one document. */
export const forgetRanScripts = (): void => { ranOnPage.clear(); };

export interface ScriptQueue {
  /** Queues scripts (in the order given) that are not queued or done already, and runs what it can. */
  add(scripts: HTMLScriptElement[]): void;
  /** Drops what waits (teardown). */
  clear(): void;
  /**
   * Stops the copies still loading whose original is no longer allowed (a withdrawal while the tracker
   * downloads): they never run, and run again on a later grant. Absent from the queue of an earlier version's
   * first stage, which the runtime takes over where a cache mixes versions.
   */
  stop?(): void;
  /** What the scripts that ran on this page needed, by this queue or an earlier one: when one is no longer granted, the page reloads. */
  ran: Set<string>;
}

/**
 * Whether a nonce on `el` counts, as the browser judges it (CSP's "is element nonceable"): not when an
 * attribute's name or value holds `<script` or `<style`, the mark of injected markup left open that
 * swallowed the page's next tag and its nonce (`<script type="text/plain" data-consent=… src=… x=`).
 * The browser refuses such a script; inserted by us, 'strict-dynamic' would trust it.
 */
const nonceable = (el: Element): boolean => !/<s(cript|tyle)/i.test([...el.attributes].map((a) => a.name + a.value).join());

/**
 * Runs gated `<script type="text/plain">` elements: each once, in the order queued,
 * an external one (without `async`) holding back the next until it loads or fails.
 * Each runs as a new script (attributes copied but `type`/`data-type`, its own nonce
 * kept) inserted right after it; the inert original stays in place (frameworks own it),
 * marked activated. `data-type="module"` runs as a module, any other type but classic not at all.
 * `allowed` is asked again when a script's turn comes: one withdrawn meanwhile waits.
 * When the page uses nonces (`pageNonce`: the loader's, else the one the page's scripts carry), a
 * gated script runs only if it carries that nonce itself: injected markup does not know it, and the
 * nonce is never lent. When the page's scripts carry different nonces, none runs.
 */
export function scriptQueue(allowed: (el: Element) => boolean, pageNonce?: string): ScriptQueue {
  let queue: HTMLScriptElement[] = [];
  let busy = false;
  const seen = new WeakSet<Element>();
  const ran = ranOnPage;
  /** External copies inserted and not yet loaded (or failed), with their originals. */
  const loading = new Map<HTMLScriptElement, HTMLScriptElement>();

  const next = (): void => {
    let original: HTMLScriptElement | undefined;
    // looked up once for what runs now: an ES module runs once the document is parsed, its scripts with it
    let nonce: string | null | undefined = pageNonce;
    while (!busy && (original = queue.shift())) {
      if (original.isConnected && allowed(original)) run(original, nonce === undefined ? (nonce = ownNonce || documentNonce()) : nonce);
      // withdrawn or removed meanwhile: forgotten, so that a later grant or insertion queues it again
      else seen.delete(original);
    }
  };

  const run = (original: HTMLScriptElement, nonce: string | null): void => {
    if (nonce === null || (nonce && (original.nonce !== nonce || !nonceable(original)))) {
      // stays seen: warned and refused once; the browser hides the attribute, `.nonce` holds it
      original.setAttribute(STATE, 'refused');
      logWarn('gating', nonce === null
        ? 'a gated <script> was not run: the page\'s scripts carry different nonces (injected markup?)'
        : 'a gated <script> without the page\'s nonce was not run (injected markup?): give it the nonce of the migu-consent script tag');
      return;
    }
    // as the browser reads a `type`: in any case, around spaces; what it would not run as a script is not run
    const type = original.getAttribute('data-type')?.trim().toLowerCase() ?? '';
    if (!/^(module|classic|(text|application)\/(x-)?(java|ecma)script)?$/.test(type)) {
      original.setAttribute(STATE, 'refused');
      logWarn('gating', `a gated <script> with data-type="${type}" was not run`);
      return;
    }
    const src = original.getAttribute('src') ?? refusedScriptUrls.get(original) ?? null;
    const url = src === null ? undefined : gatedUrl(src, original);
    if (src !== null && !url) {
      original.setAttribute(STATE, 'refused');
      seen.delete(original); // tried again if its src is corrected
      return;
    }
    original.setAttribute(STATE, 'activated');
    /** Lets the next script run once this one has (an external or module one holds it back until then). */
    const done = (): void => {
      busy = false;
      next();
    };
    try {
      const script = document.createElement('script');
      // its handlers (onload="…") stay on the original, which hears the copy's load and error (below)
      for (const { name, value } of original.attributes) {
        if (name !== 'type' && name !== 'data-type' && name !== 'src' && !/^on/i.test(name)) script.setAttribute(name, value);
      }
      if (type === 'module') script.type = 'module';
      if (original.nonce) script.nonce = original.nonce;
      if (url) {
        script.src = trustedScriptURL(url);
        loading.set(script, original);
        // the page listens on the element it made (`s.onload = init`, a loader's promise): told how its copy
        // ended, before the next gated script runs, as a browser fires load before the parser goes on
        const blocking = (busy = !original.hasAttribute('async'));
        for (const type of ['load', 'error']) {
          script.addEventListener(type, () => {
            // stopped by a withdrawal: Firefox fires load on the copy it did not run
            if (!loading.delete(script)) return;
            script.type = original.type; // ran: see below (the original's is text/plain)
            original.dispatchEvent(new Event(type));
            if (blocking) done();
          });
        }
      } else {
        const text = heldTexts.get(original) ?? original.text;
        script.text = scriptText ? scriptText(text) : text;
      }
      // an inline module runs once its imports are in, after later scripts, and fires no load: a module of
      // ours right after it (the two in order: not async) tells when it has run, or its CSP violation does
      const mark = type === 'module' && !url && !original.hasAttribute('async') && document.createElement('script');
      if (mark) {
        busy = true;
        mark.type = 'module';
        mark.nonce = original.nonce ?? '';
        mark.text = (scriptText ?? String)(`dispatchEvent(new Event('${MODULE_RAN}'))`);
        addEventListener(MODULE_RAN, done, { once: true });
        mark.addEventListener('securitypolicyviolation', done);
        script.async = mark.async = false;
      }
      // eslint-disable-next-line @typescript-eslint/restrict-plus-operands -- an array's join by ',' in fewer bytes (null: '')
      ran.add([original.getAttribute('data-consent'), original.getAttribute('data-consent-service')] + '');
      // An inline classic script runs as it is inserted, and no parser runs it: its document.write (an old
      // vendor snippet's, CNZZ's) would open the document anew and wipe the page. Ignored, said
      const proto = Document.prototype;
      // eslint-disable-next-line @typescript-eslint/unbound-method, @typescript-eslint/no-deprecated -- put back as they were
      const { write, writeln } = proto;
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- what a vendor's snippet calls
      if (!url && type !== 'module') proto.write = proto.writeln = (): void => { logWarn('gating', 'document.write() in a gated script is ignored: it would wipe the page'); };
      try {
        // next to the original, which stays inert where the page put it: a framework (React, Vue)
        // that rendered it removes it or inserts before it later, and would throw if it were gone
        original.after(script);
        // once it ran, inert: a copy of the page's HTML inserted again (htmx's history snapshot on Back, a
        // `innerHTML = innerHTML`) would run it again as the page's own script, after a withdrawal too
        if (!url) script.type = original.type;
      } finally {
        Object.assign(proto, { write, writeln });
      }
      // the id goes with the running copy, so that a tag finding itself by id finds that one
      original.removeAttribute('id');
      if (mark) script.after(mark);
    } catch (e) {
      busy = false;
      logError('gating', `a gated script could not run: ${String(e)}`);
    }
  };

  return {
    ran,
    add(scripts) {
      for (const s of scripts) {
        if (!seen.has(s)) {
          seen.add(s);
          queue.push(s);
        }
      }
      next();
    },
    clear() {
      queue = [];
    },
    stop() {
      for (const [script, original] of loading) {
        if (allowed(original)) continue;
        loading.delete(script);
        // a script whose document changed after it was prepared does not run (HTML, "execute the script
        // element"); one only removed, Chromium runs all the same (framework probe F1)
        document.implementation.createHTMLDocument('').adoptNode(script);
        original.removeAttribute(STATE);
        seen.delete(original);
        if (!original.hasAttribute('async')) {
          busy = false;
          next();
        }
      }
    },
  };
}
