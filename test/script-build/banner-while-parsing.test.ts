// A first visit in the script build, in every engine the suite runs: the first stage alone shows
// the banner as soon as <migu-consent> and its config are parsed, while the rest of the page is
// still held at a slow blocking script, with no UI fetched; the runtime follows once the page has
// loaded. Only dist/ files run in the iframe.
import { expect } from '@open-wc/testing';

type Frame = Window & {
  MiguConsent?: { get(): { decided: boolean; categories: Record<string, boolean> } };
  __afterElement?: { banner: string | null; ui: boolean };
};

const cookieName = `early_${Math.random().toString(36).slice(2, 10)}`;
const CONFIG = JSON.stringify({ categories: [{ id: 'analytics' }, { id: 'video', label: { en: 'Video embeds' } }] });
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script></head><body>
<migu-consent cookie-name="${cookieName}" policy-url="https://www.migu.cn/privacy.html"><script type="application/json">${CONFIG}</script></migu-consent>
<script>window.__afterElement = {
  banner: document.querySelector('migu-consent').shadowRoot?.querySelector('[part=banner] h2')?.textContent ?? null,
  ui: !!document.querySelector('script[src*="/migu-consent.ui.js"]'),
};</script>
<script src="/__hold?ms=1000"></script>
<p>the rest of the page</p>
</body></html>`;

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => { setTimeout(r, 20); });
  }
}

describe('script build: a first visit shows the banner while the page is parsed', () => {
  let frame: HTMLIFrameElement;

  before(() => {
    // a first visit: no cookie of this origin may hold a consent record (other test files write some)
    for (const c of document.cookie.split('; ')) if (c) document.cookie = `${c.slice(0, c.indexOf('='))}=; Path=/; Max-Age=0`;
  });

  after(() => {
    document.cookie = `${cookieName}=; Path=/; Max-Age=0`;
    frame.remove();
  });

  it('the banner is there right after the element, before the rest of the page, without the UI, with the element\'s config', async function () {
    this.timeout(15000);
    frame = document.createElement('iframe');
    frame.srcdoc = PAGE;
    document.body.append(frame);
    const win = (): Frame => frame.contentWindow as Frame;
    const banner = (): Element | null | undefined => frame.contentDocument?.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]');
    // the condition the test is about: that script ran (the banner alone could be seen a moment before it)
    await until(() => win().__afterElement !== undefined, 'the script after </migu-consent>');
    expect(!!banner(), 'the banner').to.equal(true);
    expect(win().__afterElement, 'read by the script right after </migu-consent>').to.deep.equal({ banner: 'Cookies and your privacy', ui: false });
    expect(win().MiguConsent?.get().decided).to.equal(false);
    // the config's categories once the runtime (the second stage, after the page has loaded) has read it
    await until(() => Object.keys(win().MiguConsent?.get().categories ?? {}).includes('video'), 'the runtime with the config');
    expect(win().MiguConsent?.get().decided).to.equal(false);
    expect(frame.contentDocument?.querySelector('script[src*="/migu-consent.ui.js"]'), 'no UI for the banner').to.equal(null);
  });
});
