import {
  type EventStore,
  type EventToAppend,
  type JsonObject,
  type Position,
  WrongExpectedRevisionError,
} from '../eventstore/port';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { ConcurrencyConflict } from './errors';
import { newEventId } from './event-ids';
import { Lru } from './lru';
import { crossesSnapshot, loadSnapshot, type SnapshotCodec, writeSnapshot } from './snapshots';

export interface StoredEvent {
  type: string;
  data: object;
}

export interface AggregateType<S, E extends StoredEvent> {
  /** Stream of aggregate `id` is `${category}-${id}`. */
  category: string;
  initialState(): S;
  /** Folds an event into the state; may update the given state in place. Never throws. */
  evolve(state: S, event: E): S;
  /** Validates an event read back from the store. */
  parseEvent(raw: unknown): E;
  /** A stable id for events that must be written at most once (for example from a client's key). */
  eventId?(streamId: string, event: E): string | undefined;
  snapshot?: SnapshotCodec<S>;
}

/** Where the store reports conflicts it retries or gives up on, and snapshots that failed. */
export interface AggregateStoreOptions {
  logger?: Logger;
  metrics?: Metrics;
}

/** Decides, against the current state, which events a command appends; throws to refuse it. */
export type Decision<S, E> = (state: S) => E[];

/** Reads what a handler needs to answer from the state just after its command was decided. */
export type StateReader<S, R> = (state: S) => R;

export interface Outcome<E, R = undefined> {
  events: E[];
  /** Where the events were written; undefined when the command appended nothing. */
  position: Position | undefined;
  /**
   * What the command's reader took from the state right after its own decision (later commands of
   * the same batch go on changing the state itself, so it is read at once, not handed out).
   */
  decided: R;
}

interface Pending<S, E> {
  decision: Decision<S, E>;
  read: StateReader<S, unknown> | undefined;
  resolve: (outcome: Outcome<E, unknown>) => void;
  reject: (error: unknown) => void;
}

/** A command of a batch once decided: its events and what its reader saw, or why it was refused. */
interface Decided<S, E> {
  pending: Pending<S, E>;
  events?: E[];
  decided?: unknown;
  error?: unknown;
}

interface Loaded<S> {
  state: S;
  /** Revision of the last event folded into `state`; -1 for a stream that does not exist. */
  revision: number;
}

const MAX_ATTEMPTS = 5;
const MAX_BATCH = 200;
const READ_PAGE = 1000;
const CACHE_SIZE = 10_000;

/**
 * Runs commands against event-sourced aggregates: load the state (cached with its revision, or from
 * the latest snapshot plus the events after it), decide, append with the expected revision, retry on a
 * concurrency conflict. Commands for one aggregate queue up and are decided in batches that share a
 * single append, so a busy conversation costs one write per batch rather than one per message.
 *
 * This file stays whole (about 340 lines): the cache, the per-aggregate queue and the retry loop
 * share one invariant (a cached state is the stream's state at its revision, never a decided but
 * unwritten one), which is easier to check when every place that reads or drops the cache is in view.
 */
export class AggregateStore<S, E extends StoredEvent> {
  private readonly cache = new Lru<string, Loaded<S>>(CACHE_SIZE);
  private readonly queues = new Map<string, Pending<S, E>[]>();

  private readonly log: Logger | undefined;
  private readonly metrics: Metrics | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly type: AggregateType<S, E>,
    options: AggregateStoreOptions = {},
  ) {
    this.log = options.logger?.child({ component: 'commands', aggregate: type.category });
    this.metrics = options.metrics;
  }

  streamId(id: string): string {
    return `${this.type.category}-${id}`;
  }

  /**
   * Decides a command against the aggregate's current state and appends what it decided. `read`
   * takes what the caller needs from the state as decided (an earlier message, a read mark).
   */
  execute(id: string, decision: Decision<S, E>): Promise<Outcome<E>>;
  execute<R>(id: string, decision: Decision<S, E>, read: StateReader<S, R>): Promise<Outcome<E, R>>;
  execute<R>(id: string, decision: Decision<S, E>, read?: StateReader<S, R>): Promise<Outcome<E, R>> {
    return new Promise((resolve, reject) => {
      const pending: Pending<S, E> = {
        decision,
        read,
        resolve: resolve as (outcome: Outcome<E, unknown>) => void,
        reject,
      };
      const queued = this.queues.get(id);
      if (queued) {
        queued.push(pending);
        return;
      }
      const queue = [pending];
      this.queues.set(id, queue);
      void this.drain(id, queue);
    });
  }

  /**
   * The current state for a check that appends nothing (may this user type here?), without a turn in
   * the write queue when the cached state is still the stream's head: one head read, no fold. Otherwise
   * (not cached, stale, or writes queued) it waits its turn like any command. A write that starts during
   * the head read may already show in the state it returns: fine for a permission, not for a decision.
   */
  async current(id: string): Promise<S> {
    const streamId = this.streamId(id);
    const cached = this.cache.get(streamId);
    if (cached && !this.queues.has(id) && (await this.headRevision(streamId)) === cached.revision) {
      return cached.state;
    }
    return (
      await this.execute(
        id,
        () => [],
        (state) => state,
      )
    ).decided;
  }

  private async drain(id: string, queue: Pending<S, E>[]): Promise<void> {
    while (queue.length > 0) await this.runBatch(id, queue.splice(0, MAX_BATCH));
    this.queues.delete(id);
  }

  private async runBatch(id: string, batch: Pending<S, E>[]): Promise<void> {
    const streamId = this.streamId(id);
    for (let attempt = 1; ; attempt++) {
      let loaded: Loaded<S>;
      let cached: boolean;
      try {
        cached = this.cache.get(streamId) !== undefined;
        loaded = await this.load(streamId);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      const before = loaded.revision;
      const decided = this.decideAll(batch, loaded);
      const events = decided.flatMap((d) => d.events ?? []);
      if (events.length === 0) {
        // Nothing to append, so no expected revision will catch a stale cache: check the head instead,
        // or a refusal (or a harmless repeat) could rest on facts another node has changed.
        if (cached && (await this.headRevision(streamId).catch(() => Number.NaN)) !== before) {
          this.cache.delete(streamId);
          if (attempt < MAX_ATTEMPTS) {
            this.conflictRetried(streamId, attempt, batch.length);
            continue;
          }
        }
        this.cache.set(streamId, loaded);
        for (const d of decided) settle(d, undefined);
        return;
      }
      // From here the cached state holds undecided events: drop it unless the append succeeds.
      this.cache.delete(streamId);
      try {
        const position = await this.appendDecided(streamId, loaded, before, events);
        for (const d of decided) settle(d, position);
        return;
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < MAX_ATTEMPTS) {
          this.conflictRetried(streamId, attempt, batch.length);
          continue;
        }
        this.failed(streamId, attempt, decided, error);
        return;
      }
    }
  }

  /**
   * Appends a batch's events at the revision they were decided on and caches the state they lead to.
   * Throws WrongExpectedRevisionError when another writer got there first, so the batch is decided again.
   */
  private async appendDecided(
    streamId: string,
    loaded: Loaded<S>,
    before: number,
    events: E[],
  ): Promise<Position> {
    const result = await this.store.append(
      streamId,
      events.map((event) => this.toStore(streamId, event)),
      before === -1 ? 'no_stream' : before,
    );
    if (result.revision !== before + events.length || !(await this.wroteThese(streamId, before, events))) {
      // The store recognised the events as a retry written elsewhere: decide again on fresh state.
      throw new WrongExpectedRevisionError(streamId, before, result.revision);
    }
    this.cache.set(streamId, { state: loaded.state, revision: result.revision });
    const snapshot = this.type.snapshot;
    if (snapshot && crossesSnapshot(snapshot.every, before, result.revision)) {
      // Best effort and off the command's path: a missing snapshot only makes the next cold load longer.
      writeSnapshot(this.store, snapshot, streamId, loaded.state, result.revision).catch((error: unknown) =>
        this.log?.warn({ stream: streamId, err: error }, `snapshot of ${streamId} failed`),
      );
    }
    return result.position;
  }

  /** The append failed for good: conflicts after the last attempt become a 409, other errors stay. */
  private failed(streamId: string, attempt: number, decided: Decided<S, E>[], error: unknown): void {
    if (error instanceof WrongExpectedRevisionError) {
      this.log?.warn(
        { stream: streamId, attempts: attempt, commands: decided.length },
        `concurrent writes to ${streamId}: giving up after ${attempt} attempts (409)`,
      );
    }
    const failure = error instanceof WrongExpectedRevisionError ? new ConcurrencyConflict(streamId) : error;
    // A refused command keeps its own error; the accepted ones share the append's failure.
    for (const d of decided) d.pending.reject(d.error ?? failure);
  }

  /**
   * Decides each command of a batch in turn on the loaded state, folding its events in, so that every
   * decision sees the events of those decided before it. A refusal is kept with its command.
   */
  private decideAll(batch: Pending<S, E>[], loaded: Loaded<S>): Decided<S, E>[] {
    return batch.map((pending) => {
      try {
        const events = pending.decision(loaded.state);
        for (const event of events) loaded.state = this.type.evolve(loaded.state, event);
        return { pending, events, decided: pending.read?.(loaded.state) };
      } catch (error) {
        return { pending, error };
      }
    });
  }

  private conflictRetried(streamId: string, attempt: number, commands: number): void {
    this.metrics?.conflictRetries.inc({ aggregate: this.type.category });
    this.log?.debug(
      { stream: streamId, attempt, commands },
      `concurrent write to ${streamId}: deciding again on fresh state`,
    );
  }

  private async headRevision(streamId: string): Promise<number> {
    const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : -1;
  }

  /**
   * Events with a stable id (from a client's key) may have been written by another node at the same
   * revision; the store then answers with the original result. Compare what is stored with what was
   * decided: only identical facts count as this write.
   */
  private async wroteThese(streamId: string, before: number, events: E[]): Promise<boolean> {
    if (!this.type.eventId || !events.some((event) => this.type.eventId?.(streamId, event) !== undefined))
      return true;
    const stored = await this.store.readStream(streamId, {
      fromRevision: before + 1,
      maxCount: events.length,
    });
    return (
      stored.length === events.length &&
      stored.every((recorded, i) => {
        const event = events[i] as E;
        return recorded.type === event.type && JSON.stringify(recorded.data) === JSON.stringify(event.data);
      })
    );
  }

  private async load(streamId: string): Promise<Loaded<S>> {
    const cached = this.cache.get(streamId);
    if (cached) return cached;
    const loaded = await loadSnapshot(this.store, this.type.snapshot, streamId, this.type.initialState());
    for (;;) {
      const page = await this.store.readStream(streamId, {
        fromRevision: loaded.revision + 1,
        maxCount: READ_PAGE,
      });
      for (const recorded of page) {
        loaded.state = this.type.evolve(
          loaded.state,
          this.type.parseEvent({ type: recorded.type, data: recorded.data }),
        );
        loaded.revision = recorded.revision;
      }
      if (page.length < READ_PAGE) return loaded;
    }
  }

  private toStore(streamId: string, event: E): EventToAppend {
    return {
      id: this.type.eventId?.(streamId, event) ?? newEventId(),
      type: event.type,
      data: event.data as JsonObject,
    };
  }
}

function settle<S, E>(decided: Decided<S, E>, position: Position | undefined): void {
  if (decided.events)
    decided.pending.resolve({
      events: decided.events,
      position: decided.events.length ? position : undefined,
      decided: decided.decided,
    });
  else decided.pending.reject(decided.error);
}
