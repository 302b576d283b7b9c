// How the script build tells a second copy of itself: by its own marker, never by
// `window.MiguConsent`, which an element with that id makes truthy (named access). Each page
// is an iframe that holds only dist/ files.
import { expect } from '@open-wc/testing';

type Frame = Window & {
  MiguConsent?: unknown;
  __first?: unknown;
  __warnings?: string[];
  __ready?: number;
};

const cookieName = `copy_${Math.random().toString(36).slice(2, 10)}`;
/** Records console warnings and ready events from the start. */
const WATCH = `<script>window.__warnings = []; window.__ready = 0;
const warn = console.warn; console.warn = (...a) => { window.__warnings.push(a.join(' ')); warn.apply(console, a); };
document.addEventListener('migu-consent-ready', () => { window.__ready++; });</script>`;
const ELEMENT = `<migu-consent cookie-name="${cookieName}" policy-url="https://www.migu.cn/privacy.html"></migu-consent>`;

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => { setTimeout(r, 20); });
  }
}

describe('script build: a second copy of the loader', () => {
  const frames: HTMLIFrameElement[] = [];
  const open = (page: string): Frame => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">${WATCH}</head><body>${page}</body></html>`;
    document.body.append(frame);
    frames.push(frame);
    return frame.contentWindow as Frame;
  };
  after(() => {
    document.cookie = `${cookieName}=; Path=/; Max-Age=0`;
    for (const f of frames) f.remove();
  });

  it('an element with id="MiguConsent" does not stop the manager: the API is installed over it and the element starts', async () => {
    const win = open(`<a id="MiguConsent" href="#top">a page's anchor</a>
      <script src="/dist/migu-consent.iife.js"></script>${ELEMENT}`);
    await until(() => win.__ready === 1, 'the ready event');
    const api = win.MiguConsent as { get?: () => { revision: string } };
    expect(typeof api.get).to.equal('function');
    expect(api.get?.().revision).to.equal('1');
    expect(win.document.getElementById('MiguConsent')?.localName).to.equal('a', 'the anchor stays');
    expect(win.__warnings).to.deep.equal([]);
  });

  it('a genuine second copy does nothing, with a console warning', async () => {
    const win = open(`<script src="/dist/migu-consent.iife.js"></script><script>window.__first = window.MiguConsent;</script>
      <script src="/dist/migu-consent.iife.js?second-copy"></script>${ELEMENT}`);
    await until(() => win.__ready === 1, 'the ready event');
    expect(win.MiguConsent).to.equal(win.__first, 'the API is the first copy\'s');
    expect(win.__warnings).to.deep.equal(['[migu-consent:api] migu-consent.iife.js is on the page twice: this copy does nothing']);
    await new Promise((r) => { setTimeout(r, 100); });
    expect(win.__ready).to.equal(1, 'one runtime started');
  });
});
