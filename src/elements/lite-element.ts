// Script build only (rollup.config.js swaps it in for `lit` in the UI script, about 2 kB
// brotli less): lit-html's templates with a small base class that does what our two
// elements use of LitElement: `static properties` (string and Boolean attributes, reflect),
// `static styles`, batched async updates with `updateComplete`, `updated()` and controllers.
// The npm build keeps Lit itself; test/elements runs against both (web-test-runner.ui-script.config.js).
import { render } from 'lit-html';
import { logError } from '../runtime/log.js';

export { html, nothing } from 'lit-html';

interface PropertyOptions {
  attribute?: string | false;
  reflect?: boolean;
  type?: unknown;
}
interface Controller {
  hostConnected?(): void;
  hostDisconnected?(): void;
}
type Styles = string | Styles[];

/** Static styles as text; the elements' CSS has no interpolations. */
export const css = (strings: TemplateStringsArray): string => strings[0] ?? '';

/** One constructed sheet per element class, shared by every instance. */
const sheets = new Map<string, CSSStyleSheet>();

export class LitElement extends HTMLElement {
  static properties: Record<string, PropertyOptions> = {};
  static styles: Styles = [];
  /** attribute name → [property name, options], per class. */
  private static a?: Map<string, [string, PropertyOptions]>;

  /** Defines the property accessors of a class once, and maps its attributes to them. */
  private static attrs(): Map<string, [string, PropertyOptions]> {
    if (Object.hasOwn(this, 'a') && this.a) return this.a;
    const map = new Map<string, [string, PropertyOptions]>();
    for (const [name, options] of Object.entries(this.properties)) {
      const key = Symbol(name);
      Object.defineProperty(this.prototype, name, {
        get(this: Record<symbol, unknown>) { return this[key]; },
        set(this: LitElement & Record<symbol, unknown>, value: unknown) {
          if (this[key] === value) return;
          this[key] = value;
          this.c.add(name);
          this.requestUpdate();
        },
        configurable: true,
      });
      if (options.attribute !== false) map.set(options.attribute ?? name.toLowerCase(), [name, options]);
    }
    return (this.a = map);
  }

  static get observedAttributes(): string[] {
    return [...this.attrs().keys()];
  }

  /** Changed properties since the last update, for reflection. */
  private c = new Set<string>();
  private ctrl: Controller[] = [];
  private p: Promise<boolean>;
  private go: ((v: boolean) => void) | undefined;
  isUpdatePending = false;

  constructor() {
    super();
    this.p = new Promise((resolve) => { this.go = resolve; });
    // values set on the element before it was upgraded sit in own properties: move them behind the accessors
    const self = this as Record<string, unknown>;
    for (const [name] of (this.constructor as typeof LitElement).attrs().values()) {
      if (Object.hasOwn(this, name)) {
        const value = self[name];
        Reflect.deleteProperty(this, name);
        self[name] = value;
      }
    }
    this.requestUpdate();
  }

  get updateComplete(): Promise<boolean> {
    return this.p;
  }

  addController(controller: Controller): void {
    this.ctrl.push(controller);
    if (this.shadowRoot && this.isConnected) controller.hostConnected?.();
  }

  connectedCallback(): void {
    if (!this.shadowRoot) {
      const root = this.attachShadow({ mode: 'open' });
      const text = [(this.constructor as typeof LitElement).styles].flat(9).join('');
      if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
        let sheet = sheets.get(text);
        if (!sheet) sheets.set(text, sheet = new CSSStyleSheet());
        sheet.replaceSync(text);
        root.adoptedStyleSheets = [sheet];
      } else {
        const style = document.createElement('style');
        const nonce = (window as { litNonce?: string }).litNonce;
        if (nonce) style.nonce = nonce;
        style.textContent = text;
        root.append(style);
      }
    }
    this.go?.(true);
    this.go = undefined;
    for (const c of this.ctrl) c.hostConnected?.();
  }

  disconnectedCallback(): void {
    for (const c of this.ctrl) c.hostDisconnected?.();
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    const found = (this.constructor as typeof LitElement).attrs().get(attribute);
    if (found) (this as Record<string, unknown>)[found[0]] = found[1].type === Boolean ? value !== null : value;
  }

  requestUpdate(): void {
    if (this.isUpdatePending) return;
    this.isUpdatePending = true;
    const run = (): boolean => {
      this.u();
      return !this.isUpdatePending;
    };
    this.p = this.p.then(run, run);
  }

  /** Reflects changed properties, renders, then calls `updated()`; an error is reported, later updates still run. */
  private u(): void {
    try {
      for (const [attribute, [name, options]] of (this.constructor as typeof LitElement).attrs()) {
        if (!options.reflect || !this.c.has(name)) continue;
        const value = (this as Record<string, unknown>)[name];
        if (options.type === Boolean) this.toggleAttribute(attribute, !!value);
        else if (value == null) this.removeAttribute(attribute);
        else this.setAttribute(attribute, value as string);
      }
      this.c.clear();
      this.isUpdatePending = false;
      if (this.shadowRoot) render(this.render(), this.shadowRoot, { host: this });
      this.updated();
    } catch (e) {
      this.isUpdatePending = false;
      logError('api', `<${this.localName}>: ${String(e)}`);
    }
  }

  protected render(): unknown {
    return undefined;
  }

  protected updated(): void { /* for subclasses */ }
}
