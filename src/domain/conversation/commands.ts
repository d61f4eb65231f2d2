import { z } from 'zod';
import { Actor } from '../actor';
import type { OfType } from '../of-type';
import { Timestamp } from '../time';
import { ConversationType, ForwardedFrom, MessageAttachment, MessageType, ParticipantRole } from './events';

/** Commands of the conversation aggregate. `now` is the caller's clock: the domain has none. */
function command<T extends string, D extends z.ZodRawShape>(type: T, data: D) {
  return z.object({ type: z.literal(type), actor: Actor, now: Timestamp, ...data });
}

/**
 * The participant cap is configuration, so it arrives with the command as time does; without it the
 * domain's default (MAX_PARTICIPANTS) applies.
 */
const MaxParticipants = z.number().int().min(2).optional();

/**
 * Whether a block stands in the way, as the users' own streams say (the handler loads them; the domain
 * reads no store): a member of a direct conversation blocks the other, or a user named to join blocks
 * the actor. Absent: no block.
 */
const Blocked = z.boolean().optional();

export const CreateConversation = command('CreateConversation', {
  conversation_id: z.string(),
  conversation_type: ConversationType,
  name: z.string().nullable(),
  description: z.string().nullable(),
  avatar_url: z.string().nullable(),
  participant_ids: z.array(z.string().min(1)),
  max_participants: MaxParticipants,
  blocked: Blocked,
});
export const AddParticipant = command('AddParticipant', {
  user_id: z.string().min(1),
  role: ParticipantRole,
  max_participants: MaxParticipants,
  blocked: Blocked,
});
export const RemoveParticipant = command('RemoveParticipant', {
  user_id: z.string().min(1),
  /** Needed when the last admin leaves a conversation that has other participants. */
  successor_id: z.string().min(1).nullable(),
});
export const ChangeParticipantRole = command('ChangeParticipantRole', {
  user_id: z.string().min(1),
  role: ParticipantRole,
});
/** `user_id` names whose setting changes: participants mute a conversation for themselves only. */
export const SetMuted = command('SetMuted', { user_id: z.string().min(1), is_muted: z.boolean() });
export const UpdateConversation = command('UpdateConversation', {
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  avatar_url: z.string().nullable().optional(),
});
export const ArchiveConversation = command('ArchiveConversation', {});
/**
 * A send may carry two idempotency keys (a client's `client_message_id` and an HTTP library's
 * `Idempotency-Key`): it repeats an earlier send of the same user when either matches either of its keys.
 */
const SendKeys = {
  client_message_id: z.string().nullable(),
  idempotency_key: z.string().nullable().optional(),
};
/** Uploads the handler resolved (they exist and the sender uploaded them); the domain checks the rest. */
const Attachments = { attachments: z.array(MessageAttachment).optional() };
export const SendMessage = command('SendMessage', {
  content: z.string(),
  message_type: MessageType,
  reply_to_id: z.string().nullable(),
  ...SendKeys,
  /** A copy of a message of another conversation, checked by the handler (the caller can see it). */
  forwarded_from: ForwardedFrom.optional(),
  blocked: Blocked,
  ...Attachments,
});
/**
 * The first message of two users opens their direct conversation: one decision, so that a refused
 * message creates no conversation either. Later ones are plain sends.
 */
export const SendDirectMessage = command('SendDirectMessage', {
  conversation_id: z.string(),
  recipient_id: z.string().min(1),
  content: z.string(),
  message_type: MessageType,
  ...SendKeys,
  ...Attachments,
  max_participants: MaxParticipants,
  blocked: Blocked,
});
export const EditMessage = command('EditMessage', { seq: z.number().int().positive(), content: z.string() });
export const DeleteMessage = command('DeleteMessage', { seq: z.number().int().positive() });
/** Marks messages read up to `up_to_seq`, or up to the latest message when it is null. */
export const MarkRead = command('MarkRead', { up_to_seq: z.number().int().positive().nullable() });

/** `emoji` is checked by the domain (see reaction.ts): one emoji or a :short_code:. */
export const AddReaction = command('AddReaction', { seq: z.number().int().positive(), emoji: z.string() });
export const RemoveReaction = command('RemoveReaction', {
  seq: z.number().int().positive(),
  emoji: z.string(),
});
/** The cap on pinned messages is configuration like the participant cap; absent: MAX_PINS. */
export const PinMessage = command('PinMessage', {
  seq: z.number().int().positive(),
  max_pins: z.number().int().min(1).optional(),
});
export const UnpinMessage = command('UnpinMessage', { seq: z.number().int().positive() });

/** Moderation by the conversation's admins (see moderation.ts). `until` is checked against `now`. */
export const TimeoutParticipant = command('TimeoutParticipant', {
  user_id: z.string().min(1),
  until: Timestamp,
});
export const LiftTimeout = command('LiftTimeout', { user_id: z.string().min(1) });
export const BanParticipant = command('BanParticipant', {
  user_id: z.string().min(1),
  reason: z.string().nullable(),
});
export const UnbanParticipant = command('UnbanParticipant', { user_id: z.string().min(1) });
/**
 * A moderator (a role of the deployment, not of the conversation) deletes a message they were shown in
 * a report: the actor need not take part in the conversation. The handler checks the role.
 */
export const ModeratorDeleteMessage = command('ModeratorDeleteMessage', { seq: z.number().int().positive() });

export const ConversationCommand = z.discriminatedUnion('type', [
  CreateConversation,
  AddParticipant,
  RemoveParticipant,
  ChangeParticipantRole,
  SetMuted,
  UpdateConversation,
  ArchiveConversation,
  SendMessage,
  SendDirectMessage,
  EditMessage,
  DeleteMessage,
  MarkRead,
  AddReaction,
  RemoveReaction,
  PinMessage,
  UnpinMessage,
  TimeoutParticipant,
  LiftTimeout,
  BanParticipant,
  UnbanParticipant,
  ModeratorDeleteMessage,
]);
export type ConversationCommand = z.infer<typeof ConversationCommand>;
export type ConversationCommandOf<T extends ConversationCommand['type']> = OfType<ConversationCommand, T>;
