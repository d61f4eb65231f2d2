import { TABLE_GROUPS } from '../readmodels/tables';
import { type Change, update, upsert } from './changes';
import { conversationEventOf } from './conversation-event';
import type { ProjectedEvent, Projection } from './projection';

const RELEVANT = new Set(['MessageSent', 'MessageEdited', 'MessageDeleted']);

/** Message history: every message with its current content; a deleted one keeps its slot, emptied. */
export const historyProjection: Projection = {
  name: 'history',
  tables: TABLE_GROUPS.history,
  categories: ['conversation'],
  project(raw: ProjectedEvent): Change[] {
    if (!RELEVANT.has(raw.type) || !raw.streamId.startsWith('conversation-')) return [];
    const event = conversationEventOf(raw);
    switch (event.type) {
      case 'MessageSent': {
        const d = event.data;
        return [
          upsert('messages', messageKey(d), {
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
          }),
        ];
      }
      case 'MessageEdited': {
        const d = event.data;
        return [
          update('messages', messageKey(d), { content: d.content, is_edited: true, edited_at: d.edited_at }),
        ];
      }
      case 'MessageDeleted': {
        const d = event.data;
        return [update('messages', messageKey(d), { content: '', is_deleted: true })];
      }
      default:
        return [];
    }
  },
};

/** A message's row: its conversation and its place in it. */
function messageKey(d: { conversation_id: string; seq: number }) {
  return { conversation_id: d.conversation_id, seq: d.seq };
}
