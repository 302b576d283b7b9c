// The script build's UI (dist/migu-consent.ui.js), fetched by the loader when needed, on a
// first visit before the page's element is parsed. It gives the elements the first stage registered
// their Lit classes (elements/adopt.ts) once the loader has started that element with its config, in a task of its own: evaluating this file and
// upgrading and rendering the element are two shorter tasks instead of one long task at 4x CPU
// throttling. It takes the loader's registration (shared/loader-link.ts): the loader's runtime
// through runtime/bootstrap-shared.ts, and the languages through i18n/packs-lazy.ts (both
// swapped in by rollup). It hands nothing over.
// first, before Lit loads: Lit's globals where the page's elements have their names, and Lit's templates
// parsed as HTML on a page served as XHTML
import '../elements/lit-globals.js';
import '../elements/xhtml.js';
import { defineElements } from '../elements/define.js';
import { whenStarted } from '../shared/loader-link.js';

whenStarted(() => { setTimeout(defineElements); });
