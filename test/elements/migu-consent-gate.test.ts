import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { MiguConsentElement } from '../../src/elements/migu-consent.js';
import type { MiguConsentGateElement } from '../../src/elements/migu-consent-gate.js';
import { pageApi } from '../../src/runtime/bootstrap.js';
import { clearCookies, uniqueName } from './helpers.js';

const gateConfig = {
  categories: [{ id: 'marketing', services: [{ id: 'video', name: 'Video Player' }, { id: 'adnet', name: 'Ad Network' }] }],
};

const placeholder = (gate: MiguConsentGateElement): HTMLElement | null =>
  gate.shadowRoot!.querySelector('[part="placeholder"]');

describe('<migu-consent-gate>', () => {
  afterEach(clearCookies);

  it('inside <migu-consent>: a placeholder until consent; "allow" grants just the category and stamps the content', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en">
      <migu-consent-gate category="marketing"><template><p class="embed">video</p></template></migu-consent-gate>
    </migu-consent>`);
    const gate = el.querySelector('migu-consent-gate')!;
    await gate.updateComplete;
    expect(gate.querySelector('.embed')).to.equal(null);
    expect(placeholder(gate)?.textContent).to.contain('This content loads only with your consent to “Marketing”.');
    const allow = gate.shadowRoot!.querySelector<HTMLButtonElement>('[part="allow"]')!;
    expect(allow.textContent).to.equal('Allow “Marketing” and load');
    allow.click();
    await waitUntil(() => gate.querySelector('.embed'), 'the content is stamped');
    const state = el.runtime!.store.get();
    expect(state.categories['marketing']).to.equal(true);
    expect(state.categories['analytics']).to.equal(false, 'only that category');
    expect(gate.querySelector('.embed')!.parentElement).to.equal(gate, 'in light DOM');
    await gate.updateComplete;
    expect(placeholder(gate)).to.equal(null);

    el.runtime!.store.rejectAll();
    await waitUntil(() => !gate.querySelector('.embed'), 'revoking removes the content');
    await gate.updateComplete;
    expect(placeholder(gate)).not.to.equal(null);
    expect(gate.querySelector('template'), 'the template stays for the next grant').not.to.equal(null);
  });

  it('takes --migu-consent-font when the page sets it, as the banner does; else keeps the page\'s font', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="font: 13px serif">
      <migu-consent cookie-name=${uniqueName()} lang="en">
        <migu-consent-gate category="marketing"><template><p>video</p></template></migu-consent-gate>
      </migu-consent>
    </div>`);
    const gate = wrapper.querySelector('migu-consent-gate')!;
    await gate.updateComplete;
    const font = (part: string): [string, string] => {
      const style = getComputedStyle(gate.shadowRoot!.querySelector(`[part=${part}]`)!);
      return [style.fontSize, style.fontFamily];
    };
    expect(font('placeholder')).to.deep.equal(['13px', 'serif'], 'the page\'s');
    wrapper.style.setProperty('--migu-consent-font', '21px monospace');
    expect(font('placeholder')).to.deep.equal(['21px', 'monospace'], 'the theme\'s');
    expect(font('allow')).to.deep.equal(['21px', 'monospace'], 'its button too');
  });

  it('with service=: names the service and "allow" grants just that service', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="zh-CN" .config=${gateConfig}>
      <migu-consent-gate category="marketing" service="video"><template><p class="embed">video</p></template></migu-consent-gate>
    </migu-consent>`);
    const gate = el.querySelector('migu-consent-gate')!;
    await gate.updateComplete;
    expect(placeholder(gate)?.textContent).to.contain('此内容需要您同意“Video Player”后才会加载。');
    gate.shadowRoot!.querySelector<HTMLButtonElement>('[part="allow"]')!.click();
    await waitUntil(() => gate.querySelector('.embed'));
    const state = el.runtime!.store.get();
    expect(state.services).to.deep.equal({ video: true, adnet: false });
  });

  it('with service=: "allow" says once that markup gated on its category alone, naming no service, loads with its grant (conformance probe F2)', async () => {
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    const said = (): string[] => warned.filter((w) => w.includes('with no data-consent-service'));
    const pixel = Object.assign(document.createElement('img'), { alt: '' });
    pixel.setAttribute('data-consent', 'analytics marketing');
    pixel.setAttribute('data-src', 'data:,');
    const named = document.createElement('img');
    named.setAttribute('data-consent', 'marketing');
    named.setAttribute('data-consent-service', 'adnet');
    const allow = async (el: MiguConsentElement): Promise<void> => {
      const gate = el.querySelector<MiguConsentGateElement>('migu-consent-gate[service]')!;
      await gate.updateComplete;
      gate.shadowRoot!.querySelector<HTMLButtonElement>('[part="allow"]')!.click();
      await waitUntil(() => gate.querySelector('.embed'));
    };
    try {
      // only markup that names its service: quiet
      document.body.append(named);
      const quiet = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} .config=${gateConfig}>
        <migu-consent-gate category="marketing" service="video"><template><p class="embed">video</p></template></migu-consent-gate>
      </migu-consent>`);
      await allow(quiet);
      expect(said(), warned.join('\n')).to.deep.equal([]);
      quiet.remove();
      document.body.append(pixel);
      const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} .config=${gateConfig}>
        <migu-consent-gate category="marketing" service="video"><template><p class="embed">video</p></template></migu-consent-gate>
        <migu-consent-gate category="marketing"><template><p>ad</p></template></migu-consent-gate>
      </migu-consent>`);
      await allow(el);
      expect(said(), warned.join('\n')).to.deep.equal(['[migu-consent:gating] <migu-consent-gate service="video">: "allow" grants "marketing" too, so 2 element(s) gated on it with no data-consent-service load']);
      expect(el.runtime!.store.get().categories['marketing'], 'the grant stands').to.equal(true);
    } finally {
      console.warn = original;
      pixel.remove();
      named.remove();
    }
  });

  it('a cross-border service names its recipient before "allow" (PIPL Art. 39); pressed from the keyboard, focus moves on to the content', async () => {
    const config = { categories: [{ id: 'marketing', services: [{ id: 'adnet', name: 'Ad Network', crossBorder: { recipient: 'Example Ads Pte. Ltd.', country: 'Singapore' } }] }] };
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en" .config=${config}>
      <migu-consent-gate category="marketing" service="adnet" lang="en"><template><iframe class="embed" title="ad" src="about:blank"></iframe></template></migu-consent-gate>
    </migu-consent>`);
    const gate = el.querySelector('migu-consent-gate')!;
    await gate.updateComplete;
    expect(placeholder(gate)?.textContent).to.contain('Example Ads Pte. Ltd. · Singapore');
    const allow = gate.shadowRoot!.querySelector<HTMLButtonElement>('[part="allow"]')!;
    allow.focus();
    allow.click();
    await waitUntil(() => gate.querySelector('.embed'));
    expect(document.activeElement, 'the stamped frame, not <body>').to.equal(gate.querySelector('.embed'));
    expect(el.runtime!.store.get().services['adnet']).to.equal(true);
  });

  it('with nothing focusable in the content, focus stays on the gate after "allow"', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="zh-CN" .config=${gateConfig}>
      <migu-consent-gate category="marketing" service="video"><template><p class="embed">video</p></template></migu-consent-gate>
    </migu-consent>`);
    const gate = el.querySelector('migu-consent-gate')!;
    await gate.updateComplete;
    const allow = gate.shadowRoot!.querySelector<HTMLButtonElement>('[part="allow"]')!;
    allow.focus();
    allow.click();
    await waitUntil(() => gate.querySelector('.embed'));
    expect(document.activeElement).to.equal(gate);
  });

  it('stamps at once for a returning visitor and never twice', async () => {
    const name = uniqueName();
    const first = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${name}></migu-consent>`);
    first.runtime!.store.acceptAll();
    first.remove();
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${name}>
      <migu-consent-gate category="analytics"><template><p class="embed">chart</p></template></migu-consent-gate>
    </migu-consent>`);
    const gate = el.querySelector('migu-consent-gate')!;
    await gate.updateComplete;
    expect(gate.querySelectorAll('.embed').length).to.equal(1);
    el.runtime!.store.update({ marketing: false });
    await gate.updateComplete;
    expect(gate.querySelectorAll('.embed').length).to.equal(1, 'another change does not stamp again');
  });

  it('a gate reused for other content (a framework rendering the next video into it) shows the new content, once', async () => {
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()}>
      <migu-consent-gate category="marketing"><template><p class="embed">video 1</p></template></migu-consent-gate>
    </migu-consent>`);
    el.runtime!.store.acceptAll();
    const gate = el.querySelector('migu-consent-gate')!;
    await waitUntil(() => gate.querySelector('.embed'), 'stamped');
    const shown = (): string[] => [...gate.querySelectorAll('.embed')].map((p) => p.textContent ?? '');
    // React's dangerouslySetInnerHTML and Vue's v-html write the template's content anew
    gate.querySelector('template')!.innerHTML = '<p class="embed">video 2</p>';
    await waitUntil(() => shown().join() === 'video 2', 'the new content is stamped in place of the old');
    // a framework that renders a new <template> instead
    const next = document.createElement('template');
    next.innerHTML = '<p class="embed">video 3</p>';
    gate.querySelector('template')!.replaceWith(next);
    await waitUntil(() => shown().join() === 'video 3', 'the new template\'s content is stamped');
    await gate.updateComplete;
    expect(shown()).to.deep.equal(['video 3']);
    // denied: the placeholder, and nothing stamped from the next content
    el.runtime!.store.rejectAll();
    await waitUntil(() => !gate.querySelector('.embed'), 'revoking removes the content');
    next.innerHTML = '<p class="embed">video 4</p>';
    await gate.updateComplete;
    await new Promise((r) => { setTimeout(r); });
    expect(shown()).to.deep.equal([], 'nothing stamped while denied');
  });

  it('a category or service the config lacks (a typo) is said once, naming the gate\'s markup, and no allow button is offered (console probe F4)', async () => {
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warned.push(args.map(String).join(' ')); };
    const el = document.createElement('migu-consent');
    el.setAttribute('cookie-name', uniqueName());
    el.setAttribute('policy-url', '/privacy.html');
    el.config = { categories: [{ id: 'marketing', services: [{ id: 'adnet', name: 'Ad Network' }] }] };
    document.body.prepend(el);
    try {
      const gate = (attributes: string): Promise<MiguConsentGateElement> =>
        fixture<MiguConsentGateElement>(`<migu-consent-gate ${attributes} lang="en"><template><p class="embed">x</p></template></migu-consent-gate>`);
      const typo = await gate('category="markting"');
      await typo.updateComplete;
      expect(placeholder(typo), 'the placeholder shows').to.not.equal(null);
      expect(typo.shadowRoot!.querySelector('[part="allow"]'), 'no button that could never work').to.equal(null);
      const again = await gate('category="markting"');
      await again.updateComplete;
      const service = await gate('category="marketing" service="adnett"');
      await service.updateComplete;
      expect(service.shadowRoot!.querySelector('[part="allow"]')).to.equal(null);
      const right = await gate('category="marketing" service="adnet"');
      await right.updateComplete;
      expect(right.shadowRoot!.querySelector('[part="allow"]'), 'known ids: the button').to.not.equal(null);
      expect(warned, warned.join('\n')).to.have.length(2);
      expect(warned[0]).to.match(/^\[migu-consent:gating\] <migu-consent-gate category="markting">: "markting" is unknown \(did you mean "marketing"\?\); known: categories necessary, [^]*\. It is not granted: its content does not load$/);
      expect(warned[1]).to.match(/^\[migu-consent:gating\] <migu-consent-gate category="marketing" service="adnett">: "adnett" is unknown \(did you mean "adnet"\?\)/);
      expect(warned.join('\n'), 'not as calls the page never made').to.not.match(/whenGranted|update\(\)/);
    } finally {
      console.warn = original;
      el.remove();
    }
  });

  it('outside <migu-consent>: follows the page API, also when the element comes later', async () => {
    const gate = await fixture<MiguConsentGateElement>(html`<migu-consent-gate category="analytics" lang="en"><template><p class="embed">chart</p></template></migu-consent-gate>`);
    expect(gate.querySelector('.embed')).to.equal(null);
    expect(placeholder(gate)).not.to.equal(null);
    const name = uniqueName();
    const first = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${name}></migu-consent>`);
    first.runtime!.store.update({ analytics: true });
    await waitUntil(() => gate.querySelector('.embed'), 'granted');
    // removed with none in its place, its runtime goes on: the choice stands, the page API decides
    first.remove();
    await new Promise((r) => setTimeout(r));
    expect(gate.querySelector('.embed'), 'the choice stands').not.to.equal(null);
    await pageApi().update({ analytics: false });
    await waitUntil(() => !gate.querySelector('.embed'), 'withdrawn through the page API with no element in the page');
    await pageApi().update({ analytics: true });
    await waitUntil(() => gate.querySelector('.embed'), 'granted again');
    // a new element takes over, with the stored choice
    const el = document.createElement('migu-consent');
    el.setAttribute('cookie-name', name);
    document.body.append(el);
    try {
      await waitUntil(() => gate.querySelector('.embed'), 'granted by the stored choice');
      expect(pageApi().attached, 'the page API speaks for the new element').to.equal(el.runtime);
      el.runtime!.store.update({ analytics: false });
      await waitUntil(() => !gate.querySelector('.embed'), 'and removed on withdrawal');
      gate.shadowRoot!.querySelector<HTMLButtonElement>('[part="allow"]')!.click();
      await waitUntil(() => gate.querySelector('.embed'), 'allow works through the page API');
      expect(el.runtime!.store.isGranted('analytics')).to.equal(true);
    } finally {
      el.remove();
    }
  });

  it('outside <migu-consent>, before it: the placeholder names the service and its recipient as the element comes (no change event then)', async () => {
    const gate = await fixture<MiguConsentGateElement>(html`<migu-consent-gate category="marketing" service="adnet" lang="en"><template><p class="embed">ad</p></template></migu-consent-gate>`);
    const el = document.createElement('migu-consent');
    el.setAttribute('cookie-name', uniqueName());
    el.config = { categories: [{ id: 'marketing', label: 'Ads and offers', services: [{ id: 'adnet', name: 'Ad Network', crossBorder: { recipient: 'Example Ads Pte. Ltd.', country: 'SG' } }] }] };
    document.body.prepend(el); // the docs' npm snippet: config first, then into the page
    try {
      await waitUntil(() => placeholder(gate)?.textContent?.includes('Example Ads Pte. Ltd.'), 'the placeholder names the recipient abroad');
      expect(placeholder(gate)!.textContent).to.contain('“Ad Network”');
      expect(gate.shadowRoot!.querySelector('[part="allow"]')!.textContent).to.equal('Allow “Ad Network” and load');
    } finally {
      el.remove();
    }
  });

  it('the placeholder follows a change of <html lang> after the first render', async () => {
    const root = document.documentElement;
    const before = root.getAttribute('lang');
    root.setAttribute('lang', 'zh-CN');
    try {
      const gate = await fixture<MiguConsentGateElement>(html`<migu-consent-gate category="marketing"><template><p>x</p></template></migu-consent-gate>`);
      const allow = (): string | null | undefined => gate.shadowRoot!.querySelector('[part="allow"]')?.textContent;
      expect(allow()).to.equal('允许“营销”并加载');
      root.setAttribute('lang', 'en');
      await waitUntil(() => allow() === 'Allow “Marketing” and load', `still ${String(allow())}`);
      expect(placeholder(gate)!.getAttribute('lang')).to.equal('en');
    } finally {
      if (before === null) root.removeAttribute('lang');
      else root.setAttribute('lang', before);
    }
  });

  it('speaks the language of the content around it: the nearest ancestor\'s lang, not <html lang>', async () => {
    const root = document.documentElement;
    const before = root.getAttribute('lang');
    root.setAttribute('lang', 'zh-CN');
    try {
      const article = await fixture<HTMLElement>(html`<article lang="en-GB"><migu-consent-gate category="marketing"><template><p>x</p></template></migu-consent-gate></article>`);
      const gate = article.querySelector('migu-consent-gate')!;
      await gate.updateComplete;
      expect(gate.shadowRoot!.querySelector('[part="allow"]')?.textContent).to.equal('Allow “Marketing” and load');
      expect(placeholder(gate)!.getAttribute('lang')).to.equal('en');
    } finally {
      if (before === null) root.removeAttribute('lang');
      else root.setAttribute('lang', before);
    }
  });

  it('a config label in the placeholder is text, never HTML', async () => {
    const evil = '<img src=x onerror="window.__xss=2">';
    const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} .config=${{ categories: [{ id: 'maps', label: evil }] }}>
      <migu-consent-gate category="maps"><template><p>map</p></template></migu-consent-gate>
    </migu-consent>`);
    const gate = el.querySelector('migu-consent-gate')!;
    await gate.updateComplete;
    expect(placeholder(gate)!.querySelector('img')).to.equal(null);
    expect(placeholder(gate)!.textContent).to.contain(evil);
  });
  it('a declarative shadow root in its template (open or closed, clonable) is not stamped: its scripts never run, and a console error says why (security probe 2 F1)', async () => {
    // markup parsed as a page's is (a comment the site shows), by a parser in a frame of ours: innerHTML makes no
    // shadow roots, and setHTMLUnsafe marks its scripts as run
    const w = window as unknown as { dsdRan?: string[] };
    delete w.dsdRan;
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en"></migu-consent>`);
      el.runtime!.store.acceptAll();
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const parsed = frame.contentDocument!;
      const gate = (markup: string): MiguConsentGateElement => {
        parsed.open();
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- the page's own parser, as a server-rendered comment meets it
        parsed.write(`<!doctype html><template>${markup}<p class="embed">video</p></template>`);
        parsed.close();
        const g = document.createElement('migu-consent-gate');
        g.setAttribute('category', 'marketing');
        g.append(document.adoptNode(parsed.querySelector('template')!));
        el.append(g);
        return g;
      };
      const shadow = (mode: string): string => `<div><template shadowrootmode="${mode}" shadowrootclonable><script>(window.dsdRan ||= []).push('${mode}')</script><b>in the shadow</b></template>light</div>`;
      const open = gate(shadow('open'));
      const closed = gate(shadow('closed'));
      // elements that cannot host a shadow root (a link, SVG) and a root a clone leaves behind are stamped
      const plain = gate('<div><a href="#x">link</a><svg><circle r="1"></circle></svg><p><template shadowrootmode="closed"><i>not cloned</i></template>text</p></div>');
      await waitUntil(() => plain.querySelector('.embed'), 'markup without a clonable shadow root is stamped');
      await Promise.all([open.updateComplete, closed.updateComplete]);
      await new Promise((r) => setTimeout(r));
      expect(w.dsdRan, 'no script of a shadow root ran').to.equal(undefined);
      expect(open.querySelector('.embed'), 'open: not stamped').to.equal(null);
      expect(closed.querySelector('.embed'), 'closed: not stamped').to.equal(null);
      const clonable = 'clonable' in ShadowRoot.prototype;
      expect(errors.filter((e) => e.includes('holds a declarative shadow root')), errors.join('\n')).to.have.length(clonable ? 2 : 0);
      el.runtime!.store.update({ functional: true });
      await Promise.all([open.updateComplete, closed.updateComplete]);
      expect(errors.filter((e) => e.includes('holds a declarative shadow root')), 'said once a gate').to.have.length(clonable ? 2 : 0);
      // new content in the same template (a framework's next video): looked at again, and stamped
      open.querySelector('template')!.content.replaceChildren(Object.assign(document.createElement('p'), { className: 'next' }));
      await waitUntil(() => open.querySelector('.next'), 'the new content is stamped');
      expect(w.dsdRan).to.equal(undefined);
      frame.remove();
    } finally {
      console.error = original;
    }
  });

  it('an import map or speculation rules in its template are left out, data scripts kept (security probe 2 F2)', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      const el = await fixture<MiguConsentElement>(html`<migu-consent cookie-name=${uniqueName()} lang="en"></migu-consent>`);
      const gate = document.createElement('migu-consent-gate');
      gate.setAttribute('category', 'marketing');
      gate.innerHTML = `<template><script type="importmap">{"imports":{"app-widget":"https://evil.example/w.js"}}</script>
        <script type=" SpeculationRules ">{"prefetch":[{"source":"list","urls":["https://evil.example/p"]}]}</script>
        <script type="application/ld+json">{"@type":"VideoObject"}</script><p class="embed">video</p></template>`;
      el.append(gate);
      el.runtime!.store.acceptAll();
      await waitUntil(() => gate.querySelector('.embed'), 'stamped');
      expect([...gate.querySelectorAll('script')].map((s) => s.type)).to.deep.equal(['application/ld+json']);
      expect(errors.filter((e) => /<script type="(importmap|SpeculationRules)"> is left out/.test(e))).to.have.length(2);
    } finally {
      console.error = original;
    }
  });

  it('says so in a console error when its <template> has live children, as React and Vue render them; parsed content is quiet', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args.map(String).join(' ')); };
    try {
      // what a framework does: the child appended to the <template> element, not to its content
      const live = document.createElement('migu-consent-gate');
      live.setAttribute('category', 'marketing');
      const template = document.createElement('template');
      template.appendChild(document.createElement('p'));
      live.append(template);
      // parsed markup (and dangerouslySetInnerHTML / v-html): the children go to the inert content
      const parsed = document.createElement('migu-consent-gate');
      parsed.setAttribute('category', 'marketing');
      parsed.innerHTML = '<template><p>video</p></template>';
      document.body.append(parsed);
      await parsed.updateComplete;
      expect(errors.filter((e) => e.includes('live children'))).to.deep.equal([], 'parsed content is not reported');
      document.body.append(live);
      await live.updateComplete;
      expect(errors.filter((e) => e.includes('[migu-consent:gating] <migu-consent-gate>: its <template> has live children'))).to.have.length(1);
      live.remove();
      parsed.remove();
    } finally {
      console.error = original;
    }
  });

  it('warns when its <template> holds a URL that Firefox requests ahead of time (img src, poster, script src, link, SVG image), once per page and element; gated forms and frames are quiet', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    const gates: MiguConsentGateElement[] = [];
    const gate = async (content: string): Promise<void> => {
      const el = document.createElement('migu-consent-gate');
      el.setAttribute('category', 'marketing');
      el.innerHTML = `<template>${content}</template>`;
      document.body.append(el);
      gates.push(el);
      await el.updateComplete;
    };
    try {
      await gate(`<iframe src="https://video.example/embed" title="v"></iframe><video src="https://video.example/v.mp4"></video>
        <img data-consent="marketing" data-src="https://ads.example/p.gif" alt=""><script type="text/plain" data-consent="marketing" src="https://ads.example/t.js"></script>`);
      expect(warnings.filter((w) => w.includes('ahead of time')), 'frames, media src and gated forms').to.deep.equal([]);
      // content a framework writes into it later is looked at too
      const later = gates[0].querySelector('template')!;
      later.innerHTML = '<img src="https://ads.example/later.gif" alt="">';
      await waitUntil(() => warnings.length === 1, 'the new content is reported');
      const early = ['<picture><source srcset="https://ads.example/p.webp"><img alt=""></picture>',
        '<video poster="https://ads.example/p.gif"></video>', '<script src="https://ads.example/t.js"></script>', '<link rel="stylesheet" href="https://ads.example/s.css">',
        '<svg><image href="https://ads.example/p.gif"></image></svg>'];
      // each kind once a page: an app inserts such a gate on every route (long-SPA probe: a thousand warnings)
      for (const content of [...early, ...early, '<img src="https://ads.example/p.gif" alt="">']) await gate(content);
      expect(warnings.filter((w) => w.startsWith('[migu-consent:gating] <migu-consent-gate>: its <template> has <')).map((w) => /has <(\w+)>/.exec(w)![1]))
        .to.deep.equal(['img', 'source', 'video', 'script', 'link', 'image']);
    } finally {
      console.warn = original;
      for (const el of gates) el.remove();
    }
  });
});
