// A fix for the test runner, not for the product. @web/dev-server-core 0.7.5 (the last for node 20)
// runs structuredClone over every message a test page sends. A failed assertion on a DOM node keeps
// the node as the error's `actual` / `expected` (chai), which cannot be cloned: the page's report of
// the whole file threw, and the run sat until testsFinishTimeout without a word on which test failed,
// in every browser (modernweb-dev/web#2967; 1.0 drops the clone but needs node 22). This plugin sends
// what cannot be cloned as text instead: an element as its start tag, anything else as String().

const SOCKET_MODULE = '/__web-dev-server__web-socket.js';
const CLONE = 'var target = structuredClone(obj)';

/** `value` as structuredClone copies it; what it cannot copy, as text. Runs in the test page. */
function cloneable(value, seen) {
  try {
    return structuredClone(value);
  } catch {
    // a DOM node, a function, a window, or an object or array holding one: below
  }
  if (value instanceof Element) {
    return `<${value.localName}${[...value.attributes].map((a) => ` ${a.name}="${a.value}"`).join('')}>`;
  }
  const proto = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return String(value);
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  const copy = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) copy[key] = cloneable(value[key], seen);
  return copy;
}

/** The plugin: rewrites the served socket module; does nothing once a version no longer clones. */
export function cloneSafeReports() {
  return {
    name: 'clone-safe-reports',
    transform(context) {
      if (context.path !== SOCKET_MODULE || typeof context.body !== 'string' || !context.body.includes(CLONE)) return undefined;
      return `${context.body.replace(CLONE, 'var target = cloneable(obj, new Set())')}\n${cloneable.toString()}\n`;
    },
  };
}
