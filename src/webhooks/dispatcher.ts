import { randomBytes } from 'node:crypto';
import type { EventStore, RecordedEvent, Subscription } from '../eventstore/port';
import type { Logger } from '../observability/logger';
import { isDeadProcessOfThisHost, processOwner } from '../projections/lease-owner';
import type { ProjectionStore, ReadModels } from '../readmodels/port';
import type { Backoff, LoopControl, Running, SupervisedLoop, Supervisor } from '../supervision/supervisor';
import type { WebhookCheckpoints } from './checkpoints';
import { type AttemptOutcome, type DeliverySettings, deliverUntilAccepted } from './delivery';
import type { WebhookEndpoint } from './endpoints';
import { type MessageFacts, messageSentWebhook, sentMessageOf } from './payload';
import type { WebhookMetrics } from './webhook-metrics';

/** The lease that lets one node of the cluster dispatch, in the projections' lease table. */
export const WEBHOOK_LEASE = 'webhooks';
/** Consecutive failed attempts after which an endpoint is reported degraded. */
export const DEGRADED_AFTER_FAILURES = 3;
/** Skipped events (not messages) between two checkpoint writes. */
const SAVE_EVERY_SKIPPED = 200;

export interface DispatcherSettings extends DeliverySettings {
  endpoints: readonly WebhookEndpoint[];
  /** Characters of content in a payload's preview; 0 sends none. */
  previewChars: number;
  leaseTtlMs: number;
}

export interface DispatcherDeps {
  store: EventStore;
  /** The lease table the projections use; the dispatcher's lease is one more row in it. */
  leases: Pick<ProjectionStore, 'claimLease' | 'leaseHolder' | 'releaseLease'>;
  readModels: Pick<ReadModels, 'participants'>;
  checkpoints: WebhookCheckpoints;
  /** Users with an open socket on some node of the cluster (the presence leases). */
  isOnline: (userId: string) => boolean;
  /** Waits (bounded) until the participants read model has applied the log up to a position. */
  readModelAt: (position: string) => Promise<unknown>;
  supervisor: Supervisor;
  logger: Logger;
  metrics: WebhookMetrics;
}

/** How one endpoint's deliveries go, for readiness and operators. */
export interface EndpointHealth {
  endpoint: string;
  host: string;
  /** Consecutive failed attempts of the event now due (0 when the last attempt succeeded). */
  failures: number;
  degraded: boolean;
  last_error?: string;
  failing_since?: string;
  /** The event being retried. */
  event_id?: string;
}

export interface DispatcherHealth {
  /** This node holds the lease and dispatches. */
  dispatching: boolean;
  degraded: boolean;
  endpoints: EndpointHealth[];
}

interface EndpointState {
  failures: number;
  lastError?: string;
  failingSince?: string;
  eventId?: string;
}

/**
 * Posts every MessageSent of the log to every endpoint, signed, at least once, in log order per
 * endpoint. One node of the cluster dispatches at a time (a lease beside the projections' leases).
 * Each endpoint has its own checkpoint and its own supervised loop, so a dead endpoint holds back only
 * its own events: they wait, retried with a capped backoff, until it accepts them; nothing is given up.
 */
export class WebhookDispatcher {
  private readonly owner = processOwner(process.pid, `webhooks-${randomBytes(4).toString('hex')}`);
  private readonly states = new Map<string, EndpointState>();
  private leaseLoop: SupervisedLoop | undefined;
  private workers: SupervisedLoop[] = [];
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly settings: DispatcherSettings,
  ) {
    for (const endpoint of settings.endpoints) {
      this.states.set(endpoint.id, { failures: 0 });
      deps.metrics.degraded.set({ endpoint: endpoint.id }, 0);
    }
    deps.metrics.leaseHeld.set(0);
  }

  async start(): Promise<void> {
    await this.serially(() => this.renew()).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'webhook lease not claimed at start; retrying');
    });
    this.leaseLoop = this.deps.supervisor.every('webhook-lease', this.settings.leaseTtlMs / 3, () =>
      this.serially(() => this.renew()),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.leaseLoop?.stop();
    await this.busy;
    const dispatched = this.workers.length > 0;
    await this.stopWorkers();
    if (dispatched) await this.deps.leases.releaseLease(WEBHOOK_LEASE, this.owner).catch(() => {});
  }

  health(): DispatcherHealth {
    const endpoints = this.settings.endpoints.map((endpoint): EndpointHealth => {
      const state = this.states.get(endpoint.id) ?? { failures: 0 };
      const loop = this.workers.find((w) => w.name === loopName(endpoint))?.status();
      const failures = Math.max(state.failures, loop?.failures ?? 0);
      const lastError = state.lastError ?? loop?.lastError;
      const since = state.failingSince ?? loop?.failingSince;
      return {
        endpoint: endpoint.id,
        host: endpoint.host,
        failures,
        degraded: state.failures >= DEGRADED_AFTER_FAILURES || loop?.state === 'retrying',
        ...(failures > 0 && lastError !== undefined && { last_error: lastError }),
        ...(failures > 0 && since !== undefined && { failing_since: since }),
        ...(state.eventId !== undefined && state.failures > 0 && { event_id: state.eventId }),
      };
    });
    return {
      dispatching: this.workers.length > 0,
      degraded: endpoints.some((e) => e.degraded),
      endpoints,
    };
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.busy.then(work);
    this.busy = next.catch(() => undefined);
    return next;
  }

  /** Claims or renews the lease, and starts or stops dispatching to match. */
  private async renew(): Promise<void> {
    if (this.stopped) return;
    let held: boolean;
    try {
      held = await this.claim();
    } catch (error) {
      // A lease that cannot be renewed runs out: keep dispatching until another node may have it.
      this.deps.logger.warn({ err: error }, 'webhook lease not renewed');
      throw error;
    }
    this.deps.metrics.leaseHeld.set(held ? 1 : 0);
    if (held && this.workers.length === 0) this.startWorkers();
    if (!held && this.workers.length > 0) {
      this.deps.logger.warn('webhook lease taken by another node: no longer dispatching here');
      await this.stopWorkers();
    }
  }

  private async claim(): Promise<boolean> {
    const { leases, logger } = this.deps;
    if (await leases.claimLease(WEBHOOK_LEASE, this.owner, this.settings.leaseTtlMs)) return true;
    const holder = await leases.leaseHolder(WEBHOOK_LEASE);
    if (holder === undefined || !isDeadProcessOfThisHost(holder)) return false;
    logger.info({ holder }, 'taking over the webhook lease of a process that no longer runs');
    return leases.claimLease(WEBHOOK_LEASE, this.owner, this.settings.leaseTtlMs, holder);
  }

  private startWorkers(): void {
    this.deps.logger.info(
      { endpoints: this.settings.endpoints.map((e) => e.id) },
      'dispatching webhooks (this node holds their lease)',
    );
    this.workers = this.settings.endpoints.map((endpoint) =>
      this.deps.supervisor.run(loopName(endpoint), (control) => this.follow(endpoint, control), {
        minMs: this.settings.backoff.minMs,
        maxMs: this.settings.backoff.maxMs,
      } satisfies Backoff),
    );
  }

  private async stopWorkers(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.stop()));
    for (const endpoint of this.settings.endpoints)
      this.deps.metrics.degraded.set({ endpoint: endpoint.id }, 0);
  }

  /**
   * One endpoint's loop: follows the log from its checkpoint and delivers each message before it
   * reads the next event. The checkpoint moves past a message only once the endpoint accepted it.
   */
  private async follow(endpoint: WebhookEndpoint, control: LoopControl): Promise<Running> {
    const { store, checkpoints } = this.deps;
    const log = this.deps.logger.child({ endpoint: endpoint.id, host: endpoint.host });
    // A new endpoint receives what is sent from now on, not the history of the log.
    const known = await checkpoints.get(endpoint.id);
    const from =
      known !== undefined ? known : await checkpoints.init(endpoint.id, (await store.headPosition()) ?? null);
    const abort = new AbortController();
    let unsaved: string | undefined;
    let skipped = 0;
    const save = async () => {
      const position = unsaved;
      unsaved = undefined;
      skipped = 0;
      if (position !== undefined) await checkpoints.advance(endpoint.id, position);
    };
    const subscription: Subscription = store.subscribeToAll({
      after: from === null ? undefined : store.parsePosition(from),
      filter: { streamPrefixes: ['conversation-'] },
      onEvent: async (event) => {
        const message = sentMessageOf(event);
        if (message === undefined) {
          unsaved = event.position;
          if (++skipped >= SAVE_EVERY_SKIPPED) await save();
          return;
        }
        await this.deliver(endpoint, message, abort.signal, log);
        unsaved = event.position;
        await save();
        control.progressed();
      },
      onCheckpoint: (position) => {
        unsaved = position;
      },
      onError: (error) => {
        if (!abort.signal.aborted) control.fail(error);
      },
    });
    return {
      close: async () => {
        abort.abort();
        await subscription.close();
        await save().catch((error: unknown) => log.warn({ err: error }, 'webhook checkpoint not saved'));
      },
    };
  }

  private async deliver(
    endpoint: WebhookEndpoint,
    facts: MessageFacts,
    signal: AbortSignal,
    log: Logger,
  ): Promise<void> {
    const event: RecordedEvent = facts.event;
    await this.deps.readModelAt(event.position);
    const participants = await this.deps.readModels.participants(facts.message.conversation_id);
    const payload = messageSentWebhook(
      facts,
      participants.map((p) => p.user_id),
      this.deps.isOnline,
      this.settings.previewChars,
    );
    const body = JSON.stringify(payload);
    const state = this.states.get(endpoint.id) as EndpointState;
    const { metrics } = this.deps;
    const attempts = await deliverUntilAccepted(
      endpoint,
      body,
      event.id,
      this.settings,
      {
        attempted: (result: AttemptOutcome, _attempt, seconds) => {
          metrics.attempts.inc({ endpoint: endpoint.id, outcome: result.outcome });
          metrics.attemptSeconds.observe({ outcome: result.outcome }, seconds);
        },
        failed: (result, attempt, retryInMs) => {
          state.failures++;
          state.lastError = result.error;
          state.failingSince ??= new Date().toISOString();
          state.eventId = event.id;
          if (state.failures >= DEGRADED_AFTER_FAILURES) metrics.degraded.set({ endpoint: endpoint.id }, 1);
          const fields = {
            event_id: event.id,
            conversation_id: payload.conversation_id,
            position: event.position,
            attempt,
            retry_in_ms: retryInMs,
            outcome: result.outcome,
            ...('status' in result && { status: result.status }),
          };
          // The first failures are routine (a receiver restarting); a run of them is worth an error.
          if (state.failures >= DEGRADED_AFTER_FAILURES)
            log.error(fields, `webhook delivery failed: ${result.error}`);
          else log.warn(fields, `webhook delivery failed: ${result.error}`);
        },
      },
      signal,
    );
    metrics.delivered.inc({ endpoint: endpoint.id });
    if (state.failures > 0) {
      log.info(
        { event_id: event.id, attempts, failing_since: state.failingSince },
        'webhook endpoint recovered',
      );
      this.states.set(endpoint.id, { failures: 0 });
      metrics.degraded.set({ endpoint: endpoint.id }, 0);
    }
  }
}

function loopName(endpoint: WebhookEndpoint): string {
  return `webhook-delivery-${endpoint.id}`;
}
