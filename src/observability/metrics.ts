import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

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

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
