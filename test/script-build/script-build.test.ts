// The script-tag build as a page uses it, in every engine the suite runs (Chromium, Firefox ESR,
// WebKitGTK): dist/migu-consent.iife.js (built by `npm test` first) shows the banner without the
// UI; "Customize" fetches the UI and, on an English page, the English pack alongside; gated markup
// waits for the choice. This page holds
// only dist/ files: nothing from src/ is imported, so the test sees what a site gets.
import { expect } from '@open-wc/testing';

const TITLE = 'Cookies and your privacy';
const cookieName = `sb_${Math.random().toString(36).slice(2, 10)}`;
type Page = Window & { MiguConsent?: { acceptAll(): unknown; isGranted(c: string): boolean }; __ran?: number };
const win = window as Page;

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => { setTimeout(r, 20); });
  }
}

const root = (): ShadowRoot | null | undefined => document.querySelector('migu-consent')?.shadowRoot;
const bannerTitle = (): string | undefined => root()?.querySelector('[part=banner] h2')?.textContent ?? undefined;
const fetched = (file: string): number => performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith(`/${file}`)).length;

/** The lang of every banner the page showed, in order (watched from before the UI loads). */
const bannersShown: (string | null)[] = [];

describe('script build: one <script> tag', () => {
  before(async () => {
    document.documentElement.lang = 'en';
    const attach = Object.getOwnPropertyDescriptor(Element.prototype, 'attachShadow')?.value as (this: Element, init: ShadowRootInit) => ShadowRoot;
    Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
      const shadow = attach.call(this, init);
      new MutationObserver(() => {
        const banner = shadow.querySelector('[part=banner]');
        if (banner && bannersShown.length === 0) bannersShown.push(banner.getAttribute('lang'));
      }).observe(shadow, { childList: true, subtree: true });
      return shadow;
    };
    const element = document.createElement('migu-consent');
    element.setAttribute('cookie-name', cookieName);
    // the cookie deleted after the tests is a withdrawal the runtime hears (the Cookie Store API's change): the default
    // revoke="reload" reloaded the test page under the runner
    element.setAttribute('revoke', 'none');
    element.setAttribute('policy-url', 'https://www.migu.cn/privacy.html');
    const config = document.createElement('script');
    config.type = 'application/json';
    config.textContent = JSON.stringify({ categories: [{ id: 'analytics', services: [{ id: 'stats', name: 'Migu stats' }] }] });
    element.append(config);
    const pixel = Object.assign(document.createElement('img'), { id: 'pixel', alt: '' });
    pixel.dataset['consent'] = 'analytics';
    pixel.dataset['src'] = '/__headers?pixel';
    const gated = Object.assign(document.createElement('script'), { type: 'text/plain', text: 'window.__ran = (window.__ran || 0) + 1;' });
    gated.dataset['consent'] = 'analytics';
    document.body.append(element, pixel, gated);
    const loader = Object.assign(document.createElement('script'), { src: '/dist/migu-consent.iife.js' });
    await new Promise((resolve, reject) => {
      loader.onload = resolve;
      loader.onerror = () => { reject(new Error('dist/migu-consent.iife.js did not load: run npm run build')); };
      document.head.append(loader);
    });
  });

  after(() => {
    document.cookie = `${cookieName}=; Path=/; Max-Age=0`;
  });

  it('defines the API at once, then shows the banner in the page\'s language without the UI, with nothing gated loaded', async () => {
    expect(typeof win.MiguConsent?.acceptAll).to.equal('function');
    await until(() => bannerTitle() === TITLE, 'the English banner');
    expect(bannersShown).to.deep.equal(['en'], 'no banner in another language first');
    expect(document.getElementById('pixel')?.hasAttribute('src')).to.equal(false);
    expect(win.__ran).to.equal(undefined);
    expect(fetched('migu-consent.ui.js'), 'the banner needs no UI').to.equal(0);
    expect(fetched('migu-consent.lang.en.js')).to.equal(0);
  });

  it('customize fetches the UI with the English pack; the preferences open in English and close again', async () => {
    root()?.querySelector<HTMLButtonElement>('[part=customize]')?.click();
    const dialog = (): HTMLDialogElement | null | undefined => root()?.querySelector<HTMLDialogElement>('dialog[part=preferences]');
    await until(() => dialog()?.open === true && dialog()?.querySelector('h2')?.textContent === 'Privacy preferences', 'the English preferences');
    expect(fetched('migu-consent.ui.js')).to.equal(1);
    expect(fetched('migu-consent.lang.en.js')).to.equal(1);
    expect(fetched('migu-consent.lang.zh-TW.js')).to.equal(0);
    expect(root()?.querySelectorAll('[part=banner]').length, 'one banner after the take-over').to.equal(1);
    dialog()?.querySelector<HTMLButtonElement>('.x')?.click();
    await until(() => dialog()?.open === false, 'the preferences to close');
    expect(win.MiguConsent?.isGranted('analytics'), 'closing records nothing').to.equal(false);
  });

  it('accept all, clicked on the banner: the gated script runs once, the pixel loads, the choice is stored', async () => {
    root()?.querySelector<HTMLButtonElement>('[part=accept-all]')?.click();
    const pixel = document.getElementById('pixel') as HTMLImageElement;
    await until(() => win.__ran === 1, 'the gated script');
    await until(() => pixel.src === new URL('/__headers?pixel', location.href).href, `the pixel (src ${pixel.getAttribute('src') ?? 'none'})`);
    expect(win.MiguConsent?.isGranted('analytics')).to.equal(true);
    expect(document.cookie.split('; ').some((c) => c.startsWith(`${cookieName}=1.`))).to.equal(true);
    await until(() => !root()?.querySelector('[part=banner]'), 'the banner to go');
    await new Promise((r) => { setTimeout(r, 100); });
    expect(win.__ran).to.equal(1, 'never twice');
  });
});
