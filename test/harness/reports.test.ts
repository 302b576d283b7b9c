// The test runner itself: what a test page sends must reach the runner, or a whole file stalls
// with no word on which test failed (scripts/clone-safe-reports.mjs).
import { expect } from '@open-wc/testing';

/** The dev server's module every test page reports through: the same instance the page uses. */
const socketModule = '/__web-dev-server__web-socket.js';

describe('test reports', () => {
  it('a failed assertion on DOM nodes is sent as a report, the nodes as their start tags', async () => {
    const { stable } = (await import(socketModule)) as { stable: (message: unknown) => string };
    const link = Object.assign(document.createElement('a'), { href: '#two' });
    let failure: { message: string; actual: unknown; expected: unknown } | undefined;
    try {
      expect(document.body).to.equal(link);
    } catch (error) {
      failure = error as typeof failure;
    }
    const { message, actual, expected } = failure!;
    expect(actual, 'chai keeps the node').to.equal(document.body);
    const sent = JSON.parse(stable({ type: 'wtr-session-finished', result: { errors: [{ message, actual, expected }] } })) as unknown;
    expect(sent).to.deep.equal({
      type: 'wtr-session-finished',
      result: { errors: [{ message, actual: '<body>', expected: '<a href="#two">' }] },
    });
  });
});
