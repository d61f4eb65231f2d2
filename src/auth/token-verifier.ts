import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';
import { type Caller, callerFromClaims, Unauthorized } from './caller';
import { VerifiedTokens } from './verified-tokens';

export type AuthConfig =
  | { kind: 'hs256'; secret: string; audience?: string; issuer?: string }
  | { kind: 'jwks'; jwksUrl: string; audience?: string; issuer?: string };

/** Turns a bearer token into its caller, or throws Unauthorized with the reason. */
export type TokenVerifier = (token: string) => Promise<Caller>;

/**
 * The one token check of the application: REST requests (the koa middleware) and WebSocket upgrades
 * and refreshes share it, so both accept the same algorithms (pinned), keys and claims. Build it once
 * per process: with a JWKS URL it holds the one key client and its cache, and it remembers the tokens it
 * accepted recently (VerifiedTokens) so that a client's every request does not check them again.
 */
export function tokenVerifier(config: AuthConfig): TokenVerifier {
  const key = verificationKey(config);
  const options: jwt.VerifyOptions = {
    algorithms: config.kind === 'jwks' ? ['RS256'] : ['HS256'],
    ...(config.audience !== undefined && { audience: config.audience }),
    ...(config.issuer !== undefined && { issuer: config.issuer }),
  };
  const verified = new VerifiedTokens();
  return async (token) => {
    if (token === '') throw new Unauthorized('no token was given');
    const known = verified.get(token);
    if (known !== undefined) return known;
    const claims = await new Promise<unknown>((resolve, reject) =>
      jwt.verify(token, key, options, (error, decoded) =>
        error ? reject(new Unauthorized(error.message)) : resolve(decoded),
      ),
    );
    return verified.remember(token, callerFromClaims(claims));
  };
}

function verificationKey(config: AuthConfig): jwt.Secret | jwt.GetPublicKeyOrSecret {
  // jsonwebtoken verifies HS256 about 80 times faster with a KeyObject than with a string secret.
  if (config.kind === 'hs256') return createSecretKey(Buffer.from(config.secret, 'utf8'));
  const client = jwksRsa({ jwksUri: config.jwksUrl, cache: true, rateLimit: true });
  return (header, callback) => {
    client.getSigningKey(header.kid).then(
      (signingKey) => callback(null, signingKey.getPublicKey()),
      (error: Error) => callback(error),
    );
  };
}
