import { ContextConsumer } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import type { ConsentState, Lang } from '../core/types.js';
import { isGranted } from '../core/policy.js';
import { consentContext } from '../context/consent-context.js';
import { holdScriptText, pageApi } from '../runtime/bootstrap.js';
import type { ConsentRuntime } from '../runtime/consent-runtime.js';
import { logError, logWarn } from '../shared/log.js';
import { READY_EVENT } from '../runtime/events.js';
import { describeCategory, fill, followPageLang, langOf, stringsFor, textOf } from '../i18n/i18n.js';
import { theme } from './styles.js';
import { gateDeclaredHosts } from '../gating/template-hosts.js';
import { FETCHED_AHEAD } from '../gating/template-ahead.js';

/** The element names {@link FETCHED_AHEAD} was warned about on this page. */
const warnedAhead = new Set<string>();

/** Categories whose markup that names no service was said to load with a service's gate, on this page. */
const warnedLoose = new Set<string>();

/**
 * A service's gate grants its category (a service is granted only with it), the category's other
 * services off: markup gated on the category alone loads with it, though the visitor allowed one
 * service (conformance probe F2: "Allow VideoCo" started the page's ad pixel). Said once a category, at
 * the click, when the page is all there.
 */
function warnLoose(service: string, category = ''): void {
  // escaped: without a config, the attribute is the page's, any text
  const id = CSS.escape(category);
  const n = document.querySelectorAll(`[data-consent~="${id}"]:not([data-consent-service]),migu-consent-gate[category="${id}"]:not([service])`).length;
  if (n && !warnedLoose.has(category)) {
    warnedLoose.add(category);
    logWarn('gating', `<migu-consent-gate service="${service}">: "allow" grants "${category}" too, so ${String(n)} element(s) gated on it with no data-consent-service load`);
  }
}

/** The `type`s of a `<script>` that the browser runs: none, `module`, and HTML's JavaScript MIME types. */
const CODE = /^\s*(module|(text|application)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript))?\s*$/i;

/**
 * The other `type`s a browser acts on: an import map (the page's later `import()`s resolved to the injector's
 * URLs) and speculation rules (prefetches). Inserted by us, 'strict-dynamic' trusts them without a nonce.
 */
const ACTED_ON = /^\s*(importmap|speculationrules|webbundle)\s*$/i;

/**
 * Whether a clone of `el` comes with a shadow root: a declarative one, `<template shadowrootmode
 * shadowrootclonable>`, which `importNode` copies with its scripts, out of reach of the checks of the light
 * tree (a closed one out of sight, too). An attachShadow on a shallow copy throws for a closed one; on an
 * element that cannot host one (`<a>`, `<img>`) it throws too, which a new element of its name tells apart.
 */
function clonesShadow(el: Element): boolean {
  if (el.shadowRoot) return el.shadowRoot.clonable;
  const attach = (e: Node): boolean => {
    try {
      (e as Element).attachShadow({ mode: 'open' });
      return true;
    } catch {
      return false;
    }
  };
  return !attach(el.cloneNode()) && attach(el.ownerDocument.createElementNS(el.namespaceURI, el.localName));
}

/** The templates refused for their shadow roots, said once each. */
const refused = new WeakSet<HTMLTemplateElement>();

/** Marks the elements a gate stamped from its template, in the page's HTML: a copy of that HTML inserted again brings them with it. */
const STAMPED = 'data-consent-stamped';

/** What can take focus in stamped content (an embed's frame, its controls, a link). */
const FOCUSABLE = 'a[href],button,input,select,textarea,iframe,video[controls],audio[controls],[tabindex]:not([tabindex="-1"])';

/**
 * Shows the content of its `<template>` only while consent holds (an embedded video,
 * a map); otherwise a placeholder that says why, with a button that grants just this
 * category (or service) and loads the content. Revoking removes the content again.
 * Gets the state from an enclosing `<migu-consent>` through @lit/context, else from
 * the page API, so it also works outside the element.
 *
 * @tag migu-consent-gate
 * @slot - The stamped copy of the `<template>` child, while consent holds.
 * @slot placeholder - Replaces the default explanation shown while consent is missing.
 * @csspart placeholder - The box shown while consent is missing.
 * @csspart allow - Grants just this category (or service) and loads the content.
 * @cssprop --migu-consent-font - The placeholder's font shorthand (default: the page's font).
 * @cssprop --migu-consent-bg - The placeholder's surface (default #fff; dark #1f1f1f).
 * @cssprop --migu-consent-fg - Its text (default #1f1f1f; dark #e3e3e3).
 * @cssprop --migu-consent-accent - The allow button (default #0b57d0; dark #a8c7fa).
 * @cssprop --migu-consent-accent-fg - Text on it (default #fff; dark #062e6f).
 * @cssprop --migu-consent-border - The placeholder's border (default #757575).
 * @cssprop --migu-consent-radius - Corner radius (default .5em).
 */
export class MiguConsentGateElement extends LitElement {
  // font: the theme's when set, else (an unset var() inherits) the page's, which a placeholder in the content keeps
  // our texts are left to right on a right-to-left page too (their languages are); a site's own slotted placeholder keeps the page's direction
  static override styles = [theme, css`
:host{display:block}
[part=placeholder]{font:var(--migu-consent-font);padding:1em;border:1px dashed var(--l);border-radius:var(--r);text-align:center;color:var(--f);background:var(--b);overflow-wrap:anywhere}
[part=placeholder]>:not(slot),slot>p{direction:ltr}
`];

  static override properties = {
    category: { reflect: true },
    service: { reflect: true },
  };

  /** The category the content needs, e.g. `marketing`. */
  declare category: string | undefined;
  /** A service id the content also needs; its allow button grants just that service. */
  declare service: string | undefined;

  private readonly consumer = new ContextConsumer(this, { context: consentContext, subscribe: true });
  /** Without a `<migu-consent>` ancestor: the page API's state. */
  private fallback: ConsentState | undefined;
  private unbind: (() => void) | undefined;
  private stamped: ChildNode[] = [];
  /** The language shown so far (kept while another one loads in the script build); none before the first render. */
  private shown: Lang | undefined;
  private readonly update_ = (): void => { this.requestUpdate(); };

  constructor() {
    super();
    followPageLang(this, this.update_);
  }

  /**
   * Its `<template>`, watched: a framework that reuses the gate for other content (React or Vue
   * rendering the same component for the next video) writes new content into it, or a new
   * template. Content stamped from the one before is then stamped again from the current one.
   */
  private readonly watch = new MutationObserver((records) => {
    // our own stamping adds nodes to the gate too: only new content in the template, or another template, counts
    if (records.some((r) => r.target !== this) || this.querySelector(':scope > template') !== this.watched) {
      if (this.watched) refused.delete(this.watched); // new content: looked at again
      this.watchTemplate();
      for (const node of this.stamped.splice(0)) node.remove();
      this.requestUpdate();
    }
  });

  private watched: HTMLTemplateElement | null = null;

  private watchTemplate(): void {
    this.watch.disconnect();
    // React's dangerouslySetInnerHTML and Vue's v-html replace the content's children
    const children = { childList: true };
    this.watch.observe(this, children);
    const template = (this.watched = this.querySelector(':scope > template'));
    if (!template) return;
    this.watch.observe(template.content, children);
    // Firefox's parser requests these ahead of time even inside a <template>, before any script runs. Said
    // once per page and element name: an app inserting such a gate on each route said it a thousand times
    const early = template.content.querySelector(FETCHED_AHEAD);
    if (early && !warnedAhead.has(early.localName)) {
      warnedAhead.add(early.localName);
      logWarn('gating', `<migu-consent-gate>: its <template> has <${early.localName}> with a URL that Firefox requests ahead of time, before consent: write it in its gated form (see "Gated markup")`);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback(); // the consumer asks for the context here; a provider answers at once
    // content stamped by a gate whose HTML was copied and inserted again (htmx's history snapshot on Back,
    // `innerHTML = innerHTML`): this gate's own from now on, kept while granted and removed on a refusal as
    // its own is; before, it stayed, whatever the choice, and the template was stamped a second time
    if (!this.stamped.length) this.stamped = [...this.querySelectorAll(`:scope > [${STAMPED}]`)];
    this.watchTemplate();
    // React and Vue render a <template>'s children into the element, not its inert content: they load at once
    if (this.querySelector(':scope > template > *')) {
      logError('gating', '<migu-consent-gate>: its <template> has live children (a framework rendered them), which load without consent. Set its content as HTML: React dangerouslySetInnerHTML, Vue v-html');
    }
    if (this.consumer.value) return;
    const api = pageApi();
    const refresh = (): void => {
      this.fallback = api.get();
      this.requestUpdate();
    };
    refresh();
    const unsubscribe = api.subscribe(refresh);
    // a runtime that comes later sends no change (a stored choice, or none yet), but its config names the
    // service, its recipient abroad, the category's label: its ready event says it is there
    document.addEventListener(READY_EVENT, refresh);
    this.unbind = () => {
      unsubscribe();
      document.removeEventListener(READY_EVENT, refresh);
    };
    // a runtime attached later with a stored choice sends no change: its ready event (above) says it is there.
    // Not whenGranted(): a gate removed while refused stayed in its list for the page's life (an app's routes)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch.disconnect();
    this.unbind?.();
    this.unbind = undefined;
  }

  private get context(): { state: ConsentState | undefined; runtime: ConsentRuntime | undefined } {
    return this.consumer.value ?? { state: this.fallback, runtime: pageApi().attached };
  }

  private get granted(): boolean {
    const state = this.context.state;
    const { category, service } = this;
    return !!category && !!state && isGranted(state, category, service || undefined);
  }

  /** Focus was on the allow button when it granted. */
  private refocus = false;

  private allow(): void {
    const id = this.service || this.category;
    if (!id) return;
    if (this.service) warnLoose(this.service, this.category);
    // the button goes with the grant: focus moves on to the content, not to <body>
    this.refocus = this.shadowRoot?.activeElement != null;
    const runtime = this.context.runtime;
    void (runtime ? runtime.update({ [id]: true }) : pageApi().update({ [id]: true }));
  }

  override render(): unknown {
    if (this.granted) return html`<slot></slot>`;
    if (!this.category) logError('api', '<migu-consent-gate> needs a category attribute');
    const config = this.context.runtime?.store.config;
    const strings = stringsFor(langOf(this), config?.texts, this.update_, this.shown);
    if (!strings) return html`<slot></slot>`;
    const [lang, t] = strings;
    this.shown = lang;
    const category = config?.categories.find((c) => c.id === this.category) ?? { id: this.category ?? '' };
    const service = this.service ? config?.categories.flatMap((c) => c.services).find((s) => s.id === this.service) : undefined;
    const name = service?.name ?? describeCategory(category, lang, t)[0];
    // ids the config lacks (a typo): said once, naming this markup; no allow button that could never work
    const known = !config || !this.category || pageApi().checkGate(`<migu-consent-gate category="${this.category}"${this.service ? ` service="${this.service}"` : ''}>`, this.category, this.service || undefined);
    // a grant here is the separate consent PIPL Art. 39 asks for: it names the recipient abroad, as the preferences do
    const cross = service?.crossBorder;
    const abroad = cross && [cross.recipient, cross.country, textOf(cross.purpose, lang)].filter(Boolean).join(' · ');
    return html`<div part="placeholder" lang=${lang}><slot name="placeholder"><p>${fill(t.gateBlocked, { name })}</p></slot>
${abroad ? html`<p><b>${t.crossBorder}</b>: ${abroad}</p>` : nothing}${known ? html`<button part="allow" @click=${() => { this.allow(); }}>${fill(t.gateAllow, { name })}</button>` : nothing}</div>`;
  }

  override updated(): void {
    const granted = this.granted;
    if (granted && !this.stamped.length) {
      const template = this.querySelector<HTMLTemplateElement>(':scope > template');
      if (!template || refused.has(template)) return;
      // markup injected into the page (a comment) ran its scripts through us, without the page's nonce (security probe 2 F1);
      // an import map or speculation rules below likewise (F2)
      if ([...template.content.querySelectorAll('*')].some(clonesShadow)) {
        refused.add(template);
        logError('gating', `<migu-consent-gate category="${this.category ?? ''}">: its <template> holds a declarative shadow root, whose scripts would run without consent or the page's nonce: not stamped`);
        return;
      }
      const content = document.importNode(template.content, true);
      // Its scripts run as gated scripts do (gating/activate-script.ts): once, in order, only with the
      // page's nonce, through the Trusted Types policy. Inserted as they are, the browser would run them
      // itself, and under 'strict-dynamic' trust them whatever their nonce, since we inserted them.
      for (const script of content.querySelectorAll('script')) {
        const type = script.getAttribute('type') ?? '';
        if (ACTED_ON.test(type)) {
          logError('gating', `<migu-consent-gate>: its template's <script type="${type.trim()}"> is left out: the browser would act on it without the page's nonce`);
          script.remove();
          continue;
        }
        // one written gated already: its text kept off it too (cloned text in an inserted script is a Trusted Types violation)
        if (!CODE.test(type)) {
          if (script.hasAttribute('data-consent')) holdScriptText(script);
          continue; // else data, not code
        }
        if (/module/i.test(type)) script.setAttribute('data-type', 'module');
        script.type = 'text/plain';
        holdScriptText(script);
        script.setAttribute('data-consent', this.category ?? '');
        if (this.service) script.setAttribute('data-consent-service', this.service);
      }
      // a URL on a host a service declares waits for that service, which the category alone does not grant
      gateDeclaredHosts(content);
      this.stamped = [...content.childNodes];
      for (const el of content.children) el.setAttribute(STAMPED, '');
      this.append(content);
      if (this.refocus) {
        const first = this.querySelector<HTMLElement>(FOCUSABLE);
        if (!first) this.tabIndex = -1;
        (first ?? this).focus();
      }
    } else if (!granted && this.stamped.length) {
      for (const node of this.stamped.splice(0)) node.remove();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'migu-consent-gate': MiguConsentGateElement;
  }
}
