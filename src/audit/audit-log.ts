import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventStore, JsonObject, Position } from '../eventstore/port';

/**
 * Every read through the audit API is itself a fact: who read what, with which query, when. It is
 * appended to `auditaccess-<auditorId>` before the answer leaves, so an unrecorded read cannot happen.
 * The chat projections and the realtime fan-out only consume `conversation-` and `user-` streams, so
 * these events change no read model and reach no socket.
 */
export const AUDIT_ACCESS_CATEGORY = 'auditaccess';

export const AuditWhat = z.enum(['conversation_events', 'conversation_state', 'message_history']);
export type AuditWhat = z.infer<typeof AuditWhat>;

export const AuditRead = z.object({
  type: z.literal('AuditRead'),
  data: z.object({
    auditor_id: z.string().min(1),
    what: AuditWhat,
    conversation_id: z.string().nullable(),
    message_id: z.string().nullable(),
    query: z.record(z.string(), z.unknown()),
    at: z.iso.datetime(),
  }),
});
export type AuditRead = z.infer<typeof AuditRead>;

export function auditStreamOf(auditorId: string): string {
  return `${AUDIT_ACCESS_CATEGORY}-${auditorId}`;
}

export interface AuditReadInput {
  auditorId: string;
  what: AuditWhat;
  conversationId: string | null;
  messageId: string | null;
  query: Record<string, unknown>;
  /** Defaults to the current time. */
  at?: string;
}

/** Appends one AuditRead event (a fresh id, no revision check: reads of one auditor never conflict). */
export async function recordAuditRead(store: EventStore, input: AuditReadInput): Promise<Position> {
  const event = AuditRead.parse({
    type: 'AuditRead',
    data: {
      auditor_id: input.auditorId,
      what: input.what,
      conversation_id: input.conversationId,
      message_id: input.messageId,
      query: input.query,
      at: input.at ?? new Date().toISOString(),
    },
  });
  const result = await store.append(
    auditStreamOf(input.auditorId),
    [{ id: randomUUID(), type: event.type, data: event.data as JsonObject }],
    'any',
  );
  return result.position;
}
