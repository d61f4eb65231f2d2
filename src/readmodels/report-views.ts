import type { ReportView } from './port';
import type { Row } from './views';

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
const flag = (value: unknown): boolean => value === true || value === 1;

/** A report row and its message's history row (when history has it), as both stores read them. */
export function reportView(report: Row, message: Row | undefined): ReportView {
  return {
    report_id: String(report.report_id),
    status: report.status === 'resolved' ? 'resolved' : 'open',
    reason: String(report.reason),
    reported_by: String(report.reported_by),
    reported_at: String(report.reported_at),
    conversation_id: String(report.conversation_id),
    message_id: String(report.message_id),
    message: message
      ? {
          id: String(message.id),
          user_id: String(message.user_id),
          username: String(message.username),
          content: String(message.content),
          message_type: String(message.message_type),
          is_edited: flag(message.is_edited),
          is_deleted: flag(message.is_deleted),
          created_at: String(message.created_at),
        }
      : null,
    outcome: text(report.outcome),
    note: text(report.note),
    resolved_by: text(report.resolved_by),
    resolved_at: text(report.resolved_at),
  };
}
