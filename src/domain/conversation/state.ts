import type { ConversationType, ParticipantRole } from './events';

/**
 * What decisions need, not the history: roles, read marks, who wrote each message and which are
 * deleted, and the recent idempotency keys. Maps keep user-supplied ids away from object prototypes.
 */
export interface Participant {
  role: ParticipantRole;
  muted: boolean;
  lastReadSeq: number;
}

export interface SentKey {
  seq: number;
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
  };
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
