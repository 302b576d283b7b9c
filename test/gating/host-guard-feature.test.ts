import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config.js';
import { hostGuardFeature } from '../../src/gating/host-guard-feature.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';

describe('hosts declared on services: the network guard', () => {
  it('config accepts hosts as names and "/regex/"', () => {
    const { config, errors } = resolveConfig({ categories: [{ id: 'analytics', services: [{ id: 'baidu', name: 'Baidu', hosts: ['hm.baidu.com', '/^s\\d+\\.cnzz\\.com$/'] }] }] });
    expect(errors).to.deep.equal([]);
    const [name, pattern] = config.categories.find((c) => c.id === 'analytics')!.services[0].hosts;
    expect(name).to.equal('hm.baidu.com');
    expect((pattern as RegExp).test('s4.cnzz.com')).to.equal(true);
    expect(resolveConfig({ categories: [{ id: 'x', services: [{ id: 's', name: 'n', hosts: 'a.com' }] }] }).errors[0]).to.match(/hosts: expected an array/);
  });

  it('blocks sendBeacon and fetch to a declared host until its service is granted', async () => {
    const runtime = new ConsentRuntime({
      options: { cookieName: `guard_${String(Date.now())}` },
      config: { categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: [location.hostname] }] }] },
    });
    const stop = hostGuardFeature(runtime);
    try {
      expect(stop, 'installed because a host is declared').to.be.a('function');
      expect(navigator.sendBeacon('/__headers', 'x')).to.equal(false);
      let error: unknown;
      await fetch('/__headers').catch((e: unknown) => { error = e; });
      expect(String(error)).to.match(/blocked by migu-consent/);
      runtime.store.update({ stats: true });
      expect(navigator.sendBeacon('/__headers', 'x')).to.equal(true);
      expect((await fetch('/__headers')).ok).to.equal(true);
      runtime.store.update({ analytics: false });
      expect(navigator.sendBeacon('/__headers', 'x'), 'withdrawal applies at once').to.equal(false);
    } finally {
      stop?.();
      runtime.store.reset();
      runtime.dispose();
    }
    expect((await fetch('/__headers')).ok, 'teardown restores fetch').to.equal(true);
  });

  it('a config set later that declares hosts installs the guard, and follows further changes', () => {
    const runtime = new ConsentRuntime({ options: { cookieName: `guard_late_${String(Date.now())}` } });
    const original = globalThis.fetch;
    const stop = hostGuardFeature(runtime);
    try {
      expect(globalThis.fetch, 'nothing wrapped while no host is declared').to.equal(original);
      runtime.reconfigure({ categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['Tracker.Example.'] }] }] });
      expect(navigator.sendBeacon('https://tracker.example/b', 'x')).to.equal(false);
      runtime.reconfigure({ categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Stats', hosts: ['other.example'] }] }] });
      expect(navigator.sendBeacon('https://other.example./b', 'x')).to.equal(false);
      expect(navigator.sendBeacon('https://tracker.example/b', 'x'), 'a host no longer declared passes').to.equal(true);
    } finally {
      stop?.();
      runtime.dispose();
    }
    expect(globalThis.fetch).to.equal(original);
  });

  it('installs nothing when no service declares a host', () => {
    const runtime = new ConsentRuntime({ options: { cookieName: `guard_none_${String(Date.now())}` } });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- compared, never called
    const globals = (): unknown[] => [globalThis.fetch, Element.prototype.setAttribute];
    const original = globals();
    const stop = hostGuardFeature(runtime);
    expect(globals()).to.deep.equal(original);
    stop?.();
    runtime.dispose();
  });
});
