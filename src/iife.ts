// The script-tag build: registers the elements, defines `window.MiguConsent`, and
// adds a `<migu-consent>` to <body> when the page has none by DOMContentLoaded.
import { addRuntimeFeature, pageApi } from './runtime/bootstrap.js';
import { defineElements } from './elements/define.js';
import { features } from './features.js';
import type { ConsentApi } from './runtime/api.js';

declare global {
  interface Window {
    MiguConsent: ConsentApi;
  }
}

features.forEach(addRuntimeFeature);
window.MiguConsent = pageApi();
defineElements();

function ensureElement(): void {
  if (!document.querySelector('migu-consent')) document.body.append(document.createElement('migu-consent'));
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ensureElement, { once: true });
else ensureElement();
