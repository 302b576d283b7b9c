// The script build's banner without Lit (src/elements/banner-lite.ts) against the Lit element's:
// same parts, structure, texts and look; its buttons decide through the store; a take-over by
// the Lit element keeps focus.
import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import type { BannerHost } from '../../src/elements/banner-lite.js';
import { showBannerLite } from '../../src/elements/banner-lite.js';
import { MiguConsentElement } from '../../src/elements/migu-consent.js';
import type { SiteConfig } from '../../src/core/types.js';
import { clearCookies, deepActive, frames, mount, uniqueName } from './helpers.js';

const LOOKS = [
  'font-family', 'font-size', 'font-weight', 'line-height', 'color', 'background-color', 'border-top-width', 'border-top-style',
  'border-top-color', 'border-top-left-radius', 'box-shadow', 'position', 'left', 'right', 'bottom', 'z-index', 'min-height',
  'padding-top', 'padding-left', 'display', 'gap', 'cursor', 'box-sizing', 'max-width', 'margin-bottom', 'background-image',
];

/** Tags, parts, classes, ids, aria and lang of an element tree, and its texts: what a reader and a stylesheet see. */
function shape(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (!(node instanceof Element)) return '';
  const attrs = ['part', 'class', 'id', 'aria-labelledby', 'lang', 'href', 'disabled']
    .filter((a) => node.hasAttribute(a)).map((a) => `${a}=${node.getAttribute(a) ?? ''}`);
  const inner = [...node.childNodes].map(shape).filter(Boolean).join(' ');
  return `<${node.localName}${attrs.length ? ` ${attrs.join(' ')}` : ''}>${inner}</${node.localName}>`;
}

const runtimes: ConsentRuntime[] = [];

/** A lite banner on a plain host element, with its own runtime; `calls` records what it asked for. */
function lite(options: { lang?: string; config?: SiteConfig; name?: string; minor?: boolean; revision?: string; tag?: string } = {}) {
  const runtime = new ConsentRuntime({
    options: { cookieName: options.name ?? uniqueName(), minor: options.minor ?? false, revision: options.revision ?? '1' },
    config: options.config,
  });
  runtimes.push(runtime);
  const host = document.createElement(options.tag ?? 'div');
  host.lang = options.lang ?? 'zh-CN';
  document.body.append(host);
  const calls: string[] = [];
  const bannerHost: BannerHost = {
    store: runtime.store,
    policyUrl: 'https://example.com/privacy',
    customize: () => calls.push('customize'),
    prefetch: () => calls.push('prefetch'),
    decided: (hadFocus) => calls.push(`decided ${String(hadFocus)}`),
  };
  const remove = showBannerLite(host, bannerHost);
  expect(remove, 'shown').to.be.a('function');
  const $ = (selector: string): HTMLElement => {
    const el = host.shadowRoot!.querySelector<HTMLElement>(selector);
    if (!el) throw new Error(`no ${selector}`);
    return el;
  };
  return { host, runtime, calls, $, remove: remove! };
}

describe('banner without Lit', () => {
  afterEach(() => {
    for (const r of runtimes.splice(0)) r.dispose();
    clearCookies();
    document.querySelectorAll('body > div[lang]').forEach((d) => { d.remove(); });
    document.documentElement.removeAttribute('lang');
    document.documentElement.style.scrollPaddingBottom = '';
  });

  for (const lang of ['zh-CN', 'zh-TW', 'en']) {
    it(`has the Lit banner's parts, structure and texts (${lang})`, async () => {
      const config: SiteConfig = { texts: { en: { bannerTitle: 'Our cookies' } } };
      const { $: lit } = await mount({ lang, config });
      const { $ } = lite({ lang, config });
      expect(shape($('[part=banner]'))).to.equal(shape(lit('[part=banner]')));
      expect(shape($('[part=banner]'))).to.include(lang === 'en' ? 'Our cookies' : 'Cookie');
    });
  }

  it('has the Lit banner\'s notice after a revision change, and the minor\'s note with accept all disabled', async () => {
    const name = uniqueName();
    const first = lite({ name, lang: 'en' });
    first.runtime.store.rejectAll();
    const { $: lit } = await mount({ name, lang: 'en', revision: '2' });
    const { $ } = lite({ name, lang: 'en', revision: '2' });
    expect(shape($('[part=banner]'))).to.include('Our privacy policy has changed');
    expect(shape($('[part=banner]'))).to.equal(shape(lit('[part=banner]')));
    const minor = lite({ lang: 'en', minor: true });
    expect((minor.$('[part=accept-all]') as HTMLButtonElement).disabled).to.equal(true);
    expect(shape(minor.$('[part=banner]'))).to.include('under 14');
  });

  it('looks like the Lit banner, also in dark mode and with a site theme', async function () {
    const { el, $: lit } = await mount({ lang: 'en' });
    const { host, $ } = lite({ lang: 'en' });
    const compare = (what: string): void => {
      for (const part of ['banner', 'accept-all', 'reject-all', 'customize']) {
        const [a, b] = [getComputedStyle(lit(`[part=${part}]`)), getComputedStyle($(`[part=${part}]`))];
        for (const property of LOOKS) expect(b.getPropertyValue(property), `${what} ${part}: ${property}`).to.equal(a.getPropertyValue(property));
        const [ra, rb] = [lit(`[part=${part}]`).getBoundingClientRect(), $(`[part=${part}]`).getBoundingClientRect()];
        expect([rb.width, rb.height], `${what} ${part}: size`).to.deep.equal([ra.width, ra.height]);
      }
    };
    compare('light');
    for (const target of [el, host]) target.style.setProperty('--migu-consent-accent', 'rgb(1, 2, 3)');
    compare('themed');
    expect(getComputedStyle($('[part=accept-all]')).backgroundColor).to.equal('rgb(1, 2, 3)');
    try {
      await emulateMedia({ colorScheme: 'dark' });
    } catch {
      this.skip(); // Firefox through puppeteer, WebKitGTK through WebDriver: no media emulation
    }
    try {
      compare('dark');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('accept all and reject all decide through the store, then the banner goes; focus is reported', () => {
    const a = lite();
    a.$('[part=accept-all]').focus();
    a.$('[part=accept-all]').click();
    expect(a.runtime.store.get()).to.include({ decided: true, source: 'user' });
    expect(a.runtime.store.isGranted('analytics')).to.equal(true);
    expect(a.host.shadowRoot!.querySelector('[part=banner]')).to.equal(null);
    expect(a.calls).to.deep.equal(['decided true']);
    const r = lite();
    r.$('[part=reject-all]').click();
    expect(r.runtime.store.get().decided).to.equal(true);
    expect(r.runtime.store.isGranted('analytics')).to.equal(false);
    expect(r.calls).to.deep.equal(['decided false']);
  });

  it('customize asks for the preferences, and the first sign of use prefetches once per kind', () => {
    const { $, calls, runtime } = lite();
    const customize = $('[part=customize]');
    customize.dispatchEvent(new PointerEvent('pointerenter'));
    customize.dispatchEvent(new PointerEvent('pointerenter'));
    customize.click();
    expect(calls).to.deep.equal(['prefetch', 'customize']);
    expect(runtime.store.get().decided, 'opening the preferences decides nothing').to.equal(false);
  });

  it('goes when a choice comes from elsewhere (another tab, the API), and follows the page language', async () => {
    document.documentElement.lang = 'en';
    const host = document.createElement('div');
    document.body.append(host);
    const runtime = new ConsentRuntime({ options: { cookieName: uniqueName() } });
    runtimes.push(runtime);
    showBannerLite(host, { store: runtime.store, policyUrl: '', customize: () => {}, prefetch: () => {}, decided: () => {} });
    const heading = (): string | null | undefined => host.shadowRoot!.querySelector('h2')?.textContent;
    expect(heading()).to.equal('Cookies and your privacy');
    document.documentElement.lang = 'zh-TW';
    await waitUntil(() => heading() === 'Cookie 與隱私設定', 'relabelled');
    runtime.store.rejectAll();
    expect(host.shadowRoot!.querySelector('[part=banner]')).to.equal(null);
    expect(host.shadowRoot!.querySelector('a'), 'no policy link without policy-url').to.equal(null);
  });

  it('links the policy in the banner\'s language when policy-url has {lang} (in the path, as checked, or in the query)', async () => {
    document.documentElement.lang = 'en';
    const host = document.createElement('div');
    document.body.append(host);
    const runtime = new ConsentRuntime({ options: { cookieName: uniqueName() } });
    runtimes.push(runtime);
    // as the first stage reads the attribute: an http(s) URL, its path's braces escaped
    showBannerLite(host, { store: runtime.store, policyUrl: 'https://www.migu.cn/%7Blang%7D/privacy.html?l={lang}', customize: () => {}, prefetch: () => {}, decided: () => {} });
    const href = (): string | undefined => host.shadowRoot!.querySelector('a')?.href;
    expect(href()).to.equal('https://www.migu.cn/en/privacy.html?l=en');
    document.documentElement.lang = 'zh-TW';
    await waitUntil(() => href() === 'https://www.migu.cn/zh-TW/privacy.html?l=zh-TW', 'the link follows the page language');
    runtime.store.rejectAll();
    document.documentElement.lang = '';
  });

  it('pads the page bottom while it shows (WCAG 2.4.11), and stops after', async () => {
    const { $, runtime } = lite({ lang: 'en' });
    const height = $('[part=banner]').getBoundingClientRect().height;
    await waitUntil(() => document.documentElement.style.scrollPaddingBottom !== '', 'padded');
    expect(parseFloat(document.documentElement.style.scrollPaddingBottom)).to.be.closeTo(height + 16, 1);
    runtime.store.acceptAll();
    expect(document.documentElement.style.scrollPaddingBottom).to.equal('');
  });

  it('shown again while it asks (a store change, the runtime\'s banner taking over), it keeps one banner and the focused button or policy link', async () => {
    const { host, runtime, $ } = lite({ lang: 'en' });
    const again = (): void => {
      showBannerLite(host, { store: runtime.store, policyUrl: 'https://example.com/privacy', customize: () => {}, prefetch: () => {}, decided: () => {} });
    };
    $('[part=reject-all]').focus();
    again();
    expect(host.shadowRoot!.querySelectorAll('[part=banner]').length).to.equal(1);
    expect(host.shadowRoot!.activeElement?.getAttribute('part')).to.equal('reject-all');
    // the first Tab into the banner lands on the link, which brings the runtime, whose banner takes over
    $('[part=policy]').focus();
    again();
    expect(host.shadowRoot!.activeElement?.getAttribute('part'), 'the link keeps focus').to.equal('policy');
    // and across a language change
    host.lang = 'zh-TW';
    await waitUntil(() => $('h2').textContent === 'Cookie 與隱私設定', 'relabelled');
    expect(host.shadowRoot!.activeElement?.getAttribute('part'), 'the link keeps focus').to.equal('policy');
  });

  it('stays horizontal at the bottom on a page set vertically (html { writing-mode: vertical-rl })', () => {
    document.documentElement.style.writingMode = 'vertical-rl';
    try {
      const banner = lite({ lang: 'en' }).$('[part=banner]');
      expect(getComputedStyle(banner).writingMode).to.equal('horizontal-tb');
      const box = banner.getBoundingClientRect();
      expect(box.left >= 0 && box.bottom <= innerHeight && box.width > box.height, 'a bar along the bottom, on screen').to.equal(true);
    } finally {
      document.documentElement.style.writingMode = '';
    }
  });

  it('shows on a page that hides undefined elements (:not(:defined) { visibility: hidden }), on a host not defined (as <migu-consent> was until the UI)', () => {
    const style = document.head.appendChild(document.createElement('style'));
    style.textContent = ':not(:defined) { visibility: hidden }';
    try {
      // an element the page's rule matches (the first stage now defines <migu-consent> at once: e2e/script-tag.test.mjs)
      const { host, $ } = lite({ lang: 'en', tag: 'x-undefined-host' });
      expect(getComputedStyle(host).visibility, 'the page\'s rule applies').to.equal('hidden');
      for (const part of ['banner', 'accept-all', 'reject-all', 'customize']) {
        expect(getComputedStyle($(`[part=${part}]`)).visibility, part).to.equal('visible');
      }
      host.remove();
    } finally {
      style.remove();
    }
  });

  it('declines an element whose shadow root is not its own', () => {
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' });
    const runtime = new ConsentRuntime({ options: { cookieName: uniqueName() } });
    runtimes.push(runtime);
    expect(showBannerLite(host, { store: runtime.store, policyUrl: '', customize: () => {}, prefetch: () => {}, decided: () => {} })).to.equal(undefined);
    expect(host.shadowRoot!.childNodes.length).to.equal(0);
  });

  it('breaks the lines of a site\'s texts where they have line breaks (no markup in config texts): the banner, and the preferences\' descriptions', async () => {
    // the line boxes of the first text node in `el`
    const lines = (el: Element): number => {
      const range = document.createRange();
      range.selectNodeContents([...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())!);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    };
    const config: SiteConfig = {
      texts: { 'zh-CN': { bannerText: '第一段。\n第二段。' } },
      categories: [{ id: 'analytics', description: '统计。\n不做画像。', services: [{ id: 'baidu', name: '百度统计', purpose: '访问量。\n来源。' }] }],
    };
    const { $ } = lite({ config });
    const { el, $: lit } = await mount({ config });
    expect(lines($('[part=banner] .txt p:not(.em)')), 'the banner without Lit').to.equal(2);
    expect(lines(lit('[part=banner] .txt p:not(.em)')), 'the Lit banner').to.equal(2);
    await el.showPreferences();
    expect(lines(lit('#d-analytics')), 'a category\'s description').to.equal(2);
    // in its category's list of services, closed at first: WebKit lays out nothing in a closed <details>
    lit<HTMLDetailsElement>('details').open = true;
    expect(lines(lit('#d-baidu dd')), 'a service\'s purpose').to.equal(2);
  });

  it('is taken over by the Lit element when it is defined: one banner, focus on the same button', async () => {
    const { name } = await mount();
    fixtureCleanup();
    await frames(1); // the removed element's runtime ends in a microtask
    const host = document.createElement('migu-consent-banner-lite-test');
    host.setAttribute('cookie-name', name);
    host.setAttribute('lang', 'en');
    host.setAttribute('policy-url', 'https://example.com/privacy');
    document.body.append(host);
    const runtime = new ConsentRuntime({ options: { cookieName: name } });
    runtimes.push(runtime);
    showBannerLite(host, { store: runtime.store, policyUrl: 'https://example.com/privacy', customize: () => {}, prefetch: () => {}, decided: () => {} });
    host.shadowRoot!.querySelector<HTMLElement>('[part=reject-all]')!.focus();
    customElements.define('migu-consent-banner-lite-test', class extends MiguConsentElement {});
    if (!(host instanceof MiguConsentElement)) throw new Error('not upgraded');
    await host.updateComplete;
    await frames();
    const root = host.shadowRoot!;
    expect(root.querySelectorAll('[part=banner]').length).to.equal(1);
    expect(root.querySelectorAll('slot').length).to.equal(1);
    expect(deepActive()).to.equal(root.querySelector('[part=reject-all]'), 'focus moved to the Lit button');
    expect(root.querySelector('[part=banner]')!.getAttribute('lang')).to.equal('en');
    host.remove();
  });
});
