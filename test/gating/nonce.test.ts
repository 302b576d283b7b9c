import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { scriptQueue } from '../../src/gating/activate-script.js';

declare global {
  // written by the gated scripts of these tests
  var __nonceRan: string[] | undefined;
}

/** Collects console.warn lines while `fn` runs. */
function warningsDuring(fn: () => void): string[] {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => { seen.push(args.map(String).join(' ')); };
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

const ran = (): string[] => globalThis.__nonceRan ?? [];

describe('gated scripts and the page\'s nonce', () => {
  beforeEach(() => { globalThis.__nonceRan = []; });

  it('when the page uses a nonce, runs only gated scripts that carry it, and warns once for each other one', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <script type="text/plain" data-consent="necessary" id="injected">__nonceRan.push('injected')</script>
      <script type="text/plain" data-consent="necessary" nonce="guess" id="wrong">__nonceRan.push('wrong')</script>
      <script type="text/plain" data-consent="necessary" nonce="n0nce">__nonceRan.push('own:' + document.currentScript.nonce)</script>
    </div>`);
    const queue = scriptQueue(() => true, 'n0nce');
    const scripts = [...root.querySelectorAll('script')];
    const warnings = warningsDuring(() => {
      queue.add(scripts);
      queue.add(scripts);
    });
    await waitUntil(() => ran().length > 0);
    expect(ran()).to.deep.equal(['own:n0nce']);
    expect(warnings).to.have.length(2);
    for (const w of warnings) expect(w).to.match(/^\[migu-consent:gating\] a gated <script> without the page's nonce was not run .*give it the nonce/);
    expect(root.querySelector('#injected')!.getAttribute('data-consent-state')).to.equal('refused');
    expect(root.querySelector('#wrong')!.getAttribute('data-consent-state')).to.equal('refused');
  });

  it('refuses a nonce the browser would not honour: markup left open that swallowed the page\'s next tag (CSP "is element nonceable")', async () => {
    const root = document.createElement('div');
    // an injected `<script … x=` or `<script … y` just before the page's own `<script nonce>`
    root.innerHTML = '<script type="text/plain" data-consent="necessary" x=<script nonce="n0nce">__nonceRan.push(\'value\')</script>'
      + '<script type="text/plain" data-consent="necessary" y <script nonce="n0nce">__nonceRan.push(\'name\')</script>'
      + '<script type="text/plain" data-consent="necessary" nonce="n0nce" data-note="<b>">__nonceRan.push(\'own\')</script>';
    document.body.append(root);
    try {
      const scripts = [...root.querySelectorAll('script')];
      // Chromium and Firefox keep the swallowed nonce on the element (they refuse it only as they would run
      // it); WebKit drops it as the element is made
      expect(scripts.map((el) => el.nonce).join()).to.be.oneOf(['n0nce,n0nce,n0nce', ',,n0nce']);
      const warnings = warningsDuring(() => { scriptQueue(() => true, 'n0nce').add(scripts); });
      await waitUntil(() => ran().length > 0, 'the page\'s own script runs');
      expect(ran()).to.deep.equal(['own']);
      expect(warnings).to.have.length(2);
      expect(scripts.map((el) => el.getAttribute('data-consent-state'))).to.deep.equal(['refused', 'refused', 'activated']);
    } finally {
      root.remove();
    }
  });

  it('with no nonce of its own (an ES module has no currentScript), takes the one the page\'s scripts carry', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <script nonce="page-n">/* one of the page's own scripts */</script>
      <script type="text/plain" data-consent="necessary" id="injected">__nonceRan.push('injected')</script>
      <script type="text/plain" data-consent="necessary" nonce="page-n">__nonceRan.push('own:' + document.currentScript.nonce)</script>
    </div>`);
    const queue = scriptQueue(() => true);
    const warnings = warningsDuring(() => { queue.add([...root.querySelectorAll<HTMLScriptElement>('script[data-consent]')]); });
    await waitUntil(() => ran().length > 0);
    expect(ran()).to.deep.equal(['own:page-n']);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/^\[migu-consent:gating\] a gated <script> without the page's nonce was not run/);
    expect(root.querySelector('#injected')!.getAttribute('data-consent-state')).to.equal('refused');
  });

  it('with no nonce of its own, runs none when the page\'s scripts carry different nonces (one was injected)', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <script nonce="page-n">/* one of the page's own scripts */</script>
      <script nonce="guess">/* injected with a guessed nonce: the browser does not run it */</script>
      <script type="text/plain" data-consent="necessary" nonce="guess" id="injected">__nonceRan.push('injected')</script>
      <script type="text/plain" data-consent="necessary" nonce="page-n" id="own">__nonceRan.push('own')</script>
    </div>`);
    const queue = scriptQueue(() => true);
    const warnings = warningsDuring(() => { queue.add([...root.querySelectorAll<HTMLScriptElement>('script[data-consent]')]); });
    expect(warnings).to.have.length(2);
    for (const w of warnings) expect(w).to.match(/^\[migu-consent:gating\] a gated <script> was not run: the page's scripts carry different nonces/);
    expect(ran()).to.deep.equal([]);
    expect(root.querySelector('#injected')!.getAttribute('data-consent-state')).to.equal('refused');
    expect(root.querySelector('#own')!.getAttribute('data-consent-state')).to.equal('refused');
  });

  it('with no nonce of its own, injected markup that shadows document.scripts (<form name="scripts">) cannot choose the nonce', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <script nonce="page-n">/* one of the page's own scripts */</script>
      <form name="scripts"><input nonce="evil"></form>
      <script type="text/plain" data-consent="necessary" nonce="evil" id="injected">__nonceRan.push('injected')</script>
      <script type="text/plain" data-consent="necessary" nonce="page-n" id="own">__nonceRan.push('own')</script>
    </div>`);
    try {
      expect((document as unknown as { scripts: unknown }).scripts, 'precondition: the markup shadows it').to.be.instanceOf(HTMLFormElement);
      warningsDuring(() => { scriptQueue(() => true).add([...root.querySelectorAll<HTMLScriptElement>('script[data-consent]')]); });
      await waitUntil(() => ran().length > 0);
      expect(ran()).to.deep.equal(['own']);
      expect(root.querySelector('#injected')!.getAttribute('data-consent-state')).to.equal('refused');
    } finally {
      root.remove();
    }
  });

  it('data-type is read as the browser reads a type: module in any case or with spaces; a type that is not a script is not run', async () => {
    // the module last: it holds back the scripts after it until it has run, and the warnings are read as add() returns
    const root = await fixture<HTMLElement>(html`<div>
      <script type="text/plain" data-consent="necessary" data-type="importmap" id="map">{ "imports": { "a": "/a.js" } }</script>
      <script type="text/plain" data-consent="necessary" data-type="application/ld+json" id="data">["not", "code"]; __nonceRan.push('data')</script>
      <script type="text/plain" data-consent="necessary" data-type="text/javascript">__nonceRan.push('classic')</script>
      <script type="text/plain" data-consent="necessary" data-type="Application/JavaScript ">__nonceRan.push('a JavaScript MIME type')</script>
      <script type="text/plain" data-consent="necessary" data-type=" Module ">__nonceRan.push('module:' + typeof import.meta.url)</script>
    </div>`);
    const queue = scriptQueue(() => true, '');
    const warnings = warningsDuring(() => { queue.add([...root.querySelectorAll<HTMLScriptElement>('script[data-consent]')]); });
    await waitUntil(() => ran().length === 3, 'the module and the classic scripts run');
    expect([...ran()].sort()).to.deep.equal(['a JavaScript MIME type', 'classic', 'module:string']);
    expect(warnings).to.have.length(2);
    for (const w of warnings) expect(w).to.match(/^\[migu-consent:gating\] a gated <script> with data-type="(importmap|application\/ld\+json)" was not run/);
    expect(root.querySelector('#map')!.getAttribute('data-consent-state')).to.equal('refused');
    expect(root.querySelector('#data')!.getAttribute('data-consent-state')).to.equal('refused');
  });

  it('without a page nonce, runs as before and never lends another script\'s nonce', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <script nonce="page-nonce" type="text/x-not-run"></script>
      <script type="text/plain" data-consent="necessary">__nonceRan.push('plain:' + document.currentScript.nonce)</script>
      <script type="text/plain" data-consent="necessary" nonce="own">__nonceRan.push('own:' + document.currentScript.nonce)</script>
    </div>`);
    const queue = scriptQueue(() => true, '');
    const warnings = warningsDuring(() => { queue.add([...root.querySelectorAll<HTMLScriptElement>('script[data-consent]')]); });
    await waitUntil(() => ran().length === 2);
    expect(ran()).to.deep.equal(['plain:', 'own:own']);
    expect(warnings).to.deep.equal([]);
  });
});
