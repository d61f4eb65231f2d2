import type {
  AttachmentView,
  ConversationView,
  MessageView,
  ParticipantView,
  PresenceView,
  ReactionView,
  SearchHit,
} from './port';
import { highlightsOf, type SearchWord } from './search-text';

/** A stored document or row; booleans may come back as 0/1 (SQLite) or true/false (MongoDB). */
export type Row = Record<string, unknown>;

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
const flag = (value: unknown): boolean => value === true || value === 1;

/** What a message row does not hold: its reactions and replies, read from the annotations' tables. */
export interface Annotations {
  reactions: Map<number, ReactionView[]>;
  replies: Map<number, { count: number; last: string | null }>;
  /** Forwarded copies by seq: their source, and whether the viewer takes part in its conversation. */
  forwards: Map<number, { source: NonNullable<MessageView['forwarded_from']>; visible: boolean }>;
  /** Attachments by seq, in the order sent. */
  attachments: Map<number, AttachmentView[]>;
}

export const NO_ANNOTATIONS: Annotations = {
  reactions: new Map(),
  replies: new Map(),
  forwards: new Map(),
  attachments: new Map(),
};

/** Attachment rows (any order) grouped by message, each message's in the order sent. */
export function attachmentsBySeq(rows: readonly Row[]): Map<number, AttachmentView[]> {
  const sorted = [...rows].sort((a, b) => Number(a.seq) - Number(b.seq) || Number(a.ord) - Number(b.ord));
  const bySeq = new Map<number, AttachmentView[]>();
  for (const row of sorted) {
    const seq = Number(row.seq);
    const list = bySeq.get(seq) ?? [];
    list.push({
      id: String(row.attachment_id),
      name: String(row.name),
      size: Number(row.size),
      media_type: String(row.media_type),
      sha256: String(row.sha256),
      ...(row.width !== null && row.width !== undefined && { width: Number(row.width) }),
      ...(row.height !== null && row.height !== undefined && { height: Number(row.height) }),
    });
    bySeq.set(seq, list);
  }
  return bySeq;
}

export function messageView(row: Row, annotations: Annotations = NO_ANNOTATIONS): MessageView {
  const seq = Number(row.seq);
  const deleted = flag(row.is_deleted);
  const replies = annotations.replies.get(seq);
  const forward = annotations.forwards.get(seq);
  return {
    id: String(row.id),
    conversation_id: String(row.conversation_id),
    user_id: String(row.user_id),
    username: String(row.username),
    user_avatar: text(row.user_avatar),
    content: String(row.content),
    message_type: String(row.message_type),
    reply_to_id: text(row.reply_to_id),
    is_edited: flag(row.is_edited),
    is_deleted: flag(row.is_deleted),
    created_at: String(row.created_at),
    edited_at: text(row.edited_at),
    client_message_id: text(row.client_message_id),
    reactions: deleted ? [] : (annotations.reactions.get(seq) ?? []),
    reply_count: replies?.count ?? 0,
    last_reply_at: replies?.last ?? null,
    is_forwarded: forward !== undefined,
    forwarded_from: forward?.visible ? forward.source : null,
    attachments: deleted ? [] : (annotations.attachments.get(seq) ?? []),
  };
}

/** One active reaction row (or a group of them) as the stores read it. */
export interface ReactionRow {
  seq: number;
  emoji: string;
  count: number;
  /** The earliest reacted_at among its current reactors: emojis are listed in that order, then by emoji. */
  first: string;
  me: boolean;
}

/** Reactions per message, each message's emojis ordered by their earliest current reaction, then emoji. */
export function reactionsBySeq(rows: readonly ReactionRow[]): Map<number, ReactionView[]> {
  const sorted = [...rows].sort((a, b) =>
    a.seq !== b.seq
      ? a.seq - b.seq
      : a.first !== b.first
        ? a.first < b.first
          ? -1
          : 1
        : a.emoji < b.emoji
          ? -1
          : 1,
  );
  const bySeq = new Map<number, ReactionView[]>();
  for (const row of sorted) {
    let list = bySeq.get(row.seq);
    if (!list) {
      list = [];
      bySeq.set(row.seq, list);
    }
    list.push({ emoji: row.emoji, count: row.count, me: row.me });
  }
  return bySeq;
}

/**
 * A conversation as one participant sees it. Unread: the conversation's last seq minus the
 * participant's last read seq minus the deleted messages after it; own messages never count because
 * sending marks the conversation read up to one's own message.
 */
export function conversationView(c: Row, participant: Row, deletedAfterRead: number): ConversationView {
  return {
    id: String(c.id),
    user_id: String(c.created_by),
    conversation_type: String(c.conversation_type),
    name: text(c.name),
    description: text(c.description),
    avatar_url: text(c.avatar_url),
    is_active: flag(c.is_active),
    created_at: String(c.created_at),
    updated_at: String(c.updated_at),
    last_message_at: text(c.last_message_at),
    last_message:
      c.last_message_id === null || c.last_message_id === undefined
        ? null
        : {
            id: String(c.last_message_id),
            user_id: String(c.last_message_user_id),
            username: String(c.last_message_username),
            content: String(c.last_message_content),
            message_type: String(c.last_message_type),
            is_deleted: flag(c.last_message_is_deleted),
            created_at: String(c.last_message_at),
          },
    unread_count: Math.max(0, Number(c.last_seq) - Number(participant.last_read_seq) - deletedAfterRead),
    role: String(participant.role),
    is_muted: flag(participant.is_muted),
  };
}

export function participantView(p: Row, user: Row | undefined): ParticipantView {
  const lastRead = Number(p.last_read_seq);
  return {
    conversation_id: String(p.conversation_id),
    user_id: String(p.user_id),
    username: text(user?.username),
    user_avatar: text(user?.user_avatar),
    role: String(p.role),
    is_muted: flag(p.is_muted),
    joined_at: String(p.joined_at),
    last_read_message_id: lastRead > 0 ? `${p.conversation_id}.${lastRead}` : null,
    last_read_at: text(p.last_read_at),
  };
}

export function presenceView(row: Row): PresenceView {
  return {
    user_id: String(row.user_id),
    username: text(row.username),
    user_avatar: text(row.user_avatar),
    status: row.status === null || row.status === undefined ? 'offline' : String(row.status),
    status_message: text(row.status_message),
    last_active: text(row.last_active),
    // Rows written before updated_at was recorded: their last chosen status is the latest change known.
    updated_at: text(row.updated_at) ?? text(row.last_active),
  };
}

/**
 * Search hits from the rows a search found (they span conversations): each message as history shows
 * it to `viewer`, with the annotations of its conversation (read by `annotationsOf`, once per
 * conversation) and where the words occur in its content.
 */
export async function searchHits<R extends Row>(
  rows: readonly R[],
  words: readonly SearchWord[],
  annotationsOf: (conversationId: string, rows: R[]) => Annotations | Promise<Annotations>,
): Promise<SearchHit[]> {
  const byConversation = new Map<string, R[]>();
  for (const row of rows) {
    const id = String(row.conversation_id);
    const group = byConversation.get(id);
    if (group) group.push(row);
    else byConversation.set(id, [row]);
  }
  const annotations = new Map<string, Annotations>();
  for (const [id, group] of byConversation) annotations.set(id, await annotationsOf(id, group));
  return rows.map((row) => {
    const message = messageView(row, annotations.get(String(row.conversation_id)));
    return { ...message, highlights: highlightsOf(message.content, words) };
  });
}
