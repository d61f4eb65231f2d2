import type { Registry } from 'prom-client';
import { registeredWebhooks } from '../commands/webhook-handlers';
import type { Config } from '../config/config';
import { parseWebhookUrls } from '../config/webhook-urls';
import type { EventStore } from '../eventstore/port';
import type { Logger } from '../observability/logger';
import type { ReadModelStore } from '../readmodels/port';
import type { Supervisor } from '../supervision/supervisor';
import type { WebhookCheckpoints } from './checkpoints';
import { type DispatcherHealth, WebhookDispatcher } from './dispatcher';
import { registeredEndpoint, webhookEndpoint } from './endpoints';
import { WebhookMetrics } from './webhook-metrics';

export interface WebhookDeps {
  store: EventStore;
  readModels: ReadModelStore;
  isOnline: (userId: string) => boolean;
  readModelAt: (position: string) => Promise<boolean>;
  /** Opens the checkpoint store (only when endpoints are configured). */
  openCheckpoints: () => Promise<WebhookCheckpoints>;
  supervisor: Supervisor;
  logger: Logger;
  registry: Registry;
}

export interface RunningWebhooks {
  /** The URLs of WEBHOOK_URLS. */
  configuredUrls: readonly string[];
  health(): DispatcherHealth;
  /** Stops dispatching (an attempt in flight is abandoned: its event is delivered again later). */
  stop(): Promise<void>;
}

/**
 * The webhook dispatcher of this node, started when WEBHOOK_SECRET is set (deliveries go to the
 * endpoints of WEBHOOK_URLS and to those registered through the admin API); undefined otherwise.
 */
export async function startWebhooks(config: Config, deps: WebhookDeps): Promise<RunningWebhooks | undefined> {
  const parsed = parseWebhookUrls(config.WEBHOOK_URLS);
  // loadConfig has refused a bad list or a missing secret already.
  if ('error' in parsed || config.WEBHOOK_SECRET === undefined) return undefined;
  const checkpoints = await deps.openCheckpoints();
  const dispatcher = new WebhookDispatcher(
    {
      store: deps.store,
      leases: deps.readModels.projections,
      readModels: deps.readModels.readModels,
      checkpoints,
      registered: async () => (await registeredWebhooks(deps.store)).registrations.map(registeredEndpoint),
      isOnline: deps.isOnline,
      readModelAt: deps.readModelAt,
      supervisor: deps.supervisor,
      logger: deps.logger,
      metrics: new WebhookMetrics(deps.registry),
    },
    {
      configured: parsed.urls.map(webhookEndpoint),
      secret: config.WEBHOOK_SECRET,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      backoff: { minMs: config.WEBHOOK_RETRY_MIN_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS },
      previewChars: config.WEBHOOK_CONTENT_PREVIEW,
      leaseTtlMs: config.PROJECTION_LEASE_TTL_MS,
    },
  );
  await dispatcher.start();
  return {
    configuredUrls: parsed.urls,
    health: () => dispatcher.health(),
    stop: async () => {
      await dispatcher.stop();
      await checkpoints.close();
    },
  };
}

/** The readiness check's view: informative only, since a receiver that is down must not unready the node. */
export function webhookCheck(health: DispatcherHealth): {
  ok: true;
  detail?: string;
  [key: string]: unknown;
} {
  const degraded = health.endpoints.filter((e) => e.degraded);
  return {
    ok: true,
    ...(degraded.length > 0 && {
      detail: `degraded: deliveries to ${degraded.map((e) => `${e.endpoint} (${e.host})`).join(', ')} keep failing`,
    }),
    ...health,
  };
}
