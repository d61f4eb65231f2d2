import type Database from 'better-sqlite3';
import type {
  ConversationKey,
  ConversationPage,
  ConversationView,
  MessagePage,
  ParticipantView,
  PresenceView,
  ReadModels,
} from '../port';
import { ownerOf, TABLES, type TableName } from '../tables';
import { conversationView, messageView, participantView, presenceView, type Row } from '../views';
import {
  conversationSelect,
  conversationsByIdSql,
  memberConversationsSql,
  RECENT_WINDOW,
  recentConversationsSql,
} from './sqlite-conversation-list';
import { tableName } from './sqlite-projection-store';

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
    options: { beforeSeq?: number; limit: number },
  ): Promise<MessagePage> {
    const rows = this.query(
      ({ messages }) =>
        `SELECT * FROM ${messages} WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
      conversationId,
      options.beforeSeq ?? Number.MAX_SAFE_INTEGER,
      options.limit + 1,
    );
    return { messages: rows.slice(0, options.limit).map(messageView), hasMore: rows.length > options.limit };
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
