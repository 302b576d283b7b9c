// The script build registers the elements as its first file runs (CONTRACT: migu-consent.iife.js
// "registers the elements"), but their Lit classes come with the UI file, and only when the UI is
// needed. So the first stage defines each tag with a class of no behaviour of its own, which the UI
// adopts (elements/adopt.ts): the elements made before it get its constructor and callbacks then, those
// made after it are made as its own. `customElements.whenDefined()` resolves at once, `:defined` holds,
// and a page's reference to the element stays the element.

/** The stub's own static: the elements made before the UI adopted it; none once it has. */
export const STUB = Symbol.for('migu-consent.stub');

type Callbacks = {
  connectedCallback?(): void;
  disconnectedCallback?(): void;
  attributeChangedCallback?(name: string, old: string | null, value: string | null): void;
};

/** A stub class: the elements it made, waiting for the UI's class. */
export type StubClass = CustomElementConstructor & { [STUB]?: WeakRef<HTMLElement>[] | undefined };

// `super.x` is looked up on the class's prototype at each call: HTMLElement's (none) until the UI's
// class is set under it, then that class's. The callbacks must be on the class as it is defined: the
// browser reads them once, at customElements.define().
const Base = HTMLElement as unknown as new () => HTMLElement & Callbacks;

/**
 * Defines `tag` (unless a copy of us or the npm build did) with a stub observing the space-separated `observed`
 * attributes; `connected` runs as one of its elements connects before the UI is there (a gate asks for the UI:
 * one in a shadow root, which no query of the document finds, stayed empty and 0 px high). Its elements have
 * `properties` until the UI comes (its class has its own).
 */
export function defineStub(tag: string, observed: string, connected?: () => void, properties?: PropertyDescriptorMap): void {
  if (customElements.get(tag)) return;
  const Stub = class extends Base {
    static observedAttributes = observed.split(' ');
    static [STUB]?: WeakRef<HTMLElement>[] | undefined = [];

    constructor() {
      super();
      // weakly: an element made and dropped (an app's view built off the document) goes, UI or not (registration probe F4)
      (this.constructor as StubClass)[STUB]?.push(new WeakRef(this));
    }

    override connectedCallback(): void {
      (super.connectedCallback ?? connected)?.call(this);
    }

    override disconnectedCallback(): void {
      super.disconnectedCallback?.();
    }

    override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
      super.attributeChangedCallback?.(name, old, value);
    }
  };
  // `properties` on a prototype between the stub's and HTMLElement's, which the adoption takes out of the chain
  if (properties) Object.setPrototypeOf(Stub.prototype, Object.create(HTMLElement.prototype, properties) as object);
  customElements.define(tag, Stub);
}

/**
 * `<migu-consent>`'s `config` property before the UI's class has it: React 19 and Vue set a property only where
 * the element has one, and wrote the object as an attribute (registration probe F2). A writable data property:
 * the value set is the element's own, as one set before an upgrade, which the first stage reads and Lit's class
 * takes up. (The options are strings or a flag: read as attributes.)
 */
export const CONSENT_PROPERTIES: PropertyDescriptorMap = { config: { writable: true } };

/** Whether `tag` has its UI: defined, and not by a stub still waiting for it. */
export function uiDefined(tag: string): boolean {
  const defined = customElements.get(tag) as StubClass | undefined;
  return !!defined && !defined[STUB];
}
