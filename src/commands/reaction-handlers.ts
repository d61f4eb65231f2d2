import type { Actor } from '../domain/actor';
import { decide } from '../domain/conversation/decide';
import { type ReactionSummary, reactionsOf } from '../domain/conversation/state';
import { messageId } from '../domain/ids';
import type { CommandDeps } from './deps';
import { locateMessage } from './message-handlers';
import { executeAs, type Written, written } from './written';

export interface MessageReactions {
  conversation_id: string;
  message_id: string;
  /** As the message has them once the command is decided, `me` relative to the actor. */
  reactions: ReactionSummary[];
}

/**
 * Adds or takes back the actor's reaction. Either is idempotent: a repeat writes nothing and answers
 * the message's reactions as they are.
 */
export async function changeReaction(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  emoji: string,
  change: 'add' | 'remove',
): Promise<Written<MessageReactions>> {
  const { conversationId, seq } = locateMessage(id);
  const type = change === 'add' ? 'AddReaction' : 'RemoveReaction';
  const outcome = await executeAs(
    deps,
    actor,
    conversationId,
    (state) => decide({ type, actor, now: deps.now(), seq, emoji }, state),
    (state) => reactionsOf(state, seq, actor.user_id),
  );
  const value = {
    conversation_id: conversationId,
    message_id: messageId(conversationId, seq),
    reactions: outcome.decided,
  };
  return written(value, outcome);
}
