import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

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

  /** `route` is the router's template (`/api/v1/chat/messages/:message_id`) or `unmatched`. */
  readonly httpDuration = new Histogram({
    name: 'chat_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to its answer, by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    // From 1 ms: most answers of the API take a few milliseconds; writes wait for the read models.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** `outcome`: ok, refused (the client's fault: bad input, not allowed, limited), error (5xx). */
  readonly commands = new Counter({
    name: 'chat_commands_total',
    help: 'Commands handled, by command and outcome (ok, refused, error)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly conflictRetries = new Counter({
    name: 'chat_command_conflict_retries_total',
    help: 'Commands decided again after a concurrent write to the same aggregate, by aggregate type',
    labelNames: ['aggregate'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'chat_eventstore_append_duration_seconds',
    help: 'Time to append a batch of events to the event store, acknowledged (committed) or refused',
    // From 100 µs: the embedded store commits in well under a millisecond when idle.
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly appendEvents = new Histogram({
    name: 'chat_eventstore_append_events',
    help: 'Events per append: commands for one conversation are decided in batches that share an append',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });

  readonly wsConnections = new Gauge({
    name: 'chat_ws_connections',
    help: 'Open WebSockets on this node',
    registers: [this.registry],
  });

  /** `type` is a frame type of the protocol (message, typing, presence, ...) or `other`. */
  readonly framesDelivered = new Counter({
    name: 'chat_ws_frames_delivered_total',
    help: 'Frames handed to WebSockets (one per receiving socket), by frame type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly slowSocketCloses = new Counter({
    name: 'chat_ws_slow_socket_closes_total',
    help: 'WebSockets closed because frames piled up unread (the client resumes with since)',
    registers: [this.registry],
  });

  readonly resumes = new Counter({
    name: 'chat_ws_resumes_total',
    help: 'WebSockets opened with since, by whether every missed frame was replayed (false: reload over REST)',
    labelNames: ['recovered'] as const,
    registers: [this.registry],
  });

  /** `reason` is the refusal's code: unauthorized, origin_not_allowed, too_many_sockets, ... */
  readonly upgradesRefused = new Counter({
    name: 'chat_ws_upgrades_refused_total',
    help: 'WebSocket upgrades refused, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** `limit` names the per-user limit: send, typing, new_conversation or upload. */
  readonly rateLimitRefusals = new Counter({
    name: 'chat_rate_limit_refusals_total',
    help: 'Requests and frames refused by a per-user rate limit, by limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  /** `outcome`: stored, refused (the client's fault: too large, bad type, cut off) or error (ours). */
  readonly attachmentUploads = new Counter({
    name: 'chat_attachment_uploads_total',
    help: 'Uploads to POST /attachments, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly attachmentBytes = new Counter({
    name: 'chat_attachment_stored_bytes_total',
    help: 'Bytes of the uploads stored',
    registers: [this.registry],
  });

  /** `reason`: unreferenced (no message carried it within the grace period) or incomplete (a cut upload). */
  readonly attachmentsRemoved = new Counter({
    name: 'chat_attachments_removed_total',
    help: 'Uploads (and leftovers of interrupted ones) removed by the collector, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      // Gauges named `_total` break Prometheus's naming rules (`promtool check metrics` refuses them);
      // the same counts stay available per type in `nodejs_active_handles` and its siblings.
      for (const name of MISNAMED_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
    }
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
