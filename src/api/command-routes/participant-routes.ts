import { addParticipant, changeParticipant, removeParticipant } from '../../commands/conversation-handlers';
import type { CommandDeps } from '../../commands/deps';
import type { ConversationEventOf } from '../../domain/conversation/events';
import type { AbuseLimits } from '../../limits/user-limits';
import { type Reply, type Route, route } from '../route';
import * as s from '../schemas';
import { archived, notFound, P, PARTICIPANT_LINKS, problem } from './documentation';

/** Adding, changing and removing participants. */
export function participantRoutes(deps: CommandDeps, limits: AbuseLimits): Route[] {
  const { maxParticipants } = limits;
  return [
    route({
      method: 'post',
      command: 'add_participant',
      path: `${P}/conversations/:conversation_id/participants`,
      operationId: 'addParticipant',
      tag: 'conversations',
      writes: 'conversation',
      summary: 'Add a participant (admins). Unknown user ids are accepted: users are known by their tokens.',
      params: s.ConversationParams,
      body: s.AddParticipantBody,
      responses: {
        201: { description: 'added', schema: s.Participant, links: PARTICIPANT_LINKS },
        200: { description: 'already a participant', schema: s.Participant, links: PARTICIPANT_LINKS },
        400: problem('invalid input, or the conversation is full (code `too_many_participants`)'),
        403: problem('not an admin, or a direct conversation, or (`blocked`) the user blocks you'),
        ...notFound,
        409: problem(`${archived}; or \`user_banned\`: the user is banned here (unban them first)`),
      },
      async handle({ params, body, caller }) {
        const written = await addParticipant(
          deps,
          caller.actor,
          params.conversation_id,
          body.user_id,
          body.role,
          { maxParticipants },
        );
        const added = written.value[0] as ConversationEventOf<'ParticipantAdded'> | undefined;
        return {
          status: added ? 201 : 200,
          body: {
            conversation_id: params.conversation_id,
            user_id: body.user_id,
            role: added?.data.role ?? body.role,
            joined_at: added?.data.added_at ?? null,
          },
          position: written.position,
        };
      },
    }),
    route({
      method: 'patch',
      command: 'change_participant',
      path: `${P}/conversations/:conversation_id/participants/:user_id`,
      operationId: 'changeParticipant',
      tag: 'conversations',
      writes: 'conversation',
      summary: "Change a participant's role (admins) or mute the conversation for yourself",
      params: s.ParticipantParams,
      body: s.ChangeParticipantBody,
      responses: {
        200: { description: 'changed', schema: s.ParticipantChange },
        403: problem('not allowed'),
        ...notFound,
        409: problem(`${archived}, or \`last_admin\`: the last admin cannot step down`),
      },
      async handle({ params, body, caller }) {
        const written = await changeParticipant(
          deps,
          caller.actor,
          params.conversation_id,
          params.user_id,
          body,
        );
        return participantChanged(params, body, written.position);
      },
    }),
    route({
      method: 'delete',
      command: 'remove_participant',
      path: `${P}/conversations/:conversation_id/participants/:user_id`,
      operationId: 'removeParticipant',
      tag: 'conversations',
      writes: 'conversation',
      summary: 'Remove a participant (admins), or leave (yourself; the last admin names a successor_id)',
      params: s.ParticipantParams,
      query: s.RemoveParticipantQuery,
      responses: {
        200: { description: 'removed', schema: s.ParticipantChange },
        403: problem('not an admin, or a direct conversation'),
        ...notFound,
        409: problem('`last_admin`: the last admin must name a successor_id'),
      },
      async handle({ params, query, caller }) {
        const written = await removeParticipant(
          deps,
          caller.actor,
          params.conversation_id,
          params.user_id,
          query.successor_id ?? null,
        );
        return participantChanged(params, { removed: true }, written.position);
      },
    }),
  ];
}

/** A change to a participant answers who it was and what changed, with the position written. */
function participantChanged(
  params: { conversation_id: string; user_id: string },
  change: object,
  position: Reply['position'],
): Reply {
  return {
    status: 200,
    body: { conversation_id: params.conversation_id, user_id: params.user_id, ...change },
    position,
  };
}
