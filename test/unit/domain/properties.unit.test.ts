import fc from 'fast-check';
import type { ConversationCommand } from '../../../src/domain/conversation/commands';
import { decide } from '../../../src/domain/conversation/decide';
import { ConversationEvent, type ParticipantRole } from '../../../src/domain/conversation/events';
import { evolve, IDEMPOTENCY_WINDOW_MS } from '../../../src/domain/conversation/evolve';
import { ConversationSnapshot, fromSnapshot, toSnapshot } from '../../../src/domain/conversation/snapshot';
import {
  type ConversationState,
  initialConversationState,
  messageAuthor,
  priorSend,
} from '../../../src/domain/conversation/state';
import { DomainError } from '../../../src/domain/errors';
import { messageId } from '../../../src/domain/ids';
import { at, CONVERSATION, command, DAY, MINUTE } from './conversation-fixtures';
import { fold } from './given-when-then';

/*
 * Random command sequences over one conversation and a few users, checked against the laws the decider
 * must keep whatever the order of commands.
 */
const USERS = ['ann', 'bob', 'cat', 'dan', 'eve'];
const KEYS = ['k1', 'k2'];
const MAX_SEQ = 8;

type Reply = null | { seq: number } | 'elsewhere' | 'garbage';
type Action =
  | { type: 'create'; direct: boolean; participants: string[] }
  | { type: 'add'; user: string; role: ParticipantRole }
  | { type: 'remove'; user: string; successor: string | null }
  | { type: 'changeRole'; user: string; role: ParticipantRole }
  | { type: 'send'; content: string; reply: Reply; key: string | null }
  | { type: 'edit'; seq: number; content: string }
  | { type: 'delete'; seq: number }
  | { type: 'markRead'; upTo: number | null }
  | { type: 'mute'; muted: boolean }
  | { type: 'rename'; name: string | undefined }
  | { type: 'archive' }
  | { type: 'timeout'; user: string; minutes: number }
  | { type: 'lift'; user: string }
  | { type: 'ban'; user: string }
  | { type: 'unban'; user: string };
interface Step {
  actor: string;
  /** How far the actor's clock is from the previous command's: negative when it lags. */
  dt: number;
  action: Action;
}

const user = fc.constantFrom(...USERS);
const role = fc.constantFrom<ParticipantRole>('admin', 'member');
const seq = fc.integer({ min: 1, max: MAX_SEQ });
const content = fc.oneof({ weight: 7, arbitrary: fc.constantFrom('hello', 'hi again') }, fc.constant(' \n '));
const reply: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }).map((s) => ({ seq: s })) },
  { weight: 1, arbitrary: fc.constantFrom<Reply>('elsewhere', 'garbage') },
);
/** Mostly valid: groups of three or more, direct conversations naming one user (or the creator too). */
const create: fc.Arbitrary<Extract<Action, { type: 'create' }>> = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        direct: fc.constant(false),
        participants: fc.subarray(USERS, { minLength: 3 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ direct: fc.constant(true), participants: fc.subarray(USERS, { maxLength: 2 }) }),
    },
  )
  .map((c) => ({ type: 'create' as const, ...c }));
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: create },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('add' as const), user, role }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('remove' as const),
      user,
      successor: fc.option(user, { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('changeRole' as const), user, role }) },
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constant('send' as const),
      content,
      reply,
      key: fc.option(fc.constantFrom(...KEYS), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('edit' as const), seq, content }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('delete' as const), seq }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('markRead' as const), upTo: fc.option(seq, { nil: null }) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('mute' as const), muted: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('rename' as const), name: fc.constantFrom('Team', undefined) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('archive' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('timeout' as const),
      user,
      minutes: fc.constantFrom(1, 30, 90),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('lift' as const), user }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ban' as const), user }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unban' as const), user }) },
);
const dt = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 * MINUTE }) },
  { weight: 2, arbitrary: fc.integer({ min: -60 * MINUTE, max: 0 }) },
  // Long gaps so that idempotency keys expire.
  { weight: 1, arbitrary: fc.integer({ min: DAY, max: 4 * DAY }) },
);
/** A conversation's life: most start with a creation, and any command may come after. */
const scenario: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.record({ actor: user, dt, action: create }),
    fc.array(fc.record({ actor: user, dt, action }), { minLength: 10, maxLength: 40, size: 'max' }),
  )
  .map(([first, rest]) => [first, ...rest]);

function toCommands(steps: Step[]): ConversationCommand[] {
  let clock = 0;
  return steps.map(({ actor, dt, action: a }) => {
    clock += dt;
    const now = at(clock);
    switch (a.type) {
      case 'create':
        return command.create(actor, a.direct ? 'direct' : 'group', a.participants, now);
      case 'add':
        return command.add(actor, a.user, a.role, now);
      case 'remove':
        return command.remove(actor, a.user, a.successor, now);
      case 'changeRole':
        return command.changeRole(actor, a.user, a.role, now);
      case 'send':
        return command.send(actor, a.content, {
          reply_to_id: replyId(a.reply),
          client_message_id: a.key,
          now,
        });
      case 'edit':
        return command.edit(actor, a.seq, a.content, now);
      case 'delete':
        return command.delete(actor, a.seq, now);
      case 'markRead':
        return command.markRead(actor, a.upTo, now);
      case 'mute':
        return command.setMuted(actor, a.muted, now);
      case 'rename':
        return command.update(actor, { name: a.name }, now);
      case 'archive':
        return command.archive(actor, now);
      case 'timeout':
        return {
          type: 'TimeoutParticipant',
          actor: { user_id: actor, username: actor, user_avatar: null },
          now,
          user_id: a.user,
          until: at(clock + a.minutes * MINUTE),
        };
      case 'lift':
      case 'ban':
      case 'unban': {
        const who = { user_id: actor, username: actor, user_avatar: null };
        if (a.type === 'lift') return { type: 'LiftTimeout', actor: who, now, user_id: a.user };
        if (a.type === 'unban') return { type: 'UnbanParticipant', actor: who, now, user_id: a.user };
        return { type: 'BanParticipant', actor: who, now, user_id: a.user, reason: null };
      }
      default: {
        const _never: never = a;
        return _never;
      }
    }
  });
}

function replyId(reply: Reply): string | null {
  if (reply === null) return null;
  if (reply === 'elsewhere') return messageId('c2', 1);
  if (reply === 'garbage') return 'no such message';
  return messageId(CONVERSATION, reply.seq);
}

type Outcome = 'refused' | 'unchanged' | 'changed';
interface Decided {
  state: ConversationState;
  events: ConversationEvent[];
  outcome: Outcome;
}

/** Decides and folds one command. A refusal must be a DomainError: anything else fails the property. */
function step(state: ConversationState, next: ConversationCommand): Decided {
  let events: ConversationEvent[];
  try {
    events = decide(next, state);
  } catch (error) {
    if (error instanceof DomainError) return { state, events: [], outcome: 'refused' };
    throw error;
  }
  for (const event of events) state = evolve(state, event);
  return { state, events, outcome: events.length === 0 ? 'unchanged' : 'changed' };
}

function run(commands: ConversationCommand[], from = initialConversationState()) {
  let state = from;
  const events: ConversationEvent[] = [];
  const outcomes: Outcome[] = [];
  for (const next of commands) {
    const decided = step(state, next);
    state = decided.state;
    events.push(...decided.events);
    outcomes.push(decided.outcome);
  }
  return { state, events, outcomes };
}

/** The rules as plainly as they can be written: no indexes, no pruning, the whole history at hand. */
interface Model {
  status: 'none' | 'active' | 'archived';
  direct: boolean;
  members: Map<string, { role: ParticipantRole; muted: boolean; lastRead: number; until?: number }>;
  banned: Set<string>;
  authors: string[];
  deleted: Set<number>;
  /** The latest send with each key of each user. */
  keys: Map<string, number>;
  lastSendAt: number;
  lastAt: number;
}

function emptyModel(): Model {
  return {
    status: 'none',
    direct: false,
    members: new Map(),
    banned: new Set(),
    authors: [],
    deleted: new Set(),
    keys: new Map(),
    lastSendAt: Number.NEGATIVE_INFINITY,
    lastAt: Number.NEGATIVE_INFINITY,
  };
}

const keyOf = (userId: string, key: string) => `${userId} ${key}`;

/** A key is remembered until a message is sent more than the window after it. */
function knownKey(model: Model, userId: string, key: string): boolean {
  const sentAt = model.keys.get(keyOf(userId, key));
  return sentAt !== undefined && sentAt >= model.lastSendAt - IDEMPOTENCY_WINDOW_MS;
}

function admins(model: Model): number {
  return [...model.members.values()].filter((m) => m.role === 'admin').length;
}

/** Applies one step to the model and says what the decider should have done with it. */
function applyToModel(model: Model, { actor, action: a }: Step, now: number): Outcome {
  if (a.type === 'create') {
    if (model.status !== 'none') return 'refused';
    const others = [...new Set(a.participants)].filter((id) => id !== actor);
    if (a.direct && others.length !== 1) return 'refused';
    model.status = 'active';
    model.direct = a.direct;
    model.members.set(actor, { role: a.direct ? 'member' : 'admin', muted: false, lastRead: 0 });
    for (const id of others) model.members.set(id, { role: 'member', muted: false, lastRead: 0 });
    model.lastAt = now;
    return 'changed';
  }
  const me = model.members.get(actor);
  if (model.status === 'none' || !me) return 'refused';
  const archived = model.status === 'archived';
  const isAdmin = !model.direct && me.role === 'admin';
  const lastSeq = model.authors.length;
  const time = Math.max(now, model.lastAt);
  const changed = (): Outcome => {
    model.lastAt = time;
    return 'changed';
  };
  const timedOut = me.until !== undefined && me.until > now;
  switch (a.type) {
    case 'send': {
      if (a.key !== null && knownKey(model, actor, a.key)) return 'unchanged';
      if (archived || timedOut || a.content.trim() === '') return 'refused';
      if (a.reply !== null && (typeof a.reply !== 'object' || a.reply.seq > lastSeq)) return 'refused';
      model.authors.push(actor);
      me.lastRead = model.authors.length;
      model.lastSendAt = time;
      if (a.key !== null) model.keys.set(keyOf(actor, a.key), time);
      return changed();
    }
    case 'edit':
      if (archived || timedOut || a.seq > lastSeq || model.authors[a.seq - 1] !== actor) return 'refused';
      if (model.deleted.has(a.seq) || a.content.trim() === '') return 'refused';
      return changed();
    case 'delete':
      if (a.seq > lastSeq || (model.authors[a.seq - 1] !== actor && !isAdmin)) return 'refused';
      if (model.deleted.has(a.seq)) return 'unchanged';
      model.deleted.add(a.seq);
      return changed();
    case 'markRead': {
      const upTo = a.upTo ?? lastSeq;
      if (upTo > lastSeq) return 'refused';
      if (upTo <= me.lastRead) return 'unchanged';
      me.lastRead = upTo;
      return changed();
    }
    case 'mute':
      if (me.muted === a.muted) return 'unchanged';
      me.muted = a.muted;
      return changed();
    case 'add':
      if (!isAdmin || archived) return 'refused';
      if (model.members.has(a.user)) return 'unchanged';
      if (model.banned.has(a.user)) return 'refused';
      model.members.set(a.user, { role: a.role, muted: false, lastRead: lastSeq });
      return changed();
    case 'remove': {
      const self = a.user === actor;
      const target = model.members.get(a.user);
      if (model.direct || (!self && !isAdmin) || !target) return 'refused';
      if (self && target.role === 'admin' && admins(model) === 1 && model.members.size > 1) {
        const successor = a.successor === null ? undefined : model.members.get(a.successor);
        if (!successor || a.successor === actor) return 'refused';
        successor.role = 'admin';
      }
      model.members.delete(a.user);
      return changed();
    }
    case 'changeRole': {
      const target = model.members.get(a.user);
      if (!isAdmin || archived || !target) return 'refused';
      if (target.role === a.role) return 'unchanged';
      if (target.role === 'admin' && admins(model) === 1) return 'refused';
      target.role = a.role;
      return changed();
    }
    case 'rename':
      if (!isAdmin || archived) return 'refused';
      return a.name === undefined ? 'unchanged' : changed();
    case 'archive':
      if (!isAdmin) return 'refused';
      if (archived) return 'unchanged';
      model.status = 'archived';
      return changed();
    case 'timeout':
    case 'lift':
    case 'ban':
    case 'unban': {
      if (!isAdmin || archived || a.user === actor) return 'refused';
      const target = model.members.get(a.user);
      if (a.type === 'timeout') {
        if (!target || target.role === 'admin') return 'refused';
        const until = now + a.minutes * MINUTE;
        if (target.until === until) return 'unchanged';
        target.until = until;
        return changed();
      }
      if (a.type === 'lift') {
        if (!target) return 'refused';
        if (target.until === undefined || target.until <= now) return 'unchanged';
        delete target.until;
        return changed();
      }
      if (a.type === 'ban') {
        if (model.banned.has(a.user)) return 'unchanged';
        if (target?.role === 'admin') return 'refused';
        model.members.delete(a.user);
        model.banned.add(a.user);
        return changed();
      }
      if (!model.banned.has(a.user)) return 'unchanged';
      model.banned.delete(a.user);
      return changed();
    }
  }
}

/** What the model and the state both say, in one comparable shape. */
function viewOfState(state: ConversationState) {
  return {
    status: state.status,
    direct: state.status !== 'none' && state.conversationType === 'direct',
    members: [...state.participants]
      .map(([id, p]) => ({
        id,
        role: p.role,
        muted: p.muted,
        lastRead: p.lastReadSeq,
        until: p.timedOutUntil ?? null,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    authors: Array.from({ length: state.lastSeq }, (_, i) => messageAuthor(state, i + 1)),
    deleted: [...state.deletedSeqs].sort((a, b) => a - b),
    banned: [...state.banned].sort(),
    knownKeys: USERS.flatMap((u) =>
      KEYS.filter((k) => priorSend(state, u, [k]) !== undefined).map((k) => keyOf(u, k)),
    ),
    lastAt: state.lastAt,
  };
}

function viewOfModel(model: Model): ReturnType<typeof viewOfState> {
  return {
    status: model.status,
    direct: model.status !== 'none' && model.direct,
    members: [...model.members]
      .map(([id, { until, ...m }]) => ({
        id,
        ...m,
        until: until === undefined ? null : new Date(until).toISOString(),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    authors: [...model.authors],
    deleted: [...model.deleted].sort((a, b) => a - b),
    banned: [...model.banned].sort(),
    knownKeys: USERS.flatMap((u) => KEYS.filter((k) => knownKey(model, u, k)).map((k) => keyOf(u, k))),
    lastAt: model.lastAt === Number.NEGATIVE_INFINITY ? '' : new Date(model.lastAt).toISOString(),
  };
}

const timeOf = (event: ConversationEvent): string => {
  const stamp = Object.entries(event.data).find(([field]) => field.endsWith('_at'))?.[1];
  if (typeof stamp !== 'string') throw new Error(`${event.type} has no timestamp`);
  return stamp;
};

const RUNS = { numRuns: 200 };

describe('the conversation decider, over random command sequences', () => {
  it('agrees with a naive model of the rules, command by command', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const model = emptyModel();
        let state = initialConversationState();
        toCommands(steps).forEach((next, i) => {
          const expected = { step: i, outcome: applyToModel(model, steps[i] as Step, Date.parse(next.now)) };
          const decided = step(state, next);
          state = decided.state;
          const [actual, predicted] = [viewOfState(state), viewOfModel(model)];
          // expect() on every step is slow: only call it to report a difference.
          if (decided.outcome !== expected.outcome)
            expect({ step: i, outcome: decided.outcome }).toEqual(expected);
          if (JSON.stringify(actual) !== JSON.stringify(predicted)) expect(actual).toEqual(predicted);
        });
      }),
      RUNS,
    );
  });

  it("never lets a non-participant's message in", () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const { events } = run(toCommands(steps));
        let state = initialConversationState();
        const intruders: string[] = [];
        for (const event of events) {
          if (event.type === 'MessageSent' && !state.participants.has(event.data.user_id)) {
            intruders.push(event.data.message_id);
          }
          state = evolve(state, event);
        }
        expect(intruders).toEqual([]);
      }),
      RUNS,
    );
  });

  it('reaches the live state again when all decided events are folded afresh', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const { state, events } = run(toCommands(steps));
        expect(toSnapshot(fold(events))).toStrictEqual(toSnapshot(state));
      }),
      RUNS,
    );
  });

  it('restores from a snapshot, in memory or through JSON, a state that decides and folds on identically', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (steps, cut) => {
        const commands = toCommands(steps);
        const split = cut % (commands.length + 1);
        const { state: live } = run(commands.slice(0, split));
        const snapshot = toSnapshot(live);
        const json = JSON.parse(JSON.stringify(snapshot));
        expect(json).toStrictEqual(snapshot);
        expect(ConversationSnapshot.parse(json)).toStrictEqual(snapshot);

        const inMemory = toSnapshot(live);
        const kept = JSON.stringify(inMemory);
        const restored = [fromSnapshot(inMemory), fromSnapshot(ConversationSnapshot.parse(json))];
        const rest = commands.slice(split);
        const [fromRestored, fromJson] = restored.map((state) => run(rest, state));
        const fromLive = run(rest, live);
        const outcome = (r: ReturnType<typeof run> | undefined) =>
          r && { outcomes: r.outcomes, events: r.events, state: toSnapshot(r.state) };
        const expected = outcome(fromLive);
        for (const other of [outcome(fromRestored), outcome(fromJson)]) {
          if (JSON.stringify(other) !== JSON.stringify(expected)) expect(other).toStrictEqual(expected);
        }
        // Folding into a restored state leaves the snapshot it came from untouched.
        expect(JSON.stringify(inMemory)).toBe(kept);
      }),
      RUNS,
    );
  });

  it('decides only events that pass their schema and survive JSON unchanged', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const { events } = run(toCommands(steps));
        expect(events.map((event) => ConversationEvent.parse(event))).toStrictEqual(events);
        expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
      }),
      RUNS,
    );
  });

  it('numbers messages 1..n as <conversationId>.<seq> and never dates an event before the one preceding it', () => {
    fc.assert(
      fc.property(scenario, (steps) => {
        const { events } = run(toCommands(steps));
        const sent = events.flatMap((e) => (e.type === 'MessageSent' ? [e.data] : []));
        expect(sent.map((m) => m.seq)).toEqual(sent.map((_, i) => i + 1));
        expect(sent.map((m) => m.message_id)).toEqual(sent.map((m) => `${CONVERSATION}.${m.seq}`));
        const times = events.map(timeOf);
        expect(times).toEqual([...times].sort());
      }),
      RUNS,
    );
  });
});
