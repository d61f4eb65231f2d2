import fc from 'fast-check';
import type { CommandDeps } from '../../../src/commands/deps';
import { directConversationId } from '../../../src/commands/direct-conversation-id';
import { type MessageNow, sendDirectMessage, sendMessage } from '../../../src/commands/message-handlers';
import type { Actor } from '../../../src/domain/actor';
import {
  actor,
  conversationEvents,
  createGroup,
  harnessPerTest,
  instrumented,
} from '../../support/command-harness';

const users = ['alice', 'bob', 'carol'].map((id) => actor(id));
const alice = users[0] as Actor;

const h = harnessPerTest();

const group = (deps: CommandDeps) => createGroup(deps, alice, ['bob', 'carol']);

function send(deps: CommandDeps, conversationId: string, content: string, who: Actor = alice) {
  return sendMessage(deps, who, {
    conversation_id: conversationId,
    content,
    message_type: 'text',
    reply_to_id: null,
    client_message_id: null,
  });
}

/** Every send landed once, seqs are 1..n in stream order, and each result names its stored message. */
async function expectAllLanded(conversationId: string, results: MessageNow[]): Promise<void> {
  const stored = (await conversationEvents(h.store, conversationId)).filter((e) => e.type === 'MessageSent');
  expect(stored.map((e) => e.data.seq)).toEqual(stored.map((_, i) => i + 1));
  expect(stored.map((e) => e.data.message_id)).toEqual(stored.map((_, i) => `${conversationId}.${i + 1}`));
  expect(stored).toHaveLength(results.length);
  const byId = new Map(stored.map((e) => [e.data.message_id, e.data]));
  // A fresh send answers the message as stored, neither edited nor deleted, without reactions or replies.
  const fresh = {
    is_edited: false,
    edited_at: null,
    is_deleted: false,
    reactions: [],
    reply_count: 0,
    last_reply_at: null,
  };
  for (const result of results) expect({ ...byId.get(result.message_id), ...fresh }).toEqual(result);
  expect(new Set(stored.map((e) => e.data.content)).size).toBe(results.length);
}

describe('two nodes on one store', () => {
  it('alternating sends from two nodes (always deciding on a stale cache) retry and lose nothing', async () => {
    const { store, log } = instrumented(h.store);
    const nodes = [h.node({}, store), h.node({}, store)];
    const id = await group(nodes[0] as CommandDeps);
    const results: MessageNow[] = [];
    for (let i = 0; i < 40; i++) {
      const node = nodes[i % 2] as CommandDeps;
      results.push((await send(node, id, `m${i}`, users[i % 3])).value);
    }
    expect(results.map((r) => r.seq)).toEqual(results.map((_, i) => i + 1));
    await expectAllLanded(id, results);
    // From the third send on, the sending node's cache is one write behind: one conflict, one retry each.
    const conflicts = log.appends.filter(
      (a) => a.streamId === `conversation-${id}` && a.outcome === 'conflict',
    );
    expect(conflicts).toHaveLength(38);
  });

  it('concurrent waves of sends on both nodes all succeed with distinct consecutive seqs', async () => {
    const node = h.node();
    const runs: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(30), fc.nat(30)), { minLength: 1, maxLength: 4 }),
        async (waves) => {
          const nodes = [h.node(), h.node()];
          const id = await group(node);
          runs.push(id);
          const results: MessageNow[] = [];
          let n = 0;
          for (const wave of waves) {
            const sends = wave.flatMap((count, which) =>
              Array.from({ length: count }, () =>
                send(nodes[which] as CommandDeps, id, `m${n++}`, users[n % 3]),
              ),
            );
            for (const written of await Promise.all(sends)) {
              expect(written.created).toBe(true);
              results.push(written.value);
            }
          }
          await expectAllLanded(id, results);
        },
      ),
      { numRuns: 15 },
    );
    expect(runs.length).toBe(15);
  });

  it('two nodes sending to one conversation at once, 100 each, lose nothing', async () => {
    const nodes = [h.node(), h.node()];
    const id = await group(nodes[0] as CommandDeps);
    const sends = Array.from({ length: 200 }, (_, i) => send(nodes[i % 2] as CommandDeps, id, `m${i}`));
    const results = (await Promise.all(sends)).map((r) => r.value);
    expect(new Set(results.map((r) => r.seq)).size).toBe(200);
    await expectAllLanded(id, results);
  });
});

describe('one node, many concurrent sends', () => {
  it('decides 200 concurrent sends in batches: all succeed, seqs 1..200, far fewer appends than sends', async () => {
    const { store, log } = instrumented(h.store);
    const deps = h.node({}, store);
    const id = await group(deps);
    const results = (
      await Promise.all(Array.from({ length: 200 }, (_, i) => send(deps, id, `m${i}`, users[i % 3])))
    ).map((r) => r.value);
    // Each call gets the seq of its own message, in call order.
    expect(results.map((r) => r.seq)).toEqual(results.map((_, i) => i + 1));
    expect(results.map((r) => r.content)).toEqual(results.map((_, i) => `m${i}`));
    await expectAllLanded(id, results);
    const appends = log.appends.filter((a) => a.streamId === `conversation-${id}`);
    expect(appends.every((a) => a.outcome === 'ok')).toBe(true);
    expect(appends.length).toBeLessThanOrEqual(4);
  });

  it('a refused command in a batch fails alone; the others still land', async () => {
    const deps = h.node();
    const id = await group(deps);
    const outsider = actor('mallory');
    const settled = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        send(deps, id, i % 3 === 0 ? '   ' : `m${i}`, i === 7 ? outsider : alice),
      ),
    );
    const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([0, 3, 6, 7, 9, 12, 15, 18, 21, 24, 27]);
    const landed = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.value] : []));
    await expectAllLanded(id, landed);
  });
});

describe('concurrent first direct messages', () => {
  it.each([
    ['two nodes', 2],
    ['one node', 1],
  ])('between the same pair on %s create the conversation once and deliver both', async (_, nodeCount) => {
    const nodes = Array.from({ length: nodeCount }, () => h.node());
    const [fromAlice, fromBob] = await Promise.all([
      sendDirectMessage(nodes[0] as CommandDeps, alice, {
        recipient_user_id: 'bob',
        content: 'hi bob',
        message_type: 'text',
        client_message_id: null,
      }),
      sendDirectMessage(nodes[nodeCount - 1] as CommandDeps, actor('bob'), {
        recipient_user_id: 'alice',
        content: 'hi alice',
        message_type: 'text',
        client_message_id: null,
      }),
    ]);
    const id = directConversationId('alice', 'bob');
    expect(fromAlice.value.conversation_id).toBe(id);
    expect(fromBob.value.conversation_id).toBe(id);
    const events = await conversationEvents(h.store, id);
    expect(events.filter((e) => e.type === 'ConversationCreated')).toHaveLength(1);
    expect(
      events
        .filter((e) => e.type === 'ParticipantAdded')
        .map((e) => e.data.user_id)
        .sort(),
    ).toEqual(['alice', 'bob']);
    const sent = events.filter((e) => e.type === 'MessageSent');
    expect(sent.map((e) => e.data.content).sort()).toEqual(['hi alice', 'hi bob']);
    expect(sent.map((e) => e.data.seq)).toEqual([1, 2]);
    expect([fromAlice.value.seq, fromBob.value.seq].sort()).toEqual([1, 2]);
  });

  it('many concurrent first messages from both sides on three nodes', async () => {
    const nodes = [h.node(), h.node(), h.node()];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        sendDirectMessage(nodes[i % 3] as CommandDeps, i % 2 ? actor('dave') : actor('erin'), {
          recipient_user_id: i % 2 ? 'erin' : 'dave',
          content: `m${i}`,
          message_type: 'text',
          client_message_id: null,
        }),
      ),
    );
    const id = directConversationId('dave', 'erin');
    const events = await conversationEvents(h.store, id);
    expect(events.filter((e) => e.type === 'ConversationCreated')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ParticipantAdded')).toHaveLength(2);
    await expectAllLanded(
      id,
      results.map((r) => r.value),
    );
  });
});
