import type { Evaluation, PolicyOptions, PromptReason, Selection } from './policy.js';
import {
  acceptAllSelection, applyChoice, diff, effective, evaluate, isGranted, rejectAllSelection, selectionOf,
} from './policy.js';
import type { ConsentRecord } from './record.js';
import { decodeRecord, encodeRecord, revisionTag } from './record.js';
import { randomId } from './hash.js';
import type { ChangeDetail, Choice, ConsentState, ResolvedConfig, Signals } from './types.js';

/** Where the encoded record lives (a cookie, or memory when cookies are blocked). */
export interface RecordStorage {
  read(): string | undefined;
  write(value: string): void;
  clear(): void;
}

/** What caused a change: one of the four decisions, or a choice made in another tab. */
export type ChangeCause = 'accept-all' | 'reject-all' | 'update' | 'reset' | 'sync';

export interface StoreChange extends ChangeDetail {
  cause: ChangeCause;
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

/**
 * Holds the consent state and is the only writer of the consent record.
 * Everything else reads `get()` or subscribes; `subscribe` returns its unbind function.
 */
export class ConsentStore {
  readonly config: ResolvedConfig;
  private readonly options: StoreOptions;
  private readonly listeners = new Set<StoreListener>();
  private record: ConsentRecord | undefined;
  private evaluation: Evaluation;

  constructor(options: StoreOptions) {
    this.options = options;
    this.config = options.config;
    this.record = decodeRecord(this.readStorage());
    this.evaluation = this.evaluate();
  }

  /** The current state; a fresh copy each call, so callers cannot change the store's. */
  get(): ConsentState {
    return structuredCloneState(this.evaluation.state);
  }

  /** Show the first-layer banner: no valid choice and no honoured signal. */
  get prompt(): boolean {
    return this.evaluation.prompt;
  }

  get reason(): PromptReason {
    return this.evaluation.reason;
  }

  get signals(): Signals {
    return { ...this.options.signals };
  }

  /**
   * The choice to show in the preferences: the current one, or after a revision
   * change or expiry the previous one, so that what was refused stays refused.
   */
  proposedSelection(): Selection {
    const state = this.evaluation.state;
    if (state.decided || !this.record) return selectionOf(this.config, state);
    return { categories: [...this.record.categories], servicesOff: [...this.record.servicesOff], servicesOn: [...this.record.servicesOn] };
  }

  isGranted(category: string, service?: string): boolean {
    return isGranted(this.evaluation.state, category, service);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    return this.options.minor === true;
  }

  acceptAll(): ConsentState {
    if (this.minor) {
      this.warn('acceptAll() is not available for a user under 14: each grant needs a guardian (update with guardian confirmation)');
      return this.get();
    }
    return this.decide('accept-all', acceptAllSelection(this.config, this.currentSelection()));
  }

  rejectAll(): ConsentState {
    return this.decide('reject-all', rejectAllSelection());
  }

  /**
   * Category and service ids that `choice` would newly grant (what a guardian is asked to confirm).
   */
  grantsOf(choice: Choice): string[] {
    const { selection } = applyChoice(this.config, this.currentSelection(), choice);
    const next = effective(this.config, { ...selection, revision: '', consentId: '', updatedAt: 0 });
    return diff(this.evaluation.state, { ...this.evaluation.state, ...next }).granted;
  }

  /**
   * Applies `{ id: boolean }` for categories and services; unknown ids are reported and skipped.
   * For a user under 14 a choice that grants anything applies only with `guardianConfirmed`.
   */
  update(choice: Choice, { guardianConfirmed = false }: { guardianConfirmed?: boolean } = {}): ConsentState {
    const input: unknown = choice;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      this.warn(`update() expects an object like { analytics: true }, got ${input === null ? 'null' : typeof input}`);
      return this.get();
    }
    const { selection, unknown } = applyChoice(this.config, this.currentSelection(), choice);
    if (unknown.length) this.warn(`update(): ignored ${unknown.map((id) => JSON.stringify(id)).join(', ')} (unknown id, not a boolean, or necessary)`);
    if (this.minor && !guardianConfirmed && this.grantsOf(choice).length) {
      this.warn('update(): a user under 14 cannot grant without a guardian\'s confirmation; nothing changed');
      return this.get();
    }
    return this.decide('update', selection, guardianConfirmed || (this.record?.guardian ?? false));
  }

  /** Forgets the choice: the record is removed and the banner asks again. */
  reset(): ConsentState {
    this.record = undefined;
    try {
      this.options.storage.clear();
    } catch {
      /* storage adapters do not throw; belt and braces for custom ones */
    }
    return this.commit('reset');
  }

  /** Re-reads the stored record (a choice made in another tab) and notifies when the state changed. */
  sync(): void {
    const record = decodeRecord(this.readStorage());
    if (JSON.stringify(record) === JSON.stringify(this.record)) return;
    this.record = record;
    this.commit('sync');
  }

  private currentSelection(): Selection {
    return selectionOf(this.config, this.evaluation.state);
  }

  private decide(cause: ChangeCause, selection: Selection, guardian = false): ConsentState {
    const now = this.now();
    this.record = {
      revision: revisionTag(this.options.revision),
      consentId: this.record?.consentId ?? randomId(),
      updatedAt: now,
      ...selection,
      ...(guardian ? { guardian } : {}),
    };
    const value = encodeRecord(this.record);
    if (value === undefined) {
      this.warn('the choice is too long for the 300-byte consent cookie; it holds for this page only');
    } else {
      try {
        this.options.storage.write(value);
      } catch {
        /* kept in memory for the page's life */
      }
    }
    return this.commit(cause);
  }

  private commit(cause: ChangeCause): ConsentState {
    const prev = this.evaluation.state;
    this.evaluation = this.evaluate();
    const state = this.get();
    const change: StoreChange = { cause, state, ...diff(prev, state) };
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (e) {
        // one failing listener must not stop the others, nor throw into the caller
        this.warn(`a change listener threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return state;
  }

  private evaluate(): Evaluation {
    // the stored revision is a tag; evaluate compares it with the tag of the current one
    return evaluate(this.config, this.record, this.options.signals, this.options, this.now());
  }

  private readStorage(): string | undefined {
    try {
      return this.options.storage.read();
    } catch {
      return undefined;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private warn(message: string): void {
    (this.options.warn ?? ((m: string) => { console.warn(`[migu-consent] ${m}`); }))(message);
  }
}

function structuredCloneState(state: ConsentState): ConsentState {
  return { ...state, categories: { ...state.categories }, services: { ...state.services }, signals: { ...state.signals } };
}
