import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** A fresh HS256 secret for one server: the bench knows it, so it can mint its users' tokens. */
export function newSecret(): string {
  return randomBytes(24).toString('hex');
}

/** Mints tokens the way an identity provider would: HS256 with the claims the API reads. */
export class TokenMinter {
  // A KeyObject, not the string: jsonwebtoken signs and verifies far faster with one.
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  mint(userId: string, name = userId, ttlSeconds = 6 * 3600): string {
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    return jwt.sign({ sub: userId, name, exp }, this.key, { algorithm: 'HS256' });
  }
}
