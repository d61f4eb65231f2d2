import { TABLE_GROUPS } from '../readmodels/tables';
import { messageRowChanges } from './message-rows';
import type { ProjectedEvent, Projection } from './projection';

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
  // `user`: an erasure (UserErased) rewrites the erased user's rows.
  categories: ['conversation', 'user'],
  project: (raw) => messageRowChanges('search_messages', raw, sentPosition),
};

function sentPosition(raw: ProjectedEvent) {
  if (raw.position === undefined) throw new Error('search projects events with their position');
  return { sent_pos: raw.position };
}
