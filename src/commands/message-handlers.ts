import type { Actor } from '../domain/actor';
import type { ConversationCommandOf } from '../domain/conversation/commands';
import { decide } from '../domain/conversation/decide';
import type { ConversationEventOf, MessageType } from '../domain/conversation/events';
import { priorSend } from '../domain/conversation/state';
import { CannotMessageYourself, MessageNotFound } from '../domain/errors';
import { messageId, parseMessageId } from '../domain/ids';
import type { Position } from '../eventstore/port';
import { type ConversationLimits, openDirectConversation } from './conversation-handlers';
import type { CommandDeps } from './deps';
import { IdempotencyKeyReused } from './errors';

export type SentMessage = ConversationEventOf<'MessageSent'>['data'];

export interface SendMessageInput {
  conversation_id: string;
  content: string;
  message_type: MessageType;
  reply_to_id: string | null;
  client_message_id: string | null;
}

export interface Written<T> {
  value: T;
  position: Position | undefined;
  /** False when the command repeated an earlier one and wrote nothing. */
  created: boolean;
}

export async function sendMessage(
  deps: CommandDeps,
  actor: Actor,
  input: SendMessageInput,
): Promise<Written<SentMessage>> {
  const command: ConversationCommandOf<'SendMessage'> = {
    type: 'SendMessage',
    actor,
    now: deps.now(),
    ...input,
  };
  let duplicateOf: number | undefined;
  const outcome = await deps.profiles.alongside(
    actor,
    deps.conversations.execute(input.conversation_id, (state) => {
      const events = decide(command, state);
      duplicateOf =
        events.length === 0 && input.client_message_id !== null
          ? priorSend(state, actor.user_id, input.client_message_id)
          : undefined;
      return events;
    }),
  );
  const sent = outcome.events[0];
  if (sent?.type === 'MessageSent') return { value: sent.data, position: outcome.position, created: true };
  if (duplicateOf === undefined) throw new Error('a send decided no event and matched no earlier send');
  const original = await findSentMessage(deps, input.conversation_id, duplicateOf);
  if (
    original.content !== input.content ||
    original.message_type !== input.message_type ||
    original.reply_to_id !== input.reply_to_id
  ) {
    throw new IdempotencyKeyReused();
  }
  return { value: original, position: undefined, created: false };
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
  limits: Pick<ConversationLimits, 'admitNewConversation'> = {},
): Promise<Written<SentMessage>> {
  if (input.recipient_user_id === actor.user_id)
    throw new CannotMessageYourself('you cannot message yourself');
  const { value } = await openDirectConversation(
    deps,
    actor,
    input.recipient_user_id,
    limits.admitNewConversation,
  );
  return sendMessage(deps, actor, {
    conversation_id: value.conversation.conversation_id,
    content: input.content,
    message_type: input.message_type,
    reply_to_id: null,
    client_message_id: input.client_message_id,
  });
}

export async function editMessage(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  content: string,
): Promise<Written<ConversationEventOf<'MessageEdited'>['data']>> {
  const { conversationId, seq } = parseMessageId(id);
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
  const { conversationId, seq } = parseMessageId(id);
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
    const target = parseMessageId(upToMessageId);
    if (target.conversationId !== conversationId) {
      throw new MessageNotFound('message not found in this conversation');
    }
    upToSeq = target.seq;
  }
  let alreadyRead = 0;
  const outcome = await deps.conversations.execute(conversationId, (state) => {
    const events = decide({ type: 'MarkRead', actor, now: deps.now(), up_to_seq: upToSeq }, state);
    alreadyRead = state.participants.get(actor.user_id)?.lastReadSeq ?? 0;
    return events;
  });
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
        last_read_message_id: alreadyRead > 0 ? messageId(conversationId, alreadyRead) : null,
        last_read_at: null,
      };
  return { value, position: outcome.position, created: read !== undefined };
}

/** The MessageSent event of message `seq`, searched from the end of the stream (retries are recent). */
async function findSentMessage(deps: CommandDeps, conversationId: string, seq: number): Promise<SentMessage> {
  const streamId = deps.conversations.streamId(conversationId);
  let from: number | undefined;
  for (;;) {
    const page = await deps.store.readStream(streamId, {
      direction: 'backwards',
      fromRevision: from,
      maxCount: 500,
    });
    for (const recorded of page) {
      if (recorded.type === 'MessageSent' && recorded.data.seq === seq) return recorded.data as SentMessage;
    }
    const last = page[page.length - 1];
    if (!last || last.revision === 0)
      throw new Error(`message ${seq} of ${conversationId} is not in its stream`);
    from = last.revision - 1;
  }
}
