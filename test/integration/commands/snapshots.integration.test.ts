import fc from 'fast-check';
import { AggregateStore } from '../../../src/commands/aggregate-store';
import {
  addParticipant,
  changeParticipant,
  removeParticipant,
} from '../../../src/commands/conversation-handlers';
import type { CommandDeps } from '../../../src/commands/deps';
import { IdempotencyKeyReused } from '../../../src/commands/errors';
import { deleteMessage, editMessage, markRead, sendMessage } from '../../../src/commands/message-handlers';
import { snapshotStream } from '../../../src/commands/snapshots';
import type { Actor } from '../../../src/domain/actor';
import { conversationDecider } from '../../../src/domain/conversation/decider';
import type { ConversationEvent } from '../../../src/domain/conversation/events';
import { SNAPSHOT_VERSION } from '../../../src/domain/conversation/snapshot';
import type { ConversationState } from '../../../src/domain/conversation/state';
import { DomainError, NotMessageAuthor } from '../../../src/domain/errors';
import type { EventStore } from '../../../src/eventstore/port';
import {
  actor,
  coldSnapshot,
  createGroup,
  eventually,
  harnessPerTest,
  instrumented,
  snapshotVia,
} from '../../support/command-harness';

const alice = actor('alice');
const bob = actor('bob');
const carol = actor('carol');

const h = harnessPerTest();

const group = (deps: CommandDeps, others = ['bob', 'carol']) => createGroup(deps, alice, others);

function text(conversationId: string, content: string, key: string | null = null) {
  return {
    conversation_id: conversationId,
    content,
    message_type: 'text' as const,
    reply_to_id: null,
    client_message_id: key,
  };
}

/** `count` sends, concurrently (so in batches), cycling through the senders. */
async function fill(
  deps: CommandDeps,
  conversationId: string,
  count: number,
  senders: Actor[] = [bob, carol],
) {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      sendMessage(deps, senders[i % senders.length] as Actor, text(conversationId, `f${i}`)),
    ),
  );
}

function latestSnapshot(store: EventStore, conversationId: string) {
  return store.readStream(snapshotStream(`conversation-${conversationId}`), {
    direction: 'backwards',
    maxCount: 1,
  });
}

/** Waits for a snapshot taken at or after `revision` (snapshots are written off the command's path). */
function snapshotAtLeast(store: EventStore, conversationId: string, revision: number) {
  return eventually(async () => {
    const [latest] = await latestSnapshot(store, conversationId);
    return latest && (latest.data.revision as number) >= revision ? latest : undefined;
  });
}

/** The state folded from the whole stream, ignoring any snapshot. */
function fullFold(store: EventStore, conversationId: string) {
  const withoutSnapshots = new AggregateStore<ConversationState, ConversationEvent>(store, {
    category: 'conversation',
    initialState: conversationDecider.initialState,
    evolve: conversationDecider.evolve,
    parseEvent: conversationDecider.parseEvent,
  });
  return snapshotVia(withoutSnapshots, conversationId);
}

async function headRevision(store: EventStore, conversationId: string): Promise<number> {
  const [head] = await store.readStream(`conversation-${conversationId}`, {
    direction: 'backwards',
    maxCount: 1,
  });
  return head?.revision ?? -1;
}

describe('snapshots', () => {
  it('are written to snapshot-conversation-<id> after 500 events and used by a cold node', async () => {
    const warm = h.node();
    const id = await group(warm);
    const early = await sendMessage(warm, alice, text(id, 'early', 'early-key'));
    await fill(warm, id, 500);
    const snapshot = await snapshotAtLeast(h.store, id, 499);
    for (let i = 0; i < 20; i++) await sendMessage(warm, bob, text(id, `after ${i}`));
    const head = await headRevision(h.store, id);
    expect(snapshot.streamId).toBe(`snapshot-conversation-${id}`);
    expect(snapshot.type).toBe('Snapshot');
    const revision = snapshot.data.revision as number;
    expect(revision).toBeGreaterThanOrEqual(499);
    expect(revision).toBeLessThan(head - 19);
    // Four events before the first message: creation and three participants.
    expect(snapshot.data.state).toMatchObject({
      version: SNAPSHOT_VERSION,
      conversationId: id,
      lastSeq: revision - 3,
    });

    // A cold node reads the snapshot and only the events after it.
    const { store, log } = instrumented(h.store);
    const cold = h.node({}, store);
    await expect(editMessage(cold, bob, early.value.message_id, 'not mine')).rejects.toBeInstanceOf(
      NotMessageAuthor,
    );
    const conversationReads = log.reads.filter((r) => r.streamId === `conversation-${id}`);
    expect(conversationReads.reduce((sum, r) => sum + r.events, 0)).toBe(head - revision);
    expect(log.reads.some((r) => r.streamId === `snapshot-conversation-${id}` && r.events === 1)).toBe(true);

    const edited = await editMessage(h.node(), alice, early.value.message_id, 'early, edited');
    expect(edited.value).toMatchObject({ message_id: `${id}.1`, content: 'early, edited' });
    await expect(deleteMessage(h.node(), carol, early.value.message_id)).rejects.toBeInstanceOf(
      NotMessageAuthor,
    );
    expect((await deleteMessage(h.node(), alice, `${id}.2`)).created).toBe(true);
    // The idempotency key of a message from before the snapshot is still known.
    const repeat = await sendMessage(h.node(), alice, text(id, 'early', 'early-key'));
    // The repeat answers the message as it is now: edited since it was sent.
    const now = {
      ...early.value,
      content: 'early, edited',
      is_edited: true,
      edited_at: edited.value.edited_at,
    };
    expect(repeat).toEqual({ value: now, position: undefined, created: false });
    await expect(sendMessage(h.node(), alice, text(id, 'other', 'early-key'))).rejects.toBeInstanceOf(
      IdempotencyKeyReused,
    );
    const next = await sendMessage(h.node(), carol, text(id, 'next'));
    expect(next.value.seq).toBe(head - 3 + 1);

    expect(await coldSnapshot(h.store, id)).toEqual(await fullFold(h.store, id));
  });

  it('keeps only the latest snapshot visible once the stream passes 1000 events', async () => {
    const warm = h.node();
    const id = await group(warm);
    await fill(warm, id, 1000);
    await snapshotAtLeast(h.store, id, 999);
    const visible = await h.store.readStream(snapshotStream(`conversation-${id}`));
    expect(visible).toHaveLength(1);
    expect(await coldSnapshot(h.store, id)).toEqual(await fullFold(h.store, id));
    expect(await coldSnapshot(h.store, id)).toEqual(await snapshotVia(warm.conversations, id));
  });

  it('a cold node loads the same state as the warm node that wrote it, whatever the history', async () => {
    type Step =
      | { kind: 'send'; who: number; key: number | null; content: number }
      | { kind: 'edit' | 'delete'; who: number; back: number }
      | { kind: 'read'; who: number; back: number | null }
      | { kind: 'add' | 'remove' | 'mute'; who: number; target: number };
    const people = [alice, bob, carol, actor('dave'), actor('erin')];
    const who = fc.nat(people.length - 1);
    const step: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant('send' as const),
          who,
          key: fc.option(fc.nat(3)),
          content: fc.nat(1),
        }),
      },
      fc.record({ kind: fc.constantFrom('edit' as const, 'delete' as const), who, back: fc.nat(30) }),
      fc.record({ kind: fc.constant('read' as const), who, back: fc.option(fc.nat(30)) }),
      fc.record({
        kind: fc.constantFrom('add' as const, 'remove' as const, 'mute' as const),
        who,
        target: who,
      }),
    );
    // Groups of steps run concurrently (decided in one batch); groups run one after another.
    const history = fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 });

    const lastSeqs = new Map<string, number>();
    const run = async (deps: CommandDeps, id: string, lastSeq: () => number, s: Step): Promise<void> => {
      const by = people[s.who] as Actor;
      const seqBack = (back: number) => Math.max(1, lastSeq() - back);
      switch (s.kind) {
        case 'send': {
          const key = s.key === null ? null : `k${s.key}`;
          const sent = await sendMessage(deps, by, text(id, `c${s.content}`, key));
          if (sent.created) lastSeqs.set(id, Math.max(lastSeq(), sent.value.seq));
          return;
        }
        case 'edit':
          await editMessage(deps, by, `${id}.${seqBack(s.back)}`, 'edited');
          return;
        case 'delete':
          await deleteMessage(deps, by, `${id}.${seqBack(s.back)}`);
          return;
        case 'read':
          await markRead(deps, by, id, s.back === null ? null : `${id}.${seqBack(s.back)}`);
          return;
        case 'add':
          await addParticipant(
            deps,
            by,
            id,
            (people[s.target] as Actor).user_id,
            s.target % 2 ? 'admin' : 'member',
          );
          return;
        case 'remove': {
          const target = (people[s.target] as Actor).user_id;
          await removeParticipant(deps, by, id, target, target === 'alice' ? 'bob' : null);
          return;
        }
        case 'mute':
          await changeParticipant(deps, by, id, by.user_id, { is_muted: s.target % 2 === 0 });
          return;
      }
    };
    const warm = h.node();
    let withSnapshot = 0;
    await fc.assert(
      fc.asyncProperty(history, fc.integer({ min: 485, max: 510 }), async (groups, prefill) => {
        const id = await group(warm);
        await fill(warm, id, prefill);
        lastSeqs.set(id, prefill);
        const lastSeq = () => lastSeqs.get(id) ?? 0;
        for (const steps of groups) {
          const settled = await Promise.allSettled(steps.map((s) => run(warm, id, lastSeq, s)));
          for (const outcome of settled) {
            const refusedByTheDomain =
              outcome.status === 'fulfilled' ||
              outcome.reason instanceof DomainError ||
              outcome.reason instanceof IdempotencyKeyReused;
            if (!refusedByTheDomain) throw outcome.reason;
          }
        }
        const head = await headRevision(h.store, id);
        const snapshot = head >= 499 ? await snapshotAtLeast(h.store, id, 499) : undefined;

        const warmState = await snapshotVia(warm.conversations, id);
        const { store, log } = instrumented(h.store);
        expect(await coldSnapshot(store, id)).toEqual(warmState);
        expect(await fullFold(h.store, id)).toEqual(warmState);
        if (snapshot) {
          // The cold load started from the snapshot (it was decodable), not from the beginning.
          withSnapshot++;
          const read = log.reads
            .filter((r) => r.streamId === `conversation-${id}`)
            .reduce((n, r) => n + r.events, 0);
          expect(read).toBe(head - (snapshot.data.revision as number));
        }
      }),
      { numRuns: 12 },
    );
    expect(withSnapshot).toBeGreaterThan(0);
  });
});
