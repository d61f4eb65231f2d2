import { z } from 'zod';
import { Actor } from '../actor';
import { CannotReportOwnMessage, InvalidReason, ReportAlreadyResolved, ReportNotFound } from '../errors';
import { Timestamp } from '../time';
import { ReportEvent, ReportOutcome } from './events';

/** A reason is required and short: a note for moderators, not a second message. */
export const MAX_REASON_LENGTH = 1000;

/**
 * Commands of a report (stream `report-<id>`). The handler names the report (one per reporter and
 * message), checks that the reporter sees the message and tells the domain who wrote it.
 */
export const ReportMessage = z.object({
  type: z.literal('ReportMessage'),
  actor: Actor,
  now: Timestamp,
  report_id: z.string().min(1),
  conversation_id: z.string(),
  message_id: z.string(),
  message_user_id: z.string().min(1),
  reason: z.string(),
});
/** A moderator's decision; the handler checks the role and carries out a deletion first. */
export const ResolveReport = z.object({
  type: z.literal('ResolveReport'),
  actor: Actor,
  now: Timestamp,
  outcome: ReportOutcome,
  note: z.string().nullable(),
});
export const ReportCommand = z.discriminatedUnion('type', [ReportMessage, ResolveReport]);
export type ReportCommand = z.infer<typeof ReportCommand>;

export interface ReportState {
  status: 'none' | 'open' | 'resolved';
  reportId: string;
  messageId: string;
  reportedAt: string;
  /** The resolution as recorded, once resolved. */
  resolution: { outcome: ReportOutcome; by: string; at: string } | null;
}

export function initialReportState(): ReportState {
  return { status: 'none', reportId: '', messageId: '', reportedAt: '', resolution: null };
}

/**
 * Reporting a message one already reported writes nothing (the report stands as it is); resolving a
 * resolved report the same way again writes nothing, another way is a conflict.
 */
export function decideReport(command: ReportCommand, state: ReportState): ReportEvent[] {
  switch (command.type) {
    case 'ReportMessage': {
      if (state.status !== 'none') return [];
      if (command.message_user_id === command.actor.user_id) {
        throw new CannotReportOwnMessage('you cannot report your own message');
      }
      const reason = command.reason.trim();
      if (reason === '' || reason.length > MAX_REASON_LENGTH) {
        throw new InvalidReason(`reason: between 1 and ${MAX_REASON_LENGTH} characters, not only spaces`);
      }
      const { report_id, conversation_id, message_id, message_user_id } = command;
      return [
        {
          type: 'MessageReported',
          data: {
            report_id,
            conversation_id,
            message_id,
            message_user_id,
            reported_by: command.actor.user_id,
            reason,
            reported_at: command.now,
          },
        },
      ];
    }
    case 'ResolveReport':
      if (state.status === 'none') throw new ReportNotFound('report not found');
      if (state.resolution !== null) {
        if (state.resolution.outcome === command.outcome) return [];
        throw new ReportAlreadyResolved(`the report is already resolved (${state.resolution.outcome})`);
      }
      return [
        {
          type: 'ReportResolved',
          data: {
            report_id: state.reportId,
            outcome: command.outcome,
            note: command.note,
            resolved_by: command.actor.user_id,
            resolved_at: command.now,
          },
        },
      ];
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

export function evolveReport(state: ReportState, event: ReportEvent): ReportState {
  switch (event.type) {
    case 'MessageReported': {
      const { report_id, message_id, reported_at } = event.data;
      return {
        status: 'open',
        reportId: report_id,
        messageId: message_id,
        reportedAt: reported_at,
        resolution: null,
      };
    }
    case 'ReportResolved': {
      const { outcome, resolved_by, resolved_at } = event.data;
      return { ...state, status: 'resolved', resolution: { outcome, by: resolved_by, at: resolved_at } };
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

export const reportDecider = {
  decide: decideReport,
  evolve: evolveReport,
  initialState: initialReportState,
  parseEvent: (raw: unknown) => ReportEvent.parse(raw),
};
