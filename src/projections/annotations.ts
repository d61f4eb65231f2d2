import { parseMessageId } from '../domain/ids';
import { TABLE_GROUPS } from '../readmodels/tables';
import { type Change, update, upsert } from './changes';
import { conversationEventOf } from './conversation-event';
import type { ProjectedEvent, Projection } from './projection';

const RELEVANT = new Set([
  'MessageSent',
  'ReactionAdded',
  'ReactionRemoved',
  'MessagePinned',
  'MessageUnpinned',
]);

/**
 * What participants add around messages: reactions (one row per message, emoji and user), pins,
 * replies (which message each reply answers) and forwards (which message a copy comes from). Counts are not stored: queries count rows, so there is
 * no increment to replay twice. A deleted message keeps its rows; queries show it without reactions
 * (the domain refuses new ones and unpins it with an event of its own).
 */
export const annotationsProjection: Projection = {
  name: 'annotations',
  tables: TABLE_GROUPS.annotations,
  categories: ['conversation'],
  project(raw: ProjectedEvent): Change[] {
    if (!RELEVANT.has(raw.type) || !raw.streamId.startsWith('conversation-')) return [];
    const event = conversationEventOf(raw);
    switch (event.type) {
      case 'MessageSent': {
        const d = event.data;
        const key = { conversation_id: d.conversation_id, seq: d.seq };
        const changes: Change[] = [];
        if (d.reply_to_id !== null) {
          const parent = parseMessageId(d.reply_to_id);
          changes.push(upsert('replies', key, { parent_seq: parent.seq, created_at: d.created_at }));
        }
        if (d.forwarded_from !== undefined) {
          const source = d.forwarded_from;
          changes.push(
            upsert('forwards', key, {
              source_conversation_id: source.conversation_id,
              source_message_id: source.message_id,
              source_user_id: source.user_id,
            }),
          );
        }
        return changes;
      }
      case 'ReactionAdded': {
        const d = event.data;
        return [upsert('reactions', reactionKey(d), { active: true, reacted_at: d.reacted_at })];
      }
      case 'ReactionRemoved':
        return [update('reactions', reactionKey(event.data), { active: false })];
      case 'MessagePinned': {
        const d = event.data;
        return [
          upsert(
            'pins',
            { conversation_id: d.conversation_id, seq: d.seq },
            { message_id: d.message_id, pinned: true, pinned_by: d.pinned_by, pinned_at: d.pinned_at },
          ),
        ];
      }
      case 'MessageUnpinned': {
        const d = event.data;
        return [update('pins', { conversation_id: d.conversation_id, seq: d.seq }, { pinned: false })];
      }
      default:
        return [];
    }
  },
};

function reactionKey(d: { conversation_id: string; seq: number; emoji: string; user_id: string }) {
  return { conversation_id: d.conversation_id, seq: d.seq, emoji: d.emoji, user_id: d.user_id };
}
