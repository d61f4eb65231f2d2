import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Caller } from '../../../src/auth/caller';
import { tokenVerifier } from '../../../src/auth/token-verifier';
import { VerifiedTokens } from '../../../src/auth/verified-tokens';

const SECRET = 'verified-tokens-test-secret-0123456789';

function caller(userId: string, exp: number): Caller {
  return {
    actor: { user_id: userId, username: userId, user_avatar: null },
    roles: [],
    exp,
    claimed: { name: false, picture: false },
  };
}

function sign(claims: object): string {
  return jwt.sign(claims, createSecretKey(Buffer.from(SECRET, 'utf8')), { algorithm: 'HS256' });
}

describe('VerifiedTokens', () => {
  let now = 1_000_000_000_000;
  const clock = () => now;

  it('answers a remembered token with its caller, and nothing for another token', () => {
    const tokens = new VerifiedTokens(clock);
    const remembered = tokens.remember('token-a', caller('ann', now / 1000 + 3600));
    expect(tokens.get('token-a')).toBe(remembered);
    expect(tokens.get('token-a ')).toBeUndefined();
    expect(tokens.get('token-b')).toBeUndefined();
  });

  it('stops answering in the second the token expires, as jsonwebtoken starts refusing it', () => {
    const tokens = new VerifiedTokens(clock, 60_000);
    const exp = Math.floor(now / 1000) + 10;
    tokens.remember('token-a', caller('ann', exp));
    now = exp * 1000 - 1;
    expect(tokens.get('token-a')?.actor.user_id).toBe('ann');
    now = exp * 1000;
    expect(tokens.get('token-a')).toBeUndefined();
  });

  it('checks a token again after the time to live, however long the token lives', () => {
    const tokens = new VerifiedTokens(clock, 60_000);
    tokens.remember('token-a', caller('ann', now / 1000 + 86_400));
    now += 59_999;
    expect(tokens.get('token-a')).toBeDefined();
    now += 1;
    expect(tokens.get('token-a')).toBeUndefined();
  });

  it('forgets the oldest token beyond its capacity', () => {
    const tokens = new VerifiedTokens(clock, 60_000, 2);
    const exp = now / 1000 + 3600;
    tokens.remember('token-a', caller('ann', exp));
    tokens.remember('token-b', caller('bob', exp));
    tokens.remember('token-c', caller('cyd', exp));
    expect(tokens.get('token-a')).toBeUndefined();
    expect(tokens.get('token-b')?.actor.user_id).toBe('bob');
    expect(tokens.get('token-c')?.actor.user_id).toBe('cyd');
  });

  it('hands out a frozen caller: requests sharing it cannot change it for each other', () => {
    const tokens = new VerifiedTokens(clock);
    const shared = tokens.remember('token-a', { ...caller('ann', now / 1000 + 3600), roles: ['auditor'] });
    expect(() => {
      (shared.actor as { user_id: string }).user_id = 'mallory';
    }).toThrow(TypeError);
    expect(() => (shared.roles as string[]).push('admin')).toThrow(TypeError);
    expect(tokens.get('token-a')).toEqual(
      expect.objectContaining({ actor: expect.objectContaining({ user_id: 'ann' }), roles: ['auditor'] }),
    );
  });
});

describe('tokenVerifier with remembered tokens', () => {
  const verify = tokenVerifier({ kind: 'hs256', secret: SECRET });

  it('answers the same caller for a token it accepted, and still refuses a token with its signature altered', async () => {
    const token = sign({ sub: 'ann', exp: Math.floor(Date.now() / 1000) + 3600 });
    const first = await verify(token);
    expect(await verify(token)).toBe(first);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const altered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(verify(altered)).rejects.toThrow('invalid signature');
  });

  it('refuses a token it accepted once the token has expired', async () => {
    const exp = Math.floor(Date.now() / 1000) + 1;
    const token = sign({ sub: 'ann', exp });
    expect((await verify(token)).actor.user_id).toBe('ann');
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 20));
    await expect(verify(token)).rejects.toThrow('jwt expired');
  });

  it('never remembers a refusal: a token refused for its claims stays refused', async () => {
    const token = sign({ sub: '', exp: Math.floor(Date.now() / 1000) + 3600 });
    await expect(verify(token)).rejects.toThrow(/claims/);
    await expect(verify(token)).rejects.toThrow(/claims/);
  });
});
