import type { Caller } from '../../../src/auth/caller';
import { tokenVerifier } from '../../../src/auth/token-verifier';
import { createConversation } from '../../../src/commands/conversation-handlers';
import { commandDeps } from '../../../src/commands/deps';
import { loadConfig } from '../../../src/config/config';
import { silentLogger } from '../../../src/observability/logger';
import { Metrics } from '../../../src/observability/metrics';
import { type Projector, startProjector } from '../../../src/projections/projector';
import { RealtimeServer } from '../../../src/realtime/realtime-server';
import { openStores, type Stores } from '../../../src/stores';
import { Supervisor } from '../../../src/supervision/supervisor';
import { TEST_SECRET } from '../../support/api-server';
import { realtimeSuite, tokenFor } from '../../support/realtime-harness';
import { tempDir } from '../../support/temp-dir';
import { refusal, type WsClient, WsClients, type WsFrame } from '../../support/ws-client';

/**
 * Per-user limits on real sockets. The typing rate is tiny (one token per 100 s) so no token comes
 * back while the test runs; the socket cap is 3 so the test opens few sockets.
 */
describe('abuse limits on WebSockets', () => {
  const { node, chat, clients } = realtimeSuite({
    env: { TYPING_RATE_LIMIT: '0.01', TYPING_BURST: '3', MAX_SOCKETS_PER_USER: '3' },
  });

  const connect = async (url: string): Promise<WsClient> => {
    const client = await clients.connect(url);
    await client.waitForType('connected');
    return client;
  };
  const typingStartsOf = (watcher: WsClient, userId: string) =>
    watcher.frames.filter((f) => f.type === 'typing' && f.typing.user_id === userId && f.typing.is_typing);

  describe('typing frames (TYPING_RATE_LIMIT, TYPING_BURST)', () => {
    it('share one bucket with POST /typing; over it a frame gets an error frame, not a close', async () => {
      const alice = tokenFor('alice');
      const bob = tokenFor('bob');
      const id = await chat.createGroup(alice, ['bob']);
      const watcher = await connect(node.wsUrl(`/${id}`, bob));
      const typist = await connect(node.wsUrl(`/${id}`, alice));

      typist.send({ type: 'typing', is_typing: true });
      typist.send({ type: 'typing', is_typing: true });
      await watcher.waitForCount((f) => f.type === 'typing' && f.typing.user_id === 'alice', 2);
      expect((await chat.typing(alice, id, true)).status).toBe(200); // the third and last token

      typist.send({ type: 'typing', is_typing: true });
      const error = await typist.waitForType('error');
      expect(error).toEqual({
        type: 'error',
        code: 'rate_limited',
        detail: 'at most 0.01 typing updates per second per user (bursts of 3)',
        retry_after: expect.any(Number),
        timestamp: expect.any(String),
      });
      expect(Number.isInteger(error.retry_after)).toBe(true);
      expect(error.retry_after).toBeGreaterThanOrEqual(1);
      expect(error.retry_after).toBeLessThanOrEqual(100);

      // REST is out of tokens too: one bucket per user, whichever way typing arrives.
      const rest = await node.call('POST', '/api/v1/chat/typing', {
        token: alice,
        body: { conversation_id: id, is_typing: true },
      });
      expect(rest.status).toBe(429);
      expect(rest.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);

      // The socket stays open and usable, and bob's typing still flows: the refused frame reached nobody.
      expect(typist.open).toBe(true);
      typist.send({ type: 'ping' });
      await typist.waitForType('pong');
      await chat.typing(bob, id, true);
      await typist.waitFor((f: WsFrame) => f.type === 'typing' && f.typing.user_id === 'bob');
      await watcher.waitFor((f: WsFrame) => f.type === 'typing' && f.typing.user_id === 'bob');
      expect(typingStartsOf(watcher, 'alice')).toHaveLength(3);
    });

    it('limits each user on their own', async () => {
      const carol = tokenFor('carol');
      const dave = tokenFor('dave');
      const id = await chat.createGroup(carol, ['dave']);
      const carols = await connect(node.wsUrl(`/${id}`, carol));
      const daves = await connect(node.wsUrl(`/${id}`, dave));
      for (let i = 0; i < 4; i++) carols.send({ type: 'typing', is_typing: true });
      await carols.waitForType('error');
      daves.send({ type: 'typing', is_typing: true });
      await carols.waitFor((f) => f.type === 'typing' && f.typing.user_id === 'dave');
      expect(daves.ofType('error')).toEqual([]);
    });
  });

  describe('open sockets per user (MAX_SOCKETS_PER_USER)', () => {
    it('refuses the socket past the cap with 429 and Retry-After, on both ports, and counts per user', async () => {
      const erin = tokenFor('erin');
      const id = await chat.createGroup(erin, ['frank']);
      for (let i = 0; i < 3; i++) await connect(node.wsUrl(i === 1 ? '' : `/${id}`, erin));
      for (const url of [node.wsUrl(`/${id}`, erin), node.restWsUrl(`/${id}`, erin), node.wsUrl('', erin)]) {
        const answer = await refusal(url);
        expect(answer.status).toBe(429);
        expect(answer.headers['retry-after']).toMatch(/^[1-9]\d*$/);
        expect(answer.body).toEqual({
          status: 429,
          code: 'too_many_sockets',
          detail: 'at most 3 open sockets per user on one server',
        });
      }
      await connect(node.wsUrl(`/${id}`, tokenFor('frank')));
    });

    it('accepts again once a socket closes', async () => {
      const hank = tokenFor('hank');
      const id = await chat.createGroup(hank, []);
      const open = [];
      for (let i = 0; i < 3; i++) open.push(await connect(node.wsUrl(`/${id}`, hank)));
      expect((await refusal(node.wsUrl(`/${id}`, hank))).status).toBe(429);
      await open[0]?.close();
      // The server learns of the close asynchronously: retry until it has (bounded by the attempts).
      let opened = false;
      for (let attempt = 0; attempt < 50 && !opened; attempt++) {
        try {
          await connect(node.wsUrl(`/${id}`, hank));
          opened = true;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(opened).toBe(true);
    });
  });
});

/**
 * Token checks can be slow (a JWKS fetch) and finish together: the cap must count upgrades still in
 * flight (waiting on the participant check), not only open sockets. Here every token check is held
 * until all upgrades are waiting on one.
 */
describe('the socket cap under concurrent upgrades', () => {
  const ATTEMPTS = 12;
  const data = tempDir('chat-rt-');
  let stores: Stores;
  let projector: Projector;
  let realtime: RealtimeServer;
  let port: number;
  let conversationId: string;
  const clients = new WsClients();
  const held: (() => void)[] = [];

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: data.dir, SECRET_KEY: TEST_SECRET });
    stores = await openStores(config);
    projector = await startProjector(stores.store, stores.readModels.projections);
    const commands = commandDeps(stores.store, stores.ephemeral);
    const ivy = { user_id: 'ivy', username: 'Ivy', user_avatar: null };
    const created = await createConversation(commands, ivy, {
      conversation_type: 'group',
      name: 'room',
      description: null,
      avatar_url: null,
      participant_ids: [],
    });
    conversationId = created.value.conversation.conversation_id;
    // The upgrade checks participation on the read model: wait (bounded) for the projection.
    for (let i = 0; i < 200; i++) {
      if (await stores.readModels.readModels.isParticipant(conversationId, 'ivy')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const verify = tokenVerifier({ kind: 'hs256', secret: TEST_SECRET });
    realtime = new RealtimeServer({
      store: stores.store,
      readModels: stores.readModels.readModels,
      commands,
      allowedOrigins: ['*'],
      maxSocketsPerUser: 3,
      supervisor: new Supervisor(silentLogger(), new Metrics({ processMetrics: false })),
      logger: silentLogger(),
      metrics: new Metrics({ processMetrics: false }),
      verifyToken: async (token): Promise<Caller> => {
        const caller = await verify(token);
        await new Promise<void>((release) => {
          held.push(release);
          // Released from a Node callback, as a JWKS fetch would finish, not inside a uWS handler.
          if (held.length === ATTEMPTS)
            setImmediate(() => {
              for (const go of held) go();
            });
        });
        return caller;
      },
    });
    port = await realtime.listen('127.0.0.1', 0);
  });
  afterAll(async () => {
    await clients.closeAll();
    await realtime.close();
    await projector.stop();
    await stores.close();
    data.remove();
  });

  it('opens exactly the cap and refuses the rest with 429', async () => {
    const url = `ws://127.0.0.1:${port}/api/v1/chat/ws/${conversationId}?token=${tokenFor('ivy')}`;
    const outcomes = await Promise.all(
      Array.from({ length: ATTEMPTS }, () =>
        clients.connect(url).then(
          async (client) => {
            await client.waitForType('connected');
            return 'open';
          },
          (error: Error) => error.message,
        ),
      ),
    );
    expect(held).toHaveLength(ATTEMPTS);
    expect(outcomes.filter((o) => o === 'open')).toHaveLength(3);
    expect(outcomes.filter((o) => o !== 'open')).toEqual(
      Array.from({ length: ATTEMPTS - 3 }, () => 'upgrade refused with 429'),
    );
  });
});
