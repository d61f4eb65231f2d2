import fc from 'fast-check';
import { messageHistory } from '../../../src/audit/message-history';
import { type AuditedEvent, eventTime, foldConversation, timeTravel } from '../../../src/audit/time-travel';
import type { ConversationCommand } from '../../../src/domain/conversation/commands';
import { decide } from '../../../src/domain/conversation/decide';
import { ConversationEvent, type ParticipantRole } from '../../../src/domain/conversation/events';
import { evolve } from '../../../src/domain/conversation/evolve';
import {
  type ConversationState,
  initialConversationState,
  messageAuthor,
} from '../../../src/domain/conversation/state';
import { DomainError } from '../../../src/domain/errors';
import { messageId } from '../../../src/domain/ids';
import { at, CONVERSATION, command, MINUTE } from '../domain/conversation-fixtures';

/*
 * Random command sequences over three users, decided by the domain, recorded with increasing positions:
 * time travel to any position must equal the fold of the log prefix up to it, agree with the
 * aggregate's own state (`evolve`), and show each message with the content a naive model gives it.
 */
const USERS = ['ann', 'bob', 'cat'];
const user = fc.constantFrom(...USERS);
const role = fc.constantFrom<ParticipantRole>('admin', 'member');
const seq = fc.integer({ min: 1, max: 6 });
const text = fc.constantFrom('hello', 'hi again', 'edited!', 'final words');

type Action =
  | { type: 'send'; content: string }
  | { type: 'edit'; seq: number; content: string }
  | { type: 'delete'; seq: number }
  | { type: 'read'; upTo: number | null }
  | { type: 'add'; user: string; role: ParticipantRole }
  | { type: 'remove'; user: string }
  | { type: 'mute'; muted: boolean }
  | { type: 'rename'; name: string | null }
  | { type: 'archive' }
  | { type: 'react'; seq: number; emoji: string; add: boolean }
  | { type: 'pin'; seq: number; pin: boolean };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('send' as const), content: text }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('edit' as const), seq, content: text }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('delete' as const), seq }) },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('read' as const), upTo: fc.option(seq, { nil: null }) }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('add' as const), user, role }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('remove' as const), user }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('mute' as const), muted: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('rename' as const), name: fc.constantFrom('Team', null) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('archive' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('react' as const),
      seq,
      emoji: fc.constantFrom(':a:', ':b:', '\u{1F44D}'),
      add: fc.nat({ max: 2 }).map((n) => n !== 0),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('pin' as const), seq, pin: fc.boolean() }) },
);
const steps = fc.array(fc.record({ actor: user, dt: fc.integer({ min: 0, max: 10 * MINUTE }), action }), {
  minLength: 5,
  maxLength: 60,
});

function toCommand(actor: string, now: string, a: Action): ConversationCommand {
  switch (a.type) {
    case 'send':
      return command.send(actor, a.content, { now });
    case 'edit':
      return command.edit(actor, a.seq, a.content, now);
    case 'delete':
      return command.delete(actor, a.seq, now);
    case 'read':
      return command.markRead(actor, a.upTo, now);
    case 'add':
      return command.add(actor, a.user, a.role, now);
    case 'remove':
      return command.remove(actor, a.user, null, now);
    case 'mute':
      return command.setMuted(actor, a.muted, now);
    case 'rename':
      return command.update(actor, { name: a.name }, now);
    case 'archive':
      return command.archive(actor, now);
    case 'react':
      return a.add ? command.react(actor, a.seq, a.emoji, now) : command.unreact(actor, a.seq, a.emoji, now);
    case 'pin':
      // Steered to the group's admin: members are refused.
      return a.pin ? command.pin('ann', a.seq, undefined, now) : command.unpin('ann', a.seq, now);
  }
}

const position = (i: number) => `p${String(i).padStart(8, '0')}`;

/** Decides every command (refusals append nothing) and records the events as a store would. */
function record(list: { actor: string; dt: number; action: Action }[]): AuditedEvent[] {
  let state = initialConversationState();
  const events: ConversationEvent[] = [];
  const decideAndFold = (c: ConversationCommand) => {
    try {
      for (const e of decide(c, state)) {
        state = evolve(state, e);
        events.push(e);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };
  decideAndFold(command.create('ann', 'group', ['bob', 'cat'], at(0)));
  let clock = 0;
  for (const { actor, dt, action: a } of list) {
    clock += dt;
    decideAndFold(toCommand(actor, at(clock), a));
  }
  return events.map((e, i) => ({
    position: position(i + 1),
    recordedAt: at(clock + i),
    type: e.type,
    data: e.data as Record<string, unknown>,
  }));
}

function evolved(prefix: AuditedEvent[]): ConversationState {
  let state = initialConversationState();
  for (const raw of prefix)
    state = evolve(state, ConversationEvent.parse({ type: raw.type, data: raw.data }));
  return state;
}

/** Message contents as plainly as possible: the last sent or edited content of each message id. */
function naiveContents(prefix: AuditedEvent[]): Map<string, string> {
  const contents = new Map<string, string>();
  for (const e of prefix) {
    if (e.type === 'MessageSent' || e.type === 'MessageEdited')
      contents.set(e.data.message_id as string, e.data.content as string);
  }
  return contents;
}

describe('time travel', () => {
  it('to any position equals the fold of the log prefix up to it', () => {
    fc.assert(
      fc.property(steps, (list) => {
        const log = record(list);
        for (let k = 0; k < log.length; k++) {
          const prefix = log.slice(0, k + 1);
          const then = timeTravel(log, { position: position(k + 1) });
          expect(then).toEqual(foldConversation(prefix));
          expect(then.position).toBe(position(k + 1));
          expect(then.event_count).toBe(k + 1);

          const state = evolved(prefix);
          expect(then.conversation?.is_active ?? false).toBe(state.status === 'active');
          expect(
            then.participants.map((p) => [p.user_id, p.role, p.is_muted, p.last_read_seq]).sort(),
          ).toEqual([...state.participants].map(([id, p]) => [id, p.role, p.muted, p.lastReadSeq]).sort());
          expect(then.messages.map((m) => m.seq)).toEqual(
            Array.from({ length: state.lastSeq }, (_, i) => i + 1),
          );
          for (const m of then.messages) {
            expect(m.id).toBe(messageId(CONVERSATION, m.seq));
            expect(m.user_id).toBe(messageAuthor(state, m.seq));
            expect(m.is_deleted).toBe(state.deletedSeqs.has(m.seq));
            const reactions = state.reactions.get(m.seq) ?? new Map<string, Map<string, string>>();
            expect(new Map(m.reactions.map((r) => [r.emoji, [...r.user_ids].sort()]))).toEqual(
              new Map([...reactions].map(([emoji, reactors]) => [emoji, [...reactors.keys()].sort()])),
            );
            expect(m.pinned).toEqual(state.pins.get(m.seq) ?? null);
          }
          const contents = naiveContents(prefix);
          expect(new Map(then.messages.map((m) => [m.id, m.content]))).toEqual(contents);
          for (const p of then.participants) {
            const unread = then.messages.filter(
              (m) => m.seq > p.last_read_seq && m.user_id !== p.user_id && !state.deletedSeqs.has(m.seq),
            ).length;
            expect(then.unread.find((u) => u.user_id === p.user_id)?.count).toBe(unread);
          }
        }
        // Before the first event, nothing existed.
        expect(timeTravel(log, { position: position(0) })).toMatchObject({
          conversation: null,
          messages: [],
          position: null,
        });
      }),
      { numRuns: 150 },
    );
  });

  it('to an instant folds every event whose own time is at or before it', () => {
    fc.assert(
      fc.property(steps, fc.nat(), (list, pick) => {
        const log = record(list);
        const chosen = log[pick % log.length] as AuditedEvent;
        const instant = eventTime(ConversationEvent.parse({ type: chosen.type, data: chosen.data }));
        const then = timeTravel(log, { asOf: instant });
        const times = log.map((e) => Date.parse(eventTime(ConversationEvent.parse(e))));
        const count = times.filter((t) => t <= Date.parse(instant)).length;
        expect(then).toEqual(foldConversation(log.slice(0, count)));
        expect(then.event_count).toBeGreaterThan(pick % log.length);
      }),
    );
  });
});

describe('messageHistory', () => {
  it('gives every version of a message with who and when, and null for an unknown one', () => {
    const log = record([
      { actor: 'bob', dt: MINUTE, action: { type: 'send', content: 'first draft' } },
      { actor: 'bob', dt: MINUTE, action: { type: 'edit', seq: 1, content: 'second draft' } },
      { actor: 'cat', dt: MINUTE, action: { type: 'send', content: 'other' } },
      { actor: 'bob', dt: MINUTE, action: { type: 'edit', seq: 1, content: 'final' } },
      { actor: 'ann', dt: MINUTE, action: { type: 'delete', seq: 1 } },
    ]);
    const history = messageHistory(log, messageId(CONVERSATION, 1));
    expect(history?.versions).toEqual([
      expect.objectContaining({
        kind: 'sent',
        version: 1,
        content: 'first draft',
        by: 'bob',
        at: at(MINUTE),
      }),
      expect.objectContaining({
        kind: 'edited',
        version: 2,
        content: 'second draft',
        by: 'bob',
        at: at(2 * MINUTE),
      }),
      expect.objectContaining({
        kind: 'edited',
        version: 3,
        content: 'final',
        by: 'bob',
        at: at(4 * MINUTE),
      }),
      expect.objectContaining({ kind: 'deleted', by: 'ann', at: at(5 * MINUTE) }),
    ]);
    expect(history?.versions.map((v) => v.position)).toEqual(
      [...(history?.versions.map((v) => v.position) ?? [])].sort(),
    );
    expect(messageHistory(log, messageId(CONVERSATION, 9))).toBeNull();
    // Time travel shows each version at its time; the deleted message keeps its last content.
    expect(timeTravel(log, { asOf: at(3 * MINUTE) }).messages[0]).toMatchObject({
      content: 'second draft',
      is_edited: true,
      is_deleted: false,
    });
    expect(timeTravel(log, { asOf: at(5 * MINUTE) }).messages[0]).toMatchObject({
      content: 'final',
      is_deleted: true,
      deleted_by: 'ann',
    });
  });
});
