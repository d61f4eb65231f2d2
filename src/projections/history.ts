import { TABLE_GROUPS } from '../readmodels/tables';
import { messageRowChanges } from './message-rows';
import type { Projection } from './projection';

/** Message history: every message with its current content; a deleted one keeps its slot, emptied. */
export const historyProjection: Projection = {
  name: 'history',
  tables: TABLE_GROUPS.history,
  // `user`: an erasure (UserErased) rewrites the erased user's rows.
  categories: ['conversation', 'user'],
  project: (raw) => messageRowChanges('messages', raw),
};
