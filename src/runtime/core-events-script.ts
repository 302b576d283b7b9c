// The script build's core-events.ts (rollup.config.js says why): a page has EventTarget and CustomEvent.
export { dispatch as emit } from './events.js';
