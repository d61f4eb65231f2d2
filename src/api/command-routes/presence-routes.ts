import type { CommandDeps } from '../../commands/deps';
import { setPresence, setTyping } from '../../commands/presence-handlers';
import type { AbuseLimits } from '../../limits/user-limits';
import { type Route, route } from '../route';
import * as s from '../schemas';
import { notFound, P, problem, tooManyRequests } from './documentation';

/** Typing (ephemeral) and a user's chosen status. */
export function presenceRoutes(deps: CommandDeps, limits: AbuseLimits): Route[] {
  return [
    route({
      method: 'post',
      command: 'set_typing',
      path: `${P}/typing`,
      operationId: 'setTyping',
      tag: 'typing and presence',
      summary: 'Say that you are typing (or stopped). Ephemeral: never stored in history.',
      body: s.TypingBody,
      responses: {
        200: { description: 'published', schema: s.Typing },
        403: problem('`timed_out`: an admin timed you out here; `until` says until when'),
        ...notFound,
        ...tooManyRequests(
          'over the per-user typing rate, shared with typing frames on WebSockets (code `rate_limited`)',
        ),
      },
      async handle({ body, caller }) {
        limits.typing.admit(caller.actor.user_id);
        return {
          status: 200,
          body: await setTyping(deps, caller.actor, body.conversation_id, body.is_typing),
        };
      },
    }),
    route({
      method: 'post',
      command: 'set_presence',
      path: `${P}/presence`,
      operationId: 'setPresence',
      tag: 'typing and presence',
      writes: 'user',
      summary: 'Set your status (online, away, busy, offline) and status message',
      body: s.PresenceBody,
      responses: { 200: { description: 'set', schema: s.Presence } },
      async handle({ body, caller }) {
        const written = await setPresence(deps, caller.actor, body.status, body.status_message ?? null);
        return { status: 200, body: written.value, position: written.position };
      },
    }),
  ];
}
