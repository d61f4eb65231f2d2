import { tableLine } from '../../../src/cli/audit-table';
import type { RecordedEvent } from '../../../src/eventstore/port';

const recorded = (streamId: string, type: string, data: RecordedEvent['data']): RecordedEvent => ({
  streamId,
  revision: 0,
  id: 'e1',
  type,
  data,
  metadata: {},
  position: '0000000000000001' as RecordedEvent['position'],
  recordedAt: '2026-01-01T00:00:00.000Z',
});

describe('audit replay table lines (unit)', () => {
  it('name the moderator as the actor and say what they did', () => {
    const line = tableLine(
      recorded('conversation-c1', 'ParticipantTimedOut', {
        conversation_id: 'c1',
        user_id: 'bob',
        until: '2026-01-01T01:00:00.000Z',
        timed_out_by: 'alice',
        timed_out_at: '2026-01-01T00:00:00.000Z',
      }),
    );
    expect(line).toMatch(/ParticipantTimedOut\s+alice\s+bob timed out until 2026-01-01T01:00:00.000Z$/);
    expect(
      tableLine(
        recorded('report-r1', 'ReportResolved', {
          report_id: 'r1',
          outcome: 'dismissed',
          note: null,
          resolved_by: 'mod',
          resolved_at: '2026-01-01T00:00:00.000Z',
        }),
      ),
    ).toMatch(/ReportResolved\s+mod\s+r1 dismissed$/);
  });

  it('show an event type they do not know as its data, whoever wrote it', () => {
    const line = tableLine(
      recorded('user-alice', 'UserBlocked', { user_id: 'alice', blocked_user_id: 'bob' }),
    );
    expect(line).toContain('UserBlocked');
    expect(line).toContain('{"user_id":"alice","blocked_user_id":"bob"}');
  });
});
