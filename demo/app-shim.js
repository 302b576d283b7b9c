// The demo's "simulated app" (not part of migu-consent): while the panel's switch is on, this page
// behaves as if a Migu app had opened it in a WebView. Loaded before migu-consent.iife.js, it defines
// `window.MiguConsentNative` as the shims in docs/native-app.md do: Android's object (what
// addJavascriptInterface adds) or iOS's user script over `webkit.messageHandlers.miguConsent`. The
// "app" keeps its choice in localStorage `demo-app-consent`, as a real app keeps it in its own store.
(() => {
  'use strict';

  const MODE = 'demo-app'; // sessionStorage: this tab is "in the app" ('android' | 'ios')
  const STORE = 'demo-app-consent'; // localStorage: the app's own record of the choice, JSON or ''
  // `storage` by name: with site data blocked (Chrome's "block all cookies") reading
  // window.localStorage itself throws, not only its methods
  const read = (storage, key) => {
    try {
      return window[storage].getItem(key);
    } catch {
      return null;
    }
  };
  const write = (storage, key, value) => {
    try {
      if (value === null) window[storage].removeItem(key);
      else window[storage].setItem(key, value);
    } catch { /* storage blocked: the switch does nothing */ }
  };
  const log = (text) => {
    (window.demoLog = window.demoLog || []).push({ at: Date.now(), source: 'app', text });
    document.dispatchEvent(new CustomEvent('demo-log'));
  };

  /**
   * The panel's switch: `mode` 'android' or 'ios' opens this page "in the app", where the user has
   * just chosen analytics only (the app's own choice, newer than the web's: the page takes it);
   * `null` leaves the app. Reloads, as a WebView loads the page anew.
   */
  function setMode(mode) {
    write('sessionStorage', MODE, mode);
    if (mode) {
      write('localStorage', STORE, JSON.stringify({
        revision: '2026-01', updatedAt: new Date().toISOString(),
        categories: { functional: true, analytics: true, personalization: false, marketing: false },
      }));
    }
    location.reload();
  }

  const mode = read('sessionStorage', MODE);
  window.demoApp = { mode, setMode, stored: () => read('localStorage', STORE) ?? '' };
  if (mode !== 'android' && mode !== 'ios') return;

  /** What the app does with a choice the page reports: keeps it, or forgets its own on reset(). */
  const receive = (json) => {
    const choice = JSON.parse(json);
    write('localStorage', STORE, choice.reset ? '' : json);
    log(choice.reset ? 'postConsent: reset, the app forgets its choice' : `postConsent: ${json}`);
  };
  const getConsent = () => read('localStorage', STORE) ?? '';
  if (mode === 'android') {
    // addJavascriptInterface: an object whose methods take and return strings
    window.MiguConsentNative = { getConsent, postConsent: receive };
  } else {
    // a WKUserScript at document start over a WKScriptMessageHandler
    window.webkit = { messageHandlers: { miguConsent: { postMessage: receive } } };
    window.MiguConsentNative = {
      getConsent,
      postConsent: (json) => { window.webkit.messageHandlers.miguConsent.postMessage(json); },
    };
  }
  log(`opened in the app (${mode}): getConsent() = ${getConsent() || '""'}`);
})();
