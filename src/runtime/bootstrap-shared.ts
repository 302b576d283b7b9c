// Stands in for bootstrap.ts inside the lazily loaded UI script (dist/migu-consent.ui.js):
// the loader already holds the page's runtime and API, so the UI uses the loader's
// functions instead of bundling a second core. rollup.config.js swaps the module in.
// They come with the loader's registration, 'loader', in the registry of the lazily
// loaded files (shared/loader-link.ts); iife.ts registers them.
import type * as Bootstrap from './bootstrap.js';
import type { LoaderExports } from '../shared/loader-link.js';
import { loader } from '../shared/loader-link.js';

/** What the loader registers as 'loader' (iife.ts). */
export type Loader = Pick<typeof Bootstrap, 'runtimeFor' | 'pageApi' | 'disposeRuntime' | 'holdScriptText'> & LoaderExports;

export const runtimeFor: Loader['runtimeFor'] = (element, init, hooks) => loader<Loader>().runtimeFor(element, init, hooks);
export const pageApi: Loader['pageApi'] = () => loader<Loader>().pageApi();
export const disposeRuntime: Loader['disposeRuntime'] = (element) => { loader<Loader>().disposeRuntime(element); };
export const holdScriptText: Loader['holdScriptText'] = (script) => { loader<Loader>().holdScriptText(script); };
/** The loader started this page's runtime once the element was parsed (iife.ts): the UI takes it over at once. */
export const whenParsed: typeof Bootstrap.whenParsed = (_element, start) => { start(); };
