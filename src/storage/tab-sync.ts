/**
 * Tells the other tabs of this origin that the choice changed, so they apply it
 * without a reload. BroadcastChannel where there is one (works on http too),
 * else the `storage` event of a localStorage key. Never throws. A message carries the record the
 * other tab stored: this tab's `document.cookie` may not show it yet when the message comes
 * (Chromium passes cookie changes to other renderers apart), and read then, a choice or a reset()
 * went unheard until the tab was shown again.
 */
export class TabSync {
  private _channel: BroadcastChannel | undefined;
  private readonly _key: string;
  private readonly _onMessage: (record?: string) => void;
  private readonly _onStorage = (e: StorageEvent): void => {
    if (e.key === this._key) this._onMessage();
  };

  constructor(name: string, onMessage: (record?: string) => void) {
    this._key = `migu-consent-sync:${name}`;
    this._onMessage = onMessage;
    try {
      this._channel = new BroadcastChannel(this._key);
      this._channel.onmessage = ({ data }) => { this._onMessage(typeof data == 'string' ? data : undefined); };
    } catch {
      addEventListener('storage', this._onStorage);
    }
  }

  /** Announce a change made in this tab: `record`, the consent record it stored ('' for none; undefined: read it). */
  notify(record: string | undefined): void {
    try {
      if (this._channel) this._channel.postMessage(record);
      else localStorage.setItem(this._key, String(Date.now()));
    } catch {
      /* storage blocked: other tabs catch up on their next load or focus */
    }
  }

  close(): void {
    // only a page has a global removeEventListener (Node has BroadcastChannel, and no window)
    if (this._channel) this._channel.close();
    else removeEventListener('storage', this._onStorage);
  }
}
