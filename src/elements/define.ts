import { isServer } from 'lit';
import { MiguConsentElement } from './migu-consent.js';
import { GATE_TAG } from './gate-tag.js';
import { MiguConsentGateElement } from './migu-consent-gate.js';

/** Registers the elements once; a second copy of the library on the page does not throw. */
export function defineElements(): void {
  // Not on a server (Lit SSR, Astro, @lit-labs/nextjs): what they show depends on the visitor's
  // stored choice, which the server cannot know, and the gate needs a DOM. Unregistered, the tags
  // pass through the server render as they are and upgrade in the browser. Constant-folded there.
  if (isServer) return;
  if (!customElements.get('migu-consent')) customElements.define('migu-consent', MiguConsentElement);
  if (!customElements.get(GATE_TAG)) customElements.define(GATE_TAG, MiguConsentGateElement);
}
