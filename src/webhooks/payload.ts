import { type ConversationEventOf, MessageSent } from '../domain/conversation/events';
import type { RecordedEvent } from '../eventstore/port';

/**
 * What a webhook receives for a message sent: enough to send a push notification without calling
 * back, and the event id to drop repeats (delivery is at least once).
 */
export interface MessageSentWebhook {
  /** The event's id in the log: the same in every delivery of this event, to every endpoint. */
  event_id: string;
  type: 'message.sent';
  conversation_id: string;
  message_id: string;
  message_type: string;
  sender: { user_id: string; username: string };
  /** The first characters of the content (see WEBHOOK_CONTENT_PREVIEW); null when previews are off. */
  content_preview: string | null;
  created_at: string;
  /**
   * Participants other than the sender with no open socket on any node when the event was dispatched:
   * those a push notification is for.
   */
  recipients: string[];
}

export interface MessageFacts {
  event: RecordedEvent;
  message: ConversationEventOf<'MessageSent'>['data'];
}

/** The message of a MessageSent event read back from the log (validated), or undefined for other events. */
export function sentMessageOf(event: RecordedEvent): MessageFacts | undefined {
  if (event.type !== 'MessageSent') return undefined;
  return { event, message: MessageSent.parse({ type: event.type, data: event.data }).data };
}

/** The payload for a message, given its conversation's participants and who is connected now. */
export function messageSentWebhook(
  { event, message }: MessageFacts,
  participants: readonly string[],
  isOnline: (userId: string) => boolean,
  previewChars: number,
): MessageSentWebhook {
  return {
    event_id: event.id,
    type: 'message.sent',
    conversation_id: message.conversation_id,
    message_id: message.message_id,
    message_type: message.message_type,
    sender: { user_id: message.user_id, username: message.username },
    content_preview: contentPreview(message.content, previewChars),
    created_at: message.created_at,
    recipients: [...new Set(participants)].filter((user) => user !== message.user_id && !isOnline(user)),
  };
}

/**
 * At most `chars` characters (code points, so no emoji is cut in half), with an ellipsis when the
 * content was longer; null when previews are off (0).
 */
export function contentPreview(content: string, chars: number): string | null {
  if (chars <= 0) return null;
  const points = Array.from(content);
  return points.length <= chars ? content : `${points.slice(0, chars).join('')}…`;
}
