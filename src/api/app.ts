import cors from '@koa/cors';
import Router from '@koa/router';
import Koa from 'koa';
import type { TokenVerifier } from '../auth/token-verifier';
import type { CommandDeps } from '../commands/deps';
import { DATA_HEADERS } from '../data-headers';
import { type DemoOptions, mountDemoPage } from '../demo/demo-page';
import type { Readiness } from '../health/readiness';
import { type AbuseLimits, LimitExceeded } from '../limits/user-limits';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { ReadModels } from '../readmodels/port';
import { commandOutcome, HttpProblem, parseInput } from '../views/problem';
import { type AttachmentOptions, attachmentRoutes } from './attachment-routes';
import { auditRoutes } from './audit-routes';
import { authMiddleware } from './auth';
import { commandRoutes } from './command-routes';
import type { Consistency } from './consistency';
import { DOCS_INTRODUCTION, mountDocsPage } from './docs-page';
import { jsonBody } from './json-body';
import { messageQueryRoutes } from './message-query-routes';
import { methodNotAllowed } from './method-not-allowed';
import { metricsEndpoint } from './metrics-endpoint';
import { moderationQueryRoutes } from './moderation-query-routes';
import { openApiDocument } from './openapi';
import { problemMiddleware } from './problem';
import { queryRoutes } from './query-routes';
import { requestContext, requestLog } from './request-context';
import { type Reply, type Route, writtenCategories } from './route';
import { searchRoutes } from './search-routes';
import { type WebhookAdmin, webhookRoutes } from './webhook-routes';

export interface ApiOptions {
  commands: CommandDeps;
  readModels: ReadModels;
  consistency: Consistency;
  /** Users with an open WebSocket on any node. */
  connectedUsers?: () => string[];
  /** The application's one token check, shared with the WebSocket server. */
  verifyToken: TokenVerifier;
  /** Per-user rate limits and caps; the typing limit is shared with the realtime server. */
  limits: AbuseLimits;
  /** Origins whose pages may call the API from a browser; `*` allows any (the default). */
  corsOrigins?: string[];
  /** Largest accepted JSON body. */
  bodyLimit?: string;
  /** The API's logger; each request gets a child with its `req_id`. */
  logger: Logger;
  metrics: Metrics;
  /** When set, GET /metrics needs `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | undefined;
  /** What `/health/ready` reports; ready whenever the app serves, without it. */
  readiness?: () => Promise<Readiness>;
  /** The demo chat page at /demo; left out when not given. */
  demo?: DemoOptions;
  /** Webhooks are on (WEBHOOK_SECRET is set): the admin endpoints register and list them. */
  webhooks?: WebhookAdmin;
  /** Where uploads go and how large they may be (the endpoints fail without it). */
  attachments?: AttachmentOptions;
}

export const API_VERSION = '0.1.0';

/** The REST API as a Koa app; `app.callback()` serves it from any HTTP server. */
export function createApi(options: ApiOptions): Koa {
  const routes: Route[] = [
    ...commandRoutes(options.commands, options.limits),
    ...queryRoutes(
      options.readModels,
      options.consistency,
      options.connectedUsers ?? (() => []),
      options.commands.store.positionPattern,
    ),
    ...messageQueryRoutes(
      options.readModels,
      options.consistency,
      options.commands.store,
      options.commands.store.positionPattern,
    ),
    ...searchRoutes(options.readModels, options.consistency, options.commands.store.positionPattern),
    ...moderationQueryRoutes(options.readModels, options.consistency, options.commands.store.positionPattern),
    ...attachmentRoutes(
      options.attachments,
      options.readModels,
      options.consistency,
      options.commands.store.positionPattern,
      options.metrics,
    ),
    ...auditRoutes(options.commands.store),
    ...webhookRoutes(options.commands.store, options.webhooks),
  ];
  const openapi = openApiDocument(routes, {
    title: 'Chat API',
    version: API_VERSION,
    description: DOCS_INTRODUCTION,
  });
  const app = new Koa();
  app.proxy = true;
  app.silent = true;
  const auth = authMiddleware(options.verifyToken);
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  // Liveness: the process serves requests (restart it when this fails).
  router.get('/health/live', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  // Readiness: send this node traffic (stores reachable, projections within the lag bound, not stopping).
  router.get('/health/ready', async (ctx) => {
    const readiness = options.readiness
      ? await options.readiness()
      : { ready: true, failing: [], checks: {} };
    ctx.status = readiness.ready ? 200 : 503;
    ctx.body = { status: readiness.ready ? 'ready' : 'unavailable', ...readiness };
  });
  router.get('/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  // For Prometheus, not for chat clients: like /health it is not in the OpenAPI document.
  router.get('/metrics', metricsEndpoint(options.metrics, options.metricsToken));
  mountDocsPage(router);
  // Authentication comes before the body is read: an anonymous caller gets 401 whatever they send.
  const json = jsonBody(options.bodyLimit ?? '64kb');
  if (options.demo) mountDemoPage(router, options.demo, json);
  for (const r of routes) {
    router[r.method](
      r.path,
      ...(r.auth === false ? [] : [auth]),
      ...(r.streamedBody ? [] : [json]),
      handler(r, options.consistency, options.metrics),
    );
  }

  app.use(requestContext(options.logger, options.metrics));
  app.use(corsFor(options.corsOrigins ?? ['*']));
  app.use(securityHeaders);
  app.use(problemMiddleware);
  app.use(limitRefusals(options.metrics));
  app.use(methodNotAllowed());
  app.use(router.routes());
  return app;
}

function handler(r: Route, consistency: Consistency, metrics: Metrics) {
  const run = async (ctx: Koa.Context) => {
    if (r.role && !(ctx.state.caller?.roles ?? []).includes(r.role.name)) {
      throw new HttpProblem(403, r.role.code, `this endpoint requires the ${r.role.name} role`);
    }
    return r.handle({
      params: parseInput(r.params, ctx.params, 'path'),
      query: parseInput(r.query, { ...ctx.query }, 'query'),
      // No body at all is `undefined`: only a body schema with a default accepts it.
      body: parseInput(r.body, ctx.request.body, 'body'),
      caller: ctx.state.caller,
      ctx,
    });
  };
  return async (ctx: Koa.Context) => {
    let reply: Reply;
    try {
      reply = await run(ctx);
      if (r.command) metrics.commands.inc({ command: r.command, outcome: 'ok' });
    } catch (error) {
      if (r.command) metrics.commands.inc({ command: r.command, outcome: commandOutcome(error) });
      throw error;
    }
    if (reply.position) {
      const position = reply.position;
      await Promise.all(
        writtenCategories(r.writes).map((category) => consistency.afterWrite(position, category)),
      );
    }
    ctx.status = reply.status;
    ctx.body = reply.body;
    if (reply.position) ctx.set('X-Consistency-Token', reply.position);
  };
}

/** A request over a per-user limit: 429 with Retry-After, rendered like every other problem. */
function limitRefusals(metrics: Metrics): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof LimitExceeded)) throw error;
      metrics.rateLimitRefusals.inc({ limit: error.limit });
      requestLog(ctx).debug({ limit: error.limit }, `over the ${error.limit} limit: 429`);
      ctx.set('Retry-After', String(error.retryAfterSeconds));
      throw new HttpProblem(429, error.code, error.message);
    }
  };
}

/**
 * Browsers may call the API from the allowed origins with a bearer token (no cookies, so no
 * credentials mode), and may read the paging, consistency and rate-limit headers.
 */
function corsFor(origins: string[]): Koa.Middleware {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return cors({
    origin: (ctx) => (any ? '*' : allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Consistency-Token', 'X-Request-Id'],
    exposeHeaders: [
      'X-Request-Id',
      'X-Next-Before-Id',
      'X-Next-Before',
      'X-Next-After',
      'X-Consistency-Token',
      'Retry-After',
    ],
    maxAge: 600,
  });
}

/** Responses are data: browsers must never sniff or render them as a page. */
async function securityHeaders(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  ctx.set(DATA_HEADERS);
  await next();
}
