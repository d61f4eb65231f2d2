import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

/** A client's request id is kept when it is short and plain (it goes into every log line as is). */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What a request's log lines are built from; its child logger is made only when something logs. */
interface RequestLogState {
  root: Logger;
  reqId: string;
  child?: Logger;
  /** The caller the child names (undefined before authentication). */
  childUserId?: string;
}

/**
 * The outermost middleware: gives the request an id (the client's `X-Request-Id` when acceptable,
 * else a new one), echoes it, and once the answer is decided writes one access log line and observes
 * the duration histogram. Routes are labelled by their template, never the raw path: ids in paths
 * would make unbounded labels and leak into logs.
 *
 * The access line is written by the root logger with `req_id` (and `user_id`) as fields, the same line
 * a child logger would write: most requests log nothing else, and the two pino children a request used
 * to make (with `req_id`, then `user_id`) cost about 7 µs. Other lines go through `requestLog(ctx)`.
 */
export function requestContext(logger: Logger, metrics: Metrics): Koa.Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const offered = ctx.get('X-Request-Id');
    const reqId = CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
    ctx.set('X-Request-Id', reqId);
    const state: RequestLogState = { root: logger, reqId };
    ctx.state.requestLog = state;
    let thrown = false;
    try {
      await next();
    } catch (error) {
      // Only reaches here when an error escaped the problem middleware: koa answers 500.
      thrown = true;
      throw error;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = thrown ? 500 : ctx.status;
      const route = routeTemplate(ctx);
      metrics.httpDuration.observe({ method: ctx.method, route, status: String(status) }, seconds);
      const userId = callerId(ctx);
      logger.info(
        {
          req_id: reqId,
          ...(userId !== undefined && { user_id: userId }),
          method: ctx.method,
          route,
          status,
          duration_ms: Math.round(seconds * 1e6) / 1e3,
        },
        `${ctx.method} ${route} ${status}`,
      );
    }
  };
}

/** The request's logger: `req_id`, and `user_id` once authenticated, on every line. */
export function requestLog(ctx: Koa.Context): Logger {
  const state = ctx.state.requestLog as RequestLogState | undefined;
  if (state === undefined) throw new Error('requestLog needs the requestContext middleware');
  const userId = callerId(ctx);
  if (state.child === undefined || state.childUserId !== userId) {
    state.child = state.root.child(
      userId === undefined ? { req_id: state.reqId } : { req_id: state.reqId, user_id: userId },
    );
    state.childUserId = userId;
  }
  return state.child;
}

function callerId(ctx: Koa.Context): string | undefined {
  return ctx.state.caller?.actor.user_id;
}

/** The router's template of the matched route (`/api/v1/chat/messages/:message_id`), or `unmatched`. */
function routeTemplate(ctx: Koa.Context): string {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof matched === 'string' ? matched : 'unmatched';
}
