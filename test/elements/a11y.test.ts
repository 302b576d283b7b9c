import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { SiteConfig } from '../../src/core/types.js';
import type { MiguConsentGateElement } from '../../src/elements/migu-consent-gate.js';
import type { MiguConsentElement } from '../../src/elements/migu-consent.js';
import { emulateMedia, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { axeViolations, clearCookies, deepActive, frames, inDarkMode, loadAxe, mount, richConfig, uniqueName } from './helpers.js';

/** Nothing sticks out sideways: no horizontal scrolling inside, nothing past the viewport. */
function expectReflow(element: Element, width: number): void {
  const box = element.getBoundingClientRect();
  expect(box.left, `${element.tagName} starts inside`).to.be.at.least(0);
  expect(box.right, `${element.tagName} ends inside ${String(width)} px`).to.be.at.most(width);
  expect(element.scrollWidth, `${element.tagName} does not scroll sideways`).to.be.at.most(element.clientWidth + 1);
}

/** An element's computed colour as [r, g, b] (0-255); `rgb()`, `rgba()` or `color(srgb …)`. */
function rgbOf(color: string): [number, number, number] {
  const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(color);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255];
  const m = /^rgba?\((\d+(?:\.\d+)?),? (\d+(?:\.\d+)?),? (\d+(?:\.\d+)?)/.exec(color);
  if (!m) throw new Error(`not a colour this test reads: ${color}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** WCAG 2 contrast ratio of two computed colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string): number => {
    const [r, g, bl] = rgbOf(color).map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * WCAG 1.4.11 on our parts, as the page shows them: the edge of each button and switch (off and
 * on), the knob on a switch that is on, and the focus ring, each at least 3:1 against what is
 * next to it.
 */
async function expectNonTextContrast(lang: string): Promise<void> {
  const { el, root, $ } = await mount({ config: richConfig(), lang });
  const bannerBg = getComputedStyle($('[part="banner"]')).backgroundColor;
  for (const b of $('[part="banner"]').querySelectorAll('button')) {
    expect(contrast(getComputedStyle(b).borderTopColor, bannerBg), `banner ${b.textContent ?? ''}: edge`).to.be.at.least(3);
  }
  // the focus ring, reached by keyboard as :focus-visible wants
  const before = document.createElement('button');
  before.textContent = 'before';
  el.before(before);
  try {
    before.focus();
    await sendKeys({ press: 'Tab' });
    const focused = deepActive() as HTMLElement;
    expect(root.contains(focused), 'Tab reached the banner').to.equal(true);
    const ring = getComputedStyle(focused);
    expect(ring.outlineStyle).to.not.equal('none');
    expect(contrast(ring.outlineColor, bannerBg), 'focus ring').to.be.at.least(3);
  } finally {
    before.remove();
  }
  el.runtime!.ui!.showPreferences();
  await waitUntil(() => root.querySelector('dialog')?.open);
  const dialogBg = getComputedStyle($('dialog')).backgroundColor;
  const switches = [...root.querySelectorAll<HTMLInputElement>('dialog input[role="switch"]:not(:disabled)')];
  expect(switches.length).to.be.above(1);
  const off = switches.find((x) => !x.checked)!;
  expect(contrast(getComputedStyle(off).borderTopColor, dialogBg), 'switch off: edge').to.be.at.least(3);
  off.click();
  expect(off.checked).to.equal(true);
  const on = getComputedStyle(off);
  expect(contrast(on.backgroundColor, dialogBg), 'switch on: fill').to.be.at.least(3);
  // the knob of a switch that is on is drawn in the accent's foreground colour
  const knob = Object.assign(document.createElement('span'), { style: 'color: var(--af)' });
  $('dialog').append(knob);
  expect(contrast(getComputedStyle(knob).color, on.backgroundColor), 'switch on: knob').to.be.at.least(3);
  for (const part of ['save', 'accept-all', 'reject-all']) {
    const b = $(`dialog [part="${part}"]`);
    expect(contrast(getComputedStyle(b).borderTopColor, dialogBg), `dialog ${part}: edge`).to.be.at.least(3);
  }
}

describe('accessibility', () => {
  // axe-core is 650 kB to fetch and compile, once per page: over 3 s on a loaded 2-core machine (the
  // privacy group's browser starting alongside), which the first axe test paid inside its 5 s and
  // timed out. Loaded here, the hook waits for the script's load with the time that can take.
  before(async function () {
    this.timeout(60_000);
    await loadAxe();
  });

  afterEach(async () => {
    clearCookies();
    document.documentElement.style.fontSize = '';
    await setViewport({ width: 800, height: 600 });
  });

  it('axe: no violations with the banner open', async () => {
    const { el, $ } = await mount({ config: richConfig() });
    expect($('[part="banner"]').tagName).to.equal('SECTION');
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('axe sees inside the shadow root (a nameless button is a violation)', async () => {
    const { el, root } = await mount();
    root.append(document.createElement('button'));
    expect((await axeViolations(el)).join('\n')).to.contain('button-name');
  });

  it('axe: no violations with the preferences open (services expanded)', async () => {
    const { el, root } = await mount({ config: richConfig() });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    for (const details of root.querySelectorAll('details')) details.open = true;
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('a config text the site left out in the visitor\'s language is filled from another and said to be in it (WCAG 3.1.2)', async () => {
    const config: SiteConfig = {
      categories: [{
        id: 'video', label: { 'zh-CN': '视频播放', 'zh-TW': '影片播放' }, description: { 'zh-CN': '只有简体说明' },
        services: [{ id: 'player', name: 'Player', purpose: { 'zh-TW': '只有繁體用途' }, dataTypes: { en: 'Device ID' } }],
      }],
    };
    const { el, root } = await mount({ config, lang: 'en' });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const section = root.querySelector('input[name="video"]')!.closest('section')!;
    const langOfText = (text: string): string | null | undefined =>
      // the innermost element of that text
      [...section.querySelectorAll('span, p, dd')].filter((e) => e.textContent === text).at(-1)?.closest('[lang]')?.getAttribute('lang');
    expect(root.querySelector('dialog')!.getAttribute('lang')).to.equal('en');
    expect(['视频播放', '只有简体说明', '只有繁體用途', 'Device ID'].map(langOfText)).to.deep.equal(['zh-CN', 'zh-CN', 'zh-TW', 'en']);
    expect(await axeViolations(el)).to.deep.equal([]);
  });

  it('the preferences dialog holds no page landmark: its title bar and buttons are no banner or contentinfo', async () => {
    const { el, root } = await mount({ config: richConfig() });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const dialog = root.querySelector('dialog')!;
    // elements the HTML-AAM maps to landmarks outside sectioning content, and explicit landmark roles
    const landmarks = dialog.querySelectorAll('header, footer, main, nav, aside, [role=banner], [role=contentinfo], [role=main], [role=navigation], [role=complementary], [role=region]');
    expect([...landmarks].map((e) => e.outerHTML.slice(0, 60))).to.deep.equal([]);
    expect(dialog.querySelector('h2')?.textContent, 'the title is still there').to.not.equal('');
    expect(dialog.querySelector('[part=save]'), 'and the buttons').to.not.equal(null);
  });

  it('axe: no violations in dark mode, nor with the re-open button', async function () {
    await inDarkMode(this, async () => {
      const { el, root } = await mount({ lang: 'en' });
      expect(getComputedStyle(root.querySelector('[part="banner"]')!).backgroundColor).to.equal('rgb(31, 31, 31)');
      expect(await axeViolations(el)).to.deep.equal([]);
      el.runtime!.store.rejectAll();
      await el.updateComplete;
      expect(root.querySelector('[part="reopen"]')).not.to.equal(null);
      expect(await axeViolations(el)).to.deep.equal([]);
    });
  });

  it('axe: the gate\'s placeholder is a surface of its own, in light and dark mode', async function () {
    const gate = await fixture<MiguConsentGateElement>(html`<migu-consent-gate category="marketing" lang="en"><template><p>x</p></template></migu-consent-gate>`);
    expect(await axeViolations(gate)).to.deep.equal([]);
    await inDarkMode(this, async () => {
      await gate.updateComplete;
      const box = gate.shadowRoot!.querySelector('[part="placeholder"]')!;
      expect(getComputedStyle(box).backgroundColor).to.equal('rgb(31, 31, 31)');
      expect(await axeViolations(gate)).to.deep.equal([]);
    });
  });

  it('non-text contrast is at least 3:1: button and switch edges, a switch on, the focus ring (WCAG 1.4.11)', async () => {
    await expectNonTextContrast('en');
  });

  it('the re-open button\'s focus ring lies on its own surface, at least 3:1 against it, light and dark: never on the page\'s background (WCAG 1.4.11)', async function () {
    const check = async () => {
      const { el, $ } = await mount({ lang: 'en' });
      el.runtime!.store.rejectAll();
      await el.updateComplete;
      const reopen = $('[part="reopen"]');
      const before = document.createElement('button');
      before.textContent = 'before';
      el.before(before);
      try {
        before.focus();
        // Tab until the button has focus as a keyboard user gives it (:focus-visible)
        for (let i = 0; i < 5 && deepActive() !== reopen; i++) await sendKeys({ press: 'Tab' });
        expect(deepActive(), 'Tab reached it').to.equal(reopen);
        const ring = getComputedStyle(reopen);
        expect(ring.outlineStyle).to.not.equal('none');
        // drawn inside its border box: what lies next to it is the button's own background
        expect(parseFloat(ring.outlineOffset) + parseFloat(ring.outlineWidth), 'inside the button').to.be.at.most(0);
        expect(contrast(ring.outlineColor, ring.backgroundColor), 'ring on the button').to.be.at.least(3);
      } finally {
        before.remove();
        el.remove();
      }
    };
    await check();
    await inDarkMode(this, check);
  });

  it('non-text contrast is at least 3:1 in dark mode too', async function () {
    await inDarkMode(this, () => expectNonTextContrast('en'));
  });

  it('in forced-colors mode a switch that is on still looks unlike one that is off (knob and fill in system colours)', async function () {
    try {
      await emulateMedia({ forcedColors: 'active' });
    } catch {
      this.skip(); // Firefox through puppeteer, WebKitGTK through WebDriver: no forced-colors emulation
    }
    try {
      const { el, root } = await mount({ config: richConfig(), lang: 'en' });
      el.runtime!.ui!.showPreferences();
      await waitUntil(() => root.querySelector('dialog')?.open);
      const [off, on] = [...root.querySelectorAll<HTMLInputElement>('dialog input[role="switch"]:not(:disabled)')];
      on.click();
      expect([off.checked, on.checked]).to.deep.equal([false, true]);
      const [offStyle, onStyle] = [getComputedStyle(off), getComputedStyle(on)];
      // the browser forces background-color to Canvas and drops gradients: both switches were an empty outline
      expect(onStyle.backgroundImage, 'the knob of a switch that is on').to.not.equal('none');
      expect(offStyle.backgroundImage, 'the knob of a switch that is off').to.not.equal('none');
      expect(onStyle.backgroundColor, 'on is filled, off is not').to.not.equal(offStyle.backgroundColor);
      expect(onStyle.backgroundPosition, 'the knob moves').to.not.equal(offStyle.backgroundPosition);
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });

  it('reflows at 320 px wide with 200% text: banner and dialog', async function () {
    try {
      await setViewport({ width: 320, height: 640 });
    } catch {
      this.skip(); // WebKitGTK's MiniBrowser: its window cannot be that narrow (the error says so in the log)
    }
    const { el, root, $ } = await mount({ config: richConfig(), lang: 'en' });
    // its sizes follow its font (the browser's default size, or a site's --migu-consent-font), not html's
    el.style.setProperty('--migu-consent-font', '200%/1.5 system-ui, sans-serif');
    await frames();
    const banner = $('[part="banner"]');
    expect(getComputedStyle(banner).fontSize).to.equal('32px');
    expectReflow(banner, 320);
    for (const b of banner.querySelectorAll('button')) expectReflow(b, 320);
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    for (const details of root.querySelectorAll('details')) details.open = true;
    const dialog = $('dialog');
    expectReflow(dialog, 320);
    expect(dialog.getBoundingClientRect().bottom).to.be.at.most(640);
    // its title breaks between words, not inside them ("Priv / acy / pref / eren / ces" beside the close button)
    const title = dialog.querySelector('h2')!;
    const lines = new Set([...(() => { const r = document.createRange(); r.selectNodeContents(title); return r.getClientRects(); })()].map((x) => Math.round(x.top)));
    expect(lines.size, `${title.textContent ?? ''}: ${String(lines.size)} lines`).to.be.at.most(title.textContent.trim().split(/\s+/).length);
    for (const part of ['save', 'accept-all', 'reject-all']) expectReflow(dialog.querySelector(`[part="${part}"]`)!, 320);
    // a service's details (vendor, the cross-border recipient...): a long term wraps (at most 40% of the line),
    // each value keeps the rest but the gap (Firefox at 200%: 75 of 151 px; 14 px before)
    const values = [...dialog.querySelectorAll('dd')];
    expect(values.length).to.be.above(3);
    for (const dd of values) {
      const line = dd.closest('dl')!.getBoundingClientRect().width;
      expect(dd.getBoundingClientRect().width, `${dd.textContent ?? ''}: ${String(dd.getBoundingClientRect().width)} of ${String(line)} px`).to.be.at.least(line * 0.4);
    }
  });

  it('on a page laid out in rem (html\'s font size a tenth of the screen, as lib-flexible sets it; or 62.5 %): banner and dialog in the browser\'s default size, the banner\'s buttons in view', async function () {
    try {
      await setViewport({ width: 375, height: 667 });
    } catch {
      this.skip(); // WebKitGTK's MiniBrowser: its window cannot be that narrow
    }
    const probe = document.body.appendChild(document.createElement('div'));
    probe.style.fontSize = 'medium';
    const medium = parseFloat(getComputedStyle(probe).fontSize);
    probe.remove();
    for (const rootSize of ['37.5px', '62.5%']) {
      document.documentElement.style.fontSize = rootSize;
      const { el, root, $ } = await mount({ lang: 'zh-CN' });
      const banner = $('[part="banner"]');
      expect(parseFloat(getComputedStyle(banner).fontSize), `${rootSize}: the banner's text`).to.equal(medium);
      expect(parseFloat(getComputedStyle($('[part="banner"] button')).minHeight), `${rootSize}: a button's height`).to.equal(2.75 * medium);
      const bar = banner.getBoundingClientRect();
      expect(bar.height, `${rootSize}: at most half the screen`).to.be.at.most(667 / 2 + 1);
      for (const part of ['accept-all', 'reject-all']) {
        const box = $(`[part="banner"] [part="${part}"]`).getBoundingClientRect();
        // at 37.5 px the text took the whole bar, both buttons below its fold
        expect(box.bottom, `${rootSize}: ${part} in view without scrolling the banner`).to.be.at.most(bar.bottom);
      }
      el.runtime!.ui!.showPreferences();
      await waitUntil(() => root.querySelector('dialog')?.open);
      expect(parseFloat(getComputedStyle($('dialog h2')).fontSize), `${rootSize}: the dialog's title`).to.equal(1.125 * medium);
      expect($('dialog [role=switch]').getBoundingClientRect().width, `${rootSize}: a switch`).to.equal(2.75 * medium);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !root.querySelector('dialog')?.open);
      el.remove();
    }
  });

  it('on a phone, upright or on its side, the banner\'s buttons are in view without scrolling it; its text scrolls behind them, the policy link focused above them', async function () {
    for (const [width, height] of [[320, 568], [360, 640], [640, 360]]) {
      try {
        await setViewport({ width, height });
      } catch {
        this.skip(); // WebKitGTK's MiniBrowser: its window cannot be that narrow
      }
      const { el, $ } = await mount({ lang: 'en' });
      const banner = $('[part="banner"]');
      const bar = banner.getBoundingClientRect();
      expect(banner.scrollHeight, `${String(width)} x ${String(height)}: the text is longer than the banner`).to.be.above(banner.clientHeight);
      for (const part of ['accept-all', 'reject-all', 'customize']) {
        // English at 360 x 640: "accept" and "reject" 4 px below the fold, "customize" 56 px (touch probe F2)
        expect($(`[part="banner"] [part="${part}"]`).getBoundingClientRect().bottom, `${String(width)} x ${String(height)}: ${part} in view`).to.be.at.most(bar.bottom);
      }
      const link = $('[part="banner"] [part="policy"]');
      link.focus();
      await frames();
      const top = Math.min(...[...banner.querySelectorAll('button')].map((b) => b.getBoundingClientRect().top));
      expect(link.getBoundingClientRect().bottom, `${String(width)} x ${String(height)}: the focused link above the buttons`).to.be.at.most(top);
      el.remove();
    }
  });

  it('a gate\'s placeholder reflows at 320 px: a long word in a service name or a recipient wraps, as in the banner', async function () {
    try {
      await setViewport({ width: 320, height: 640 });
    } catch {
      this.skip(); // WebKitGTK's MiniBrowser: its window cannot be that narrow
    }
    // a German compound and a recipient's web address: no place to break but anywhere
    const name = 'Reichweitenmessungsdienstleistungsunternehmenskooperation';
    const config = { categories: [{ id: 'marketing', services: [{ id: 'longname', name, crossBorder: { recipient: 'https://recipient.example/very-long-path-without-any-spaces-at-all', country: 'Deutschland' } }] }] };
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en" .config=${config}>
      <migu-consent-gate category="marketing" service="longname" lang="en"><template><p>x</p></template></migu-consent-gate>
    </migu-consent>`);
    const gate = el.querySelector('migu-consent-gate')!;
    await gate.updateComplete;
    const box = gate.shadowRoot!.querySelector('[part="placeholder"]')!;
    expect(box.textContent).to.contain(name);
    expectReflow(box, 320);
    for (const part of box.querySelectorAll('p, button')) expectReflow(part, 320);
  });

  it('at 400% zoom (320 x 256 CSS px) the banner takes at most half the height, its buttons fully in view when focused; the dialog\'s buttons leave it room', async function () {
    try {
      await setViewport({ width: 320, height: 256 });
    } catch {
      this.skip(); // WebKitGTK's MiniBrowser: its window cannot be that small
    }
    const { el, root, $ } = await mount({ config: richConfig(), lang: 'en' });
    const banner = $('[part="banner"]');
    expect(banner.getBoundingClientRect().height, 'the page behind stays usable').to.be.at.most(256 / 2 + 1);
    $('[part="banner"] a').focus();
    for (const part of ['accept-all', 'reject-all', 'customize']) {
      const button = $(`[part="banner"] [part="${part}"]`);
      await sendKeys({ press: 'Tab' });
      await frames();
      expect(deepActive(), 'reached with Tab').to.equal(button);
      const box = button.getBoundingClientRect();
      const bar = banner.getBoundingClientRect();
      // WCAG 2.4.11: the focused button is not hidden by the banner's own scrolling, nor off screen
      expect(box.top >= bar.top - 1 && box.bottom <= bar.bottom + 1 && box.bottom <= 256, `${part}: ${String(box.top)}-${String(box.bottom)} in ${String(bar.top)}-${String(bar.bottom)}`).to.equal(true);
    }
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const dialog = $('dialog').getBoundingClientRect();
    const footer = $('dialog .ft').getBoundingClientRect();
    const covered = Math.max(0, Math.min(footer.bottom, dialog.bottom) - Math.max(footer.top, dialog.top));
    expect(covered, `the buttons cover ${String(covered)} of ${String(dialog.height)} px`).to.be.at.most(dialog.height / 2);
    // a switch reached with Tab is in view, not under the buttons
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: 'Tab' });
      await frames();
      const active = deepActive()!;
      const box = active.getBoundingClientRect();
      const ft = $('dialog .ft').getBoundingClientRect();
      const overlap = active.closest('.ft') ? 0 : Math.max(0, Math.min(box.bottom, ft.bottom) - Math.max(box.top, ft.top));
      expect(overlap, `${active.outerHTML.slice(0, 60)} is not under the buttons`).to.be.below(box.height);
      expect(box.bottom <= 256 && box.top >= 0, `${active.outerHTML.slice(0, 60)} on screen`).to.equal(true);
    }
  });

  it('on a small phone (320 x 568) the dialog opens at its top, focus on its title when the first switch is below the fold; on a large screen on the first switch', async function () {
    try {
      await setViewport({ width: 320, height: 568 });
    } catch {
      this.skip(); // WebKitGTK's MiniBrowser: its window cannot be that narrow
    }
    const { el, root, $ } = await mount({ lang: 'en' });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    await frames();
    const dialog = $<HTMLDialogElement>('dialog');
    const title = $('dialog h2');
    const first = $('dialog input:enabled');
    expect(dialog.scrollTop, 'opened at its top').to.equal(0);
    expect(title.getBoundingClientRect().top, 'the title in view').to.be.at.least(dialog.getBoundingClientRect().top);
    // the switch was 216 px down, under the buttons: focusing it scrolled title and × out of view (touch probe F3)
    expect(first.getBoundingClientRect().bottom, 'this config\'s first switch starts below the fold').to.be.above($('dialog .ft').getBoundingClientRect().top);
    expect(deepActive(), 'the title has focus').to.equal(title);
    await sendKeys({ press: 'Tab' });
    expect(deepActive(), 'Tab: the close button').to.equal($('dialog .x'));
    title.focus();
    await sendKeys({ down: 'Shift' }); // puppeteer's Firefox knows no "Shift+Tab"
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    const buttons = dialog.querySelectorAll('button');
    expect(deepActive(), 'Shift+Tab from the title wraps to the last button').to.equal(buttons[buttons.length - 1]);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open);
    el.remove(); // one <migu-consent> per page
    await setViewport({ width: 1000, height: 900 });
    const big = await mount({ lang: 'en' });
    big.el.runtime!.ui!.showPreferences();
    await waitUntil(() => big.root.querySelector('dialog')?.open);
    expect(deepActive(), 'room enough: the first switch has focus').to.equal(big.$('dialog input:enabled'));
  });

  it('a page zoomed by CSS (html { zoom: 4 }, a large-text mode): the banner takes at most half the viewport and scrolls, its title reachable', async () => {
    document.documentElement.style.zoom = '4';
    try {
      const { $ } = await mount({ config: richConfig(), lang: 'en' });
      const banner = $('[part="banner"]');
      const box = banner.getBoundingClientRect();
      // 50vh grew with the zoom to twice the viewport: the title was above the screen, out of reach (i18n probe F5)
      expect(box.top, 'its top on screen').to.be.at.least(0);
      expect(box.height, 'at most half of the viewport').to.be.at.most(innerHeight / 2 + 1);
      expect(banner.scrollHeight, 'the rest scrolls inside').to.be.above(banner.clientHeight);
    } finally {
      document.documentElement.style.zoom = '';
    }
  });

  it('a page whose <body> has a transform or a filter (a mourning day\'s grey page), long: banner and re-open button at the viewport\'s bottom, in view', async () => {
    const spacer = document.body.appendChild(document.createElement('div'));
    spacer.style.height = '3000px';
    const inView = (part: Element): boolean => {
      const box = part.getBoundingClientRect();
      return box.top >= 0 && Math.abs(box.bottom - (innerHeight - parseFloat(getComputedStyle(part).bottom))) <= 1;
    };
    try {
      for (const css of ['transform: translateZ(0)', 'filter: grayscale(1)']) {
        document.body.style.cssText = css;
        const { el, root, $ } = await mount({ lang: 'en' });
        // placed in <body>'s box, the banner was at the end of the page, 3,000 px down
        await waitUntil(() => inView($('[part="banner"]')), `${css}: the banner at the viewport's bottom (${JSON.stringify($('[part="banner"]').getBoundingClientRect())})`);
        el.runtime!.store.rejectAll();
        await waitUntil(() => root.querySelector('[part="reopen"]'));
        await waitUntil(() => inView($('[part="reopen"]')), `${css}: the re-open button at the viewport's bottom`);
        el.remove();
      }
    } finally {
      document.body.style.cssText = '';
      spacer.remove();
    }
  });

  it('a page\'s own layer at z-index 2147483647 over the banner, a chat bubble put over the re-open button later: each of ours comes above, and takes the next click', async () => {
    const overlay = (css: string): HTMLElement => document.body.appendChild(Object.assign(document.createElement('div'), {
      style: `position: fixed; z-index: 2147483647; background: #c00; ${css}`,
    }));
    // what a click at `part`'s centre lands on: <migu-consent> for anything in its shadow root (Firefox's
    // ShadowRoot#elementFromPoint never names what is outside it)
    const on = (part: Element): Element | null => {
      const box = part.getBoundingClientRect();
      return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    };
    // an "open in app" layer over the page's lower half, there before the banner
    const appBar = overlay('left: 0; right: 0; bottom: 0; top: 50%');
    let bubble: HTMLElement | undefined;
    try {
      const { el, root, $ } = await mount({ lang: 'en' });
      for (const part of ['accept-all', 'reject-all', 'customize']) {
        await waitUntil(() => on($(`[part="banner"] [part="${part}"]`)) === el, `the banner's ${part} above the page's layer`);
      }
      el.runtime!.store.rejectAll();
      appBar.remove();
      await waitUntil(() => root.querySelector('[part="reopen"]'));
      const reopen = $('[part="reopen"]');
      await waitUntil(() => on(reopen) === el, 'the re-open button shows');
      // a chat widget's bubble, come after load, over the re-open button
      const box = reopen.getBoundingClientRect();
      bubble = overlay(`left: ${String(box.x - 10)}px; top: ${String(box.y - 10)}px; width: ${String(box.width + 20)}px; height: ${String(box.height + 20)}px`);
      const at = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] as [number, number];
      let pageClicks = 0;
      bubble.addEventListener('click', () => { pageClicks += 1; });
      expect(on(reopen), 'covered').to.equal(bubble);
      // a click on the bubble, beside ours (a second click where the first was is a double click to WebKit, which
      // the re-open button ignores: the second tap of a double tap on the banner's button it replaced)
      await sendMouse({ type: 'click', position: [Math.round(box.x - 5), at[1]] });
      expect(pageClicks, 'the page\'s bubble has its click').to.equal(1);
      expect(on(reopen), 'ours above the bubble after a press on the page').to.equal(el);
      await sendMouse({ type: 'click', position: at });
      await waitUntil(() => root.querySelector('dialog')?.open, 'the click on ours opens the preferences');
      expect(pageClicks, 'that click is not the bubble\'s').to.equal(1);
    } finally {
      await sendMouse({ type: 'move', position: [0, 0] });
      appBar.remove();
      bubble?.remove();
    }
  });

  it('a chat bubble put over the banner\'s "accept all" after it shows: ours comes above as the keyboard reaches the banner (WCAG 2.4.11)', async () => {
    const { el, root, $ } = await mount({ lang: 'en' });
    const accept = $('[part="banner"] [part="accept-all"]');
    const on = (part: Element): Element | null => {
      const box = part.getBoundingClientRect();
      return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    };
    await waitUntil(() => on(accept) === el, 'the banner shows');
    const box = accept.getBoundingClientRect();
    const bubble = document.body.appendChild(Object.assign(document.createElement('div'), {
      style: `position: fixed; z-index: 2147483647; background: #c00; left: ${String(box.x - 4)}px; top: ${String(box.y - 4)}px; width: ${String(box.width + 8)}px; height: ${String(box.height + 8)}px`,
    }));
    try {
      expect(on(accept), 'covered').to.equal(bubble);
      for (let i = 0; i < 10 && !root.activeElement; i++) await sendKeys({ press: 'Tab' });
      expect(root.activeElement, 'focus in the banner').to.not.equal(null);
      expect(on(accept), 'above the bubble').to.equal(el);
    } finally {
      bubble.remove();
    }
  });

  it('what a page\'s <body> passes down (pointer-events: none while it loads, letter-spacing, uppercase, justify, indent, shadow, nowrap) does not reach the banner, the dialog or the re-open button', async () => {
    document.body.style.cssText = 'pointer-events:none;letter-spacing:4px;word-spacing:10px;text-transform:uppercase;text-align:justify;text-indent:2em;text-shadow:0 0 3px red;word-break:break-all;white-space:nowrap';
    try {
      const { el, root, $ } = await mount({ lang: 'en' });
      const plain = (part: Element, what: string): void => {
        const s = getComputedStyle(part);
        expect([s.pointerEvents, s.letterSpacing, s.wordSpacing, s.textTransform, s.textIndent, s.textShadow, s.wordBreak, s.whiteSpace], what)
          .to.deep.equal(['auto', 'normal', '0px', 'none', '0px', 'none', 'normal', 'normal']);
      };
      plain($('[part="banner"] h2'), 'the banner\'s title');
      // clickable: the page's pointer-events: none made every click go through it to the page
      const accept = $('[part="banner"] [part="reject-all"]');
      const box = accept.getBoundingClientRect();
      expect(root.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2), 'a click on "reject all" lands on it').to.equal(accept);
      el.runtime!.ui!.showPreferences();
      await waitUntil(() => root.querySelector('dialog')?.open);
      plain($('dialog h2'), 'the dialog\'s title');
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !root.querySelector('dialog')?.open);
      el.runtime!.store.rejectAll();
      await waitUntil(() => root.querySelector('[part="reopen"]'));
      plain($('[part="reopen"]'), 'the re-open button');
    } finally {
      document.body.style.cssText = '';
    }
  });

  it('a page set vertically (html { writing-mode: vertical-rl }, a reading site): banner, dialog and re-open button stay horizontal, on screen', async () => {
    document.documentElement.style.writingMode = 'vertical-rl';
    try {
      const { el, root, $ } = await mount({ config: richConfig(), lang: 'en' });
      const horizontal = (part: Element, what: string): void => {
        expect(getComputedStyle(part).writingMode, what).to.equal('horizontal-tb');
        const box = part.getBoundingClientRect();
        // inherited, the bar was a column at the left edge, 24 px off screen, English set sideways (i18n probe F6)
        expect(box.left >= 0 && box.right <= innerWidth && box.top >= 0 && box.bottom <= innerHeight, `${what} on screen`).to.equal(true);
      };
      const banner = $('[part="banner"]');
      horizontal(banner, 'banner');
      expect(banner.getBoundingClientRect().width, 'a bar along the bottom').to.be.above(banner.getBoundingClientRect().height);
      el.runtime!.store.rejectAll();
      await waitUntil(() => root.querySelector('[part="reopen"]'));
      horizontal(root.querySelector('[part="reopen"]')!, 're-open button');
      el.runtime!.ui!.showPreferences();
      await waitUntil(() => root.querySelector('dialog')?.open);
      horizontal(root.querySelector('dialog')!, 'dialog');
    } finally {
      document.documentElement.style.writingMode = '';
    }
  });

  it('reject all is beside accept all, never below it, from 320 px wide, in the banner and the dialog: both in view or neither (a classic scrollbar in the banner too)', async function () {
    // 62 viewport sizes, each laid out and measured: over mocha's 5 s on a loaded 2-core machine
    this.timeout(30_000);
    for (const lang of ['zh-CN', 'en']) {
      // zh-CN's text at 568 px high makes the banner scroll: Firefox's classic scrollbar takes its width
      const { el, root, $ } = await mount({ config: richConfig(), lang });
      const row = (scope: string): void => {
        const top = (part: string): number => $(`${scope} [part="${part}"]`).getBoundingClientRect().top;
        expect(top('reject-all'), `${lang} ${scope} at ${String(innerWidth)} px`).to.equal(top('accept-all'));
      };
      for (let width = 320; width <= 800; width += 16) {
        try {
          await setViewport({ width, height: 568 });
        } catch {
          this.skip(); // WebKitGTK's MiniBrowser: its window cannot be that narrow
        }
        await frames();
        row('[part="banner"]');
      }
      await setViewport({ width: 320, height: 568 });
      el.runtime!.ui!.showPreferences();
      await waitUntil(() => root.querySelector('dialog')?.open);
      await frames();
      row('dialog');
      el.remove();
    }
  });

  it('on a right-to-left page the banner, the dialog, the re-open button and a gate\'s placeholder stay left to right, as their languages are', async () => {
    document.documentElement.dir = 'rtl';
    try {
      const { el, root, $ } = await mount({ config: richConfig(), lang: 'en' });
      expect(getComputedStyle($('[part="banner"]')).direction, 'banner').to.equal('ltr');
      el.runtime!.ui!.showPreferences();
      await waitUntil(() => root.querySelector('dialog')?.open);
      expect(getComputedStyle($('dialog')).direction, 'dialog').to.equal('ltr');
      $('dialog [part="reject-all"]').click();
      await el.updateComplete;
      expect(getComputedStyle($('[part="reopen"]')).direction, 're-open button').to.equal('ltr');
      const gate = await fixture<MiguConsentGateElement>(html`<migu-consent-gate category="marketing"><template><p>x</p></template></migu-consent-gate>`);
      await gate.updateComplete;
      for (const text of gate.shadowRoot!.querySelectorAll('[part="placeholder"] p, [part="allow"]')) {
        expect(getComputedStyle(text).direction, `placeholder ${text.localName}`).to.equal('ltr');
      }
      // a site's own placeholder keeps the page's direction
      const own = await fixture<MiguConsentGateElement>(html`<migu-consent-gate category="marketing"><p slot="placeholder">مرحبا.</p><template><p>x</p></template></migu-consent-gate>`);
      await own.updateComplete;
      expect(getComputedStyle(own.querySelector('p')!).direction, 'slotted').to.equal('rtl');
    } finally {
      document.documentElement.dir = '';
    }
  });

  /**
   * Opens the preferences of a new element and walks them with Tab then Shift+Tab: each control that takes
   * focus is in the dialog's view and not under its title bar or its buttons (WCAG 2.4.11). Returns how many
   * controls of the dialog's body it met.
   */
  async function expectFocusNeverCovered(test: Mocha.Context, config: SiteConfig, presses: number): Promise<number> {
    // each key press is a round trip to the browser's driver: about 0.2 s in WebKitGTK over WebDriver,
    // 15 s for 72, past the file's 10 s (the timed-out loop then went on pressing Tab in the next
    // tests). A ceiling per press, for a hung driver: not a time the test waits
    test.timeout(presses * 2 * 1000 + 5000);
    const { el, root, $ } = await mount({ config, lang: 'en' });
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const body = new Set<Element>();
    const check = (label: string): void => {
      const active = deepActive()!;
      if (active.closest('.hd, .ft')) return;
      body.add(active);
      const box = active.getBoundingClientRect();
      const view = $('dialog').getBoundingClientRect();
      expect(box.top >= view.top - 1 && box.bottom <= view.bottom + 1, `${label}: in the dialog's view`).to.equal(true);
      for (const bar of [$('dialog .hd'), $('dialog .ft')]) {
        if (!['sticky', 'fixed'].includes(getComputedStyle(bar).position)) continue;
        const r = bar.getBoundingClientRect();
        expect(Math.min(box.bottom, r.bottom) - Math.max(box.top, r.top), `${label}: under .${bar.className}`).to.be.at.most(1);
      }
    };
    try {
      for (const shift of [false, true]) {
        if (shift) await sendKeys({ down: 'Shift' }); // puppeteer's Firefox knows no "Shift+Tab"
        for (let i = 0; i < presses; i++) {
          await sendKeys({ press: 'Tab' });
          await frames();
          check(`${shift ? 'Shift+Tab' : 'Tab'} ${String(i)}: ${deepActive()!.outerHTML.slice(0, 60)}`);
        }
      }
    } finally {
      await sendKeys({ up: 'Shift' });
      el.remove();
    }
    return body.size;
  }

  it('in a tall dialog, controls reached with Tab and Shift+Tab are never under its sticky title bar or buttons (WCAG 2.4.11)', async function () {
    await setViewport({ width: 800, height: 800 });
    const categories = Array.from({ length: 30 }, (_, i) => ({ id: `c${String(i)}`, label: `Category ${String(i)}`, description: 'A purpose.' }));
    expect(await expectFocusNeverCovered(this, { categories }, 36)).to.be.at.least(30);
  });

  // mobile probe F4: 85-character labels at 320 x 568 made the sticky buttons taller than the dialog,
  // over every switch; in a tall window, buttons taller than the fixed 12rem of scroll padding hid what
  // took focus under them
  it('with very long button labels the buttons never cover the switches: on a phone they scroll with them, in a tall window what takes focus stays above them', async function () {
    const label = (verb: string): string => `${verb} the cookies and similar technologies used for analytics, marketing and more`.slice(0, 85);
    const config: SiteConfig = {
      categories: Array.from({ length: 12 }, (_, i) => ({ id: `c${String(i)}`, label: `Category ${String(i)}`, description: 'A purpose.' })),
      texts: { en: { acceptAll: label('Accept all of'), rejectAll: label('Reject all of'), save: label('Save my choices of') } },
    };
    for (const [width, height] of [[320, 568], [400, 1200]] as const) {
      try {
        await setViewport({ width, height });
      } catch {
        this.skip(); // WebKitGTK's MiniBrowser: its window cannot be that narrow
      }
      expect(await expectFocusNeverCovered(this, config, 20), `${String(width)} x ${String(height)}: switches reached`).to.be.at.least(12);
    }
  });

  it('targets are at least 24 x 24 CSS px, the banner\'s policy link in its sentence too', async () => {
    const { el, root } = await mount({ config: richConfig() });
    const policy = root.querySelector('[part="banner"] a[href]')!;
    expect(policy.getBoundingClientRect().height, 'the policy link').to.be.at.least(24);
    el.runtime!.ui!.showPreferences();
    await waitUntil(() => root.querySelector('dialog')?.open);
    const targets = [...root.querySelectorAll('button, input, a[href]')];
    expect(targets.length).to.be.above(8);
    for (const t of targets) {
      const box = t.getBoundingClientRect();
      if (box.width === 0) continue; // inside closed <details>
      expect(box.width >= 24 && box.height >= 24, `${t.outerHTML.slice(0, 80)}: ${String(box.width)} x ${String(box.height)}`).to.equal(true);
    }
  });

  it('while the banner is shown the page keeps focused elements above it (scroll-padding)', async () => {
    const { el, $ } = await mount();
    const banner = $('[part="banner"]');
    await waitUntil(() => document.documentElement.style.scrollPaddingBottom !== '', 'padding set');
    const padding = parseFloat(document.documentElement.style.scrollPaddingBottom);
    expect(padding).to.be.at.least(banner.getBoundingClientRect().height);
    el.runtime!.store.rejectAll();
    await el.updateComplete;
    // the re-open button takes the banner's place, and its padding
    const reopen = $('[part="reopen"]');
    await waitUntil(() => parseFloat(document.documentElement.style.scrollPaddingBottom) < padding, 'the button\'s padding');
    expect(parseFloat(document.documentElement.style.scrollPaddingBottom)).to.be.at.least(reopen.getBoundingClientRect().height);
    el.remove();
    await waitUntil(() => document.documentElement.style.scrollPaddingBottom === '', 'no padding once the element is gone');
    expect(document.documentElement.style.paddingBottom).to.equal('');
  });

  it('the page\'s last links, reached with Tab, end above the banner, and above the re-open button after a choice (WCAG 2.4.11)', async () => {
    const { el, $ } = await mount();
    const content = document.createElement('div');
    const links = ['one', 'two', 'three'].map((t) => Object.assign(document.createElement('a'), { href: `#${t}`, textContent: t }));
    content.append(Object.assign(document.createElement('div'), { style: 'height: 150vh' }), ...links);
    document.body.append(content);
    try {
      for (const part of ['banner', 'reopen']) {
        if (part === 'reopen') {
          el.runtime!.store.rejectAll();
          await el.updateComplete;
        }
        const bar = $(`[part="${part}"]`);
        await waitUntil(() => parseFloat(document.documentElement.style.paddingBottom) >= bar.getBoundingClientRect().height, `${part}: room at the page's end`);
        links[0].focus();
        for (const link of links.slice(1)) {
          await sendKeys({ press: 'Tab' });
          await frames();
          expect(document.activeElement).to.equal(link);
          expect(link.getBoundingClientRect().bottom, `${part}: ${link.textContent ?? ''} ends above it`).to.be.at.most(bar.getBoundingClientRect().top);
        }
        scrollTo(0, 0);
      }
    } finally {
      content.remove();
      scrollTo(0, 0);
    }
  });

  describe('on a page that scrolls in a container of its own (an app shell)', () => {
    const spacer = () => Object.assign(document.createElement('div'), { style: 'height: 150vh' });
    const link = (text: string) => Object.assign(document.createElement('a'), { href: `#${text}`, textContent: text });
    /** `<main>` fixed over the page, scrolled so that `behind`'s top is at the banner's middle */
    const shellWith = async (banner: Element, ...links: HTMLElement[]) => {
      const shell = Object.assign(document.createElement('main'), { style: 'position: fixed; inset: 0; overflow: auto' });
      shell.append(spacer(), ...links.flatMap((a) => [a, document.createElement('br')]), spacer());
      document.body.append(shell);
      const bar = banner.getBoundingClientRect();
      shell.scrollTop += links.at(-1)!.getBoundingClientRect().top - (bar.top + bar.height / 2);
      await frames();
      return shell;
    };

    it('its last line (a footer\'s 隐私设置 link), scrolled to by touch or wheel, ends above the re-open button; so where <body> is the scroller (messy-pages probe F7)', async () => {
      const { el, root, $ } = await mount();
      el.runtime!.store.rejectAll();
      await waitUntil(() => root.querySelector('[part="reopen"]'));
      const reopen = $('[part="reopen"]');
      const footer = link('隐私设置');
      // the page's own scroller, and <body> as one (html { overflow: hidden }): neither is <html>, which we pad
      const shell = Object.assign(document.createElement('main'), { style: 'position: fixed; inset: 0; overflow: auto' });
      shell.append(spacer(), footer);
      document.body.append(shell);
      const html = document.documentElement;
      const bodySpacer = spacer();
      try {
        for (const [scroller, what] of [[shell, 'an app shell'], [document.body, '<body>']] as const) {
          if (scroller === document.body) {
            shell.remove();
            Object.assign(html.style, { overflow: 'hidden', height: '100%' });
            // border-box, as CSS resets set it: with content-box the padding would grow <body> past the viewport,
            // where html's overflow: hidden cuts it (docs/theming.md)
            Object.assign(document.body.style, { overflow: 'auto', height: '100%', margin: '0', boxSizing: 'border-box' });
            document.body.append(bodySpacer, footer);
          }
          // scrolled to its end as a swipe does, the page's own way: no focus anywhere
          await waitUntil(() => {
            scroller.scrollTop = scroller.scrollHeight;
            return footer.getBoundingClientRect().bottom <= reopen.getBoundingClientRect().top;
          }, `${what}: its last line ends above the re-open button`);
        }
      } finally {
        shell.remove();
        footer.remove();
        bodySpacer.remove();
        html.style.overflow = html.style.height = '';
        Object.assign(document.body.style, { overflow: '', height: '', margin: '', boxSizing: '', paddingBottom: '', scrollPaddingBottom: '' });
      }
    });

    it('a link reached with Tab behind the banner is scrolled above it there (WCAG 2.4.11)', async () => {
      const { $ } = await mount();
      const banner = $('[part="banner"]');
      const before = link('before');
      const behind = link('behind');
      const shell = await shellWith(banner, before, behind);
      try {
        expect(behind.getBoundingClientRect().top, 'starts behind the banner').to.be.above(banner.getBoundingClientRect().top);
        before.focus();
        await sendKeys({ press: 'Tab' });
        // at once, as the browser scrolls it into view: not a frame later (a check right after the key saw it hidden)
        expect(document.activeElement).to.equal(behind);
        expect(behind.getBoundingClientRect().bottom, 'ends above the banner').to.be.at.most(banner.getBoundingClientRect().top);
        // and one that Tab brings into the shell's view from below
        const last = link('last');
        shell.append(last, spacer());
        behind.focus();
        await sendKeys({ press: 'Tab' });
        expect(document.activeElement).to.equal(last);
        expect(last.getBoundingClientRect().bottom, 'the last one ends above the banner').to.be.at.most(banner.getBoundingClientRect().top);
        // focus() from a script scrolls in the same task: above the banner as it returns, not a frame later
        const other = link('other');
        shell.append(other, spacer());
        other.focus();
        // (WebKitGTK does not scroll a link focused from a script into a container's view at all)
        const box = other.getBoundingClientRect();
        if (box.top < innerHeight) expect(box.bottom, 'focused from a script, at once').to.be.at.most(banner.getBoundingClientRect().top);
        // the shell's very last element: its padding lets it scroll above the banner too
        const end = link('end');
        shell.append(end);
        other.focus();
        await sendKeys({ press: 'Tab' });
        expect(document.activeElement).to.equal(end);
        expect(end.getBoundingClientRect().bottom, 'the last element of the shell').to.be.at.most(banner.getBoundingClientRect().top);
      } finally {
        shell.remove();
      }
    });

    it('a link half behind the banner is not moved by a mouse press: the click lands on it', async () => {
      const { $ } = await mount();
      const banner = $('[part="banner"]');
      const behind = link('pressed');
      behind.style.cssText = 'display: inline-block; padding: 4px 0 40px';
      const shell = await shellWith(banner, behind);
      // its top 12px above the banner, its bottom behind it
      shell.scrollTop += behind.getBoundingClientRect().top - (banner.getBoundingClientRect().top - 12);
      await frames();
      let clicked = 0;
      behind.addEventListener('click', (event) => {
        event.preventDefault();
        clicked += 1;
      });
      try {
        const box = behind.getBoundingClientRect();
        const top = banner.getBoundingClientRect().top;
        expect(box.top, 'its top is above the banner').to.be.below(top - 2);
        expect(box.bottom, 'its bottom is behind it').to.be.above(top + 8);
        const at = [Math.round(box.left + Math.min(box.width, 40) / 2), Math.round((box.top + top) / 2)] as [number, number];
        await sendMouse({ type: 'move', position: at });
        await sendMouse({ type: 'down' });
        await frames(3);
        await sendMouse({ type: 'up' });
        await frames();
        expect(document.activeElement, 'the press focused it').to.equal(behind);
        expect(behind.getBoundingClientRect().top, 'not moved').to.equal(box.top);
        expect(clicked).to.equal(1);
      } finally {
        await sendMouse({ type: 'move', position: [0, 0] });
        shell.remove();
      }
    });
  });

  it('a page that hides <migu-consent> (an ad blocker\'s "##migu-consent") gets no padding, and no dialog that locks it', async () => {
    const hide = document.head.appendChild(Object.assign(document.createElement('style'), { textContent: 'migu-consent{display:none!important}' }));
    const { style } = document.documentElement;
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const { el, root } = await mount();
      // written once the banner's size is known: what it covers, nothing (it was the whole screen's height)
      await waitUntil(() => style.paddingBottom !== '', 'padding written');
      expect([style.paddingBottom, style.scrollPaddingBottom]).to.deep.equal(['0px', '0px']);
      // the page's "cookie settings" link: a modal dialog nobody sees would make the whole page inert
      await el.showPreferences();
      await frames();
      expect(root.querySelector('dialog')!.open, 'not left open').to.equal(false);
      expect(errors).to.include('[migu-consent:api] showPreferences(): <migu-consent> is hidden by the page');
      hide.remove();
      // shown again (the blocker's rule gone): padded as ever
      await waitUntil(() => parseFloat(style.scrollPaddingBottom) > 0, 'padded once shown');
    } finally {
      console.error = original;
      hide.remove();
    }
  });

  it('the page\'s own scroll-padding-bottom (for a fixed bar of its own) is kept when larger, and given back as it was', async () => {
    const { style } = document.documentElement;
    style.scrollPaddingBottom = '400px';
    try {
      const { el } = await mount();
      await waitUntil(() => style.paddingBottom !== '', 'padding set');
      expect(style.scrollPaddingBottom, 'larger than what the banner covers').to.equal('400px');
      el.remove();
      await frames();
      expect(style.scrollPaddingBottom, 'its own inline value back').to.equal('400px');
      expect(style.paddingBottom).to.equal('');
    } finally {
      style.scrollPaddingBottom = '';
    }
  });

  it('a link in the page\'s own fixed bottom bar (a player), reached with Tab, is not hidden: the banner, then the re-open button, moves above it (WCAG 2.4.11)', async () => {
    // its links sit low, where the re-open button goes too
    const player = Object.assign(document.createElement('nav'), { style: 'position: fixed; inset: auto 0 0 0; height: 64px; z-index: 100; background: #333; display: flex; align-items: flex-end; gap: 8px; padding: 0 0 12px 12px; box-sizing: border-box' });
    const links = ['play', 'next', 'list'].map((t) => Object.assign(document.createElement('a'), { href: `#${t}`, textContent: t }));
    const before = Object.assign(document.createElement('a'), { href: '#before', textContent: 'before' });
    player.append(...links);
    document.body.prepend(before);
    document.body.append(player);
    const { el, $ } = await mount();
    try {
      /** wholly under `bar`: no point of the link's box is outside it */
      const hiddenUnder = (link: Element, bar: Element) => {
        const a = link.getBoundingClientRect();
        const b = bar.getBoundingClientRect();
        return a.top >= b.top && a.bottom <= b.bottom && a.left >= b.left && a.right <= b.right;
      };
      for (const part of ['banner', 'reopen']) {
        if (part === 'reopen') {
          el.runtime!.store.rejectAll();
          await el.updateComplete;
        }
        const bar = $(`[part="${part}"]`);
        await waitUntil(() => document.documentElement.style.scrollPaddingBottom !== '', `${part}: padding set`);
        // the banner covers the player's links at first (the re-open button the first one): what is checked can happen
        expect(hiddenUnder(links[0], bar), `${part}: starts over the player's first link`).to.equal(true);
        before.focus();
        for (const link of links) {
          await sendKeys({ press: 'Tab' });
          expect(document.activeElement).to.equal(link);
          // at once, as the key's task ends: not a frame later, when a check right after the key would have seen it hidden
          expect(bar.getBoundingClientRect().bottom, `${part}: above the player's ${link.textContent ?? ''}`).to.be.at.most(link.getBoundingClientRect().top);
        }
        // and the page's padding follows the bar's new top
        await waitUntil(() => parseFloat(document.documentElement.style.scrollPaddingBottom) >= innerHeight - bar.getBoundingClientRect().top, `${part}: padding`);
      }
    } finally {
      el.remove();
      player.remove();
      before.remove();
    }
  });

  it('a page link reached with Tab while behind the banner is scrolled above it (WCAG 2.4.11)', async () => {
    const { $ } = await mount();
    const banner = $('[part="banner"]');
    await waitUntil(() => document.documentElement.style.scrollPaddingBottom !== '', 'padding set');
    const content = document.createElement('div');
    const before = Object.assign(document.createElement('a'), { href: '#before', textContent: 'before' });
    const hidden = Object.assign(document.createElement('a'), { href: '#behind', textContent: 'behind the banner' });
    const spacer = () => Object.assign(document.createElement('div'), { style: 'height: 150vh' });
    content.append(spacer(), before, document.createElement('br'), hidden, spacer());
    document.body.append(content);
    try {
      // the second link's top at the middle of the banner, the first one above the banner
      const bar = banner.getBoundingClientRect();
      scrollBy(0, hidden.getBoundingClientRect().top - (bar.top + bar.height / 2));
      await frames();
      expect(hidden.getBoundingClientRect().top, 'starts behind the banner').to.be.above(banner.getBoundingClientRect().top);
      before.focus();
      await sendKeys({ press: 'Tab' });
      await frames();
      expect(document.activeElement).to.equal(hidden);
      expect(hidden.getBoundingClientRect().bottom, 'ends above the banner').to.be.at.most(banner.getBoundingClientRect().top);
      // scrolled, so the banner stays where it was (it moves only for what is fixed on the page)
      expect((banner).style.bottom).to.equal('');
    } finally {
      content.remove();
      scrollTo(0, 0);
    }
  });
});
