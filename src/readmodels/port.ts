import type { PositionedChange } from './changes';
import type { Highlight, SearchWord } from './search-text';

/**
 * The read-model port. `ReadModels` answers the chat API's queries; `ProjectionStore` is what the
 * projection runner writes through. Each projection's tables exist in numbered generations: queries
 * read the current one, a rebuild fills the next one beside it and switches once it has caught up.
 * Positions are the event store's opaque strings; within one log they sort in log order as strings.
 */

export interface MessageView {
  id: string;
  conversation_id: string;
  user_id: string;
  username: string;
  user_avatar: string | null;
  content: string;
  message_type: string;
  reply_to_id: string | null;
  is_edited: boolean;
  is_deleted: boolean;
  created_at: string;
  edited_at: string | null;
  client_message_id: string | null;
  /** Empty for a deleted message. */
  reactions: ReactionView[];
  /** Replies to this message (deleted ones included: they keep their place in the thread). */
  reply_count: number;
  last_reply_at: string | null;
  is_forwarded: boolean;
  /** The message a forwarded copy comes from: null unless the viewer takes part in its conversation. */
  forwarded_from: { conversation_id: string; message_id: string; user_id: string } | null;
  /** The files the message carries, in the order sent; empty for a deleted message. */
  attachments: AttachmentView[];
}

/** A file a message carries, as recorded when it was sent. */
export interface AttachmentView {
  id: string;
  name: string;
  size: number;
  media_type: string;
  sha256: string;
  width?: number;
  height?: number;
}

export interface ReactionView {
  emoji: string;
  count: number;
  /** Whether the viewer the query names reacted with it (false without a viewer). */
  me: boolean;
}

export interface PinView {
  message: MessageView;
  pinned_by: string;
  pinned_at: string;
}

export interface LastMessageView {
  id: string;
  user_id: string;
  username: string;
  content: string;
  message_type: string;
  is_deleted: boolean;
  created_at: string;
}

export interface ConversationView {
  id: string;
  user_id: string;
  conversation_type: string;
  name: string | null;
  description: string | null;
  avatar_url: string | null;
  is_active: boolean;
  created_at: string;
  updated_at: string;
  last_message_at: string | null;
  last_message: LastMessageView | null;
  unread_count: number;
  role: string;
  is_muted: boolean;
}

export interface ParticipantView {
  conversation_id: string;
  user_id: string;
  username: string | null;
  user_avatar: string | null;
  role: string;
  is_muted: boolean;
  joined_at: string;
  last_read_message_id: string | null;
  last_read_at: string | null;
}

export interface PresenceView {
  user_id: string;
  username: string | null;
  user_avatar: string | null;
  status: string;
  status_message: string | null;
  last_active: string | null;
  updated_at: string | null;
}

export interface MessagePage {
  /** Newest first (history) or oldest first (replies). */
  messages: MessageView[];
  /** Whether older messages exist before the last one returned. */
  hasMore: boolean;
}

/**
 * A place in a user's conversation list, which is ordered by activity time descending, then id
 * ascending. A page `before` a key holds the conversations that sort after it: less recently active,
 * or as recently active with a greater id.
 */
export interface ConversationKey {
  activityAt: string;
  id: string;
}

export interface ConversationPage {
  /** Most recently active first. */
  conversations: ConversationView[];
  /** The key of the last conversation returned, when more follow it. */
  next: ConversationKey | undefined;
}

/** A message search finds, with where the query's words occur in its content. */
export interface SearchHit extends MessageView {
  highlights: Highlight[];
}

export interface SearchRequest {
  /** The query's words (see search-text.ts); a hit contains every one. */
  words: readonly SearchWord[];
  /** Search this conversation only; the caller checks that the user takes part in it. */
  conversationId?: string;
  /** The `next` of the previous page: hits recorded before it. */
  before?: string;
  limit: number;
}

/** The store cannot search text (a MongoDB-protocol server without text indexes, such as FerretDB). */
export class SearchUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchUnavailable';
  }
}

export interface SearchPage {
  /** Newest first, in the order the log recorded the messages. */
  hits: SearchHit[];
  /** The `before` of the next page, when more hits follow. */
  next: string | undefined;
}

/** A report of a message, with the message as history has it now (null if history lacks it). */
export interface ReportView {
  report_id: string;
  status: 'open' | 'resolved';
  reason: string;
  reported_by: string;
  reported_at: string;
  conversation_id: string;
  message_id: string;
  message: {
    id: string;
    user_id: string;
    username: string;
    content: string;
    message_type: string;
    is_edited: boolean;
    is_deleted: boolean;
    created_at: string;
  } | null;
  outcome: string | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface ReadModels {
  /**
   * Messages older than `beforeSeq` (exclusive; all when omitted), newest first, with their reactions
   * (`me` relative to `viewer`) and reply counts.
   */
  messages(
    conversationId: string,
    options: { beforeSeq?: number; limit: number; viewer?: string },
  ): Promise<MessagePage>;
  /** Replies to message `parentSeq` after `afterSeq` (exclusive; all when omitted), oldest first. */
  replies(
    conversationId: string,
    parentSeq: number,
    options: { afterSeq?: number; limit: number; viewer?: string },
  ): Promise<MessagePage>;
  /** The conversation's pinned messages, the most recently pinned first. */
  pins(conversationId: string, viewer?: string): Promise<PinView[]>;
  /**
   * Messages of the conversations the user takes part in now (or of one of them) that contain every
   * word; deleted messages are never found, edited ones by their current content.
   */
  search(userId: string, request: SearchRequest): Promise<SearchPage>;
  /**
   * A page of the user's conversations, most recently active first, with unread counts: those that
   * sort after `before` (from the start when omitted). The key holds values, not an offset, so a
   * conversation that becomes active while a client pages moves to the start of the list: the pages
   * still to come do not shift, and it does not show up on them.
   */
  conversationsOf(
    userId: string,
    page: { before?: ConversationKey; limit: number },
  ): Promise<ConversationPage>;
  /** Every conversation the user takes part in, unordered (what a socket follows). */
  conversationIdsOf(userId: string): Promise<string[]>;
  /** One conversation as `userId` sees it; undefined unless they take part in it. */
  conversationOf(userId: string, conversationId: string): Promise<ConversationView | undefined>;
  participants(conversationId: string): Promise<ParticipantView[]>;
  isParticipant(conversationId: string, userId: string): Promise<boolean>;
  /** Users whose chosen status is online, away or busy. */
  onlineUsers(): Promise<PresenceView[]>;
  presenceOf(userId: string): Promise<PresenceView | undefined>;
  /** The direct conversation of two users, if they have one. */
  directConversation(a: string, b: string): Promise<string | undefined>;
  /** Reports, oldest first, of one status or all, with the reported messages as they are now. */
  reports(query: { status?: 'open' | 'resolved'; limit: number }): Promise<ReportView[]>;
  /**
   * Whether the user takes part now in a conversation where a message carrying the attachment was
   * sent and is not deleted: who may fetch an upload once it is shared.
   */
  attachmentVisibleTo(attachmentId: string, userId: string): Promise<boolean>;
  /** Whether any message (deleted ones included) ever carried the attachment. */
  attachmentReferenced(attachmentId: string): Promise<boolean>;
}

export interface ProjectionStore {
  /** The generation queries read, creating generation 1 on first use. */
  currentGeneration(projection: string): Promise<number>;
  /** Position of the last event applied to that generation; undefined before the first. */
  checkpoint(projection: string, generation: number): Promise<string | undefined>;
  /** Applies the changes and moves the checkpoint, atomically where the store allows it. */
  apply(
    projection: string,
    generation: number,
    changes: PositionedChange[],
    checkpoint: string,
  ): Promise<void>;
  /** Creates an empty generation after the newest existing one and returns its number. */
  createGeneration(projection: string): Promise<number>;
  /** Points queries at `generation`. */
  switchGeneration(projection: string, generation: number): Promise<void>;
  dropGeneration(projection: string, generation: number): Promise<void>;
  /** Generations that exist, with their checkpoints. */
  generations(projection: string): Promise<{ generation: number; checkpoint: string | undefined }[]>;
  /**
   * Takes or renews the lease that lets one node at a time run a projection: true when `owner` holds
   * it for the next `ttlMs`, false while another owner's lease is unexpired. With `replacing`, a lease
   * still held by that owner is taken too (its holder is known to be dead).
   */
  claimLease(projection: string, owner: string, ttlMs: number, replacing?: string): Promise<boolean>;
  /** The owner of the projection's unexpired lease, if any. */
  leaseHolder(projection: string): Promise<string | undefined>;
  releaseLease(projection: string, owner: string): Promise<void>;
  /**
   * Records that a projection fails on a node (undefined clears it), so that operators see it from any
   * node and from `npm run projections -- status`.
   */
  reportFault(projection: string, fault: ProjectionFault | undefined): Promise<void>;
  faultOf(projection: string): Promise<ProjectionFault | undefined>;
}

/** A projection that fails and retries: where, since when, and why. */
export interface ProjectionFault {
  /** The lease owner (node) that reports it. */
  owner: string;
  error: string;
  /** ISO time of the first failure of this run of failures. */
  since: string;
  failures: number;
  /** First and last position of the events that failed, when it was not reading the log. */
  first?: string;
  last?: string;
}

export interface ReadModelStore {
  readModels: ReadModels;
  projections: ProjectionStore;
  close(): Promise<void>;
}
