// klaro 0.7: the benchmark's config (necessary, analytics, marketing as purposes, one service each).
window.klaroConfig = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  cookieExpiresAfterDays: 365,
  default: false,
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  lang: 'en',
  translations: {
    en: {
      purposes: { necessary: 'Necessary', analytics: 'Analytics', marketing: 'Marketing' },
      session: { description: 'Needed for the site to work.' },
      stats: { description: 'Anonymous usage statistics.' },
      pixel: { description: 'Advertising measurement.' },
    },
  },
  services: [
    { name: 'session', title: 'Session', purposes: ['necessary'], required: true },
    { name: 'stats', title: 'Stats', purposes: ['analytics'] },
    { name: 'pixel', title: 'Ad pixel', purposes: ['marketing'] },
  ],
};
