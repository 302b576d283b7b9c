// Session replays and autocapture record what a page shows and what its visitor does. The preferences
// dialog decides those tools' own consent, and the visitor's choice goes to the receipt endpoint, not to an
// analytics vendor: they carry the vendors' block markers inside the shadow root (leftover probe F4), where
// rrweb's blocking looks. Recorded here with rrweb itself, the recorder PostHog's and Amplitude's replays build on.
import { expect, waitUntil } from '@open-wc/testing';
import { record } from 'rrweb';
import { mount } from '../elements/helpers.js';

describe('session replay (rrweb)', () => {
  it('records nothing of the preferences dialog: no text, no switch moved; the page around it is recorded', async () => {
    const events: unknown[] = [];
    const page = document.createElement('p');
    page.textContent = 'the page itself';
    document.body.append(page);
    const stop = record({ emit: (event) => { events.push(event); } });
    try {
      const { el, $ } = await mount();
      // a choice is made (a replay runs only with one): the dialog is opened to change it
      el.runtime!.store.acceptAll();
      await el.updateComplete;
      events.length = 0;
      page.textContent = 'the page goes on';
      await el.showPreferences();
      await el.updateComplete;
      const dialog = $<HTMLDialogElement>('[part="preferences"]');
      const input = dialog.querySelector<HTMLInputElement>('input[name="analytics"]')!;
      input.click();
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      // rrweb emits in order, mutations batched: once this one is out, what came before is too
      page.textContent = 'the page after the click';
      await waitUntil(() => JSON.stringify(events).includes('the page after the click'), 'the page is recorded (else this test proves nothing)');
      const recorded = JSON.stringify(events);
      for (const text of ['保存设置', '全部拒绝', dialog.querySelector('h2')?.textContent ?? 'no heading']) {
        expect(recorded.includes(text), `"${text}" recorded`).to.equal(false);
      }
      // rrweb's input events (source 5) of the switch: none
      expect(events.filter((e) => (e as { data?: { source?: number } }).data?.source === 5)).to.deep.equal([]);
    } finally {
      stop?.();
      page.remove();
    }
  });
});
