import { UserErased } from '../domain/user/events';
import { ERASED_FILENAME } from '../privacy/personal-fields';
import { TABLE_GROUPS } from '../readmodels/tables';
import { type Change, updateAll, upsert } from './changes';
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
  // `user`: an erasure (UserErased) empties the names of the files the erased user sent.
  categories: ['conversation', 'user'],
  project(raw: ProjectedEvent): Change[] {
    if (raw.type === 'UserErased' && raw.streamId.startsWith('user-')) {
      // A rebuild gets there by failing to decrypt them (file names are personal fields).
      const { user_id } = UserErased.parse({ type: raw.type, data: raw.data }).data;
      return [updateAll('attachment_refs', { user_id }, { name: ERASED_FILENAME })];
    }
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
          user_id: d.user_id,
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
