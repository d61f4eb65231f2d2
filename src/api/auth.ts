import type Koa from 'koa';
import { Unauthorized } from '../auth/caller';
import type { TokenVerifier } from '../auth/token-verifier';
import { HttpProblem } from '../views/problem';

const BEARER = /^Bearer\s+(\S+)$/i;

/** Verifies the `Authorization: Bearer` token and puts the caller in `ctx.state.caller`. */
export function authMiddleware(verify: TokenVerifier): Koa.Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      const reason = header === '' ? 'no Authorization header' : 'the Authorization scheme must be Bearer';
      throw new HttpProblem(401, 'unauthorized', `a valid bearer token is required: ${reason}`);
    }
    try {
      ctx.state.caller = await verify(token);
    } catch (error) {
      if (!(error instanceof Unauthorized)) throw error;
      throw new HttpProblem(401, 'unauthorized', `a valid bearer token is required: ${error.message}`);
    }
    await next();
  };
}
