import { z } from 'zod';
import { MAX_CONTENT_CHARS } from '../domain/content';
import { ConversationType, MessageType, ParticipantRole } from '../domain/conversation/events';
import { CONVERSATION_ID_PATTERN, MESSAGE_ID_PATTERN } from '../domain/ids';
import { PresenceStatus } from '../domain/user/events';
import { CONVERSATION_CURSOR_PATTERN, decodeConversationCursor } from './conversation-cursor';

/**
 * The public contract: request and response shapes of the REST API, in the seed API's snake_case.
 * The same schemas validate input, type the handlers and generate /openapi.json.
 */

/**
 * Text the API stores must be well-formed Unicode: an unpaired surrogate has no UTF-8 form, so the
 * stores would hand it back altered (as U+FFFD). Paired surrogates (emoji, astral characters) are fine.
 */
const LONE_SURROGATE = /\p{Cs}/u;
export const text = () =>
  z
    .string()
    .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode (no unpaired surrogate)');

/** Ids are opaque strings; one sent as a JSON integer is read as its decimal string. */
const idFrom = (text: z.ZodString) =>
  z.union([text, z.number().int().nonnegative().transform(String)]).pipe(text);

export const ConversationId = idFrom(
  z.string().regex(CONVERSATION_ID_PATTERN, 'must be a conversation id (letters, digits, _ and -)'),
);
/**
 * A message id as the API hands it out. Its form is stated for clients and tools but not enforced
 * here: an id of another form names no message, and the command that looks it up refuses it.
 */
export const MessageId = idFrom(text().min(1).max(200)).meta({
  pattern: MESSAGE_ID_PATTERN.source,
  description:
    'A message id as the API returns it (`<conversation_id>.<seq>`); one that names no message the caller can see, whatever its form, is a 404',
});
export const UserId = idFrom(text().min(1).max(128));
const Url = z.url().max(2048);
const ClientMessageId = text().min(1).max(128);
/**
 * JavaScript's `trim()` set (WhiteSpace and LineTerminator), spelled out so that every regex dialect
 * reads the pattern alike (Python's `\s` also matches U+001C..U+001F and U+0085, JavaScript's does not).
 */
const NOT_BLANK =
  '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
/**
 * Message content, as the OpenAPI document describes it to client authors. The domain checks it
 * (`checkContent`: blank is a 400, longer than MAX_CONTENT_CHARS code points a 413); the document
 * states the same rules.
 */
const Content = text().meta({
  description:
    'Stored and returned verbatim, as data: never interpreted as HTML, Markdown or SQL, never sanitized. Clients must escape it for the context they render it in (HTML text, attributes, URLs). Not blank (400); at most 10,000 characters (413).',
  minLength: 1,
  maxLength: MAX_CONTENT_CHARS,
  pattern: NOT_BLANK,
});

const DIRECT_NEEDS_ONE_OTHER = 'a direct conversation names exactly one other user';
/** The direct case of the body, for the document's statement of the refinement below. */
const { $schema: _, ...directConversation } = z.toJSONSchema(
  z.object({ conversation_type: z.literal('direct'), participant_ids: z.array(UserId).length(1) }),
  { io: 'input', unrepresentable: 'any' },
);
export const CreateConversationBody = z
  .strictObject({
    conversation_type: ConversationType.default('group'),
    name: text().max(200).nullish(),
    description: text().max(2000).nullish(),
    avatar_url: Url.nullish(),
    // How many is the domain's participant cap (MAX_PARTICIPANTS); BODY_LIMIT bounds the array's size.
    participant_ids: z.array(UserId).default([]),
  })
  .refine((body) => body.conversation_type === 'direct' || (body.name ?? '').trim() !== '', {
    path: ['name'],
    message: 'a group conversation needs a non-empty name',
  })
  .refine((body) => body.conversation_type !== 'direct' || body.participant_ids.length === 1, {
    path: ['participant_ids'],
    message: DIRECT_NEEDS_ONE_OTHER,
  })
  // The refinements above, for the document: JSON Schema cannot read a zod refinement.
  .meta({
    anyOf: [
      { ...directConversation, description: `${DIRECT_NEEDS_ONE_OTHER} (not yourself)` },
      {
        properties: { conversation_type: { const: 'group' }, name: { type: 'string', pattern: NOT_BLANK } },
        required: ['name'],
        description: 'a group conversation needs a non-empty name',
      },
    ],
  });
export const UpdateConversationBody = z
  .strictObject({
    // A group keeps a name: it can be changed, not removed.
    name: text()
      .max(200)
      .refine((name) => name.trim() !== '', 'a group conversation needs a non-empty name')
      .meta({ pattern: NOT_BLANK })
      .optional(),
    description: text().max(2000).nullable().optional(),
    avatar_url: Url.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one of name, description, avatar_url')
  .meta({ minProperties: 1 });

/** Content length is checked by the domain (10,000 characters, 413 beyond); the body limit caps the rest. */
export const SendMessageBody = z.strictObject({
  conversation_id: ConversationId,
  content: Content,
  message_type: MessageType.default('text'),
  reply_to_id: MessageId.nullish(),
  client_message_id: ClientMessageId.nullish(),
});
export const DirectMessageBody = z.strictObject({
  recipient_user_id: UserId,
  content: Content,
  message_type: MessageType.default('text'),
  client_message_id: ClientMessageId.nullish(),
});
export const EditMessageBody = z.strictObject({ content: Content });
export const MarkReadBody = z.strictObject({ message_id: MessageId.nullish() }).default({});
export const TypingBody = z.strictObject({ conversation_id: ConversationId, is_typing: z.boolean() });
export const PresenceBody = z.strictObject({
  status: PresenceStatus,
  status_message: text().max(500).nullish(),
});
export const AddParticipantBody = z.strictObject({
  user_id: UserId,
  role: ParticipantRole.default('member'),
});
export const ChangeParticipantBody = z
  .strictObject({ role: ParticipantRole.optional(), is_muted: z.boolean().optional() })
  .refine((body) => body.role !== undefined || body.is_muted !== undefined, 'name role or is_muted')
  .meta({ anyOf: [{ required: ['role'] }, { required: ['is_muted'] }] });

export const ConversationParams = z.strictObject({ conversation_id: ConversationId });
export const MessageParams = z.strictObject({ message_id: MessageId });
export const ParticipantParams = z.strictObject({ conversation_id: ConversationId, user_id: UserId });
export const RemoveParticipantQuery = z.strictObject({ successor_id: UserId.optional() });

/**
 * A position of this server's event log (a consistency token, an audit cursor). Its exact form,
 * epoch included, is the store's (`EventStore.positionPattern`), so the document states it exactly.
 */
export const positionIn = (pattern: RegExp) =>
  z.string().regex(pattern, 'must be a position of this event log, as an answer of this server gave it');
const consistencyToken = (position: z.ZodString) =>
  position
    .optional()
    .describe(
      'The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects that position. The header of the same name works too.',
    );

export const MAX_PAGE = 200;
export const messagesQuery = (position: z.ZodString) =>
  z.object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    /** A message id of this conversation, or just its sequence number. */
    before_id: text()
      .min(1)
      .max(200)
      .meta({
        pattern: '^([A-Za-z0-9_-]{1,64}\\.)?[1-9][0-9]{0,14}$',
        description:
          'A message id of this conversation (the X-Next-Before-Id of the previous page), or its sequence number; exclusive. One that names no message of the conversation, whatever its form, is a 404',
      })
      .optional(),
    consistency_token: consistencyToken(position),
  });
export const consistencyQuery = (position: z.ZodString) =>
  z.object({ consistency_token: consistencyToken(position) });
export const conversationsQuery = (position: z.ZodString) =>
  z.object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    before: z
      .string()
      .regex(CONVERSATION_CURSOR_PATTERN, 'must be the X-Next-Before of a previous page')
      .describe('The X-Next-Before header of the previous page')
      .transform((cursor) => decodeConversationCursor(cursor) ?? z.NEVER)
      .optional(),
    consistency_token: consistencyToken(position),
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
});
export const Health = z.object({ status: z.literal('ok') });
