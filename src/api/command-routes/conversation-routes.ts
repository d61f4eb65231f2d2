import {
  archiveConversation,
  createConversation,
  updateConversation,
} from '../../commands/conversation-handlers';
import type { CommandDeps } from '../../commands/deps';
import type { ConversationEventOf } from '../../domain/conversation/events';
import type { AbuseLimits } from '../../limits/user-limits';
import { conversationView } from '../../views/presenters';
import { type Route, route } from '../route';
import * as s from '../schemas';
import { creationLimits } from './conversation-limits';
import { archived, conversationLinks, notFound, P, problem, tooManyRequests } from './documentation';

/** Creating, changing and archiving conversations. */
export function conversationRoutes(deps: CommandDeps, limits: AbuseLimits): Route[] {
  return [
    route({
      method: 'post',
      command: 'create_conversation',
      path: `${P}/conversations`,
      operationId: 'createConversation',
      tag: 'conversations',
      writes: 'conversation',
      summary: 'Create a group conversation, or open the direct conversation with one other user',
      body: s.CreateConversationBody,
      responses: {
        201: {
          description: 'created',
          schema: s.Conversation,
          links: conversationLinks('$response.body#/id'),
        },
        200: {
          description: 'the direct conversation of this pair already existed',
          schema: s.Conversation,
          links: conversationLinks('$response.body#/id'),
        },
        400: problem(
          'invalid input (a direct conversation names exactly one other user, not yourself), or more participants than the cap (code `too_many_participants`)',
        ),
        403: problem(
          '`blocked`: a direct conversation of two users one of whom blocks the other, or a group naming a user who blocks you',
        ),
        ...tooManyRequests(
          'too many conversations created (code `too_many_conversations`): a group always counts, a direct conversation when it is new',
        ),
      },
      async handle({ body, caller }) {
        const written = await createConversation(
          deps,
          caller.actor,
          {
            conversation_type: body.conversation_type,
            name: body.name ?? null,
            description: body.description ?? null,
            avatar_url: body.avatar_url ?? null,
            participant_ids: body.participant_ids,
          },
          creationLimits(limits, caller.actor.user_id),
        );
        return {
          status: written.created ? 201 : 200,
          body: conversationView(written.value),
          position: written.position,
        };
      },
    }),
    route({
      method: 'patch',
      command: 'update_conversation',
      path: `${P}/conversations/:conversation_id`,
      operationId: 'updateConversation',
      tag: 'conversations',
      writes: 'conversation',
      summary: 'Rename or describe a group conversation (admins)',
      params: s.ConversationParams,
      body: s.UpdateConversationBody,
      responses: {
        200: { description: 'updated', schema: s.ConversationChange },
        403: problem('not an admin, or a direct conversation'),
        ...notFound,
        409: problem(archived),
      },
      async handle({ params, body, caller }) {
        const written = await updateConversation(deps, caller.actor, params.conversation_id, body);
        const updated = written.value[0] as ConversationEventOf<'ConversationUpdated'> | undefined;
        return {
          status: 200,
          body: { id: params.conversation_id, ...body, updated_at: updated?.data.updated_at ?? null },
          position: written.position,
        };
      },
    }),
    route({
      method: 'post',
      command: 'archive_conversation',
      path: `${P}/conversations/:conversation_id/archive`,
      operationId: 'archiveConversation',
      tag: 'conversations',
      writes: 'conversation',
      summary: 'Archive a group conversation: it accepts no more messages (admins)',
      params: s.ConversationParams,
      responses: {
        200: { description: 'archived', schema: s.ConversationChange },
        403: problem('not an admin, or a direct conversation'),
        ...notFound,
      },
      async handle({ params, caller }) {
        const written = await archiveConversation(deps, caller.actor, params.conversation_id);
        const archived = written.value[0] as ConversationEventOf<'ConversationArchived'> | undefined;
        return {
          status: 200,
          body: {
            id: params.conversation_id,
            is_active: false,
            updated_at: archived?.data.archived_at ?? null,
          },
          position: written.position,
        };
      },
    }),
  ];
}
