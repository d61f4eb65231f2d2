import { createHash, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import type { Metrics } from '../observability/metrics';
import { HttpProblem } from '../views/problem';

/**
 * `GET /metrics`: the Prometheus text exposition of the server's registry. Not part of the chat API
 * (absent from /openapi.json). With a token configured, scrapers send `Authorization: Bearer <token>`;
 * anything else gets 401.
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): Koa.Middleware {
  const expected = token === undefined ? undefined : digest(token);
  return async (ctx) => {
    if (expected !== undefined) {
      const offered = /^Bearer (.+)$/.exec(ctx.get('Authorization'))?.[1];
      // Digests have one length, so the comparison takes the same time whatever was sent.
      if (offered === undefined || !timingSafeEqual(digest(offered), expected)) {
        ctx.set('WWW-Authenticate', 'Bearer');
        throw new HttpProblem(401, 'unauthorized', '/metrics needs the bearer token set in METRICS_TOKEN');
      }
    }
    const text = await metrics.render();
    ctx.set('Content-Type', metrics.contentType);
    ctx.body = text;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
