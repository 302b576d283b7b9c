import { createContext } from '@lit/context';
import type { ConsentState } from '../core/types.js';
import type { ConsentRuntime } from '../runtime/consent-runtime.js';

/** What `<migu-consent>` provides to its descendants: the live state and the runtime to act on. */
export interface ConsentContextValue {
  state: ConsentState;
  runtime: ConsentRuntime | undefined;
}

export const consentContext = createContext<ConsentContextValue>(Symbol.for('migu-consent.context'));
