// `migu-consent/server`, withdrawal's server side: cookies page script cannot delete (HttpOnly ones,
// REQUIREMENTS 17) are deleted by the site's server on the next request, from the consent cookie the
// browser sends with it. The decision is the browser's own code (the built package's core: config,
// record, policy and the sweep's rule), so the server deletes exactly what the page's sweep would, and
// a change there cannot leave the two apart.
import { resolveConfig } from '../../dist/core/config.js';
import { decodeRecord } from '../../dist/core/record.js';
import { evaluate, isGranted } from '../../dist/core/policy.js';
import { notGrantedName } from '../../dist/storage/cookie-cleaner.js';
import { newestCopy } from '../../dist/storage/cookie-read.js';

const COOKIE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Each cookie of a `Cookie` header as [name, value], in order, decoded as js-cookie decodes them. */
function* cookiePairs(header) {
  for (const pair of String(header ?? '').split(/;\s*/)) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      const name = decodeURIComponent(pair.slice(0, at).trim());
      let value = pair.slice(at + 1).trim();
      if (value[0] === '"') value = value.slice(1, -1);
      yield [name, value.replace(/(%[\dA-F]{2})+/gi, decodeURIComponent)];
    } catch {
      /* as js-cookie: a name or value that does not decode is skipped */
    }
  }
}

/** The cookies of a `Cookie` header, decoded as js-cookie decodes them (the first of a name wins). */
export function parseCookieHeader(header) {
  const cookies = new Map();
  for (const [name, value] of cookiePairs(header)) if (!cookies.has(name)) cookies.set(name, value);
  return cookies;
}

/**
 * The consent record of a `Cookie` header as the page reads it (storage/cookie-read.ts
 * readRecordCookie): of several copies, the newest decision (newestCopy).
 * @param {string | undefined} header @param {string} name @param {number} now
 */
function consentRecord(header, name, now) {
  const copies = [...cookiePairs(header)].filter(([found]) => found === name).map(([, value]) => value);
  return decodeRecord(newestCopy(copies, now));
}

/**
 * A request header, from a Fetch `Headers` or a plain object. Header names are case-insensitive: a
 * plain object not from Node (a serverless event, one built by hand) may hold `Cookie` or `DNT`, and
 * missing it would read a visitor's choice as none. Several `Cookie` fields are one list (RFC 9113 8.2.3).
 */
const headerOf = (headers, name) => {
  let value;
  if (typeof headers?.get === 'function') value = headers.get(name);
  else if (headers && typeof headers === 'object') {
    value = headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  }
  return Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value ?? undefined;
};

/**
 * What a request's consent cookie allows, for a server: `check(headers)` answers with the consent
 * state the page would have and the names of the request's cookies that services not granted
 * declare; `clear(req, res)` adds a `Set-Cookie` that deletes each of them to the response. Throws
 * a TypeError now, naming the problem, for a config or an option the page would not accept.
 */
export function withdrawnCookies(options) {
  const { config: input, cookieName = 'migu_consent', revision: revisionAsGiven = '1', expiresDays = 365, dnt = 'respect', minor = false, domain, path = '/', now = Date.now } = options ?? {};
  // without the page's config nothing is declared, so nothing would ever be deleted: a mistake, not a setting
  if (input === undefined || input === null) throw new TypeError('withdrawnCookies: config is required (the config of the page\'s <migu-consent>)');
  let configInput = input;
  if (typeof input === 'string') {
    try {
      configInput = JSON.parse(input);
    } catch (e) {
      throw new TypeError(`withdrawnCookies: config is not JSON: ${/** @type {Error} */ (e).message}`);
    }
  }
  const { config, errors } = resolveConfig(configInput);
  if (errors.length) throw new TypeError(`withdrawnCookies: the config has errors (the page would use the defaults): ${errors.join('; ')}`);
  if (!COOKIE_NAME.test(cookieName)) throw new TypeError(`withdrawnCookies: ${JSON.stringify(cookieName)} is not a plain cookie name`);
  // as the page reads its attribute (runtime/options.ts): around it, white space is not part of it
  const revision = typeof revisionAsGiven === 'string' ? revisionAsGiven.trim() : revisionAsGiven;
  if (typeof revision !== 'string' || !revision || revision.length > 200) throw new TypeError('withdrawnCookies: revision must be 1 to 200 characters');
  if (!(expiresDays > 0 && expiresDays <= 3650)) throw new TypeError('withdrawnCookies: expiresDays must be above 0 and at most 3650 (days; fractions count)');
  if (dnt !== 'respect' && dnt !== 'ignore') throw new TypeError('withdrawnCookies: dnt must be "respect" or "ignore"');
  if (domain !== undefined && !/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(domain)) throw new TypeError(`withdrawnCookies: ${JSON.stringify(domain)} is not a domain`);
  if (typeof path !== 'string' || path[0] !== '/' || /[;\s]/.test(path)) throw new TypeError(`withdrawnCookies: ${JSON.stringify(path)} is not a cookie path`);
  // as the page's sweep: our own cookie is never taken by a broad pattern
  const own = [new RegExp(`^(${cookieName}|migu-consent)`)];
  const policy = { revision, expiresDays, dnt, minor };

  const check = (headers) => {
    const header = headerOf(headers, 'cookie');
    // the signals a browser sends as headers (REQUIREMENTS 1, 4): what the page reads from navigator
    const signals = { dnt: headerOf(headers, 'dnt') === '1', gpc: headerOf(headers, 'sec-gpc') === '1' };
    const at = now();
    const { state } = evaluate(config, consentRecord(header, cookieName, at), signals, policy, at);
    const granted = (s) => isGranted(state, s.category, s.id);
    // the names as the browser sent them, which the deletions must repeat to the letter: decoded
    // and encoded again, "%" (no valid escape) was skipped and "a%2fb" became another cookie's name
    const names = [];
    for (const pair of String(header ?? '').split(/;\s*/)) {
      const name = pair.slice(0, Math.max(0, pair.indexOf('='))).trim();
      if (name && !names.includes(name) && notGrantedName(config, granted, 'cookies', name, own)) names.push(name);
    }
    return { state, names };
  };

  const deletion = (name) => {
    const base = `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    // a __Host- cookie has no Domain and the path /; a __Secure- or __Host- one is deleted over https only
    if (name.startsWith('__Host-')) return [`${base}; Path=/; Secure`];
    const secure = name.startsWith('__Secure-') ? '; Secure' : '';
    return [`${base}; Path=${path}${secure}`, ...(domain ? [`${base}; Path=${path}; Domain=${domain}${secure}`] : [])];
  };

  const clear = (req, res) => {
    const { names } = check(req.headers);
    if (names.length) {
      const previous = res.getHeader('set-cookie');
      res.setHeader('set-cookie', [...(previous === undefined ? [] : [previous].flat().map(String)), ...names.flatMap(deletion)]);
    }
    return names;
  };

  return { check, clear };
}
