import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';

/** A client's request id is kept when it is short and plain (it goes into every log line as is). */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The outermost middleware: gives the request an id (the client's `X-Request-Id` when acceptable,
 * else a new one), echoes it, puts a logger carrying it on `ctx.state.log`, and once the answer is
 * decided writes one access log line and observes the duration histogram. Routes are labelled by
 * their template, never the raw path: ids in paths would make unbounded labels and leak into logs.
 */
export function requestContext(logger: Logger, metrics: Metrics): Koa.Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const offered = ctx.get('X-Request-Id');
    const reqId = CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
    ctx.set('X-Request-Id', reqId);
    ctx.state.log = logger.child({ req_id: reqId });
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
      const userId: string | undefined = ctx.state.caller?.actor.user_id;
      requestLog(ctx).info(
        {
          method: ctx.method,
          route,
          status,
          duration_ms: Math.round(seconds * 1e6) / 1e3,
          ...(userId !== undefined && { user_id: userId }),
        },
        `${ctx.method} ${route} ${status}`,
      );
    }
  };
}

/** The request's logger (with `req_id`, and `user_id` once authenticated). */
export function requestLog(ctx: Koa.Context): Logger {
  return ctx.state.log as Logger;
}

/** The router's template of the matched route (`/api/v1/chat/messages/:message_id`), or `unmatched`. */
function routeTemplate(ctx: Koa.Context): string {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof matched === 'string' ? matched : 'unmatched';
}
