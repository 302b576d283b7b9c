// The signal notice, once dismissed, stays away for the browser session (sessionStorage,
// per tab). Read by the element and by the script build's loader, which then needs no UI
// for a returning visitor with a privacy signal (only the re-open button).
const NOTICE_KEY = 'migu-consent-notice';

/** Whether the notice was dismissed in this session; storage blocked: no (it shows on each page). */
export function noticeDismissed(): boolean {
  try {
    return sessionStorage.getItem(NOTICE_KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers the dismissal for the session; storage blocked: for this page only. */
export function rememberNoticeDismissed(): void {
  try {
    sessionStorage.setItem(NOTICE_KEY, '1');
  } catch { /* for this page only */ }
}
