// dist/migu-consent.lang.zh-TW.js: the UI's strings for a zh-TW / zh-Hant page (i18n/packs-lazy.ts).
import { registerChunk } from '../shared/loader-link.js';
import { zhTW } from '../i18n/zh-TW.js';

registerChunk('lang.zh-TW', zhTW);
