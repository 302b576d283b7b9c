import type { RuntimeFeature } from '../core/runtime-types.js';
import { ConsentFacade } from './api.js';
import type { RuntimeInit } from './consent-runtime.js';
import { ConsentRuntime } from './consent-runtime.js';
import { configOf } from './config-source.js';
import { logError } from '../shared/log.js';
import { OPTION_ATTRIBUTES, optionsFromElement } from './options.js';
import { misspeltOptions } from './misspelt-options.js';
import { parsed } from '../gating/scan.js';

/** Where a `<migu-consent>` element keeps its runtime; a global symbol so separately loaded bundles share it. */
export const RUNTIME = Symbol.for('migu-consent.runtime');

// for a gate's stamped scripts; in the script build the UI takes it from the runtime (bootstrap-shared.ts)
export { holdScriptText } from '../gating/activate-script.js';
const FACADE = Symbol.for('migu-consent.api');

type WithRuntime = Element & { [RUNTIME]?: ConsentRuntime | undefined };
type GlobalWithFacade = typeof globalThis & { [FACADE]?: ConsentFacade };

/** Steps that start with every runtime (gating, receipts, withdrawal clean-up); each returns its teardown. */
const features: RuntimeFeature<ConsentRuntime>[] = [];

/** Registers a feature for every runtime created from now on. */
export function addRuntimeFeature(feature: RuntimeFeature<ConsentRuntime>): void {
  if (!features.includes(feature)) features.push(feature);
}

/** The page's one API object, shared by every bundle on the page. */
export function pageApi(): ConsentFacade {
  const g = globalThis as GlobalWithFacade;
  return (g[FACADE] ??= new ConsentFacade());
}

const unparsed = new WeakSet<Element>();

/**
 * Runs `start` once the parser is past `element`: a blocking script in `<head>` that defines the element (an
 * app's bundle) has it upgraded at its start tag, before its child `<script type="application/json">`, the
 * config, is parsed. Started then, its runtime went on without the config, saying nothing: no services, no
 * declared host guarded, no cookie swept. At once when the element is parsed, has a runtime or a `config` property.
 */
export function whenParsed(element: Element & { config?: unknown }, start: () => void): void {
  if (parsed(element) || (element as WithRuntime)[RUNTIME] || element.config !== undefined) return start();
  // connected again meanwhile (moved while parsed): the start waiting already serves
  if (unparsed.has(element)) return;
  unparsed.add(element);
  const check = (): void => {
    if (!parsed(element)) return;
    unparsed.delete(element);
    observer.disconnect();
    document.removeEventListener('DOMContentLoaded', check);
    start();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', check);
}

/**
 * The runtime of a `<migu-consent>` element, created on first use from its
 * attributes and config, started with every registered feature and attached to
 * the page API. Used by the Lit element and by the script-tag loader alike.
 */
export function runtimeFor(
  element: Element,
  init: Omit<RuntimeInit, 'options' | 'config' | 'target'> = {},
  /** The caller's part of the start: the element taking its runtime, the script build's take-over (src/lazy/runtime.ts). */
  hooks: {
    /**
     * Runs once the runtime is attached to the page API, before `migu-consent-ready`, so that a
     * listener of it finds the caller ready too. Not run for a runtime the element already had.
     */
    beforeReady?: (runtime: ConsentRuntime) => void;
    /** The page had its `migu-consent-ready` from the first stage already: no second one. */
    announced?: boolean;
  } = {},
): ConsentRuntime {
  const host = element as WithRuntime;
  const existing = host[RUNTIME];
  if (existing) return existing;
  const config = configOf(host);
  // React 18 renders config={object} as the attribute "[object Object]" (React 19 and Vue too, for an element
  // not yet defined: a lazy import), and HTML authors write JSON there: neither is read, and the site's
  // services, hosts and cookies would be missing without a word
  if (config === undefined && element.hasAttribute('config')) {
    logError('config', `the config attribute is not read${element.getAttribute('config') == '[object Object]' ? ' ("[object Object]": an object set as an attribute, by React 18, or before the element was defined: render it once migu-consent is imported)' : ''}: set the config property, or put the JSON in a child <script type="application/json">`);
  }
  // a second one (a fragment per team, a template included twice) was dropped without a word: its categories missing
  // (configOf's selector)
  if (typeof config == 'string' && element.querySelectorAll(':scope>script[type*=json]').length > 1) {
    logError('config', 'more than one <script type="application/json"> in <migu-consent>: only the first is read; put the whole config in one');
  }
  for (const [attribute, option] of misspeltOptions(element, Object.values(OPTION_ATTRIBUTES))) {
    logError('option', `${attribute}: <migu-consent> has no such attribute (did you mean ${option}?): it is ignored`);
  }
  const runtime = new ConsentRuntime({
    ...init,
    options: optionsFromElement(element, (m) => { logError('option', m); }),
    config,
    target: element,
  });
  host[RUNTIME] = runtime;
  // an attribute set later (a policy revision the page learnt, `minor` once the user logged in): as at
  // the start (ConsentRuntime.setOptions); the element's properties reflect to these attributes
  const watcher = new MutationObserver(() => { runtime.setOptions(optionsFromElement(element, (m) => { logError('option', m); })); });
  watcher.observe(element, { attributeFilter: Object.values(OPTION_ATTRIBUTES) });
  runtime.addCleanup(() => { watcher.disconnect(); });
  for (const feature of features) {
    try {
      const stop = feature(runtime);
      if (stop) runtime.addCleanup(stop);
    } catch (e) {
      logError('api', `a feature failed to start: ${String(e)}`);
    }
  }
  pageApi().attach(runtime);
  try {
    hooks.beforeReady?.(runtime);
  } catch (e) {
    logError('api', String(e));
  }
  if (!hooks.announced) runtime.announceReady();
  return runtime;
}

/** Ends an element's runtime (element removed for good). */
export function disposeRuntime(element: Element): void {
  const host = element as WithRuntime;
  const runtime = host[RUNTIME];
  if (!runtime) return;
  pageApi().detach(runtime);
  runtime.dispose();
  host[RUNTIME] = undefined;
}
