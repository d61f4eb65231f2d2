import type Koa from 'koa';
import { HttpProblem, TITLES, toProblem } from '../views/problem';
import { requestLog } from './request-context';

/**
 * One middleware renders every error as an application/problem+json document. A 5xx is logged with
 * its error on the request's logger (`requestLog(ctx)`, which carries `req_id`).
 */
export async function problemMiddleware(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      throw new HttpProblem(404, 'not_found', `no route for ${ctx.method} ${ctx.path}`);
    }
  } catch (error) {
    const problem = toProblem(error);
    if (problem.status >= 500) {
      requestLog(ctx).error({ err: error, status: problem.status }, `${ctx.method} ${ctx.path} failed`);
    }
    if (problem.headers) ctx.set(problem.headers);
    ctx.status = problem.status;
    ctx.type = 'application/problem+json';
    ctx.body = {
      type: 'about:blank',
      title: TITLES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.message,
      code: problem.code,
      ...(problem.errors && { errors: problem.errors }),
      ...problem.extensions,
    };
  }
}
