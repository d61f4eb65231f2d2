import { z } from 'zod';
import { Timestamp } from '../time';

/**
 * Facts of one report of a message, stored in the stream `report-<report_id>` (DESIGN decision 19):
 * chat projections and realtime ignore the category; the reports projection and auditors read it.
 */
export const ReportOutcome = z.enum(['dismissed', 'message_deleted']);
export type ReportOutcome = z.infer<typeof ReportOutcome>;

export const MessageReported = z.object({
  type: z.literal('MessageReported'),
  data: z.object({
    report_id: z.string().min(1),
    conversation_id: z.string(),
    message_id: z.string(),
    /** The author of the message reported. */
    message_user_id: z.string().min(1),
    reported_by: z.string().min(1),
    reason: z.string(),
    reported_at: Timestamp,
  }),
});
export const ReportResolved = z.object({
  type: z.literal('ReportResolved'),
  data: z.object({
    report_id: z.string().min(1),
    outcome: ReportOutcome,
    note: z.string().nullable(),
    resolved_by: z.string().min(1),
    resolved_at: Timestamp,
  }),
});

export const ReportEvent = z.discriminatedUnion('type', [MessageReported, ReportResolved]);
export type ReportEvent = z.infer<typeof ReportEvent>;
export const reportEventTypes: ReadonlySet<string> = new Set(
  ReportEvent.options.map((o) => o.shape.type.value),
);
