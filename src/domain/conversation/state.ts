import type { ConversationType, ParticipantRole } from './events';

/**
 * What decisions need, not the history: roles, read marks, who wrote each message and which are
 * deleted, and the recent idempotency keys. Maps keep user-supplied ids away from object prototypes.
 */
export interface Participant {
  role: ParticipantRole;
  muted: boolean;
  lastReadSeq: number;
  /** Set while an admin's timeout may still run: the participant writes nothing before it. */
  timedOutUntil?: string;
}

export interface SentKey {
  seq: number;
  at: string;
}

/** Who reacts with one emoji to one message, and since when: user id to reacted_at. */
export type Reactors = Map<string, string>;

export interface Pin {
  by: string;
  at: string;
}

export interface ConversationState {
  status: 'none' | 'active' | 'archived';
  conversationId: string;
  conversationType: ConversationType;
  participants: Map<string, Participant>;
  lastSeq: number;
  /** Latest timestamp recorded, so that time never goes backwards within the conversation. */
  lastAt: string;
  /** Distinct authors; `messageAuthors[seq - 1]` indexes into it. */
  authors: string[];
  authorIndex: Map<string, number>;
  messageAuthors: number[];
  deletedSeqs: Set<number>;
  /** `sentKeyId(user, key)` to the message it created, oldest first. */
  sentKeys: Map<string, SentKey>;
  /** Current reactions of the messages that have any: seq to emoji to its reactors. */
  reactions: Map<number, Map<string, Reactors>>;
  /** Pinned messages by seq. */
  pins: Map<number, Pin>;
  /** Users banned from the conversation: they cannot be added back until unbanned. */
  banned: Set<string>;
}

export function initialConversationState(): ConversationState {
  return {
    status: 'none',
    conversationId: '',
    conversationType: 'group',
    participants: new Map(),
    lastSeq: 0,
    lastAt: '',
    authors: [],
    authorIndex: new Map(),
    messageAuthors: [],
    deletedSeqs: new Set(),
    sentKeys: new Map(),
    reactions: new Map(),
    pins: new Map(),
    banned: new Set(),
  };
}

/** The time until which a participant is timed out, if that time is still to come at `now`. */
export function timedOutUntil(
  participant: Pick<Participant, 'timedOutUntil'>,
  now: string,
): string | undefined {
  const until = participant.timedOutUntil;
  return until !== undefined && until > now ? until : undefined;
}

export function sentKeyId(userId: string, clientMessageId: string): string {
  return `${userId}\u0000${clientMessageId}`;
}

export function messageAuthor(state: ConversationState, seq: number): string | undefined {
  const index = state.messageAuthors[seq - 1];
  return index === undefined ? undefined : state.authors[index];
}

/**
 * The message an earlier send of this user created with one of these idempotency keys (tried in
 * order), if the key is still remembered.
 */
export function priorSend(
  state: ConversationState,
  userId: string,
  keys: readonly (string | null | undefined)[],
): number | undefined {
  for (const key of keys) {
    if (key === null || key === undefined) continue;
    const seq = state.sentKeys.get(sentKeyId(userId, key))?.seq;
    if (seq !== undefined) return seq;
  }
  return undefined;
}

export function adminCount(state: ConversationState): number {
  let admins = 0;
  for (const participant of state.participants.values()) if (participant.role === 'admin') admins++;
  return admins;
}

export interface ReactionSummary {
  emoji: string;
  count: number;
  /** Whether `viewer` is among those who reacted with it. */
  me: boolean;
}

/**
 * A message's reactions as clients see them: ordered by the earliest current reaction of each emoji,
 * then by emoji, which is the order the read models give too.
 */
export function reactionsOf(state: ConversationState, seq: number, viewer: string): ReactionSummary[] {
  const byEmoji = state.reactions.get(seq);
  if (!byEmoji) return [];
  const summaries = [...byEmoji].map(([emoji, reactors]) => {
    let first = '';
    for (const at of reactors.values()) if (first === '' || at < first) first = at;
    return { first, summary: { emoji, count: reactors.size, me: reactors.has(viewer) } };
  });
  summaries.sort((a, b) =>
    a.first !== b.first ? (a.first < b.first ? -1 : 1) : a.summary.emoji < b.summary.emoji ? -1 : 1,
  );
  return summaries.map((s) => s.summary);
}
