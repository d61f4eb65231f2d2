import { type Collection, type Document, MongoServerError } from 'mongodb';
import { type SearchRequest, SearchUnavailable } from '../port';
import { mongoTextQuery } from '../search-text';
import type { Row } from './mongo-guarded-writes';

/**
 * A search on MongoDB: `$text` over the text index of `search_messages` (every word a quoted phrase,
 * so all must match), restricted to the user's conversations, newest first by `sent_pos` (the position
 * of the MessageSent), keyset-paged below the cursor. MongoDB fetches the text matches, then filters and
 * sorts them: a text index cannot serve the sort.
 */
export async function mongoSearch(
  messages: Collection<Row>,
  conversationIds: readonly string[],
  request: SearchRequest,
): Promise<{ rows: Row[]; next: string | undefined }> {
  const { words, before, limit } = request;
  if (conversationIds.length === 0) return { rows: [], next: undefined };
  const filter: Document = {
    $text: { $search: mongoTextQuery(words), $caseSensitive: false, $diacriticSensitive: false },
    conversation_id: { $in: [...conversationIds] },
    is_deleted: false,
  };
  if (before !== undefined) filter.sent_pos = { $lt: before };
  let rows: Row[];
  try {
    rows = await messages
      .find(filter)
      .sort({ sent_pos: -1 })
      .limit(limit + 1)
      .toArray();
  } catch (error) {
    if (error instanceof MongoServerError)
      throw new SearchUnavailable(`the MongoDB server cannot search text: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    rows: shown,
    next: rows.length > limit && last ? String(last.sent_pos) : undefined,
  };
}
