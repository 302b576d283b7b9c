// What `new ConsentRuntime()` is given, checked: `migu-consent/core` hands it whatever the page's code
// passes. The script build swaps this file for init-check-script.ts (rollup.config.js): there the
// runtime is made only by bootstrap.ts, from options already checked, and the check's bytes would ride
// along for nothing.
import { logError } from '../shared/log.js';
import { listenerList } from './core-events.js';
import type { RuntimeInit } from './consent-runtime.js';
import type { ConsentOptions } from '../core/runtime-types.js';
import { DEFAULT_OPTIONS, normalizeOptions } from './options.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reports the keys of `value` outside `keys`: a misspelt name would be ignored unseen. */
function known(value: Record<string, unknown>, keys: string[], path: string): void {
  for (const key of Object.keys(value)) if (!keys.includes(key)) logError('option', `${path}${key.slice(0, 40)}: unknown, ignored (known: ${keys.join(', ')})`);
}

/**
 * What `new ConsentRuntime()` is given (from code, unchecked by types at run time), checked as the
 * element's attributes are (normalizeOptions): a bad value is reported and its default used; nothing throws.
 */
export function checkInit(given: unknown): RuntimeInit & { options: ConsentOptions } {
  const bad = (what: string, expected: string): undefined => { logError('option', `${what}: expected ${expected}; using the default`); };
  if (!isObject(given) && given !== undefined) bad('ConsentRuntime', 'an object');
  const init: Record<string, unknown> = isObject(given) ? { ...given } : {};
  known(init, ['options', 'config', 'target', 'hostSignals', 'storage', 'now'], '');
  const { options = {}, storage, target, now } = init;
  if (isObject(options)) known(options, Object.keys(DEFAULT_OPTIONS), 'options.');
  else bad('options', 'an object');
  const has = (v: unknown, ...methods: string[]): boolean => isObject(v) && methods.every((m) => typeof v[m] == 'function');
  if (storage !== undefined && !has(storage, 'read', 'write', 'clear')) init['storage'] = bad('storage', '{ read(), write(value), clear() }');
  if (target !== undefined && !has(target, 'dispatchEvent')) init['target'] = bad('target', 'an EventTarget');
  if (now !== undefined && typeof now != 'function') init['now'] = bad('now', 'a function');
  else if (now) {
    // a clock giving no time a Date holds (NaN, Infinity, beyond year 275760), or throwing, made
    // acceptAll() throw RangeError into the page after writing "NaN" into the consent cookie
    let told = false;
    init['now'] = (): number => {
      let at = NaN;
      try { at = Number((now as () => unknown)()); } catch { /* as a bad time */ }
      if (at >= 0 && at <= 8.64e15) return at;
      if (!told) logError('option', `now(): ${String(at)} is not a time in epoch ms; using Date.now()`);
      told = true;
      return Date.now();
    };
  }
  // no document (React Native, Node): the events go to a target of its own; older React Native's Hermes has
  // no EventTarget and no CustomEvent, and `new EventTarget()` threw there: a plain listener list then
  if (init['target'] === undefined && typeof document == 'undefined') {
    init['target'] = typeof EventTarget == 'function' && typeof CustomEvent == 'function' ? new EventTarget() : listenerList();
  }
  return { ...init, options: normalizeOptions(isObject(options) ? options : {}, (m) => { logError('option', m); }) };
}
