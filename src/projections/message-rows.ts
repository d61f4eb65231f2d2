import { UserErased } from '../domain/user/events';
import { ERASED_USERNAME } from '../privacy/personal-fields';
import { type Change, type Fields, update, updateAll, upsert } from './changes';
import { conversationEventOf } from './conversation-event';
import type { ProjectedEvent } from './projection';

const RELEVANT = new Set(['MessageSent', 'MessageEdited', 'MessageDeleted']);

/**
 * A table of one row per message with its current content, kept from the message events: history's
 * `messages` and search's `search_messages` are both this, the second with fields of its own (`extra`,
 * set when the message is sent). A deleted message keeps its row, emptied.
 */
export function messageRowChanges(
  table: string,
  raw: ProjectedEvent,
  extra: (raw: ProjectedEvent) => Fields = () => ({}),
): Change[] {
  if (raw.type === 'UserErased' && raw.streamId.startsWith('user-')) return erasedAuthorChanges(table, raw);
  if (!RELEVANT.has(raw.type) || !raw.streamId.startsWith('conversation-')) return [];
  const event = conversationEventOf(raw);
  switch (event.type) {
    case 'MessageSent': {
      const d = event.data;
      return [
        upsert(table, messageKey(d), {
          id: d.message_id,
          user_id: d.user_id,
          username: d.username,
          user_avatar: d.user_avatar,
          content: d.content,
          message_type: d.message_type,
          reply_to_id: d.reply_to_id,
          client_message_id: d.client_message_id,
          is_edited: false,
          is_deleted: false,
          created_at: d.created_at,
          edited_at: null,
          ...extra(raw),
        }),
      ];
    }
    case 'MessageEdited': {
      const d = event.data;
      return [update(table, messageKey(d), { content: d.content, is_edited: true, edited_at: d.edited_at })];
    }
    case 'MessageDeleted':
      return [update(table, messageKey(event.data), { content: '', is_deleted: true })];
    default:
      return [];
  }
}

/** A message's row: its conversation and its place in it. */
function messageKey(d: { conversation_id: string; seq: number }) {
  return { conversation_id: d.conversation_id, seq: d.seq };
}

/**
 * An erased user's messages written before the erasure lose their personal fields (the position guard
 * leaves later ones alone); a rebuild reaches the same rows because those fields no longer decrypt.
 */
function erasedAuthorChanges(table: string, raw: ProjectedEvent): Change[] {
  const { user_id } = UserErased.parse({ type: raw.type, data: raw.data }).data;
  return [updateAll(table, { user_id }, { content: '', username: ERASED_USERNAME, user_avatar: null })];
}
