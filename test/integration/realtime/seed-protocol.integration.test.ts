import { usingNativeUws } from '../../../src/realtime/uws';
import { realtimeSuite, tokenFor } from '../../support/realtime-harness';
import type { WsFrame } from '../../support/ws-client';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('WebSocket seed protocol', () => {
  const { node, chat, clients, connected } = realtimeSuite();
  const alice = tokenFor('alice', { name: 'Alice' });
  const bob = tokenFor('bob', { name: 'Bob' });
  const carol = tokenFor('carol', { name: 'Carol' });

  const messageWith = (content: string) => (frame: WsFrame) =>
    frame.type === 'message' && frame.message?.content === content;

  it('uses the native uWebSockets.js build, not its JavaScript fallback', () => {
    expect(usingNativeUws()).toBe(true);
  });

  it('answers the connection with a connected frame naming the conversation', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const client = await clients.connect(node.wsUrl(`/${id}`, bob));
    const first = await client.waitFor(() => true);
    expect(first).toEqual({ type: 'connected', conversation_id: id, timestamp: expect.stringMatching(ISO) });
    expect(client.frames.indexOf(first)).toBe(0);
  });

  it("delivers a message sent over REST to every socket of the conversation, the sender's own included", async () => {
    const id = await chat.createGroup(alice, ['bob', 'carol']);
    const sockets = await Promise.all([
      connected(node.wsUrl(`/${id}`, alice)),
      connected(node.wsUrl(`/${id}`, alice)),
      connected(node.wsUrl(`/${id}`, bob)),
      connected(node.wsUrl(`/${id}`, carol)),
    ]);
    const sent = await chat.send(alice, id, 'Hello!');
    const frames = await Promise.all(sockets.map((s) => s.waitFor(messageWith('Hello!'))));
    for (const frame of frames) {
      expect(frame).toEqual({
        type: 'message',
        conversation_id: id,
        message: expect.objectContaining({
          id: sent.id,
          user_id: 'alice',
          username: 'Alice',
          content: 'Hello!',
          created_at: expect.stringMatching(ISO),
        }),
        position: expect.any(String),
        timestamp: expect.stringMatching(ISO),
      });
      expect(frame.message.created_at).toBe(sent.created_at);
      expect(frame.position).toBe(frames[0]?.position);
    }
    // Exactly once per socket.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const socket of sockets) expect(socket.frames.filter(messageWith('Hello!'))).toHaveLength(1);
  });

  it('answers ping with pong', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const client = await connected(node.wsUrl(`/${id}`, bob));
    client.send({ type: 'ping' });
    const pong = await client.waitForType('pong');
    expect(pong).toEqual({ type: 'pong', timestamp: expect.stringMatching(ISO) });
  });

  it('answers a frame it does not understand with an error frame and keeps the socket', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const client = await connected(node.wsUrl(`/${id}`, bob));
    client.send('not json');
    client.send({ type: 'shout' });
    await client.waitForCount((f) => f.type === 'error', 2);
    expect(client.ofType('error').map((f) => f.code)).toEqual(['invalid_frame', 'invalid_frame']);
    client.send({ type: 'ping' });
    await client.waitForType('pong');
  });

  it("serves the seed's URL on the REST port too", async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const viaRest = await clients.connect(node.restWsUrl(`/${id}`, bob));
    const hello = await viaRest.waitForType('connected');
    expect(hello).toMatchObject({ type: 'connected', conversation_id: id });
    const direct = await connected(node.wsUrl(`/${id}`, alice));
    viaRest.send({ type: 'ping' });
    await viaRest.waitForType('pong');
    const sent = await chat.send(alice, id, 'via the REST port');
    const [a, b] = await Promise.all([
      viaRest.waitFor(messageWith('via the REST port')),
      direct.waitFor(messageWith('via the REST port')),
    ]);
    expect(a.message.id).toBe(sent.id);
    expect(b).toEqual(a);
    const all = await clients.connect(node.restWsUrl('', bob));
    expect(await all.waitForType('connected')).not.toHaveProperty('conversation_id');
  });

  it('streams edits, deletions, read receipts and membership changes', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const watcher = await connected(node.wsUrl(`/${id}`, bob));
    const sent = await chat.send(alice, id, 'first draft');
    const message = await watcher.waitFor(messageWith('first draft'));
    await chat.edit(alice, sent.id, 'second draft');
    const edited = await watcher.waitForType('message_edited');
    expect(edited).toMatchObject({
      conversation_id: id,
      position: expect.any(String),
      message: { id: sent.id, user_id: 'alice', content: 'second draft', is_edited: true },
    });
    expect(edited.message.edited_at).toMatch(ISO);

    await chat.markRead(bob, id);
    const read = await watcher.waitForType('read');
    expect(read).toMatchObject({
      conversation_id: id,
      position: expect.any(String),
      receipt: { user_id: 'bob', last_read_message_id: sent.id },
    });

    await chat.remove(alice, sent.id);
    const deleted = await watcher.waitForType('message_deleted');
    expect(deleted).toMatchObject({
      conversation_id: id,
      message: { id: sent.id, is_deleted: true, deleted_by: 'alice' },
    });

    await chat.addParticipant(alice, id, 'carol');
    const added = await watcher.waitForType('participant_added');
    expect(added).toMatchObject({
      conversation_id: id,
      participant: { user_id: 'carol', role: 'member', added_by: 'alice' },
    });

    await chat.removeParticipant(alice, id, 'carol');
    const removed = await watcher.waitForType('participant_removed');
    expect(removed).toMatchObject({
      conversation_id: id,
      participant: { user_id: 'carol', removed_by: 'alice' },
    });

    // Positions follow the order of the log.
    const positions = [message, edited, read, deleted, added, removed].map((f) => f.position as string);
    expect([...positions].sort()).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
  });
});
