import type { Actor } from '../domain/actor';
import type { ConversationCommand } from '../domain/conversation/commands';
import { decide } from '../domain/conversation/decide';
import { timedOutUntil } from '../domain/conversation/state';
import type { CommandDeps } from './deps';
import { executeAs, type Written, written } from './written';

export interface TimeoutState {
  conversation_id: string;
  user_id: string;
  /** When the timeout ends; null when none runs. */
  timed_out_until: string | null;
}

export interface BanState {
  conversation_id: string;
  user_id: string;
  banned: boolean;
}

/**
 * Times a participant out until `until` (an admin's command), or lifts their timeout (`until` null).
 * Repeats write nothing and answer the timeout as it stands.
 */
export async function changeTimeout(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  userId: string,
  until: string | null,
): Promise<Written<TimeoutState>> {
  const now = deps.now();
  const command: ConversationCommand =
    until === null
      ? { type: 'LiftTimeout', actor, now, user_id: userId }
      : { type: 'TimeoutParticipant', actor, now, user_id: userId, until };
  const outcome = await executeAs(
    deps,
    actor,
    conversationId,
    (state) => decide(command, state),
    (state) => {
      const participant = state.participants.get(userId);
      return (participant && timedOutUntil(participant, now)) ?? null;
    },
  );
  return written(
    { conversation_id: conversationId, user_id: userId, timed_out_until: outcome.decided },
    outcome,
  );
}

/** Bans a user (removing them when they take part) or unbans them. Repeats write nothing. */
export async function changeBan(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  userId: string,
  change: { ban: true; reason: string | null } | { ban: false },
): Promise<Written<BanState>> {
  const now = deps.now();
  const command: ConversationCommand = change.ban
    ? { type: 'BanParticipant', actor, now, user_id: userId, reason: change.reason }
    : { type: 'UnbanParticipant', actor, now, user_id: userId };
  const outcome = await executeAs(
    deps,
    actor,
    conversationId,
    (state) => decide(command, state),
    (state) => state.banned.has(userId),
  );
  return written({ conversation_id: conversationId, user_id: userId, banned: outcome.decided }, outcome);
}
