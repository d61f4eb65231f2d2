import { z } from 'zod';
import { Timestamp } from '../time';

/** Facts about one user, stored in the stream `user-<id>`. */
export const PresenceStatus = z.enum(['online', 'offline', 'away', 'busy']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

export const UserProfileRecorded = z.object({
  type: z.literal('UserProfileRecorded'),
  data: z.object({
    user_id: z.string().min(1),
    username: z.string(),
    user_avatar: z.string().nullable(),
    recorded_at: Timestamp,
  }),
});
export const PresenceChanged = z.object({
  type: z.literal('PresenceChanged'),
  data: z.object({
    user_id: z.string().min(1),
    status: PresenceStatus,
    status_message: z.string().nullable(),
    changed_at: Timestamp,
  }),
});

/**
 * The user's personal data was erased (their data keys deleted): that it happened, by whom and when,
 * never what. Everything encrypted under the deleted keys reads as erased from then on.
 */
export const UserErased = z.object({
  type: z.literal('UserErased'),
  data: z.object({
    user_id: z.string().min(1),
    erased_by: z.string().min(1),
    erased_at: Timestamp,
  }),
});

/** `user_id` blocks `blocked_user_id`: see docs/moderation.md for what a block refuses. */
export const UserBlocked = z.object({
  type: z.literal('UserBlocked'),
  data: z.object({ user_id: z.string().min(1), blocked_user_id: z.string().min(1), blocked_at: Timestamp }),
});
export const UserUnblocked = z.object({
  type: z.literal('UserUnblocked'),
  data: z.object({
    user_id: z.string().min(1),
    blocked_user_id: z.string().min(1),
    unblocked_at: Timestamp,
  }),
});

export const UserEvent = z.discriminatedUnion('type', [
  UserProfileRecorded,
  PresenceChanged,
  UserBlocked,
  UserUnblocked,
  UserErased,
]);
export type UserEvent = z.infer<typeof UserEvent>;
export const userEventTypes: ReadonlySet<string> = new Set(UserEvent.options.map((o) => o.shape.type.value));
