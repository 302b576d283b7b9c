import { expect, waitUntil } from '@open-wc/testing';
import { observeGated } from '../../src/gating/observer.js';

/** Calls of observeGated's callback, each the ids of what it reported. */
function watch(): { calls: string[][]; stop: () => void } {
  const calls: string[][] = [];
  const stop = observeGated((elements) => { calls.push(elements.map((e) => e.id)); });
  return { calls, stop };
}

const pixel = (id: string): HTMLImageElement => Object.assign(document.createElement('img'), { id, alt: '' });

/**
 * Resolves once the records of what `act` does in `root` are delivered: observers are called in the order
 * they were made, so one made after observeGated's is called after its.
 */
const delivered = (root: Node, act: () => void): Promise<unknown> => {
  const seen = new Promise((resolve) => {
    const after = new MutationObserver(() => { after.disconnect(); resolve(undefined); });
    after.observe(root, { childList: true, subtree: true, attributes: true });
  });
  act();
  return seen;
};

describe('observeGated', () => {
  let host: HTMLElement;
  let watching: ReturnType<typeof watch> | undefined;
  beforeEach(() => { host = document.body.appendChild(document.createElement('div')); });
  afterEach(() => { watching?.stop(); watching = undefined; host.remove(); });

  it('reports gated markup added deep in a subtree, each element once per batch', async () => {
    watching = watch();
    const section = document.createElement('section');
    section.innerHTML = '<p><img id="deep" data-consent="analytics" alt=""></p><img id="plain" alt="">';
    host.append(section);
    const leaf = pixel('leaf');
    leaf.setAttribute('data-consent', 'marketing');
    host.append(leaf);
    await waitUntil(() => watching!.calls.flat().length >= 2);
    expect(watching.calls.flat().sort()).to.deep.equal(['deep', 'leaf']);
  });

  it('a parser-sized batch (over 100 insertions) is answered with one query over the document; attribute changes of the same task are reported too', async () => {
    const before = pixel('changed');
    before.setAttribute('data-consent-state', 'refused');
    host.append(before);
    watching = watch();
    for (let i = 0; i < 150; i++) host.append(pixel(`p${String(i)}`));
    host.lastElementChild!.setAttribute('data-consent', 'analytics');
    // a refused element whose gating attributes change gets another chance
    before.setAttribute('data-consent', 'marketing');
    before.setAttribute('data-src', '/pixel.gif');
    await waitUntil(() => watching!.calls.flat().includes('changed') && watching!.calls.flat().includes('p149'));
    expect(before.hasAttribute('data-consent-state'), 'refused state cleared').to.equal(false);
    expect([...new Set(watching.calls.flat())].sort()).to.deep.equal(['changed', 'p149']);
  });

  it('is called for every batch of insertions, also without gated markup (the parser moving on may complete a script seen before)', async () => {
    watching = watch();
    await delivered(host, () => { host.append(pixel('nothing')); });
    expect(watching.calls).to.deep.equal([[]]);
  });

  it('leaves out what was removed again before the batch was delivered, and an attribute that ungates', async () => {
    const kept = pixel('ungated');
    kept.setAttribute('data-consent', 'analytics');
    host.append(kept);
    watching = watch();
    await delivered(host, () => {
      const gone = pixel('gone');
      gone.setAttribute('data-consent', 'analytics');
      host.append(gone);
      gone.remove();
      kept.removeAttribute('data-consent');
    });
    expect(watching.calls.length, 'called').to.be.greaterThan(0);
    expect(watching.calls.flat()).to.deep.equal([]);
  });

  it('reports nothing once stopped', async () => {
    watching = watch();
    watching.stop();
    await delivered(host, () => {
      const late = pixel('late');
      late.setAttribute('data-consent', 'analytics');
      host.append(late);
      late.setAttribute('data-src', '/pixel.gif');
    });
    expect(watching.calls).to.deep.equal([]);
  });
});
