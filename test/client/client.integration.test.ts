import WebSocket from 'ws';
import { ChatApiError, ChatClient, type ServerFrame } from '../../client/src/index';
import { startTestServer, type TestServer } from '../support/api-server';

/** The client against a real server (embedded stores, real HTTP and WebSocket). */
describe('ChatClient against the server', () => {
  let server: TestServer;
  const clients: ChatClient[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await server.stop();
  });

  function client(user: string, options: Partial<ConstructorParameters<typeof ChatClient>[0]> = {}) {
    const c = new ChatClient({
      baseUrl: server.url,
      token: server.token(user, { name: user }),
      WebSocket: WebSocket as never,
      ...options,
    });
    clients.push(c);
    return c;
  }

  function framesOf(c: ChatClient): ServerFrame[] {
    const frames: ServerFrame[] = [];
    c.realtime.on('frame', (f) => frames.push(f));
    return frames;
  }

  async function until(check: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!check()) throw new Error(`timed out waiting for ${what}`);
  }

  it('sends, lists and pages history with typed answers', async () => {
    const alice = client('alice');
    const group = await alice.createConversation({ name: 'Team', participant_ids: ['bob'] });
    for (const n of [1, 2, 3]) await alice.sendMessage({ conversation_id: group.id, content: `m${n}` });
    const page = await alice.listMessages(group.id, { limit: 2 });
    expect(page.messages.map((m) => m.content)).toEqual(['m3', 'm2']);
    expect(page.nextBeforeId).toBe(page.messages[1]?.id);
    expect(page.position).toEqual(expect.any(String));
    const older = await alice.listMessages(group.id, { before_id: page.nextBeforeId as string });
    expect(older.messages.map((m) => m.content)).toEqual(['m1']);
    expect(older.nextBeforeId).toBeNull();
    const [summary] = await client('bob').listConversations();
    expect(summary).toMatchObject({ id: group.id, unread_count: 3 });
  });

  it('turns problem documents into ChatApiError with the per-field errors', async () => {
    const alice = client('alice');
    const error = await alice.sendMessage({ conversation_id: '', content: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((error as ChatApiError).errors.map((e) => e.path)).toContain('body.conversation_id');
    await expect(alice.getConversation('no-such-conversation')).rejects.toMatchObject({ status: 404 });
  });

  it('a send whose answer was lost is retried with the same key and makes one message', async () => {
    let lost = 0;
    const alice = client('alice', {
      random: () => 0,
      // The request reaches the server and is written; its answer is lost on the way back, twice.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (init?.method === 'POST' && lost < 2) {
          lost++;
          throw new TypeError('socket hang up');
        }
        return response;
      },
    });
    const group = await client('alice').createConversation({ name: 'Retry', participant_ids: ['bob'] });
    const sent = await alice.sendMessage({ conversation_id: group.id, content: 'once' });
    expect(lost).toBe(2);
    const page = await alice.listMessages(group.id);
    expect(page.messages.map((m) => m.id)).toEqual([sent.id]);
  });

  it('delivers live frames, and after a lost connection resumes with since: no gap, no duplicate', async () => {
    const alice = client('alice');
    const group = await alice.createConversation({ name: 'Live', participant_ids: ['bob'] });
    let gate: Promise<void> = Promise.resolve();
    let release = () => {};
    const bobToken = server.token('bob', { name: 'bob' });
    const bob = client('bob', {
      token: async () => {
        await gate;
        return bobToken;
      },
      backoff: { baseMs: 10, maxMs: 20 },
    });
    const frames = framesOf(bob);
    bob.connect();
    await until(() => bob.state === 'open', 'bob connected');
    await alice.sendMessage({ conversation_id: group.id, content: 'before' });
    await until(() => frames.some((f) => f.type === 'message'), 'the live message');

    // Cut the connection and hold the reconnect until two more messages were sent.
    gate = new Promise((r) => {
      release = r;
    });
    (bob.realtime as unknown as { socket: WebSocket }).socket.close();
    await until(() => bob.state === 'reconnecting', 'the reconnect');
    await alice.sendMessage({ conversation_id: group.id, content: 'missed 1' });
    await alice.sendMessage({ conversation_id: group.id, content: 'missed 2' });
    release();
    await until(() => frames.filter((f) => f.type === 'message').length === 3, 'the missed messages');
    await alice.sendMessage({ conversation_id: group.id, content: 'after' });
    await until(() => frames.filter((f) => f.type === 'message').length === 4, 'the next live message');
    const contents = frames.flatMap((f) => (f.type === 'message' ? [f.message.content] : []));
    expect(contents).toEqual(['before', 'missed 1', 'missed 2', 'after']);
    const positions = frames.flatMap((f) => ('position' in f ? [f.position] : []));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('shows who is typing (not yourself) and clears it when they stop', async () => {
    const alice = client('alice');
    const bob = client('bob');
    const group = await alice.createConversation({ name: 'Typing', participant_ids: ['bob'] });
    alice.connect();
    bob.connect();
    await until(() => alice.state === 'open' && bob.state === 'open', 'both connected');
    const seen: string[][] = [];
    bob.on('typing_changed', (t) => seen.push(t.users.map((u) => u.user_id)));
    alice.typing(group.id).keystroke();
    await until(() => bob.typingUsers(group.id).length === 1, 'alice typing');
    expect(alice.typingUsers(group.id)).toEqual([]);
    alice.typing(group.id).stop();
    await until(() => bob.typingUsers(group.id).length === 0, 'alice stopped');
    expect(seen).toEqual([['alice'], []]);
  });

  it('refreshes its token over the open socket before it expires', async () => {
    let issued = 0;
    const carol = client('carol', {
      token: () => {
        issued++;
        return server.token('carol', { name: 'carol' }, { expiresIn: 3 });
      },
    });
    const frames = framesOf(carol);
    carol.connect();
    await until(() => frames.some((f) => f.type === 'auth_ok'), 'the refreshed token');
    const disconnects: number[] = [];
    carol.realtime.on('disconnect', (d) => disconnects.push(d.code));
    expect(issued).toBeGreaterThanOrEqual(2);
    expect(disconnects).toEqual([]);
  });
});
