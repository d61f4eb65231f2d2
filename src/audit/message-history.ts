import { type AuditedEvent, parse } from './time-travel';

/** Every version of one message, from a conversation's audited events: as sent, each edit, the deletion. */

export type MessageVersion =
  | {
      kind: 'sent';
      version: number;
      content: string;
      by: string;
      username: string;
      at: string;
      position: string;
      recorded_at: string;
    }
  | {
      kind: 'edited';
      version: number;
      content: string;
      by: string;
      at: string;
      position: string;
      recorded_at: string;
    }
  | { kind: 'deleted'; by: string; at: string; position: string; recorded_at: string };

export interface MessageHistory {
  message_id: string;
  conversation_id: string;
  versions: MessageVersion[];
}

/** Every version of one message, in log order; null when the events hold no such message. */
export function messageHistory(events: readonly AuditedEvent[], messageId: string): MessageHistory | null {
  const versions: MessageVersion[] = [];
  let conversationId: string | null = null;
  let version = 0;
  for (const raw of events) {
    if (raw.data.message_id !== messageId) continue;
    const event = parse(raw);
    const where = { position: raw.position, recorded_at: raw.recordedAt };
    if (event.type === 'MessageSent') {
      conversationId = event.data.conversation_id;
      version++;
      versions.push({
        kind: 'sent',
        version,
        content: event.data.content,
        by: event.data.user_id,
        username: event.data.username,
        at: event.data.created_at,
        ...where,
      });
    } else if (event.type === 'MessageEdited') {
      version++;
      versions.push({
        kind: 'edited',
        version,
        content: event.data.content,
        by: event.data.user_id,
        at: event.data.edited_at,
        ...where,
      });
    } else if (event.type === 'MessageDeleted') {
      versions.push({ kind: 'deleted', by: event.data.deleted_by, at: event.data.deleted_at, ...where });
    }
  }
  if (conversationId === null) return null;
  return { message_id: messageId, conversation_id: conversationId, versions };
}
