import type Database from 'better-sqlite3';
import type { TableName } from '../../projections/tables';
import type {
  ConversationView,
  MessagePage,
  MessageView,
  ParticipantView,
  PresenceView,
  ReadModels,
} from '../port';
import { tableName } from './sqlite-projection-store';

type Row = Record<string, string | number | null>;

const OWNER: Record<TableName, string> = {
  messages: 'history',
  conversations: 'conversations',
  participants: 'conversations',
  deletions: 'conversations',
  users: 'users',
};

/**
 * Queries over the embedded read models. Each query reads the generation pointer and the data in one
 * read transaction, so a generation switch never shows a half-built model.
 */
export class SqliteReadModels implements ReadModels {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

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

  async conversationsOf(userId: string): Promise<ConversationView[]> {
    return this.query(
      (t) =>
        `${conversationSelect(t)} WHERE p.user_id = ? AND p.removed = 0 ORDER BY c.activity_at DESC, c.id`,
      userId,
    ).map(conversationView);
  }

  async conversationOf(userId: string, conversationId: string): Promise<ConversationView | undefined> {
    const [row] = this.query(
      (t) => `${conversationSelect(t)} WHERE p.user_id = ? AND p.conversation_id = ? AND p.removed = 0`,
      userId,
      conversationId,
    );
    return row && conversationView(row);
  }

  async participants(conversationId: string): Promise<ParticipantView[]> {
    return this.query(
      ({ participants, users }) =>
        `SELECT p.*, u.username, u.user_avatar FROM ${participants} p LEFT JOIN ${users} u ON u.user_id = p.user_id
         WHERE p.conversation_id = ? AND p.removed = 0 ORDER BY p.joined_at, p.user_id`,
      conversationId,
    ).map(participantView);
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
    return this.db.transaction(() => {
      const tables = this.currentTables();
      const sql = build(tables);
      let statement = this.statements.get(sql);
      if (!statement) {
        statement = this.db.prepare(sql);
        this.statements.set(sql, statement);
      }
      return statement.all(...params) as Row[];
    })();
  }

  private currentTables(): Record<TableName, string> {
    const rows = this.db.prepare('SELECT projection, current FROM generations').all() as {
      projection: string;
      current: number;
    }[];
    const current = new Map(rows.map((r) => [r.projection, r.current]));
    const tables = {} as Record<TableName, string>;
    for (const [table, owner] of Object.entries(OWNER) as [TableName, string][]) {
      tables[table] = tableName(table, current.get(owner) ?? 1);
    }
    return tables;
  }
}

function conversationSelect(t: Record<TableName, string>): string {
  // Own messages never count: sending marks the conversation read up to one's own message.
  return `SELECT c.*, p.role, p.is_muted, max(0, c.last_seq - p.last_read_seq
            - (SELECT count(*) FROM ${t.deletions} d WHERE d.conversation_id = c.id AND d.seq > p.last_read_seq)) AS unread_count
          FROM ${t.participants} p JOIN ${t.conversations} c ON c.id = p.conversation_id`;
}

const text = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined ? null : String(value);

function messageView(row: Row): MessageView {
  return {
    id: String(row.id),
    conversation_id: String(row.conversation_id),
    user_id: String(row.user_id),
    username: String(row.username),
    user_avatar: text(row.user_avatar),
    content: String(row.content),
    message_type: String(row.message_type),
    reply_to_id: text(row.reply_to_id),
    is_edited: row.is_edited === 1,
    is_deleted: row.is_deleted === 1,
    created_at: String(row.created_at),
    edited_at: text(row.edited_at),
    client_message_id: text(row.client_message_id),
  };
}

function conversationView(row: Row): ConversationView {
  return {
    id: String(row.id),
    user_id: String(row.created_by),
    conversation_type: String(row.conversation_type),
    name: text(row.name),
    description: text(row.description),
    avatar_url: text(row.avatar_url),
    is_active: row.is_active === 1,
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
    last_message_at: text(row.last_message_at),
    last_message:
      row.last_message_id === null
        ? null
        : {
            id: String(row.last_message_id),
            user_id: String(row.last_message_user_id),
            username: String(row.last_message_username),
            content: String(row.last_message_content),
            message_type: String(row.last_message_type),
            is_deleted: row.last_message_is_deleted === 1,
            created_at: String(row.last_message_at),
          },
    unread_count: Number(row.unread_count),
    role: String(row.role),
    is_muted: row.is_muted === 1,
  };
}

function participantView(row: Row): ParticipantView {
  const lastRead = Number(row.last_read_seq);
  return {
    conversation_id: String(row.conversation_id),
    user_id: String(row.user_id),
    username: text(row.username),
    user_avatar: text(row.user_avatar),
    role: String(row.role),
    is_muted: row.is_muted === 1,
    joined_at: String(row.joined_at),
    last_read_message_id: lastRead > 0 ? `${row.conversation_id}.${lastRead}` : null,
    last_read_at: text(row.last_read_at),
  };
}

function presenceView(row: Row): PresenceView {
  return {
    user_id: String(row.user_id),
    username: text(row.username),
    user_avatar: text(row.user_avatar),
    status: row.status === null ? 'offline' : String(row.status),
    status_message: text(row.status_message),
    last_active: text(row.last_active),
  };
}
