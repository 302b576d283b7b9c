// The script build's options-check.ts (rollup.config.js says why): the options, as they are.
export const withExpiryDays = <T>(options: T): T => options;
export const storeOptions = withExpiryDays;
export const policyOptions = withExpiryDays;
export const resolvedConfig = withExpiryDays;
export const cookieOptions = withExpiryDays;
export const guarded = withExpiryDays;
