import {
  comparePositions,
  type EventStore,
  isAfter,
  type RecordedEvent,
  type Subscription,
} from '../eventstore/port';
import type { ProjectionStore } from '../readmodels/port';
import type { PositionedChange } from './changes';
import type { Projection } from './projection';
import { asError, ProjectionFailure } from './projection-failure';

export { ProjectionFailure } from './projection-failure';

export interface RunnerOptions {
  /**
   * Events per batch (each projection's part of it is one transaction). A batch that fills while the
   * store is still writing the previous one goes on growing, to twice this at most.
   */
  batchSize?: number;
  /** Build this generation of the (one) projection instead of the one queries read (a rebuild). */
  generation?: number;
  /** Build these generations, by projection name, instead of the ones queries read (a rebuild). */
  generations?: Readonly<Record<string, number>>;
  /** After each batch: the position every projection of the runner has applied, and the batch's size. */
  onProgress?: (position: string, events: number) => void;
  /** The current run stopped on this failure; `start()` begins another from the checkpoints. */
  onError?: (error: ProjectionFailure) => void;
}

const DEFAULT_BATCH = 1000;

interface Batch {
  changes: PositionedChange[][];
  events: number;
  first: string | undefined;
  last: string | undefined;
  /** Type of the only event, for a batch of one. */
  type: string | undefined;
}

const emptyBatch = (lanes: number): Batch => ({
  changes: Array.from({ length: lanes }, () => []),
  events: 0,
  first: undefined,
  last: undefined,
  type: undefined,
});

/** One projection of a runner: the generation it writes and the position it has applied. */
interface Lane {
  projection: Projection;
  /** Fixed by a rebuild; otherwise the current generation, followed across switches. */
  fixedGeneration: number | undefined;
  generation: number;
  applied: string | undefined;
}

/**
 * Runs projections over one reading of the log: from the oldest of their checkpoints, then live,
 * applying events in batches (each projection's changes and checkpoint together). A projection skips
 * the events at or before its own checkpoint, so projections that had got to different places share
 * the subscription. When it follows the current generations and a rebuild switches one of them, it
 * continues on the new one from that generation's checkpoint.
 *
 * A failure ends the current run (nothing after the failing batch is applied, nothing is skipped) and
 * is reported to `onError`; `start()` begins a new run from the checkpoints. After a failure the next
 * run applies one event per batch until it is past the failed stretch, so a poison event is named
 * exactly in the next failure, and the rest of the stretch is applied when the fault was transient.
 */
export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private readonly lanes: Lane[];
  /** Changes of the events read since the last batch was applied, per lane. */
  private buffer: Batch = emptyBatch(0);
  private flushing: Promise<void> = Promise.resolve();
  /** The run of a flush queued that has not yet taken the buffer; `beforeQueued` settles when it takes it. */
  private flushQueued: number | undefined;
  private beforeQueued: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  /** Bumped on every (re)start and halt: events and batches of an older run are dropped. */
  private run = 0;
  private stopped = false;
  /** Last position of the stretch that failed: until past it, batches hold one event. */
  private cautiousUntil: string | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly target: ProjectionStore,
    projections: Projection | readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    const list: readonly Projection[] = Array.isArray(projections) ? projections : [projections];
    if (list.length === 0) throw new Error('a projection runner needs at least one projection');
    this.lanes = list.map((projection) => {
      const fixed = options.generations?.[projection.name] ?? options.generation;
      return { projection, fixedGeneration: fixed, generation: fixed ?? 0, applied: undefined };
    });
  }

  get projections(): Projection[] {
    return this.lanes.map((lane) => lane.projection);
  }

  /** The position every projection of this runner has applied; undefined while one has applied none. */
  get position(): string | undefined {
    let oldest: string | undefined;
    for (const { applied } of this.lanes) {
      if (applied === undefined) return undefined;
      if (oldest === undefined || comparePositions(applied, oldest) < 0) oldest = applied;
    }
    return oldest;
  }

  /** The position one projection of this runner has applied. */
  positionOf(projection: string): string | undefined {
    return this.lanes.find((lane) => lane.projection.name === projection)?.applied;
  }

  /** Begins a run: reads the checkpoints and follows the log from the oldest of them. */
  async start(): Promise<void> {
    if (this.stopped) return;
    const run = ++this.run;
    for (const lane of this.lanes) {
      const name = lane.projection.name;
      lane.generation = lane.fixedGeneration ?? (await this.target.currentGeneration(name));
      lane.applied = await this.target.checkpoint(name, lane.generation);
    }
    if (run !== this.run) return;
    const from = this.position;
    if (from !== undefined) this.options.onProgress?.(from, 0);
    this.buffer = emptyBatch(this.lanes.length);
    this.subscription = this.store.subscribeToAll({
      after: from === undefined ? undefined : this.store.parsePosition(from),
      onEvent: (event) => {
        if (run !== this.run) return;
        try {
          this.take(event);
        } catch (error) {
          this.fail(run, error);
          return;
        }
        if (this.buffer.events >= this.batchSize()) return this.flush(run);
        this.scheduleFlush(run);
      },
      onError: (error) => this.fail(run, error),
    });
  }

  /** Ends the current run; `start()` may begin another. */
  async halt(): Promise<void> {
    this.run++;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
    await this.flushing;
    this.buffer = emptyBatch(this.lanes.length);
  }

  /** Ends the runner for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.halt();
  }

  private batchSize(): number {
    const last = this.buffer.last;
    if (this.cautiousUntil !== undefined && last !== undefined && !isAfter(last, this.cautiousUntil))
      return 1;
    return this.options.batchSize ?? DEFAULT_BATCH;
  }

  /**
   * Projects an event as soon as it is read, every projection in turn (they share its validation), so
   * that only its changes wait for the batch: the event itself is garbage young, which keeps the heap of
   * a long replay small.
   */
  private take(event: RecordedEvent): void {
    const batch = this.buffer;
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i] as Lane;
      if (lane.applied !== undefined && !isAfter(event.position, lane.applied)) continue;
      const into = batch.changes[i] as PositionedChange[];
      let changes: ReturnType<Projection['project']>;
      try {
        changes = lane.projection.project(event);
      } catch (error) {
        throw new ProjectionFailure(
          [lane.projection.name],
          event.position,
          event.position,
          event.type,
          asError(error),
        );
      }
      for (const change of changes) into.push({ change, position: event.position });
    }
    batch.events++;
    batch.first ??= event.position;
    batch.last = event.position;
    batch.type = batch.events === 1 ? event.type : undefined;
  }

  private scheduleFlush(run: number): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (run === this.run) void this.flush(run)?.catch(() => undefined);
    });
  }

  /**
   * Applies the buffered batch after those before it; a failure ends the run. A batch is taken for
   * applying only when the one before it has been applied, and the log is read and projected meanwhile
   * (a store that writes in another thread overlaps the two): what this returns settles at once, or,
   * once the buffer holds two batches, when it is taken, so a slow store makes the next batch larger
   * rather than stalling the reading at each batch. While a stretch that failed is retried one event at
   * a time, it settles only once the event has been applied.
   */
  private flush(run: number): Promise<void> | undefined {
    if (this.flushQueued !== run) {
      this.flushQueued = run;
      const previous = this.flushing;
      this.beforeQueued = previous;
      const next = previous.then(() => {
        if (this.flushQueued === run) this.flushQueued = undefined;
        return this.applyBuffered(run);
      });
      this.flushing = next.catch((error: unknown) => this.fail(run, error));
    }
    const size = this.batchSize();
    if (size === 1) return this.flushing;
    return this.buffer.events >= 2 * size ? this.beforeQueued : undefined;
  }

  private async applyBuffered(run: number): Promise<void> {
    // A batch of an older run is dropped with its run (start() empties the buffer for the next).
    if (run !== this.run) return;
    const batch = this.buffer;
    this.buffer = emptyBatch(this.lanes.length);
    const last = batch.last;
    if (last === undefined) return;
    if (await this.generationSwitched()) {
      // A rebuild switched generations: follow the new ones from their own checkpoints.
      if (run === this.run) setImmediate(() => void this.restart());
      this.run++;
      return;
    }
    // Every projection's part of the batch is handed to the store at once (a store that writes in
    // another thread takes them in one hop). Each commits with its own checkpoint, so one that fails
    // leaves the others applied, and the next run resumes each from its own checkpoint.
    const lanes = this.lanes.filter((lane) => lane.applied === undefined || isAfter(last, lane.applied));
    const outcomes = await Promise.allSettled(
      lanes.map((lane) =>
        this.target.apply(
          lane.projection.name,
          lane.generation,
          batch.changes[this.lanes.indexOf(lane)] as PositionedChange[],
          last,
        ),
      ),
    );
    if (run !== this.run) return;
    for (const [i, outcome] of outcomes.entries()) {
      const lane = lanes[i] as Lane;
      if (outcome.status === 'rejected')
        throw new ProjectionFailure(
          [lane.projection.name],
          batch.first,
          last,
          batch.type,
          asError(outcome.reason),
        );
      lane.applied = last;
    }
    if (this.cautiousUntil !== undefined && !isAfter(this.cautiousUntil, last))
      this.cautiousUntil = undefined;
    this.options.onProgress?.(last, batch.events);
  }

  private async generationSwitched(): Promise<boolean> {
    for (const lane of this.lanes) {
      if (lane.fixedGeneration !== undefined) continue;
      if ((await this.target.currentGeneration(lane.projection.name)) !== lane.generation) return true;
    }
    return false;
  }

  private async restart(): Promise<void> {
    await this.subscription?.close();
    try {
      await this.start();
    } catch (error) {
      this.fail(this.run, error);
    }
  }

  private fail(run: number, error: unknown): void {
    if (run !== this.run || this.stopped) return;
    this.run++;
    const failure =
      error instanceof ProjectionFailure
        ? error
        : new ProjectionFailure(
            this.lanes.map((lane) => lane.projection.name),
            undefined,
            undefined,
            undefined,
            asError(error),
          );
    if (failure.last !== undefined) this.cautiousUntil = failure.last;
    const subscription = this.subscription;
    this.subscription = undefined;
    void subscription?.close();
    this.options.onError?.(failure);
  }
}
