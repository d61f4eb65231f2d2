import type { Actor } from '../domain/actor';
import { decide } from '../domain/conversation/decide';
import { messageId } from '../domain/ids';
import { decideReport } from '../domain/report/decider';
import type { ReportOutcome } from '../domain/report/events';
import type { CommandDeps } from './deps';
import { derivedEventId } from './event-ids';
import { locateMessage, visibleMessage } from './message-handlers';
import { type Written, written } from './written';

export interface ReportReceipt {
  report_id: string;
  message_id: string;
  conversation_id: string;
  status: 'open' | 'resolved';
  reported_at: string;
}

export interface ReportResolution {
  report_id: string;
  status: 'resolved';
  outcome: ReportOutcome;
  resolved_by: string;
  resolved_at: string;
  /** Whether resolving deleted the message just now (false when it was deleted already or dismissed). */
  message_deleted: boolean;
}

/** One report per reporter and message: its id derives from both, so a repeat names the same report. */
export function reportIdOf(messageIdValue: string, reporterId: string): string {
  return `rp_${derivedEventId(`${messageIdValue}\u0000${reporterId}`).replace(/-/g, '')}`;
}

/**
 * A participant reports a message they can see (an unknown message and one of a conversation they
 * are not in are the same 404; a deleted one is a 409). The report goes to `report-<id>`.
 */
export async function reportMessage(
  deps: CommandDeps,
  actor: Actor,
  id: string,
  reason: string,
): Promise<Written<ReportReceipt>> {
  const { conversationId, seq } = locateMessage(id);
  const author = visibleMessage(
    await deps.conversations.current(conversationId),
    actor.user_id,
    seq,
    'reported',
  );
  const reportId = reportIdOf(messageId(conversationId, seq), actor.user_id);
  const now = deps.now();
  const outcome = await deps.profiles.alongside(
    actor,
    deps.reports.execute(
      reportId,
      (state) =>
        decideReport(
          {
            type: 'ReportMessage',
            actor,
            now,
            report_id: reportId,
            conversation_id: conversationId,
            message_id: messageId(conversationId, seq),
            message_user_id: author,
            reason,
          },
          state,
        ),
      (state) => state,
    ),
  );
  const value: ReportReceipt = {
    report_id: reportId,
    message_id: messageId(conversationId, seq),
    conversation_id: conversationId,
    status: outcome.decided.status === 'resolved' ? 'resolved' : 'open',
    reported_at: outcome.decided.reportedAt,
  };
  return written(value, outcome);
}

/**
 * A moderator resolves a report. The report decides first: an unknown report, or one resolved another
 * way, is refused before anything is written. With `message_deleted` the message is then deleted as a
 * moderator action (MessageDeleted by the moderator in its conversation); a retry after a failure in
 * between resolves the same way again (which writes nothing) and completes the deletion.
 */
export async function resolveReport(
  deps: CommandDeps,
  actor: Actor,
  reportId: string,
  outcome: ReportOutcome,
  note: string | null,
): Promise<Written<ReportResolution>> {
  const now = deps.now();
  const resolved = await deps.reports.execute(
    reportId,
    (state) => decideReport({ type: 'ResolveReport', actor, now, outcome, note }, state),
    (state) => state,
  );
  const report = resolved.decided;
  let deletion: Written<unknown> | undefined;
  if (outcome === 'message_deleted') {
    const { conversationId, seq } = locateMessage(report.messageId);
    const deleted = await deps.conversations.execute(conversationId, (state) =>
      decide({ type: 'ModeratorDeleteMessage', actor, now, seq }, state),
    );
    deletion = written(undefined, deleted);
  }
  // A repeat answers the resolution as it was recorded, whoever repeats it.
  const value: ReportResolution = {
    report_id: reportId,
    status: 'resolved',
    outcome,
    resolved_by: report.resolution?.by ?? actor.user_id,
    resolved_at: report.resolution?.at ?? now,
    message_deleted: deletion?.created ?? false,
  };
  // The answer waits for the later of the two writes (the deletion's comes last).
  return { ...written(value, resolved), position: deletion?.position ?? resolved.position };
}
