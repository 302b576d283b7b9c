// A node:http server around the handler: what `migu-consent receipts serve` and the demo run.
import { createServer } from 'node:http';
import { createReceiptsHandler } from './handler.mjs';
import { checkRetentionDays, DEFAULT_RETENTION_DAYS, openStore } from './store.mjs';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** close(): how long requests under way may take to finish before their connections are cut. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Opens the store, listens, creates the monthly partitions ahead every hour and runs the
 * retention purge at start and every day.
 * @param {import('./index.mjs').CollectorOptions} options
 * @returns {Promise<import('./index.mjs').Collector>}
 */
export async function startCollector(options) {
  const { port = 8787, host = '127.0.0.1', retentionDays = DEFAULT_RETENTION_DAYS, log = () => {} } = options;
  checkRetentionDays(retentionDays); // before the database is opened and locked
  const store = options.store ?? await openStore(options);
  const handler = createReceiptsHandler({ ...options, store, retentionDays, log });
  /** @type {Set<Promise<unknown>>} requests being handled: close() waits for them before it closes the store */
  const inflight = new Set();
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    const handling = handler(req, res);
    inflight.add(handling);
    void handling.finally(() => { inflight.delete(handling); });
  });
  server.maxHeadersCount = 50;
  /** @type {Promise<unknown>} */
  let chores = Promise.resolve();
  const chore = (/** @type {() => Promise<unknown>} */ fn) => {
    chores = chores.then(fn).catch((error) => { log(`error: ${error instanceof Error ? error.message : String(error)}`); });
  };
  const purge = () => {
    if (retentionDays > 0) {
      chore(async () => {
        const { before, clockAhead } = await store.retentionCutoff(retentionDays);
        if (clockAhead > 1) log(`retention: counted from the newest receipt, ${clockAhead} days before this host's clock (a clock that far ahead would purge receipts still within ${retentionDays} days)`);
        const { receipts } = await store.purge(before);
        if (receipts) log(`retention: purged ${receipts} receipts stored over ${retentionDays} days ago`);
      });
    }
  };
  purge();
  const timers = [
    setInterval(() => { chore(() => store.ensurePartitions()); }, HOUR),
    setInterval(purge, DAY),
  ];
  for (const t of timers) t.unref();
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => { server.off('error', reject); resolve(undefined); });
    });
  } catch (error) {
    // a port in use, a host that does not resolve: nothing may stay open behind the error, or the
    // process lives on holding the store (and a PGlite folder's lock)
    for (const t of timers) clearInterval(t);
    handler.close();
    await chores;
    if (!options.store) await store.close();
    throw error;
  }
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing;
  return {
    server,
    store,
    handler,
    url: `http://${shown}:${address.port}`,
    close() {
      closing ??= (async () => {
        for (const t of timers) clearInterval(t);
        handler.close();
        // an admin export to a client that stopped reading held its connection, and so the process after
        // SIGTERM, for ever: after a grace, the connections still open are cut
        const cut = setTimeout(() => { server.closeAllConnections(); }, CLOSE_GRACE_MS);
        await new Promise((resolve) => {
          server.close(resolve);
          server.closeIdleConnections();
        });
        clearTimeout(cut);
        await Promise.allSettled(inflight); // a receipt being written is written before the store closes
        await chores;
        if (!options.store) await store.close();
      })();
      return closing;
    },
  };
}
