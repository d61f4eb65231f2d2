import { z } from 'zod';
import type { OfType } from '../of-type';
import { Timestamp } from '../time';
import {
  ParticipantBanned,
  ParticipantTimedOut,
  ParticipantTimeoutLifted,
  ParticipantUnbanned,
} from './moderation-events';

/**
 * Facts of one conversation, stored in the stream `conversation-<id>`. Events are versioned facts:
 * never change the meaning of a stored type; add a new type instead.
 */
const UserId = z.string().min(1);
export const ConversationType = z.enum(['group', 'direct']);
export const ParticipantRole = z.enum(['admin', 'member']);
export const MessageType = z.enum(['text', 'image', 'file', 'system']);
export type ConversationType = z.infer<typeof ConversationType>;
export type ParticipantRole = z.infer<typeof ParticipantRole>;
export type MessageType = z.infer<typeof MessageType>;

function event<T extends string, D extends z.ZodRawShape>(type: T, data: D) {
  return z.object({ type: z.literal(type), data: z.object({ conversation_id: z.string(), ...data }) });
}

export const ConversationCreated = event('ConversationCreated', {
  conversation_type: ConversationType,
  name: z.string().nullable(),
  description: z.string().nullable(),
  avatar_url: z.string().nullable(),
  created_by: UserId,
  created_at: Timestamp,
});
export const ParticipantAdded = event('ParticipantAdded', {
  user_id: UserId,
  role: ParticipantRole,
  added_by: UserId,
  added_at: Timestamp,
  /** A new participant starts with the history before they joined read (absent: nothing read). */
  last_read_seq: z.number().int().nonnegative().optional(),
});
export const ParticipantRemoved = event('ParticipantRemoved', {
  user_id: UserId,
  removed_by: UserId,
  removed_at: Timestamp,
});
export const ParticipantRoleChanged = event('ParticipantRoleChanged', {
  user_id: UserId,
  role: ParticipantRole,
  changed_by: UserId,
  changed_at: Timestamp,
});
export const ParticipantMuted = event('ParticipantMuted', { user_id: UserId, muted_at: Timestamp });
export const ParticipantUnmuted = event('ParticipantUnmuted', { user_id: UserId, unmuted_at: Timestamp });
export const ConversationUpdated = event('ConversationUpdated', {
  /** Only the fields that changed are present; null clears a field. */
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  avatar_url: z.string().nullable().optional(),
  updated_by: UserId,
  updated_at: Timestamp,
});
export const ConversationArchived = event('ConversationArchived', {
  archived_by: UserId,
  archived_at: Timestamp,
});
/** Where a forwarded message was copied from: the message as the forwarder saw it. */
export const ForwardedFrom = z.object({
  conversation_id: z.string(),
  message_id: z.string(),
  /** The author of the message forwarded. */
  user_id: UserId,
});
export type ForwardedFrom = z.infer<typeof ForwardedFrom>;
/**
 * A file a message carries, as it was uploaded: the blob stays in the blob store, the event records
 * what identifies and describes it. Width and height are present for images whose header gave them.
 */
export const MessageAttachment = z.object({
  id: z.string().min(1),
  name: z.string(),
  size: z.number().int().nonnegative(),
  media_type: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export type MessageAttachment = z.infer<typeof MessageAttachment>;
export const MessageSent = event('MessageSent', {
  message_id: z.string(),
  seq: z.number().int().positive(),
  user_id: UserId,
  username: z.string(),
  user_avatar: z.string().nullable(),
  content: z.string(),
  message_type: MessageType,
  reply_to_id: z.string().nullable(),
  /** The sender's idempotency key, echoed to clients so they can match their optimistic copy. */
  client_message_id: z.string().nullable(),
  /** A second idempotency key of the same send (absent in events written before there could be two). */
  idempotency_key: z.string().nullable().optional(),
  /** Present on a copy forwarded from another conversation (absent in events written before forwarding). */
  forwarded_from: ForwardedFrom.optional(),
  /** Files of an image or file message, in the order sent (absent in events written before attachments). */
  attachments: z.array(MessageAttachment).optional(),
  created_at: Timestamp,
});
export const MessageEdited = event('MessageEdited', {
  message_id: z.string(),
  seq: z.number().int().positive(),
  user_id: UserId,
  content: z.string(),
  edited_at: Timestamp,
});
/** A soft delete: the original MessageSent stays in the log for auditors. */
export const MessageDeleted = event('MessageDeleted', {
  message_id: z.string(),
  seq: z.number().int().positive(),
  deleted_by: UserId,
  deleted_at: Timestamp,
});
export const ConversationRead = event('ConversationRead', {
  user_id: UserId,
  last_read_seq: z.number().int().nonnegative(),
  last_read_message_id: z.string().nullable(),
  read_at: Timestamp,
});

/**
 * A participant reacted to a message with an emoji. `count` is how many participants react with that
 * emoji on that message once this event is applied, so that a frame or a reader needs no other state.
 */
export const ReactionAdded = event('ReactionAdded', {
  message_id: z.string(),
  seq: z.number().int().positive(),
  user_id: UserId,
  emoji: z.string().min(1),
  count: z.number().int().positive(),
  reacted_at: Timestamp,
});
/** A participant took their reaction back; `count` is what remains of that emoji on the message. */
export const ReactionRemoved = event('ReactionRemoved', {
  message_id: z.string(),
  seq: z.number().int().positive(),
  user_id: UserId,
  emoji: z.string().min(1),
  count: z.number().int().nonnegative(),
  removed_at: Timestamp,
});
export const MessagePinned = event('MessagePinned', {
  message_id: z.string(),
  seq: z.number().int().positive(),
  pinned_by: UserId,
  pinned_at: Timestamp,
});
/** Unpinned by someone allowed to, or because the message was deleted (then by the deleter). */
export const MessageUnpinned = event('MessageUnpinned', {
  message_id: z.string(),
  seq: z.number().int().positive(),
  unpinned_by: UserId,
  unpinned_at: Timestamp,
});

export const ConversationEvent = z.discriminatedUnion('type', [
  ConversationCreated,
  ParticipantAdded,
  ParticipantRemoved,
  ParticipantRoleChanged,
  ParticipantMuted,
  ParticipantUnmuted,
  ConversationUpdated,
  ConversationArchived,
  MessageSent,
  MessageEdited,
  MessageDeleted,
  ConversationRead,
  ReactionAdded,
  ReactionRemoved,
  MessagePinned,
  MessageUnpinned,
  ParticipantTimedOut,
  ParticipantTimeoutLifted,
  ParticipantBanned,
  ParticipantUnbanned,
]);
export type ConversationEvent = z.infer<typeof ConversationEvent>;
export type ConversationEventOf<T extends ConversationEvent['type']> = OfType<ConversationEvent, T>;
export const conversationEventTypes: ReadonlySet<string> = new Set(
  ConversationEvent.options.map((o) => o.shape.type.value),
);
