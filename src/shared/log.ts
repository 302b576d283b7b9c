/** Console messages carry a prefix and a stable code, so they can be searched for and filtered. */
export type LogCode =
  | 'config' // invalid site config: defaults used
  | 'option' // invalid attribute value: default used
  | 'theme' // the site's theme colours below the contrast WCAG asks
  | 'api' // an API call with bad arguments
  | 'storage' // cookie or localStorage unavailable or refused a value
  | 'gating' // gated markup that cannot be activated safely
  | 'receipt' // proof-of-consent delivery
  | 'native' // the native app bridge (MiguConsentNative)
  | 'handoff' // a choice handed over between sibling sites
  | 'listener'; // a page's listener threw

export function logError(code: LogCode, message: string): void {
  try {
    console.error(`[migu-consent:${code}] ${message}`);
  } catch {
    /* a console that throws is not our problem to surface */
  }
}

export function logWarn(code: LogCode, message: string): void {
  try {
    console.warn(`[migu-consent:${code}] ${message}`);
  } catch {
    /* see logError */
  }
}

/** Warns once for `owner` (a runtime): also when the script build's loader and UI, two files, both would. */
export function logWarnOnce(owner: object, code: LogCode, message: string): void {
  const key = Symbol.for(`migu-consent.warned:${message}`);
  const o = owner as Record<symbol, true | undefined>;
  if (o[key]) return;
  o[key] = true;
  logWarn(code, message);
}
