import type { RecordedEvent } from '../eventstore/port';

const ACTOR_FIELDS = [
  'created_by',
  'added_by',
  'removed_by',
  'changed_by',
  'updated_by',
  'archived_by',
  'deleted_by',
  'timed_out_by',
  'lifted_by',
  'banned_by',
  'unbanned_by',
  'reported_by',
  'resolved_by',
  'user_id',
];

/** One line of `audit replay --format table`: position, time, type, actor and a short summary. */
export function tableLine(event: RecordedEvent): string {
  const data = event.data;
  const actor = ACTOR_FIELDS.map((f) => data[f]).find((v) => typeof v === 'string') ?? '-';
  return [
    event.position,
    event.recordedAt,
    event.type.padEnd(22),
    String(actor).padEnd(16),
    summary(event),
  ].join('  ');
}

function summary(event: RecordedEvent): string {
  const d = event.data;
  const text = (() => {
    switch (event.type) {
      case 'MessageSent':
      case 'MessageEdited':
        return `${String(d.message_id)}: ${JSON.stringify(d.content)}`;
      case 'MessageDeleted':
        return `${String(d.message_id)} deleted`;
      case 'ParticipantAdded':
      case 'ParticipantRoleChanged':
        return `${String(d.user_id)} as ${String(d.role)}`;
      case 'ParticipantRemoved':
        return `${String(d.user_id)} removed`;
      case 'ConversationRead':
        return `read up to seq ${String(d.last_read_seq)}`;
      case 'ParticipantTimedOut':
        return `${String(d.user_id)} timed out until ${String(d.until)}`;
      case 'ParticipantBanned':
        return `${String(d.user_id)} banned: ${JSON.stringify(d.reason)}`;
      case 'MessageReported':
        return `${String(d.message_id)} reported: ${JSON.stringify(d.reason)}`;
      case 'ReportResolved':
        return `${String(d.report_id)} ${String(d.outcome)}`;
      default: {
        const { conversation_id: _c, ...rest } = d;
        return JSON.stringify(rest);
      }
    }
  })();
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 70 ? `${oneLine.slice(0, 69)}…` : oneLine;
}
