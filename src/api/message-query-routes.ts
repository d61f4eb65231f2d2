import { z } from 'zod';
import { participantVersions } from '../audit/message-versions';
import { locateMessage } from '../commands/message-handlers';
import { MessageNotFound, NotAParticipant } from '../domain/errors';
import { messageId } from '../domain/ids';
import type { EventStore } from '../eventstore/port';
import type { ReadModels } from '../readmodels/port';
import type { Consistency } from './consistency';
import { earliestPosition, existingSeq } from './message-lookup';
import { type Route, route } from './route';
import * as s from './schemas';

const P = '/api/v1/chat';
const problem = (description: string) => ({ description, schema: s.Problem });
const messageNotFound = {
  404: problem('unknown message, or the caller is not a participant of its conversation'),
};

/** Pins, threads and edit history: what participants read around messages. */
export function messageQueryRoutes(
  readModels: ReadModels,
  consistency: Consistency,
  store: EventStore,
  positionPattern: RegExp,
): Route[] {
  const position = s.positionIn(positionPattern);
  const member = async (conversationId: string, userId: string) => {
    if (!(await readModels.isParticipant(conversationId, userId)))
      throw new NotAParticipant('conversation not found');
  };
  /** The conversation and seq of a message the caller can see; 404 otherwise, whatever the reason. */
  const visibleMessage = async (id: string, userId: string) => {
    const { conversationId, seq } = locateMessage(id);
    if (!(await readModels.isParticipant(conversationId, userId)))
      throw new MessageNotFound('message not found');
    await existingSeq(readModels, conversationId, String(seq));
    return { conversationId, seq };
  };
  return [
    route({
      method: 'get',
      path: `${P}/conversations/:conversation_id/pins`,
      operationId: 'listPins',
      tag: 'conversations',
      summary: 'Pinned messages, the most recently pinned first, with who pinned each and when',
      params: s.ConversationParams,
      query: s.consistencyQuery(position),
      responses: {
        200: { description: 'pinned messages', schema: z.array(s.PinnedMessage) },
        404: problem('unknown conversation, or the caller is not a participant'),
      },
      async handle({ params, query, caller, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        await member(params.conversation_id, caller.actor.user_id);
        return { status: 200, body: await readModels.pins(params.conversation_id, caller.actor.user_id) };
      },
    }),
    route({
      method: 'get',
      path: `${P}/messages/:message_id/replies`,
      operationId: 'listReplies',
      tag: 'messages',
      summary:
        'The thread of a message: messages sent with it as reply_to_id, oldest first; `after_id` (exclusive) pages on. Header X-Next-After-Id when more follow.',
      params: s.MessageParams,
      query: s.repliesQuery(position),
      responses: {
        200: {
          description: 'replies',
          schema: z.array(s.Message),
          headers: {
            'X-Next-After-Id': {
              description: 'the `after_id` of the next page; absent on the last page',
              schema: z.string(),
            },
            'X-Consistency-Token': {
              description: 'the position of the event log this page reflects',
              schema: z.string(),
            },
          },
        },
        404: problem(
          'unknown message, or the caller is not a participant of its conversation, or an `after_id` that names no message of it',
        ),
      },
      async handle({ params, query, caller, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        const position = earliestPosition(consistency, ['history', 'annotations']);
        const { conversationId, seq } = await visibleMessage(params.message_id, caller.actor.user_id);
        const afterSeq =
          query.after_id === undefined
            ? undefined
            : await existingSeq(readModels, conversationId, query.after_id);
        const page = await readModels.replies(conversationId, seq, {
          afterSeq,
          limit: query.limit,
          viewer: caller.actor.user_id,
        });
        const newest = page.messages[page.messages.length - 1];
        if (page.hasMore && newest) ctx.set('X-Next-After-Id', newest.id);
        return { status: 200, body: page.messages, position };
      },
    }),
    route({
      method: 'get',
      path: `${P}/messages/:message_id/versions`,
      operationId: 'listMessageVersions',
      tag: 'messages',
      summary:
        'Every version of a message (as sent, then each edit), oldest first, for its participants. A deleted message shows none of its earlier content: `deleted: true` and no versions.',
      params: s.MessageParams,
      responses: { 200: { description: 'versions', schema: s.MessageVersions }, ...messageNotFound },
      async handle({ params, caller }) {
        const { conversationId, seq } = await visibleMessage(params.message_id, caller.actor.user_id);
        const found = await participantVersions(store, conversationId, seq);
        if (!found) throw new MessageNotFound('message not found');
        const body = {
          message_id: messageId(conversationId, seq),
          conversation_id: conversationId,
          ...found,
        };
        return { status: 200, body };
      },
    }),
  ];
}
