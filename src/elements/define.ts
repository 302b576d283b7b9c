import { MiguConsentElement } from './migu-consent.js';
import { MiguConsentGateElement } from './migu-consent-gate.js';

/** Registers the elements once; a second copy of the library on the page does not throw. */
export function defineElements(): void {
  if (!customElements.get('migu-consent')) customElements.define('migu-consent', MiguConsentElement);
  if (!customElements.get('migu-consent-gate')) customElements.define('migu-consent-gate', MiguConsentGateElement);
}
