/**
 * Every string of the UI, in one language. A site overrides any of them by key
 * through `config.texts[lang][key]`; placeholders are written `{name}`.
 * The five default categories have `<id>Label` and `<id>Description`.
 */
export interface Translation {
  /** Heading of the first-layer banner. */
  bannerTitle: string;
  bannerText: string;
  /** Shown in the banner after a policy revision change: what changed (override it per revision). */
  revisionNotice: string;
  /** Shown in the banner when the previous choice expired. */
  expiredNotice: string;
  policyLink: string;
  acceptAll: string;
  rejectAll: string;
  customize: string;
  prefsTitle: string;
  prefsText: string;
  save: string;
  close: string;
  alwaysOn: string;
  services: string;
  vendor: string;
  /** The vendor's contact (PIPL Art. 17). */
  contact: string;
  purpose: string;
  /** The personal information a service processes (PIPL Art. 17). */
  dataTypes: string;
  cookies: string;
  /** A cookie's declared lifetime (`maxAgeDays`), after its name; `{n}` is the number of days. */
  cookieDays: string;
  /** The same for exactly one day. */
  cookieDay: string;
  /** A cookie declared with `maxAgeDays: 0`: deleted when the browser closes. */
  cookieSession: string;
  /** Label of a service whose data leaves mainland China (PIPL Art. 38-39). */
  crossBorder: string;
  separateTitle: string;
  /** Under a category that is off, before its services' switches (off too, dimmed): what turns them on. */
  servicesOff: string;
  separateNote: string;
  /** Accept all is unavailable to a user under 14. */
  minorNote: string;
  /** In the preferences, when a user under 14 saved a grant that the guardian did not confirm (or no guardian check is set). */
  guardianRefused: string;
  signalDnt: string;
  signalGpc: string;
  openSettings: string;
  dismiss: string;
  reopen: string;
  /** Gate placeholder; `{name}` is the category or service. */
  gateBlocked: string;
  gateAllow: string;
  necessaryLabel: string;
  necessaryDescription: string;
  functionalLabel: string;
  functionalDescription: string;
  analyticsLabel: string;
  analyticsDescription: string;
  personalizationLabel: string;
  personalizationDescription: string;
  marketingLabel: string;
  marketingDescription: string;
}
