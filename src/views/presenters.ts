import type { z } from 'zod';
import type { CreatedConversation } from '../commands/conversation-handlers';
import type { MessageNow, SentMessage } from '../commands/message-handlers';
import type { Conversation, Message } from './response-schemas';

/** Bodies and frames built from what a command wrote: REST answers and WebSocket frames alike. */
/** A message as sent (no reactions, no replies yet), or as it is now (a repeated send finds them). */
export function messageView(
  sent: SentMessage &
    Partial<
      Pick<
        MessageNow,
        'is_edited' | 'edited_at' | 'is_deleted' | 'reactions' | 'reply_count' | 'last_reply_at'
      >
    >,
  /** Frames reach every socket alike: they never name the source of a forward (see docs/realtime.md). */
  showForwardedFrom = true,
): z.infer<typeof Message> {
  return {
    id: sent.message_id,
    conversation_id: sent.conversation_id,
    user_id: sent.user_id,
    username: sent.username,
    user_avatar: sent.user_avatar,
    content: sent.content,
    message_type: sent.message_type,
    reply_to_id: sent.reply_to_id,
    is_edited: sent.is_edited ?? false,
    is_deleted: sent.is_deleted ?? false,
    created_at: sent.created_at,
    edited_at: sent.edited_at ?? null,
    client_message_id: sent.client_message_id,
    reactions: sent.reactions ?? [],
    reply_count: sent.reply_count ?? 0,
    last_reply_at: sent.last_reply_at ?? null,
    is_forwarded: sent.forwarded_from !== undefined,
    forwarded_from: showForwardedFrom ? (sent.forwarded_from ?? null) : null,
    attachments: sent.is_deleted ? [] : (sent.attachments ?? []),
  };
}

export function conversationView({
  conversation,
  participants,
}: CreatedConversation): z.infer<typeof Conversation> {
  return {
    id: conversation.conversation_id,
    user_id: conversation.created_by,
    conversation_type: conversation.conversation_type,
    name: conversation.name,
    description: conversation.description,
    avatar_url: conversation.avatar_url,
    is_active: true,
    created_at: conversation.created_at,
    updated_at: conversation.created_at,
    last_message_at: null,
    participants: participants.map((p) => ({
      conversation_id: p.conversation_id,
      user_id: p.user_id,
      role: p.role,
      joined_at: p.added_at,
    })),
  };
}
