// dist/migu-consent.lang.en.js: fetched by the script build's UI for an English page.
import { en } from './en.js';
import { register } from './register.js';

register('en', en);
