import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi } from './api/app';
import { Consistency } from './api/consistency';
import { collectUnreferenced, type References } from './attachments/collector';
import { type AuthConfig, tokenVerifier } from './auth/token-verifier';
import type { BlobStore } from './blobs/port';
import { commandDeps } from './commands/deps';
import { type Config, DEFAULTS } from './config/config';
import { signingSecret } from './config/secret';
import type { DemoOptions } from './demo/demo-page';
import { readinessProbe } from './health/readiness';
import { HttpDrain } from './http-drain';
import { abuseLimits } from './limits/user-limits';
import { InstrumentedEventStore } from './observability/instrumented-event-store';
import { createLogger, type Logger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { startProjector } from './projections/projector';
import { RealtimeServer } from './realtime/realtime-server';
import { forwardWebSocketUpgrades } from './realtime/upgrade-proxy';
import { openBlobStore, openStores, openWebhookCheckpoints, type Stores } from './stores';
import { Supervisor } from './supervision/supervisor';
import { startWebhooks, webhookCheck } from './webhooks/webhooks';

export interface RunningServer {
  port: number;
  wsPort: number;
  storeKind: string;
  /**
   * Graceful stop: refuses new connections (HTTP and WebSocket), lets running requests answer within
   * `deadlineMs` (default 10 s; later ones are cut), closes sockets with 1001, waits for the projections
   * to apply the whole log (checkpoints at its head), then closes the stores.
   */
  close(options?: { deadlineMs?: number }): Promise<ShutdownReport>;
}

export interface ShutdownReport {
  /** Requests cut at the deadline; 0 when every running request answered. */
  cut: number;
  /** Whether every projection's checkpoint reached the head of the log before the stores closed. */
  projectionsCaughtUp: boolean;
}

/** How long a graceful stop waits for running requests, unless told otherwise. */
export const SHUTDOWN_DEADLINE_MS = DEFAULTS.SHUTDOWN_TIMEOUT_MS;

export interface ServerOptions {
  /** The root logger (default: JSON lines on stdout at LOG_LEVEL). */
  logger?: Logger;
  /** The registry the server's metrics go to (default: a new one, with process metrics). */
  metrics?: Metrics;
  /** Stores already open (default: opened from the configuration); the server closes them on stop. */
  stores?: Stores;
  /** The blob store for uploads (default: opened from the configuration); closed on stop. */
  blobs?: BlobStore;
}

/** The composition root: real adapters chosen from configuration, wired into the API. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const metrics = options.metrics ?? new Metrics();
  const supervisor = new Supervisor(logger, metrics);
  const stores = options.stores ?? (await openStores(config));
  // Every append (commands, audit records) is timed, whichever store is behind the port.
  const store = new InstrumentedEventStore(stores.store, metrics);
  const blobs = options.blobs ?? (await openBlobStore(config));
  const commands = commandDeps(
    store,
    stores.ephemeral,
    {
      keys: stores.keys,
      uploads: blobs,
    },
    { logger, metrics },
  );
  const projector = await startProjector(store, stores.readModels.projections, {
    logger,
    metrics,
    supervisor,
    leaseTtlMs: config.PROJECTION_LEASE_TTL_MS,
  });
  const consistency = new Consistency(
    projector.progress,
    projector.consumersOf,
    (token) => store.parsePosition(token),
    config.CONSISTENCY_TIMEOUT_MS,
  );
  const auth = authConfig(config);
  // One verifier (and, with a JWKS URL, one key client) for REST and WebSocket alike.
  const verifyToken = tokenVerifier(auth);
  const limits = abuseLimits(config);
  const realtime = new RealtimeServer({
    store,
    readModels: stores.readModels.readModels,
    commands,
    verifyToken,
    allowedOrigins: config.WS_ALLOWED_ORIGINS.split(',').map((o) => o.trim()),
    maxSocketsPerUser: limits.maxSocketsPerUser,
    typingLimit: limits.typing,
    supervisor,
    logger,
    metrics,
  });
  const wsPort = await realtime.listen(config.HOST, config.WS_PORT);
  const webhooks = await startWebhooks(config, {
    store,
    readModels: stores.readModels,
    isOnline: (userId) => realtime.presence.isOnline(userId),
    // The `conversations` projection holds the participants.
    readModelAt: (position) =>
      projector.progress.waitFor(position, ['conversations'], config.CONSISTENCY_TIMEOUT_MS),
    openCheckpoints: () => openWebhookCheckpoints(config),
    supervisor,
    logger: logger.child({ component: 'webhooks' }),
    registry: metrics.registry,
  });
  let shuttingDown = false;
  const readiness = readinessProbe({
    store,
    projections: stores.readModels.projections,
    projector,
    supervisor,
    shuttingDown: () => shuttingDown,
    maxLagSeconds: config.READY_MAX_LAG_SECONDS,
    timeoutMs: 2000,
    ...(webhooks && { webhooks: () => webhookCheck(webhooks.health()) }),
  });
  const app = createApi({
    readiness,
    commands,
    readModels: stores.readModels.readModels,
    consistency,
    connectedUsers: () => realtime.onlineUsers(),
    verifyToken,
    limits,
    corsOrigins: config.CORS_ALLOWED_ORIGINS.split(',').map((o) => o.trim()),
    bodyLimit: config.BODY_LIMIT,
    logger: logger.child({ component: 'api' }),
    metrics,
    metricsToken: config.METRICS_TOKEN,
    ...(config.DEMO_ENABLED && { demo: demoOptions(config, auth) }),
    ...(webhooks && { webhooks: { configuredUrls: webhooks.configuredUrls } }),
    attachments: {
      blobs,
      maxBytes: config.ATTACHMENT_MAX_BYTES,
      uploadLimit: limits.uploads,
      now: commands.now,
    },
  });
  collectAttachments(config, blobs, stores.readModels.readModels, supervisor, logger, metrics, async () => {
    const head = await store.headPosition();
    return head === undefined || projector.progress.waitFor(head, ['attachments'], 10_000);
  });
  const drain = new HttpDrain();
  const server = createServer(drain.track(app.callback()));
  // Bodies arrive within a few seconds or the connection is dropped: slow clients cannot hold sockets open.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  forwardWebSocketUpgrades(server, wsPort);
  await listen(server, config.PORT, config.HOST);
  return {
    port: (server.address() as AddressInfo).port,
    wsPort,
    storeKind: stores.kind,
    close: async ({ deadlineMs = SHUTDOWN_DEADLINE_MS } = {}) => {
      shuttingDown = true;
      const deadline = Date.now() + deadlineMs;
      const stopped = new Promise<void>((resolve) => server.once('close', () => resolve()));
      realtime.stopAccepting();
      const cut = await drain.drain(server, deadlineMs);
      // Before the sockets close, which would make every participant a recipient.
      await webhooks?.stop();
      // Sockets stay open while commands finish, so their clients still see those messages live.
      await realtime.close();
      // Connections handed to the WebSocket server end with its sockets; anything left is cut now.
      await waitAtMost(stopped, deadline - Date.now());
      server.closeAllConnections();
      const head = await store.headPosition();
      const projectionsCaughtUp =
        head === undefined || (await projector.reach(head, Math.max(1000, deadline - Date.now())));
      await projector.stop();
      await supervisor.stop();
      await blobs.close();
      await stores.close();
      return { cut, projectionsCaughtUp };
    },
  };
}

/** Removes uploads no message carried within the grace period, on every node (removal is idempotent). */
function collectAttachments(
  config: Config,
  blobs: BlobStore,
  readModels: References,
  supervisor: Supervisor,
  logger: Logger,
  metrics: Metrics,
  caughtUp: () => Promise<boolean>,
): void {
  const graceMs = config.ATTACHMENT_GRACE_HOURS * 3_600_000;
  const references: References = {
    attachmentReferenced: (id) => readModels.attachmentReferenced(id),
    caughtUp,
  };
  supervisor.every('attachment-collector', config.ATTACHMENT_GC_INTERVAL_SECONDS * 1000, async () => {
    const report = await collectUnreferenced(blobs, references, new Date(), graceMs);
    metrics.attachmentsRemoved.inc({ reason: 'unreferenced' }, report.unreferenced);
    metrics.attachmentsRemoved.inc({ reason: 'incomplete' }, report.incomplete);
    if (report.skipped) {
      logger.warn(report, 'unreferenced uploads not collected: the attachments projection is behind the log');
    } else if (report.unreferenced + report.incomplete > 0) {
      logger.info(report, 'removed uploads that no message carries');
    }
  });
}

export function authConfig(config: Config): AuthConfig {
  const claims = { audience: config.JWT_AUDIENCE, issuer: config.JWT_ISSUER };
  if (config.JWKS_URL) return { kind: 'jwks', jwksUrl: config.JWKS_URL, ...claims };
  return { kind: 'hs256', secret: signingSecret(config.SECRET_KEY, config.DATA_DIR), ...claims };
}

/** Development sign-in only with the generated secret: never with a configured SECRET_KEY or JWKS. */
function demoOptions(config: Config, auth: AuthConfig): DemoOptions {
  return !config.SECRET_KEY && auth.kind === 'hs256' ? { devSecret: auth.secret } : {};
}

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
