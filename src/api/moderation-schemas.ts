import { z } from 'zod';
import { MAX_REASON_LENGTH } from '../domain/report/decider';
import { ReportOutcome } from '../domain/report/events';
import { NOT_BLANK, text } from '../views/text';
import { MAX_PAGE, UserId } from './schemas';

/** Request and response shapes of blocks, timeouts, bans and reports (see docs/moderation.md). */

/** The longest timeout an admin may give. */
export const MAX_TIMEOUT_SECONDS = 365 * 24 * 60 * 60;

export const BlockParams = z.strictObject({ user_id: UserId });
export const Block = z.object({
  user_id: z.string().describe('you'),
  blocked_user_id: z.string(),
  blocked: z.boolean(),
  blocked_at: z.string().nullable().describe('when the block began; null when there is none'),
});
export const BlockedUser = z.object({ user_id: z.string(), blocked_at: z.string() });

const TIMEOUT_ONE_OF = 'give exactly one of until and duration_seconds';
export const TimeoutBody = z
  .strictObject({
    until: z.iso
      .datetime({ offset: true })
      .describe('when the timeout ends (ISO-8601, later than now)')
      .optional(),
    duration_seconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_TIMEOUT_SECONDS)
      .describe('how long the timeout lasts from now')
      .optional(),
  })
  .refine((body) => (body.until === undefined) !== (body.duration_seconds === undefined), TIMEOUT_ONE_OF)
  .meta({
    oneOf: [{ required: ['until'] }, { required: ['duration_seconds'] }],
    description: TIMEOUT_ONE_OF,
  });
export const Timeout = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  timed_out_until: z.string().nullable().describe('when the timeout ends; null when none runs'),
});

export const BanBody = z
  .strictObject({ reason: text().max(MAX_REASON_LENGTH).nullish().describe('kept for admins and auditors') })
  .default({});
export const Ban = z.object({ conversation_id: z.string(), user_id: z.string(), banned: z.boolean() });

export const ReportBody = z.strictObject({
  reason: text()
    .min(1)
    .max(MAX_REASON_LENGTH)
    .refine((reason) => reason.trim() !== '', 'must hold more than spaces')
    .meta({ pattern: NOT_BLANK })
    .describe('why the message is reported (not only spaces)'),
});
export const ReportReceipt = z.object({
  report_id: z.string(),
  message_id: z.string(),
  conversation_id: z.string(),
  status: z.enum(['open', 'resolved']),
  reported_at: z.string(),
});
export const ReportParams = z.strictObject({ report_id: text().min(1).max(200) });
export const ResolveBody = z.strictObject({
  outcome: ReportOutcome.describe('`message_deleted` deletes the message as a moderator action'),
  note: text().max(MAX_REASON_LENGTH).nullish(),
});
export const ReportResolution = z.object({
  report_id: z.string(),
  status: z.literal('resolved'),
  outcome: ReportOutcome,
  resolved_by: z.string(),
  resolved_at: z.string(),
  message_deleted: z.boolean().describe('whether this request deleted the message'),
});
export const Report = z.object({
  report_id: z.string(),
  status: z.enum(['open', 'resolved']),
  reason: z.string(),
  reported_by: z.string(),
  reported_at: z.string(),
  conversation_id: z.string(),
  message_id: z.string(),
  message: z
    .object({
      id: z.string(),
      user_id: z.string(),
      username: z.string(),
      content: z.string().describe('as it is now: empty once deleted'),
      message_type: z.string(),
      is_edited: z.boolean(),
      is_deleted: z.boolean(),
      created_at: z.string(),
    })
    .nullable()
    .describe('the reported message as history has it now; null until history has it'),
  outcome: ReportOutcome.nullable(),
  note: z.string().nullable(),
  resolved_by: z.string().nullable(),
  resolved_at: z.string().nullable(),
});
export const reportsQuery = (position: z.ZodString) =>
  z.strictObject({
    status: z.enum(['open', 'resolved', 'all']).default('open'),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    consistency_token: position
      .optional()
      .describe(
        'The X-Consistency-Token of an earlier answer: the query waits (bounded) until it reflects it',
      ),
  });

export const MODERATOR = { name: 'moderator', code: 'moderator_role_required' };
