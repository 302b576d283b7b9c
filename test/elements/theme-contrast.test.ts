// A site's theme checked for WCAG 2.2 contrast (elements/theme-contrast.ts): the colour forms it
// reads, the ratio, which pairs it reports, and the warning the runtime gives once the page is idle.
import { expect, waitUntil } from '@open-wc/testing';
import { contrastRatio, DEFAULT_COLOURS, parseColor, THEME_COLOURS, themeCheckFeature, themeProblems, themeSet, warnThemeProblems } from '../../src/elements/theme-contrast.js';
import { THEME_VARS } from '../../src/elements/theme-vars.js';
import { checkFirstVisit } from '../../src/lazy/check.js';
import { ConsentRuntime } from '../../src/runtime/consent-runtime.js';
import { inDarkMode } from './helpers.js';

describe('theme contrast', () => {
  let host: HTMLElement;
  let element: HTMLElement;
  beforeEach(() => {
    // the page's theme may be set on an ancestor: custom properties inherit
    host = document.body.appendChild(document.createElement('div'));
    element = host.appendChild(document.createElement('span'));
  });
  afterEach(() => { host.remove(); });

  it('reads any sRGB colour the browser takes (hex, rgb() in either syntax, hsl(), names), with alpha; what it refuses is not read', () => {
    expect(parseColor('#F00')).to.deep.equal([255, 0, 0, 1]);
    const [r, g, b, alpha] = parseColor('#0000ff80') ?? [];
    expect([r, g, b]).to.deep.equal([0, 0, 255]);
    expect(alpha).to.be.closeTo(128 / 255, 0.005); // the serialization rounds it (0.5 or 0.502)
    expect(parseColor(' #1f1f1f ')).to.deep.equal([31, 31, 31, 1]);
    expect(parseColor('rgb(10, 20, 30)')).to.deep.equal([10, 20, 30, 1]);
    expect(parseColor('rgba(10,20,30,.5)')).to.deep.equal([10, 20, 30, 0.5]);
    expect(parseColor('rgb(100% 0% 0% / 25%)')).to.deep.equal([255, 0, 0, 0.25]);
    expect(parseColor('rgb(300 0 0 / 2)'), 'clamped').to.deep.equal([255, 0, 0, 1]);
    // what a site may well write, which a parser of our own had left unchecked
    expect(parseColor('red')).to.deep.equal([255, 0, 0, 1]);
    expect(parseColor('hsl(0 100% 50%)')).to.deep.equal([255, 0, 0, 1]);
    expect(parseColor('transparent')).to.deep.equal([0, 0, 0, 0]);
    // the same colour whichever fill came before it: black and white are taken, not mistaken for a refusal
    expect(parseColor('#000')).to.deep.equal([0, 0, 0, 1]);
    expect(parseColor('white')).to.deep.equal([255, 255, 255, 1]);
    for (const other of ['rgb(1, 2)', 'rgb(1 2 3 4 5)', 'var(--x)', '#12345', 'not-a-colour', '']) {
      expect(parseColor(other), other).to.equal(undefined);
    }
  });

  it('knows the defaults the styles use, light and dark', () => {
    const [light = '', dark = ''] = THEME_VARS.split('@media');
    const read = (css: string): Record<string, string> =>
      Object.fromEntries([...css.matchAll(/--migu-consent-([\w-]+),(#[\da-f]+)\)/g)].map((m) => [m[1], m[2]]));
    expect(DEFAULT_COLOURS.light).to.deep.equal(read(light));
    expect(DEFAULT_COLOURS.dark).to.deep.equal(read(dark));
    expect(Object.keys(DEFAULT_COLOURS.light), 'the colours a page may set').to.deep.equal([...THEME_COLOURS]);
  });

  it('tells whether the page sets a theme colour for the element, inherited or its own; other theme properties are no colour', () => {
    const outer = document.createElement('div');
    const el = document.createElement('span');
    outer.append(el);
    host.append(outer);
    outer.style.setProperty('--migu-consent-radius', '2px');
    expect(themeSet(el)).to.equal(false);
    for (const name of THEME_COLOURS) {
      outer.style.setProperty(`--migu-consent-${name}`, '#123');
      expect(themeSet(el), name).to.equal(true);
      outer.style.removeProperty(`--migu-consent-${name}`);
    }
    el.style.setProperty('--migu-consent-accent-fg', 'red');
    expect(themeSet(el)).to.equal(true);
  });

  it('computes the WCAG 2 ratio', () => {
    expect(contrastRatio([0, 0, 0, 1], [255, 255, 255, 1])).to.be.closeTo(21, 0.001);
    expect(contrastRatio([255, 255, 255, 1], [0x76, 0x76, 0x76, 1])).to.be.closeTo(4.54, 0.01);
    expect(contrastRatio([9, 9, 9, 1], [9, 9, 9, 1])).to.equal(1);
  });

  it('says nothing for the defaults, or for a theme that keeps the contrast', () => {
    expect(themeProblems(element)).to.deep.equal([]);
    host.style.setProperty('--migu-consent-bg', '#000');
    host.style.setProperty('--migu-consent-fg', '#eee');
    host.style.setProperty('--migu-consent-muted', 'rgb(191 191 191)');
    host.style.setProperty('--migu-consent-accent', 'rgb(168, 199, 250)');
    host.style.setProperty('--migu-consent-accent-fg', '#062e6f');
    expect(themeProblems(element)).to.deep.equal([]);
  });

  it('names each pair below its minimum, with both values and the ratio; defaults count on the side the site left', () => {
    host.style.setProperty('--migu-consent-bg', '#000');
    expect(themeProblems(element)).to.deep.equal([
      '--migu-consent-fg (#1f1f1f) on --migu-consent-bg (#000): 1.27:1 for text, below the 4.5:1 WCAG 2.2 asks',
      '--migu-consent-muted (#595959) on --migu-consent-bg (#000): 3.00:1 for secondary text, below the 4.5:1 WCAG 2.2 asks',
      '--migu-consent-accent (#0b57d0) on --migu-consent-bg (#000): 3.29:1 for links, below the 4.5:1 WCAG 2.2 asks',
    ]);
    host.style.setProperty('--migu-consent-bg', '#fff');
    host.style.setProperty('--migu-consent-border', '#ccc');
    expect(themeProblems(element), 'controls need 3:1').to.deep.equal([
      '--migu-consent-border (#ccc) on --migu-consent-bg (#fff): 1.61:1 for control edges, below the 3:1 WCAG 2.2 asks',
    ]);
  });

  it('blends a translucent colour into its background; leaves a translucent background, whose backdrop is the page, alone', () => {
    host.style.setProperty('--migu-consent-fg', 'rgba(31, 31, 31, .3)');
    expect(themeProblems(element)).to.have.length(1);
    expect(themeProblems(element)[0]).to.match(/^--migu-consent-fg \(rgba\(31, 31, 31, \.3\)\) on --migu-consent-bg \(#fff\): 1\.\d\d:1 for text/);
    host.style.setProperty('--migu-consent-bg', 'rgba(255, 255, 255, .5)');
    expect(themeProblems(element)).to.deep.equal([]);
  });

  it('in dark mode the dark defaults are the other side', async function () {
    await inDarkMode(this, () => {
      host.style.setProperty('--migu-consent-fg', '#333');
      expect(themeProblems(element)).to.deep.equal([
        '--migu-consent-fg (#333) on --migu-consent-bg (#1f1f1f): 1.30:1 for text in dark mode, below the 4.5:1 WCAG 2.2 asks',
      ]);
    });
  });

  it('the runtime warns once the page is idle, once per problem; stopped before, it checks nothing', async () => {
    host.style.setProperty('--migu-consent-accent-fg', '#3b6fd8');
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    const runtime = new ConsentRuntime({ options: { cookieName: `theme_${String(Date.now())}` }, target: element });
    const stopped = new ConsentRuntime({ options: { cookieName: `theme_stopped_${String(Date.now())}` }, target: element });
    try {
      themeCheckFeature(stopped)?.();
      themeCheckFeature(runtime);
      themeCheckFeature(runtime);
      await waitUntil(() => warned.length > 0, 'warned once idle', { timeout: 5000 });
      await new Promise((resolve) => { requestAnimationFrame(resolve); });
      expect(warned).to.deep.equal([
        '[migu-consent:theme] --migu-consent-accent-fg (#3b6fd8) on --migu-consent-accent (#0b57d0): 1.35:1 for button text, below the 4.5:1 WCAG 2.2 asks',
      ]);
    } finally {
      console.warn = original;
      runtime.dispose();
      stopped.dispose();
    }
  });

  it('a first visit\'s page check (script build) has the theme file report a theme the page sets, and does not bring the runtime for it; the default theme fetches nothing', () => {
    const warned: string[] = [];
    const asked: string[] = [];
    const original = console.warn;
    const chunks = Symbol.for('migu-consent.chunks');
    const g = globalThis as { [chunks]?: unknown };
    const before = g[chunks];
    // the loader's registry as chunks.ts opens it: `load` hands a file's exports to `use` (here the theme file's own)
    g[chunks] = Object.assign(() => undefined, {
      load: (name: string, _what: string, use: (exports: unknown) => void) => { asked.push(name); use({ warnThemeProblems }); },
    });
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    try {
      const page = document.createElement('migu-consent');
      page.setAttribute('policy-url', '/privacy.html');
      host.append(page);
      expect(checkFirstVisit(page), 'a clean page').to.equal(false);
      expect(asked, 'the default theme: no theme file').to.deep.equal([]);
      page.style.setProperty('--migu-consent-muted', '#aaa');
      expect(checkFirstVisit(page), 'a clean page otherwise').to.equal(false);
      checkFirstVisit(page);
      expect(asked).to.deep.equal(['theme', 'theme']);
      expect(warned, 'once').to.deep.equal([
        '[migu-consent:theme] --migu-consent-muted (#aaa) on --migu-consent-bg (#fff): 2.32:1 for secondary text, below the 4.5:1 WCAG 2.2 asks',
      ]);
    } finally {
      console.warn = original;
      g[chunks] = before;
    }
  });
});
