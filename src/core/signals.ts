import type { Signals } from './types.js';

/** The parts of `navigator` and `window` that carry privacy signals, in every spelling. */
export interface SignalSource {
  navigator?: { doNotTrack?: unknown; msDoNotTrack?: unknown; globalPrivacyControl?: unknown } | undefined;
  window?: { doNotTrack?: unknown } | undefined;
}

/** Server-side signals a host page may pass on (the DNT / Sec-GPC request headers). */
export interface HostSignals {
  dnt?: boolean;
  gpc?: boolean;
}

/** The `server-signals` attribute's words ("dnt", "gpc" or both) as host signals. */
export const serverSignals = (words: string): Required<HostSignals> => ({ dnt: /\bdnt\b/.test(words), gpc: /\bgpc\b/.test(words) });

/** "1" and "yes" (old IE, old Firefox) mean on; "0", "no", "unspecified", null mean no signal. */
const isOn = (value: unknown): boolean => value === '1' || value === 'yes' || value === 1;

/**
 * Reads DNT and GPC. Reports, never decides: what a signal means is policy's call.
 * Never throws, even on exotic navigators whose getters throw.
 */
export function readSignals(source: SignalSource, host: HostSignals = {}): Signals {
  const get = (read: () => unknown): unknown => {
    try {
      return read();
    } catch {
      return undefined;
    }
  };
  const nav = source.navigator;
  const dnt = host.dnt === true
    || isOn(get(() => nav?.doNotTrack))
    || isOn(get(() => source.window?.doNotTrack))
    || isOn(get(() => nav?.msDoNotTrack));
  const gpc = host.gpc === true || get(() => nav?.globalPrivacyControl) === true;
  return { dnt, gpc };
}

/** The signals of the running browser (its global object has both `navigator` and `window`; Node has neither, or no signal in them). */
export function browserSignals(host: HostSignals = {}): Signals {
  return readSignals(globalThis as SignalSource, host);
}
