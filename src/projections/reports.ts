import { parseMessageId } from '../domain/ids';
import { ReportEvent } from '../domain/report/events';
import { UserErased } from '../domain/user/events';
import { TABLE_GROUPS } from '../readmodels/tables';
import { type Change, update, updateAll, upsert } from './changes';
import type { ProjectedEvent, Projection } from './projection';

/**
 * Reports for moderators: one row per report, open until resolved. Only `report-` streams feed it;
 * the reported message's content is read from history at query time (it may have been edited or
 * deleted since).
 */
export const reportsProjection: Projection = {
  name: 'reports',
  tables: TABLE_GROUPS.reports,
  // `user`: an erasure (UserErased) empties the erased user's reasons and notes.
  categories: ['report', 'user'],
  project(raw: ProjectedEvent): Change[] {
    if (raw.type === 'UserErased' && raw.streamId.startsWith('user-')) {
      // A rebuild gets there by failing to decrypt them (they are personal fields).
      const { user_id } = UserErased.parse({ type: raw.type, data: raw.data }).data;
      return [
        updateAll('reports', { reported_by: user_id }, { reason: '' }),
        updateAll('reports', { resolved_by: user_id }, { note: null }),
      ];
    }
    if (!raw.streamId.startsWith('report-')) return [];
    const event = ReportEvent.parse({ type: raw.type, data: raw.data });
    const key = { report_id: event.data.report_id };
    switch (event.type) {
      case 'MessageReported': {
        const d = event.data;
        return [
          upsert('reports', key, {
            conversation_id: d.conversation_id,
            seq: parseMessageId(d.message_id).seq,
            message_id: d.message_id,
            message_user_id: d.message_user_id,
            reported_by: d.reported_by,
            reason: d.reason,
            reported_at: d.reported_at,
            status: 'open',
            outcome: null,
            note: null,
            resolved_by: null,
            resolved_at: null,
          }),
        ];
      }
      case 'ReportResolved': {
        const d = event.data;
        return [
          update('reports', key, {
            status: 'resolved',
            outcome: d.outcome,
            note: d.note,
            resolved_by: d.resolved_by,
            resolved_at: d.resolved_at,
          }),
        ];
      }
      default: {
        const _never: never = event;
        return _never;
      }
    }
  },
};
