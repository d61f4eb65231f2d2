import { realtimeSuite, tokenFor } from '../../support/realtime-harness';
import { sleep, type WsClient, type WsFrame } from '../../support/ws-client';

const messageWith = (content: string) => (frame: WsFrame) =>
  frame.type === 'message' && frame.message?.content === content;

describe('the all-conversations socket /api/v1/chat/ws', () => {
  const { node, chat, clients } = realtimeSuite();
  const alice = tokenFor('alice');
  const carol = tokenFor('carol');

  const connectAll = async (token: string, query?: Record<string, string>): Promise<WsClient> => {
    const client = await clients.connect(node.wsUrl('', token, query));
    await client.waitForType('connected');
    return client;
  };

  it('answers with a connected frame without conversation_id', async () => {
    const client = await connectAll(tokenFor('loner'));
    expect(client.frames[0]).toEqual({ type: 'connected', timestamp: expect.any(String) });
  });

  it('receives the messages of every conversation of the user, and only theirs', async () => {
    const bob = tokenFor('bob1');
    const first = await chat.createGroup(alice, ['bob1']);
    const second = await chat.createGroup(carol, ['bob1']);
    const foreign = await chat.createGroup(alice, ['carol']);
    const direct = await node.call('POST', '/api/v1/chat/direct', {
      token: carol,
      body: { recipient_user_id: 'bob1', content: 'direct hello' },
    });
    expect(direct.status).toBe(201);
    const client = await connectAll(bob);
    await chat.send(alice, first, 'in first');
    await chat.send(carol, second, 'in second');
    await chat.send(alice, foreign, 'not for bob');
    await chat.send(carol, direct.body.conversation_id, 'direct again');
    const [a, b, c] = await Promise.all([
      client.waitFor(messageWith('in first')),
      client.waitFor(messageWith('in second')),
      client.waitFor(messageWith('direct again')),
    ]);
    expect(a.conversation_id).toBe(first);
    expect(b.conversation_id).toBe(second);
    expect(c.conversation_id).toBe(direct.body.conversation_id);
    await sleep(300);
    expect(client.frames.some(messageWith('not for bob'))).toBe(false);
  });

  it('joins a conversation the user is added to later, and leaves one they are removed from', async () => {
    const bob = tokenFor('bob2');
    const kept = await chat.createGroup(alice, ['bob2']);
    const later = await chat.createGroup(carol, []);
    const client = await connectAll(bob);

    await chat.send(carol, later, 'before bob joined');
    await chat.addParticipant(carol, later, 'bob2');
    const added = await client.waitForType('participant_added');
    expect(added).toMatchObject({ conversation_id: later, participant: { user_id: 'bob2' } });
    await chat.send(carol, later, 'after bob joined');
    const after = await client.waitFor(messageWith('after bob joined'));
    expect(client.frames.indexOf(after)).toBeGreaterThan(client.frames.indexOf(added));
    expect(client.frames.some(messageWith('before bob joined'))).toBe(false);

    await chat.removeParticipant(carol, later, 'bob2');
    const removed = await client.waitForType('participant_removed');
    expect(removed).toMatchObject({ conversation_id: later, participant: { user_id: 'bob2' } });
    await chat.send(carol, later, 'after bob left');
    // The socket stays open and keeps streaming the conversations bob is still in.
    await chat.send(alice, kept, 'still here');
    await client.waitFor(messageWith('still here'));
    await sleep(300);
    expect(client.open).toBe(true);
    expect(client.frames.some(messageWith('after bob left'))).toBe(false);
    expect(client.frames.filter((f) => f.conversation_id === later).map((f) => f.type)).toEqual([
      'participant_added',
      'message',
      'participant_removed',
    ]);
  });

  it('resumes across conversations, never replaying what follows a removal', async () => {
    const bob = tokenFor('bob3');
    const kept = await chat.createGroup(alice, ['bob3']);
    const left = await chat.createGroup(carol, ['bob3']);
    const first = await connectAll(bob);
    await chat.send(alice, kept, 'seen');
    const seen = await first.waitFor(messageWith('seen'));
    await first.close();

    await chat.send(carol, left, 'missed in left');
    await chat.send(alice, kept, 'missed in kept');
    await chat.removeParticipant(carol, left, 'bob3');
    await chat.send(carol, left, 'secret after removal');
    await chat.send(alice, kept, 'missed in kept again');

    const resumed = await connectAll(bob, { since: seen.position });
    expect(resumed.frames[0]).toMatchObject({ type: 'connected', recovered: true });
    await resumed.waitFor(messageWith('missed in kept again'));
    await sleep(300);
    const contents = resumed.frames.filter((f) => f.type === 'message').map((f) => f.message.content);
    expect(contents).not.toContain('secret after removal');
    expect(contents).not.toContain('seen');
    expect(contents.filter((c) => c !== 'missed in left')).toEqual([
      'missed in kept',
      'missed in kept again',
    ]);
    const positions = resumed.frames.slice(1).map((f) => f.position as string);
    expect(positions).toEqual([...positions].sort());
  });

  it('sends each message once to a user who has a single-conversation socket and an all-conversations socket', async () => {
    const bob = tokenFor('bob4');
    const id = await chat.createGroup(alice, ['bob4']);
    const single = await clients.connect(node.wsUrl(`/${id}`, bob));
    await single.waitForType('connected');
    const all = await connectAll(bob);
    await chat.send(alice, id, 'once each');
    await Promise.all([single.waitFor(messageWith('once each')), all.waitFor(messageWith('once each'))]);
    await sleep(300);
    expect(single.frames.filter(messageWith('once each'))).toHaveLength(1);
    expect(all.frames.filter(messageWith('once each'))).toHaveLength(1);
  });
});
