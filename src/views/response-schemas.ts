import { z } from 'zod';
import { ConversationType, MessageType, ParticipantRole } from '../domain/conversation/events';
import { PresenceStatus } from '../domain/user/events';
import { Content } from './text';

/**
 * The shapes the application presents, in the seed API's snake_case: REST bodies and WebSocket frames
 * carry the same messages, conversations and problems, so both adapters build them from here.
 */

/** A file a message carries, as recorded when it was sent; fetch it at GET /attachments/{id}. */
export const Attachment = z.object({
  id: z.string().describe('the attachment id: GET /api/v1/chat/attachments/{id} serves the file'),
  name: z.string().describe('the file name as sanitised on upload (a label, never a path)'),
  size: z.number().int().min(0).describe('bytes'),
  media_type: z
    .string()
    .describe('as declared on upload (checked against the bytes for PNG, JPEG, GIF, WebP)'),
  sha256: z.string().describe('lowercase hex SHA-256 of the bytes'),
  width: z.number().int().min(1).optional().describe('pixels, for PNG, JPEG, GIF and WebP images'),
  height: z.number().int().min(1).optional().describe('pixels, for PNG, JPEG, GIF and WebP images'),
});
/** The answer to an upload: what a message references with `attachment_ids`. */
export const UploadedAttachment = z.object({
  attachment_id: z.string(),
  filename: z
    .string()
    .describe('the name as recorded: the last path segment, without control characters, bounded'),
  size: z.number().int().min(0),
  media_type: z.string(),
  sha256: z.string(),
  width: z.number().int().min(1).optional(),
  height: z.number().int().min(1).optional(),
});

export const Reaction = z.object({
  emoji: z.string(),
  count: z.number().int().min(1),
  me: z.boolean().describe('whether you reacted with it'),
});
export const Message = z.object({
  id: z.string(),
  conversation_id: z.string(),
  user_id: z.string(),
  username: z.string(),
  user_avatar: z.string().nullable(),
  content: z.string().describe(Content.description ?? ''),
  message_type: MessageType,
  reply_to_id: z.string().nullable(),
  is_edited: z.boolean(),
  is_deleted: z.boolean(),
  created_at: z.string(),
  edited_at: z.string().nullable(),
  client_message_id: z.string().nullable(),
  reactions: z
    .array(Reaction)
    .describe('each emoji once, in the order of its earliest current reaction; empty for a deleted message'),
  reply_count: z
    .number()
    .int()
    .min(0)
    .describe('messages sent with this one as reply_to_id, deleted ones included (they keep their place)'),
  last_reply_at: z.string().nullable().describe('created_at of the latest reply; null without replies'),
  is_forwarded: z.boolean().describe('a copy forwarded from another message'),
  forwarded_from: z
    .object({ conversation_id: z.string(), message_id: z.string(), user_id: z.string() })
    .nullable()
    .describe(
      'where a forwarded message was copied from, shown only to participants of that conversation (null to everyone else, and in WebSocket frames)',
    ),
  attachments: z
    .array(Attachment)
    .describe(
      'files of an image or file message, in the order sent; empty for other messages and once deleted',
    ),
});
/** The reactions of one message after a reaction command: as the message has them now. */
export const MessageReactions = z.object({
  message_id: z.string(),
  conversation_id: z.string(),
  reactions: z.array(Reaction),
});
export const PinnedMessage = z.object({
  message: Message,
  pinned_by: z.string(),
  pinned_at: z.string(),
});
/** A pin after a pin or unpin command: `pinned` says whether the message is pinned now. */
export const PinState = z.object({
  conversation_id: z.string(),
  message_id: z.string(),
  pinned: z.boolean(),
  pinned_by: z.string().nullable(),
  pinned_at: z.string().nullable(),
});
export const MessageVersion = z.object({
  version: z.number().int().min(1),
  content: z.string(),
  at: z.string().describe('when this version was written: the send, then each edit'),
});
export const MessageVersions = z.object({
  message_id: z.string(),
  conversation_id: z.string(),
  deleted: z.boolean().describe('a deleted message shows no earlier content: `versions` is then empty'),
  versions: z.array(MessageVersion),
});
export const EditedMessage = Message.pick({
  id: true,
  conversation_id: true,
  user_id: true,
  content: true,
}).extend({
  is_edited: z.literal(true),
  edited_at: z.string(),
});
export const DeletedMessage = z.object({
  id: z.string(),
  conversation_id: z.string(),
  is_deleted: z.literal(true),
  deleted_by: z.string().nullable(),
  deleted_at: z.string().nullable(),
});
export const Participant = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  role: ParticipantRole,
  joined_at: z.string().nullable(),
});
/** A conversation in the seed's fields; `user_id` is its creator. */
const ConversationFields = z.object({
  id: z.string(),
  user_id: z.string(),
  conversation_type: ConversationType,
  name: z.string().nullable(),
  description: z.string().nullable(),
  avatar_url: z.string().nullable(),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  last_message_at: z.string().nullable(),
});
export const Conversation = ConversationFields.extend({ participants: z.array(Participant) });
export const ConversationChange = z.object({
  id: z.string(),
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  avatar_url: z.string().nullable().optional(),
  is_active: z.boolean().optional(),
  updated_at: z.string().nullable(),
});
export const ParticipantChange = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  role: ParticipantRole.optional(),
  is_muted: z.boolean().optional(),
  removed: z.boolean().optional(),
});
export const ReadReceipt = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  last_read_message_id: z.string().nullable(),
  last_read_at: z.string().nullable(),
});
export const Typing = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  username: z.string(),
  is_typing: z.boolean(),
  started_at: z.string(),
});
/** An erasure of a user's personal data: that it happened, by whom, when (docs/privacy.md). */
export const Erasure = z.object({
  user_id: z.string(),
  erased_by: z.string(),
  erased_at: z.string().describe('ISO-8601 UTC: when the erasure was recorded (the latest, when repeated)'),
  already_erased: z
    .boolean()
    .describe('true when nothing had been written since the last erasure, so this one recorded nothing'),
});
export type Erasure = z.infer<typeof Erasure>;

export const Presence = z.object({
  user_id: z.string(),
  username: z.string(),
  status: PresenceStatus,
  status_message: z.string().nullable(),
  last_active: z.string(),
});
export const LastMessage = z.object({
  id: z.string(),
  user_id: z.string(),
  username: z.string(),
  content: z.string(),
  message_type: z.string(),
  is_deleted: z.boolean(),
  created_at: z.string(),
});
/** A conversation as one participant sees it in their list. */
export const ConversationSummary = ConversationFields.extend({
  last_message: LastMessage.nullable(),
  unread_count: z.number().int(),
  role: z.string(),
  is_muted: z.boolean(),
});
export const ParticipantDetail = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  username: z.string().nullable(),
  user_avatar: z.string().nullable(),
  role: z.string(),
  is_muted: z.boolean(),
  joined_at: z.string(),
  last_read_message_id: z.string().nullable(),
  last_read_at: z.string().nullable(),
});
export const OnlineUser = z.object({
  user_id: z.string(),
  username: z.string().nullable(),
  user_avatar: z.string().nullable(),
  status: z.string(),
  status_message: z.string().nullable(),
  last_active: z.string().nullable(),
  updated_at: z.string().nullable(),
});

/** The caller, as their token and their recorded profile describe them. */
export const Me = z.object({
  user_id: z.string(),
  username: z.string(),
  user_avatar: z.string().nullable(),
  roles: z.array(z.string()),
});

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** With code `timed_out`: when the caller may write in the conversation again. */
  until: z.string().optional(),
});
export const Health = z.object({ status: z.literal('ok') });
