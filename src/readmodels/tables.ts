/**
 * The read models' tables (collections), their fields and their keys: one description that both
 * stores use to create them. Every table also has a `pos` column holding the last applied position.
 */
export interface TableSpec {
  key: readonly string[];
  fields: Record<string, 'text' | 'integer' | 'boolean'>;
  /** Secondary indexes, as lists of fields. */
  indexes: readonly (readonly string[])[];
  /** A text field kept in a full-text index (FTS5 on the embedded store, a text index on MongoDB). */
  fullText?: string;
}

/** A message's row as history keeps it (search keeps the same, and more). */
const MESSAGE_FIELDS = {
  conversation_id: 'text',
  seq: 'integer',
  id: 'text',
  user_id: 'text',
  username: 'text',
  user_avatar: 'text',
  content: 'text',
  message_type: 'text',
  reply_to_id: 'text',
  client_message_id: 'text',
  is_edited: 'boolean',
  is_deleted: 'boolean',
  created_at: 'text',
  edited_at: 'text',
} as const;

export const TABLES = {
  messages: {
    key: ['conversation_id', 'seq'],
    fields: MESSAGE_FIELDS,
    indexes: [],
  },
  conversations: {
    key: ['id'],
    fields: {
      id: 'text',
      conversation_type: 'text',
      name: 'text',
      description: 'text',
      avatar_url: 'text',
      created_by: 'text',
      created_at: 'text',
      updated_at: 'text',
      is_active: 'boolean',
      last_seq: 'integer',
      last_message_at: 'text',
      activity_at: 'text',
      last_message_id: 'text',
      last_message_user_id: 'text',
      last_message_username: 'text',
      last_message_content: 'text',
      last_message_type: 'text',
      last_message_is_deleted: 'boolean',
    },
    // The most recently active conversations first: a page of a user who is in many of them.
    indexes: [['activity_at', 'id']],
  },
  participants: {
    key: ['conversation_id', 'user_id'],
    fields: {
      conversation_id: 'text',
      user_id: 'text',
      role: 'text',
      is_muted: 'boolean',
      joined_at: 'text',
      last_read_seq: 'integer',
      last_read_at: 'text',
      removed: 'boolean',
    },
    indexes: [['user_id', 'removed']],
  },
  deletions: {
    key: ['conversation_id', 'seq'],
    fields: { conversation_id: 'text', seq: 'integer' },
    indexes: [],
  },
  /** One row per (message, emoji, user); a reaction taken back stays as a row that is not active. */
  reactions: {
    key: ['conversation_id', 'seq', 'emoji', 'user_id'],
    fields: {
      conversation_id: 'text',
      seq: 'integer',
      emoji: 'text',
      user_id: 'text',
      active: 'boolean',
      reacted_at: 'text',
    },
    indexes: [],
  },
  /** Every message ever pinned; `pinned` says whether it is now. */
  pins: {
    key: ['conversation_id', 'seq'],
    fields: {
      conversation_id: 'text',
      seq: 'integer',
      message_id: 'text',
      pinned: 'boolean',
      pinned_by: 'text',
      pinned_at: 'text',
    },
    indexes: [['conversation_id', 'pinned', 'pinned_at']],
  },
  /** A reply (by its own seq) and the message it answers (`parent_seq`), for threads and reply counts. */
  replies: {
    key: ['conversation_id', 'seq'],
    fields: { conversation_id: 'text', seq: 'integer', parent_seq: 'integer', created_at: 'text' },
    indexes: [['conversation_id', 'parent_seq', 'seq']],
  },
  /** A message forwarded into a conversation, and the message it copies. */
  forwards: {
    key: ['conversation_id', 'seq'],
    fields: {
      conversation_id: 'text',
      seq: 'integer',
      source_conversation_id: 'text',
      source_message_id: 'text',
      source_user_id: 'text',
    },
    indexes: [],
  },
  /**
   * One row per attachment a message carries (`ord` is its place in the message): what history shows
   * of it, and which conversations may fetch the upload (`attachment_id` is indexed for that).
   */
  attachment_refs: {
    key: ['conversation_id', 'seq', 'attachment_id'],
    fields: {
      conversation_id: 'text',
      seq: 'integer',
      attachment_id: 'text',
      ord: 'integer',
      /** Who sent the message carrying it (an erasure of theirs empties `name`). */
      user_id: 'text',
      name: 'text',
      size: 'integer',
      media_type: 'text',
      sha256: 'text',
      width: 'integer',
      height: 'integer',
    },
    indexes: [['attachment_id']],
  },
  users: {
    key: ['user_id'],
    fields: {
      user_id: 'text',
      username: 'text',
      user_avatar: 'text',
      status: 'text',
      status_message: 'text',
      last_active: 'text',
      /** When the user's profile or chosen status last changed (the seed's UserPresence.updated_at). */
      updated_at: 'text',
    },
    indexes: [['status']],
  },
  /** Reports of messages (stream `report-<id>`), open or resolved, for moderators. */
  reports: {
    key: ['report_id'],
    fields: {
      report_id: 'text',
      conversation_id: 'text',
      seq: 'integer',
      message_id: 'text',
      message_user_id: 'text',
      reported_by: 'text',
      reason: 'text',
      reported_at: 'text',
      status: 'text',
      outcome: 'text',
      note: 'text',
      resolved_by: 'text',
      resolved_at: 'text',
    },
    indexes: [['status', 'reported_at', 'report_id']],
  },
  /**
   * Messages as search finds them (see src/projections/search.ts): the message fields history returns,
   * `content` in a full-text index, and `sent_pos`, the position of the message's MessageSent, which
   * orders hits newest first in the order the log recorded them.
   */
  search_messages: {
    key: ['conversation_id', 'seq'],
    fields: {
      ...MESSAGE_FIELDS,
      sent_pos: 'text',
    },
    indexes: [['sent_pos']],
    fullText: 'content',
  },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;

/**
 * The tables each projection writes, by projection name: they live in generations together (a rebuild
 * fills a new generation of all of them, then switches). The projections name their group from here,
 * so the stores know the groups without importing the projections.
 */
export const TABLE_GROUPS = {
  history: ['messages'],
  conversations: ['conversations', 'participants', 'deletions'],
  users: ['users'],
  // A projection of its own, so that a store built before these tables existed fills them from the
  // whole log by itself (a new projection starts at the beginning), without a rebuild of history.
  annotations: ['reactions', 'pins', 'replies', 'forwards'],
  search: ['search_messages'],
  reports: ['reports'],
  // A projection of its own rather than a table of annotations: tables are created with a generation,
  // so a store whose annotations generation predates the table would not have it.
  attachments: ['attachment_refs'],
} as const satisfies Record<string, readonly TableName[]>;

export type ProjectionName = keyof typeof TABLE_GROUPS;

export const PROJECTION_NAMES = Object.keys(TABLE_GROUPS) as ProjectionName[];

/** The tables of a projection's generation; throws for a name that is not a projection. */
export function tablesOf(projection: string): readonly TableName[] {
  const tables = (TABLE_GROUPS as Record<string, readonly TableName[]>)[projection];
  if (!tables)
    throw new Error(
      `unknown projection ${JSON.stringify(projection)}: one of ${PROJECTION_NAMES.join(', ')}`,
    );
  return tables;
}

/** The projection that owns (writes) a table. */
export function ownerOf(table: TableName): ProjectionName {
  const owner = PROJECTION_NAMES.find((name) => tablesOf(name).includes(table));
  if (!owner) throw new Error(`no projection owns table ${table}`);
  return owner;
}
