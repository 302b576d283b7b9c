import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { pageApi } from '../../src/runtime/bootstrap.js';
import { OPTION_ATTRIBUTES } from '../../src/runtime/options.js';
import { MiguConsentElement } from '../../src/elements/migu-consent.js';
import type { SiteConfig } from '../../src/core/types.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { clearCookies, cookieNames, deepActive, frames, mount, richConfig, uniqueName } from './helpers.js';

const switches = (root: ShadowRoot): HTMLInputElement[] =>
  [...root.querySelectorAll<HTMLInputElement>('dialog input[role="switch"]')];
const switchNamed = (root: ShadowRoot, name: string): HTMLInputElement => {
  const found = root.querySelector<HTMLInputElement>(`dialog input[role="switch"][name="${name}"]`);
  if (!found) throw new Error(`no switch named ${name}`);
  return found;
};

describe('<migu-consent> banner', () => {
  afterEach(clearCookies);

  it('without policy-url the banner still shows, and the console says once that it should link the policy', async () => {
    const warned: string[] = [];
    const realWarn = console.warn;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    try {
      const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en"></migu-consent>`);
      await el.updateComplete;
      const banner = el.shadowRoot!.querySelector('[part~="banner"]');
      expect(banner, 'the banner shows').to.not.equal(null);
      expect(banner!.querySelector('a[href]'), 'no policy link to show').to.equal(null);
      el.runtime!.ui!.showBanner();
      await el.updateComplete;
      expect(warned.filter((w) => w.includes('policy-url is not set'))).to.have.length(1);
      // an app remounting the element (a route change): once a page (framework probe F5)
      el.remove();
      const again = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en"></migu-consent>`);
      await again.updateComplete;
      expect(again.shadowRoot!.querySelector('[part~="banner"]'), 'the banner shows').to.not.equal(null);
      expect(warned.filter((w) => w.includes('policy-url is not set'))).to.have.length(1);
    } finally {
      console.warn = realWarn;
    }
  });

  it('a policy-url refused (a javascript: link) is said as such, once, and not also as "not set" (console probe F11)', async () => {
    const said: string[] = [];
    const real = [console.warn, console.error] as const;
    console.warn = console.error = (...args: unknown[]) => { said.push(args.map(String).join(' ')); };
    try {
      const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en" policy-url="javascript:alert(1)"></migu-consent>`);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="banner"] a[href]'), 'no link').to.equal(null);
      expect(said.filter((m) => m.includes('policy-url'))).to.deep.equal(['[migu-consent:option] policy-url: only http and https links are allowed']);
    } finally {
      [console.warn, console.error] = real;
    }
  });

  it('links the policy in the banner\'s language when policy-url has {lang}, and follows a change of language', async () => {
    const { el, $ } = await mount({ lang: 'en', policyUrl: 'https://www.migu.cn/{lang}/privacy.html' });
    expect($<HTMLAnchorElement>('[part="banner"] a').href).to.equal('https://www.migu.cn/en/privacy.html');
    el.setAttribute('lang', 'zh-TW');
    await waitUntil(() => $<HTMLAnchorElement>('[part="banner"] a').href === 'https://www.migu.cn/zh-TW/privacy.html', 'relinked');
  });

  it('shows a labelled, non-modal banner with the policy link and three equal buttons', async () => {
    const { root, $ } = await mount();
    const banner = $('[part="banner"]');
    const heading = root.getElementById(banner.getAttribute('aria-labelledby')!);
    expect(banner.tagName).to.equal('SECTION');
    expect(heading?.textContent).to.equal('Cookie 与隐私设置');
    expect(banner.closest('dialog')).to.equal(null, 'not inside a dialog');
    expect(getComputedStyle(banner).position).to.equal('fixed');
    expect($<HTMLAnchorElement>('[part="banner"] a').href).to.equal('https://example.com/privacy');
    const buttons = ['accept-all', 'reject-all', 'customize'].map((p) => $(`[part="banner"] [part="${p}"]`));
    expect(buttons.map((b) => b.tagName)).to.deep.equal(['BUTTON', 'BUTTON', 'BUTTON']);
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['全部接受', '全部拒绝', '自定义设置']);
    const boxes = buttons.map((b) => b.getBoundingClientRect());
    const styles = buttons.map((b) => getComputedStyle(b));
    for (const [i, box] of boxes.entries()) {
      expect(Math.abs(box.width - boxes[0].width), 'same width').to.be.below(2);
      expect(Math.abs(box.height - boxes[0].height), 'same height').to.be.below(2);
      expect(box.height).to.be.at.least(24);
      expect(styles[i].backgroundColor).to.equal(styles[0].backgroundColor);
      expect(styles[i].color).to.equal(styles[0].color);
      expect(styles[i].fontSize).to.equal(styles[0].fontSize);
      expect(styles[i].fontWeight).to.equal(styles[0].fontWeight);
    }
  });

  it('the page stays usable: nothing is inert and focus stays where it was', async () => {
    const outside = document.createElement('button');
    outside.textContent = 'page';
    document.body.append(outside);
    try {
      outside.focus();
      await mount();
      expect(document.activeElement).to.equal(outside);
      expect(outside.matches(':modal') || outside.closest('[inert]') !== null).to.equal(false);
    } finally {
      outside.remove();
    }
  });

  it('"accept all" records every non-separate category in the cookie, hides the banner and shows the re-open button', async () => {
    const { el, root, name, $ } = await mount({ config: richConfig() });
    expect(cookieNames()).not.to.include(name);
    $('[part="banner"] [part="accept-all"]').focus();
    $('[part="banner"] [part="accept-all"]').click();
    await el.updateComplete;
    const state = el.runtime!.store.get();
    expect(state.decided).to.equal(true);
    expect(state.source).to.equal('user');
    expect(state.categories).to.deep.equal({
      necessary: true, functional: true, analytics: true, personalization: true, marketing: true, partners: false,
    });
    expect(state.services).to.deep.equal({ ga: true, adnet: true, overseas: false });
    expect(cookieNames()).to.include(name);
    expect(root.querySelector('[part="banner"]')).to.equal(null);
    expect(deepActive()).to.equal($('[part="reopen"]'), 'focus goes to the re-open button, not to <body>');
  });

  it('"reject all" records a refusal of everything', async () => {
    const { el, name, root, $ } = await mount();
    $('[part="banner"] [part="reject-all"]').click();
    await el.updateComplete;
    const state = el.runtime!.store.get();
    expect(state.decided).to.equal(true);
    expect(Object.entries(state.categories).filter(([, on]) => on).map(([id]) => id)).to.deep.equal(['necessary']);
    expect(cookieNames()).to.include(name);
    expect(root.querySelector('[part="banner"]')).to.equal(null);
    expect(root.querySelector('[part="reopen"]')).not.to.equal(null);
  });

  it('is in the page language: en, zh-TW, and <html lang> when the element has none', async () => {
    const english = await mount({ lang: 'en-GB' });
    expect(english.$('[part="banner"] [part="reject-all"]').textContent).to.equal('Reject all');
    expect(english.$('[part="banner"]').getAttribute('lang')).to.equal('en');
    // one <migu-consent> per page: each in turn
    english.el.remove();
    await Promise.resolve();
    const traditional = await mount({ lang: 'zh-Hant-HK' });
    expect(traditional.$('[part="banner"] [part="customize"]').textContent).to.equal('自訂設定');
    traditional.el.lang = 'en';
    await traditional.el.updateComplete;
    expect(traditional.$('[part="banner"] [part="customize"]').textContent).to.equal('Customize', 'follows a change of lang');
    expect(traditional.el.getAttribute('lang')).to.equal('en');
    traditional.el.remove();
    await Promise.resolve();
    const html = document.documentElement;
    const before = html.getAttribute('lang');
    html.setAttribute('lang', 'en');
    try {
      const inherited = await mount({ lang: '' });
      expect(inherited.$('[part="banner"] [part="accept-all"]').textContent).to.equal('Accept all');
      html.setAttribute('lang', 'zh-TW');
      await waitUntil(() => inherited.$('[part="banner"] [part="customize"]').textContent === '自訂設定', 'follows a change of <html lang> after the first render');
      expect(inherited.$('[part="banner"]').getAttribute('lang')).to.equal('zh-TW');
      inherited.el.remove();
      html.setAttribute('lang', 'en');
      await new Promise((r) => setTimeout(r, 50));
      expect(inherited.$('[part="banner"] [part="customize"]').textContent).to.equal('自訂設定', 'a removed element no longer observes');
    } finally {
      if (before === null) html.removeAttribute('lang');
      else html.setAttribute('lang', before);
    }
  });

  it('a lang set before the element is defined is kept and reflected; a later attribute sets the property', async () => {
    const { MiguConsentElement } = await import('../../src/elements/migu-consent.js');
    const el = document.createElement('migu-consent-early');
    el.setAttribute('cookie-name', `early_${String(Date.now())}`);
    el.lang = 'en';
    customElements.define('migu-consent-early', class extends MiguConsentElement {});
    document.body.append(el);
    const text = (selector: string): string | null | undefined => el.shadowRoot?.querySelector(selector)?.textContent;
    try {
      await waitUntil(() => text('[part="banner"] [part="customize"]') === 'Customize', 'in English');
      expect(el.getAttribute('lang')).to.equal('en');
      el.setAttribute('lang', 'zh-TW');
      await waitUntil(() => text('[part="banner"] [part="customize"]') === '自訂設定', 'an attribute change sets the property');
      expect(el.lang).to.equal('zh-TW');
    } finally {
      el.remove();
    }
  });

  it('a config property set before the element is defined is the one the runtime uses', async () => {
    const { MiguConsentElement } = await import('../../src/elements/migu-consent.js');
    const el = document.createElement('migu-consent-early-config') as HTMLElement & { config?: unknown; runtime?: { store: { config: { categories: { id: string }[] } } } };
    el.setAttribute('cookie-name', `early_config_${String(Date.now())}`);
    el.config = { categories: [{ id: 'partners', separate: true }] };
    customElements.define('migu-consent-early-config', class extends MiguConsentElement {});
    document.body.append(el);
    try {
      expect(el.runtime?.store.config.categories.map((c) => c.id)).to.include('partners');
      // the early own property was taken over: setting it now reaches the element's accessor
      expect(Object.prototype.hasOwnProperty.call(el, 'config')).to.equal(false);
      el.config = { categories: [{ id: 'partners', separate: true }, { id: 'video' }] };
      expect(el.runtime?.store.config.categories.map((c) => c.id)).to.include('video');
    } finally {
      el.remove();
    }
  });

  it('the page API\'s subscribers keep hearing when an app remounts <migu-consent>; a throwing one stops none', async () => {
    const api = pageApi();
    const heard: string[][] = [];
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    const unbindThrowing = api.subscribe(() => { throw new Error('page bug'); });
    const unbind = api.subscribe(({ granted }) => { heard.push(granted); });
    try {
      const first = await mount();
      expect(api.attached).to.equal(first.el.runtime);
      api.acceptAll();
      expect(heard).to.have.length(1);
      first.el.remove();
      await Promise.resolve(); // its runtime goes on until the next element starts
      const second = await mount();
      expect(api.attached).to.equal(second.el.runtime, 'the new element speaks for the page');
      api.acceptAll();
      expect(heard).to.have.length(2);
      expect(heard[1]).to.include('analytics');
      // reported as it fails, or as its promise rejects: after the change
      await waitUntil(() => errors.filter((e) => e.includes('[migu-consent:listener] a subscribe() listener threw: Error: page bug')).length === 2, errors.join());
      unbind();
      api.rejectAll();
      expect(heard).to.have.length(2, 'unbound');
      second.el.remove();
    } finally {
      unbindThrowing();
      unbind();
      console.error = original;
    }
  });

  it('the page API\'s whenGranted() resolves on a grant made in a remounted <migu-consent>, and at once for a stored one', async () => {
    const api = pageApi();
    const first = await mount();
    let resolved = false;
    const granted = api.whenGranted('marketing').then(() => { resolved = true; });
    first.el.remove();
    await Promise.resolve(); // its runtime goes on until the next element starts
    const second = await mount({ name: first.name });
    await frames(1);
    expect(resolved).to.equal(false, 'nothing granted yet');
    api.acceptAll();
    await granted;
    expect(resolved).to.equal(true);
    // removed with none in its place, its runtime goes on: the grant stands, a promise made now resolves at once
    second.el.remove();
    await Promise.resolve();
    expect(api.attached, 'the removed element\'s runtime').to.equal(second.el.runtime);
    await api.whenGranted('marketing');
    // and when the next element, with the stored grant, takes over
    await mount({ name: first.name });
    expect(api.attached).not.to.equal(second.el.runtime);
    await api.whenGranted('marketing');
  });

  it('an app that replaces <migu-consent> in one task, removing first or adding first: the new element speaks for the page', async () => {
    const api = pageApi();
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    try {
      for (const order of ['remove first', 'add first']) {
        const old = await mount();
        const next = document.createElement('migu-consent');
        next.setAttribute('cookie-name', uniqueName());
        next.setAttribute('policy-url', 'https://example.com/privacy');
        if (order === 'remove first') {
          old.el.remove();
          document.body.append(next);
        } else {
          document.body.append(next);
          old.el.remove();
        }
        await Promise.resolve(); // the removed element's runtime ends in a microtask
        await next.updateComplete;
        expect(api.attached, order).to.equal(next.runtime);
        expect(next.runtime, order).to.not.equal(undefined);
        await api.acceptAll();
        await next.updateComplete;
        expect(next.runtime!.store.get().decided, order).to.equal(true);
        expect(next.shadowRoot!.querySelector('[part=reopen]'), `${order}: its re-open button`).to.not.equal(null);
        next.remove();
        await Promise.resolve();
      }
      expect(warnings.filter((w) => w.includes('more than one')), 'a replacement is not a second element').to.have.length(1);
    } finally {
      console.warn = original;
    }
  });

  it('a second <migu-consent> while the first is there does nothing, with one warning (no second banner, no second choice in the cookie); it starts once the first is removed', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    try {
      const first = await mount();
      const second = await mount({ name: first.name, revision: '7' });
      expect(second.el.runtime).to.equal(undefined);
      expect(second.root.querySelector('[part=banner]'), 'no second banner').to.equal(null);
      expect(warnings.filter((w) => w.includes('more than one <migu-consent> on the page: this one, <migu-consent '))).to.have.length(1);
      // named, with the attributes that tell it apart
      expect(warnings.find((w) => w.includes('more than one'))).to.match(/this one, <migu-consent [^>]*revision="7"[^>]*>, does nothing while the first is there$/);
      first.$('[part=banner] [part=accept-all]').click();
      await second.el.updateComplete;
      expect(second.root.querySelector('[part=banner]'), 'still none after the first one\'s choice').to.equal(null);
      expect(document.cookie).to.contain(`${first.name}=1.1.`);
      first.el.remove();
      await Promise.resolve();
      await second.el.updateComplete;
      expect(pageApi().attached).to.equal(second.el.runtime);
      expect(second.root.querySelector('[part=banner]'), 'now it asks, under its own revision').to.not.equal(null);
      second.el.remove();
    } finally {
      console.warn = original;
    }
  });

  it('a config set after the element started applies: the stored choice is read again under it, once per different config', async () => {
    const { el: first, name } = await mount({ config: { categories: [{ id: 'video' }] } });
    await first.runtime!.update({ video: true });
    first.remove();
    await Promise.resolve(); // its runtime goes on until the next element starts
    const { el, root } = await mount({ name });
    const changes: string[][] = [];
    const onChange = (e: DocumentEventMap['migu-consent-change']): void => { changes.push(e.detail.granted); };
    document.addEventListener('migu-consent-change', onChange);
    try {
      expect(el.runtime!.store.isGranted('video')).to.equal(false, 'unknown under the defaults');
      el.config = { categories: [{ id: 'video', label: 'Video' }] };
      expect(el.runtime!.store.isGranted('video')).to.equal(true);
      expect(changes).to.deep.equal([['video']]);
      el.runtime!.showPreferences();
      await waitUntil(() => root.querySelector('dialog input[name="video"]'), 'the preferences show the late category');
      expect(switchNamed(root, 'video').checked).to.equal(true);
      // a framework setting an equal config again (a re-render) changes nothing
      el.config = { categories: [{ id: 'video', label: 'Video' }] };
      expect(changes).to.have.length(1);
      expect(cookieNames()).to.include(name);
    } finally {
      document.removeEventListener('migu-consent-change', onChange);
    }
  });

  it('a migu-consent-ready listener finds the element working: a config set there applies and fires a change, showPreferences() opens', async () => {
    const changes: boolean[] = [];
    const onChange = (e: DocumentEventMap['migu-consent-change']): void => { changes.push('video' in e.detail.state.categories); };
    const onReady = (e: DocumentEventMap['migu-consent-ready']): void => {
      const el = e.target as MiguConsentElement;
      el.config = { categories: [{ id: 'video', label: 'Video' }] };
      void el.showPreferences();
    };
    document.addEventListener('migu-consent-ready', onReady, { once: true });
    document.addEventListener('migu-consent-change', onChange);
    try {
      const { el, root } = await mount();
      expect(el.runtime!.store.config.categories.map((c) => c.id)).to.include('video');
      expect(el.runtime!.store.get().categories).to.have.property('video', false);
      expect(changes).to.deep.equal([true], 'one change, under the new config');
      await waitUntil(() => root.querySelector('dialog')?.open && root.querySelector('dialog input[name="video"]'), 'the preferences open, with the category set in the listener');
    } finally {
      document.removeEventListener('migu-consent-ready', onReady);
      document.removeEventListener('migu-consent-change', onChange);
    }
  });

  it('an invalid config set in a migu-consent-ready listener is reported like any other', async () => {
    const errors: string[] = [];
    const realError = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    const onReady = (e: DocumentEventMap['migu-consent-ready']): void => {
      (e.target as MiguConsentElement).config = { categories: 'video' } as unknown as SiteConfig;
    };
    document.addEventListener('migu-consent-ready', onReady, { once: true });
    try {
      const { el } = await mount();
      expect(errors.filter((m) => m.startsWith('[migu-consent:config] invalid site config, the defaults are used instead'))).to.have.length(1);
      expect(el.runtime!.configErrors).to.have.length(1);
    } finally {
      console.error = realError;
      document.removeEventListener('migu-consent-ready', onReady);
    }
  });

  it('config is a property a framework can see: React 19 sets it only when `\'config\' in el`, else as an attribute', () => {
    const el = document.createElement('migu-consent') as HTMLElement & { config?: unknown; runtime?: { store: { config: { categories: { id: string }[] } } } };
    el.setAttribute('cookie-name', `framework_config_${String(Date.now())}`);
    expect('config' in el, 'the element has a config property').to.equal(true);
    // what React 19 does with a custom element's prop before inserting it
    const value = { categories: [{ id: 'video' }] };
    if ('config' in el) el.config = value;
    else el.setAttribute('config', '[object Object]');
    document.body.append(el);
    try {
      expect(el.config).to.equal(value);
      expect(el.runtime?.store.config.categories.map((c) => c.id)).to.include('video');
    } finally {
      el.remove();
    }
  });

  it('config texts override a string, always as text', async () => {
    const { $ } = await mount({ config: { texts: { 'zh-CN': { acceptAll: '<b>同意</b>', bannerTitle: '<img src=x onerror="window.__xss=1">' } } } });
    expect($('[part="banner"] [part="accept-all"]').textContent).to.equal('<b>同意</b>');
    expect($('[part="banner"] h2').textContent).to.equal('<img src=x onerror="window.__xss=1">');
    expect($('[part="banner"]').querySelector('img, b')).to.equal(null);
  });

  it('a config text key that is no text of ours (a typo) is reported once; known keys are quiet', async () => {
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    try {
      const { el, $ } = await mount({ config: { texts: { 'zh-CN': { acceptAl: '同意', bannerTitle: '标题' }, en: { zzz: 'x' } } } });
      expect($('[part="banner"] h2').textContent).to.equal('标题');
      el.lang = 'en';
      await el.updateComplete;
      expect(warned.filter((w) => w.startsWith('[migu-consent:config]'))).to.deep.equal([
        '[migu-consent:config] config.texts.zh-CN.acceptAl: unknown text, ignored (the keys are in "Languages")',
        '[migu-consent:config] config.texts.en.zzz: unknown text, ignored (the keys are in "Languages")',
      ]);
    } finally {
      console.warn = original;
    }
  });

  it('after a revision change it says so, and what was refused stays refused', async () => {
    const first = await mount({ revision: '1' });
    first.el.runtime!.store.update({ analytics: true, personalization: false });
    const name = first.name;
    first.el.remove();
    const again = await mount({ revision: '2', name });
    expect(again.el.runtime!.store.reason).to.equal('revision');
    expect(again.$('[part="banner"] .em').textContent).to.equal('我们的隐私政策已更新，请重新确认您的选择。您之前拒绝的项目仍保持关闭。');
    expect(again.el.runtime!.store.get().categories['analytics']).to.equal(false, 'nothing activates until confirmed');
    again.$('[part="banner"] [part="customize"]').click();
    await waitUntil(() => again.root.querySelector('dialog')?.open);
    expect(switchNamed(again.root, 'analytics').checked).to.equal(true);
    expect(switchNamed(again.root, 'personalization').checked).to.equal(false);
    expect(switchNamed(again.root, 'marketing').checked).to.equal(false);
  });

  it('a revision set after the start (attribute or property) asks again on this page; minor set later refuses grants without a guardian', async () => {
    const { el, $, root } = await mount({ revision: '1' });
    el.runtime!.store.update({ analytics: true, personalization: false });
    await el.updateComplete;
    expect(root.querySelector('[part="banner"]'), 'decided: no banner').to.equal(null);
    const changes: string[] = [];
    el.addEventListener('migu-consent-change', (e) => { changes.push(...(e as CustomEvent<{ revoked: string[] }>).detail.revoked); });
    el.revision = '2';
    await waitUntil(() => root.querySelector('[part="banner"]'), 'the banner asks again');
    expect(el.runtime!.store.reason).to.equal('revision');
    expect($('[part="banner"] .em').textContent).to.equal('我们的隐私政策已更新，请重新确认您的选择。您之前拒绝的项目仍保持关闭。');
    expect(el.runtime!.store.get().categories['analytics']).to.equal(false);
    expect(changes).to.include('analytics');
    el.setAttribute('revision', '1');
    await waitUntil(() => !root.querySelector('[part="banner"]'), 'the stored choice holds again');
    el.minor = true;
    await waitUntil(() => el.runtime!.store.minor, 'minor reached the store');
    expect(el.runtime!.store.get().categories['analytics'], 'a grant without a guardian').to.equal(false);
  });

  it('options set as properties before it connects (React 19 and Vue do, when the element has the property) are the runtime options from the start', () => {
    const el = document.createElement('migu-consent');
    const name = uniqueName();
    Object.assign(el, { revision: '2026-01', minor: true, dnt: 'ignore', revoke: 'none', cookieName: name, policyUrl: 'https://www.migu.cn/privacy' });
    let ready: { revision: string } | undefined;
    el.addEventListener('migu-consent-ready', (e) => { ready = (e as CustomEvent<{ revision: string }>).detail; });
    document.body.append(el);
    try {
      const { options, store } = el.runtime!;
      expect([options.revision, options.dnt, options.revoke, options.cookieName, options.policyUrl, store.minor])
        .to.deep.equal(['2026-01', 'ignore', 'none', name, 'https://www.migu.cn/privacy', true]);
      expect(ready?.revision, 'the ready event says the page\'s revision').to.equal('2026-01');
      expect(el.getAttribute('revision')).to.equal('2026-01');
      expect(el.hasAttribute('minor')).to.equal(true);
    } finally {
      el.remove();
    }
  });

  it('a site text can say what changed in the revision; a first visit has no such line', async () => {
    const config = { texts: { en: { revisionNotice: 'We added a video player.' } } };
    const first = await mount({ lang: 'en', revision: '1', config });
    expect(first.$('[part="banner"]').querySelector('.em')).to.equal(null);
    first.el.runtime!.store.rejectAll();
    first.el.remove();
    const again = await mount({ lang: 'en', revision: '2', config, name: first.name });
    expect(again.$('[part="banner"] .em').textContent).to.equal('We added a video player.');
  });
});

describe('<migu-consent> preferences', () => {
  afterEach(clearCookies);

  it('"customize" opens a modal, labelled and described dialog with focus inside', async () => {
    const { root, $ } = await mount({ config: richConfig() });
    const customize = $('[part="banner"] [part="customize"]');
    customize.focus();
    customize.click();
    const dialog = $<HTMLDialogElement>('[part="preferences"]');
    await waitUntil(() => dialog.open);
    expect(dialog.tagName).to.equal('DIALOG');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(root.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).to.equal('隐私偏好设置');
    expect(root.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).to.contain('默认关闭');
    expect(dialog.contains(deepActive())).to.equal(true);
    for (const p of ['save', 'accept-all', 'reject-all']) expect(dialog.querySelector(`[part="${p}"]`)?.tagName).to.equal('BUTTON');
  });

  it('has a named switch per category, necessary locked on, the rest off, each described', async () => {
    const config = richConfig();
    // declared lifetimes (maxAgeDays) are shown after the cookie's name, in the element's language
    config.categories![0].services![0].cookies = [{ name: '_ga', maxAgeDays: 395 }, /^_ga_/, { name: '_gid', maxAgeDays: 1 }, { name: '/^_gat/', maxAgeDays: 0 }];
    const { el, root } = await mount({ config });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const byName = Object.fromEntries(switches(root).map((s) => [s.name, s]));
    expect(Object.keys(byName)).to.deep.equal(['necessary', 'functional', 'analytics', 'ga', 'personalization', 'marketing', 'adnet', 'overseas', 'partners']);
    for (const s of Object.values(byName)) {
      expect(s.type).to.equal('checkbox');
      expect(s.getAttribute('role')).to.equal('switch');
      expect(s.closest('label')?.textContent?.trim(), 'has a label').not.to.equal('');
      for (const ref of s.getAttribute('aria-describedby')!.split(' ')) expect(root.getElementById(ref), `${s.name} is described (${ref})`).not.to.equal(null);
    }
    // a service's switch, off and dimmed while its category is: said why, first (a11y probe F5), in the dialog's language
    const gaRefs = byName['ga'].getAttribute('aria-describedby')!.split(' ');
    expect(byName['ga'].disabled).to.equal(true);
    expect(gaRefs[0]).to.equal('o-analytics');
    expect(root.getElementById(gaRefs[0])!.textContent).to.equal(zhCN.servicesOff);
    expect(root.getElementById(byName['adnet'].getAttribute('aria-describedby')!.split(' ')[0])!.textContent).to.equal(zhCN.servicesOff);
    byName['analytics'].click();
    await el.updateComplete;
    expect(byName['ga'].disabled, 'on with its category').to.equal(false);
    expect(byName['ga'].getAttribute('aria-describedby'), 'no reason left to give').to.equal('d-ga');
    expect(root.getElementById('o-analytics')).to.equal(null);
    byName['analytics'].click();
    await el.updateComplete;
    expect(byName['necessary'].checked && byName['necessary'].disabled).to.equal(true);
    // its name is two words, not one run together ("必要始终开启")
    expect(byName['necessary'].closest('label')!.textContent).to.contain('必要 始终开启');
    for (const id of ['functional', 'analytics', 'personalization', 'marketing', 'partners']) {
      expect(byName[id].checked, id).to.equal(false);
      expect(byName[id].disabled, id).to.equal(false);
    }
    expect(byName['personalization'].closest('section')!.textContent).to.contain('个性化推荐').and.contain('第二十四条');
    expect(byName['ga'].disabled, 'a service follows its category').to.equal(true);
    const ga = byName['ga'].closest('li')!.textContent;
    expect(ga).to.contain('Google LLC').and.contain('访问统计').and.contain('_ga (395 天), /^_ga_/, _gid (1 天), /^_gat/ (关闭浏览器时删除)');
    // PIPL Art. 17: the vendor's contact and the personal information it processes, before the choice
    const terms = (id: string): string[] => [...switchNamed(root, id).closest('li')!.querySelectorAll('dt, dd')].map((n) => n.textContent.trim());
    expect(terms('ga')).to.include.members(['联系方式', 'privacy@example.com', '处理的个人信息', '设备标识符、浏览记录']);
    expect(terms('adnet'), 'shown only when the config has them').to.not.include('联系方式');
    const overseas = byName['overseas'].closest('li')!;
    expect(overseas.textContent).to.contain('数据出境').and.contain('Far Corp · Singapore');
    expect(overseas.closest('.sep')?.textContent, 'separate services are shown apart').to.contain('不包含在“全部接受”中');
    expect(byName['partners'].closest('section')!.textContent).to.contain('合作方共享').and.contain('不包含在“全部接受”中');
    el.lang = 'en';
    await el.updateComplete;
    expect(switchNamed(root, 'ga').closest('li')!.textContent).to.contain('_ga (395 days), /^_ga_/, _gid (1 day), /^_gat/ (until the browser closes)');
    expect(terms('ga')).to.include.members(['Contact', 'Personal information', 'device identifiers, pages viewed']);
  });

  it('"save" records exactly the switches: personalization on, the rest off', async () => {
    const { el, root, name } = await mount({ config: richConfig() });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    switchNamed(root, 'personalization').click();
    root.querySelector<HTMLElement>('[part="save"]')!.click();
    await waitUntil(() => el.runtime!.store.get().decided, 'saved');
    const state = el.runtime!.store.get();
    expect(state.categories).to.deep.equal({
      necessary: true, functional: false, analytics: false, personalization: true, marketing: false, partners: false,
    });
    expect(cookieNames()).to.include(name);
    await el.updateComplete;
    expect(root.querySelector('dialog')!.open).to.equal(false);
    expect(root.querySelector('[part="banner"]')).to.equal(null);
  });

  it('the second click of a double click or tap on what opened the dialog (detail 2) changes nothing in it; a click of its own does', async () => {
    const { el, root, $ } = await mount({ config: richConfig() });
    // as the browser counts them: the opener's click, then the one that lands in the dialog under it
    const click = (target: Element, detail: number): void => {
      target.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, detail }));
    };
    click($('[part="banner"] [part="customize"]'), 1);
    await waitUntil(() => root.querySelector('dialog')?.open);
    const analytics = switchNamed(root, 'analytics');
    click(analytics, 2);
    click($('dialog [part="save"]'), 2);
    click($('dialog [part="accept-all"]'), 3);
    await el.updateComplete;
    expect(analytics.checked, 'the switch stays off').to.equal(false);
    expect(el.runtime!.store.get().decided, 'nothing saved').to.equal(false);
    expect(root.querySelector('dialog')!.open).to.equal(true);
    // a click that began in the dialog: this one, and the double click it starts
    click(analytics, 1);
    click(analytics, 2);
    expect(analytics.checked, 'on, then off again').to.equal(false);
    click(analytics, 1);
    click($('dialog [part="save"]'), 2);
    await waitUntil(() => el.runtime!.store.get().decided, 'saved');
    expect(el.runtime!.store.isGranted('analytics')).to.equal(true);
    // the re-open button comes where the banner's button was: the second click of a double tap there opens nothing
    await el.updateComplete;
    click($('[part="reopen"]'), 2);
    await el.updateComplete;
    expect(root.querySelector('dialog')!.open, 'not opened by a second click').to.equal(false);
    // reopened: the dialog waits again for a click of its own
    click($('[part="reopen"]'), 1);
    await waitUntil(() => root.querySelector('dialog')?.open);
    click($('dialog [part="reject-all"]'), 2);
    expect(el.runtime!.store.isGranted('analytics'), 'not withdrawn by a second click').to.equal(true);
  });

  it('a separate service is granted only by its own switch, never by accept all', async () => {
    const { el, root } = await mount({ config: richConfig() });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    root.querySelector<HTMLElement>('dialog [part="accept-all"]')!.click();
    expect(el.runtime!.store.get().services['overseas']).to.equal(false);
    expect(el.runtime!.store.get().categories['partners']).to.equal(false);
    await el.updateComplete;
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    expect(switchNamed(root, 'marketing').checked).to.equal(true, 'prefilled with the stored choice');
    expect(switchNamed(root, 'overseas').checked).to.equal(false);
    expect(switchNamed(root, 'adnet').checked).to.equal(true);
    switchNamed(root, 'overseas').click();
    switchNamed(root, 'adnet').click();
    root.querySelector<HTMLElement>('[part="save"]')!.click();
    await waitUntil(() => el.runtime!.store.get().services['overseas'] === true, 'granted by its switch');
    expect(el.runtime!.store.get().services['adnet']).to.equal(false);
    expect(el.runtime!.store.get().categories['marketing']).to.equal(true);
  });

  it('"reject all" in the dialog refuses everything', async () => {
    const { el, root } = await mount();
    el.runtime!.store.acceptAll();
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    root.querySelector<HTMLElement>('dialog [part="reject-all"]')!.click();
    expect(el.runtime!.store.get().categories['marketing']).to.equal(false);
    expect(el.runtime!.store.get().decided).to.equal(true);
  });

  it('Escape closes without recording: no cookie, still undecided, banner still there, focus back on "customize"', async () => {
    const { el, root, name, $ } = await mount();
    const customize = $('[part="banner"] [part="customize"]');
    customize.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = $<HTMLDialogElement>('dialog');
    await waitUntil(() => dialog.open, 'Enter opens the dialog');
    await sendKeys({ type: ' ' }); // Space: the first switch (functional) on, not saved
    expect(switchNamed(root, 'functional').checked).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'Escape closes');
    await frames();
    await el.updateComplete;
    expect(cookieNames()).not.to.include(name);
    expect(el.runtime!.store.get().decided).to.equal(false);
    expect(el.runtime!.store.get().categories['functional']).to.equal(false);
    expect(root.querySelector('[part="banner"]')).not.to.equal(null);
    expect(deepActive()).to.equal(customize);
  });

  it('the close button closes without recording too', async () => {
    const { el, root, name } = await mount();
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    root.querySelector<HTMLElement>('dialog button.x')!.click();
    await waitUntil(() => !root.querySelector('dialog')!.open);
    expect(cookieNames()).not.to.include(name);
    expect(el.runtime!.store.get().decided).to.equal(false);
  });

  // WebKitGTK sends Shift+Tab as key "Unidentified" (code "Tab"): the trap reads e.code too
  it('Tab and Shift+Tab stay inside the dialog', async () => {
    const { el, root } = await mount();
    el.runtime!.ui!.showPreferences();
    const dialog = root.querySelector('dialog')!;
    await waitUntil(() => dialog.open);
    const save = dialog.querySelector<HTMLElement>('[part="save"]')!;
    const close = dialog.querySelector<HTMLElement>('button.x')!;
    save.focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(close, 'Tab from the last control wraps to the first');
    await sendKeys({ down: 'Shift' }); // puppeteer's Firefox knows no "Shift+Tab"
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive()).to.equal(save, 'Shift+Tab from the first wraps to the last');
    const seen = new Set<Element | null>();
    for (let i = 0; i < 15; i++) {
      await sendKeys({ press: 'Tab' });
      seen.add(deepActive());
    }
    for (const focused of seen) expect(dialog.contains(focused), `${String(focused?.outerHTML)} is inside`).to.equal(true);
  });

  it('the re-open button opens the preferences (two clicks to the personalization switch) and focus returns to it', async () => {
    const { el, root, $ } = await mount();
    el.runtime!.store.rejectAll();
    await el.updateComplete;
    const reopen = $('[part="reopen"]');
    expect(reopen.tagName).to.equal('BUTTON');
    expect(getComputedStyle(reopen).position).to.equal('fixed');
    const box = reopen.getBoundingClientRect();
    expect(box.width >= 24 && box.height >= 24).to.equal(true);
    reopen.focus();
    reopen.click();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const changes: string[][] = [];
    const heard = (e: DocumentEventMap['migu-consent-change']): void => { changes.push(e.detail.granted); };
    document.addEventListener('migu-consent-change', heard);
    try {
      const personalization = switchNamed(root, 'personalization');
      personalization.click(); // second click: effective at once (PIPL Art. 24), the dialog stays open
      await waitUntil(() => el.runtime!.store.isGranted('personalization'), 'granted without saving');
      expect(changes).to.deep.equal([['personalization']], 'the change event tells the page at once');
      expect(root.querySelector('dialog')!.open).to.equal(true);
      expect(el.runtime!.store.isGranted('analytics'), 'nothing else changed').to.equal(false);
      const decidedAt = el.runtime!.store.get().updatedAt;
      root.querySelector<HTMLElement>('[part="save"]')!.click();
      await waitUntil(() => deepActive() === root.querySelector('[part="reopen"]'), 'focus is back on the re-open button');
      // Save had nothing left to decide: no second decision, event or receipt
      expect(changes).to.deep.equal([['personalization']]);
      expect(el.runtime!.store.get().updatedAt).to.equal(decidedAt);
    } finally {
      document.removeEventListener('migu-consent-change', heard);
    }
  });

  it('a minor\'s personalization switch that the guardian refuses (or with no guardian set) goes back off', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent minor cookie-name=${uniqueName()} lang="zh-CN" policy-url="https://example.com/privacy"></migu-consent>`);
    const root = el.shadowRoot!;
    const $ = (selector: string): HTMLElement => root.querySelector<HTMLElement>(selector)!;
    el.runtime!.store.rejectAll();
    await el.updateComplete;
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      for (const guardian of [() => Promise.resolve(false), undefined]) {
        el.runtime!.guardian = guardian;
        $('[part="reopen"]').click();
        await waitUntil(() => root.querySelector('dialog')?.open);
        const personalization = switchNamed(root, 'personalization');
        personalization.click();
        await waitUntil(() => !switchNamed(root, 'personalization').checked, 'the switch goes back off');
        expect(el.runtime!.store.isGranted('personalization')).to.equal(false);
        root.querySelector<HTMLElement>('[part="save"]')!.click();
        await waitUntil(() => !root.querySelector('dialog')?.open);
      }
      expect(errors.join('\n')).to.match(/no guardian callback is set/);
    } finally {
      console.error = original;
    }
  });

  it('before any choice the personalization switch waits for a button, and Escape records nothing', async () => {
    const { el, root } = await mount();
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    switchNamed(root, 'personalization').click();
    await el.updateComplete;
    expect(el.runtime!.store.get().decided).to.equal(false);
    expect(el.runtime!.store.isGranted('personalization')).to.equal(false);
  });

  it('showBanner() shows the banner again over a stored choice, until the next decision', async () => {
    const { el, root } = await mount();
    el.runtime!.store.acceptAll();
    await el.updateComplete;
    expect(root.querySelector('[part="banner"]')).to.equal(null);
    el.runtime!.showBanner();
    await el.updateComplete;
    expect(root.querySelector('[part="banner"]')).not.to.equal(null);
    root.querySelector<HTMLElement>('[part="banner"] [part="reject-all"]')!.click();
    await el.updateComplete;
    expect(root.querySelector('[part="banner"]')).to.equal(null);
    expect(el.runtime!.store.isGranted('analytics')).to.equal(false);
  });

  it('a showPreferences() asked before the UI existed is honoured when it connects', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    try {
      const { ConsentRuntime } = await import('../../src/runtime/consent-runtime.js');
      const { uniqueName } = await import('./helpers.js');
      const runtime = new ConsentRuntime({ options: { cookieName: uniqueName() } });
      runtime.showPreferences();
      expect(runtime.pendingUi).to.equal('preferences');
      const { RUNTIME } = await import('../../src/runtime/bootstrap.js');
      const el = document.createElement('migu-consent');
      (el as unknown as Record<symbol, unknown>)[RUNTIME] = runtime;
      host.append(el);
      await waitUntil(() => el.shadowRoot?.querySelector('dialog')?.open, 'the dialog opens');
      expect(runtime.pendingUi).to.equal(undefined);
      expect(runtime.ui).not.to.equal(undefined);
      el.remove();
    } finally {
      host.remove();
    }
  });

  it('config labels are text, never HTML', async () => {
    const evil = '<img src=x onerror="window.__xss=1">';
    const { el, root } = await mount({
      config: { categories: [{ id: 'video', label: evil, description: evil, services: [{ id: 'yt', name: evil, vendor: evil, purpose: evil }] }] },
    });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const section = switchNamed(root, 'video').closest('section')!;
    expect(section.querySelector('img')).to.equal(null);
    expect(section.textContent).to.contain(evil);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('a user under 14 (minor): accept all is disabled, with a note', async () => {
    const { el, $ } = await mount();
    expect($<HTMLButtonElement>('[part="banner"] [part="accept-all"]').disabled).to.equal(false);
    el.remove(); // one <migu-consent> per page
    await Promise.resolve();
    const { fixture, html } = await import('@open-wc/testing');
    const { uniqueName } = await import('./helpers.js');
    const minor = await fixture(html`<migu-consent minor cookie-name=${uniqueName()} lang="zh-CN"></migu-consent>`);
    const button = minor.shadowRoot!.querySelector<HTMLButtonElement>('[part="banner"] [part="accept-all"]')!;
    expect(button.disabled).to.equal(true);
    expect(minor.shadowRoot!.querySelector('[part="banner"]')!.textContent).to.contain('监护人');
  });
});

describe('<migu-consent> preferences: the page does not hear its buttons', () => {
  afterEach(clearCookies);

  it('a click in the dialog stays in it (autocapture, in the capture phase too, sent the click that withdrew): the choice is made; a switch, clicked or by its label, toggles once', async () => {
    const heard: string[] = [];
    const listen = (e: Event): void => {
      const target = e.composedPath()[0] as Element;
      heard.push(target.getAttribute('part') ?? target.localName);
    };
    // where autocapture listens: Sensors at the document, capturing; others bubbling to the window
    document.addEventListener('click', listen, true);
    addEventListener('click', listen);
    try {
      const { el, $ } = await mount();
      el.runtime!.store.acceptAll();
      await el.updateComplete;
      await el.showPreferences();
      await el.updateComplete;
      const input = $<HTMLInputElement>('[part="preferences"] input[name="analytics"]');
      input.click();
      expect(input.checked, 'toggled once').to.equal(false);
      // the label's text: the browser clicks the switch again, for it
      const label = $<HTMLInputElement>('[part="preferences"] input[name="marketing"]').closest('label')!.querySelector('span')!;
      label.click();
      expect($<HTMLInputElement>('[part="preferences"] input[name="marketing"]').checked, 'toggled once by its label').to.equal(false);
      $('[part="preferences"] [part="save"]').click();
      await el.updateComplete;
      expect(el.runtime!.store.get().categories['analytics'], 'the choice is made').to.equal(false);
      expect(el.runtime!.store.get().categories['marketing']).to.equal(false);
      expect($<HTMLDialogElement>('[part="preferences"]').open, 'and the dialog closed').to.equal(false);
      expect(heard).to.deep.equal([]);
      // closed: the page hears the re-open button again
      heard.length = 0;
      await el.updateComplete;
      $('[part="reopen"]').click();
      expect(heard).to.deep.equal(['reopen', 'reopen']);
    } finally {
      document.removeEventListener('click', listen, true);
      removeEventListener('click', listen);
    }
  });
});

describe('<migu-consent> preferences: descriptions, a guardian\'s refusal, services of a withdrawn category', () => {
  afterEach(clearCookies);

  it('a category without a description, or a service without details, has no empty element and no description reference', async () => {
    const { el, root } = await mount({ config: { categories: [{ id: 'video', label: 'Video', services: [{ id: 'yt', name: 'YouTube' }] }] } });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    for (const details of root.querySelectorAll('details')) details.open = true;
    for (const id of ['video', 'yt']) {
      const s = switchNamed(root, id);
      for (const ref of s.getAttribute('aria-describedby')?.split(' ') ?? []) expect(root.getElementById(ref)?.textContent?.trim() ?? '', `${id}: describedby points at text`).to.not.equal('');
    }
    expect(switchNamed(root, 'video').closest('section')!.querySelector('p.d:empty'), 'no empty description').to.equal(null);
    expect(switchNamed(root, 'yt').closest('li')!.querySelector('dl'), 'no empty details list').to.equal(null);
    // the built-in ones keep theirs
    expect(root.getElementById(switchNamed(root, 'analytics').getAttribute('aria-describedby')!)?.textContent).to.contain('统计');
  });

  it('a minor\'s Save that the guardian refuses keeps the dialog open and says why (role=alert, in the dialog\'s language); confirmed, it closes', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent minor cookie-name=${uniqueName()} lang="en" policy-url="https://example.com/privacy"></migu-consent>`);
    const root = el.shadowRoot!;
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      el.runtime!.guardian = () => Promise.resolve(false);
      el.runtime!.ui!.showPreferences();
      await waitUntil(() => root.querySelector('dialog')?.open);
      switchNamed(root, 'analytics').click();
      root.querySelector<HTMLElement>('dialog [part="save"]')!.click();
      await waitUntil(() => root.querySelector('dialog [role="alert"]'), 'the refusal is said');
      const alert = root.querySelector('dialog [role="alert"]')!;
      expect(alert.textContent).to.contain('guardian');
      expect(root.querySelector('dialog')!.open, 'the dialog stays open').to.equal(true);
      expect(el.runtime!.store.isGranted('analytics')).to.equal(false);
      expect(switchNamed(root, 'analytics').checked, 'the switch still shows what was asked for').to.equal(true);
      // a change of a switch clears the message; a confirmed Save closes the dialog
      switchNamed(root, 'functional').click();
      await el.updateComplete;
      expect(root.querySelector('dialog [role="alert"]')).to.equal(null);
      el.runtime!.guardian = () => Promise.resolve(true);
      root.querySelector<HTMLElement>('dialog [part="save"]')!.click();
      await waitUntil(() => !root.querySelector('dialog')?.open, 'closed once confirmed');
      expect(el.runtime!.store.isGranted('analytics')).to.equal(true);
    } finally {
      console.error = original;
    }
  });

  it('a minor\'s Save pressed again while the guardian is being asked asks only once', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent minor cookie-name=${uniqueName()} lang="en" policy-url="https://example.com/privacy"></migu-consent>`);
    const root = el.shadowRoot!;
    const asked: unknown[] = [];
    let answer: (yes: boolean) => void = () => undefined;
    el.runtime!.guardian = (request) => {
      asked.push(request);
      return new Promise<boolean>((resolve) => { answer = resolve; });
    };
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    switchNamed(root, 'analytics').click();
    const save = root.querySelector<HTMLElement>('dialog [part="save"]')!;
    save.click();
    save.click();
    await waitUntil(() => asked.length > 0, 'the guardian is asked');
    answer(true);
    await waitUntil(() => !root.querySelector('dialog')?.open, 'closed once confirmed');
    expect(asked, 'asked once').to.have.length(1);
    expect(el.runtime!.store.isGranted('analytics')).to.equal(true);
  });

  it('a service switched off, its category withdrawn and turned on again shows the service still off (in the same dialog and after saving)', async () => {
    const { el, root } = await mount({ config: richConfig() });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    switchNamed(root, 'analytics').click();
    await el.updateComplete;
    switchNamed(root, 'ga').click();
    await el.updateComplete;
    switchNamed(root, 'analytics').click();
    await el.updateComplete;
    switchNamed(root, 'analytics').click();
    await el.updateComplete;
    expect(switchNamed(root, 'ga').checked, 'in the same dialog').to.equal(false);
    // saved on with the service off, then withdrawn and saved, then turned on again
    root.querySelector<HTMLElement>('dialog [part="save"]')!.click();
    await waitUntil(() => !root.querySelector('dialog')?.open);
    for (const on of [false, true]) {
      el.runtime!.ui!.showPreferences();
      await waitUntil(() => root.querySelector('dialog')?.open);
      await el.updateComplete;
      expect(switchNamed(root, 'ga').checked, `reopened (analytics ${on ? 'off' : 'on'})`).to.equal(false);
      switchNamed(root, 'analytics').click();
      await el.updateComplete;
      expect(switchNamed(root, 'ga').checked, `analytics turned ${on ? 'on' : 'off'}`).to.equal(false);
      root.querySelector<HTMLElement>('dialog [part="save"]')!.click();
      await waitUntil(() => !root.querySelector('dialog')?.open);
      expect(el.runtime!.store.get().categories['analytics']).to.equal(on);
    }
    expect(el.runtime!.store.get().services['ga'], 'the service stays off').to.equal(false);
  });
});

describe('<migu-consent> properties', () => {
  it('are the options of the one table (OPTION_ATTRIBUTES), each reflected to its attribute; the rest is internal state', async () => {
    const declared = MiguConsentElement.properties as Record<string, { attribute?: string | false; state?: boolean; reflect?: boolean }>;
    const options = Object.entries(declared).filter(([, d]) => !d.state);
    expect(Object.fromEntries(options.map(([name, d]) => [name, typeof d.attribute === 'string' ? d.attribute : name]))).to.deep.equal(OPTION_ATTRIBUTES);
    expect(options.every(([, d]) => d.reflect === true)).to.equal(true);
    expect(Object.entries(declared).filter(([, d]) => d.state).every(([, d]) => d.attribute === false)).to.equal(true);
    const { el } = await mount();
    el.serverSignals = 'gpc';
    await el.updateComplete;
    expect(el.getAttribute('server-signals')).to.equal('gpc');
  });

  it('a config attribute (React 18 renders config={object} as "[object Object]") is reported as not read, unless the config came from the property or a child', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} config="[object Object]"></migu-consent>`);
      await el.updateComplete;
      expect(errors).to.deep.equal(['[migu-consent:config] the config attribute is not read ("[object Object]": an object set as an attribute, by React 18, or before the element was defined: render it once migu-consent is imported): set the config property, or put the JSON in a child <script type="application/json">']);
      el.remove();
      errors.length = 0;
      // JSON written into the attribute by hand: no word of frameworks
      const json = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} config='{"categories":[]}'></migu-consent>`);
      await json.updateComplete;
      expect(errors).to.deep.equal(['[migu-consent:config] the config attribute is not read: set the config property, or put the JSON in a child <script type="application/json">']);
      json.remove();
      errors.length = 0;
      const given = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} config="[object Object]" .config=${{ categories: [] }}></migu-consent>`);
      await given.updateComplete;
      expect(errors).to.deep.equal([]);
      given.remove();
    } finally {
      console.error = original;
    }
  });

  it('two child configs: only the first is read, and the console says so (the second one\'s categories were missing without a word)', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()}><script type="application/json">{ "categories": [{ "id": "music" }] }</script><script type="application/json">{ "categories": [{ "id": "video" }] }</script></migu-consent>`);
      await el.updateComplete;
      expect(errors).to.deep.equal(['[migu-consent:config] more than one <script type="application/json"> in <migu-consent>: only the first is read; put the whole config in one']);
      const ids = el.runtime!.store.config.categories.map((c) => c.id);
      expect(ids).to.include('music');
      expect(ids).to.not.include('video');
      el.remove();
      errors.length = 0;
      const one = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()}><script type="application/json">{ "categories": [] }</script></migu-consent>`);
      await one.updateComplete;
      expect(errors).to.deep.equal([]);
    } finally {
      console.error = original;
    }
  });

  it('a child config\'s type is read as HTML reads a type: spaces around it (a template\'s), its case, `;charset=`, and text/json (it was ignored without a word, and with it every service)', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      for (const type of [' application/json ', '\tapplication/json\n', 'Application/JSON', 'application/json;charset=utf-8', 'text/json']) {
        const script = document.createElement('script');
        script.type = type;
        script.textContent = '{ "categories": [{ "id": "music" }] }';
        const el = document.createElement('migu-consent');
        el.setAttribute('cookie-name', uniqueName());
        el.append(script);
        document.body.append(el);
        await el.updateComplete;
        expect(el.runtime!.store.config.categories.map((c) => c.id), JSON.stringify(type)).to.include('music');
        el.remove();
      }
      expect(errors).to.deep.equal([]);
    } finally {
      console.error = original;
    }
  });
});
