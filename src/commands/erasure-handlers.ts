import { ErasureForbidden } from '../domain/errors';
import { decideUser } from '../domain/user/decider';
import type { CommandDeps } from './deps';
import { type Written, written } from './written';

/** What an erasure answers: that it happened, by whom, when. */
export interface Erasure {
  user_id: string;
  erased_by: string;
  erased_at: string;
  /** Nothing had been written since the last erasure, so this one recorded nothing. */
  already_erased: boolean;
}

/** Who asks for an erasure. */
export interface Requester {
  user_id: string;
  roles: readonly string[];
}

/** Roles that may erase another user's personal data. */
export const ERASURE_ROLES: readonly string[] = ['privacy_officer', 'operator'];

/**
 * Erases a user's personal data by deleting their data keys (crypto-shredding) and their uploaded
 * files, then records
 * `UserErased` in `user-<id>`. Keys go first: if the record fails, a retry finds no keys and records it
 * then. Repeating an erasure with nothing written since records nothing and answers the same.
 */
export async function eraseUser(
  deps: CommandDeps,
  caller: Requester,
  userId: string,
): Promise<Written<Erasure>> {
  const self = caller.user_id === userId;
  if (!self && !caller.roles.some((role) => ERASURE_ROLES.includes(role)))
    throw new ErasureForbidden(`only the user themself or a ${ERASURE_ROLES.join(' or ')} may erase a user`);
  if (!deps.keys) throw new Error('erasure needs a key store');
  const now = deps.now();
  const { deletedKeys } = await deps.keys.erase(userId, now);
  // Files are not encrypted: their bytes go with the keys, before the erasure is recorded, so that a
  // retry after a failure here removes what is left.
  await deps.uploads?.removeOwnedBy?.(userId);
  const outcome = await deps.users.execute(
    userId,
    (state) =>
      decideUser(
        {
          type: 'EraseUser',
          user_id: userId,
          erased_by: caller.user_id,
          deleted_keys: deletedKeys,
          now,
        },
        state,
      ),
    (state) => state.erased ?? { by: caller.user_id, at: now },
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
