import type { Collection, Db, Document } from 'mongodb';
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
  type ReactionRow,
  reactionsBySeq,
  searchHits,
} from '../views';
import { documentId, type Row } from './mongo-guarded-writes';
import { collectionName, GENERATIONS, type PointerDocument } from './mongo-projection-store';
import { mongoSearch } from './mongo-search';

type Tables = Record<TableName, Collection<Row>>;

const ONLINE = ['online', 'away', 'busy'];

/**
 * Queries over the MongoDB read models, with the embedded store's results. Each query reads the
 * generation pointers first, then the current generation's collections. There is no snapshot across
 * collections (no multi-document transactions): a query racing a generation switch reads the old or the
 * new generation, each complete.
 *
 * Kept to what FerretDB 1.24 (SQLite backend) serves: find with equality, $in, $lt/$gt, $or, sort and
 * limit; countDocuments; aggregate with $match and $group/$sum only. Joins are done here rather than with
 * $lookup, unread counts are computed here rather than with $subtract/$max expressions, and sorting by
 * two fields uses a plain find sort.
 */
export class MongoReadModels implements ReadModels {
  private readonly pointers: Collection<PointerDocument>;

  constructor(private readonly db: Db) {
    this.pointers = db.collection<PointerDocument>(GENERATIONS);
  }

  async messages(
    conversationId: string,
    options: { beforeSeq?: number; limit: number; viewer?: string },
  ): Promise<MessagePage> {
    const t = await this.tables();
    const filter: Document = { conversation_id: conversationId };
    if (options.beforeSeq !== undefined) filter.seq = { $lt: options.beforeSeq };
    // Served by the (conversation_id, seq desc) index.
    const rows = await t.messages
      .find(filter)
      .sort({ seq: -1 })
      .limit(options.limit + 1)
      .toArray();
    const shown = rows.slice(0, options.limit);
    const annotations = await annotationsOf(t, conversationId, shown, options.viewer);
    return {
      messages: shown.map((row) => messageView(row, annotations)),
      hasMore: rows.length > options.limit,
    };
  }

  async replies(
    conversationId: string,
    parentSeq: number,
    options: { afterSeq?: number; limit: number; viewer?: string },
  ): Promise<MessagePage> {
    const t = await this.tables();
    const replies = await t.replies
      .find({ conversation_id: conversationId, parent_seq: parentSeq, seq: { $gt: options.afterSeq ?? 0 } })
      .sort({ seq: 1 })
      .limit(options.limit + 1)
      .toArray();
    const seqs = replies.map((r) => Number(r.seq));
    const found = await t.messages.find({ conversation_id: conversationId, seq: { $in: seqs } }).toArray();
    // A reply whose message history has not applied yet is left out, as the embedded store's join does.
    const rows = found.sort((a, b) => Number(a.seq) - Number(b.seq));
    const shown = rows.slice(0, options.limit);
    const annotations = await annotationsOf(t, conversationId, shown, options.viewer);
    return {
      messages: shown.map((row) => messageView(row, annotations)),
      hasMore: replies.length > options.limit,
    };
  }

  async pins(conversationId: string, viewer?: string): Promise<PinView[]> {
    const t = await this.tables();
    const pins = await t.pins
      .find({ conversation_id: conversationId, pinned: true })
      .sort({ pinned_at: -1, seq: -1 })
      .toArray();
    if (pins.length === 0) return [];
    const rows = await t.messages
      .find({ conversation_id: conversationId, seq: { $in: pins.map((p) => Number(p.seq)) } })
      .toArray();
    const bySeq = new Map(rows.map((row) => [Number(row.seq), row]));
    const annotations = await annotationsOf(t, conversationId, rows, viewer);
    return pins.flatMap((p) => {
      const row = bySeq.get(Number(p.seq));
      return row
        ? [
            {
              message: messageView(row, annotations),
              pinned_by: String(p.pinned_by),
              pinned_at: String(p.pinned_at),
            },
          ]
        : [];
    });
  }

  async attachmentVisibleTo(attachmentId: string, userId: string): Promise<boolean> {
    const t = await this.tables();
    const refs = await t.attachment_refs
      .find({ attachment_id: attachmentId }, { projection: { conversation_id: 1, seq: 1 } })
      .toArray();
    const member = await visibleConversations(
      t,
      refs.map((r) => String(r.conversation_id)),
      userId,
    );
    const shared = refs.filter((r) => member.has(String(r.conversation_id)));
    if (shared.length === 0) return false;
    const deleted = await t.deletions
      .find({
        _id: {
          $in: shared.map((r) =>
            documentId('deletions', { conversation_id: String(r.conversation_id), seq: Number(r.seq) }),
          ),
        },
      })
      .project<Row>({ _id: 1 })
      .toArray();
    return deleted.length < shared.length;
  }

  async attachmentReferenced(attachmentId: string): Promise<boolean> {
    const t = await this.tables();
    return (await t.attachment_refs.countDocuments({ attachment_id: attachmentId }, { limit: 1 })) > 0;
  }

  async search(userId: string, request: SearchRequest): Promise<SearchPage> {
    const t = await this.tables();
    const memberships = await t.participants
      .find({ user_id: userId, removed: false }, { projection: { conversation_id: 1 } })
      .toArray();
    const ids = memberships.map((p) => String(p.conversation_id));
    const { conversationId } = request;
    const scope = conversationId === undefined ? ids : ids.filter((id) => id === conversationId);
    const { rows, next } = await mongoSearch(t.search_messages, scope, request);
    const hits = await searchHits(rows, request.words, (id, group) => annotationsOf(t, id, group, userId));
    return { hits, next };
  }

  /**
   * The user's memberships first (index on user_id, removed), then one page of their conversations
   * by key (`_id` $in), keyset-paged on (activity_at desc, _id) with the server's sort and limit; unread
   * counts only for that page. The order key lives on the conversation, not the membership: copying it
   * to every member would cost one write per member per message.
   */
  async conversationsOf(
    userId: string,
    page: { before?: ConversationKey; limit: number },
  ): Promise<ConversationPage> {
    const t = await this.tables();
    const memberships = await t.participants.find({ user_id: userId, removed: false }).toArray();
    if (memberships.length === 0) return { conversations: [], next: undefined };
    const membership = new Map(memberships.map((p) => [String(p.conversation_id), p]));
    const filter: Document = { _id: { $in: [...membership.keys()] } };
    const { before, limit } = page;
    if (before) {
      filter.$or = [
        { activity_at: { $lt: before.activityAt } },
        { activity_at: before.activityAt, _id: { $gt: before.id } },
      ];
    }
    const conversations = await t.conversations
      .find(filter)
      .sort({ activity_at: -1, _id: 1 })
      .limit(limit + 1)
      .toArray();
    const rows = conversations.slice(0, limit).flatMap((c) => {
      const p = membership.get(String(c._id));
      return p ? [{ c, p }] : [];
    });
    const deleted = await deletionsAfter(t.deletions, rows.filter(mayBeUnread).map(readPosition));
    const last = rows[rows.length - 1];
    return {
      conversations: rows.map(({ c, p }) => conversationView(c, p, deleted.get(String(c._id)) ?? 0)),
      next:
        conversations.length > limit && last
          ? { activityAt: String(last.c.activity_at), id: String(last.c._id) }
          : undefined,
    };
  }

  async conversationIdsOf(userId: string): Promise<string[]> {
    const { participants } = await this.tables();
    const rows = await participants
      .find({ user_id: userId, removed: false }, { projection: { conversation_id: 1 } })
      .toArray();
    return rows.map((p) => String(p.conversation_id));
  }

  async conversationOf(userId: string, conversationId: string): Promise<ConversationView | undefined> {
    const t = await this.tables();
    const [p, c] = await Promise.all([
      t.participants.findOne({
        _id: documentId('participants', { conversation_id: conversationId, user_id: userId }),
        removed: false,
      }),
      t.conversations.findOne({ _id: conversationId }),
    ]);
    if (!p || !c) return undefined;
    const row = { c, p };
    const deleted = mayBeUnread(row) ? await deletionsAfter(t.deletions, [readPosition(row)]) : new Map();
    return conversationView(c, p, deleted.get(conversationId) ?? 0);
  }

  async participants(conversationId: string): Promise<ParticipantView[]> {
    const t = await this.tables();
    const rows = await t.participants
      .find({ conversation_id: conversationId, removed: false })
      .sort({ joined_at: 1, user_id: 1 })
      .toArray();
    if (rows.length === 0) return [];
    const users = await t.users.find({ _id: { $in: rows.map((p) => String(p.user_id)) } }).toArray();
    const byId = new Map(users.map((u) => [String(u._id), u]));
    return rows.map((p) => participantView(p, byId.get(String(p.user_id))));
  }

  async isParticipant(conversationId: string, userId: string): Promise<boolean> {
    const { participants } = await this.tables();
    const row = await participants.findOne(
      {
        _id: documentId('participants', { conversation_id: conversationId, user_id: userId }),
        removed: false,
      },
      { projection: { _id: 1 } },
    );
    return row !== null;
  }

  async onlineUsers(): Promise<PresenceView[]> {
    const { users } = await this.tables();
    // Like SQL's ORDER BY username: a missing or null username sorts first.
    const rows = await users
      .find({ status: { $in: ONLINE } })
      .sort({ username: 1, _id: 1 })
      .toArray();
    return rows.map(presenceView);
  }

  async presenceOf(userId: string): Promise<PresenceView | undefined> {
    const { users } = await this.tables();
    const row = await users.findOne({ _id: userId });
    return row ? presenceView(row) : undefined;
  }

  async reports(query: { status?: 'open' | 'resolved'; limit: number }): Promise<ReportView[]> {
    const t = await this.tables();
    const rows = await t.reports
      .find(query.status === undefined ? {} : { status: query.status })
      .sort({ reported_at: 1, _id: 1 })
      .limit(query.limit)
      .toArray();
    // A join done here (FerretDB has no $lookup): one lookup of each reported message by its key.
    const messages = await Promise.all(
      rows.map((row) =>
        t.messages.findOne({
          _id: documentId('messages', { conversation_id: row.conversation_id, seq: row.seq }),
        }),
      ),
    );
    return rows.map((row, i) => reportView(row, messages[i] ?? undefined));
  }

  async directConversation(a: string, b: string): Promise<string | undefined> {
    if (a === b) return undefined;
    const t = await this.tables();
    const ofA = await t.participants.find({ user_id: a }, { projection: { conversation_id: 1 } }).toArray();
    if (ofA.length === 0) return undefined;
    const shared = await t.participants
      .find(
        { user_id: b, conversation_id: { $in: ofA.map((p) => String(p.conversation_id)) } },
        {
          projection: { conversation_id: 1 },
        },
      )
      .toArray();
    if (shared.length === 0) return undefined;
    const direct = await t.conversations.findOne(
      { _id: { $in: shared.map((p) => String(p.conversation_id)) }, conversation_type: 'direct' },
      { projection: { _id: 1 } },
    );
    return direct ? String(direct._id) : undefined;
  }

  /** The collections of every table's current generation. */
  private async tables(): Promise<Tables> {
    const pointers = await this.pointers.find({}).toArray();
    const current = new Map(pointers.map((p) => [p._id, Number(p.current)]));
    const tables = {} as Tables;
    for (const table of Object.keys(TABLES) as TableName[]) {
      const owner = ownerOf(table);
      tables[table] = this.db.collection<Row>(collectionName(table, current.get(owner) ?? 1));
    }
    return tables;
  }
}

/**
 * Reactions and reply counts of the given messages. Reactions are grouped here (one document per
 * user and emoji); reply counts by the server ($group with $sum: FerretDB has no $max accumulator),
 * and the latest reply of each message that has any from the reply with the greatest seq (times never
 * go backwards within a conversation), one indexed lookup each.
 */
async function annotationsOf(
  t: Tables,
  conversationId: string,
  rows: Row[],
  viewer: string | undefined,
): Promise<Annotations> {
  const seqs = rows.map((row) => Number(row.seq));
  if (seqs.length === 0) return NO_ANNOTATIONS;
  const [reactions, replies, forwards, attachments] = await Promise.all([
    t.reactions
      .find({ conversation_id: conversationId, seq: { $in: seqs }, active: true })
      .project<Row>({ seq: 1, emoji: 1, user_id: 1, reacted_at: 1 })
      .toArray(),
    t.replies
      .aggregate<{ _id: number; n: number }>([
        { $match: { conversation_id: conversationId, parent_seq: { $in: seqs } } },
        { $group: { _id: '$parent_seq', n: { $sum: 1 } } },
      ])
      .toArray(),
    t.forwards.find({ conversation_id: conversationId, seq: { $in: seqs } }).toArray(),
    t.attachment_refs.find({ conversation_id: conversationId, seq: { $in: seqs } }).toArray(),
  ]);
  const visible = await visibleConversations(
    t,
    forwards.map((f) => String(f.source_conversation_id)),
    viewer,
  );
  const latest = await Promise.all(
    replies.map((g) =>
      t.replies.findOne(
        { conversation_id: conversationId, parent_seq: Number(g._id) },
        { sort: { seq: -1 }, projection: { created_at: 1 } },
      ),
    ),
  );
  const grouped = new Map<string, ReactionRow>();
  for (const r of reactions) {
    const key = `${r.seq}\u0000${r.emoji}`;
    const at = String(r.reacted_at);
    const row = grouped.get(key) ?? {
      seq: Number(r.seq),
      emoji: String(r.emoji),
      count: 0,
      first: at,
      me: false,
    };
    row.count++;
    if (at < row.first) row.first = at;
    if (r.user_id === viewer) row.me = true;
    grouped.set(key, row);
  }
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
          visible: visible.has(String(f.source_conversation_id)),
        },
      ]),
    ),
    reactions: reactionsBySeq([...grouped.values()]),
    replies: new Map(
      replies.map((g, i) => [Number(g._id), { count: Number(g.n), last: String(latest[i]?.created_at) }]),
    ),
  };
}

/** Those of `conversationIds` that `viewer` takes part in. */
async function visibleConversations(
  t: Tables,
  conversationIds: string[],
  viewer: string | undefined,
): Promise<Set<string>> {
  if (viewer === undefined || conversationIds.length === 0) return new Set();
  const ids = [...new Set(conversationIds)].map((id) =>
    documentId('participants', { conversation_id: id, user_id: viewer }),
  );
  const rows = await t.participants
    .find({ _id: { $in: ids }, removed: false }, { projection: { conversation_id: 1 } })
    .toArray();
  return new Set(rows.map((p) => String(p.conversation_id)));
}

interface Membership {
  c: Row;
  p: Row;
}

/** Deletions can only lower a count that is positive without them. */
const mayBeUnread = ({ c, p }: Membership): boolean => Number(c.last_seq) > Number(p.last_read_seq);

const readPosition = ({ c, p }: Membership) => ({
  conversationId: String(c._id),
  afterSeq: Number(p.last_read_seq),
});

/** Deleted messages after each read position, per conversation. */
async function deletionsAfter(
  deletions: Collection<Row>,
  reads: { conversationId: string; afterSeq: number }[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const [only] = reads;
  if (!only) return counts;
  if (reads.length === 1) {
    const n = await deletions.countDocuments({
      conversation_id: only.conversationId,
      seq: { $gt: only.afterSeq },
    });
    counts.set(only.conversationId, n);
    return counts;
  }
  const groups = await deletions
    .aggregate<{ _id: string; n: number }>([
      {
        $match: { $or: reads.map((r) => ({ conversation_id: r.conversationId, seq: { $gt: r.afterSeq } })) },
      },
      { $group: { _id: '$conversation_id', n: { $sum: 1 } } },
    ])
    .toArray();
  for (const g of groups) counts.set(String(g._id), Number(g.n));
  return counts;
}
