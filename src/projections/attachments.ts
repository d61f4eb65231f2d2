import { TABLE_GROUPS } from '../readmodels/tables';
import { type Change, upsert } from './changes';
import { conversationEventOf } from './conversation-event';
import type { ProjectedEvent, Projection } from './projection';

/**
 * The attachments messages carry: one row per (message, attachment), from MessageSent alone. A
 * deleted message keeps its rows (queries join the deletions: it shows none and no longer lets anyone
 * fetch them); a forward's copy has rows of its own, so the copy's conversation may fetch them.
 */
export const attachmentsProjection: Projection = {
  name: 'attachments',
  tables: TABLE_GROUPS.attachments,
  categories: ['conversation'],
  project(raw: ProjectedEvent): Change[] {
    if (raw.type !== 'MessageSent' || !raw.streamId.startsWith('conversation-')) return [];
    const event = conversationEventOf(raw);
    if (event.type !== 'MessageSent') return [];
    const d = event.data;
    return (d.attachments ?? []).map((a, ord) =>
      upsert(
        'attachment_refs',
        { conversation_id: d.conversation_id, seq: d.seq, attachment_id: a.id },
        {
          ord,
          name: a.name,
          size: a.size,
          media_type: a.media_type,
          sha256: a.sha256,
          width: a.width ?? null,
          height: a.height ?? null,
        },
      ),
    );
  },
};
