// The hosts a validated config declares, for the runtime's guard and gating (host-guard-feature.ts, index.ts).
// Not in guard.ts, whose module the script build's first stage registers: it would carry this for the runtime
// alone (it reads an unvalidated config's: runtime/first-stage.ts declaredHostsEarly).
import type { ResolvedConfig } from '../core/types.js';
import type { TrackerHost } from './guard.js';

/** The `hosts` the site config declares on its services. */
export const declaredHosts = (config: ResolvedConfig): TrackerHost[] => config.categories.flatMap((c) =>
  c.services.flatMap((s) => s.hosts.map((host) => ({ host, category: c.id, service: s.id }))));
