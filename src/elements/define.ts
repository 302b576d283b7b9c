import { MiguConsentElement } from './migu-consent.js';

/** Registers the elements once; a second copy of the library on the page does not throw. */
export function defineElements(): void {
  if (!customElements.get('migu-consent')) customElements.define('migu-consent', MiguConsentElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'migu-consent': MiguConsentElement;
  }
}
