import type { EventStore, RecordedEvent, Subscription } from '../eventstore/port';
import type { ProjectionStore } from '../readmodels/port';
import type { PositionedChange } from './changes';
import type { Projection } from './projection';

export interface RunnerOptions {
  /** Events applied per transaction at most. */
  batchSize?: number;
  /** Build this generation of the (one) projection instead of the one queries read (a rebuild). */
  generation?: number;
  /** Build these generations, by projection name, instead of the ones queries read (a rebuild). */
  generations?: Readonly<Record<string, number>>;
  /** After each batch: the position every projection of the runner has applied, and the batch's size. */
  onProgress?: (position: string, events: number) => void;
  onError?: (error: Error) => void;
}

const DEFAULT_BATCH = 1000;

interface Batch {
  changes: PositionedChange[][];
  events: number;
  last: string | undefined;
}

const emptyBatch = (lanes: number): Batch => ({
  changes: Array.from({ length: lanes }, () => []),
  events: 0,
  last: undefined,
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
 */
export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private readonly lanes: Lane[];
  /** Changes of the events read since the last batch was applied, per lane. */
  private buffer: Batch = emptyBatch(0);
  private flushing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  /** Bumped on every (re)start: events of an older subscription are dropped. */
  private run = 0;
  private stopped = false;

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
      if (oldest === undefined || applied < oldest) oldest = applied;
    }
    return oldest;
  }

  /** The position one projection of this runner has applied. */
  positionOf(projection: string): string | undefined {
    return this.lanes.find((lane) => lane.projection.name === projection)?.applied;
  }

  async start(): Promise<void> {
    const run = ++this.run;
    for (const lane of this.lanes) {
      const name = lane.projection.name;
      lane.generation = lane.fixedGeneration ?? (await this.target.currentGeneration(name));
      lane.applied = await this.target.checkpoint(name, lane.generation);
    }
    const from = this.position;
    if (from !== undefined) this.options.onProgress?.(from, 0);
    this.buffer = emptyBatch(this.lanes.length);
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH;
    this.subscription = this.store.subscribeToAll({
      after: from === undefined ? undefined : this.store.parsePosition(from),
      onEvent: (event) => {
        if (run !== this.run) return;
        this.take(event);
        if (this.buffer.events >= batchSize) return this.flush();
        this.scheduleFlush();
      },
      onError: (error) => this.fail(error),
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.run++;
    await this.subscription?.close();
    await this.flushing;
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
      if (lane.applied !== undefined && event.position <= lane.applied) continue;
      const into = batch.changes[i] as PositionedChange[];
      for (const change of lane.projection.project(event)) into.push({ change, position: event.position });
    }
    batch.events++;
    batch.last = event.position;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush().catch((error: unknown) => this.fail(error as Error));
    });
  }

  private flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.applyBuffered());
    return this.flushing;
  }

  private async applyBuffered(): Promise<void> {
    const batch = this.buffer;
    this.buffer = emptyBatch(this.lanes.length);
    const last = batch.last;
    if (last === undefined || this.stopped) return;
    const run = this.run;
    if (await this.generationSwitched()) {
      // A rebuild switched generations: follow the new ones from their own checkpoints.
      this.run++;
      setImmediate(() => void this.restart());
      return;
    }
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i] as Lane;
      if (lane.applied !== undefined && last <= lane.applied) continue;
      await this.target.apply(
        lane.projection.name,
        lane.generation,
        batch.changes[i] as PositionedChange[],
        last,
      );
      if (run !== this.run) return;
      lane.applied = last;
    }
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
    if (!this.stopped) await this.start();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.subscription?.close();
    const names = this.lanes.map((lane) => lane.projection.name);
    const failure = new Error(
      `${names.length === 1 ? 'projection' : 'projections'} ${names.join(', ')} stopped: ${error.message}`,
      { cause: error },
    );
    if (this.options.onError) this.options.onError(failure);
    else console.error(failure);
  }
}
