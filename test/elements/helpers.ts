// Shared set-up of the element tests: each test gets its own cookie name, and every
// cookie is cleared afterwards, so tests never see each other's choices.
import { fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { SiteConfig } from '../../src/core/types.js';
import { defineElements } from '../../src/elements/define.js';
import type { MiguConsentElement } from '../../src/elements/migu-consent.js';
import { disposeRuntime, pageApi } from '../../src/runtime/bootstrap.js';

defineElements();

// A removed <migu-consent>'s runtime goes on (the page's choice, gating and guard stand) until another element
// starts, as on a page: each test starts without one, as a page does. After open-wc's own clean-up, which
// removes the test's fixtures (registered before, on importing it).
afterEach(() => {
  const target = pageApi().attached?.target;
  if (target instanceof Element && !target.isConnected) disposeRuntime(target);
});

let n = 0;
export const uniqueName = (): string => `ui_${String(Date.now())}_${String(n++)}`;

export const cookieNames = (): string[] =>
  document.cookie.split(';').map((c) => c.trim().split('=')[0]).filter(Boolean);

export function clearCookies(): void {
  for (const name of cookieNames()) document.cookie = `${name}=; Path=/; Max-Age=0`;
}

export interface Mounted {
  el: MiguConsentElement;
  root: ShadowRoot;
  name: string;
  /** One element of the shadow root; fails the test when it is missing. */
  $: <E extends Element = HTMLElement>(selector: string) => E;
}

export interface MountOptions {
  config?: SiteConfig;
  lang?: string;
  revision?: string;
  name?: string;
  attrs?: string;
  /** Its `policy-url` (default: https://example.com/privacy). */
  policyUrl?: string;
}

/** A `<migu-consent>` with a unique cookie name and a policy link. */
export async function mount(options: MountOptions = {}): Promise<Mounted> {
  const name = options.name ?? uniqueName();
  const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${name} policy-url=${options.policyUrl ?? 'https://example.com/privacy'}
    lang=${options.lang ?? 'zh-CN'} revision=${options.revision ?? '1'} .config=${options.config}></migu-consent>`);
  await el.updateComplete;
  const root = el.shadowRoot!;
  return {
    el, root, name,
    $: <E extends Element = HTMLElement>(selector: string): E => {
      const found = root.querySelector<E>(selector);
      if (!found) throw new Error(`${selector} is not in the shadow root`);
      return found;
    },
  };
}

/** The focused element, looking inside shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Waits for the next animation frames (native dialog close events and Lit updates). */
export const frames = async (count = 2): Promise<void> => {
  for (let i = 0; i < count; i++) await new Promise((r) => requestAnimationFrame(r));
};

/** A config with a service in analytics, a separate category and a separate cross-border service. */
export const richConfig = (): SiteConfig => ({
  categories: [
    {
      id: 'analytics',
      services: [{
        id: 'ga', name: 'Google Analytics', vendor: 'Google LLC', contact: 'privacy@example.com', purpose: '访问统计',
        dataTypes: { 'zh-CN': '设备标识符、浏览记录', en: 'device identifiers, pages viewed' }, cookies: ['_ga', /^_ga_/],
      }],
    },
    {
      id: 'marketing',
      services: [
        { id: 'adnet', name: 'Ad Network', vendor: 'Ads Inc.' },
        { id: 'overseas', name: 'Overseas CDN', vendor: 'Far Corp', crossBorder: { recipient: 'Far Corp', country: 'Singapore', purpose: '加速' } },
      ],
    },
    { id: 'partners', label: { 'zh-CN': '合作方共享', en: 'Partner sharing' }, description: '向广告合作方提供去标识化信息', separate: true },
  ],
});

type Axe = typeof import('axe-core');

/** axe-core, loaded once as the classic script it is. */
export async function loadAxe(): Promise<Axe> {
  const w = window as { axe?: Axe };
  if (!w.axe) {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      script.onload = () => { resolve(); };
      script.onerror = () => { reject(new Error('axe-core did not load')); };
      document.head.append(script);
    });
  }
  return w.axe!;
}

/** axe violations inside an element (its shadow tree included), as readable lines. */
export async function axeViolations(element: Element): Promise<string[]> {
  const axe = await loadAxe();
  const results = await axe.run(element, { resultTypes: ['violations'] });
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.failureSummary ?? ''} at ${JSON.stringify(n.target)}`));
}

/** Runs `check` under prefers-color-scheme: dark, then back to light; skips the test where it cannot be emulated. */
export async function inDarkMode(test: Mocha.Context, check: () => Promise<void> | void): Promise<void> {
  try {
    await emulateMedia({ colorScheme: 'dark' });
  } catch {
    test.skip(); // Firefox through puppeteer, WebKitGTK through WebDriver: no media emulation
  }
  try {
    await check();
  } finally {
    await emulateMedia({ colorScheme: 'light' });
  }
}
