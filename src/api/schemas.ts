import { z } from 'zod';
import { MAX_ATTACHMENTS } from '../domain/conversation/decide';
import { ConversationType, MessageType, ParticipantRole } from '../domain/conversation/events';
import { CONVERSATION_ID_PATTERN, MESSAGE_ID_PATTERN } from '../domain/ids';
import { EMOJI_RULE, isReactionEmoji, MAX_EMOJI_UNITS } from '../domain/reaction';
import { PresenceStatus } from '../domain/user/events';
import { Content, NOT_BLANK, SentContent, text } from '../views/text';
import { CONVERSATION_CURSOR_PATTERN, decodeConversationCursor } from './conversation-cursor';

/**
 * The public contract: request shapes of the REST API, in the seed API's snake_case, and (re-exported)
 * the response shapes it shares with the WebSocket frames. The same schemas validate input, type the
 * handlers and generate /openapi.json.
 */
export * from '../views/response-schemas';

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
/**
 * Uploads (POST /attachments) an image or file message carries. Whether each names an upload of the
 * sender is checked by the command (404 naming it); how many, and with which message type, by the domain.
 */
export const AttachmentIds = z
  .array(text().min(1).max(64))
  .max(MAX_ATTACHMENTS)
  .meta({
    description: `ids from POST /api/v1/chat/attachments, uploaded by you; only with message_type \`image\` (images only) or \`file\`; at most ${MAX_ATTACHMENTS}, each once`,
  });
/**
 * The domain's rule on content, for the document: not blank, unless the message carries attachments.
 * (JSON Schema cannot read the domain; the send refuses a blank message without them with a 400.)
 */
const CONTENT_OR_ATTACHMENTS = {
  anyOf: [
    {
      properties: { content: { type: 'string', minLength: 1, pattern: NOT_BLANK } },
      required: ['content'],
      description: 'content that is not blank',
    },
    {
      properties: {
        attachment_ids: { type: 'array', minItems: 1 },
        message_type: { enum: ['image', 'file'] },
      },
      required: ['attachment_ids', 'message_type'],
      description:
        'or an image or file message carrying attachments (the content is then an optional caption)',
    },
  ],
};
/** Content may be left out only by a message with attachments: refused before a send counts. */
const contentOrAttachments = (body: {
  content?: string | undefined;
  attachment_ids?: string[] | undefined;
}) => body.content !== undefined || (body.attachment_ids?.length ?? 0) > 0;
const CONTENT_REQUIRED = { path: ['content'], message: 'required unless the message carries attachment_ids' };
export const SendMessageBody = z
  .strictObject({
    conversation_id: ConversationId,
    content: SentContent,
    message_type: MessageType.default('text'),
    reply_to_id: MessageId.nullish(),
    client_message_id: ClientMessageId.nullish(),
    attachment_ids: AttachmentIds.optional(),
  })
  .refine(contentOrAttachments, CONTENT_REQUIRED)
  .meta(CONTENT_OR_ATTACHMENTS);
export const DirectMessageBody = z
  .strictObject({
    recipient_user_id: UserId,
    content: SentContent,
    message_type: MessageType.default('text'),
    client_message_id: ClientMessageId.nullish(),
    attachment_ids: AttachmentIds.optional(),
  })
  .refine(contentOrAttachments, CONTENT_REQUIRED)
  .meta(CONTENT_OR_ATTACHMENTS);
export const EditMessageBody = z.strictObject({ content: Content });
export const ForwardMessageBody = z.strictObject({
  conversation_id: ConversationId,
  client_message_id: ClientMessageId.nullish(),
});
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

/**
 * A reaction: the domain's rule, checked here too so that the 400 names the field. JSON Schema cannot
 * state "one grapheme cluster with an emoji", so the document gives the length bounds and the rule in words.
 */
export const Emoji = text()
  .min(1)
  .max(MAX_EMOJI_UNITS)
  .refine(isReactionEmoji, `must be ${EMOJI_RULE}`)
  .meta({ description: `${EMOJI_RULE}; anything else is a 400 (\`invalid_request\`)` });
export const ReactionBody = z.strictObject({ emoji: Emoji });
export const PinBody = z.strictObject({ message_id: MessageId });
export const ConversationParams = z.strictObject({ conversation_id: ConversationId });
export const ReactionParams = z.strictObject({ message_id: MessageId, emoji: Emoji });
export const PinParams = z.strictObject({ conversation_id: ConversationId, message_id: MessageId });
export const MessageParams = z.strictObject({ message_id: MessageId });
export const UserParams = z.strictObject({ user_id: UserId });
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

export const repliesQuery = (position: z.ZodString) =>
  z.object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    after_id: text()
      .min(1)
      .max(200)
      .meta({
        pattern: '^([A-Za-z0-9_-]{1,64}\\.)?[1-9][0-9]{0,14}$',
        description:
          'The X-Next-After-Id of the previous page: a message id of this conversation, or its sequence number; exclusive',
      })
      .optional(),
    consistency_token: consistencyToken(position),
  });
