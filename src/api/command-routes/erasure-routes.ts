import type { CommandDeps } from '../../commands/deps';
import { ERASURE_ROLES, eraseUser } from '../../commands/erasure-handlers';
import { type Route, route } from '../route';
import * as s from '../schemas';
import { P, problem } from './documentation';

/** Erasure of a user's personal data (crypto-shredding, docs/privacy.md). */
export function erasureRoutes(deps: CommandDeps): Route[] {
  return [
    route({
      method: 'post',
      command: 'erase_user',
      path: `${P}/users/:user_id/erasure`,
      operationId: 'eraseUser',
      tag: 'users',
      writes: 'user',
      summary:
        `Erase a user's personal data (message content, names, avatars, status messages) by deleting their ` +
        `data key, and record that it happened. By the user themself or a caller with the ` +
        `${ERASURE_ROLES.join(' or ')} role. Idempotent: repeating it answers 200 again with \`already_erased\`.`,
      params: s.UserParams,
      responses: {
        200: { description: 'erased (or already erased)', schema: s.Erasure },
        403: problem(`\`erasure_forbidden\`: neither the user nor a ${ERASURE_ROLES.join(' or ')}`),
      },
      async handle({ params, caller }) {
        const requester = { user_id: caller.actor.user_id, roles: caller.roles };
        const erased = await eraseUser(deps, requester, params.user_id);
        return { status: 200, body: erased.value, position: erased.position };
      },
    }),
  ];
}
