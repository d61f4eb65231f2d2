import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { TEST_SECRET } from './api-server';

/**
 * The kinds of caller every endpoint is tried with. A kind says how it authenticates: through the
 * REST `Authorization` header (`header`) and through the WebSocket `?token=` query (`wsToken`, with
 * `wsHeaders` for what it puts in the upgrade's headers instead).
 */
export interface CallerKind {
  name: string;
  header: string | undefined;
  wsToken: string;
  wsHeaders?: Record<string, string>;
}

const KEY = createSecretKey(Buffer.from(TEST_SECRET, 'utf8'));
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** A well-signed token of the test secret; `audience` adds an `aud` claim. */
export function signed(sub: string, claims: Record<string, unknown> = {}, audience?: string): string {
  return jwt.sign({ sub, name: `User ${sub}`, ...claims }, KEY, {
    algorithm: 'HS256',
    ...('exp' in claims ? {} : { expiresIn: 3600 }),
    ...(audience !== undefined && { audience }),
  });
}

const bearer = (token: string): CallerKind['header'] => `Bearer ${token}`;
const kind = (name: string, token: string): CallerKind => ({ name, header: bearer(token), wsToken: token });

/** Callers that hold no valid token: every endpoint and both WebSocket paths answer them 401. */
export function unauthenticatedKinds(): CallerKind[] {
  const valid = signed('alice');
  return [
    { name: 'no token', header: undefined, wsToken: '' },
    kind('a malformed token (two segments)', 'abc.def'),
    kind('a garbage token', '%%garbage!!'),
    {
      name: 'the wrong scheme (Basic; on WebSockets a header instead of ?token)',
      header: `Basic ${Buffer.from('alice:password').toString('base64')}`,
      wsToken: '',
      wsHeaders: { Authorization: bearer(valid) as string },
    },
    kind(
      'a wrong signature',
      jwt.sign({ sub: 'alice', name: 'Alice' }, 'another-secret-of-some-length', { expiresIn: 3600 }),
    ),
    kind('alg none', `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'alice', exp: inAnHour() })}.`),
    kind('an expired token', signed('alice', { exp: Math.floor(Date.now() / 1000) - 30 })),
    kind('a token without exp', jwt.sign({ sub: 'alice' }, KEY, { algorithm: 'HS256' })),
  ];
}

/** Callers of a server configured with JWT_AUDIENCE=`audience` whose tokens name another or none. */
export function wrongAudienceKinds(audience: string): CallerKind[] {
  return [
    kind('a token for another audience', signed('alice', {}, `not-${audience}`)),
    kind('a token without an audience', signed('alice')),
  ];
}

/** The valid callers of the fixture world, by the part they play in it. */
export const ROLES = {
  admin: { user: 'alice', claims: {} },
  participant: { user: 'bob', claims: {} },
  outsider: { user: 'carol', claims: {} },
  auditor: { user: 'auditor-1', claims: { roles: ['auditor'] } },
  operator: { user: 'operator-1', claims: { roles: ['operator'] } },
  moderator: { user: 'moderator-1', claims: { roles: ['moderator'] } },
} as const;
export type Role = keyof typeof ROLES;

export function roleToken(role: Role, audience?: string): string {
  const { user, claims } = ROLES[role];
  return signed(user, { ...claims }, audience);
}
