import { z } from 'zod';
import type { Actor } from '../domain/actor';
import { text } from '../views/text';

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

/** Who is calling, as REST requests and WebSocket connections both know them. */
export interface Caller {
  actor: Actor;
  roles: string[];
  /** When the token expires, in seconds since the epoch. */
  exp: number;
  /** Which profile fields the token itself states (else the recorded profile tells them). */
  claimed: { name: boolean; picture: boolean };
}

/**
 * No valid token: both adapters answer 401 (REST) or refuse the upgrade or the refresh (WebSocket).
 * `toProblem` reads its `status`, as it does for any client error.
 */
export class Unauthorized extends Error {
  readonly status = 401;
  readonly code = 'unauthorized';
  constructor(message: string) {
    super(message);
    this.name = 'Unauthorized';
  }
}

export function callerFromClaims(raw: unknown): Caller {
  const parsed = Claims.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || 'claims').join(', ');
    throw new Unauthorized(`the token's claims are missing or invalid: ${fields}`);
  }
  const claims = parsed.data;
  return {
    actor: { user_id: claims.sub, username: claims.name ?? claims.sub, user_avatar: claims.picture ?? null },
    roles: claims.roles ?? [],
    exp: claims.exp,
    claimed: { name: claims.name !== undefined, picture: claims.picture !== undefined },
  };
}
