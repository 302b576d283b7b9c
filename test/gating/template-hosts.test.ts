import { expect } from '@open-wc/testing';
import { guardTrackerHosts } from '../../src/gating/guard.js';
import { gateDeclaredHosts } from '../../src/gating/template-hosts.js';

/** A gate's template content, as the gate clones it. */
const content = (html: string): DocumentFragment => {
  const template = document.createElement('template');
  template.innerHTML = html;
  return document.importNode(template.content, true);
};

describe('a gate\'s stamped content and the declared hosts (gating/template-hosts.ts)', () => {
  const grants = new Set<string>();
  let stop: (() => void) | undefined;
  const errors: string[] = [];
  const realError = console.error;
  beforeEach(() => {
    grants.clear();
    errors.length = 0;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    stop = guardTrackerHosts([{ host: 'far.example', category: 'analytics', service: 'ga' }], (category, service) => grants.has(category) && (!service || grants.has(service)));
  });
  afterEach(() => {
    stop?.();
    console.error = realError;
  });

  it('puts an image, a frame, a video and a picture that would request a host not granted in their gated form, for its service; the rest as it was', () => {
    grants.add('analytics');
    const fragment = content(`<img id="img" src="https://far.example/p.gif" alt=""><iframe id="frame" src="https://sub.far.example/f.html"></iframe>
<video id="video" poster="https://cdn.example/poster.jpg"><source src="https://far.example/v.mp4" type="video/mp4"></video>
<picture><source id="set" srcset="https://cdn.example/a.jpg 1x, https://far.example/b.jpg 2x"><img id="pic" src="https://cdn.example/c.jpg" alt=""></picture>
<img id="fine" src="https://cdn.example/fine.gif" alt=""><img id="gated" data-consent="marketing" data-src="https://far.example/m.gif" alt="">`);
    expect(gateDeclaredHosts(fragment)).to.equal(4);
    const el = (id: string): Element => fragment.getElementById(id)!;
    for (const id of ['img', 'frame', 'video', 'pic']) {
      expect([el(id).getAttribute('data-consent'), el(id).getAttribute('data-consent-service')], id).to.deep.equal(['analytics', 'ga']);
    }
    expect([el('img').getAttribute('src'), el('img').getAttribute('data-src')]).to.deep.equal([null, 'https://far.example/p.gif']);
    expect(el('frame').getAttribute('data-src')).to.equal('https://sub.far.example/f.html');
    // the whole element waits, its own URLs and its sources'
    expect([el('video').getAttribute('poster'), el('video').getAttribute('data-poster')]).to.deep.equal([null, 'https://cdn.example/poster.jpg']);
    expect(el('video').querySelector('source')!.getAttribute('data-src')).to.equal('https://far.example/v.mp4');
    expect([el('set').getAttribute('srcset'), el('pic').getAttribute('data-src')]).to.deep.equal([null, 'https://cdn.example/c.jpg']);
    expect(el('set').getAttribute('data-srcset')).to.include('https://far.example/b.jpg 2x');
    expect([el('fine').getAttribute('src'), el('fine').hasAttribute('data-consent')]).to.deep.equal(['https://cdn.example/fine.gif', false]);
    expect(el('gated').getAttribute('data-consent'), 'written gated already: its own').to.equal('marketing');
    expect(errors).to.deep.equal([]);
  });

  it('an element with no gated form loses the URL, and the console says so', () => {
    const fragment = content('<embed id="e" src="https://far.example/e.swf"><object id="o" data="https://far.example/o"></object><link id="l" rel="preload" as="image" href="https://far.example/l.png"><embed id="ok" src="https://cdn.example/e">');
    expect(gateDeclaredHosts(fragment)).to.equal(3);
    expect(['e', 'o', 'l'].map((id) => fragment.getElementById(id)!.attributes.length), 'the URL gone, the rest kept').to.deep.equal([1, 1, 3]);
    expect(fragment.getElementById('ok')!.getAttribute('src')).to.equal('https://cdn.example/e');
    expect(errors).to.have.length(3);
    expect(errors[0]).to.include('its template\'s <embed> requests a host not granted');
  });

  it('changes nothing once the service is granted, nor with no guard on the page', () => {
    grants.add('analytics').add('ga');
    const html = '<img src="https://far.example/p.gif" alt=""><iframe src="https://far.example/f.html"></iframe>';
    let fragment = content(html);
    expect(gateDeclaredHosts(fragment)).to.equal(0);
    expect(fragment.querySelector('img')!.getAttribute('src')).to.equal('https://far.example/p.gif');
    grants.clear();
    stop?.();
    stop = undefined;
    fragment = content(html);
    expect(gateDeclaredHosts(fragment)).to.equal(0);
    expect(fragment.querySelector('[data-consent]')).to.equal(null);
  });
});
