import { LEASE_EVERY_MS, OFFLINE_GRACE_MS } from '../../../src/realtime/presence-tracker';
import { Chat, type RealtimeNode, startRealtimeNode, tokenFor } from '../../support/realtime-harness';
import { tempDir } from '../../support/temp-dir';
import { sleep, type WsClient, WsClients, type WsFrame } from '../../support/ws-client';

const presenceOf = (userId: string, status?: string) => (frame: WsFrame) =>
  frame.type === 'presence' &&
  frame.presence?.user_id === userId &&
  (status === undefined || frame.presence.status === status);
const messageWith = (content: string) => (frame: WsFrame) =>
  frame.type === 'message' && frame.message?.content === content;

/** Two nodes sharing one DATA_DIR: the same log, read models and ephemeral channel, as behind a load balancer. */
describe('two realtime nodes on one log', () => {
  const data = tempDir('chat-rt-two-');
  let nodeA: RealtimeNode;
  let nodeB: RealtimeNode;
  let chatA: Chat;
  let chatB: Chat;
  const clients = new WsClients();
  const alice = tokenFor('alice', { name: 'Alice' });
  const bob = tokenFor('bob', { name: 'Bob' });

  beforeAll(async () => {
    nodeA = await startRealtimeNode({ dataDir: data.dir });
    nodeB = await startRealtimeNode({ dataDir: data.dir });
    chatA = new Chat(nodeA);
    chatB = new Chat(nodeB);
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await clients.closeAll();
    await nodeB?.stop();
    await nodeA?.stop();
    data.remove();
  });

  const connect = async (url: string): Promise<WsClient> => {
    const client = await clients.connect(url);
    await client.waitForType('connected');
    return client;
  };

  it('delivers a message sent through one node to subscribers of both', async () => {
    const id = await chatA.createGroup(alice, ['bob']);
    const onB = await connect(nodeB.wsUrl(`/${id}`, bob));
    const onA = await connect(nodeA.wsUrl(`/${id}`, bob));
    const sent = await chatA.send(alice, id, 'from node A');
    const [b, a] = await Promise.all([
      onB.waitFor(messageWith('from node A')),
      onA.waitFor(messageWith('from node A')),
    ]);
    expect(b).toEqual(a);
    expect(b.message.id).toBe(sent.id);
    await chatB.send(alice, id, 'from node B');
    await Promise.all([onB.waitFor(messageWith('from node B')), onA.waitFor(messageWith('from node B'))]);
    // Both nodes deliver in log order.
    const order = (c: WsClient) => c.frames.filter((f) => f.type === 'message').map((f) => f.message.content);
    expect(order(onA)).toEqual(['from node A', 'from node B']);
    expect(order(onB)).toEqual(order(onA));
  });

  it('relays typing published on one node to sockets on the other', async () => {
    const id = await chatA.createGroup(alice, ['bob']);
    const watcherOnB = await connect(nodeB.wsUrl(`/${id}`, bob));
    await chatA.typing(alice, id, true);
    const typing = await watcherOnB.waitFor((f) => f.type === 'typing' && f.typing.user_id === 'alice');
    expect(typing.typing).toMatchObject({ is_typing: true, username: 'Alice' });
  });

  /**
   * The client's flow across nodes: it writes through node A, learns the position of its write (the
   * X-Consistency-Token), and reconnects at once to node B, whose log subscription may lag behind.
   */
  const resumeOnLaggingNode = async (rounds: number) => {
    const id = await chatA.createGroup(alice, ['bob']);
    const outcomes: { since: string; frames: WsFrame[] }[] = [];
    for (let round = 0; round < rounds; round++) {
      const res = await nodeA.call('POST', '/api/v1/chat/messages', {
        token: alice,
        body: { conversation_id: id, content: `r${round}` },
      });
      expect(res.status).toBe(201);
      const since = res.headers.get('x-consistency-token') as string;
      const client = await connect(nodeB.wsUrl(`/${id}`, bob, { since }));
      expect(client.frames[0]).toMatchObject({ type: 'connected', recovered: true });
      await chatA.send(alice, id, `after-${round}`);
      await client.waitFor(messageWith(`after-${round}`));
      await sleep(50);
      outcomes.push({ since, frames: client.frames.slice(1) });
      await client.close();
    }
    return outcomes;
  };

  it('resumes on the other node from a position written through the first: nothing after it missed or repeated', async () => {
    for (const { since, frames } of await resumeOnLaggingNode(10)) {
      expect(frames.every((f) => (f.position as string) > since)).toBe(true);
      expect(frames.map((f) => f.message?.content)).toEqual([expect.stringMatching(/^after-/)]);
      const positions = frames.map((f) => f.position as string);
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions).toEqual([...positions].sort());
    }
  });

  // A client that wrote through node A and reconnects to node B before B's log subscription has
  // caught up: made deterministic by resuming from the position of a write B cannot have published yet
  // (the log has one writer here, so the next positions are known).
  it('sends nothing at or before since when resuming on a node that has not published it yet', async () => {
    const id = await chatA.createGroup(alice, ['bob']);
    const res = await nodeA.call('POST', '/api/v1/chat/messages', {
      token: alice,
      body: { conversation_id: id, content: 'seen' },
    });
    const seen = res.headers.get('x-consistency-token') as string;
    const [epoch, hex] = seen.split(':') as [string, string];
    // The position the second message from now will have.
    const since = `${epoch}:${(Number.parseInt(hex, 16) + 2).toString(16).padStart(hex.length, '0')}`;
    const client = await connect(nodeB.wsUrl(`/${id}`, bob, { since }));
    const written: string[] = [];
    for (const content of ['skipped 1', 'skipped 2', 'expected']) {
      const sent = await nodeA.call('POST', '/api/v1/chat/messages', {
        token: alice,
        body: { conversation_id: id, content },
      });
      written.push(sent.headers.get('x-consistency-token') as string);
    }
    expect(written[1]).toBe(since);
    await client.waitFor(messageWith('expected'));
    await sleep(100);
    expect(client.frames.filter((f) => f.type === 'message').map((f) => f.message.content)).toEqual([
      'expected',
    ]);
  });

  it('keeps a user online while any node holds a socket of theirs, and announces offline after the last closes', async () => {
    const id = await chatA.createGroup(alice, ['bob']);
    const watcher = await connect(nodeA.wsUrl(`/${id}`, bob));

    const aliceOnB = await connect(nodeB.wsUrl(`/${id}`, alice));
    const online = await watcher.waitFor(presenceOf('alice', 'online'), 15_000);
    expect(online).toEqual({
      type: 'presence',
      presence: {
        user_id: 'alice',
        username: expect.any(String),
        status: 'online',
        status_message: null,
        last_active: expect.any(String),
      },
      timestamp: expect.any(String),
    });
    const onlineUsers = await nodeA.call('GET', '/api/v1/chat/users/online', { token: bob });
    expect(onlineUsers.body.map((u: { user_id: string }) => u.user_id)).toContain('alice');

    const aliceOnA = await connect(nodeA.wsUrl('', alice));
    const from = watcher.frames.length;
    await aliceOnB.close();
    // Past the offline grace and a lease renewal: alice is still connected on node A.
    expect(
      await watcher.staysWithout(
        presenceOf('alice', 'offline'),
        OFFLINE_GRACE_MS + LEASE_EVERY_MS + 1500,
        from,
      ),
    ).toBe(true);

    await aliceOnA.close();
    const offline = await watcher.waitFor(presenceOf('alice', 'offline'), 15_000, from);
    expect(offline.presence).toMatchObject({ user_id: 'alice', status: 'offline' });
    // One frame per transition: a single online and a single offline for alice.
    expect(watcher.frames.filter(presenceOf('alice', 'online'))).toHaveLength(1);
    expect(watcher.frames.filter(presenceOf('alice', 'offline'))).toHaveLength(1);
  }, 45_000);

  // Three reconnects, each 1.4 s after the close, span more than one 3 s lease renewal: a renewal
  // always lands in a grace window, and an earlier close's grace timer must not cut a later one short.
  it('does not announce offline when the user reconnects within the grace period', async () => {
    const id = await chatA.createGroup(alice, ['bob']);
    const watcher = await connect(nodeA.wsUrl(`/${id}`, bob));
    let aliceOnB = await connect(nodeB.wsUrl(`/${id}`, alice));
    await watcher.waitFor(presenceOf('alice', 'online'), 15_000);
    const from = watcher.frames.length;
    for (let cycle = 0; cycle < 3; cycle++) {
      await aliceOnB.close();
      await sleep(OFFLINE_GRACE_MS - 600);
      aliceOnB = await connect(nodeB.wsUrl(`/${id}`, alice));
    }
    await sleep(1000);
    expect(watcher.frames.slice(from).filter(presenceOf('alice'))).toEqual([]);
  }, 30_000);
});
