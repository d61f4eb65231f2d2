import { TYPING_EXPIRY_MS } from '../../../src/realtime/typing-relay';
import { logEvents, realtimeSuite, tokenFor } from '../../support/realtime-harness';
import { sleep, type WsClient, type WsFrame } from '../../support/ws-client';

const typingOf = (userId: string, isTyping: boolean) => (frame: WsFrame) =>
  frame.type === 'typing' && frame.typing?.user_id === userId && frame.typing?.is_typing === isTyping;

describe('typing indicators', () => {
  const { node, chat, clients } = realtimeSuite();
  const alice = tokenFor('alice', { name: 'Alice' });
  const bob = tokenFor('bob', { name: 'Bob' });

  const connect = async (path: string, token: string): Promise<WsClient> => {
    const client = await clients.connect(node.wsUrl(path, token));
    await client.waitForType('connected');
    return client;
  };

  /** Waits for alice's stop frame and checks it came 4 to 9 s after her start frame. */
  const expectExpiry = async (watcher: WsClient, started: WsFrame, startedAt: number) => {
    const from = watcher.frames.indexOf(started) + 1;
    const stop = await watcher.waitFor(typingOf('alice', false), 15_000, from, "alice's stop frame");
    const elapsed = Date.now() - startedAt;
    expect(elapsed).toBeGreaterThanOrEqual(TYPING_EXPIRY_MS - 1000);
    expect(elapsed).toBeLessThanOrEqual(TYPING_EXPIRY_MS + 4000);
    expect(stop).toMatchObject({
      type: 'typing',
      conversation_id: started.conversation_id,
      typing: { user_id: 'alice', username: 'Alice', is_typing: false },
    });
  };

  it('relays typing sent over REST and over a socket to the other participant, then expires it with a stop frame', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    await chat.send(alice, id, 'hello');
    // Bob acts once, so his profile is recorded now and not when his socket connects below.
    await chat.send(bob, id, 'hi');
    const historyBefore = await chat.messages(bob, id);
    const logBefore = logEvents(node.dataDir);
    const watcher = await connect(`/${id}`, bob);
    const alicesSocket = await connect(`/${id}`, alice);

    // Over REST.
    const res = await chat.typing(alice, id, true);
    expect(res.body).toMatchObject({ conversation_id: id, user_id: 'alice', is_typing: true });
    expect(res.headers.get('x-consistency-token')).toBeNull();
    const viaRest = await watcher.waitFor(typingOf('alice', true));
    const restAt = Date.now();
    expect(viaRest).toEqual({
      type: 'typing',
      conversation_id: id,
      typing: {
        conversation_id: id,
        user_id: 'alice',
        username: 'Alice',
        is_typing: true,
        started_at: expect.any(String),
      },
      timestamp: expect.any(String),
    });
    expect(viaRest).not.toHaveProperty('position');
    await expectExpiry(watcher, viaRest, restAt);

    // Over the socket.
    const from = watcher.frames.length;
    alicesSocket.send({ type: 'typing', is_typing: true });
    const viaSocket = await watcher.waitFor(typingOf('alice', true), 10_000, from);
    const socketAt = Date.now();
    await expectExpiry(watcher, viaSocket, socketAt);
    expect(alicesSocket.ofType('error')).toEqual([]);

    // Typing never enters history or the log.
    expect(await chat.messages(bob, id)).toEqual(historyBefore);
    const logAfter = logEvents(node.dataDir);
    expect(logAfter).toEqual(logBefore);
  }, 40_000);

  it('extends the indicator on a refresh, and stops at once (only once) when the typist says so', async () => {
    const refreshedId = await chat.createGroup(alice, ['bob']);
    const stoppedId = await chat.createGroup(alice, ['bob']);
    const watcher = await connect('', bob);
    const alicesAll = await connect('', alice);
    const inConversation = (id: string, predicate: (f: WsFrame) => boolean) => (f: WsFrame) =>
      f.conversation_id === id && predicate(f);

    alicesAll.send({ type: 'typing', is_typing: true, conversation_id: refreshedId });
    alicesAll.send({ type: 'typing', is_typing: true, conversation_id: stoppedId });
    await watcher.waitFor(inConversation(refreshedId, typingOf('alice', true)));
    await watcher.waitFor(inConversation(stoppedId, typingOf('alice', true)));
    await chat.typing(alice, stoppedId, false);
    await watcher.waitFor(inConversation(stoppedId, typingOf('alice', false)), 3000);

    await sleep(2500);
    const from = watcher.frames.length;
    await chat.typing(alice, refreshedId, true);
    const refreshed = await watcher.waitFor(inConversation(refreshedId, typingOf('alice', true)), 5000, from);
    const refreshedAt = Date.now();
    const stop = await watcher.waitFor(inConversation(refreshedId, typingOf('alice', false)), 15_000);
    const elapsed = Date.now() - refreshedAt;
    expect(watcher.frames.indexOf(stop)).toBeGreaterThan(watcher.frames.indexOf(refreshed));
    expect(elapsed).toBeGreaterThanOrEqual(TYPING_EXPIRY_MS - 1000);
    expect(elapsed).toBeLessThanOrEqual(TYPING_EXPIRY_MS + 4000);

    expect(watcher.frames.filter(inConversation(stoppedId, typingOf('alice', false)))).toHaveLength(1);
    expect(watcher.frames.filter(inConversation(refreshedId, typingOf('alice', false)))).toHaveLength(1);
    expect(alicesAll.ofType('error')).toEqual([]);
  }, 30_000);

  it('refuses typing for a conversation the user is not in', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const other = await chat.createGroup(tokenFor('carol'), []);
    const alicesAll = await connect('', alice);
    alicesAll.send({ type: 'typing', is_typing: true, conversation_id: other });
    expect(await alicesAll.waitForType('error')).toMatchObject({ code: 'invalid_frame' });
    alicesAll.send({ type: 'typing', is_typing: true });
    await alicesAll.waitForCount((f) => f.type === 'error', 2);
    const res = await node.call('POST', '/api/v1/chat/typing', {
      token: tokenFor('mallory'),
      body: { conversation_id: id, is_typing: true },
    });
    expect(res.status).toBe(404);
  });
});
