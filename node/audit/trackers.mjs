// Tracker lists for `--list FILE`: filter lists in EasyPrivacy (Adblock Plus) syntax, parsed and
// matched by @ghostery/adblocker, an optional peer dependency imported only when a list is given.
// No list is shipped: EasyPrivacy is GPLv3 / CC BY-SA 3.0, which an MIT package cannot bundle.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importOptional } from '../optional.mjs';

/** A list that cannot be used; its message is for the terminal (a usage error). */
export class ListError extends Error {}

/**
 * Reads and parses each list (network filters only: cosmetic rules hide elements, they do not
 * say anything about requests). Each list keeps its own engine, so a match names its list.
 * @param {string[]} files
 * @returns {Promise<{ file: string, name: string, filters: number, engine: any }[] & { Request?: any }>}
 */
export async function loadLists(files) {
  if (files.length === 0) return [];
  const { FiltersEngine, Request } = await importOptional('@ghostery/adblocker', 'migu-consent audit --list');
  /** @type {{ file: string, name: string, filters: number, engine: any }[] & { Request?: any }} */
  const lists = [];
  for (const file of files) {
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (/** @type {any} */ error) {
      throw new ListError(`--list ${file}: cannot read it (${error.code ?? error.message})`);
    }
    // debug keeps each filter's own line, which the report quotes
    const engine = FiltersEngine.parse(text, { loadCosmeticFilters: false, loadNetworkFilters: true, debug: true });
    const filters = engine.getFilters().networkFilters.length;
    if (filters === 0) throw new ListError(`--list ${file}: no network filter in it (is it an EasyPrivacy-format list, "||host^" lines?)`);
    lists.push({ file, name: basename(file), filters, engine });
  }
  lists.Request = Request;
  return lists;
}

/** Playwright's resource type (and the audit's kind) as the type a filter's `$script`, `$image`, `$ping`… options test. */
export function requestType(r) {
  if (r.kind === 'beacon' || r.kind === 'a-ping') return 'ping';
  if (r.type === 'document') return 'sub_frame'; // the audited page's own document is not matched
  return r.type || 'other';
}

/**
 * A matcher over the lists: the first list whose filters block a request (and no exception of the
 * same list allows it) gives `{ list, filter }`; else undefined.
 * @param {Awaited<ReturnType<typeof loadLists>>} lists
 * @returns {(url: string, type: string, sourceUrl: string) => { list: string, filter: string } | undefined}
 */
export function trackerMatcher(lists) {
  if (!lists.length) return () => undefined;
  const { Request } = lists;
  return (url, type, sourceUrl) => {
    if (!/^(https?|wss?):/.test(url)) return undefined; // ws(s): lists block sockets too ($websocket)
    const request = Request.fromRawDetails({ url, type, sourceUrl });
    for (const list of lists) {
      let result;
      try {
        result = list.engine.match(request);
      } catch {
        continue; // a filter the engine chokes on says nothing about this request
      }
      if (result.match && result.filter) return { list: list.name, filter: result.filter.rawLine ?? result.filter.toString() };
    }
    return undefined;
  };
}
