import type { Evaluation, PolicyOptions, PromptReason, Selection } from './policy.js';
import {
  acceptAllSelection, applyChoice, FUTURE_SKEW, diff, effective, evaluate, foreignSelection, isGranted, recordSelection, recordStatus,
  rejectAllSelection, selectionOf, signalActive, withSeparateRefusals,
} from './policy.js';
import type { ConsentRecord } from './record.js';
import { decodeRecord, encodeRecord, revisionTag } from './record.js';
import { guarded, policyOptions, resolvedConfig, storeOptions } from './options-check.js';
import { randomId } from './hash.js';
import { knownIds, unknownId } from './ids.js';
import type { NativeChoice } from './native.js';
import { nativeWins } from './native.js';
import type { ChangeDetail, Choice, ConsentState, ResolvedConfig, Signals } from './types.js';

/** Where the encoded record lives (a cookie, or memory when cookies are blocked). */
export interface RecordStorage {
  read(): string | undefined;
  write(value: string): void;
  clear(): void;
  /**
   * The longest value it keeps, when less than the record's 300 bytes: a cookie's 300 bytes count its
   * `name=` too (CookieRecordStorage).
   */
  readonly maxLength?: number | undefined;
}

/** A decision made on this page, or one taken from the native app that opened it or from a sibling site's link. */
export type DecisionCause = 'accept-all' | 'reject-all' | 'update' | 'reset' | 'app' | 'sibling';

/** What caused a change: a decision, a choice made in another tab, or a site config given after the start. */
export type ChangeCause = DecisionCause | 'sync' | 'config';

/** A decision made on this page: what gets a receipt and is told to the other tabs. */
export const isDecision = (cause: ChangeCause): cause is DecisionCause => cause !== 'sync' && cause !== 'config';

export interface StoreChange extends ChangeDetail {
  cause: ChangeCause;
  /** Where a decision was made when that was not this page (its receipt names it): {@link DecisionMade}. */
  page?: string;
  /**
   * The changes made before this one in the same {@link ConsentStore.batch}, oldest first: never in force, so
   * nothing acts on them, but each decision among them is one of the history (a receipt of its own).
   */
  superseded?: StoreChange[];
}

/**
 * When and where a decision was made, for one made before it could be applied: a click on the
 * script build's first banner, applied once the runtime is in, maybe on the next page.
 */
export interface DecisionMade {
  /** Epoch ms of the click; a time ahead of the store's clock, or a day or more behind it, counts as now. */
  at: number;
  /** The page's URL then. */
  page?: string;
}

export type StoreListener = (change: StoreChange) => void;

export interface StoreOptions extends PolicyOptions {
  config: ResolvedConfig;
  storage: RecordStorage;
  signals: Signals;
  /** The clock, injectable for expiry tests. */
  now?: () => number;
  /** Reports problems (unknown ids, a record too long to store) without throwing. */
  warn?: (message: string) => void;
}

/** What {@link ConsentStore.setPolicy} takes. */
export type PolicyKey = 'revision' | 'dnt' | 'expiresDays' | 'minor' | 'signals';
const POLICY_KEYS: PolicyKey[] = ['revision', 'dnt', 'expiresDays', 'minor', 'signals'];

/**
 * Holds the consent state and is the only writer of the consent record.
 * Everything else reads `get()` or subscribes; `subscribe` returns its unbind function.
 */
export class ConsentStore {
  private _config: ResolvedConfig;
  private _options: StoreOptions;
  private readonly _listeners = new Set<StoreListener>();
  private _record: ConsentRecord | undefined;
  private _evaluation: Evaluation;
  /** Changes waiting while listeners hear one (see _notify). */
  private _queue: StoreChange[] | undefined;
  /** Inside {@link ConsentStore.batch}: the changes made in it, not heard yet. */
  private _batched: StoreChange[] | undefined;

  constructor(options: StoreOptions) {
    this._options = options; // for _warn
    this._options = storeOptions(options, (m) => { this._warn(m); });
    this._config = this._options.config;
    this._record = decodeRecord(this._readStorage());
    this._evaluation = this._evaluate();
    // a choice dated more than a day ahead (made while the clock was that fast) is none (recordStatus), and
    // is forgotten: kept, it came back in force without a word once the clock caught up with its date. A refusal
    // dated ahead stands, dated now: it lasts expires-days from here, and a choice made after it is newer
    const { reason } = this._evaluation;
    const record = this._record;
    if (reason == 'no-choice' && record) this._forget();
    else if (reason == 'none' && record && record.updatedAt > this._now() + FUTURE_SKEW) {
      this._write(this._encode(this._record = { ...record, updatedAt: this._now() }));
      this._evaluation = this._evaluate();
    }
    guarded(this, (m) => { this._warn(m); });
  }

  get config(): ResolvedConfig {
    return this._config;
  }

  /**
   * Takes a site config given after the start (a framework setting the property late, a config
   * the page fetched): the stored choice is evaluated again under it and listeners hear of it
   * with cause `config`. Nothing is written; an equal config changes nothing.
   */
  reconfigure(config: ResolvedConfig): void {
    config = resolvedConfig(config, this._options);
    const text = (c: ResolvedConfig): string => JSON.stringify(c, (_, v: unknown) => (v instanceof RegExp ? String(v) : v));
    if (text(config) === text(this._config)) return;
    this._config = config;
    this._commit('config');
  }

  /**
   * Takes the options a choice is evaluated under, set after the start (the element's `revision`,
   * `expires-days`, `dnt`, `minor` or `server-signals` changed): the stored choice is evaluated again
   * under them and listeners hear of it with cause `config`, as of a config set later. Checked as at
   * the start; other keys are ignored. Nothing is written; unchanged options change nothing.
   */
  setPolicy(policy: Partial<Pick<StoreOptions, PolicyKey>>): void {
    const given: Partial<StoreOptions> = {};
    for (const key of POLICY_KEYS) if (policy[key] !== undefined) Object.assign(given, { [key]: policy[key] });
    const next = policyOptions({ ...this._options, ...given }, (m) => { this._warn(m); });
    const text = (o: StoreOptions): string => JSON.stringify([o.revision, o.dnt, o.expiresDays, o.minor === true, o.signals]);
    if (text(next) === text(this._options)) return;
    this._options = next;
    this._commit('config');
  }

  /** The current state; a fresh copy each call, so callers cannot change the store's. */
  get(): ConsentState {
    return structuredCloneState(this._evaluation.state);
  }

  /** Show the first-layer banner: no valid choice and no honoured signal. */
  get prompt(): boolean {
    return this._evaluation.prompt;
  }

  get reason(): PromptReason {
    return this._evaluation.reason;
  }

  get signals(): Signals {
    return { ...this._options.signals };
  }

  /**
   * The choice to show in the preferences: the current one, or after a revision
   * change or expiry the previous one, so that what was refused stays refused. Under a
   * signal, nothing granted: a switch on there is the user's opt-in over it, never one we ticked.
   */
  proposedSelection(): Selection {
    const state = this._evaluation.state;
    if (state.decided || state.source === 'signal' || !this._record) return this._currentSelection();
    return recordSelection(this.config, this._record);
  }

  isGranted(category: string, service?: string): boolean {
    return isGranted(this._evaluation.state, category, service);
  }

  /**
   * A page left open past expires-days: the choice lapses now, as the next page would find it (reason
   * `expired`, what was refused proposed refused), with a change that revokes it. Nothing before then.
   * The runtime calls it at the lapse (consent-runtime.ts); a store used on its own, from a timer of its own.
   */
  lapse(): void {
    if ((this.lapsesIn ?? 1) <= 0) this._commit('sync');
  }

  /** Milliseconds until the choice in force lapses (expires-days), undefined while none is in force. */
  get lapsesIn(): number | undefined {
    const record = this._record;
    // as recordStatus counts, to the next whole millisecond: (updatedAt + days) - now lost a fraction of days to
    // rounding (1.1 days), and the timer came a millisecond early, with a change that changed nothing
    return this._evaluation.state.decided && record ? Math.ceil(record.updatedAt - this._now() + this._options.expiresDays * 86_400_000) : undefined;
  }

  subscribe(listener: StoreListener): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** Resolves once the category (and service) is granted; at once when it already is. */
  whenGranted(category: string, service?: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.isGranted(category, service)) {
        resolve();
        return;
      }
      const unbind = this.subscribe(() => {
        if (this.isGranted(category, service)) {
          unbind();
          resolve();
        }
      });
    });
  }

  /** True when the host marked the user as under 14: grants need a guardian. */
  get minor(): boolean {
    return this._options.minor === true;
  }

  /** `made`: when and where, for a click applied later (the record and the receipt keep them). */
  acceptAll(made?: DecisionMade): ConsentState {
    if (this.minor) {
      this._warn('acceptAll() is not available for a user under 14: each grant needs a guardian (update with guardian confirmation)');
      return this.get();
    }
    return this._decide('accept-all', acceptAllSelection(this.config, this._currentSelection()), false, this._made(made));
  }

  /** `made`: as for {@link ConsentStore.acceptAll}. */
  rejectAll(made?: DecisionMade): ConsentState {
    return this._decide('reject-all', rejectAllSelection(this._currentSelection()), false, this._made(made));
  }

  /** A decision's time and page from `made`, when it is one: not ahead of the clock, not a day behind it. */
  private _made(made?: DecisionMade): { updatedAt: number; page?: string } {
    const now = this._now();
    const at = Number(made?.at);
    const page = made?.page;
    return { updatedAt: at <= now && at > now - 864e5 ? at : now, ...(typeof page == 'string' ? { page } : {}) };
  }

  /**
   * Category and service ids that `choice` would newly grant (what a guardian is asked to confirm).
   */
  grantsOf(choice: Choice): string[] {
    const { selection } = applyChoice(this.config, this._currentSelection(), choice);
    const next = effective(this.config, { ...selection, revision: '', consentId: '', updatedAt: 0 });
    return diff(this._evaluation.state, { ...this._evaluation.state, ...next }).granted;
  }

  /**
   * Applies `{ id: boolean }` for categories and services; entries it cannot apply are reported
   * (each with why) and skipped, and a choice with nothing to apply records nothing: a typo
   * must not answer for the user. For a user under 14, what a choice grants applies only with
   * `guardianConfirmed`; without it the rest of the choice (what it switches off) still applies.
   */
  update(choice: Choice, options?: { guardianConfirmed?: boolean }): ConsentState {
    // null or a non-object (a JS caller) is no options, not a TypeError; only true confirms
    const guardianConfirmed = (options as { guardianConfirmed?: unknown } | null | undefined)?.guardianConfirmed === true;
    const input: unknown = choice;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      this._warn(`update() expects an object like { analytics: true }, got ${input === null ? 'null' : typeof input}`);
      return this.get();
    }
    const { selection, ignored, applied } = applyChoice(this.config, this._currentSelection(), choice);
    if (ignored.length || !applied) {
      const why = ignored.map(({ id, reason }) => (reason === 'unknown' ? unknownId(id, this.config)
        : reason === 'necessary' ? '"necessary" cannot be changed' : `"${id}" is not a boolean`));
      this._warn(`update(): ${why.length ? `ignored: ${why.join('; ')}` : 'no category or service in it'}; known: ${knownIds(this.config)}${
        applied ? '' : '. Nothing changed, no choice recorded'}`);
      if (!applied) return this.get();
    }
    const grants = this.minor && !guardianConfirmed ? this.grantsOf(choice) : [];
    if (grants.length) {
      // revoking never waits for a guardian: what the choice switches off still applies
      const rest: Choice = {};
      for (const [id, on] of Object.entries(choice)) if (!grants.includes(id)) rest[id] = on;
      const applies = Object.keys(rest).length > 0 && !this.grantsOf(rest).length;
      this._warn(`update(): a user under 14 cannot grant without a guardian's confirmation (${grants.join(', ')}); ${applies ? 'the rest applied' : 'nothing changed'}`);
      return applies ? this.update(rest) : this.get();
    }
    return this._decide('update', selection, guardianConfirmed || (this._record?.guardian ?? false));
  }

  /**
   * Takes the choice of the native app that opened the page when it wins over the stored one
   * (`nativeWins()`): stored as the record, with the app's time, state source `app`, change
   * cause `app`. Returns whether it was taken.
   */
  adoptNative(native: NativeChoice): boolean {
    const record = this._evaluation.state.decided ? this._record : undefined;
    // an app clock ahead of the page's would make its choice look newer on every load
    const now = this._now();
    const updatedAt = Math.min(native.updatedAt, now);
    // a choice past expires-days is one the page asks again about: taken, it replaced a valid web
    // choice (authoritative) and sent a receipt of a decision that applies to nothing
    if (now - updatedAt >= this._options.expiresDays * 86_400_000) return false;
    if (!nativeWins({ ...native, updatedAt }, { revision: this._options.revision, stored: record?.updatedAt })) return false;
    const { selection } = applyChoice(this.config, rejectAllSelection(), native.choice);
    // an app clock still ahead: the choice taken on an earlier load (stored at that load's now) would
    // look newer again on each load, with a change and a receipt, its expiry moved on each time
    const text = (v: Selection & { guardian?: boolean }): string => JSON.stringify([v.categories, v.servicesOff, v.servicesOn, !!v.guardian]);
    if (native.updatedAt > now && record?.app && [withSeparateRefusals(this.config, selection), selection]
      .some((lists) => text(record) === text({ ...lists, guardian: native.guardian }))) return false;
    this._decide('app', selection, native.guardian, { updatedAt, app: true });
    return true;
  }

  /**
   * Takes a choice handed over by a sibling site's link (core/handoff.ts; the caller checked that
   * it is fresh, unused and, when it grants, came from a sibling): only for the page's revision,
   * only when newer than the stored choice. Stored with its decision time and guardian flag
   * (for a user under 14 grants count only with it, as for any record), state source
   * `sibling`, change cause `sibling`. Returns whether it was taken.
   */
  adoptSibling(handed: ConsentRecord): boolean {
    const now = this._now();
    const updatedAt = Math.min(handed.updatedAt, now);
    const stored = this._evaluation.state.decided && this._record ? this._record.updatedAt : -1;
    if (handed.revision !== revisionTag(this._options.revision) || updatedAt <= stored) return false;
    // past this site's expires-days (a sender that keeps choices longer): as for an app's (adoptNative)
    if (now - updatedAt >= this._options.expiresDays * 86_400_000) return false;
    // through the state: ids this site does not have are dropped, a service granted apart grants no category
    const selection = selectionOf(this.config, { ...this._evaluation.state, ...effective(this.config, handed) });
    this._decide('sibling', selection, handed.guardian, { updatedAt, sibling: true });
    return true;
  }

  /** Forgets the choice: the record is removed and the banner asks again. */
  reset(): ConsentState {
    this._forget();
    return this._commit('reset');
  }

  /** A record's text, as long as the storage keeps (undefined when it does not fit). */
  private _encode(record: ConsentRecord): string | undefined {
    return encodeRecord(record, this._options.storage.maxLength);
  }

  /** Stores a record's text; kept in memory when storage refuses it, as a decision is. */
  private _write(value: string | false | undefined): void {
    try {
      if (value) this._options.storage.write(value);
    } catch {
      /* as above */
    }
  }

  private _forget(): void {
    this._record = undefined;
    try {
      this._options.storage.clear();
    } catch {
      /* storage adapters do not throw; belt and braces for custom ones */
    }
  }

  /**
   * The consent record as stored ('' for none; undefined when it cannot be encoded): what another
   * tab's {@link ConsentStore.sync} takes.
   */
  recordText(): string | undefined {
    return this._record ? this._encode(this._record) : '';
  }

  /**
   * Re-reads the stored record (a choice made in another tab) and notifies when the state changed.
   * `sent`: what that tab stored ('' after its reset()), which this tab's storage may not show yet (the
   * message can come before the cookie: Chromium, Firefox). A record sent is taken only when its checksum
   * holds and it is newer than the one stored here; a reset only while the stored one is still the one this
   * tab had: an old or forged message undoes no later choice. Tabs deciding at the same moment each hear
   * the others: the newest choice wins in every tab (the same millisecond: the same one, by its text), and
   * is stored again when an older one was written over it (the cookie keeps the last write, not the newest).
   */
  sync(sent?: string): void {
    const stored = decodeRecord(this._readStorage());
    const heard = decodeRecord(sent);
    const own = this._record;
    const same = (a: ConsentRecord | undefined, b: ConsentRecord | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
    // a record dated more than a day ahead (a refusal this tab read before another tab dated it now) is the oldest
    const at = (r: ConsentRecord): number => (r.updatedAt > this._now() + FUTURE_SKEW ? -1 : r.updatedAt);
    const newer = (a: ConsentRecord | undefined, b: ConsentRecord | undefined): boolean => !!a && (!b || at(a) > at(b)
      || (at(a) === at(b) && (this._encode(a) ?? '') > (this._encode(b) ?? '')));
    let record = newer(heard, stored) ? heard : sent === '' && same(stored, own) ? undefined : stored;
    if (record && stored && newer(own, record)) record = own;
    this._write(record && stored && !same(record, stored) && this._encode(record));
    if (same(record, own)) return;
    this._record = record;
    this._commit('sync');
  }

  private _currentSelection(): Selection {
    const state = this._evaluation.state;
    // a choice a signal suspends keeps its refusals too: a service switched off then stays off when its category is granted over the signal
    return selectionOf(this.config, state, state.decided || state.source === 'signal' ? this._record : undefined);
  }

  private _decide(
    cause: ChangeCause, selection: Selection, guardian = false,
    { updatedAt = this._now(), app = false, sibling = false, page }: { updatedAt?: number; app?: boolean; sibling?: boolean; page?: string } = {},
  ): ConsentState {
    // a choice is dated after the one it replaces, here or in the cookie (another tab's), whatever the clock
    // says: stepped back (NTP, the user setting it right) or coarse (privacy.resistFingerprinting's 100 ms), a
    // withdrawal dated before the grant lost to it in the other tabs, which wrote the grant back
    // the stored record, read once (a cookie read is a round trip to the browser's cookie store in some engines)
    const read = decodeRecord(this._readStorage());
    const signal = signalActive(this._options.signals, this._options.dnt);
    if (!app && !sibling) {
      for (const { updatedAt: before = 0 } of [this._record ?? {}, read ?? {}]) {
        if (before >= updatedAt && before <= this._now() + FUTURE_SKEW) updatedAt = before + 1;
      }
    }
    const record = (lists: Selection): ConsentRecord => ({
      revision: revisionTag(this._options.revision),
      consentId: this._record?.consentId ?? randomId(),
      updatedAt,
      ...lists,
      ...(guardian ? { guardian } : {}),
      ...(app ? { app } : {}),
      ...(sibling ? { sibling } : {}),
      // an opt-in over the signal, which outlasts it; a choice made without one yields to it (core/policy.ts evaluate)
      ...(signal ? { overSignal: signal } : {}),
    });
    // what the cookie holds of ids this config does not have (another subdomain's, sharing it) is kept: a
    // refusal always, a grant while it holds (this revision, not expired) and unless all is refused here
    const stored = read ?? this._record;
    // (a grant made without a signal that one now suspends is none: kept, it became an opt-in over the signal)
    const foreign = foreignSelection(this.config, stored, cause !== 'reject-all' && recordStatus(stored, this._options, this._now()) === 'none'
      && (!!stored?.overSignal || !signal));
    const joined = (lists: Selection): Selection => ({
      categories: [...lists.categories, ...foreign.categories],
      servicesOff: [...lists.servicesOff, ...foreign.servicesOff],
      servicesOn: [...lists.servicesOn, ...foreign.servicesOn],
    });
    this._record = record(joined(withSeparateRefusals(this.config, selection)));
    let value = this._encode(this._record);
    // many separate services (forty partners) do not fit as refusals: stored without them, as the choice
    // itself needs, rather than not at all (a banner on every page)
    if (value === undefined) value = this._encode(this._record = record(joined(selection)));
    try {
      if (value !== undefined) this._options.storage.write(value);
      // the choice before must not outlive this one: the next page asks again rather than grant it
      else this._options.storage.clear();
    } catch {
      /* kept in memory for the page's life */
    }
    if (value === undefined) {
      this._warn('the choice does not fit the 300-byte consent cookie: it holds for this page only, and the next page asks again');
    }
    return this._commit(cause, page);
  }

  /**
   * The state the page acted on before this store was there (the script build's first stage decided
   * from the cookie as it was then): when it grants otherwise (a choice made in another tab since),
   * listeners hear of it as a `sync` change, as if this store had seen it happen. When the page
   * `heard` that state (a `migu-consent-ready`) and it lists other categories or services (a config
   * the page set since), they hear of it as a `config` change, as when the config is set later.
   */
  catchUp(earlier: ConsentState, heard = false): void {
    const state = this.get();
    const change = diff(earlier, state);
    const ids = (s: ConsentState): string => [Object.keys(s.categories), Object.keys(s.services)].join(' ');
    if (change.granted.length || change.revoked.length) this._notify({ cause: 'sync', state, ...change });
    else if (heard && ids(earlier) !== ids(state)) this._notify({ cause: 'config', state, ...change });
  }

  /**
   * Runs `fn`, its changes heard as one: from the state before to the state after, with the last one's
   * cause, and the ones before it as `superseded`. So are the page's calls made before the script build's
   * runtime came applied: a grant that the next call undoes must never reach gating (a tracker requested,
   * then a reload), and each decision still gets its receipt.
   */
  batch(fn: () => void): void {
    if (this._batched) return fn(); // within one: part of it
    const prev = this._evaluation.state;
    const batched: StoreChange[] = (this._batched = []);
    try {
      fn();
    } finally {
      this._batched = undefined;
      const last = batched.pop();
      if (last) this._notify({ ...last, ...diff(prev, last.state), ...(batched.length ? { superseded: batched } : {}) });
    }
  }

  private _commit(cause: ChangeCause, page?: string): ConsentState {
    const prev = this._evaluation.state;
    this._evaluation = this._evaluate();
    const state = this.get();
    const change = { cause, state, ...diff(prev, state), ...(page === undefined ? {} : { page }) };
    if (this._batched) this._batched.push(change);
    else this._notify(change);
    return state;
  }

  private _notify(change: StoreChange): void {
    // a listener that decides again (rejectAll() on a grant) is heard after this change, by every
    // listener: nested, those after it heard the newer change first and this older one last
    if (this._queue) {
      this._queue.push(change);
      return;
    }
    try {
      // one loop over the array as it grows
      for (const next of (this._queue = [change])) {
        for (const listener of [...this._listeners]) {
          // one failing listener must not stop the others, nor throw into the caller; nor an async one's
          // failure, which nothing awaits, be an unhandled rejection in the page
          void new Promise((resolve) => { resolve(listener(next)); }).catch((e: unknown) => {
            this._warn(`a change listener threw: ${e instanceof Error ? e.message : String(e)}`);
          });
        }
      }
    } finally {
      this._queue = undefined;
    }
  }

  private _evaluate(): Evaluation {
    // the stored revision is a tag; evaluate compares it with the tag of the current one
    return evaluate(this.config, this._record, this._options.signals, this._options, this._now());
  }

  private _readStorage(): string | undefined {
    try {
      return this._options.storage.read();
    } catch {
      return undefined;
    }
  }

  private _now(): number {
    return (this._options.now ?? Date.now)();
  }

  private _warn(message: string): void {
    (this._options.warn ?? ((m: string) => { console.warn(`[migu-consent] ${m}`); }))(message);
  }
}

function structuredCloneState(state: ConsentState): ConsentState {
  return { ...state, categories: { ...state.categories }, services: { ...state.services }, signals: { ...state.signals } };
}
