import type { CommandDeps } from '../../../src/commands/deps';
import { IdempotencyKeyReused } from '../../../src/commands/errors';
import { type SendMessageInput, sendMessage } from '../../../src/commands/message-handlers';
import {
  actor,
  coldSnapshot,
  conversationEvents,
  createGroup,
  harnessPerTest,
  snapshotVia,
} from '../../support/command-harness';

const alice = actor('alice', 'Alice');
const bob = actor('bob', 'Bob');

const h = harnessPerTest();

const group = (deps: CommandDeps) => createGroup(deps, alice, ['bob']);

function input(conversationId: string, content: string, key: string | null): SendMessageInput {
  return {
    conversation_id: conversationId,
    content,
    message_type: 'text',
    reply_to_id: null,
    client_message_id: key,
  };
}

async function sentEvents(conversationId: string) {
  return (await conversationEvents(h.store, conversationId)).filter((e) => e.type === 'MessageSent');
}

/** Sends that bring both nodes' caches to the current revision of the conversation. */
async function warmBoth(a: CommandDeps, b: CommandDeps, id: string): Promise<void> {
  // b decides on a stale state, conflicts, reloads and appends: b is current, a one write behind.
  await sendMessage(a, alice, input(id, 'warm a', null));
  await sendMessage(b, alice, input(id, 'warm b', null));
}

describe('client_message_id on one node', () => {
  it('a repeated key returns the original message, created=false, and writes nothing', async () => {
    const deps = h.node();
    const id = await group(deps);
    const first = await sendMessage(deps, alice, input(id, 'hello', 'key-1'));
    await sendMessage(deps, bob, input(id, 'in between', null));
    const again = await sendMessage(deps, alice, input(id, 'hello', 'key-1'));
    expect(first.created).toBe(true);
    expect(again).toEqual({ value: first.value, position: undefined, created: false });
    expect((await sentEvents(id)).map((e) => e.data.content)).toEqual(['hello', 'in between']);
  });

  it('the same key with a different body is refused; a different user may use the same key', async () => {
    const deps = h.node();
    const id = await group(deps);
    const first = await sendMessage(deps, alice, input(id, 'hello', 'key-1'));
    await expect(sendMessage(deps, alice, input(id, 'HELLO', 'key-1'))).rejects.toBeInstanceOf(
      IdempotencyKeyReused,
    );
    await expect(
      sendMessage(deps, alice, { ...input(id, 'hello', 'key-1'), message_type: 'image' }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
    await expect(
      sendMessage(deps, alice, { ...input(id, 'hello', 'key-1'), reply_to_id: first.value.message_id }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
    const bobs = await sendMessage(deps, bob, input(id, 'hello', 'key-1'));
    expect(bobs.created).toBe(true);
    expect(bobs.value.seq).toBe(2);
    expect(await sentEvents(id)).toHaveLength(2);
  });

  it('many concurrent sends with one key write one message and report it created once', async () => {
    const deps = h.node();
    const id = await group(deps);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => sendMessage(deps, alice, input(id, 'once', 'key-1'))),
    );
    expect(new Set(results.map((r) => r.value.message_id))).toEqual(new Set([`${id}.1`]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await sentEvents(id)).toHaveLength(1);
  });

  it('is still honoured after a restart (store reopened, new deps, cold caches)', async () => {
    const id = await group(h.node());
    const first = await sendMessage(h.node(), alice, input(id, 'before restart', 'key-1'));
    // Push the keyed message well behind the end of the stream (the lookup pages backwards by 500).
    const filler = h.node();
    await Promise.all(
      Array.from({ length: 600 }, (_, i) => sendMessage(filler, bob, input(id, `f${i}`, null))),
    );
    await h.restart();

    const deps = h.node();
    const again = await sendMessage(deps, alice, input(id, 'before restart', 'key-1'));
    expect(again).toEqual({ value: first.value, position: undefined, created: false });
    await expect(sendMessage(h.node(), alice, input(id, 'changed', 'key-1'))).rejects.toBeInstanceOf(
      IdempotencyKeyReused,
    );
    expect((await sentEvents(id)).filter((e) => e.data.client_message_id === 'key-1')).toHaveLength(1);
  });
});

describe('client_message_id across two nodes', () => {
  it('the same key sent on two nodes at once creates exactly one message', async () => {
    const id = await group(h.node());
    const [a, b] = await Promise.all([
      sendMessage(h.node(), alice, input(id, 'hello', 'key-1')),
      sendMessage(h.node(), alice, input(id, 'hello', 'key-1')),
    ]);
    expect(a.value.message_id).toBe(`${id}.1`);
    expect(b.value.message_id).toBe(`${id}.1`);
    expect(b.value.content).toBe('hello');
    const sent = await sentEvents(id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.data).toMatchObject({ content: 'hello', client_message_id: 'key-1', seq: 1 });
  });

  it('a retry on a node whose cache is several writes behind is recognised', async () => {
    const a = h.node();
    const b = h.node();
    const id = await group(a);
    await warmBoth(a, b, id);
    const first = await sendMessage(b, alice, input(id, 'hello', 'key-1'));
    await sendMessage(b, bob, input(id, 'more', null));
    // a is now three writes behind: its append conflicts, it reloads and finds the key.
    const retry = await sendMessage(a, alice, input(id, 'hello', 'key-1'));
    expect(retry).toEqual({ value: first.value, position: undefined, created: false });
    expect((await sentEvents(id)).filter((e) => e.data.client_message_id === 'key-1')).toHaveLength(1);
  });

  // Two nodes decide the same keyed send at the same revision. The loser's append carries the same
  // derived event id at the same expected revision, so the store answers with the winner's result (a
  // replay, per the port's contract): the loser must not take it for its own write.
  it('the same key sent on two nodes at once is reported created only once', async () => {
    const id = await group(h.node());
    const results = await Promise.all([
      sendMessage(h.node(), alice, input(id, 'hello', 'key-1')),
      sendMessage(h.node(), alice, input(id, 'hello', 'key-1')),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
  });

  // With different bodies the loser must refuse, not answer with a message that was never stored.
  it('the same key with different bodies on two nodes at once: one wins, the other is refused', async () => {
    const id = await group(h.node());
    const settled = await Promise.allSettled([
      sendMessage(h.node(), alice, input(id, 'one', 'key-1')),
      sendMessage(h.node(), alice, input(id, 'two', 'key-1')),
    ]);
    const stored = (await sentEvents(id)).map((e) => e.data.content);
    expect(stored).toHaveLength(1);
    const fulfilled = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.value.content] : []));
    const rejected = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
    expect(fulfilled).toEqual(stored);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(IdempotencyKeyReused);
  });

  // The loser must cache the stored state, not the one it decided.
  it('after the same key on two nodes at once, both nodes decide on the stored state', async () => {
    const id = await group(h.node());
    const early = h.node({ now: () => '2030-01-01T00:00:01.000Z' });
    const late = h.node({ now: () => '2030-01-01T00:00:02.000Z' });
    await Promise.all([
      sendMessage(early, alice, input(id, 'hello', 'key-1')),
      sendMessage(late, alice, input(id, 'hello', 'key-1')),
    ]);
    const stored = await coldSnapshot(h.store, id);
    expect(await snapshotVia(early.conversations, id)).toEqual(stored);
    expect(await snapshotVia(late.conversations, id)).toEqual(stored);
  });

  // The everyday case: a client's retry reaches another node whose cache is exactly one write behind
  // (the original send is the write it has not seen). The retry decides the same event at the same
  // expected revision and the store replays the original append: the node must report no new message.
  it('a retry on a node whose cache is one write behind reports created=false', async () => {
    const a = h.node();
    const b = h.node();
    const id = await group(a);
    await sendMessage(a, bob, input(id, 'a is current', null));
    const first = await sendMessage(b, alice, input(id, 'hello', 'key-1'));
    // a missed exactly one write: the original send.
    const retry = await sendMessage(a, alice, input(id, 'hello', 'key-1'));
    expect(retry).toEqual({ value: first.value, position: undefined, created: false });
  });

  it('a retry with a different body on a node one write behind is refused', async () => {
    const a = h.node();
    const b = h.node();
    const id = await group(a);
    await sendMessage(a, bob, input(id, 'a is current', null));
    await sendMessage(b, alice, input(id, 'original', 'key-1'));
    await expect(sendMessage(a, alice, input(id, 'tampered', 'key-1'))).rejects.toBeInstanceOf(
      IdempotencyKeyReused,
    );
  });
});
