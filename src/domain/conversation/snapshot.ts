import { z } from 'zod';
import { ConversationType, ParticipantRole } from './events';
import type { ConversationState } from './state';

/**
 * The conversation state as JSON, so a cold node starts from a snapshot instead of folding the whole
 * stream. Bump SNAPSHOT_VERSION whenever the state's meaning changes: older snapshots are then ignored.
 */
export const SNAPSHOT_VERSION = 3;

export const ConversationSnapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  status: z.enum(['none', 'active', 'archived']),
  conversationId: z.string(),
  conversationType: ConversationType,
  participants: z.array(
    z.tuple([
      z.string(),
      z.object({
        role: ParticipantRole,
        muted: z.boolean(),
        lastReadSeq: z.number(),
        timedOutUntil: z.string().optional(),
      }),
    ]),
  ),
  lastSeq: z.number(),
  lastAt: z.string(),
  authors: z.array(z.string()),
  messageAuthors: z.array(z.number()),
  deletedSeqs: z.array(z.number()),
  sentKeys: z.array(z.tuple([z.string(), z.object({ seq: z.number(), at: z.string() })])),
  /** [seq, [emoji, [user, reacted_at][]][]][] */
  reactions: z.array(
    z.tuple([z.number(), z.array(z.tuple([z.string(), z.array(z.tuple([z.string(), z.string()]))]))]),
  ),
  pins: z.array(z.tuple([z.number(), z.object({ by: z.string(), at: z.string() })])),
  banned: z.array(z.string()),
});
export type ConversationSnapshot = z.infer<typeof ConversationSnapshot>;

export function toSnapshot(state: ConversationState): ConversationSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    status: state.status,
    conversationId: state.conversationId,
    conversationType: state.conversationType,
    participants: [...state.participants].map(([id, p]) => [id, { ...p }]),
    lastSeq: state.lastSeq,
    lastAt: state.lastAt,
    authors: [...state.authors],
    messageAuthors: [...state.messageAuthors],
    deletedSeqs: [...state.deletedSeqs],
    sentKeys: [...state.sentKeys].map(([key, sent]) => [key, { ...sent }]),
    reactions: [...state.reactions].map(([seq, byEmoji]) => [
      seq,
      [...byEmoji].map(([emoji, reactors]) => [emoji, [...reactors]]),
    ]),
    pins: [...state.pins].map(([seq, pin]) => [seq, { ...pin }]),
    banned: [...state.banned],
  };
}

/** A state that shares nothing with the snapshot: folding into it leaves the snapshot as it was. */
export function fromSnapshot(snapshot: ConversationSnapshot): ConversationState {
  return {
    status: snapshot.status,
    conversationId: snapshot.conversationId,
    conversationType: snapshot.conversationType,
    participants: new Map(snapshot.participants.map(([id, p]) => [id, { ...p }])),
    lastSeq: snapshot.lastSeq,
    lastAt: snapshot.lastAt,
    authors: [...snapshot.authors],
    authorIndex: new Map(snapshot.authors.map((id, index) => [id, index])),
    messageAuthors: [...snapshot.messageAuthors],
    deletedSeqs: new Set(snapshot.deletedSeqs),
    sentKeys: new Map(snapshot.sentKeys.map(([key, sent]) => [key, { ...sent }])),
    reactions: new Map(
      snapshot.reactions.map(([seq, byEmoji]) => [
        seq,
        new Map(byEmoji.map(([emoji, reactors]) => [emoji, new Map(reactors)])),
      ]),
    ),
    pins: new Map(snapshot.pins.map(([seq, pin]) => [seq, { ...pin }])),
    banned: new Set(snapshot.banned),
  };
}
