/**
 * Tells the other tabs of this origin that the choice changed, so they apply it
 * without a reload. BroadcastChannel where there is one (works on http too),
 * else the `storage` event of a localStorage key. Never throws.
 */
export class TabSync {
  private channel: BroadcastChannel | undefined;
  private readonly key: string;
  private readonly onMessage: () => void;
  private readonly onStorage = (e: StorageEvent): void => {
    if (e.key === this.key) this.onMessage();
  };

  constructor(name: string, onMessage: () => void) {
    this.key = `migu-consent-sync:${name}`;
    this.onMessage = onMessage;
    try {
      this.channel = new BroadcastChannel(this.key);
      this.channel.onmessage = () => { this.onMessage(); };
    } catch {
      addEventListener('storage', this.onStorage);
    }
  }

  /** Announce a change made in this tab. */
  notify(): void {
    try {
      if (this.channel) this.channel.postMessage(1);
      else localStorage.setItem(this.key, String(Date.now()));
    } catch {
      /* storage blocked: other tabs catch up on their next load or focus */
    }
  }

  close(): void {
    this.channel?.close();
    removeEventListener('storage', this.onStorage);
  }
}
