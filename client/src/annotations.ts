import type { ReactionAddedFrame, ReactionRemovedFrame } from './frames.js';
import type { Message, Reaction } from './types.js';

/**
 * A message's reactions after a reaction frame. Frames carry the emoji's new count and who reacted;
 * `me` is the client's to keep: it changes only when `userId` (the client's own user) is the one who
 * reacted. A count of 0 drops the emoji; a new emoji goes last, where the server lists it too.
 */
export function withReaction(
  reactions: readonly Reaction[],
  frame: ReactionAddedFrame | ReactionRemovedFrame,
  userId: string | null,
): Reaction[] {
  const { emoji, count, user_id } = frame.reaction;
  const mine = user_id === userId;
  const existing = reactions.find((r) => r.emoji === emoji);
  if (count === 0) return reactions.filter((r) => r.emoji !== emoji);
  const me = mine ? frame.type === 'reaction_added' : (existing?.me ?? false);
  if (!existing) return [...reactions, { emoji, count, me }];
  return reactions.map((r) => (r.emoji === emoji ? { emoji, count, me } : r));
}

/** The message a reply answers, once the reply's `message` frame has arrived. */
export function withReply(parent: Message, reply: Message): Pick<Message, 'reply_count' | 'last_reply_at'> {
  return { reply_count: parent.reply_count + 1, last_reply_at: reply.created_at };
}
