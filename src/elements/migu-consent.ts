import { ContextProvider } from '@lit/context';
import type { PropertyDeclaration, TemplateResult } from 'lit';
import { html, LitElement, nothing } from 'lit';
import type { ConsentRuntime, UiHandle } from '../runtime/consent-runtime.js';
import { disposeRuntime, pageApi, runtimeFor, whenParsed } from '../runtime/bootstrap.js';
import { configOf } from '../runtime/config-source.js';
import { logWarnOnce } from '../shared/log.js';
import { policyHref } from '../shared/url.js';
import { POLICY_URL_MISSING } from '../runtime/options.js';
import { reveal } from './banner-lite.js';
import type { Category, Choice, Lang, Service, SiteConfig } from '../core/types.js';
import type { ConsentStore } from '../core/store.js';
import type { DntMode } from '../core/policy.js';
import { isDecision } from '../core/store.js';
import { consentContext } from '../context/consent-context.js';
import { describeCategory, followPageLang, langOf, stringsFor, textLang, textOf } from '../i18n/i18n.js';
import type { Translation } from '../i18n/translation.js';
import { consentStyles } from './styles.js';
import { cookieList } from './cookie-list.js';
import { noticeDismissed, rememberNoticeDismissed } from '../storage/signal-notice.js';
import { LiteTakeoverController } from './lite-takeover-controller.js';
import { ModalDialogController } from './modal-dialog-controller.js';
import { ScrollPaddingController } from './scroll-padding-controller.js';

type Decision = 'accept-all' | 'reject-all' | 'save';
/** The element itself writes its read-only `runtime`. */
type Writable = { runtime: ConsentRuntime | undefined };

/** Elements connected while another one held the page's runtime: the first still in the page starts when that one is removed. */
const waiting = new Set<MiguConsentElement>();

/** The switches of the preferences, as own flags: categories on, services not switched off, separate services on. */
function draftOf(store: ConsentStore): Set<string> {
  const proposed = store.proposedSelection();
  const draft = new Set([...proposed.categories, ...proposed.servicesOn]);
  for (const c of store.config.categories) {
    for (const s of c.services) if (!s.separate && !proposed.servicesOff.includes(s.id)) draft.add(s.id);
  }
  return draft;
}

/**
 * The consent manager: one per page. Holds the state, provides it to descendants
 * through @lit/context, and renders the first-layer banner, the signal notice,
 * the preferences dialog and the re-open button. Config texts are rendered as text, never as HTML.
 *
 * @tag migu-consent
 * @slot - Page content; `<migu-consent-gate>` elements inside get the state through context.
 * @event migu-consent-ready - The state is known (detail: ConsentState).
 * @event migu-consent-change - A decision or a choice from another tab (detail: { state, granted, revoked }).
 * @csspart banner - The first-layer banner (a labelled region, not modal: the page stays usable).
 * @csspart accept-all - "Accept all", in the banner and in the preferences.
 * @csspart reject-all - "Reject all", same element and prominence as accept-all.
 * @csspart customize - Opens the preferences from the banner.
 * @csspart policy - The banner's link to the privacy policy (with `policy-url`).
 * @csspart preferences - The preferences `<dialog>`.
 * @csspart save - Saves the switches of the preferences.
 * @csspart signal-notice - Says that a DNT / GPC signal was honoured (no banner then).
 * @csspart reopen - The small fixed button that reopens the preferences once a choice exists.
 * @cssprop --migu-consent-font - Font shorthand (default `medium/1.5 system-ui, sans-serif`: the browser's default size, not the page's root size).
 * @cssprop --migu-consent-bg - Surface (default #fff; dark #1f1f1f).
 * @cssprop --migu-consent-fg - Text (default #1f1f1f; dark #e3e3e3).
 * @cssprop --migu-consent-muted - Secondary text (default #595959; dark #bdbdbd).
 * @cssprop --migu-consent-accent - Buttons, links, switches when on (default #0b57d0; dark #a8c7fa).
 * @cssprop --migu-consent-accent-fg - Text on the accent (default #fff; dark #062e6f).
 * @cssprop --migu-consent-border - Borders and switches when off (default #757575; dark #8e8e8e).
 * @cssprop --migu-consent-radius - Corner radius (default .5em).
 * @cssprop --migu-consent-z-index - Stacking of banner, notice and re-open button (default 2147483000).
 */
export class MiguConsentElement extends LitElement {
  static override styles = consentStyles;
  /**
   * The options, reflected to the attributes the runtime reads, as in their one table
   * (runtime/options.ts OPTION_ATTRIBUTES; test/elements/migu-consent.test.ts holds the two
   * equal: a literal here, so that custom-elements.json lists them), and the internal state.
   */
  static override properties = {
    revision: { reflect: true },
    cookieName: { attribute: 'cookie-name', reflect: true },
    cookieDomain: { attribute: 'cookie-domain', reflect: true },
    expiresDays: { attribute: 'expires-days', reflect: true },
    lang: { reflect: true },
    policyUrl: { attribute: 'policy-url', reflect: true },
    dnt: { reflect: true },
    receiptEndpoint: { attribute: 'receipt-endpoint', reflect: true },
    revoke: { reflect: true },
    minor: { type: Boolean, reflect: true },
    serverSignals: { attribute: 'server-signals', reflect: true },
    bannerAsked: { state: true, attribute: false },
    draft: { state: true, attribute: false },
    noticeDismissed: { state: true, attribute: false },
    refused: { state: true, attribute: false },
  };

  /** Policy revision; a stored choice made under another revision is asked again. */
  declare revision: string | undefined;
  /** The consent cookie's name. */
  declare cookieName: string | undefined;
  /** e.g. `.migu.cn`: one choice for every subdomain. */
  declare cookieDomain: string | undefined;
  /** After this many days a choice is asked again. */
  declare expiresDays: string | undefined;
  /** Privacy policy link shown in the banner (http/https only); `{lang}` in it becomes the banner's language. */
  declare policyUrl: string | undefined;
  /** `respect` (default): DNT / GPC deny all non-necessary by default; `ignore`. */
  declare dnt: DntMode | undefined;
  /** URL that receives a proof-of-consent record for every decision. */
  declare receiptEndpoint: string | undefined;
  /** `reload` (default): reload when a script of a revoked category already ran; `none`. */
  declare revoke: 'reload' | 'none' | undefined;
  /** What the server saw in the request headers: "dnt", "gpc" or both. */
  declare serverSignals: string | undefined;
  /**
   * Site config (categories, services, texts); else a child `<script type="application/json">`.
   * Read when the element connects; set later (a framework's late property, a config the page
   * fetched), the stored choice is evaluated again under it. Deliberately not a reactive property:
   * Lit would move a value an app set before the element was defined aside until the first update,
   * after connectedCallback has already read it. But a real accessor: React 19 sets a custom
   * element's property only when the element has one (`'config' in el`), else an attribute.
   */
  get config(): SiteConfig | undefined {
    return this.siteConfig;
  }

  set config(value: SiteConfig | undefined) {
    this.siteConfig = value;
    this.runtime?.reconfigure(configOf(this));
  }

  private siteConfig: SiteConfig | undefined;
  /** `zh-CN`, `zh-TW` or `en` (other zh and en tags are mapped); else `<html lang>`, else zh-CN. */
  declare lang: string;
  /** Set by the host for a user under 14: accept all is off, grants need the guardian callback. */
  declare minor: boolean;

  /** The runtime behind this element, once connected; the element creates and ends it (read-only outside). */
  declare readonly runtime: ConsentRuntime | undefined;
  private readonly provider = new ContextProvider(this, {
    context: consentContext,
    initialValue: { state: pageApi().get(), runtime: undefined },
  });
  private unbind: (() => void) | undefined;
  /** `showBanner()` was called: show it even though a choice exists, until the next decision. */
  declare private bannerAsked: boolean;
  /** The switches of the open preferences (a new set on each change). */
  declare private draft: ReadonlySet<string>;
  /** The switches the user flipped in the open preferences: a change made meanwhile elsewhere moves only the others. */
  private edited = new Set<string>();
  /** A minor's grant the guardian did not confirm (or no guardian is set): the open dialog says so. */
  declare private refused: boolean;
  /** Read from sessionStorage only when the notice could show: a page's first storage access is a slow synchronous load. */
  declare private noticeDismissed: boolean | undefined;
  /** A minor's Save waits for the guardian: another press must not ask a second time. */
  private asking = false;
  /** Focus was in a part that a decision removes: move it to the re-open button. */
  private refocus = false;
  /** The language shown so far (kept while another one loads in the script build); none before the first render. */
  private shown: Lang | undefined;
  private readonly update_ = (): void => { this.requestUpdate(); };
  private readonly prefs = new ModalDialogController(this, () => this.partNamed('reopen'));
  private readonly lite = new LiteTakeoverController(this, {
    ready: () => this.shown !== undefined,
    moved: (from, to) => { if (this.prefs.opener === from) this.prefs.opener = to; },
    lost: () => { this.refocus = true; },
  });
  private readonly ui: UiHandle = {
    showBanner: () => { this.bannerAsked = true; },
    showPreferences: () => { void this.showPreferences(); },
  };

  constructor() {
    super();
    this.bannerAsked = false;
    this.draft = new Set();
    this.refused = false;
    this.noticeDismissed = undefined;
    new ScrollPaddingController(this, () => this.shadowRoot?.querySelector('.bar,.reopen') ?? undefined);
    followPageLang(this, this.update_);
  }

  /** The script build's banner or re-open button without Lit may be in the shadow root: they stay until this one has rendered (LiteTakeoverController). */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    this.lite.capture();
    return super.createRenderRoot();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    whenParsed(this, () => {
      if (!this.isConnected) return;
      this.start();
      this.requestUpdate(); // rendered already when it waited for the parser: without its runtime, nothing
    });
  }

  private start(): void {
    // one per page: a second one would keep a second choice in the same cookie (each asking again
    // under its own revision) and gate by it; it waits, rendering nothing, until the first is removed
    const first = pageApi().attached?.target;
    if (first !== this && first instanceof Element && first.isConnected) {
      waiting.add(this);
      // named by its start tag: "this one" did not say which (console probe F6)
      const tag = this.outerHTML.slice(0, this.outerHTML.indexOf('>') + 1).slice(0, 160);
      logWarnOnce(this, 'api', `more than one <migu-consent> on the page: this one, ${tag}, does nothing while the first is there`);
      return;
    }
    // the first one removed in this task (a body swap, a remount): its runtime ends now, not at its own
    // microtask, after which its gating had applied its choice to this one's new markup (an older revision's)
    if (first !== this && first instanceof Element) {
      disposeRuntime(first);
      if (first instanceof MiguConsentElement) (first as Writable).runtime = undefined;
    }
    this.reflectOptions();
    // held before the runtime fires `migu-consent-ready`, so that a listener of it finds the element
    // working (a config set there applies, showPreferences() opens); a runtime that was there
    // already (the element moved, the script build's loader started it) was announced before
    let held = false;
    const runtime = runtimeFor(this, {}, { beforeReady: (started) => { held = true; this.hold(started); } });
    if (!held) this.hold(runtime);
  }

  /**
   * The options set as properties before the element connected, written to their attributes now: React 19
   * and Vue set a property when the element has one (`revision`, `minor`, `dnt`, `revoke`), and Lit reflects
   * it only at its first update, after the runtime has read the attributes. It started with the defaults
   * (a minor's unconfirmed grants in force until then, or for good before the attributes were watched).
   */
  private reflectOptions(): void {
    for (const [name, { attribute, reflect, type }] of Object.entries(MiguConsentElement.properties) as [string, PropertyDeclaration][]) {
      const value = (this as unknown as Record<string, string | boolean | undefined>)[name];
      if (!reflect || value === undefined) continue;
      // `minor` is the one Boolean; the others are text
      if (type) this.toggleAttribute(name, value === true);
      else if (this.getAttribute(attribute as string || name) !== value) this.setAttribute(attribute as string || name, String(value));
    }
  }

  /** Holds the runtime: takes over an early `config`, follows the state, shows the UI asked for before. */
  private hold(runtime: ConsentRuntime): void {
    (this as Writable).runtime = runtime;
    // set before the element was defined, `config` is an own property that hides the accessor
    if (Object.prototype.hasOwnProperty.call(this, 'config')) {
      const early = this.config;
      delete (this as { config?: unknown }).config;
      this.config = early;
    }
    this.provider.setValue({ state: runtime.store.get(), runtime });
    this.unbind = runtime.store.subscribe(({ state, cause }) => {
      this.provider.setValue({ state, runtime });
      // a choice made in another tab (or by the page) while the preferences are open: the switches
      // the user did not touch show it, or "save" would grant again what was just withdrawn
      if (this.prefs.open) {
        const draft = draftOf(runtime.store);
        for (const id of this.edited) draft[this.draft.has(id) ? 'add' : 'delete'](id);
        this.draft = draft;
      }
      if (isDecision(cause)) this.bannerAsked = false;
      this.requestUpdate();
    });
    // one set and refused (a javascript: link) was said as such (console probe F11: then "not set" too); once a
    // page, not once an element: an app remounting it on each route said it hundreds of times (framework probe F5)
    if (!this.getAttribute('policy-url')?.trim()) logWarnOnce(globalThis, 'option', POLICY_URL_MISSING);
    runtime.ui = this.ui;
    const pending = runtime.pendingUi;
    runtime.pendingUi = undefined;
    if (pending === 'banner') this.ui.showBanner();
    if (pending === 'preferences') this.ui.showPreferences();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unbind?.();
    const runtime = this.runtime;
    if (runtime?.ui === this.ui) runtime.ui = undefined;
    // a move within the page reconnects in the same task. Removed with none in its place, the runtime goes on,
    // as the script build's does: the page's choice, its gating and network guard stand, the API decides
    // (ended here, it lifted the guard: a refused tracker host was let through). The next element to start
    // ends it (start()), one that waited for this one now.
    queueMicrotask(() => {
      if (this.isConnected) return;
      waiting.delete(this);
      const next = [...waiting].find((el) => el.isConnected);
      if (runtime && next) {
        waiting.delete(next);
        next.start();
        next.requestUpdate();
      }
    });
  }

  /** Opens the preferences dialog (focus moves in; Escape closes it without recording anything). */
  async showPreferences(): Promise<void> {
    const store = this.runtime?.store;
    if (!store) return;
    await this.prefs.show(() => {
      this.draft = draftOf(store);
      this.edited = new Set();
      this.refused = false;
    });
  }

  /**
   * The re-open button takes the place of the banner's button that was just clicked: the second click of a
   * double tap there (`detail` 2, counted with the first) is not for it.
   */
  private readonly reopenClicked = (e: MouseEvent): void => {
    if (e.detail < 2) void this.showPreferences();
  };

  private partNamed(name: string): HTMLElement | null | undefined {
    return this.shadowRoot?.querySelector<HTMLElement>(`[part=${name}]`);
  }

  private decide(decision: Decision): void {
    const runtime = this.runtime;
    if (!runtime) return;
    this.refocus = !this.prefs.open && this.shadowRoot?.activeElement != null;
    if (decision === 'accept-all') runtime.store.acceptAll();
    else if (decision === 'reject-all') runtime.store.rejectAll();
    else {
      const store = runtime.store;
      const choice = this.choice(store.config.categories);
      // only the personalization switch was moved, and it applied at once: Save has nothing left to decide
      // (a second decision, event and receipt that change nothing)
      const state = store.get();
      if (state.decided && [...this.edited].every((id) => id === 'personalization')
        && Object.entries(choice).every(([id, on]) => (state.categories[id] ?? state.services[id]) === on)) {
        this.closeAfterDecision();
        return;
      }
      // a minor's grants wait for the guardian: the dialog closes once confirmed; refused (or with no
      // guardian set) it stays open and says so. What the choice switched off applies either way.
      if (store.minor && store.grantsOf(choice).length) {
        if (this.asking) return;
        this.asking = true;
        void runtime.update(choice).then(() => {
          this.asking = false;
          if (store.grantsOf(choice).length) this.refused = true;
          else this.closeAfterDecision();
        });
        return;
      }
      void runtime.update(choice);
    }
    this.closeAfterDecision();
  }

  private closeAfterDecision(): void {
    this.bannerAsked = false;
    this.prefs.close();
    this.requestUpdate();
  }

  /** The full choice of the switches: every category that is not locked and every service in it. */
  private choice(categories: Category[]): Choice {
    const choice: Choice = {};
    for (const c of categories) {
      if (c.locked) continue;
      choice[c.id] = this.draft.has(c.id);
      for (const s of c.services) choice[s.id] = this.draft.has(s.id);
    }
    return choice;
  }

  private readonly onToggle = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const draft = new Set(this.draft);
    this.refused = false;
    if (input.checked) draft.add(input.name);
    else draft.delete(input.name);
    this.draft = draft;
    this.edited.add(input.name);
    // PIPL Art. 24: once a choice exists, the personalization switch takes effect at once
    // (two clicks from the re-open button); a first choice still waits for a button
    const runtime = this.runtime;
    if (input.name === 'personalization' && runtime?.store.get().decided) {
      void runtime.update({ personalization: input.checked }).then((state) => {
        // not applied (a minor's guardian said no, or none is set): the switch shows what holds
        if (state.categories['personalization'] === input.checked) return;
        this.refused = true;
        const held = new Set(this.draft);
        if (state.categories['personalization']) held.add(input.name);
        else held.delete(input.name);
        this.draft = held;
      });
    }
  };

  private isNoticeDismissed(): boolean {
    return (this.noticeDismissed ??= noticeDismissed());
  }

  private dismissNotice(): void {
    this.noticeDismissed = true;
    this.refocus = true;
    rememberNoticeDismissed();
  }

  override updated(): void {
    if (this.refocus) {
      this.refocus = false;
      this.partNamed('reopen')?.focus();
    }
  }

  override render(): unknown {
    const runtime = this.runtime;
    if (!runtime) return html`<slot></slot>`;
    const store = runtime.store;
    const state = store.get();
    // the lang property: its attribute is reflected only after render
    const wanted = langOf(this, this.lang);
    // the preferences wait for the page's language too (at most 1 s, then zh-CN: i18n.ts), and open once rendered
    // (ModalDialogController); until then, and while its file is late or failed, the banner without Lit, in that language, stays
    // (unless the page asks for the banner over a re-open button): an English visitor's banner turned Chinese (i18n probe F1)
    const strings = stringsFor(wanted, store.config.texts, this.update_, this.shown);
    if (!strings || (!this.shown && strings[0] !== wanted && this.lite.holding && !this.prefs.open && !this.bannerAsked)) return html`<slot></slot>`;
    const [lang, t] = strings;
    this.shown = lang;
    const banner = store.prompt || this.bannerAsked;
    const notice = !banner && state.source === 'signal' && !this.isNoticeDismissed();
    const reopen = !banner && !notice && (state.decided || state.source === 'signal');
    const policy = runtime.options.policyUrl;
    const reason = store.reason;
    // the dialog is kept out of session replays and autocapture (their vendors' markers: rrweb, Amplitude, PostHog,
    // Datadog, Clarity), whose consent it may be withdrawing: the visitor's choice goes to the receipt endpoint, not
    // to an analytics vendor (leftover probe F4). Inside the shadow root, where a replay's blocking looks (rrweb's
    // closest() stops at the root): on <migu-consent> it left the switches recorded. The banner asks before any
    // choice, when nothing that records runs (and it must equal the first stage's, elements/banner-lite.ts).
    return html`<slot></slot>${banner ? html`<section part="banner" class="bar" aria-labelledby="bt" lang=${lang} @focusin=${reveal}>
<div class="txt"><h2 id="bt">${t.bannerTitle}</h2>
${reason === 'revision' || reason === 'expired' ? html`<p class="em">${reason === 'revision' ? t.revisionNotice : t.expiredNotice}</p>` : nothing}
<p>${t.bannerText}${policy ? html` <a part="policy" href=${policyHref(policy, lang)}>${t.policyLink}</a>` : nothing}</p>${store.minor ? html`<p>${t.minorNote}</p>` : nothing}</div>
<div class="btns">${this.decisionButtons(t, store.minor)}<button part="customize" @click=${() => { void this.showPreferences(); }}>${t.customize}</button></div>
</section>` : nothing}${notice ? html`<section part="signal-notice" class="bar" aria-labelledby="sn" lang=${lang} @focusin=${reveal}>
${reason === 'revision' ? html`<div class="txt"><p class="em">${t.revisionNotice}</p><p id="sn">${state.signals.gpc ? t.signalGpc : t.signalDnt}</p></div>` : html`<p class="txt" id="sn">${state.signals.gpc ? t.signalGpc : t.signalDnt}</p>`}
<div class="btns"><button @click=${() => { void this.showPreferences(); }}>${t.openSettings}</button><button @click=${() => { this.dismissNotice(); }}>${t.dismiss}</button></div>
</section>` : nothing}${reopen ? html`<button part="reopen" class="reopen" lang=${lang} @click=${this.reopenClicked}>${t.reopen}</button>` : nothing}
<dialog part="preferences" class="rr-block amp-block ph-no-capture" data-dd-privacy="hidden" data-clarity-mask="true" aria-labelledby="pt" aria-describedby="pd" lang=${lang} @close=${this.prefs.onClose} @keydown=${this.prefs.onKeydown} @click=${this.prefs.onClick}>${this.prefs.open ? this.preferences(t, lang, store) : nothing}</dialog>`;
  }

  private decisionButtons(t: Translation, minor: boolean): TemplateResult {
    return html`<button part="accept-all" ?disabled=${minor} @click=${() => { this.decide('accept-all'); }}>${t.acceptAll}</button><button part="reject-all" @click=${() => { this.decide('reject-all'); }}>${t.rejectAll}</button>`;
  }

  private preferences(t: Translation, lang: Lang, store: ConsentStore): TemplateResult {
    // divs, not header/footer: those would be page landmarks (banner, contentinfo) inside the modal
    return html`<div class="hd"><h2 id="pt" tabindex="-1">${t.prefsTitle}</h2><button class="x" aria-label=${t.close} @click=${() => { this.prefs.close(); }}>\xd7</button></div>
<div class="body"><p id="pd">${t.prefsText}</p>${store.minor ? html`<p>${t.minorNote}</p>` : nothing}
${store.config.categories.map((c) => this.category(c, t, lang))}</div>
<div class="btns ft">${this.refused ? html`<p class="msg" role="alert">${t.guardianRefused}</p>` : nothing}${this.decisionButtons(t, store.minor)}<button part="save" @click=${() => { this.decide('save'); }}>${t.save}</button></div>`;
  }

  private category(c: Category, t: Translation, lang: Lang): TemplateResult {
    const [label, description] = describeCategory(c, lang, t);
    // a text the site left out in this language is filled from another, and said to be in it (WCAG 3.1.2): a screen
    // reader read the Chinese filling an English dialog with its English voice (i18n probe F4)
    const [labelLang, descriptionLang] = [textLang(c.label, lang), textLang(c.description, lang)];
    const on = c.locked || this.draft.has(c.id);
    const shared = c.services.filter((s) => !s.separate);
    const separate = c.services.filter((s) => s.separate);
    // the space in the same text node as the words: Chromium drops a lone one beside Lit's markers from the switch's name
    return html`<section>${this.toggle(c.id, html`${labelLang === lang ? label : html`<span lang=${labelLang}>${label}</span>`}${c.locked ? html`<small>${` ${t.alwaysOn}`}</small>` : nothing}`, on, c.locked, description ? `d-${c.id}` : '')}
${description ? html`<p class="d" id=${`d-${c.id}`} lang=${descriptionLang}>${description}</p>` : nothing}${c.separate ? html`<p class="sep">${t.separateTitle}</p>` : nothing}
${shared.length ? html`<details><summary>${t.services} (${shared.length})</summary>${this.servicesOff(c.id, on, t)}<ul>${shared.map((s) => this.service(s, t, lang, on, c.locked, c.id))}</ul></details>` : nothing}
${separate.length ? html`<div class="sep"><p><b>${t.separateTitle}</b></p><p class="d">${t.separateNote}</p>${this.servicesOff(`${c.id}-s`, on, t)}<ul>${separate.map((s) => this.service(s, t, lang, on, false, `${c.id}-s`))}</ul></div>` : nothing}</section>`;
  }

  /** Before the services of a category that is off (their switches off and dimmed): what turns them on; each switch is described by it. */
  private servicesOff(id: string, on: boolean, t: Translation): TemplateResult | typeof nothing {
    return on ? nothing : html`<p class="d" id=${`o-${id}`}>${t.servicesOff}</p>`;
  }

  private service(s: Service, t: Translation, lang: Lang, categoryOn: boolean, locked: boolean, category: string): TemplateResult {
    const purpose = textOf(s.purpose, lang);
    const dataTypes = textOf(s.dataTypes, lang);
    const cross = s.crossBorder;
    const crossText = cross && [cross.recipient, cross.country, textOf(cross.purpose, lang)].filter(Boolean).join(' · ');
    const described = !!(s.vendor || s.contact || purpose || dataTypes || s.cookies.length || crossText);
    // a switch off for its category says why, first (a11y probe F5: "dimmed", and no reason, to a screen reader)
    return html`<li>${this.toggle(s.id, s.name, categoryOn && (locked || this.draft.has(s.id)), locked || !categoryOn, `${categoryOn ? '' : `o-${category} `}${described ? `d-${s.id}` : ''}`)}
${described ? html`<dl id=${`d-${s.id}`}>${s.vendor ? html`<dt>${t.vendor}</dt><dd>${s.vendor}</dd>` : nothing}${s.contact ? html`<dt>${t.contact}</dt><dd>${s.contact}</dd>` : nothing}${purpose ? html`<dt>${t.purpose}</dt><dd lang=${textLang(s.purpose, lang)}>${purpose}</dd>` : nothing}${dataTypes ? html`<dt>${t.dataTypes}</dt><dd lang=${textLang(s.dataTypes, lang)}>${dataTypes}</dd>` : nothing}${s.cookies.length ? html`<dt>${t.cookies}</dt><dd>${cookieList(s, t)}</dd>` : nothing}${crossText ? html`<dt><b>${t.crossBorder}</b></dt><dd>${crossText}</dd>` : nothing}</dl>` : nothing}</li>`;
  }

  /**
   * A native checkbox with role=switch, named by the category or service id, described by its text
   * below when it has one (a reference to nothing, or to an empty element, tells a screen reader nothing):
   * `describedBy`, the ids of what describes it, space-separated.
   */
  private toggle(id: string, label: unknown, checked: boolean, disabled: boolean, describedBy: string): TemplateResult {
    return html`<label class="row"><span>${label}</span><input type="checkbox" role="switch" name=${id} .checked=${checked} ?disabled=${disabled} aria-describedby=${describedBy.trim() || nothing} @change=${this.onToggle}></label>`;
  }
}

// declared here, not in define.ts, so that the package's index.d.ts carries it
declare global {
  interface HTMLElementTagNameMap {
    'migu-consent': MiguConsentElement;
  }
}
