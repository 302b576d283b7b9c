// The script build's re-open button without Lit (src/elements/reopen-lite.ts) against the
// Lit element's: same label, same look, and a take-over that keeps focus.
import { expect, fixtureCleanup, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { zhTW } from '../../src/i18n/zh-TW.js';
import { MiguConsentElement } from '../../src/elements/migu-consent.js';
import { REOPEN_LABELS, renderReopen } from '../../src/elements/reopen-lite.js';
import { clearCookies, deepActive, frames, mount } from './helpers.js';

const LOOKS = [
  'font-family', 'font-size', 'font-weight', 'line-height', 'color', 'background-color', 'border-top-width', 'border-top-style',
  'border-top-color', 'border-top-left-radius', 'box-shadow', 'position', 'left', 'bottom', 'z-index', 'min-height', 'min-width',
  'padding-top', 'padding-left', 'cursor', 'box-sizing', 'outline-style', 'outline-offset',
];

/** A host holding the lite button, as the loader's chunk renders it. */
function liteHost(lang: string, texts: Record<string, Record<string, string>> = {}): { host: HTMLElement; button: HTMLButtonElement; calls: string[] } {
  const host = document.createElement('div');
  host.lang = lang;
  document.body.append(host);
  const calls: string[] = [];
  expect(renderReopen(host, texts, () => calls.push('open'), () => calls.push('prefetch'))).to.equal(true);
  const button = host.shadowRoot!.querySelector<HTMLButtonElement>('[part=reopen]')!;
  return { host, button, calls };
}

describe('re-open button without Lit', () => {
  afterEach(() => {
    clearCookies();
    document.querySelectorAll('body > div[lang]').forEach((d) => { d.remove(); });
    document.documentElement.removeAttribute('lang');
  });

  it('has the label of each language pack, and the config texts override it', () => {
    expect(REOPEN_LABELS).to.deep.equal({ 'zh-CN': zhCN.reopen, 'zh-TW': zhTW.reopen, en: en.reopen });
    expect(liteHost('en').button.textContent).to.equal('Privacy settings');
    expect(liteHost('zh-Hant-HK').button.textContent).to.equal('隱私設定');
    const { button } = liteHost('en', { en: { reopen: 'Cookies' } });
    expect([button.textContent, button.lang]).to.deep.equal(['Cookies', 'en']);
  });

  it('takes focus when asked (after a choice in the banner) without calling prefetch; a later focus does', () => {
    const host = document.createElement('div');
    host.lang = 'en';
    document.body.append(host);
    const calls: string[] = [];
    renderReopen(host, {}, () => calls.push('open'), () => calls.push('prefetch'), true);
    const button = host.shadowRoot!.querySelector<HTMLButtonElement>('[part=reopen]')!;
    expect(host.shadowRoot!.activeElement).to.equal(button);
    expect(calls).to.deep.equal([]);
    button.blur();
    button.focus();
    expect(calls).to.deep.equal(['prefetch']);
  });

  it('shows on a page that hides undefined elements (:not(:defined) { visibility: hidden }), on a host not defined (as <migu-consent> was until the UI)', () => {
    const style = document.head.appendChild(document.createElement('style'));
    style.textContent = ':not(:defined) { visibility: hidden }';
    const host = document.createElement('x-undefined-host');
    document.body.append(host);
    try {
      renderReopen(host, {}, () => {}, () => {});
      expect(getComputedStyle(host).visibility, 'the page\'s rule applies').to.equal('hidden');
      expect(getComputedStyle(host.shadowRoot!.querySelector('[part=reopen]')!).visibility).to.equal('visible');
    } finally {
      style.remove();
      host.remove();
    }
  });

  it('follows a change of the page language', async () => {
    document.documentElement.lang = 'en';
    const host = document.createElement('div');
    document.body.append(host);
    renderReopen(host, {}, () => {}, () => {});
    const button = host.shadowRoot!.querySelector('button')!;
    expect(button.textContent).to.equal('Privacy settings');
    document.documentElement.lang = 'zh-CN';
    await waitUntil(() => button.textContent === '隐私设置', 'relabelled');
    host.remove();
  });

  /** Mounts a Lit re-open button and a lite one; `compare` checks that they look the same. */
  async function pair(): Promise<{ el: HTMLElement; host: HTMLElement; button: HTMLButtonElement; compare: (what: string) => void }> {
    const { el, $ } = await mount();
    el.runtime!.store.rejectAll();
    await el.updateComplete;
    const { host, button } = liteHost('zh-CN');
    const compare = (what: string): void => {
      const [lit, lite] = [getComputedStyle($('[part="reopen"]')), getComputedStyle(button)];
      for (const property of LOOKS) expect(lite.getPropertyValue(property), `${what}: ${property}`).to.equal(lit.getPropertyValue(property));
      const [a, b] = [$('[part="reopen"]').getBoundingClientRect(), button.getBoundingClientRect()];
      expect([b.width, b.height], what).to.deep.equal([a.width, a.height]);
    };
    return { el, host, button, compare };
  }

  it('looks like the Lit element\'s button, also with a site theme', async () => {
    const { el, host, button, compare } = await pair();
    compare('light');
    for (const target of [el, host]) target.style.setProperty('--migu-consent-bg', 'rgb(1, 2, 3)');
    compare('themed');
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  it('looks like the Lit element\'s button in dark mode', async function () {
    const { button, compare } = await pair();
    try {
      await emulateMedia({ colorScheme: 'dark' });
    } catch {
      this.skip(); // Firefox through puppeteer, WebKitGTK through WebDriver: no media emulation
    }
    try {
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(31, 31, 31)');
      compare('dark');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('calls open on click and prefetch once on the first sign of use', () => {
    const { button, calls } = liteHost('zh-CN');
    button.dispatchEvent(new PointerEvent('pointerenter'));
    button.focus();
    button.click();
    expect(calls).to.deep.equal(['prefetch', 'prefetch', 'open'], 'each kind of sign once; the loader loads the UI once');
    button.dispatchEvent(new PointerEvent('pointerenter'));
    expect(calls.length).to.equal(3);
  });

  it('shows on a page with a gate (asked for only when the runtime the gate brings could not load), and asks for the UI when a gate is inserted later', async () => {
    const gate = document.createElement('migu-consent-gate');
    document.body.append(gate);
    const host = document.createElement('div');
    document.body.append(host);
    expect(renderReopen(host, {}, () => {}, () => {})).to.equal(true, 'the page\'s one way to its choice');
    expect(host.shadowRoot?.querySelector('[part=reopen]')).to.not.equal(null);
    gate.remove();
    const { calls } = liteHost('zh-CN');
    const box = document.createElement('section');
    box.append(document.createElement('p'));
    document.body.append(box);
    await frames(1);
    expect(calls).to.deep.equal([], 'other insertions do not');
    box.firstElementChild!.append(document.createElement('migu-consent-gate'));
    await waitUntil(() => calls.length === 1, 'a nested gate asks for the UI');
    box.remove();
    host.remove();
  });

  it('declines an element that already has a shadow root', () => {
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' });
    expect(renderReopen(host, {}, () => {}, () => {})).to.equal(false);
    expect(host.shadowRoot!.childNodes.length).to.equal(0);
  });

  it('is taken over by the Lit element when it is defined: one button, focus kept', async () => {
    const { el, name } = await mount();
    el.runtime!.store.rejectAll();
    fixtureCleanup();
    await frames(1); // the removed element's runtime ends in a microtask
    const host = document.createElement('migu-consent-lite-test');
    host.setAttribute('cookie-name', name);
    host.setAttribute('lang', 'zh-CN');
    host.setAttribute('policy-url', 'https://example.com/privacy');
    document.body.append(host);
    renderReopen(host, {}, () => {}, () => {});
    host.shadowRoot!.querySelector('button')!.focus();
    customElements.define('migu-consent-lite-test', class extends MiguConsentElement {});
    if (!(host instanceof MiguConsentElement)) throw new Error('not upgraded');
    const upgraded = host;
    await upgraded.updateComplete;
    await frames();
    const root = upgraded.shadowRoot!;
    expect(root.querySelectorAll('[part=reopen]').length).to.equal(1);
    expect(root.querySelectorAll('slot').length).to.equal(1);
    expect(deepActive()).to.equal(root.querySelector('[part=reopen]'), 'focus moved to the Lit button');
    host.remove();
  });
});
