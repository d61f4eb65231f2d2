import type { Actor } from '../domain/actor';
import type { ConversationCommand } from '../domain/conversation/commands';
import { decide, directPartner } from '../domain/conversation/decide';
import type {
  ConversationEvent,
  ConversationEventOf,
  ConversationType,
  ParticipantRole,
} from '../domain/conversation/events';
import { type ConversationState, initialConversationState } from '../domain/conversation/state';
import { Blocked } from '../domain/errors';
import { blockedBetween, blockedByAny } from './block-handlers';
import type { CommandDeps } from './deps';
import { directConversationId } from './direct-conversation-id';
import { executeAs, type Written, written } from './written';

export interface CreatedConversation {
  conversation: ConversationEventOf<'ConversationCreated'>['data'];
  participants: ConversationEventOf<'ParticipantAdded'>['data'][];
}

export interface CreateConversationInput {
  conversation_type: ConversationType;
  name: string | null;
  description: string | null;
  avatar_url: string | null;
  participant_ids: string[];
}

/** Per-deployment limits on conversation commands, applied by whoever runs them (the API). */
export interface ConversationLimits {
  /** Participants one conversation may hold; the domain's default when absent. */
  maxParticipants?: number;
  /**
   * Called before a request creates a conversation (not when it opens an existing direct one);
   * throws to refuse it, before anything is written.
   */
  admitNewConversation?: () => void;
}

export async function createConversation(
  deps: CommandDeps,
  actor: Actor,
  input: CreateConversationInput,
  limits: ConversationLimits = {},
): Promise<Written<CreatedConversation>> {
  if (input.conversation_type === 'direct') {
    const other = directPartner(actor.user_id, input.participant_ids);
    return openDirectConversation(deps, actor, other, limits.admitNewConversation);
  }
  const blocked = await blockedByAny(deps, input.participant_ids, actor.user_id);
  const command: ConversationCommand = {
    type: 'CreateConversation',
    actor,
    now: deps.now(),
    conversation_id: deps.newConversationId(),
    ...input,
    ...(limits.maxParticipants !== undefined && { max_participants: limits.maxParticipants }),
    ...(blocked && { blocked }),
  };
  // A new id's stream is empty: deciding on the initial state refuses an invalid request before it
  // is counted against the caller's limit (and before anything is written).
  decide(command, initialConversationState());
  limits.admitNewConversation?.();
  const outcome = await executeAs(deps, actor, command.conversation_id, (state) => decide(command, state));
  return written(created(outcome.events), outcome);
}

/**
 * The conversation of two users: created on first use, the existing one afterwards. `admitNew` runs
 * only when the decision finds no conversation yet (a decision retried after a conflict counts again).
 */
export async function openDirectConversation(
  deps: CommandDeps,
  actor: Actor,
  otherUserId: string,
  admitNew?: () => void,
): Promise<Written<CreatedConversation>> {
  const conversationId = directConversationId(actor.user_id, otherUserId);
  const blocked = await blockedBetween(deps, actor.user_id, otherUserId);
  const command: ConversationCommand = {
    type: 'CreateConversation',
    actor,
    now: deps.now(),
    conversation_id: conversationId,
    conversation_type: 'direct',
    name: null,
    description: null,
    avatar_url: null,
    participant_ids: [otherUserId],
    ...(blocked && { blocked }),
  };
  const outcome = await executeAs(deps, actor, conversationId, (state) => {
    // Neither member of a pair with a block opens their conversation, new or existing.
    if (state.status !== 'none' && blocked)
      throw new Blocked('messages between you and this user are blocked');
    if (state.status !== 'none') return [];
    admitNew?.();
    return decide(command, state);
  });
  if (outcome.events.length > 0) return written(created(outcome.events), outcome);
  // It exists: its first events say how it was created.
  const stream = deps.conversations.streamId(conversationId);
  const first = await deps.store.readStream(stream, { maxCount: 3 });
  return {
    value: created(first.map((e) => ({ type: e.type, data: e.data }) as ConversationEvent)),
    position: undefined,
    created: false,
  };
}

function created(events: ConversationEvent[]): CreatedConversation {
  const creation = events.find(
    (e): e is ConversationEventOf<'ConversationCreated'> => e.type === 'ConversationCreated',
  );
  if (!creation) throw new Error('conversation has no ConversationCreated event');
  const participants = events
    .filter((e): e is ConversationEventOf<'ParticipantAdded'> => e.type === 'ParticipantAdded')
    .map((e) => e.data);
  return { conversation: creation.data, participants };
}

/** Runs one conversation command and returns the events it wrote (none for a harmless repeat). */
async function run(
  deps: CommandDeps,
  conversationId: string,
  command: ConversationCommand,
): Promise<Written<ConversationEvent[]>> {
  const outcome = await executeAs(deps, command.actor, conversationId, (state) => decide(command, state));
  return written(outcome.events, outcome);
}

/** A user who blocks the actor cannot be added by them (their stream says so; no read model is read). */
export async function addParticipant(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  userId: string,
  role: ParticipantRole,
  limits: Pick<ConversationLimits, 'maxParticipants'> = {},
) {
  const blocked = await blockedByAny(deps, [userId], actor.user_id);
  return run(deps, conversationId, {
    type: 'AddParticipant',
    actor,
    now: deps.now(),
    user_id: userId,
    role,
    ...(limits.maxParticipants !== undefined && { max_participants: limits.maxParticipants }),
    ...(blocked && { blocked }),
  });
}

export function removeParticipant(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  userId: string,
  successorId: string | null,
) {
  return run(deps, conversationId, {
    type: 'RemoveParticipant',
    actor,
    now: deps.now(),
    user_id: userId,
    successor_id: successorId,
  });
}

export function changeParticipant(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  userId: string,
  change: { role?: ParticipantRole; is_muted?: boolean },
): Promise<Written<ConversationEvent[]>> {
  const now = deps.now();
  const commands: ConversationCommand[] = [];
  if (change.role !== undefined) {
    commands.push({ type: 'ChangeParticipantRole', actor, now, user_id: userId, role: change.role });
  }
  if (change.is_muted !== undefined)
    commands.push({ type: 'SetMuted', actor, now, user_id: userId, is_muted: change.is_muted });
  return runAll(deps, conversationId, commands);
}

export function updateConversation(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  changes: { name?: string | null; description?: string | null; avatar_url?: string | null },
) {
  return run(deps, conversationId, { type: 'UpdateConversation', actor, now: deps.now(), ...changes });
}

export function archiveConversation(deps: CommandDeps, actor: Actor, conversationId: string) {
  return run(deps, conversationId, { type: 'ArchiveConversation', actor, now: deps.now() });
}

/** Commands that do not depend on each other, decided against one state and appended together. */
async function runAll(deps: CommandDeps, conversationId: string, commands: ConversationCommand[]) {
  const decision = (state: ConversationState) => commands.flatMap((command) => decide(command, state));
  const [first] = commands;
  const outcome = first
    ? await executeAs(deps, first.actor, conversationId, decision)
    : await deps.conversations.execute(conversationId, decision);
  return written(outcome.events, outcome);
}
