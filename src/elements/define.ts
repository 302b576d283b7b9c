import { isServer } from 'lit';
import { logWarn } from '../shared/log.js';
import { MiguConsentElement } from './migu-consent.js';
import { GATE_TAG } from './gate-tag.js';
import { MiguConsentGateElement } from './migu-consent-gate.js';
import { adopt } from './adopt.js';
import { uiDefined } from './stub.js';

/**
 * Registers the elements once, or gives the script build's first stage's registrations their classes
 * (elements/adopt.ts); a second copy of the library on the page does not throw.
 */
export function defineElements(): void {
  // Not on a server (Lit SSR, Astro, @lit-labs/nextjs): what they show depends on the visitor's
  // stored choice, which the server cannot know, and the gate needs a DOM. Unregistered, the tags
  // pass through the server render as they are and upgrade in the browser. Constant-folded there.
  if (isServer) return;
  // <migu-consent> first: a gate inside it asks it for the context as it connects. A tag defined already is the
  // script build's first stage's, whose stub takes the class (adopt.ts), or another copy's, left as it is
  if (customElements.get('migu-consent')) adopt('migu-consent', MiguConsentElement);
  else customElements.define('migu-consent', MiguConsentElement);
  if (customElements.get(GATE_TAG)) adopt(GATE_TAG, MiguConsentGateElement);
  else customElements.define(GATE_TAG, MiguConsentGateElement);
}

/**
 * The npm build's registration: none in a browser older than those supported (Firefox 79-97, Safari
 * 14.1-15.3), which would show a banner that grants and no preferences to withdraw in; gated markup
 * stays inert there. The script build's first stage does not start there (src/iife.ts), so its UI never
 * comes to ask.
 */
export function defineElementsWhereSupported(): void {
  if (!isServer && !('HTMLDialogElement' in window)) {
    logWarn('api', 'this browser has no <dialog>: <migu-consent> is not defined (docs/script-tag.md, Browser support)');
    return;
  }
  // the script build's first stage registered the tags: two copies on one page, this one taking the element over
  // (its window.MiguConsent follows once its runtime file is in: lazy/runtime.ts)
  if (!isServer && customElements.get('migu-consent') && !uiDefined('migu-consent')) {
    logWarn('api', 'migu-consent.iife.js is on this page too: use one build per page (docs/npm-and-frameworks.md); this one takes the element over');
  }
  defineElements();
}
