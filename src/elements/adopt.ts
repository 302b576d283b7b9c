// The UI's side of elements/stub.ts: its Lit class becomes the class of a tag the first stage defined.
import { logError } from '../shared/log.js';
import type { StubClass } from './stub.js';
import { STUB } from './stub.js';

/**
 * Makes `Ui` the class of `tag`, which the script build's first stage defined with a stub (elements/stub.ts):
 * sets `Ui` under the stub, so that the elements made from now on are made as `Ui`'s, and gives the ones made
 * before what an upgrade gives: `Ui`'s constructor run on the element, its observed attributes, then
 * `connectedCallback` when it is in a document. Nothing when another copy defined `tag` with a class of its own.
 */
export function adopt(tag: string, Ui: CustomElementConstructor & { observedAttributes?: string[] }): void {
  const stub = customElements.get(tag) as StubClass | undefined;
  const made = stub?.[STUB];
  if (!stub || !made) return;
  stub[STUB] = undefined;
  // read before the stub inherits from it: Lit prepares the class (its properties, styles) here
  const observed = Ui.observedAttributes ?? [];
  Object.setPrototypeOf(stub, Ui);
  Object.setPrototypeOf(stub.prototype, Ui.prototype as object);
  // The class of Ui's chain whose `super()` is HTMLElement's: while an element is adopted, its super() is a
  // function that returns that element, so that every constructor above it runs with the element as `this`
  // (a constructor that returns an object makes it the derived constructors' `this`, by the language's rules).
  let root = Ui as object;
  while (Object.getPrototypeOf(root) !== HTMLElement) root = Object.getPrototypeOf(root) as object;
  for (const ref of made) {
    const element = ref.deref();
    if (!element) continue; // made, dropped and collected
    try {
      Object.setPrototypeOf(root, function adopted() { return element; });
      try {
        Reflect.construct(Ui, [], stub);
      } finally {
        Object.setPrototypeOf(root, HTMLElement);
      }
      const callbacks = element as HTMLElement & { attributeChangedCallback(n: string, o: null, v: string | null): void; connectedCallback(): void };
      for (const name of observed) {
        if (element.hasAttribute(name)) callbacks.attributeChangedCallback(name, null, element.getAttribute(name));
      }
      if (element.isConnected) callbacks.connectedCallback();
    } catch (e) {
      logError('api', `<${tag}> could not start: ${String(e)}`);
    }
  }
}
