import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The dispatcher's metrics, in the server's registry. The `endpoint` label is an endpoint's short id
 * (see endpoints.ts): bounded by the configured endpoints, at most MAX_WEBHOOK_ENDPOINTS.
 */
export class WebhookMetrics {
  /** Every POST attempt, by how it ended. */
  readonly attempts: Counter<'endpoint' | 'outcome'>;
  /** Events an endpoint accepted (2xx), once each however many attempts it took. */
  readonly delivered: Counter<'endpoint'>;
  readonly attemptSeconds: Histogram<'outcome'>;
  readonly degraded: Gauge<'endpoint'>;
  readonly leaseHeld: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.attempts = new Counter({
      name: 'chat_webhook_attempts_total',
      help: 'Webhook POST attempts by outcome: success (2xx), http_error (other status), timeout, network_error',
      labelNames: ['endpoint', 'outcome'] as const,
      registers,
    });
    this.delivered = new Counter({
      name: 'chat_webhook_deliveries_total',
      help: 'Events a webhook endpoint accepted with a 2xx answer',
      labelNames: ['endpoint'] as const,
      registers,
    });
    this.attemptSeconds = new Histogram({
      name: 'chat_webhook_attempt_duration_seconds',
      help: 'Time from sending a webhook POST to its answer (or failure)',
      labelNames: ['outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.degraded = new Gauge({
      name: 'chat_webhook_endpoint_degraded',
      help: '1 while deliveries to the endpoint keep failing and are retried (its events wait), else 0',
      labelNames: ['endpoint'] as const,
      registers,
    });
    this.leaseHeld = new Gauge({
      name: 'chat_webhook_lease_held',
      help: '1 on the node that holds the webhook lease and dispatches, else 0',
      registers,
    });
  }
}
