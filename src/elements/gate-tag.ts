/** The gate element's tag: what the loader and the re-open button without Lit look for (the gate is part of the UI). */
export const GATE_TAG = 'migu-consent-gate';
