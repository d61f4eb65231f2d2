import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { MAX_FRAME_BYTES } from '../../../src/realtime/realtime-server';
import { TEST_SECRET } from '../../support/api-server';
import { Chat, type RealtimeNode, realtimeSuite, tokenFor } from '../../support/realtime-harness';
import { refusal } from '../../support/ws-client';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** Tokens that must not open a socket, each with what is wrong with it. */
const badTokens: [string, () => string][] = [
  ['a missing token', () => ''],
  ['a malformed token', () => 'not.a-jwt'],
  [
    'a token signed with another secret',
    () => jwt.sign({ sub: 'bob', name: 'Bob' }, 'another-secret-of-some-length', { expiresIn: 3600 }),
  ],
  [
    'an expired token',
    () =>
      jwt.sign(
        { sub: 'bob', exp: Math.floor(Date.now() / 1000) - 30 },
        createSecretKey(Buffer.from(TEST_SECRET)),
      ),
  ],
  [
    'an unsigned token (alg none)',
    () => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'bob', exp: inAnHour() })}.`,
  ],
  [
    'a token without exp',
    () => jwt.sign({ sub: 'bob' }, createSecretKey(Buffer.from(TEST_SECRET)), { algorithm: 'HS256' }),
  ],
  [
    'an HS384 token with the right secret',
    () =>
      jwt.sign({ sub: 'bob' }, createSecretKey(Buffer.from(TEST_SECRET)), {
        algorithm: 'HS384',
        expiresIn: 3600,
      }),
  ],
];

describe('WebSocket upgrade refusals', () => {
  const { node, chat, clients } = realtimeSuite();
  let conversationId: string;
  const alice = tokenFor('alice');
  const bob = tokenFor('bob');

  beforeAll(async () => {
    conversationId = await chat.createGroup(alice, ['bob']);
  });

  it.each(badTokens)('answers 401 to %s, on the uWS port and on the REST port', async (_, make) => {
    const token = make();
    for (const url of [
      node.wsUrl(`/${conversationId}`, token),
      node.restWsUrl(`/${conversationId}`, token),
      node.wsUrl('', token),
    ]) {
      const answer = await refusal(url);
      expect({ url, status: answer.status }).toEqual({ url, status: 401 });
      expect(answer.body).toMatchObject({ status: 401, code: 'unauthorized' });
      // A refusal is data: browsers must not sniff or render it.
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('accepts a valid token (the control case)', async () => {
    const client = await clients.connect(node.wsUrl(`/${conversationId}`, bob));
    await client.waitForType('connected');
  });

  it('answers 404 alike to an unknown conversation, a malformed id and a non-participant', async () => {
    const mallory = tokenFor('mallory');
    const unknown = await refusal(node.wsUrl('/c0ffee0000000000000000000000abcd', mallory));
    const malformed = await refusal(node.wsUrl('/..%2Fetc', mallory));
    const outsider = await refusal(node.wsUrl(`/${conversationId}`, mallory));
    const outsiderViaRest = await refusal(node.restWsUrl(`/${conversationId}`, mallory));
    for (const answer of [unknown, malformed, outsider, outsiderViaRest]) {
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toBe(unknown.headers['content-type']);
    }
    expect(outsider.body).toEqual(unknown.body);
    expect(malformed.body).toEqual(unknown.body);
    expect(outsiderViaRest.body).toEqual(unknown.body);
  });

  it('refuses the 21st socket of one user with 429 and accepts again once one closes', async () => {
    const id = await chat.createGroup(tokenFor('dave'), []);
    const dave = tokenFor('dave');
    const open = [];
    for (let i = 0; i < 20; i++) open.push(await clients.connect(node.wsUrl(`/${id}`, dave)));
    await Promise.all(open.map((c) => c.waitForType('connected')));
    const answer = await refusal(node.wsUrl(`/${id}`, dave));
    expect(answer.status).toBe(429);
    await open[0]?.close();
    // The server learns of the close asynchronously: allow it a moment.
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 101; attempt++) {
      try {
        const again = await clients.connect(node.wsUrl(`/${id}`, dave));
        await again.waitForType('connected');
        status = 101;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(status).toBe(101);
  });

  it(`closes a socket that sends a frame larger than ${MAX_FRAME_BYTES} bytes, and accepts one just under`, async () => {
    const client = await clients.connect(node.wsUrl(`/${conversationId}`, bob));
    await client.waitForType('connected');
    const frame = (size: number) => {
      const base = JSON.stringify({ type: 'ping', pad: '' });
      return JSON.stringify({ type: 'ping', pad: 'x'.repeat(size - base.length) });
    };
    client.send(frame(MAX_FRAME_BYTES - 100));
    await client.waitForType('pong');
    expect(client.open).toBe(true);
    client.send(frame(MAX_FRAME_BYTES + 1024));
    await client.until(() => client.closeInfo !== undefined, 10_000, 'the socket to close');
    // uWS drops the connection (1006 for the client) or sends 1009 "message too big".
    expect([1006, 1009]).toContain(client.closeInfo?.code);
  });

  it('closes the single-conversation socket of a removed participant with 4003, after the removal frame', async () => {
    const id = await chat.createGroup(alice, ['bob', 'carol']);
    const bobs = await clients.connect(node.wsUrl(`/${id}`, bob));
    const carols = await clients.connect(node.wsUrl(`/${id}`, tokenFor('carol')));
    await Promise.all([bobs.waitForType('connected'), carols.waitForType('connected')]);
    await chat.removeParticipant(alice, id, 'bob');
    const closed = await bobs.closed;
    expect(closed.code).toBe(4003);
    expect(bobs.ofType('participant_removed')).toEqual([
      expect.objectContaining({
        conversation_id: id,
        participant: expect.objectContaining({ user_id: 'bob' }),
      }),
    ]);
    // The others stay connected and keep receiving.
    await chat.send(alice, id, 'after bob left');
    await carols.waitFor((f) => f.type === 'message' && f.message.content === 'after bob left');
    expect(carols.open).toBe(true);
    // And bob cannot come back.
    expect((await refusal(node.wsUrl(`/${id}`, bob))).status).toBe(404);
  });
});

describe('token lifetime on an open socket', () => {
  const { node, clients } = realtimeSuite({}, false);

  it('closes a socket with 4001 when its token expires, unless the client refreshed it over the socket', async () => {
    const id = await new Chat(node).createGroup(tokenFor('alice'), ['bob']);
    const shortLived = () => tokenFor('bob', { exp: Math.floor(Date.now() / 1000) + 3 });
    const lapsing = await clients.connect(node.wsUrl(`/${id}`, shortLived()));
    const refreshed = await clients.connect(node.wsUrl(`/${id}`, shortLived()));
    await Promise.all([lapsing.waitForType('connected'), refreshed.waitForType('connected')]);

    refreshed.send({ type: 'auth', token: tokenFor('alice') });
    const wrongUser = await refreshed.waitForType('error');
    expect(wrongUser).toMatchObject({ code: 'unauthorized' });
    refreshed.send({ type: 'auth', token: 'garbage' });
    await refreshed.waitForCount((f) => f.type === 'error', 2);
    refreshed.send({ type: 'auth', token: tokenFor('bob') });
    const ok = await refreshed.waitForType('auth_ok');
    expect(Date.parse(ok.expires_at)).toBeGreaterThan(Date.now() + 3_000_000);

    const closed = await lapsing.closed;
    expect(closed.code).toBe(4001);
    expect(refreshed.open).toBe(true);
    refreshed.send({ type: 'ping' });
    await refreshed.waitForType('pong');
  });
});

describe('WebSocket Origin allow-list', () => {
  const { node, clients } = realtimeSuite(
    { env: { WS_ALLOWED_ORIGINS: 'https://ok.example, https://also-ok.example' } },
    false,
  );
  let conversationId: string;
  const bob = tokenFor('bob');

  beforeAll(async () => {
    conversationId = await new Chat(node).createGroup(tokenFor('alice'), ['bob']);
  });

  it.each([
    ['the uWS port', (n: RealtimeNode, path: string, t: string) => n.wsUrl(path, t)],
    ['the REST port', (n: RealtimeNode, path: string, t: string) => n.restWsUrl(path, t)],
  ])('on %s: refuses a foreign Origin with 403, accepts a listed one and a missing one', async (_, urlOf) => {
    const url = urlOf(node, `/${conversationId}`, bob);
    const foreign = await refusal(url, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ status: 403 });
    // A foreign Origin is refused even without a valid token (no token oracle either way).
    expect(
      (await refusal(urlOf(node, `/${conversationId}`, 'junk'), { Origin: 'https://evil.example' })).status,
    ).toBe(403);
    for (const headers of <Record<string, string>[]>[
      { Origin: 'https://ok.example' },
      { Origin: 'https://also-ok.example' },
      {},
    ]) {
      const client = await clients.connect(url, { headers });
      expect(await client.waitForType('connected')).toMatchObject({ conversation_id: conversationId });
      await client.close();
    }
  });
});
