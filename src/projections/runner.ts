import type { EventStore, RecordedEvent, Subscription } from '../eventstore/port';
import type { ProjectionStore } from '../readmodels/port';
import type { PositionedChange } from './changes';
import type { Projection } from './projection';

export interface RunnerOptions {
  /** Events applied per transaction at most. */
  batchSize?: number;
  /** Build this generation instead of following the one queries read (a rebuild). */
  generation?: number;
  onProgress?: (position: string, events: number) => void;
  onError?: (error: Error) => void;
}

const DEFAULT_BATCH = 1000;

/**
 * Runs one projection: reads the log from the projection's checkpoint, then follows it live, applying
 * events in batches (changes and checkpoint together). When it follows the current generation and a
 * rebuild switches to a new one, it continues on the new one from that generation's checkpoint.
 */
export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private generation = 0;
  private buffer: RecordedEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  /** Bumped on every (re)start: events of an older subscription are dropped. */
  private run = 0;
  private stopped = false;
  private lastPosition: string | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly target: ProjectionStore,
    readonly projection: Projection,
    private readonly options: RunnerOptions = {},
  ) {}

  get position(): string | undefined {
    return this.lastPosition;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  async start(): Promise<void> {
    const run = ++this.run;
    this.generation = this.options.generation ?? (await this.target.currentGeneration(this.projection.name));
    const from = await this.target.checkpoint(this.projection.name, this.generation);
    this.lastPosition = from;
    if (from !== undefined) this.options.onProgress?.(from, 0);
    this.buffer = [];
    this.subscription = this.store.subscribeToAll({
      after: from === undefined ? undefined : this.store.parsePosition(from),
      onEvent: (event) => {
        if (run !== this.run) return;
        this.buffer.push(event);
        if (this.buffer.length >= (this.options.batchSize ?? DEFAULT_BATCH)) return this.flush();
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
    this.buffer = [];
    const last = batch[batch.length - 1];
    if (!last || this.stopped) return;
    const run = this.run;
    if (this.options.generation === undefined) {
      const current = await this.target.currentGeneration(this.projection.name);
      if (current !== this.generation) {
        // A rebuild switched generations: follow the new one from its own checkpoint.
        this.run++;
        setImmediate(() => void this.restart());
        return;
      }
    }
    const changes: PositionedChange[] = [];
    for (const event of batch) {
      for (const change of this.projection.project(event)) changes.push({ change, position: event.position });
    }
    await this.target.apply(this.projection.name, this.generation, changes, last.position);
    if (run !== this.run) return;
    this.lastPosition = last.position;
    this.options.onProgress?.(last.position, batch.length);
  }

  private async restart(): Promise<void> {
    await this.subscription?.close();
    if (!this.stopped) await this.start();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.subscription?.close();
    const failure = new Error(`projection ${this.projection.name} stopped: ${error.message}`, {
      cause: error,
    });
    if (this.options.onError) this.options.onError(failure);
    else console.error(failure);
  }
}
