import type { Actor } from '../domain/actor';
import { refuseWhenTimedOut } from '../domain/conversation/moderation';
import { NotAParticipant } from '../domain/errors';
import { decideUser } from '../domain/user/decider';
import type { PresenceStatus } from '../domain/user/events';
import type { CommandDeps } from './deps';
import { type Written, written } from './written';

export interface Typing {
  conversation_id: string;
  user_id: string;
  username: string;
  is_typing: boolean;
  started_at: string;
}

/**
 * Typing is ephemeral: checked against the conversation (only participants type) and published on the
 * ephemeral channel, never appended to the conversation's history. The check reads the aggregate's
 * cached state (a head read, no turn in the write queue behind the conversation's sends).
 */
export async function setTyping(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  isTyping: boolean,
): Promise<Typing> {
  const state = await deps.conversations.current(conversationId);
  if (state.status === 'none' || !state.participants.has(actor.user_id)) {
    throw new NotAParticipant('conversation not found');
  }
  refuseWhenTimedOut(state.participants.get(actor.user_id), deps.now());
  return publishTyping(deps, actor, conversationId, isTyping);
}

/**
 * Publishes typing for a caller already known to take part: a WebSocket follows only the conversations
 * its user belongs to, as the log (every node's writes) tells them, so its frames need no store read.
 */
export async function publishTyping(
  deps: Pick<CommandDeps, 'ephemeral' | 'now'>,
  actor: Actor,
  conversationId: string,
  isTyping: boolean,
): Promise<Typing> {
  const typing: Typing = {
    conversation_id: conversationId,
    user_id: actor.user_id,
    username: actor.username,
    is_typing: isTyping,
    started_at: deps.now(),
  };
  await deps.ephemeral.publish({ type: 'typing', data: { ...typing } });
  return typing;
}

export interface Presence {
  user_id: string;
  username: string;
  status: PresenceStatus;
  status_message: string | null;
  last_active: string;
}

/** The status a user chose (online, away, busy, offline and a message), recorded in `user-<id>`. */
export async function setPresence(
  deps: CommandDeps,
  actor: Actor,
  status: PresenceStatus,
  statusMessage: string | null,
): Promise<Written<Presence>> {
  const now = deps.now();
  const outcome = await deps.profiles.alongside(
    actor,
    deps.users.execute(
      actor.user_id,
      (state) =>
        decideUser({ type: 'SetPresence', actor, status, status_message: statusMessage, now }, state),
      // Unchanged, the status has held since it was last set.
      (state) => state.presence?.changed_at ?? now,
    ),
  );
  const value: Presence = {
    user_id: actor.user_id,
    username: actor.username,
    status,
    status_message: statusMessage,
    last_active: outcome.decided,
  };
  return written(value, outcome);
}
