import { Readable } from 'node:stream';
import type Koa from 'koa';
import { z } from 'zod';
import { type AuditWhat, recordAuditRead } from '../audit/audit-log';
import { messageHistory } from '../audit/message-history';
import {
  conversationStream,
  firstRevisionAfter,
  readStreamUpTo,
  streamHead,
  streamPages,
} from '../audit/stream-queries';
import { type AuditedEvent, timeTravel } from '../audit/time-travel';
import type { Caller } from '../auth/caller';
import { parseMessageId } from '../domain/ids';
import type { EventStore, RecordedEvent } from '../eventstore/port';
import { HttpProblem } from '../views/problem';
import { type Route, route } from './route';
import * as s from './schemas';

const P = '/api/v1/audit';
const AUDITOR = { name: 'auditor', code: 'auditor_role_required' };
const NDJSON = 'application/x-ndjson';

const problem = (description: string) => ({ description, schema: s.Problem });

export const AuditEvent = z.object({
  position: z.string(),
  revision: z.number().int(),
  event_id: z.string(),
  recorded_at: z.string(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
});

const eventsQuery = (position: z.ZodString) =>
  z.strictObject({
    after: position.optional().describe('exclusive: only events after this position'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    format: z
      .enum(['json', 'ndjson'])
      .optional()
      .describe(
        'ndjson streams every event (after `after`), one JSON object per line; so does Accept: application/x-ndjson',
      ),
  });
const stateQuery = (position: z.ZodString) =>
  z
    .strictObject({
      as_of: z.iso.datetime({ offset: true }).optional().describe('an instant (ISO-8601)'),
      position: position.optional().describe('a position of this conversation (inclusive)'),
    })
    .refine(
      (q) => (q.as_of === undefined) !== (q.position === undefined),
      'give exactly one of as_of and position',
    )
    // The refinement above, for the document.
    .meta({
      title: 'when',
      // Both present match both branches, which oneOf refuses.
      oneOf: [{ required: ['as_of'] }, { required: ['position'] }],
    });

const ConversationAsOf = z.object({
  conversation: z.record(z.string(), z.unknown()).nullable(),
  participants: z.array(
    z.object({
      user_id: z.string(),
      role: z.string(),
      is_muted: z.boolean(),
      last_read_seq: z.number(),
      timed_out_until: z.string().nullable(),
    }),
  ),
  banned: z.array(
    z.object({
      user_id: z.string(),
      banned_by: z.string(),
      banned_at: z.string(),
      reason: z.string().nullable(),
    }),
  ),
  messages: z.array(z.record(z.string(), z.unknown())),
  unread: z.array(z.object({ user_id: z.string(), count: z.number() })),
  position: z.string().nullable(),
  as_of: z.string().nullable(),
  event_count: z.number(),
});
const MessageHistory = z.object({
  message_id: z.string(),
  conversation_id: z.string(),
  versions: z.array(
    z.object({
      kind: z.enum(['sent', 'edited', 'deleted']),
      version: z.number().optional(),
      content: z.string().optional(),
      by: z.string(),
      username: z.string().optional(),
      at: z.string(),
      position: z.string(),
      recorded_at: z.string(),
    }),
  ),
});

/**
 * The audit API: the raw history of a conversation, time travel, and the versions of a message. Only
 * callers with the `auditor` role get in, and each read is recorded in `auditaccess-<auditor>` before
 * it is answered.
 */
export function auditRoutes(store: EventStore): Route[] {
  const position = s.positionIn(store.positionPattern);
  const record = (
    caller: Caller,
    what: AuditWhat,
    which: { conversationId: string; messageId?: string },
    query: Record<string, unknown>,
  ) =>
    recordAuditRead(store, {
      auditorId: caller.actor.user_id,
      what,
      conversationId: which.conversationId,
      messageId: which.messageId ?? null,
      query: definedOnly(query),
    });

  return [
    route({
      method: 'get',
      path: `${P}/conversations/:conversation_id/events`,
      operationId: 'auditConversationEvents',
      tag: 'audit',
      summary:
        'Every event of a conversation in log order, with the original content of edited and deleted messages. Paged by position (`after`, exclusive; header X-Next-After when more). With `Accept: application/x-ndjson` or `format=ndjson`, streams every event as NDJSON.',
      role: AUDITOR,
      params: s.ConversationParams,
      query: eventsQuery(position),
      responses: {
        200: {
          description: 'events (JSON array, or NDJSON lines)',
          schema: z.array(AuditEvent),
          otherMediaTypes: { [NDJSON]: AuditEvent.describe('one event per line') },
          headers: {
            'X-Next-After': {
              description: 'the `after` of the next page; absent on the last page',
              schema: z.string(),
            },
          },
        },
        404: problem('unknown conversation'),
      },
      async handle({ params, query, caller, ctx }) {
        const stream = conversationStream(params.conversation_id);
        const after = query.after === undefined ? undefined : store.parsePosition(query.after);
        await mustExist(store, stream);
        const from = after === undefined ? 0 : await firstRevisionAfter(store, stream, after);
        const ndjson = query.format === 'ndjson' || (query.format === undefined && wantsNdjson(ctx));
        if (ndjson) {
          await record(
            caller,
            'conversation_events',
            { conversationId: params.conversation_id },
            {
              ...query,
              limit: undefined,
              format: 'ndjson',
            },
          );
          ctx.type = NDJSON;
          return { status: 200, body: Readable.from(ndjsonLines(store, stream, from)) };
        }
        const page = await store.readStream(stream, { fromRevision: from, maxCount: query.limit + 1 });
        const events = page.slice(0, query.limit);
        const last = events[events.length - 1];
        await record(caller, 'conversation_events', { conversationId: params.conversation_id }, query);
        if (page.length > query.limit && last) ctx.set('X-Next-After', last.position);
        return { status: 200, body: events.map(auditEvent) };
      },
    }),
    route({
      method: 'get',
      path: `${P}/conversations/:conversation_id/state`,
      operationId: 'auditConversationState',
      tag: 'audit',
      summary:
        'Time travel: the conversation as it stood at an instant (`as_of`, by the events’ own timestamps) or at a position (inclusive): participants, messages with the content they had then, unread counts.',
      role: AUDITOR,
      params: s.ConversationParams,
      query: stateQuery(position),
      responses: {
        200: { description: 'the conversation then', schema: ConversationAsOf },
        404: problem('unknown conversation'),
      },
      async handle({ params, query, caller }) {
        const stream = conversationStream(params.conversation_id);
        const position = query.position === undefined ? undefined : store.parsePosition(query.position);
        await mustExist(store, stream);
        const events = (await readStreamUpTo(store, stream, position)).map(toAudited);
        const target = position === undefined ? { asOf: query.as_of as string } : { position };
        const state = timeTravel(events, target);
        await record(caller, 'conversation_state', { conversationId: params.conversation_id }, query);
        return { status: 200, body: state };
      },
    }),
    route({
      method: 'get',
      path: `${P}/messages/:message_id/history`,
      operationId: 'auditMessageHistory',
      tag: 'audit',
      summary: 'Every version of one message: as sent, each edit and the deletion, with who and when.',
      role: AUDITOR,
      params: s.MessageParams,
      responses: {
        200: { description: 'the versions, oldest first', schema: MessageHistory },
        404: problem('unknown conversation or message'),
      },
      async handle({ params, caller }) {
        const { conversationId } = messageOf(params.message_id);
        const stream = conversationStream(conversationId);
        await mustExist(store, stream);
        const events = (await readStreamUpTo(store, stream, undefined)).map(toAudited);
        const history = messageHistory(events, params.message_id);
        if (!history) throw new HttpProblem(404, 'message_not_found', 'message not found');
        await record(caller, 'message_history', { conversationId, messageId: params.message_id }, {});
        return { status: 200, body: history };
      },
    }),
  ];
}

function auditEvent(e: RecordedEvent): z.infer<typeof AuditEvent> {
  return {
    position: e.position,
    revision: e.revision,
    event_id: e.id,
    recorded_at: e.recordedAt,
    type: e.type,
    data: e.data,
  };
}

function toAudited(e: RecordedEvent): AuditedEvent {
  return { position: e.position, recordedAt: e.recordedAt, type: e.type, data: e.data };
}

function wantsNdjson(ctx: Koa.Context): boolean {
  return (ctx.get('Accept') ?? '').toLowerCase().includes(NDJSON);
}

function definedOnly(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}

async function mustExist(store: EventStore, stream: string): Promise<void> {
  if (!(await streamHead(store, stream)))
    throw new HttpProblem(404, 'conversation_not_found', 'conversation not found');
}

async function* ndjsonLines(store: EventStore, stream: string, from: number): AsyncGenerator<string> {
  for await (const page of streamPages(store, stream, from)) {
    yield `${page.map((e) => JSON.stringify(auditEvent(e))).join('\n')}\n`;
  }
}

/** Ids are opaque: one that is not of our form names no message (404), like an unknown one. */
function messageOf(messageId: string): { conversationId: string; seq: number } {
  try {
    return parseMessageId(messageId);
  } catch {
    throw new HttpProblem(404, 'message_not_found', 'message not found');
  }
}
