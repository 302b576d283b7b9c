// vanilla-cookieconsent 3.1: the benchmark's config (necessary, analytics, marketing), as its docs show it.
/* global CookieConsent */
CookieConsent.run({
  // by default it shows nothing to automated browsers (navigator.webdriver), which this is
  hideFromBots: false,
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: { services: { stats: { label: 'Stats' } } },
    marketing: { services: { pixel: { label: 'Ad pixel' } } },
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description: 'We use cookies for statistics and advertising, only with your consent.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Manage preferences',
        },
        preferencesModal: {
          title: 'Cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save preferences',
          closeIconLabel: 'Close',
          sections: [
            { title: 'Necessary', description: 'Needed for the site to work.', linkedCategory: 'necessary' },
            { title: 'Analytics', description: 'Anonymous usage statistics.', linkedCategory: 'analytics' },
            { title: 'Marketing', description: 'Advertising measurement.', linkedCategory: 'marketing' },
          ],
        },
      },
    },
  },
});
