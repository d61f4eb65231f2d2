import type { Actor } from '../domain/actor';
import type { ConversationCommandOf } from '../domain/conversation/commands';
import { decide, sendKeys } from '../domain/conversation/decide';
import type { ConversationEvent, ConversationEventOf, MessageType } from '../domain/conversation/events';
import {
  type ConversationState,
  messageAuthor,
  priorSend,
  type ReactionSummary,
  reactionsOf,
} from '../domain/conversation/state';
import { InvalidMessageId, MessageDeleted, MessageNotFound, NothingToForward } from '../domain/errors';
import { messageId, parseMessageId } from '../domain/ids';
import type { Decision } from './aggregate-store';
import { resolveAttachments } from './attachments';
import { blockedBetween, directBlock } from './block-handlers';
import type { ConversationLimits } from './conversation-handlers';
import type { CommandDeps } from './deps';
import { directConversationId } from './direct-conversation-id';
import { IdempotencyKeyReused } from './errors';
import { executeAs, type Written, written } from './written';

export type SentMessage = ConversationEventOf<'MessageSent'>['data'];

export interface SendMessageInput {
  conversation_id: string;
  content: string;
  message_type: MessageType;
  reply_to_id: string | null;
  client_message_id: string | null;
  /** A second key of the same send (an `Idempotency-Key` header beside a different client_message_id). */
  idempotency_key?: string | null;
  /** Uploads of the sender that the message carries (image and file messages). */
  attachment_ids?: readonly string[];
}

/** A message as it is now: its content after the latest edit, emptied once deleted. */
export interface MessageNow extends SentMessage {
  is_edited: boolean;
  edited_at: string | null;
  is_deleted: boolean;
  reactions: ReactionSummary[];
  reply_count: number;
  last_reply_at: string | null;
}

export async function sendMessage(
  deps: CommandDeps,
  actor: Actor,
  input: SendMessageInput,
): Promise<Written<MessageNow>> {
  const { conversation_id, attachment_ids, ...message } = input;
  const blocked = await directBlock(deps, actor.user_id, conversation_id);
  const attachments = await resolveAttachments(deps.uploads, actor.user_id, attachment_ids);
  const command: ConversationCommandOf<'SendMessage'> = {
    type: 'SendMessage',
    actor,
    now: deps.now(),
    ...message,
    ...(blocked && { blocked }),
    ...(attachments && { attachments }),
  };
  return answerSend(deps, actor, conversation_id, command, (state) => decide(command, state));
}

/** What a repeated send is compared on: its keys and its body. */
type SendRequest = Pick<
  ConversationCommandOf<'SendMessage'>,
  'content' | 'message_type' | 'client_message_id' | 'idempotency_key' | 'attachments'
> & { reply_to_id?: string | null };

/**
 * Runs a send's decision; a send that repeats an earlier one (a known key) writes nothing and answers
 * the earlier message as it is now, or 422 when the repeat's body differs from what was first sent.
 */
async function answerSend(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  command: SendRequest,
  decision: Decision<ConversationState, ConversationEvent>,
): Promise<Written<MessageNow>> {
  const outcome = await executeAs(deps, actor, conversationId, decision, (state) => {
    const seq = priorSend(state, actor.user_id, sendKeys(command));
    return seq === undefined ? undefined : { seq, reactions: reactionsOf(state, seq, actor.user_id) };
  });
  const sent = outcome.events.find((e) => e.type === 'MessageSent');
  if (sent?.type === 'MessageSent') {
    const fresh = { is_edited: false, edited_at: null, is_deleted: false, reactions: [], reply_count: 0 };
    return written({ ...sent.data, ...fresh, last_reply_at: null }, outcome);
  }
  const duplicateOf = outcome.decided;
  if (duplicateOf === undefined) throw new Error('a send decided no event and matched no earlier send');
  const { original, now } = await findMessage(deps, conversationId, duplicateOf.seq, duplicateOf.reactions);
  if (
    original.content !== command.content ||
    original.message_type !== command.message_type ||
    original.reply_to_id !== (command.reply_to_id ?? null) ||
    attachmentIds(original.attachments) !== attachmentIds(command.attachments)
  ) {
    throw new IdempotencyKeyReused();
  }
  return { value: now, position: undefined, created: false };
}

function attachmentIds(attachments: readonly { id: string }[] | undefined): string {
  return JSON.stringify((attachments ?? []).map((a) => a.id));
}

/**
 * The author of a message `viewer` sees in `state`, not deleted. An unknown message and one of a
 * conversation the viewer is not in are the same 404; a deleted one is a 409 (it cannot be `what`).
 */
export function visibleMessage(state: ConversationState, viewer: string, seq: number, what: string): string {
  const author = seq <= state.lastSeq ? messageAuthor(state, seq) : undefined;
  if (state.status === 'none' || !state.participants.has(viewer) || author === undefined) {
    throw new MessageNotFound('message not found');
  }
  if (state.deletedSeqs.has(seq)) throw new MessageDeleted(`a deleted message cannot be ${what}`);
  return author;
}

/**
 * Copies a message the caller can see into another conversation they take part in, as they see it now
 * (its latest content), with `forwarded_from` naming the original. The source is a permission read of
 * its conversation's state (an unknown message and one the caller cannot see are the same 404); the
 * copy is an ordinary send to the target, so the target's rules (participant, archived) and the
 * idempotency keys apply as to any send.
 */
export async function forwardMessage(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  target: { conversation_id: string; client_message_id: string | null; idempotency_key?: string | null },
): Promise<Written<MessageNow>> {
  const { conversationId, seq } = locateMessage(id);
  visibleMessage(await deps.conversations.current(conversationId), actor.user_id, seq, 'forwarded');
  const { now: original } = await findMessage(deps, conversationId, seq, []);
  if (original.content === '' && (original.attachments ?? []).length === 0)
    throw new NothingToForward('the message has no content left to forward: its author was erased');
  const { conversation_id, ...keys } = target;
  const blocked = await directBlock(deps, actor.user_id, conversation_id);
  const command: ConversationCommandOf<'SendMessage'> = {
    type: 'SendMessage',
    actor,
    now: deps.now(),
    content: original.content,
    message_type: original.message_type,
    reply_to_id: null,
    ...keys,
    // The copy refers to the same uploads: whoever sees the copy may fetch them.
    ...(original.attachments && { attachments: original.attachments }),
    forwarded_from: {
      conversation_id: conversationId,
      message_id: messageId(conversationId, seq),
      user_id: original.user_id,
    },
    ...(blocked && { blocked }),
  };
  return answerSend(deps, actor, conversation_id, command, (state) => decide(command, state));
}

/**
 * Sends to the one conversation of the caller and the recipient, creating it on first use. Creating
 * it counts as creating a conversation (`limits.admitNewConversation`): otherwise first messages to
 * many users would sidestep the cap on new conversations.
 */
export async function sendDirectMessage(
  deps: CommandDeps,
  actor: Actor,
  input: Omit<SendMessageInput, 'conversation_id' | 'reply_to_id'> & { recipient_user_id: string },
  limits: ConversationLimits = {},
): Promise<Written<MessageNow>> {
  // The pair's one conversation, whether it exists yet or not (the domain refuses messaging yourself).
  const conversationId = directConversationId(actor.user_id, input.recipient_user_id);
  const { recipient_user_id, attachment_ids, ...message } = input;
  const blocked =
    recipient_user_id !== actor.user_id && (await blockedBetween(deps, actor.user_id, recipient_user_id));
  const attachments = await resolveAttachments(deps.uploads, actor.user_id, attachment_ids);
  const command: ConversationCommandOf<'SendDirectMessage'> = {
    type: 'SendDirectMessage',
    actor,
    now: deps.now(),
    conversation_id: conversationId,
    recipient_id: recipient_user_id,
    ...message,
    ...(attachments && { attachments }),
    ...(limits.maxParticipants !== undefined && { max_participants: limits.maxParticipants }),
    ...(blocked && { blocked }),
  };
  return answerSend(deps, actor, command.conversation_id, command, (state) => {
    const events = decide(command, state);
    // Counted only once the whole decision (conversation and message) is accepted.
    if (events.some((e) => e.type === 'ConversationCreated')) limits.admitNewConversation?.();
    return events;
  });
}

export async function editMessage(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  content: string,
): Promise<Written<ConversationEventOf<'MessageEdited'>['data']>> {
  const { conversationId, seq } = locateMessage(id);
  const outcome = await deps.conversations.execute(conversationId, (state) =>
    decide({ type: 'EditMessage', actor, now: deps.now(), seq, content }, state),
  );
  const edited = outcome.events[0] as ConversationEventOf<'MessageEdited'>;
  return { value: edited.data, position: outcome.position, created: true };
}

export interface DeletedMessage {
  conversation_id: string;
  message_id: string;
  deleted_by: string | null;
  deleted_at: string | null;
}

export async function deleteMessage(
  deps: CommandDeps,
  actor: Actor,
  id: string,
): Promise<Written<DeletedMessage>> {
  const { conversationId, seq } = locateMessage(id);
  const outcome = await deps.conversations.execute(conversationId, (state) =>
    decide({ type: 'DeleteMessage', actor, now: deps.now(), seq }, state),
  );
  const deleted = outcome.events[0] as ConversationEventOf<'MessageDeleted'> | undefined;
  // Deleting a deleted message changes nothing and says so.
  const value = deleted?.data ?? {
    conversation_id: conversationId,
    message_id: messageId(conversationId, seq),
    deleted_by: null,
    deleted_at: null,
  };
  return { value, position: outcome.position, created: deleted !== undefined };
}

export interface ReadMark {
  conversation_id: string;
  user_id: string;
  last_read_message_id: string | null;
  last_read_at: string | null;
}

export async function markRead(
  deps: CommandDeps,
  actor: Actor,
  conversationId: string,
  upToMessageId: string | null,
): Promise<Written<ReadMark>> {
  let upToSeq: number | null = null;
  if (upToMessageId !== null) {
    const target = locateMessage(upToMessageId);
    if (target.conversationId !== conversationId) {
      throw new MessageNotFound('message not found in this conversation');
    }
    upToSeq = target.seq;
  }
  const outcome = await deps.conversations.execute(
    conversationId,
    (state) => decide({ type: 'MarkRead', actor, now: deps.now(), up_to_seq: upToSeq }, state),
    (state) => state.participants.get(actor.user_id)?.lastReadSeq ?? 0,
  );
  const read = outcome.events[0] as ConversationEventOf<'ConversationRead'> | undefined;
  const value: ReadMark = read
    ? {
        conversation_id: conversationId,
        user_id: actor.user_id,
        last_read_message_id: read.data.last_read_message_id,
        last_read_at: read.data.read_at,
      }
    : {
        conversation_id: conversationId,
        user_id: actor.user_id,
        last_read_message_id: outcome.decided > 0 ? messageId(conversationId, outcome.decided) : null,
        last_read_at: null,
      };
  return { value, position: outcome.position, created: read !== undefined };
}

/**
 * The conversation and sequence number a message id names. Ids are opaque to clients: one that is not
 * of our form names no message, the same 404 as a well-formed unknown one.
 */
export function locateMessage(id: string): { conversationId: string; seq: number } {
  try {
    return parseMessageId(id);
  } catch (error) {
    if (error instanceof InvalidMessageId) throw new MessageNotFound('message not found');
    throw error;
  }
}

/**
 * Message `seq` as first sent and as it is now, searched from the end of the stream (retries are
 * recent): on the way back to its MessageSent, the latest edit and a deletion are met first.
 */
async function findMessage(
  deps: CommandDeps,
  conversationId: string,
  seq: number,
  reactions: ReactionSummary[],
): Promise<{ original: SentMessage; now: MessageNow }> {
  const streamId = deps.conversations.streamId(conversationId);
  const id = messageId(conversationId, seq);
  let from: number | undefined;
  let edit: { content: string; edited_at: string } | undefined;
  let deleted = false;
  // Replies come after their message: the way back to it meets every one, the latest first.
  let replies = 0;
  let lastReplyAt: string | null = null;
  for (;;) {
    const page = await deps.store.readStream(streamId, {
      direction: 'backwards',
      fromRevision: from,
      maxCount: 500,
    });
    for (const recorded of page) {
      if (recorded.type === 'MessageSent' && recorded.data.reply_to_id === id) {
        replies++;
        lastReplyAt ??= String(recorded.data.created_at);
      }
      if (recorded.data.seq !== seq) continue;
      if (recorded.type === 'MessageDeleted') deleted = true;
      if (recorded.type === 'MessageEdited' && edit === undefined) {
        const { content, edited_at } = recorded.data as ConversationEventOf<'MessageEdited'>['data'];
        edit = { content, edited_at };
      }
      if (recorded.type === 'MessageSent') {
        const original = recorded.data as SentMessage;
        const now: MessageNow = {
          ...original,
          content: deleted ? '' : (edit?.content ?? original.content),
          is_edited: edit !== undefined,
          edited_at: edit?.edited_at ?? null,
          is_deleted: deleted,
          reactions: deleted ? [] : reactions,
          reply_count: replies,
          last_reply_at: lastReplyAt,
        };
        return { original, now };
      }
    }
    const last = page[page.length - 1];
    if (!last || last.revision === 0)
      throw new Error(`message ${seq} of ${conversationId} is not in its stream`);
    from = last.revision - 1;
  }
}
