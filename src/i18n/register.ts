// How a language file of the script build (migu-consent.lang.<lang>.js) hands its strings to the UI.
import type { Lang } from '../core/types.js';
import type { Translation } from './translation.js';

export const PACKS = Symbol.for('migu-consent.i18n');
export type Register = (lang: Lang, t: Translation) => void;

export const register: Register = (lang, t) => { (globalThis as { [PACKS]?: Register })[PACKS]?.(lang, t); };
