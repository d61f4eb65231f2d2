import type { CommandDeps } from '../../commands/deps';
import {
  deleteMessage,
  editMessage,
  forwardMessage,
  markRead,
  sendDirectMessage,
  sendMessage,
} from '../../commands/message-handlers';
import type { AbuseLimits } from '../../limits/user-limits';
import { messageView } from '../../views/presenters';
import { HttpProblem } from '../../views/problem';
import { type LinkSpec, type Route, route } from '../route';
import * as s from '../schemas';
import { creationLimits } from './conversation-limits';
import { archived, MESSAGE_LINKS, notFound, P, problem, tooManyRequests } from './documentation';

const ATTACHMENTS_400 =
  'attachments on a message that is not `image` or `file`, a non-image in an `image` message, more than 10 or one named twice (code `invalid_attachments`)';
const ATTACHMENT_404 = 'an attachment id that names no upload of yours (code `attachment_not_found`)';

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
 * Sending (to a conversation or directly), editing, deleting and reading messages. A retried send (same
 * Idempotency-Key) counts against the send rate like any send: it costs the server a decision and a
 * read of the original, a client retries rarely, and when limited it is told when to retry, with the
 * key guaranteeing the message is still created once.
 */
export function messageRoutes(deps: CommandDeps, limits: AbuseLimits): Route[] {
  return [
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
        400: problem(ATTACHMENTS_400),
        403: problem(
          `${'`timed_out`: an admin timed you out here (`until` says until when)'}; or ${'`blocked`: you or the other member of this direct conversation blocks the other'}`,
        ),
        404: problem(`${notFound[404].description}; or ${ATTACHMENT_404}`),
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
          content: body.content ?? '',
          message_type: body.message_type,
          reply_to_id: body.reply_to_id ?? null,
          ...keys,
          ...(body.attachment_ids && { attachment_ids: body.attachment_ids }),
        });
        return { status: 201, body: messageView(written.value), position: written.position };
      },
    }),
    route({
      method: 'post',
      command: 'forward_message',
      path: `${P}/messages/:message_id/forward`,
      operationId: 'forwardMessage',
      tag: 'messages',
      writes: 'conversation',
      summary:
        'Forward a message you can see into another conversation you take part in: a new message with its current content and `forwarded_from`. Keyed and limited like a send.',
      params: s.MessageParams,
      body: s.ForwardMessageBody,
      responses: {
        201: { description: 'the copy (or the original copy, for a retried key)', schema: s.Message },
        403: problem(
          '`timed_out`: an admin timed you out here (`until` says until when) in the target; or `blocked`: you or the other member of this direct conversation blocks the other',
        ),
        404: problem(
          'unknown message, or one you cannot see; unknown target conversation, or one you are not part of',
        ),
        409: problem(
          `\`message_deleted\`: the message was deleted; \`nothing_to_forward\`: its author was erased, so it has no content left; or the target's ${archived}`,
        ),
        422: problem('idempotency key reused with a different body'),
        ...tooManyRequests('over the per-user send rate (code `rate_limited`); nothing was written'),
      },
      async handle({ params, body, caller, ctx }) {
        const keys = sendKeys(ctx.get('Idempotency-Key') || undefined, body.client_message_id);
        limits.sends.admit(caller.actor.user_id);
        const written = await forwardMessage(deps, caller.actor, params.message_id, {
          conversation_id: body.conversation_id,
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
        403: problem('not the author, or `timed_out`: an admin timed you out here (`until` says until when)'),
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
        400: problem(
          `invalid input, or a message to yourself (code \`cannot_message_yourself\`); or ${ATTACHMENTS_400}`,
        ),
        404: problem(ATTACHMENT_404),
        403: problem(
          '`blocked`: one of you blocks the other; or `timed_out`: an admin timed you out here (`until` says until when)',
        ),
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
            content: body.content ?? '',
            message_type: body.message_type,
            ...keys,
            ...(body.attachment_ids && { attachment_ids: body.attachment_ids }),
          },
          creationLimits(limits, userId),
        );
        return { status: 201, body: messageView(written.value), position: written.position };
      },
    }),
  ];
}
