// Export formats: NDJSON (one stored receipt per line, the client's fields plus storedAt) and CSV
// (one row per receipt, categories and services as space-separated granted/denied lists). A receipt sent without
// `action` (optional: CONTRACT.md's receipt has none) is exported as received: no key in NDJSON, an empty CSV cell.

/** @typedef {import('./index.mjs').StoredReceipt} StoredReceipt */

export const FORMATS = ['ndjson', 'csv'];

const CSV_COLUMNS = ['storedAt', 'receiptId', 'consentId', 'revision', 'timestamp', 'action', 'source',
  'categoriesGranted', 'categoriesDenied', 'servicesGranted', 'servicesDenied', 'dnt', 'gpc', 'page'];

/** @param {string} format @returns {string} the content type */
export const contentType = (format) => (format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');

/** @param {string} format @returns {string} what comes before the first receipt */
export const header = (format) => (format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '');

/**
 * One receipt as a line of the format.
 * @param {StoredReceipt} r
 * @param {string} format
 */
export function line(r, format) {
  // JSON.stringify leaves U+0085 and U+2028/U+2029 raw in strings: readers that split lines on them too (Python's
  // str.splitlines(), some log shippers) would cut a receipt in two. Escaped, every line is one receipt. (A receipt
  // cannot carry U+0085, but one stored before it was refused, or by another writer, can.)
  if (format !== 'csv') return `${JSON.stringify(r).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
  const on = (/** @type {Record<string, boolean>} */ map, /** @type {boolean} */ value) =>
    Object.keys(map).filter((k) => map[k] === value).join(' ');
  const row = {
    ...r,
    categoriesGranted: on(r.categories, true), categoriesDenied: on(r.categories, false),
    servicesGranted: on(r.services, true), servicesDenied: on(r.services, false),
    dnt: String(r.signals.dnt), gpc: String(r.signals.gpc),
  };
  return `${CSV_COLUMNS.map((c) => cell(/** @type {Record<string, unknown>} */ (row)[c])).join(',')}\r\n`;
}

/**
 * A cell a spreadsheet takes as a formula (OWASP, CSV injection): one that starts with = + - @ or | (a DDE
 * call), their full-width forms, or a tab, CR or LF; spreadsheets also skip leading spaces before a formula.
 */
const FORMULA = /^(?:[\s\0]*[=+\-@|\uff1d\uff0b\uff0d\uff20\uff5c]|[\t\r\n\0])/;

/** RFC 4180 quoting; a cell that starts like a formula gets a leading ' so that a spreadsheet shows text, never runs it. @param {unknown} value */
function cell(value) {
  let text = String(value ?? '');
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
