import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** How far a projection is behind the head of the log. */
export interface ProjectionLag {
  projection: string;
  events: number;
  seconds: number;
}

/** Lag in events is counted up to this many; beyond, the exact number does not matter. */
export const LAG_COUNT_CAP = 10_000;

/**
 * Every metric the process exports, in one registry per server (tests run several servers in one
 * process). Names start with `chat_` and carry their unit; labels are bounded (loop and projection
 * names, routes as templates, outcomes), never ids.
 */
export class Metrics {
  readonly registry = new Registry();

  /** A supervised loop failed and will be retried (see src/supervision). */
  readonly loopFailures = new Counter({
    name: 'chat_loop_failures_total',
    help: 'Failures of long-lived loops, each followed by a retry with backoff',
    labelNames: ['loop'] as const,
    registers: [this.registry],
  });

  /** 1 while a supervised loop is failing (between a failure and its next success). */
  readonly loopDegraded = new Gauge({
    name: 'chat_loop_degraded',
    help: '1 while a long-lived loop is failing and retrying, 0 when it runs normally',
    labelNames: ['loop'] as const,
    registers: [this.registry],
  });

  readonly projectionLeaseHeld = new Gauge({
    name: 'chat_projection_lease_held',
    help: '1 on the node that holds the projection lease and runs the projection',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionDegraded = new Gauge({
    name: 'chat_projection_degraded',
    help: '1 while the projection fails on this node and retries (a poison event or an unavailable store)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionEvents = new Counter({
    name: 'chat_projection_events_total',
    help: 'Events of the log applied by the projection on this node',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private lagSample: (() => Promise<ProjectionLag[]>) | undefined;
  private lagCache: { at: number; lag: Promise<ProjectionLag[]> } | undefined;

  readonly projectionLagEvents = new Gauge({
    name: 'chat_projection_lag_events',
    help: `Events of the log the projection has not applied yet, as this node knows it (counted up to ${LAG_COUNT_CAP})`,
    labelNames: ['projection'] as const,
    registers: [this.registry],
    collect: () => this.collectLag(),
  });

  readonly projectionLagSeconds = new Gauge({
    name: 'chat_projection_lag_seconds',
    help: 'Age of the oldest event the projection has not applied yet; 0 when caught up',
    labelNames: ['projection'] as const,
    registers: [this.registry],
    collect: () => this.collectLag(),
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Where the projection lag gauges get their figures at each scrape. */
  observeProjectionLag(sample: () => Promise<ProjectionLag[]>): void {
    this.lagSample = sample;
  }

  /** Both lag gauges of one scrape share one sample. */
  private async collectLag(): Promise<void> {
    if (!this.lagSample) return;
    const now = Date.now();
    if (!this.lagCache || now - this.lagCache.at > 500) this.lagCache = { at: now, lag: this.lagSample() };
    try {
      for (const { projection, events, seconds } of await this.lagCache.lag) {
        this.projectionLagEvents.set({ projection }, events);
        this.projectionLagSeconds.set({ projection }, seconds);
      }
    } catch {
      // An unreachable store leaves the last figures; readiness and the loop metrics report it.
    }
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
