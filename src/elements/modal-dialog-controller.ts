import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { logError } from '../shared/log.js';

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

/**
 * Focus into a dialog just opened: its first enabled input when that is in view as it opens, else its title
 * (`h2`, `tabindex="-1"`), so that it opens at its top. At 320 x 568 in English the first switch was 216 px
 * down: focusing it scrolled the title and the × out of view (touch probe F3). WAI-ARIA APG's dialog pattern
 * advises a static element at the top in that case. In view: focusing it scrolls nothing (the dialog's
 * scroll-padding keeps what takes focus above its sticky buttons, styles.ts).
 */
function focusIn(dialog: HTMLDialogElement): void {
  const input = dialog.querySelector<HTMLElement>('input:enabled');
  input?.focus();
  if (dialog.scrollTop || !input) {
    dialog.scrollTop = 0;
    dialog.querySelector('h2')?.focus();
  }
}

/**
 * A modal `<dialog>` of the host's shadow root: opened with focus on its first enabled input (or its title, see
 * focusIn), Tab and Shift+Tab wrapping inside it, and on close focus back where it came from (the
 * opener, else `fallback()`). The host renders the dialog; `open` is whether it wants it open.
 */
export class ModalDialogController implements ReactiveController {
  /** The host wants the dialog open (its content rendered). */
  open = false;
  /** Where focus goes back to on close. */
  opener: HTMLElement | undefined;
  /** Whether a click began in the dialog since it opened (see onClick). */
  private _clicked = false;
  private readonly _host: ReactiveControllerHost & HTMLElement;
  private readonly _fallback: () => HTMLElement | null | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, fallback: () => HTMLElement | null | undefined) {
    this._host = host;
    this._fallback = fallback;
    host.addController(this);
  }

  get dialog(): HTMLDialogElement | null | undefined {
    return this._host.shadowRoot?.querySelector('dialog');
  }

  /** Opens it (once rendered) and moves focus in; `prepare` runs first, when it was closed. */
  async show(prepare: () => void): Promise<void> {
    if (!this.open) {
      this.opener = deepActiveElement();
      prepare();
      this.open = true;
      this._host.requestUpdate();
    }
    await this._host.updateComplete;
    const dialog = this.dialog;
    // not rendered yet (the host waits for its language): shown once it is (hostUpdated)
    this._unrendered = !dialog;
    try {
      if (dialog && !dialog.open) {
        this._clicked = false;
        dialog.showModal();
        addEventListener('click', this._keepClicks, true);
        // a page that hides the element (an ad blocker's "##migu-consent") hides the dialog too, and its
        // modality would lock the page behind something nobody sees
        if (dialog.getClientRects().length) {
          this._fitFooter(dialog);
          focusIn(dialog);
        } else {
          dialog.close();
          logError('api', 'showPreferences(): <migu-consent> is hidden by the page');
        }
      }
    } catch (e) {
      logError('api', `showPreferences(): ${String(e)}`);
    }
  }

  /**
   * The buttons (`.ft`) stick to the dialog's bottom (styles.ts) while they take at most a third of it, and
   * the dialog scrolls what takes focus above them by their height (WCAG 2.4.11). Long labels on a phone
   * (85 characters at 320 x 568) made them taller than the dialog: they covered every switch. Then they scroll
   * with the rest. Followed as either changes size (a rotation, a language switch).
   */
  private _fitFooter(dialog: HTMLDialogElement): void {
    const footer = dialog.querySelector<HTMLElement>('.ft');
    if (!footer) return;
    this._resized?.disconnect();
    const observer = (this._resized = new ResizeObserver(() => {
      const fits = footer.offsetHeight * 3 <= dialog.clientHeight;
      footer.style.position = fits ? '' : 'static';
      dialog.style.scrollPaddingBottom = fits && getComputedStyle(footer).position === 'sticky' ? `${String(footer.offsetHeight + 16)}px` : '';
    }));
    observer.observe(dialog);
    observer.observe(footer);
  }

  private _resized: ResizeObserver | undefined;

  /** Closed by a button, a decision or Escape: focus goes back where it came from. */
  close(): void {
    this._resized?.disconnect();
    removeEventListener('click', this._keepClicks, true);
    if (!this.open) return;
    const opener = this.opener;
    this.opener = undefined;
    this.open = false;
    this.dialog?.close();
    this._host.requestUpdate();
    void this._host.updateComplete.then(() => {
      const back = opener?.isConnected ? opener : this._fallback();
      back?.focus();
    });
  }

  /**
   * A click in the dialog stays in it: the page's listeners (an analytics SDK's autocapture: Sensors listens in
   * the capture phase, before the button decides) heard the click that withdrew their consent, and sent it, with
   * `<migu-consent>`'s text (leftover probe F5). Taken first, at the window. A button's is given again to the same
   * button, not composed, so that it does not leave the shadow root. A switch's (or its label's) is only stopped:
   * the browser toggled it before the click was dispatched and fires `change` after, whatever its propagation,
   * so the double-tap check (onClick) is made here. A link's is left as it is: a page's router may take it.
   */
  private readonly _keepClicks = (e: MouseEvent): void => {
    const target = e.composedPath()[0];
    if (!(target instanceof Element) || !this.dialog?.contains(target) || target.closest('a')) return;
    e.stopImmediatePropagation();
    // the count is what onClick reads; the dialog's buttons read nothing else of it
    if (target instanceof HTMLButtonElement) target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail: e.detail }));
    else this.onClick.handleEvent(e);
  };

  /** The native close (Escape); a close event that arrives after a re-open is stale. */
  readonly onClose = (): void => {
    if (!this.dialog?.open) this.close();
  };

  /**
   * The dialog opens under the finger (the banner's "customize" and the re-open button are at the bottom, and so
   * are "save" and the switches on a phone): the second tap of a double tap on the opener, or the second
   * click of a double click, lands on what is there now. Browsers count it with the first (`detail` 2), so
   * such a click, until one begins in the dialog, is stopped: it would save, or move a switch, unseen.
   */
  readonly onClick = {
    capture: true,
    handleEvent: (e: MouseEvent): void => {
      if (e.detail > 1 && !this._clicked) {
        e.preventDefault(); // a switch stays as it was
        e.stopPropagation();
      } else {
        this._clicked = true;
      }
    },
  };

  /** Tab and Shift+Tab wrap inside the dialog (the modal dialog already makes the page inert). */
  readonly onKeydown = (e: KeyboardEvent): void => {
    // WebKitGTK reports Shift+Tab as key "Unidentified" (code "Tab")
    const dialog = this.dialog;
    if ((e.key !== 'Tab' && e.code !== 'Tab') || !dialog) return;
    const items = [...dialog.querySelectorAll<HTMLElement>('button:enabled,input:enabled,a[href],summary')];
    const first = items[0];
    const last = items[items.length - 1];
    const active = this._host.shadowRoot?.activeElement;
    // Shift+Tab from the title (focusIn) wraps too: before it, nothing in the page can take focus
    if (e.shiftKey ? active === first || !items.includes(active as HTMLElement) : active === last) {
      e.preventDefault();
      (e.shiftKey ? last : first)?.focus();
    }
  };

  private _unrendered = false;

  hostConnected(): void { /* nothing until shown */ }

  hostUpdated(): void {
    if (this._unrendered && this.open && this.dialog) void this.show(() => {});
  }

  hostDisconnected(): void {
    removeEventListener('click', this._keepClicks, true);
  }
}
