import { MiguConsentElement } from './migu-consent.js';
import { GATE_TAG } from './gate-tag.js';
import { MiguConsentGateElement } from './migu-consent-gate.js';

/** Registers the elements once; a second copy of the library on the page does not throw. */
export function defineElements(): void {
  if (!customElements.get('migu-consent')) customElements.define('migu-consent', MiguConsentElement);
  if (!customElements.get(GATE_TAG)) customElements.define(GATE_TAG, MiguConsentGateElement);
}
