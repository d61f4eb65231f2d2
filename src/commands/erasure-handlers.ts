import type { Caller } from '../auth/caller';
import { ErasureForbidden } from '../domain/errors';
import { decideUser } from '../domain/user/decider';
import type { Erasure } from '../views/response-schemas';
import type { CommandDeps } from './deps';
import { type Written, written } from './written';

/** Roles that may erase another user's personal data. */
export const ERASURE_ROLES: readonly string[] = ['privacy_officer', 'operator'];

/**
 * Erases a user's personal data by deleting their data keys (crypto-shredding), then records
 * `UserErased` in `user-<id>`. Keys go first: if the record fails, a retry finds no keys and records it
 * then. Repeating an erasure with nothing written since records nothing and answers the same.
 */
export async function eraseUser(
  deps: CommandDeps,
  caller: Caller,
  userId: string,
): Promise<Written<Erasure>> {
  const self = caller.actor.user_id === userId;
  if (!self && !caller.roles.some((role) => ERASURE_ROLES.includes(role)))
    throw new ErasureForbidden(`only the user themself or a ${ERASURE_ROLES.join(' or ')} may erase a user`);
  if (!deps.keys) throw new Error('erasure needs a key store');
  const now = deps.now();
  const { deletedKeys } = await deps.keys.erase(userId, now);
  const outcome = await deps.users.execute(
    userId,
    (state) =>
      decideUser(
        {
          type: 'EraseUser',
          user_id: userId,
          erased_by: caller.actor.user_id,
          deleted_keys: deletedKeys,
          now,
        },
        state,
      ),
    (state) => state.erased ?? { by: caller.actor.user_id, at: now },
  );
  deps.profiles.forget(userId);
  const value: Erasure = {
    user_id: userId,
    erased_by: outcome.decided.by,
    erased_at: outcome.decided.at,
    already_erased: outcome.events.length === 0,
  };
  return written(value, outcome);
}
