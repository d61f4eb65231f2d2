import type { SearchRequest } from '../port';
import { fts5Query } from '../search-text';
import type { TableName } from '../tables';
import type { Row } from '../views';
import { fullTextIndexName } from './sqlite-full-text';

type Tables = Record<TableName, string>;

/**
 * The SQL of a search: the FTS5 index walked from its newest rowid down (rowids follow log order, see
 * sqlite-full-text.ts), each match kept when its conversation is one of the user's, until a page is
 * full. A `before` cursor (the `sent_pos` of the last hit shown) becomes a rowid bound through the
 * `sent_pos` index, so later pages start where the last one stopped instead of skipping hits.
 */
function searchSql(t: Tables, options: { before: boolean; conversation: boolean }): string {
  const messages = t.search_messages;
  const fts = fullTextIndexName(messages);
  const below = options.before
    ? `AND ${fts}.rowid < coalesce((SELECT doc_id FROM ${messages} WHERE sent_pos >= @before ORDER BY sent_pos LIMIT 1), 9007199254740991)`
    : '';
  return `SELECT s.* FROM ${fts} JOIN ${messages} s ON s.doc_id = ${fts}.rowid
          WHERE ${fts} MATCH @match ${below}
            AND s.is_deleted = 0
            AND s.conversation_id IN (SELECT conversation_id FROM ${t.participants} WHERE user_id = @user AND removed = 0)
            ${options.conversation ? 'AND s.conversation_id = @conversation' : ''}
          ORDER BY ${fts}.rowid DESC LIMIT @limit`;
}

export function sqliteSearch(
  t: Tables,
  all: (sql: string, params: Record<string, unknown>) => Row[],
  userId: string,
  request: SearchRequest,
): { rows: Row[]; next: string | undefined } {
  const { words, conversationId, before, limit } = request;
  const sql = searchSql(t, { before: before !== undefined, conversation: conversationId !== undefined });
  const rows = all(sql, {
    match: fts5Query(words),
    user: userId,
    limit: limit + 1,
    ...(before !== undefined && { before }),
    ...(conversationId !== undefined && { conversation: conversationId }),
  });
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    rows: shown,
    next: rows.length > limit && last ? String(last.sent_pos) : undefined,
  };
}
