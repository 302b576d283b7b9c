import { ContextProvider } from '@lit/context';
import { html, LitElement } from 'lit';
import type { ConsentRuntime } from '../runtime/consent-runtime.js';
import { disposeRuntime, pageApi, runtimeFor } from '../runtime/bootstrap.js';
import type { SiteConfig } from '../core/types.js';
import { consentContext } from '../context/consent-context.js';

/**
 * The consent manager: one per page. Holds the state, provides it to descendants
 * through @lit/context, and renders the banner, the preferences and the re-open button.
 *
 * @tag migu-consent
 * @event migu-consent-ready - The state is known (detail: ConsentState).
 * @event migu-consent-change - A decision or a choice from another tab (detail: { state, granted, revoked }).
 */
export class MiguConsentElement extends LitElement {
  static override properties = {
    revision: { reflect: true },
    cookieName: { attribute: 'cookie-name', reflect: true },
    cookieDomain: { attribute: 'cookie-domain', reflect: true },
    expiresDays: { attribute: 'expires-days', reflect: true },
    policyUrl: { attribute: 'policy-url', reflect: true },
    dnt: { reflect: true },
    receiptEndpoint: { attribute: 'receipt-endpoint', reflect: true },
    revoke: { reflect: true },
    config: { attribute: false },
  };

  /** Policy revision; a stored choice made under another revision is asked again. */
  declare revision: string | undefined;
  /** The consent cookie's name. */
  declare cookieName: string | undefined;
  /** e.g. `.migu.cn`: one choice for every subdomain. */
  declare cookieDomain: string | undefined;
  /** After this many days a choice is asked again. */
  declare expiresDays: string | undefined;
  /** Privacy policy link shown in the banner (http/https only). */
  declare policyUrl: string | undefined;
  /** `respect` (default): DNT / GPC deny all non-necessary by default; `ignore`. */
  declare dnt: string | undefined;
  /** URL that receives a proof-of-consent record for every decision. */
  declare receiptEndpoint: string | undefined;
  /** `reload` (default): reload when a script of a revoked category already ran; `none`. */
  declare revoke: string | undefined;
  /** Site config (categories, services, texts); else a child `<script type="application/json">`. */
  declare config: SiteConfig | undefined;

  /** The runtime behind this element, once connected. */
  runtime: ConsentRuntime | undefined;
  private readonly provider = new ContextProvider(this, {
    context: consentContext,
    initialValue: { state: pageApi().get(), runtime: undefined },
  });
  private unbind: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const runtime = runtimeFor(this);
    this.runtime = runtime;
    this.provider.setValue({ state: runtime.store.get(), runtime });
    this.unbind = runtime.store.subscribe(({ state }) => {
      this.provider.setValue({ state, runtime });
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unbind?.();
    // a move within the page reconnects in the same task; only a real removal ends the runtime
    queueMicrotask(() => {
      if (!this.isConnected) {
        disposeRuntime(this);
        this.runtime = undefined;
      }
    });
  }

  override render(): unknown {
    return html`<slot></slot>`;
  }
}
