/**
 * `options` with `expiresDays` as the element takes `expires-days` (runtime/options.ts): more than 0, at
 * most 3650 (a Date holds no more), else reported and 365. For a store or cookie made in code
 * (`migu-consent/core`): NaN kept a choice for ever, 0 asked again at once, 1e9 wrote
 * `expires=Invalid Date`. The script build swaps this file for expiry-days-script.ts
 * (rollup.config.js): its options are checked already.
 */
export function withExpiryDays<T extends { expiresDays: number }>(options: T, report: (message: string) => void): T {
  const value: unknown = options.expiresDays;
  const days = typeof value == 'number' || typeof value == 'string' ? Number(value) : NaN;
  if (days > 0 && days <= 3650) return { ...options, expiresDays: days };
  report(`expiresDays: ${typeof value == 'string' ? JSON.stringify(value.slice(0, 20)) : typeof value == 'number' ? value : typeof value} is not a number of days between 0 and 3650; using the default 365`);
  return { ...options, expiresDays: 365 };
}
