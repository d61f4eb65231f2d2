import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';
import type Koa from 'koa';
import koaJwt from 'koa-jwt';
import { z } from 'zod';
import type { Actor } from '../domain/actor';
import { HttpProblem } from './problem';
import { text } from './schemas';

export type AuthConfig =
  | { kind: 'hs256'; secret: string; audience?: string; issuer?: string }
  | { kind: 'jwks'; jwksUrl: string; audience?: string; issuer?: string };

/** Claims we rely on. A token without `exp` is refused: it could never be retired. */
export const Claims = z.object({
  // The user id names a stream and the name is stored: both must be well-formed Unicode.
  sub: text().min(1).max(128),
  name: text().max(200).optional(),
  picture: z.string().max(2048).optional(),
  exp: z.number(),
  roles: z.array(z.string()).optional(),
});
export type Claims = z.infer<typeof Claims>;

export interface Caller {
  actor: Actor;
  roles: string[];
  exp: number;
}

/** Verifies the bearer token (algorithms pinned) and puts the caller in `ctx.state.caller`. */
export function authMiddleware(config: AuthConfig): Koa.Middleware {
  const common = { key: 'claims', debug: true, audience: config.audience, issuer: config.issuer };
  const verify =
    config.kind === 'hs256'
      ? koaJwt({ ...common, secret: hs256Key(config.secret) as unknown as string, algorithms: ['HS256'] })
      : koaJwt({
          ...common,
          secret: jwksRsa.koaJwtSecret({ jwksUri: config.jwksUrl, cache: true, rateLimit: true }),
          algorithms: ['RS256'],
        });
  return async (ctx, next) => {
    try {
      await verify(ctx, async () => {});
    } catch (error) {
      const reason = ((error as { originalError?: Error }).originalError ?? (error as Error)).message;
      throw new HttpProblem(401, 'unauthorized', `a valid bearer token is required: ${reason}`);
    }
    ctx.state.caller = callerFromClaims(ctx.state.claims);
    // Every later line of the request names its caller.
    ctx.state.log = ctx.state.log?.child({ user_id: ctx.state.caller.actor.user_id });
    await next();
  };
}

export function callerFromClaims(raw: unknown): Caller {
  const parsed = Claims.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || 'claims').join(', ');
    throw new HttpProblem(401, 'unauthorized', `the token's claims are missing or invalid: ${fields}`);
  }
  const claims = parsed.data;
  return {
    actor: { user_id: claims.sub, username: claims.name ?? claims.sub, user_avatar: claims.picture ?? null },
    roles: claims.roles ?? [],
    exp: claims.exp,
  };
}

/**
 * Verifies a bearer token outside koa (the WebSocket upgrade): the same algorithms, keys and claim
 * rules as the REST API. Throws HttpProblem 401 with the reason.
 */
export function tokenVerifier(config: AuthConfig): (token: string) => Promise<Caller> {
  const options = { audience: config.audience, issuer: config.issuer };
  const verify = (token: string, key: jwt.Secret | jwt.GetPublicKeyOrSecret, algorithms: jwt.Algorithm[]) =>
    new Promise<unknown>((resolve, reject) =>
      jwt.verify(token, key, { ...options, algorithms }, (error, decoded) =>
        error ? reject(error) : resolve(decoded),
      ),
    );
  const keyOf =
    config.kind === 'jwks'
      ? (() => {
          const client = jwksRsa({ jwksUri: config.jwksUrl, cache: true, rateLimit: true });
          const getKey: jwt.GetPublicKeyOrSecret = (header, callback) => {
            client.getSigningKey(header.kid).then(
              (key) => callback(null, key.getPublicKey()),
              (error: Error) => callback(error),
            );
          };
          return { key: getKey, algorithms: ['RS256'] as jwt.Algorithm[] };
        })()
      : { key: hs256Key(config.secret), algorithms: ['HS256'] as jwt.Algorithm[] };
  return async (token) => {
    let claims: unknown;
    try {
      claims = await verify(token, keyOf.key, keyOf.algorithms);
    } catch (error) {
      throw new HttpProblem(401, 'unauthorized', `a valid token is required: ${(error as Error).message}`);
    }
    return callerFromClaims(claims);
  };
}

// jsonwebtoken verifies HS256 about 80 times faster with a KeyObject than with a string secret.
function hs256Key(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
