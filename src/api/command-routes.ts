import { z } from 'zod';
import {
  addParticipant,
  archiveConversation,
  changeParticipant,
  createConversation,
  removeParticipant,
  updateConversation,
} from '../commands/conversation-handlers';
import type { CommandDeps } from '../commands/deps';
import {
  deleteMessage,
  editMessage,
  markRead,
  sendDirectMessage,
  sendMessage,
} from '../commands/message-handlers';
import { setPresence, setTyping } from '../commands/presence-handlers';
import type { ConversationEventOf } from '../domain/conversation/events';
import type { AbuseLimits } from '../limits/user-limits';
import { conversationView, messageView } from '../views/presenters';
import { HttpProblem } from '../views/problem';
import { type LinkSpec, type Route, route } from './route';
import * as s from './schemas';

const P = '/api/v1/chat';
const problem = (description: string) => ({ description, schema: s.Problem });
const notFound = { 404: problem('unknown conversation or message, or the caller is not a participant') };
const archived = '`conversation_archived`: the conversation is archived';

/** What an answer that names a conversation leads to. */
function conversationLinks(id: string): Record<string, LinkSpec> {
  const at = { conversation_id: id };
  return {
    GetConversation: { operationId: 'getConversation', parameters: at },
    ListParticipants: { operationId: 'listParticipants', parameters: at },
    ListMessages: { operationId: 'listMessages', parameters: at },
    SendMessage: { operationId: 'sendMessage', requestBody: { conversation_id: id, content: 'hello' } },
    SetTyping: { operationId: 'setTyping', requestBody: { conversation_id: id, is_typing: true } },
    // Up to the latest message: a message id from elsewhere would name no message of this one.
    MarkRead: { operationId: 'markRead', parameters: at, requestBody: { message_id: null } },
    UpdateConversation: { operationId: 'updateConversation', parameters: at },
    AddParticipant: { operationId: 'addParticipant', parameters: at },
    ArchiveConversation: { operationId: 'archiveConversation', parameters: at },
    AuditEvents: { operationId: 'auditConversationEvents', parameters: at },
  };
}
/** What an answer that is a message leads to. */
const MESSAGE_LINKS: Record<string, LinkSpec> = {
  EditMessage: { operationId: 'editMessage', parameters: { message_id: '$response.body#/id' } },
  DeleteMessage: { operationId: 'deleteMessage', parameters: { message_id: '$response.body#/id' } },
  MarkReadUpTo: {
    operationId: 'markRead',
    parameters: { conversation_id: '$response.body#/conversation_id' },
    requestBody: { message_id: '$response.body#/id' },
  },
  Reply: {
    operationId: 'sendMessage',
    requestBody: {
      conversation_id: '$response.body#/conversation_id',
      content: 'a reply',
      reply_to_id: '$response.body#/id',
    },
  },
  ListMessages: {
    operationId: 'listMessages',
    parameters: { conversation_id: '$response.body#/conversation_id' },
  },
  MessageHistory: { operationId: 'auditMessageHistory', parameters: { message_id: '$response.body#/id' } },
};
/** What an answer that names a participant leads to. */
const PARTICIPANT_LINKS: Record<string, LinkSpec> = {
  ChangeParticipant: {
    operationId: 'changeParticipant',
    parameters: { conversation_id: '$response.body#/conversation_id', user_id: '$response.body#/user_id' },
  },
  RemoveParticipant: {
    operationId: 'removeParticipant',
    parameters: { conversation_id: '$response.body#/conversation_id', user_id: '$response.body#/user_id' },
  },
};
const tooManyRequests = (description: string) => ({
  429: {
    ...problem(description),
    headers: {
      'Retry-After': {
        description: 'whole seconds to wait before the request can succeed',
        schema: z.number().int().min(1),
      },
    },
  },
});

/**
 * A send's keys: `client_message_id` (echoed to the client) and the `Idempotency-Key` header. With
 * only one, it is the client_message_id; with two different ones, the send repeats an earlier one when
 * either matches (an HTTP library may add a fresh header to every request while the app keeps its
 * client_message_id).
 */
function sendKeys(
  header: string | undefined,
  bodyKey: string | null | undefined,
): { client_message_id: string | null; idempotency_key: string | null } {
  if (header !== undefined && (header.length === 0 || header.length > 128)) {
    throw new HttpProblem(400, 'invalid_request', 'Idempotency-Key: must be 1 to 128 characters');
  }
  const client_message_id = bodyKey ?? header ?? null;
  const idempotency_key = header !== undefined && header !== client_message_id ? header : null;
  return { client_message_id, idempotency_key };
}

/**
 * A retried send (same Idempotency-Key) counts against the send rate like any send: it costs the
 * server a decision and a read of the original, a client retries rarely, and when limited it is told
 * when to retry, with the key guaranteeing the message is still created once.
 */
export function commandRoutes(deps: CommandDeps, limits: AbuseLimits): Route[] {
  const { maxParticipants } = limits;
  const admitNewConversation = (userId: string) => () => limits.conversations.admit(userId);
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
          { maxParticipants, admitNewConversation: admitNewConversation(caller.actor.user_id) },
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
        403: problem('not an admin, or a direct conversation'),
        ...notFound,
        409: problem(archived),
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
        return {
          status: 200,
          body: { conversation_id: params.conversation_id, user_id: params.user_id, ...body },
          position: written.position,
        };
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
        return {
          status: 200,
          body: { conversation_id: params.conversation_id, user_id: params.user_id, removed: true },
          position: written.position,
        };
      },
    }),
    route({
      method: 'post',
      command: 'send_message',
      path: `${P}/messages`,
      operationId: 'sendMessage',
      tag: 'messages',
      writes: 'conversation',
      summary:
        'Send a message. Retries with the same Idempotency-Key (or client_message_id) create one message.',
      body: s.SendMessageBody,
      responses: {
        201: {
          description: 'sent (or the original message, for a retried key)',
          schema: s.Message,
          links: MESSAGE_LINKS,
        },
        ...notFound,
        409: problem(archived),
        413: problem('content longer than 10,000 characters'),
        422: problem('idempotency key reused with a different body'),
        ...tooManyRequests('over the per-user send rate (code `rate_limited`); nothing was written'),
      },
      async handle({ body, caller, ctx }) {
        const keys = sendKeys(ctx.get('Idempotency-Key') || undefined, body.client_message_id);
        limits.sends.admit(caller.actor.user_id);
        const written = await sendMessage(deps, caller.actor, {
          conversation_id: body.conversation_id,
          content: body.content,
          message_type: body.message_type,
          reply_to_id: body.reply_to_id ?? null,
          ...keys,
        });
        return { status: 201, body: messageView(written.value), position: written.position };
      },
    }),
    route({
      method: 'put',
      command: 'edit_message',
      path: `${P}/messages/:message_id`,
      operationId: 'editMessage',
      tag: 'messages',
      writes: 'conversation',
      summary: 'Edit your own message',
      params: s.MessageParams,
      body: s.EditMessageBody,
      responses: {
        200: {
          description: 'edited',
          schema: s.EditedMessage,
          links: { DeleteMessage: MESSAGE_LINKS.DeleteMessage as LinkSpec },
        },
        403: problem('not the author'),
        ...notFound,
        409: problem(`\`message_deleted\`: the message was deleted, or ${archived}`),
        413: problem('content longer than 10,000 characters'),
      },
      async handle({ params, body, caller }) {
        const { value, position } = await editMessage(deps, caller.actor, params.message_id, body.content);
        const view = { id: value.message_id, conversation_id: value.conversation_id, user_id: value.user_id };
        return {
          status: 200,
          body: { ...view, content: value.content, is_edited: true, edited_at: value.edited_at },
          position,
        };
      },
    }),
    route({
      method: 'delete',
      command: 'delete_message',
      path: `${P}/messages/:message_id`,
      operationId: 'deleteMessage',
      tag: 'messages',
      writes: 'conversation',
      summary: 'Delete a message (its author or an admin). The message keeps its place, without content.',
      params: s.MessageParams,
      responses: {
        200: { description: 'deleted', schema: s.DeletedMessage },
        403: problem('not the author or an admin'),
        ...notFound,
      },
      async handle({ params, caller }) {
        const { value, position } = await deleteMessage(deps, caller.actor, params.message_id);
        const body = {
          id: value.message_id,
          conversation_id: value.conversation_id,
          is_deleted: true,
          deleted_by: value.deleted_by,
          deleted_at: value.deleted_at,
        };
        return { status: 200, body, position };
      },
    }),
    route({
      method: 'post',
      command: 'mark_read',
      path: `${P}/conversations/:conversation_id/read`,
      operationId: 'markRead',
      tag: 'messages',
      writes: 'conversation',
      summary: 'Mark the conversation read, up to its latest message or up to message_id',
      params: s.ConversationParams,
      body: s.MarkReadBody,
      responses: { 200: { description: 'read', schema: s.ReadReceipt }, ...notFound },
      async handle({ params, body, caller }) {
        const { value, position } = await markRead(
          deps,
          caller.actor,
          params.conversation_id,
          body.message_id ?? null,
        );
        return { status: 200, body: value, position };
      },
    }),
    route({
      method: 'post',
      command: 'send_direct_message',
      path: `${P}/direct`,
      operationId: 'sendDirectMessage',
      tag: 'messages',
      writes: 'conversation',
      summary: 'Send a direct message; the conversation of the pair is created on first use',
      body: s.DirectMessageBody,
      responses: {
        201: { description: 'sent', schema: s.Message, links: MESSAGE_LINKS },
        400: problem('invalid input, or a message to yourself (code `cannot_message_yourself`)'),
        413: problem('content longer than 10,000 characters'),
        422: problem('idempotency key reused'),
        ...tooManyRequests(
          'over the per-user send rate (`rate_limited`), or a first message to a new recipient over the new-conversation rate (`too_many_conversations`); nothing was written',
        ),
      },
      async handle({ body, caller, ctx }) {
        const userId = caller.actor.user_id;
        const keys = sendKeys(ctx.get('Idempotency-Key') || undefined, body.client_message_id);
        limits.sends.admit(userId);
        const written = await sendDirectMessage(
          deps,
          caller.actor,
          {
            recipient_user_id: body.recipient_user_id,
            content: body.content,
            message_type: body.message_type,
            ...keys,
          },
          { maxParticipants, admitNewConversation: admitNewConversation(userId) },
        );
        return { status: 201, body: messageView(written.value), position: written.position };
      },
    }),
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
