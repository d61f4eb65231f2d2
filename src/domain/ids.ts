import { InvalidMessageId } from './errors';

/**
 * Conversation ids are opaque to clients but kept to a safe alphabet so that they can be embedded in
 * stream names and message ids. A message id is `<conversationId>.<seq>`: globally unique, ordered
 * within its conversation, independent of any event-store position, and it leads to its stream.
 */
export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The form of the message ids this server hands out, for documents that state it. */
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}\.[1-9][0-9]{0,14}$/;

export function messageId(conversationId: string, seq: number): string {
  return `${conversationId}.${seq}`;
}

export function parseMessageId(id: string): { conversationId: string; seq: number } {
  const dot = id.lastIndexOf('.');
  const conversationId = id.slice(0, dot);
  const seqText = id.slice(dot + 1);
  if (dot <= 0 || !CONVERSATION_ID_PATTERN.test(conversationId) || !/^[1-9][0-9]{0,14}$/.test(seqText)) {
    throw new InvalidMessageId(`message id ${JSON.stringify(id)} is not of the form <conversation_id>.<seq>`);
  }
  return { conversationId, seq: Number(seqText) };
}
