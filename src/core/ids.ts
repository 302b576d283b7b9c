import { allServices } from './config.js';
import type { ResolvedConfig } from './types.js';

/** The config's category and service ids, for messages about an id that is not one of them. */
export function knownIds(config: ResolvedConfig): string {
  const services = allServices(config).map((s) => s.id);
  return `categories ${config.categories.map((c) => c.id).join(', ')}${services.length ? `; services ${services.join(', ')}` : ''}`;
}

/**
 * `"analytcs" is unknown (did you mean "analytics"?)`: the known id that differs only in
 * case, or by at most two edits (a typo), when there is one.
 */
export function unknownId(id: string, config: ResolvedConfig): string {
  const known = [...config.categories.map((c) => c.id), ...allServices(config).map((s) => s.id)];
  const lower = id.toLowerCase();
  const near = known.find((k) => k.toLowerCase() === lower)
    ?? (id.length > 3 ? known.find((k) => distance(k.toLowerCase(), lower) <= 2) : undefined);
  return `"${id.slice(0, 40)}" is unknown${near ? ` (did you mean "${near}"?)` : ''}`;
}

/** Levenshtein distance (two short ids, or names). */
export function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 0; i < a.length; i++) {
    const next = [i + 1];
    for (let j = 0; j < b.length; j++) next.push(Math.min(row[j + 1] + 1, next[j] + 1, row[j] + (a[i] === b[j] ? 0 : 1)));
    row = next;
  }
  return row[b.length];
}
