import type { Actor } from '../domain/actor';
import { NotAParticipant } from '../domain/errors';
import { decideUser } from '../domain/user/decider';
import type { PresenceStatus } from '../domain/user/events';
import type { CommandDeps } from './deps';
import type { Written } from './message-handlers';

export interface Typing {
  conversation_id: string;
  user_id: string;
  username: string;
  is_typing: boolean;
  started_at: string;
}

/**
 * Typing is ephemeral: checked against the conversation (only participants type) and published on the
 * ephemeral channel, never appended to the conversation's history.
 */
export async function setTyping(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  isTyping: boolean,
): Promise<Typing> {
  await deps.conversations.execute(conversationId, (state) => {
    if (state.status === 'none' || !state.participants.has(actor.user_id)) {
      throw new NotAParticipant('conversation not found');
    }
    return [];
  });
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
  let since = now;
  const outcome = await deps.profiles.alongside(
    actor,
    deps.users.execute(actor.user_id, (state) => {
      const events = decideUser(
        { type: 'SetPresence', actor, status, status_message: statusMessage, now },
        state,
      );
      since = state.presence?.changed_at ?? now;
      return events;
    }),
  );
  const changed = outcome.events[0];
  const value: Presence = {
    user_id: actor.user_id,
    username: actor.username,
    status,
    status_message: statusMessage,
    last_active: changed?.type === 'PresenceChanged' ? changed.data.changed_at : since,
  };
  return { value, position: outcome.position, created: changed !== undefined };
}
