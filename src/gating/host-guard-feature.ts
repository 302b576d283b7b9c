// The host guard (guard.ts) as the runtime's feature. Its own module: guard.ts is one of the modules the
// runtime takes from the first stage (shared/first-stage-modules.ts), which would then carry this for the
// runtime alone.
import type { RuntimeFeature } from '../core/runtime-types.js';
import type { TrackerHost } from './guard.js';
import { guardTrackerHosts } from './guard.js';
import { declaredHosts } from './declared-hosts.js';

/**
 * The guard for the `hosts` the site config declares on its services, installed at once
 * (synchronously, as the runtime starts) when a service declares any, or when a config
 * set later does; nothing is wrapped while none does.
 */
export const hostGuardFeature: RuntimeFeature = ({ store }) => {
  const hosts: TrackerHost[] = [];
  let unguard: (() => void) | undefined;
  const follow = (): void => {
    hosts.splice(0, hosts.length, ...declaredHosts(store.config));
    if (hosts.length) unguard ??= guardTrackerHosts(hosts, (category, service) => store.isGranted(category, service));
  };
  follow();
  const unbind = store.subscribe(follow);
  return () => {
    unbind();
    unguard?.();
  };
};
