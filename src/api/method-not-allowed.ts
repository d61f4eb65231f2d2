import type Koa from 'koa';
import { HttpProblem } from '../views/problem';

/** What @koa/router leaves on the context: every route whose path matched, whatever its method. */
interface RoutedContext {
  matched?: { methods: string[] }[];
  _matchedRoute?: unknown;
}

/**
 * A path that exists asked with a method it does not serve (TRACE, CONNECT, an OPTIONS that is not a
 * CORS preflight, a DELETE on a list...) is a 405 naming the methods it serves in `Allow` (RFC 9110
 * §15.5.6), as a problem document. It runs after the router: a path no route matches stays a 404.
 * The router's own `allowedMethods` answers methods it does not know with 501 and OPTIONS with 200,
 * neither of which the OpenAPI document declares.
 */
export function methodNotAllowed(): Koa.Middleware {
  return async (ctx, next) => {
    await next();
    const routed = ctx as unknown as RoutedContext;
    if (routed._matchedRoute !== undefined || ctx.body !== undefined) return;
    const allowed = new Set((routed.matched ?? []).flatMap((layer) => layer.methods));
    if (allowed.size === 0) return;
    const allow = [...allowed].sort().join(', ');
    ctx.set('Allow', allow);
    throw new HttpProblem(
      405,
      'method_not_allowed',
      `${ctx.method} is not served on ${ctx.path}; allowed: ${allow}`,
    );
  };
}
