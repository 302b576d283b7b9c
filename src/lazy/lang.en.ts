// dist/migu-consent.lang.en.js: the UI's strings for an English page (i18n/packs-lazy.ts).
import { registerChunk } from '../shared/loader-link.js';
import { en } from '../i18n/en.js';

registerChunk('lang.en', en);
