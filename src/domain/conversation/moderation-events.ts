import { z } from 'zod';
import { Timestamp } from '../time';

/**
 * Moderation facts of a conversation (stream `conversation-<id>`), kept beside the other conversation
 * events and part of the same union (events.ts). A ban of a participant is recorded as their
 * ParticipantRemoved followed by ParticipantBanned, so everything that follows removals (sockets,
 * participant lists, resumes) needs nothing new.
 */
const UserId = z.string().min(1);

function event<T extends string, D extends z.ZodRawShape>(type: T, data: D) {
  return z.object({ type: z.literal(type), data: z.object({ conversation_id: z.string(), ...data }) });
}

/** An admin timed a participant out: they may not write in the conversation before `until`. */
export const ParticipantTimedOut = event('ParticipantTimedOut', {
  user_id: UserId,
  until: Timestamp,
  timed_out_by: UserId,
  timed_out_at: Timestamp,
});
/** An admin lifted a timeout before it ran out. */
export const ParticipantTimeoutLifted = event('ParticipantTimeoutLifted', {
  user_id: UserId,
  lifted_by: UserId,
  lifted_at: Timestamp,
});
/** An admin banned a user: they cannot be added back until unbanned. */
export const ParticipantBanned = event('ParticipantBanned', {
  user_id: UserId,
  banned_by: UserId,
  reason: z.string().nullable(),
  banned_at: Timestamp,
});
export const ParticipantUnbanned = event('ParticipantUnbanned', {
  user_id: UserId,
  unbanned_by: UserId,
  unbanned_at: Timestamp,
});
