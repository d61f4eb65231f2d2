import { TABLE_GROUPS } from '../readmodels/tables';
import { messageRowChanges } from './message-rows';
import type { Projection } from './projection';

/** Message history: every message with its current content; a deleted one keeps its slot, emptied. */
export const historyProjection: Projection = {
  name: 'history',
  tables: TABLE_GROUPS.history,
  categories: ['conversation'],
  project: (raw) => messageRowChanges('messages', raw),
};
