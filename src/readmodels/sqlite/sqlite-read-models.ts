import type Database from 'better-sqlite3';
import type {
  ConversationKey,
  ConversationPage,
  ConversationView,
  MessagePage,
  ParticipantView,
  PinView,
  PresenceView,
  ReadModels,
  ReportView,
  SearchPage,
  SearchRequest,
} from '../port';
import { reportView } from '../report-views';
import { ownerOf, TABLES, type TableName } from '../tables';
import {
  type Annotations,
  attachmentsBySeq,
  conversationView,
  messageView,
  NO_ANNOTATIONS,
  participantView,
  presenceView,
  type Row,
  reactionsBySeq,
  searchHits,
} from '../views';
import {
  conversationSelect,
  conversationsByIdSql,
  memberConversationsSql,
  RECENT_WINDOW,
  recentConversationsSql,
} from './sqlite-conversation-list';
import { tableName } from './sqlite-projection-store';
import { sqliteSearch } from './sqlite-search';

/**
 * Queries over the embedded read models. Each query reads the generation pointer and the data in one
 * read transaction, so a generation switch never shows a half-built model.
 */
export class SqliteReadModels implements ReadModels {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly generations: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.generations = db.prepare('SELECT projection, current FROM generations');
  }

  async messages(
    conversationId: string,
    options: { beforeSeq?: number; limit: number; viewer?: string },
  ): Promise<MessagePage> {
    return this.read((t) => {
      const rows = this.all(
        `SELECT * FROM ${t.messages} WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
        conversationId,
        options.beforeSeq ?? Number.MAX_SAFE_INTEGER,
        options.limit + 1,
      );
      const shown = rows.slice(0, options.limit);
      const annotations = this.annotations(t, conversationId, shown, options.viewer);
      return {
        messages: shown.map((row) => messageView(row, annotations)),
        hasMore: rows.length > options.limit,
      };
    });
  }

  async replies(
    conversationId: string,
    parentSeq: number,
    options: { afterSeq?: number; limit: number; viewer?: string },
  ): Promise<MessagePage> {
    return this.read((t) => {
      const rows = this.all(
        `SELECT m.* FROM ${t.replies} r JOIN ${t.messages} m ON m.conversation_id = r.conversation_id AND m.seq = r.seq
         WHERE r.conversation_id = ? AND r.parent_seq = ? AND r.seq > ? ORDER BY r.seq LIMIT ?`,
        conversationId,
        parentSeq,
        options.afterSeq ?? 0,
        options.limit + 1,
      );
      const shown = rows.slice(0, options.limit);
      const annotations = this.annotations(t, conversationId, shown, options.viewer);
      return {
        messages: shown.map((row) => messageView(row, annotations)),
        hasMore: rows.length > options.limit,
      };
    });
  }

  async pins(conversationId: string, viewer?: string): Promise<PinView[]> {
    return this.read((t) => {
      const rows = this.all(
        `SELECT m.*, p.pinned_by, p.pinned_at FROM ${t.pins} p JOIN ${t.messages} m ON m.conversation_id = p.conversation_id AND m.seq = p.seq
         WHERE p.conversation_id = ? AND p.pinned = 1 ORDER BY p.pinned_at DESC, p.seq DESC`,
        conversationId,
      );
      const annotations = this.annotations(t, conversationId, rows, viewer);
      return rows.map((row) => ({
        message: messageView(row, annotations),
        pinned_by: String(row.pinned_by),
        pinned_at: String(row.pinned_at),
      }));
    });
  }

  /** Reactions and reply counts of the given message rows, read in the caller's transaction. */
  private annotations(
    t: Record<TableName, string>,
    conversationId: string,
    rows: Row[],
    viewer: string | undefined,
  ): Annotations {
    const seqs = JSON.stringify(rows.map((row) => Number(row.seq)));
    const reactions = this.all(
      `SELECT seq, emoji, count(*) AS count, min(reacted_at) AS first, max(user_id = ?) AS me FROM ${t.reactions}
       WHERE conversation_id = ? AND seq IN (SELECT value FROM json_each(?)) AND active = 1 GROUP BY seq, emoji`,
      viewer ?? null,
      conversationId,
      seqs,
    );
    const replies = this.all(
      `SELECT parent_seq, count(*) AS count, max(created_at) AS last FROM ${t.replies}
       WHERE conversation_id = ? AND parent_seq IN (SELECT value FROM json_each(?)) GROUP BY parent_seq`,
      conversationId,
      seqs,
    );
    const forwards = this.all(
      `SELECT f.*, EXISTS (SELECT 1 FROM ${t.participants} p WHERE p.conversation_id = f.source_conversation_id
         AND p.user_id = ? AND p.removed = 0) AS visible
       FROM ${t.forwards} f WHERE f.conversation_id = ? AND f.seq IN (SELECT value FROM json_each(?))`,
      viewer ?? null,
      conversationId,
      seqs,
    );
    const attachments = this.all(
      `SELECT * FROM ${t.attachment_refs} WHERE conversation_id = ? AND seq IN (SELECT value FROM json_each(?))`,
      conversationId,
      seqs,
    );
    return {
      attachments: attachmentsBySeq(attachments),
      forwards: new Map(
        forwards.map((f) => [
          Number(f.seq),
          {
            source: {
              conversation_id: String(f.source_conversation_id),
              message_id: String(f.source_message_id),
              user_id: String(f.source_user_id),
            },
            visible: f.visible === 1,
          },
        ]),
      ),
      reactions: reactionsBySeq(
        reactions.map((r) => ({
          seq: Number(r.seq),
          emoji: String(r.emoji),
          count: Number(r.count),
          first: String(r.first),
          me: r.me === 1,
        })),
      ),
      replies: new Map(
        replies.map((r) => [Number(r.parent_seq), { count: Number(r.count), last: String(r.last) }]),
      ),
    };
  }

  async attachmentVisibleTo(attachmentId: string, userId: string): Promise<boolean> {
    return this.read((t) => {
      const rows = this.all(
        `SELECT 1 FROM ${t.attachment_refs} r
         JOIN ${t.participants} p ON p.conversation_id = r.conversation_id AND p.user_id = ? AND p.removed = 0
         WHERE r.attachment_id = ?
           AND NOT EXISTS (SELECT 1 FROM ${t.deletions} d WHERE d.conversation_id = r.conversation_id AND d.seq = r.seq)
         LIMIT 1`,
        userId,
        attachmentId,
      );
      return rows.length > 0;
    });
  }

  async attachmentReferenced(attachmentId: string): Promise<boolean> {
    return this.read(
      (t) =>
        this.all(`SELECT 1 FROM ${t.attachment_refs} WHERE attachment_id = ? LIMIT 1`, attachmentId).length >
        0,
    );
  }

  async search(userId: string, request: SearchRequest): Promise<SearchPage> {
    const found = this.read((t) => {
      const { rows, next } = sqliteSearch(t, (sql, params) => this.all(sql, params), userId, request);
      const annotations = new Map(
        [...new Set(rows.map((row) => String(row.conversation_id)))].map((id) => [
          id,
          this.annotations(
            t,
            id,
            rows.filter((row) => row.conversation_id === id),
            userId,
          ),
        ]),
      );
      return { rows, next, annotations };
    });
    const hits = await searchHits(
      found.rows,
      request.words,
      (id) => found.annotations.get(id) ?? NO_ANNOTATIONS,
    );
    return { hits, next: found.next };
  }

  async conversationsOf(
    userId: string,
    page: { before?: ConversationKey; limit: number },
  ): Promise<ConversationPage> {
    const { before, limit } = page;
    const key = before === undefined ? {} : { at: before.activityAt, id: before.id };
    const rows = this.read((t) => {
      const window = RECENT_WINDOW * (limit + 1);
      const recent = this.all(recentConversationsSql(t, before !== undefined), {
        ...key,
        user: userId,
        window,
      });
      const members = recent.filter((row) => row.member === 1).slice(0, limit + 1);
      // The recent window decides the page when it holds enough of the user's conversations, or
      // when it reached the end of the list; otherwise the user's memberships do.
      if (members.length > limit || recent.length < window) {
        const ids = JSON.stringify(members.map((row) => row.id));
        return this.all(conversationsByIdSql(t), { user: userId, ids });
      }
      return this.all(memberConversationsSql(t, before !== undefined), {
        ...key,
        user: userId,
        limit: limit + 1,
      });
    });
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      conversations: shown.map(memberView),
      next:
        rows.length > limit && last
          ? { activityAt: String(last.activity_at), id: String(last.id) }
          : undefined,
    };
  }

  async conversationIdsOf(userId: string): Promise<string[]> {
    return this.query(
      ({ participants }) => `SELECT conversation_id FROM ${participants} WHERE user_id = ? AND removed = 0`,
      userId,
    ).map((row) => String(row.conversation_id));
  }

  async conversationOf(userId: string, conversationId: string): Promise<ConversationView | undefined> {
    const [row] = this.query(
      (t) => `${conversationSelect(t)} WHERE p.user_id = ? AND p.conversation_id = ? AND p.removed = 0`,
      userId,
      conversationId,
    );
    return row && memberView(row);
  }

  async participants(conversationId: string): Promise<ParticipantView[]> {
    return this.query(
      ({ participants, users }) =>
        `SELECT p.*, u.username, u.user_avatar FROM ${participants} p LEFT JOIN ${users} u ON u.user_id = p.user_id
         WHERE p.conversation_id = ? AND p.removed = 0 ORDER BY p.joined_at, p.user_id`,
      conversationId,
    ).map((row) => participantView(row, row));
  }

  async isParticipant(conversationId: string, userId: string): Promise<boolean> {
    const rows = this.query(
      ({ participants }) =>
        `SELECT 1 FROM ${participants} WHERE conversation_id = ? AND user_id = ? AND removed = 0`,
      conversationId,
      userId,
    );
    return rows.length > 0;
  }

  async onlineUsers(): Promise<PresenceView[]> {
    return this.query(
      ({ users }) =>
        `SELECT * FROM ${users} WHERE status IN ('online', 'away', 'busy') ORDER BY username, user_id`,
    ).map(presenceView);
  }

  async presenceOf(userId: string): Promise<PresenceView | undefined> {
    const [row] = this.query(({ users }) => `SELECT * FROM ${users} WHERE user_id = ?`, userId);
    return row && presenceView(row);
  }

  async directConversation(a: string, b: string): Promise<string | undefined> {
    if (a === b) return undefined;
    const [row] = this.query(
      ({ conversations, participants }) =>
        `SELECT c.id FROM ${participants} pa JOIN ${participants} pb ON pb.conversation_id = pa.conversation_id
         JOIN ${conversations} c ON c.id = pa.conversation_id
         WHERE pa.user_id = ? AND pb.user_id = ? AND c.conversation_type = 'direct'`,
      a,
      b,
    );
    return row ? String(row.id) : undefined;
  }

  async reports(query: { status?: 'open' | 'resolved'; limit: number }): Promise<ReportView[]> {
    const rows = this.query(
      ({ reports, messages }) =>
        `SELECT r.*, m.id AS m_id, m.user_id AS m_user_id, m.username AS m_username, m.content AS m_content,
           m.message_type AS m_message_type, m.is_edited AS m_is_edited, m.is_deleted AS m_is_deleted,
           m.created_at AS m_created_at
         FROM ${reports} r LEFT JOIN ${messages} m ON m.conversation_id = r.conversation_id AND m.seq = r.seq
         WHERE (? IS NULL OR r.status = ?) ORDER BY r.reported_at, r.report_id LIMIT ?`,
      query.status ?? null,
      query.status ?? null,
      query.limit,
    );
    return rows.map((row) => {
      const message =
        row.m_id === null || row.m_id === undefined
          ? undefined
          : Object.fromEntries(
              Object.entries(row)
                .filter(([key]) => key.startsWith('m_'))
                .map(([key, value]) => [key.slice(2), value]),
            );
      return reportView(row, message);
    });
  }

  /** Runs a query built for the current generation of every table, inside one read transaction. */
  private query(build: (tables: Record<TableName, string>) => string, ...params: unknown[]): Row[] {
    return this.read((tables) => this.all(build(tables), ...params));
  }

  /** Runs `body` inside one read transaction, with the current generation of every table. */
  private read<T>(body: (tables: Record<TableName, string>) => T): T {
    return this.db.transaction(() => body(this.currentTables()))();
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement.all(...params) as Row[];
  }

  private currentTables(): Record<TableName, string> {
    const rows = this.generations.all() as {
      projection: string;
      current: number;
    }[];
    const current = new Map(rows.map((r) => [r.projection, r.current]));
    const tables = {} as Record<TableName, string>;
    for (const table of Object.keys(TABLES) as TableName[]) {
      const owner = ownerOf(table);
      tables[table] = tableName(table, current.get(owner) ?? 1);
    }
    return tables;
  }
}

/** A row of conversationSelect: the conversation, the member's part and the deletions after their read. */
function memberView(row: Row): ConversationView {
  return conversationView(row, row, Number(row.deleted_after_read));
}
