// A first visit in the script build, in every engine the suite runs: the loader fetches the UI
// while the page is still being parsed, and the UI waits for the element and its config before
// it defines anything. The page is an iframe whose parsing is held at a slow blocking script
// placed before <migu-consent>. Only dist/ files run in it.
import { expect } from '@open-wc/testing';

type Frame = Window & {
  MiguConsent?: { get(): { decided: boolean; categories: Record<string, boolean> } };
  __uiBeforeElement?: boolean;
  __whileHeld?: { lit: boolean; defined: boolean };
};

const cookieName = `early_${Math.random().toString(36).slice(2, 10)}`;
const CONFIG = JSON.stringify({ categories: [{ id: 'analytics' }, { id: 'video', label: { en: 'Video embeds' } }] });
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script src="/dist/migu-consent.iife.js"></script></head><body>
<script>window.__uiBeforeElement = !!document.querySelector('script[src$="/migu-consent.ui.js"]');</script>
<script src="/__hold?ms=1000"></script>
<script>window.__whileHeld = { lit: (window.litHtmlVersions || []).length > 0, defined: customElements.get('migu-consent') !== undefined };</script>
<migu-consent cookie-name="${cookieName}" policy-url="https://www.migu.cn/privacy.html"><script type="application/json">${CONFIG}</script></migu-consent>
</body></html>`;

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => { setTimeout(r, 20); });
  }
}

describe('script build: a first visit fetches the UI while the page is parsed', () => {
  let frame: HTMLIFrameElement;

  before(() => {
    // a first visit: no cookie of this origin may hold a consent record (other test files write some)
    for (const c of document.cookie.split('; ')) if (c) document.cookie = `${c.slice(0, c.indexOf('='))}=; Path=/; Max-Age=0`;
  });

  after(() => {
    document.cookie = `${cookieName}=; Path=/; Max-Age=0`;
    frame.remove();
  });

  it('the UI is requested before the element is parsed, runs while parsing is held, and defines only with the element\'s config', async function () {
    this.timeout(15000);
    frame = document.createElement('iframe');
    frame.srcdoc = PAGE;
    document.body.append(frame);
    const win = (): Frame => frame.contentWindow as Frame;
    const banner = (): Element | null | undefined => frame.contentDocument?.querySelector('migu-consent')?.shadowRoot?.querySelector('[part=banner]');
    await until(() => !!banner(), 'the banner');
    expect(win().__uiBeforeElement, 'UI requested before <migu-consent>').to.equal(true);
    const held = win().__whileHeld;
    expect(held?.defined, 'no element defined while parsing was held').to.equal(false);
    // Chromium and WebKit run the early UI while parsing waits (so the hold is what keeps its
    // elements undefined); Firefox runs it once parsing goes on
    if (!navigator.userAgent.includes('Firefox')) expect(held?.lit, 'the UI ran while parsing was held').to.equal(true);
    const state = win().MiguConsent?.get();
    expect(state?.decided).to.equal(false);
    expect(Object.keys(state?.categories ?? {})).to.include('video');
  });
});
