import { TABLE_GROUPS } from '../readmodels/tables';
import { type Change, update, upsert } from './changes';
import { conversationEventOf } from './conversation-event';
import type { ProjectedEvent, Projection } from './projection';

const RELEVANT = new Set(['MessageSent', 'MessageEdited', 'MessageDeleted']);

/**
 * Message search: every message with its current content in a full-text index (the stores keep the
 * index from the `search_messages` rows). An edit replaces the indexed content; a deletion empties it,
 * so a deleted message is never found. Its own projection, so that it rebuilds (and falls behind, or
 * fails) without touching history.
 *
 * A message's row remembers the position of its MessageSent (`sent_pos`): hits come newest first in
 * log order, which both stores can follow (the embedded store's full-text rowids are assigned in the
 * same order), and a rebuild from the same log gives every row the same value.
 */
export const searchProjection: Projection = {
  name: 'search',
  tables: TABLE_GROUPS.search,
  categories: ['conversation'],
  project(raw: ProjectedEvent): Change[] {
    if (!RELEVANT.has(raw.type) || !raw.streamId.startsWith('conversation-')) return [];
    const event = conversationEventOf(raw);
    switch (event.type) {
      case 'MessageSent': {
        const d = event.data;
        if (raw.position === undefined) throw new Error('search projects events with their position');
        return [
          upsert('search_messages', messageKey(d), {
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
            sent_pos: raw.position,
          }),
        ];
      }
      case 'MessageEdited': {
        const d = event.data;
        return [
          update('search_messages', messageKey(d), {
            content: d.content,
            is_edited: true,
            edited_at: d.edited_at,
          }),
        ];
      }
      case 'MessageDeleted': {
        const d = event.data;
        return [update('search_messages', messageKey(d), { content: '', is_deleted: true })];
      }
      default:
        return [];
    }
  },
};

function messageKey(d: { conversation_id: string; seq: number }) {
  return { conversation_id: d.conversation_id, seq: d.seq };
}
