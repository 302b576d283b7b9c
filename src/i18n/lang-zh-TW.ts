// dist/migu-consent.lang.zh-TW.js: fetched by the script build's UI for a zh-TW / zh-Hant page.
import { register } from './register.js';
import { zhTW } from './zh-TW.js';

register('zh-TW', zhTW);
