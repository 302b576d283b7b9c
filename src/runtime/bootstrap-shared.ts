// Stands in for bootstrap.ts inside the lazily loaded UI script (dist/migu-consent.ui.js):
// the loader already holds the page's runtime and API, so the UI uses the loader's
// functions instead of bundling a second core. rollup.config.js swaps the module in.
// The global they come through, and the loader's other functions, are in shared/loader-link.ts.
import type * as Bootstrap from './bootstrap.js';
import type { LoaderLink } from '../shared/loader-link.js';
import { loaderLink } from '../shared/loader-link.js';

type Shared = Pick<typeof Bootstrap, 'runtimeFor' | 'pageApi' | 'disposeRuntime'> & LoaderLink;

export const runtimeFor: Shared['runtimeFor'] = (element, init) => loaderLink<Shared>().runtimeFor(element, init);
export const pageApi: Shared['pageApi'] = () => loaderLink<Shared>().pageApi();
export const disposeRuntime: Shared['disposeRuntime'] = (element) => { loaderLink<Shared>().disposeRuntime(element); };
