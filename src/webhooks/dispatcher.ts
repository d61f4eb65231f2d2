import { randomBytes } from 'node:crypto';
import type { EventStore, RecordedEvent, Subscription } from '../eventstore/port';
import type { Logger } from '../observability/logger';
import { claimLease, processOwner } from '../projections/lease-owner';
import type { ProjectionStore, ReadModels } from '../readmodels/port';
import type { LoopControl, Running, SupervisedLoop, Supervisor } from '../supervision/supervisor';
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
/** How often the dispatching node reads the registered endpoints (registrations may come through any node). */
export const REGISTRATIONS_EVERY_MS = 1000;

export interface DispatcherSettings extends DeliverySettings {
  /** The endpoints of WEBHOOK_URLS. */
  configured: readonly WebhookEndpoint[];
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
  /** The endpoints registered through the admin API now. */
  registered: () => Promise<WebhookEndpoint[]>;
  /** Users with an open socket on some node of the cluster (the presence leases). */
  isOnline: (userId: string) => boolean;
  /**
   * Waits (bounded) until the participants read model has applied the log up to a position: true once
   * it has, false when the wait timed out.
   */
  readModelAt: (position: string) => Promise<boolean>;
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
  private loops: SupervisedLoop[] = [];
  /** Every endpoint to deliver to: the configured ones, then the registered ones (by URL, configured first). */
  private endpoints: WebhookEndpoint[];
  /** The delivery loop of each endpoint, while this node dispatches. */
  private readonly workers = new Map<string, SupervisedLoop>();
  private dispatching = false;
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly settings: DispatcherSettings,
  ) {
    this.endpoints = [...settings.configured];
    deps.metrics.leaseHeld.set(0);
  }

  async start(): Promise<void> {
    await this.serially(() => this.renew()).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'webhook lease not claimed at start; retrying');
    });
    this.loops = [
      this.deps.supervisor.every('webhook-lease', this.settings.leaseTtlMs / 3, () =>
        this.serially(() => this.renew()),
      ),
      this.deps.supervisor.every('webhook-registrations', REGISTRATIONS_EVERY_MS, () =>
        this.serially(() => this.refresh()),
      ),
    ];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops.map((loop) => loop.stop()));
    await this.busy;
    const dispatched = this.dispatching;
    await this.stopWorkers();
    if (dispatched) await this.deps.leases.releaseLease(WEBHOOK_LEASE, this.owner).catch(() => {});
  }

  health(): DispatcherHealth {
    const endpoints = this.endpoints.map((endpoint): EndpointHealth => {
      const state = this.states.get(endpoint.id) ?? { failures: 0 };
      const loop = this.workers.get(endpoint.id)?.status();
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
      dispatching: this.dispatching,
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
    // A claim that fails throws: the supervised loop retries it sooner, and this node dispatches on
    // meanwhile (a lease it cannot renew runs out, and then another node may take it).
    const held = await this.claim();
    this.deps.metrics.leaseHeld.set(held ? 1 : 0);
    if (held && !this.dispatching) {
      await this.readEndpoints();
      this.dispatching = true;
      this.deps.logger.info('dispatching webhooks (this node holds their lease)');
      await this.reconcile();
    }
    if (!held && this.dispatching) {
      this.deps.logger.warn('webhook lease taken by another node: no longer dispatching here');
      await this.stopWorkers();
    }
  }

  /** Reads the registered endpoints and, while dispatching, starts and stops delivery loops to match. */
  private async refresh(): Promise<void> {
    // Only the dispatching node needs the registrations: the others leave the stream alone.
    if (this.stopped || !this.dispatching) return;
    await this.readEndpoints();
    await this.reconcile();
  }

  private async readEndpoints(): Promise<void> {
    const registered = await this.deps.registered();
    const urls = new Set(this.settings.configured.map((e) => e.url));
    this.endpoints = [...this.settings.configured, ...registered.filter((e) => !urls.has(e.url))];
  }

  private async reconcile(): Promise<void> {
    const wanted = new Set(this.endpoints.map((e) => e.id));
    for (const [id, worker] of this.workers) {
      if (wanted.has(id)) continue;
      this.deps.logger.info({ endpoint: id }, 'webhook endpoint removed: no longer delivering to it');
      this.workers.delete(id);
      await worker.stop();
      this.states.delete(id);
      this.deps.metrics.degraded.remove({ endpoint: id });
    }
    for (const endpoint of this.endpoints) {
      if (this.workers.has(endpoint.id)) continue;
      // Before its loop starts (and, at start-up, before the server takes requests), so that every
      // message sent from now on is after a new endpoint's checkpoint.
      await this.startingPoint(endpoint);
      this.states.set(endpoint.id, { failures: 0 });
      this.deps.metrics.degraded.set({ endpoint: endpoint.id }, 0);
      const loop = this.deps.supervisor.run(
        loopName(endpoint),
        (control) => this.follow(endpoint, control),
        this.settings.backoff,
      );
      this.workers.set(endpoint.id, loop);
    }
  }

  private claim(): Promise<boolean> {
    const { leases, logger } = this.deps;
    return claimLease(leases, WEBHOOK_LEASE, this.owner, this.settings.leaseTtlMs, (holder) =>
      logger.info({ holder }, 'taking over the webhook lease of a process that no longer runs'),
    );
  }

  private async stopWorkers(): Promise<void> {
    this.dispatching = false;
    const workers = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(workers.map((worker) => worker.stop()));
    for (const id of this.states.keys()) this.deps.metrics.degraded.set({ endpoint: id }, 0);
    this.states.clear();
  }

  /**
   * The endpoint's checkpoint, recorded first for a new endpoint: it receives what is sent from its
   * registration on (a configured one: from now on), not the history of the log.
   */
  private async startingPoint(endpoint: WebhookEndpoint): Promise<string | null> {
    const { store, checkpoints } = this.deps;
    const known = await checkpoints.get(endpoint.id);
    if (known !== undefined) return known;
    return checkpoints.init(endpoint.id, endpoint.after ?? (await store.headPosition()) ?? null);
  }

  /**
   * One endpoint's loop: follows the log from its checkpoint and delivers each message before it
   * reads the next event. The checkpoint moves past a message only once the endpoint accepted it.
   */
  private async follow(endpoint: WebhookEndpoint, control: LoopControl): Promise<Running> {
    const { store, checkpoints } = this.deps;
    const log = this.deps.logger.child({ endpoint: endpoint.id, host: endpoint.host });
    const from = await this.startingPoint(endpoint);
    const abort = new AbortController();
    let unsaved: string | undefined;
    let skipped = 0;
    let delivering = false;
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
        delivering = true;
        await this.deliver(endpoint, message, abort.signal, log);
        delivering = false;
        unsaved = event.position;
        await save();
        control.progressed();
      },
      onCheckpoint: (position) => {
        // Never past a message not yet accepted (an abandoned attempt leaves `delivering` set).
        if (!delivering) unsaved = position;
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
    const caughtUp = await this.deps.readModelAt(event.position);
    const participants = await this.deps.readModels.participants(facts.message.conversation_id);
    // A read model behind the message may not know the conversation yet: its recipients would be
    // missing. The sender takes part when sending, so their absence gives it away: try again later.
    if (!caughtUp && !participants.some((p) => p.user_id === facts.message.user_id))
      throw new Error('the participants read model has not reached this message yet');
    const payload = messageSentWebhook(
      facts,
      participants.map((p) => p.user_id),
      this.deps.isOnline,
      this.settings.previewChars,
    );
    const body = JSON.stringify(payload);
    let state = this.states.get(endpoint.id);
    if (state === undefined) {
      state = { failures: 0 };
      this.states.set(endpoint.id, state);
    }
    const current = state;
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
          current.failures++;
          current.lastError = result.error;
          current.failingSince ??= new Date().toISOString();
          current.eventId = event.id;
          if (current.failures >= DEGRADED_AFTER_FAILURES) metrics.degraded.set({ endpoint: endpoint.id }, 1);
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
          if (current.failures >= DEGRADED_AFTER_FAILURES)
            log.error(fields, `webhook delivery failed: ${result.error}`);
          else log.warn(fields, `webhook delivery failed: ${result.error}`);
        },
      },
      signal,
    );
    metrics.delivered.inc({ endpoint: endpoint.id });
    if (current.failures > 0) {
      log.info(
        { event_id: event.id, attempts, failing_since: current.failingSince },
        'webhook endpoint recovered',
      );
      current.failures = 0;
      current.lastError = undefined;
      current.failingSince = undefined;
      current.eventId = undefined;
      metrics.degraded.set({ endpoint: endpoint.id }, 0);
    }
  }
}

function loopName(endpoint: WebhookEndpoint): string {
  return `webhook-delivery-${endpoint.id}`;
}
