import { withReaction, withReply } from '../../client/src/annotations';
import type { ReactionAddedFrame, ReactionRemovedFrame } from '../../client/src/frames';
import type { Message } from '../../client/src/types';

const T = '2026-01-01T00:00:00.000Z';
const base = { conversation_id: 'c', position: 'p', timestamp: T };
const added = (user_id: string, emoji: string, count: number): ReactionAddedFrame => ({
  ...base,
  type: 'reaction_added',
  reaction: { message_id: 'c.1', emoji, user_id, count, reacted_at: T },
});
const removed = (user_id: string, emoji: string, count: number): ReactionRemovedFrame => ({
  ...base,
  type: 'reaction_removed',
  reaction: { message_id: 'c.1', emoji, user_id, count, removed_at: T },
});

describe('reaction frames applied by a client (unit)', () => {
  it('sets counts from the frame and `me` only for its own user', () => {
    let reactions = withReaction([], added('bob', ':a:', 1), 'alice');
    expect(reactions).toEqual([{ emoji: ':a:', count: 1, me: false }]);
    reactions = withReaction(reactions, added('alice', ':a:', 2), 'alice');
    reactions = withReaction(reactions, added('alice', ':b:', 1), 'alice');
    expect(reactions).toEqual([
      { emoji: ':a:', count: 2, me: true },
      { emoji: ':b:', count: 1, me: true },
    ]);
    reactions = withReaction(reactions, removed('bob', ':a:', 1), 'alice');
    expect(reactions[0]).toEqual({ emoji: ':a:', count: 1, me: true });
    reactions = withReaction(reactions, removed('alice', ':a:', 0), 'alice');
    expect(reactions).toEqual([{ emoji: ':b:', count: 1, me: true }]);
  });

  it('counts a reply on the message it answers', () => {
    const parent = { reply_count: 2, last_reply_at: null } as unknown as Message;
    expect(withReply(parent, { created_at: T } as Message)).toEqual({ reply_count: 3, last_reply_at: T });
  });
});
