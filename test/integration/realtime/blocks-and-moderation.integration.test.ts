import { realtimeSuite, tokenFor } from '../../support/realtime-harness';
import { sleep, type WsClient, type WsFrame } from '../../support/ws-client';

/**
 * Over real sockets: a user who blocks another gets no typing and no presence frames from them in a
 * group both take part in (everyone else does), until unblocking; timeouts and bans reach the
 * conversation as frames, and a ban closes the banned user's sockets like a removal.
 */

const C = '/api/v1/chat';
/** Long enough for a frame that should not come to have come. */
const SETTLE_MS = 500;
const typingOf = (userId: string) => (frame: WsFrame) =>
  frame.type === 'typing' && frame.typing?.user_id === userId && frame.typing?.is_typing === true;
const presenceOf = (userId: string) => (frame: WsFrame) =>
  frame.type === 'presence' && frame.presence?.user_id === userId;

describe('blocks on sockets', () => {
  const { node, chat, connected } = realtimeSuite();
  const alice = tokenFor('alice', { name: 'Alice' });
  const bob = tokenFor('bob', { name: 'Bob' });
  const carol = tokenFor('carol', { name: 'Carol' });

  const connect = (path: string, token: string): Promise<WsClient> => connected(node.wsUrl(path, token));
  const setBlock = async (token: string, user: string, method: 'POST' | 'DELETE') => {
    const res = await node.call(method, `${C}/users/${user}/block`, { token });
    expect(res.status).toBe(200);
  };

  it('the blocker gets no typing or presence frames from the blocked user; others do; unblocking restores them', async () => {
    const id = await chat.createGroup(alice, ['bob', 'carol']);
    await chat.send(bob, id, 'hi');
    await setBlock(carol, 'bob', 'POST');
    const alices = await connect('', alice);
    const carols = await connect('', carol);
    const carolsOne = await connect(`/${id}`, carol);

    await chat.typing(bob, id, true);
    await alices.waitFor(typingOf('bob'));
    const status = await node.call('POST', `${C}/presence`, { token: bob, body: { status: 'busy' } });
    expect(status.status).toBe(200);
    await alices.waitFor((f) => presenceOf('bob')(f) && f.presence.status === 'busy');
    // Carol's frames from alice still come: only bob's are held back.
    await chat.typing(alice, id, true);
    await carols.waitFor(typingOf('alice'));
    await sleep(SETTLE_MS);
    for (const socket of [carols, carolsOne]) {
      expect(socket.frames.filter(typingOf('bob'))).toEqual([]);
      expect(socket.frames.filter(presenceOf('bob'))).toEqual([]);
    }
    // Messages are not filtered: the group goes on for both.
    await chat.send(bob, id, 'still here');
    await carols.waitFor((f) => f.type === 'message' && f.message?.content === 'still here');

    await setBlock(carol, 'bob', 'DELETE');
    await chat.typing(bob, id, false);
    await chat.typing(bob, id, true);
    await carols.waitFor(typingOf('bob'));
    await carolsOne.waitFor(typingOf('bob'));
    await node.call('POST', `${C}/presence`, { token: bob, body: { status: 'away' } });
    await carols.waitFor((f) => presenceOf('bob')(f) && f.presence.status === 'away');
  }, 30_000);

  it('a block made while the blocker is connected takes effect on their open sockets', async () => {
    const id = await chat.createGroup(alice, ['bob']);
    const alices = await connect(`/${id}`, alice);
    await setBlock(alice, 'bob', 'POST');
    // The block is in the log before typing reaches the relay: give the fan-out its turn.
    await sleep(200);
    await chat.typing(bob, id, true);
    await sleep(SETTLE_MS);
    expect(alices.frames.filter(typingOf('bob'))).toEqual([]);
    await setBlock(alice, 'bob', 'DELETE');
  }, 20_000);
});

describe('moderation frames', () => {
  const { node, chat, connected } = realtimeSuite();
  const alice = tokenFor('alice', { name: 'Alice' });
  const bob = tokenFor('bob', { name: 'Bob' });
  const carol = tokenFor('carol', { name: 'Carol' });

  it('timeouts and bans reach the conversation; the banned user’s sockets close', async () => {
    const id = await chat.createGroup(alice, ['bob', 'carol']);
    const carols = await connected(node.wsUrl(`/${id}`, carol));
    const bobs = await connected(node.wsUrl(`/${id}`, bob));

    const timeout = await node.call('POST', `${C}/conversations/${id}/participants/bob/timeout`, {
      token: alice,
      body: { duration_seconds: 60 },
    });
    expect(timeout.status).toBe(200);
    expect(await carols.waitForType('participant_timed_out')).toEqual({
      type: 'participant_timed_out',
      conversation_id: id,
      position: expect.any(String),
      participant: { user_id: 'bob', until: timeout.body.timed_out_until, timed_out_by: 'alice' },
      timestamp: expect.any(String),
    });
    // Typing over the socket is refused like POST /typing, with when the timeout ends.
    bobs.send({ type: 'typing', is_typing: true });
    expect(await bobs.waitForType('error')).toMatchObject({
      code: 'timed_out',
      until: timeout.body.timed_out_until,
    });
    await node.call('DELETE', `${C}/conversations/${id}/participants/bob/timeout`, { token: alice });
    expect(await carols.waitForType('participant_timeout_lifted')).toMatchObject({
      participant: { user_id: 'bob', lifted_by: 'alice' },
    });
    // Lifted (this node follows the log): bob types again.
    await bobs.waitForType('participant_timeout_lifted');
    bobs.send({ type: 'typing', is_typing: true });
    await carols.waitFor((f) => f.type === 'typing' && f.typing?.user_id === 'bob' && f.typing.is_typing);
    expect(carols.frames.filter((f) => f.type === 'typing' && f.typing?.user_id === 'bob')).toHaveLength(1);

    await node.call('POST', `${C}/conversations/${id}/participants/bob/ban`, {
      token: alice,
      body: { reason: 'spam' },
    });
    const removed = await carols.waitForType('participant_removed');
    const banned = await carols.waitForType('participant_banned');
    expect(banned).toMatchObject({ participant: { user_id: 'bob', banned_by: 'alice' } });
    expect(banned.participant).not.toHaveProperty('reason');
    expect(carols.frames.indexOf(removed)).toBeLessThan(carols.frames.indexOf(banned));
    const closed = await bobs.closed;
    expect(closed.code).toBeGreaterThanOrEqual(4000);
    await node.call('DELETE', `${C}/conversations/${id}/participants/bob/ban`, { token: alice });
    expect(await carols.waitForType('participant_unbanned')).toMatchObject({
      participant: { user_id: 'bob', unbanned_by: 'alice' },
    });
  }, 20_000);
});
