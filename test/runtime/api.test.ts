// The page API object (window.MiguConsent / `consent`) over a runtime: traps that must fail loudly.
import { expect } from '@open-wc/testing';
import { ConsentFacade } from '../../src/runtime/api.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import { MemoryRecordStorage } from '../../src/storage/cookie-jar.js';

const config = { categories: [{ id: 'analytics', services: [{ id: 'baidu', name: 'Baidu' }] }] };

describe('page API', () => {
  const runtimes: ConsentRuntime[] = [];
  let warned: string[] = [];
  let errors: string[] = [];
  const realWarn = console.warn;
  const realError = console.error;
  beforeEach(() => {
    warned = [];
    errors = [];
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
  });
  afterEach(() => {
    console.warn = realWarn;
    console.error = realError;
    for (const r of runtimes.splice(0)) r.dispose();
  });
  const make = (init: ConstructorParameters<typeof ConsentRuntime>[0] = {}): { api: ConsentFacade; runtime: ConsentRuntime } => {
    const runtime = new ConsentRuntime({ config, storage: new MemoryRecordStorage(), ...init });
    runtimes.push(runtime);
    const api = new ConsentFacade();
    api.attach(runtime);
    return { api, runtime };
  };

  it('isGranted of an unknown id warns once per id, with the known ids and the near one (case included)', () => {
    const { api } = make();
    api.acceptAll();
    for (let i = 0; i < 3; i++) {
      expect(api.isGranted('analytcs')).to.equal(false);
      expect(api.isGranted('Analytics')).to.equal(false);
    }
    expect(api.isGranted('analytics')).to.equal(true);
    expect(api.isGranted('analytics', 'baidu')).to.equal(true);
    expect(api.isGranted('analytics', 'Baidu')).to.equal(false);
    expect(warned).to.deep.equal([
      '[migu-consent:api] isGranted(): "analytcs" is unknown (did you mean "analytics"?); known: categories necessary, functional, analytics, personalization, marketing; services baidu. It is not granted',
      '[migu-consent:api] isGranted(): "Analytics" is unknown (did you mean "analytics"?); known: categories necessary, functional, analytics, personalization, marketing; services baidu. It is not granted',
      '[migu-consent:api] isGranted(): "Baidu" is unknown (did you mean "baidu"?); known: categories necessary, functional, analytics, personalization, marketing; services baidu. It is not granted',
    ]);
    expect(api.beacon('markting', '/x')).to.equal(false);
    expect(warned.at(-1)).to.match(/^\[migu-consent:api\] beacon\(\): "markting" is unknown \(did you mean "marketing"\?\)/);
  });

  it('whenGranted of an unknown id warns once and stays pending; a config that adds the id later lets it resolve', async () => {
    const { api, runtime } = make();
    let resolved = false;
    void api.whenGranted('video').then(() => { resolved = true; });
    void api.whenGranted('video');
    expect(warned).to.have.length(1);
    expect(warned[0]).to.match(/^\[migu-consent:api\] whenGranted\(\): "video" is unknown; known: categories necessary, .*: the promise waits until a config adds it and it is$/);
    api.acceptAll();
    await Promise.resolve();
    expect(resolved).to.equal(false);
    runtime.reconfigure({ categories: [...config.categories, { id: 'video' }] });
    await api.update({ video: true });
    await Promise.resolve();
    expect(resolved).to.equal(true);
  });

  it('whenGranted before the element is there checks the ids once it is', () => {
    const api = new ConsentFacade();
    void api.whenGranted('analytcs');
    expect(api.isGranted('analytcs')).to.equal(false);
    expect(warned).to.deep.equal([]);
    const runtime = new ConsentRuntime({ config, storage: new MemoryRecordStorage() });
    runtimes.push(runtime);
    api.attach(runtime);
    expect(warned).to.have.length(1);
    expect(warned[0]).to.match(/whenGranted\(\): "analytcs" is unknown \(did you mean "analytics"\?\)/);
  });

  it('acceptAll, rejectAll, update and reset all resolve with the state after them; whenGranted with the state', async () => {
    const { api } = make();
    const granted = api.whenGranted('analytics');
    const accepted = await api.acceptAll();
    expect(accepted).to.deep.equal(api.get());
    expect(accepted).to.include({ decided: true, source: 'user' });
    expect(accepted.categories.analytics).to.equal(true);
    const whenState = await granted;
    expect(whenState.categories.analytics).to.equal(true);
    expect(whenState.decided).to.equal(true);
    const updated = await api.update({ analytics: false });
    expect(updated.categories.analytics).to.equal(false);
    const rejected = await api.rejectAll();
    expect(rejected.categories.marketing).to.equal(false);
    expect(rejected.decided).to.equal(true);
    const forgotten = await api.reset();
    expect(forgotten).to.include({ decided: false, consentId: '' });
    expect((await api.whenGranted('necessary')).categories.necessary).to.equal(true);
  });

  it('a decision asked for before the element is there resolves once it is, with the state then', async () => {
    const api = new ConsentFacade();
    const pending = api.acceptAll();
    const runtime = new ConsentRuntime({ config, storage: new MemoryRecordStorage() });
    runtimes.push(runtime);
    api.attach(runtime);
    expect((await pending).categories.analytics).to.equal(true);
  });
});
