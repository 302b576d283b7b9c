// The script build's init-check.ts (rollup.config.js says why): what it is given, as it is.
import type { RuntimeInit } from './consent-runtime.js';

export const checkInit = (init: RuntimeInit): RuntimeInit => init;
