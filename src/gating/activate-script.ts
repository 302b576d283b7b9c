import { logError } from '../runtime/log.js';
import { trustedScript, trustedScriptURL } from '../runtime/trusted-types.js';
import { STATE } from './scan.js';
import { gatedUrl } from './url.js';

// captured while the script-tag build runs: the nonce the page gave us
const ownNonce = (globalThis.document?.currentScript as HTMLScriptElement | null | undefined)?.nonce;

/**
 * Runs gated `<script type="text/plain">` elements: each once, in the order given,
 * an external one (without `async`) holding back the next until it loads or fails.
 * Each becomes a new script (attributes copied but `type`/`data-type`, the page's
 * nonce carried over) that replaces it; `data-type="module"` runs as a module.
 */
export class ScriptQueue {
  /** The scripts that ran: when one of them is no longer allowed, the page reloads. */
  readonly ran: HTMLScriptElement[] = [];
  private queue: HTMLScriptElement[] = [];
  private head = 0;
  private busy = false;
  private nonce: string | undefined;
  private readonly seen = new WeakSet<Element>();
  private readonly allowed: (el: Element) => boolean;

  constructor(allowed: (el: Element) => boolean) {
    this.allowed = allowed;
  }

  add(scripts: HTMLScriptElement[]): void {
    for (const s of scripts) {
      if (!this.seen.has(s)) {
        this.seen.add(s);
        this.queue.push(s);
      }
    }
    this.next();
  }

  /** Drops what waits (teardown). */
  clear(): void {
    this.queue = [];
    this.head = 0;
  }

  private next(): void {
    while (!this.busy && this.head < this.queue.length) {
      const original = this.queue[this.head++];
      // withdrawn or removed meanwhile: forgotten, so that a later grant or insertion queues it again
      if (original.isConnected && this.allowed(original)) this.run(original);
      else this.seen.delete(original);
    }
    if (this.head === this.queue.length) this.clear();
  }

  private run(original: HTMLScriptElement): void {
    const src = original.getAttribute('src');
    const url = src === null ? undefined : gatedUrl(src, original);
    if (src !== null && !url) {
      original.setAttribute(STATE, 'refused');
      this.seen.delete(original); // tried again if its src is corrected
      return;
    }
    original.setAttribute(STATE, 'activated');
    try {
      const script = document.createElement('script');
      for (const { name, value } of original.attributes) {
        if (name !== 'type' && name !== 'data-type' && name !== 'src') script.setAttribute(name, value);
      }
      if (original.getAttribute('data-type') === 'module') script.type = 'module';
      // looked up once: a query of the whole page per script would make a batch quadratic
      this.nonce ??= ownNonce || document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || '';
      script.nonce = original.nonce || this.nonce;
      if (url) {
        script.src = trustedScriptURL(url);
        if (!original.hasAttribute('async')) {
          this.busy = true;
          const done = (): void => {
            this.busy = false;
            this.next();
          };
          script.addEventListener('load', done);
          script.addEventListener('error', done);
        }
      } else {
        script.text = trustedScript(original.text);
      }
      this.ran.push(script);
      original.replaceWith(script);
    } catch (e) {
      this.busy = false;
      logError('gating', `a gated script could not run: ${String(e)}`);
    }
  }
}
