import type { Actor } from '../domain/actor';
import { blocks, decideUser } from '../domain/user/decider';
import type { CommandDeps } from './deps';
import { type Written, written } from './written';

export interface BlockState {
  user_id: string;
  blocked_user_id: string;
  blocked: boolean;
  /** When the block began; null once lifted. */
  blocked_at: string | null;
}

/**
 * Blocks or unblocks `userId` for the actor, in the actor's own stream. Either is idempotent: a repeat
 * writes nothing and answers the block as it stands.
 */
export async function changeBlock(
  deps: CommandDeps,
  actor: Actor,
  userId: string,
  change: 'block' | 'unblock',
): Promise<Written<BlockState>> {
  const now = deps.now();
  const type = change === 'block' ? 'BlockUser' : 'UnblockUser';
  const outcome = await deps.profiles.alongside(
    actor,
    deps.users.execute(
      actor.user_id,
      (state) => decideUser({ type, actor, user_id: userId, now }, state),
      (state) => state.blocked.get(userId) ?? null,
    ),
  );
  const value = {
    user_id: actor.user_id,
    blocked_user_id: userId,
    blocked: outcome.decided !== null,
    blocked_at: outcome.decided,
  };
  return written(value, outcome);
}

/** Whom the user blocks, from their own stream (no read model to lag behind a block just made). */
export async function blockedUsers(
  deps: CommandDeps,
  userId: string,
): Promise<{ user_id: string; blocked_at: string }[]> {
  const state = await deps.users.current(userId);
  return [...state.blocked]
    .map(([user_id, blocked_at]) => ({ user_id, blocked_at }))
    .sort((a, b) => (a.blocked_at < b.blocked_at ? -1 : a.blocked_at > b.blocked_at ? 1 : 0));
}

/**
 * Whether either of two users blocks the other, as their streams say now. The write side asks the
 * users' aggregates (cached with their revision), never a read model. A block written at the same
 * moment as a message may miss it: the two are different aggregates.
 */
export async function blockedBetween(deps: CommandDeps, a: string, b: string): Promise<boolean> {
  const [ofA, ofB] = await Promise.all([deps.users.current(a), deps.users.current(b)]);
  return blocks(ofA, b) || blocks(ofB, a);
}

/** Whether any of `userIds` blocks `actorId` (they cannot be put in a conversation by them). */
export async function blockedByAny(deps: CommandDeps, userIds: readonly string[], actorId: string) {
  const others = [...new Set(userIds)].filter((id) => id !== actorId);
  const states = await Promise.all(others.map((id) => deps.users.current(id)));
  return states.some((state) => blocks(state, actorId));
}

/**
 * For a send to `conversationId`: whether its two members block each other, when it is a direct
 * conversation (ids of direct conversations start with `dm_`; a group needs no user streams).
 */
export async function directBlock(
  deps: CommandDeps,
  actorId: string,
  conversationId: string,
): Promise<boolean> {
  if (!conversationId.startsWith('dm_')) return false;
  const state = await deps.conversations.current(conversationId);
  if (state.conversationType !== 'direct') return false;
  const other = [...state.participants.keys()].find((id) => id !== actorId);
  return other !== undefined && (await blockedBetween(deps, actorId, other));
}
