import { z } from 'zod';
import { NotAParticipant } from '../domain/errors';
import type { ReadModels } from '../readmodels/port';
import type { Consistency } from './consistency';
import { encodeConversationCursor } from './conversation-cursor';
import { earliestPosition, existingSeq } from './message-lookup';
import { type Route, route } from './route';
import * as s from './schemas';

const P = '/api/v1/chat';
const problem = (description: string) => ({ description, schema: s.Problem });
const notFound = { 404: problem('unknown conversation, or the caller is not a participant') };

/** The seed's queries, served from the read models. Lists are bare JSON arrays; paging hints are headers. */
export function queryRoutes(
  readModels: ReadModels,
  consistency: Consistency,
  connectedUsers: () => string[],
  positionPattern: RegExp,
): Route[] {
  const position = s.positionIn(positionPattern);
  const member = async (conversationId: string, userId: string) => {
    if (!(await readModels.isParticipant(conversationId, userId)))
      throw new NotAParticipant('conversation not found');
  };
  return [
    route({
      method: 'get',
      path: `${P}/conversations`,
      operationId: 'listConversations',
      tag: 'conversations',
      summary:
        'Your conversations, most recently active first, with unread counts and the last message; `limit` per page (1 to 200, default 50), `before` pages on. Header X-Next-Before when more follow.',
      query: s.conversationsQuery(position),
      responses: {
        200: {
          description: 'conversations',
          schema: z.array(s.ConversationSummary),
          headers: {
            'X-Next-Before': {
              description: 'the `before` of the next page; absent on the last page',
              schema: z.string(),
            },
          },
        },
      },
      async handle({ query, caller, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        const page = await readModels.conversationsOf(caller.actor.user_id, {
          before: query.before,
          limit: query.limit,
        });
        if (page.next) ctx.set('X-Next-Before', encodeConversationCursor(page.next));
        return { status: 200, body: page.conversations };
      },
    }),
    route({
      method: 'get',
      path: `${P}/conversations/:conversation_id`,
      operationId: 'getConversation',
      tag: 'conversations',
      summary: 'One of your conversations, with its unread count',
      params: s.ConversationParams,
      query: s.consistencyQuery(position),
      responses: {
        200: { description: 'conversation', schema: s.ConversationSummary },
        ...notFound,
      },
      async handle({ params, query, caller, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        const found = await readModels.conversationOf(caller.actor.user_id, params.conversation_id);
        if (!found) throw new NotAParticipant('conversation not found');
        return { status: 200, body: found };
      },
    }),
    route({
      method: 'get',
      path: `${P}/conversations/:conversation_id/participants`,
      operationId: 'listParticipants',
      tag: 'conversations',
      summary: 'Participants with their role and read receipts (last message read)',
      params: s.ConversationParams,
      query: s.consistencyQuery(position),
      responses: {
        200: { description: 'participants', schema: z.array(s.ParticipantDetail) },
        ...notFound,
      },
      async handle({ params, query, caller, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        await member(params.conversation_id, caller.actor.user_id);
        return { status: 200, body: await readModels.participants(params.conversation_id) };
      },
    }),
    route({
      method: 'get',
      path: `${P}/conversations/:conversation_id/messages`,
      operationId: 'listMessages',
      tag: 'messages',
      summary:
        'Message history, newest first; `before_id` (exclusive) pages back. Headers: X-Next-Before-Id when older messages exist, X-Consistency-Token for the position the page reflects.',
      params: s.ConversationParams,
      query: s.messagesQuery(position),
      responses: {
        200: {
          description: 'messages',
          schema: z.array(s.Message),
          headers: {
            'X-Next-Before-Id': {
              description: 'the `before_id` of the next page; absent on the last page',
              schema: z.string(),
            },
            'X-Consistency-Token': {
              description: 'the position of the event log this page reflects',
              schema: z.string(),
            },
          },
        },
        404: problem(
          'unknown conversation, or the caller is not a participant, or a `before_id` of another conversation',
        ),
      },
      async handle({ params, query, caller, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        // Read the position first: the page then reflects at least that much of the log (its messages
        // from history, their reactions and replies from annotations).
        const position = earliestPosition(consistency, ['history', 'annotations']);
        await member(params.conversation_id, caller.actor.user_id);
        const beforeSeq =
          query.before_id === undefined
            ? undefined
            : await existingSeq(readModels, params.conversation_id, query.before_id);
        const page = await readModels.messages(params.conversation_id, {
          beforeSeq,
          limit: query.limit,
          viewer: caller.actor.user_id,
        });
        const oldest = page.messages[page.messages.length - 1];
        if (page.hasMore && oldest) ctx.set('X-Next-Before-Id', oldest.id);
        return { status: 200, body: page.messages, position };
      },
    }),
    route({
      method: 'get',
      path: `${P}/me`,
      operationId: 'getMe',
      tag: 'users',
      summary:
        "Who you are: your user id, display name and avatar (the token's claims, else your recorded profile) and roles",
      responses: { 200: { description: 'the caller', schema: s.Me } },
      async handle({ caller }) {
        const { claimed } = caller;
        const { user_id } = caller.actor;
        const recorded = !claimed.name || !claimed.picture ? await readModels.presenceOf(user_id) : undefined;
        const body = {
          user_id,
          username: claimed.name ? caller.actor.username : (recorded?.username ?? user_id),
          user_avatar: claimed.picture ? caller.actor.user_avatar : (recorded?.user_avatar ?? null),
          roles: caller.roles,
        };
        return { status: 200, body };
      },
    }),
    route({
      method: 'get',
      path: `${P}/users/online`,
      operationId: 'listOnlineUsers',
      tag: 'typing and presence',
      summary: 'Users connected over WebSocket (on any node) or whose chosen status is online, away or busy',
      query: s.consistencyQuery(position),
      responses: { 200: { description: 'users', schema: z.array(s.OnlineUser) } },
      async handle({ query, ctx }) {
        await consistency.awaitToken(ctx, query.consistency_token);
        const chosen = await readModels.onlineUsers();
        const listed = new Set(chosen.map((u) => u.user_id));
        const connected = await Promise.all(
          connectedUsers()
            .filter((id) => !listed.has(id))
            .map(async (id) => {
              const known = await readModels.presenceOf(id);
              // Chose offline (a chosen status has last_active): invisible, as their presence frames say.
              if (known?.status === 'offline' && known.last_active !== null) return undefined;
              return {
                ...(known ?? {
                  user_id: id,
                  username: null,
                  user_avatar: null,
                  status_message: null,
                  last_active: null,
                  updated_at: null,
                }),
                status: 'online',
              };
            }),
        );
        return { status: 200, body: [...chosen, ...connected.filter((u) => u !== undefined)] };
      },
    }),
  ];
}
