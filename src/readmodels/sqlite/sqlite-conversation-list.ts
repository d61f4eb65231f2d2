import type { TableName } from '../tables';

/**
 * The SQL of a user's conversation list, keyset-paged on (activity_at DESC, id). The order key lives on
 * the conversation, not on the membership (copying it to every member would cost one write per member
 * per message), so no single index holds one user's list in order. Two plans cover the two shapes of
 * user: walk the most recently active conversations of everyone (the conversations index on
 * activity_at) and keep the user's, which answers at once for someone in many of them; or walk the
 * user's memberships (the participants index on user_id) and sort their keys, which stays cheap for
 * someone in few. The first runs over a bounded window and hands over to the second when the window
 * did not hold a page. Either way unread counts and rows are read for the page alone.
 */

type Tables = Record<TableName, string>;

/** The recent window spans this many times the page (plus one) before the memberships take over. */
export const RECENT_WINDOW = 4;

const AFTER_KEY = (c: string) =>
  `${c}.activity_at <= @at AND NOT (${c}.activity_at = @at AND ${c}.id <= @id)`;

/** A conversation with the member's part and the deletions after their read; filter on p and c. */
export function conversationSelect(t: Tables): string {
  return `SELECT c.*, p.role, p.is_muted, p.last_read_seq, ${deletedAfterRead(t)}
          FROM ${t.participants} p JOIN ${t.conversations} c ON c.id = p.conversation_id`;
}

function deletedAfterRead(t: Tables): string {
  return `(SELECT count(*) FROM ${t.deletions} d WHERE d.conversation_id = c.id AND d.seq > p.last_read_seq) AS deleted_after_read`;
}

/** The next `@window` conversations of everyone after the key, each with whether `@user` is a member. */
export function recentConversationsSql(t: Tables, afterKey: boolean): string {
  return `SELECT w.id, EXISTS (SELECT 1 FROM ${t.participants} p
            WHERE p.user_id = @user AND p.removed = 0 AND p.conversation_id = w.id) AS member
          FROM (SELECT c.id, c.activity_at FROM ${t.conversations} c ${afterKey ? `WHERE ${AFTER_KEY('c')}` : ''}
                ORDER BY c.activity_at DESC, c.id LIMIT @window) w`;
}

/** The rows of the conversations listed in the JSON array `@ids`, in list order. */
export function conversationsByIdSql(t: Tables): string {
  return `${conversationSelect(t)} AND p.user_id = @user
          WHERE c.id IN (SELECT value FROM json_each(@ids))
          ORDER BY c.activity_at DESC, c.id`;
}

/** `@limit` of the user's conversations after the key, found through their memberships. */
export function memberConversationsSql(t: Tables, afterKey: boolean): string {
  return `WITH page AS (
            SELECT c.id, c.activity_at FROM ${t.participants} p JOIN ${t.conversations} c ON c.id = p.conversation_id
            WHERE p.user_id = @user AND p.removed = 0 ${afterKey ? `AND ${AFTER_KEY('c')}` : ''}
            ORDER BY c.activity_at DESC, c.id LIMIT @limit)
          ${conversationSelect(t)} AND p.user_id = @user JOIN page ON page.id = c.id
          ORDER BY page.activity_at DESC, page.id`;
}
