import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

/** Capped exponential backoff: the first retry after about `minMs`, never more than `maxMs` apart. */
export interface Backoff {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { minMs: 100, maxMs: 30_000 };

/**
 * Delay before retry number `failures` (1 for the first): doubling from `minMs`, capped at `maxMs`,
 * with the upper half jittered so that nodes failing together do not retry together.
 */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What a loop's body returns: how to stop the work it started (a subscription is one). */
export interface Running {
  close(): Promise<void>;
}

export interface LoopControl {
  /** The work stopped on an error (a subscription's onError, a failed batch): retry after a backoff. */
  fail(error: Error): void;
  /** The work made progress: the loop is healthy again and the backoff starts over. */
  progressed(): void;
}

/** Starts the loop's work; throwing (or rejecting) counts as a failure like `fail`. */
export type LoopBody = (control: LoopControl) => Promise<Running | undefined>;

export type LoopState = 'running' | 'retrying' | 'stopped';

export interface LoopStatus {
  name: string;
  state: LoopState;
  /** Failures since the loop last made progress. */
  failures: number;
  lastError?: string;
  /** ISO time of the first failure of the current run of failures. */
  failingSince?: string;
}

/** A started loop and what it reports; `stop` ends it for good. */
export interface SupervisedLoop {
  readonly name: string;
  status(): LoopStatus;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  backoff?: Backoff;
  /** A loop whose work runs this long without failing counts as recovered even without progress. */
  settleMs?: number;
}

/**
 * One small supervisor for every loop that lives as long as the process (projection runner, log
 * fan-out, ephemeral subscriptions, lease renewal, progress watcher): on an error it logs, counts,
 * backs off with jitter and starts the work again; the work resumes from its own checkpoint or last
 * published position. A loop that keeps failing reports itself degraded until it recovers.
 */
export class Supervisor {
  private readonly loops = new Set<Loop>();

  constructor(
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly options: SupervisorOptions = {},
  ) {}

  /** Runs `body` now and again after every failure, until stopped. */
  run(name: string, body: LoopBody, backoff?: Backoff): SupervisedLoop {
    const loop = new Loop(name, body, this.log.child({ loop: name }), this.metrics, {
      backoff: backoff ?? this.options.backoff ?? DEFAULT_BACKOFF,
      settleMs: this.options.settleMs ?? 2000,
      onStop: () => this.loops.delete(loop),
    });
    this.loops.add(loop);
    loop.start();
    return loop;
  }

  /**
   * Runs `task` every `intervalMs` (first run now); after a failure it runs again sooner, after the
   * backoff, though never later than the interval.
   */
  every(name: string, intervalMs: number, task: () => Promise<void>): SupervisedLoop {
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    const sooner = { minMs: Math.min(backoff.minMs, intervalMs), maxMs: Math.min(backoff.maxMs, intervalMs) };
    return this.run(
      name,
      async (control) => {
        let timer: NodeJS.Timeout | undefined;
        let stopped = false;
        let current: Promise<void> = Promise.resolve();
        const tick = () => {
          current = task().then(
            () => {
              control.progressed();
              if (!stopped) timer = setTimeout(tick, intervalMs).unref();
            },
            (error: unknown) => control.fail(asError(error)),
          );
        };
        tick();
        return {
          close: async () => {
            stopped = true;
            clearTimeout(timer);
            await current;
          },
        };
      },
      sooner,
    );
  }

  statuses(): LoopStatus[] {
    return [...this.loops].map((loop) => loop.status());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.loops].map((loop) => loop.stop()));
  }
}

interface LoopSettings {
  backoff: Backoff;
  settleMs: number;
  onStop: () => void;
}

class Loop implements SupervisedLoop {
  private state: LoopState = 'running';
  private failures = 0;
  private lastError: string | undefined;
  private failingSince: string | undefined;
  private running: Running | undefined;
  /** Bumped at every attempt and at stop: reports from an older attempt are ignored. */
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly body: LoopBody,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly settings: LoopSettings,
  ) {
    this.metrics.loopDegraded.set({ loop: name }, 0);
  }

  start(): void {
    const attempt = ++this.attempt;
    const control: LoopControl = {
      fail: (error) => {
        if (attempt === this.attempt && this.state !== 'stopped') this.failed(error);
      },
      progressed: () => {
        if (attempt === this.attempt && this.state !== 'stopped') this.recovered();
      },
    };
    this.starting = (async () => {
      try {
        const running = await this.body(control);
        if (attempt !== this.attempt) {
          await running?.close();
          return;
        }
        this.running = running;
        if (this.failures > 0) {
          clearTimeout(this.settleTimer);
          this.settleTimer = setTimeout(() => control.progressed(), this.settings.settleMs);
          this.settleTimer.unref();
        }
      } catch (error) {
        control.fail(asError(error));
      }
    })();
  }

  status(): LoopStatus {
    return {
      name: this.name,
      state: this.state,
      failures: this.failures,
      ...(this.lastError !== undefined && { lastError: this.lastError }),
      ...(this.failingSince !== undefined && { failingSince: this.failingSince }),
    };
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.attempt++;
    clearTimeout(this.retryTimer);
    clearTimeout(this.settleTimer);
    this.metrics.loopDegraded.set({ loop: this.name }, 0);
    this.settings.onStop();
    await this.starting;
    await this.running?.close();
    this.running = undefined;
  }

  private failed(error: Error): void {
    this.attempt++;
    clearTimeout(this.settleTimer);
    this.failures++;
    this.state = 'retrying';
    this.lastError = error.message;
    this.failingSince ??= new Date().toISOString();
    this.metrics.loopFailures.inc({ loop: this.name });
    this.metrics.loopDegraded.set({ loop: this.name }, 1);
    const delay = backoffDelay(this.failures, this.settings.backoff);
    this.log.error(
      { err: error, failures: this.failures, retry_in_ms: delay },
      `${this.name} failed; retrying`,
    );
    const running = this.running;
    this.running = undefined;
    const stopped = (running?.close() ?? Promise.resolve()).catch((stopError: unknown) => {
      this.log.warn({ err: asError(stopError) }, `${this.name}: stopping the failed attempt failed`);
    });
    this.retryTimer = setTimeout(() => {
      void stopped.then(() => {
        if (this.state !== 'stopped') this.start();
      });
    }, delay);
    this.retryTimer.unref();
  }

  private recovered(): void {
    clearTimeout(this.settleTimer);
    if (this.failures === 0) return;
    this.log.info({ failures: this.failures, failing_since: this.failingSince }, `${this.name} recovered`);
    this.failures = 0;
    this.lastError = undefined;
    this.failingSince = undefined;
    this.state = 'running';
    this.metrics.loopDegraded.set({ loop: this.name }, 0);
  }
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
