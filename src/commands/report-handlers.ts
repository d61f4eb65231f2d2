import type { Actor } from '../domain/actor';
import { decide } from '../domain/conversation/decide';
import { messageAuthor } from '../domain/conversation/state';
import { MessageDeleted, MessageNotFound, ReportNotFound } from '../domain/errors';
import { messageId } from '../domain/ids';
import { decideReport } from '../domain/report/decider';
import type { ReportEvent, ReportOutcome } from '../domain/report/events';
import type { CommandDeps } from './deps';
import { derivedEventId } from './event-ids';
import { locateMessage } from './message-handlers';
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
  const conversation = await deps.conversations.current(conversationId);
  const author = seq <= conversation.lastSeq ? messageAuthor(conversation, seq) : undefined;
  if (
    conversation.status === 'none' ||
    !conversation.participants.has(actor.user_id) ||
    author === undefined
  ) {
    throw new MessageNotFound('message not found');
  }
  if (conversation.deletedSeqs.has(seq)) throw new MessageDeleted('a deleted message cannot be reported');
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
      (state) => state.status,
    ),
  );
  const reported = outcome.events[0];
  const reportedAt =
    reported?.type === 'MessageReported' ? reported.data.reported_at : await firstReportedAt(deps, reportId);
  const value: ReportReceipt = {
    report_id: reportId,
    message_id: messageId(conversationId, seq),
    conversation_id: conversationId,
    status: outcome.decided === 'resolved' ? 'resolved' : 'open',
    reported_at: reportedAt,
  };
  return written(value, outcome);
}

async function firstReportedAt(deps: CommandDeps, reportId: string): Promise<string> {
  const [first] = await deps.store.readStream(deps.reports.streamId(reportId), { maxCount: 1 });
  return String(first?.data.reported_at ?? '');
}

/**
 * A moderator resolves a report. With `message_deleted` the message is deleted first, as a moderator
 * action (MessageDeleted by the moderator in its conversation), then the report is resolved; a retry
 * after a failure in between finds the message deleted and only resolves.
 */
export async function resolveReport(
  deps: CommandDeps,
  actor: Actor,
  reportId: string,
  outcome: ReportOutcome,
  note: string | null,
): Promise<Written<ReportResolution>> {
  const report = await reportedMessage(deps, reportId);
  const now = deps.now();
  // Decided against the report first, so a refused resolution deletes nothing.
  decideReport({ type: 'ResolveReport', actor, now, outcome, note }, await deps.reports.current(reportId));
  let deletedNow = false;
  let deletion: Written<unknown> | undefined;
  if (outcome === 'message_deleted') {
    const { conversationId, seq } = locateMessage(report.message_id);
    const deleted = await deps.conversations.execute(conversationId, (state) =>
      decide({ type: 'ModeratorDeleteMessage', actor, now, seq }, state),
    );
    deletedNow = deleted.events.length > 0;
    deletion = written(undefined, deleted);
  }
  const resolved = await deps.reports.execute(reportId, (state) =>
    decideReport({ type: 'ResolveReport', actor, now, outcome, note }, state),
  );
  // A repeat answers the resolution as it was recorded, whoever repeats it.
  const event =
    (resolved.events[0] as ResolvedEvent | undefined) ?? (await recordedResolution(deps, reportId));
  const value: ReportResolution = {
    report_id: reportId,
    status: 'resolved',
    outcome,
    resolved_by: event?.data.resolved_by ?? actor.user_id,
    resolved_at: event?.data.resolved_at ?? now,
    message_deleted: deletedNow,
  };
  // The answer waits for the later of the two writes (the report's comes last).
  return { ...written(value, resolved), position: resolved.position ?? deletion?.position };
}

type ResolvedEvent = Extract<ReportEvent, { type: 'ReportResolved' }>;

async function recordedResolution(deps: CommandDeps, reportId: string): Promise<ResolvedEvent | undefined> {
  const events = await deps.store.readStream(deps.reports.streamId(reportId), { direction: 'backwards' });
  const found = events.find((e) => e.type === 'ReportResolved');
  return found && ({ type: 'ReportResolved', data: found.data } as ResolvedEvent);
}

async function reportedMessage(deps: CommandDeps, reportId: string): Promise<{ message_id: string }> {
  const [first] = await deps.store.readStream(deps.reports.streamId(reportId), { maxCount: 1 });
  if (first?.type !== 'MessageReported') throw new ReportNotFound('report not found');
  return { message_id: String(first.data.message_id) };
}
