import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { browserSignals } from '../../src/core/signals.js';
import type { MiguConsentElement } from '../../src/elements/migu-consent.js';
import { axeViolations, clearCookies, cookieNames, deepActive, mount, uniqueName } from './helpers.js';

// Runs in a browser with DNT and GPC on (the privacy-signals group of web-test-runner.config.js).
// A glob on the command line also hands it to the plain browser: it skips itself there
// (test/core/signals.privacy.test.ts proves the signals group does have them on).
describe('<migu-consent> with DNT and GPC on', () => {
  before(function () {
    if (!browserSignals().gpc) this.skip();
  });
  afterEach(() => {
    clearCookies();
    sessionStorage.clear();
  });

  it('shows a non-blocking notice naming GPC instead of the banner, and nothing is granted', async () => {
    const { el, root, name, $ } = await mount();
    expect(el.runtime!.store.get().source).to.equal('signal');
    expect(root.querySelector('[part="banner"]')).to.equal(null);
    const notice = $('[part="signal-notice"]');
    expect(root.getElementById(notice.getAttribute('aria-labelledby')!)?.textContent)
      .to.equal('已按您浏览器的“全球隐私控制”（GPC）信号关闭非必要的跟踪。');
    expect(notice.closest('dialog')).to.equal(null);
    expect(Object.entries(el.runtime!.store.get().categories).filter(([, on]) => on).map(([id]) => id)).to.deep.equal(['necessary']);
    expect(cookieNames()).not.to.include(name, 'a signal is never stored as a choice');
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('in English it names Global Privacy Control', async () => {
    const { $ } = await mount({ lang: 'en' });
    expect($('[part="signal-notice"]').textContent).to.contain('Global Privacy Control signal was honored');
  });

  it('leads into the preferences; a category turned on there is stored as the user\'s choice', async () => {
    const { el, root, name, $ } = await mount();
    const open = $('[part="signal-notice"] button');
    open.focus();
    open.click();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const personalization = root.querySelector<HTMLInputElement>('input[name="personalization"]')!;
    expect(personalization.checked).to.equal(false, 'the signal\'s refusal is the starting point');
    personalization.click();
    root.querySelector<HTMLElement>('[part="save"]')!.click();
    await waitUntil(() => el.runtime!.store.isGranted('personalization'));
    const state = el.runtime!.store.get();
    expect(state.source).to.equal('user');
    expect(state.categories['marketing']).to.equal(false);
    expect(cookieNames()).to.include(name);
    await el.updateComplete;
    expect(root.querySelector('[part="signal-notice"]')).to.equal(null);
    expect(root.querySelector('[part="reopen"]')).not.to.equal(null);
  });

  it('an opt-in over the signal holds on the next page; a new policy revision says so in the notice (REQUIREMENTS 19)', async () => {
    const first = await mount();
    first.$('[part="signal-notice"] button').click();
    await waitUntil(() => first.root.querySelector('dialog')?.open);
    first.root.querySelector<HTMLInputElement>('input[name="personalization"]')!.click();
    first.root.querySelector<HTMLElement>('[part="save"]')!.click();
    await waitUntil(() => first.el.runtime!.store.isGranted('personalization'));
    first.el.remove();
    // the next page, the signal still on: the choice made over it holds
    const next = await mount({ name: first.name });
    expect([next.el.runtime!.store.get().source, next.el.runtime!.store.isGranted('personalization')]).to.deep.equal(['user', true]);
    expect(next.root.querySelector('[part="signal-notice"]')).to.equal(null);
    next.el.remove();
    // a page of a new revision: the signal's denial and its notice, which says the policy changed
    const revised = await mount({ name: first.name, revision: '2' });
    expect(revised.el.runtime!.store.isGranted('personalization')).to.equal(false);
    const notice = revised.$('[part="signal-notice"]');
    expect(notice.textContent).to.contain('我们的隐私政策已更新');
    expect(notice.textContent).to.contain('全球隐私控制');
    expect(revised.root.querySelector('[part="banner"]')).to.equal(null);
    expect(await axeViolations(revised.el)).to.deep.equal([]);
  });

  it('can be dismissed: the re-open button takes its place, and it stays dismissed for the session', async () => {
    const { el, root, $ } = await mount();
    const dismiss = $('[part="signal-notice"] button:last-of-type');
    dismiss.focus();
    dismiss.click();
    await el.updateComplete;
    expect(root.querySelector('[part="signal-notice"]')).to.equal(null);
    expect(deepActive()).to.equal(root.querySelector('[part="reopen"]'));
    expect(el.runtime!.store.get().source).to.equal('signal', 'dismissing is not a choice');
    // the next page of the session (one <migu-consent> per page)
    el.remove();
    await Promise.resolve();
    const next = await mount();
    expect(next.root.querySelector('[part="signal-notice"]')).to.equal(null);
    expect(next.root.querySelector('[part="reopen"]')).not.to.equal(null);
  });

  it('with dnt="ignore" the banner asks as usual', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent dnt="ignore" cookie-name=${uniqueName()}></migu-consent>`);
    expect(el.shadowRoot!.querySelector('[part="banner"]')).not.to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="signal-notice"]')).to.equal(null);
  });
});
