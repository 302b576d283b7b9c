// The script build's expiry-days.ts (rollup.config.js says why): the options, as they are.
export const withExpiryDays = <T>(options: T): T => options;
