import type { Actor } from '../../../src/domain/actor';
import {
  CannotReportOwnMessage,
  InvalidReason,
  ReportAlreadyResolved,
  ReportNotFound,
} from '../../../src/domain/errors';
import { MAX_REASON_LENGTH, type ReportCommand, reportDecider } from '../../../src/domain/report/decider';
import type { ReportEvent } from '../../../src/domain/report/events';
import { givenFor } from './given-when-then';

const NOW = '2024-03-01T12:00:00.000Z';
const LATER = '2024-03-01T13:00:00.000Z';
const who = (user_id: string): Actor => ({ user_id, username: user_id, user_avatar: null });
const given = givenFor(reportDecider);

const report = (reason = 'spam', by = 'bob', author = 'ann'): ReportCommand => ({
  type: 'ReportMessage',
  actor: who(by),
  now: NOW,
  report_id: 'r1',
  conversation_id: 'c1',
  message_id: 'c1.1',
  message_user_id: author,
  reason,
});
const resolve = (outcome: 'dismissed' | 'message_deleted', note: string | null = null): ReportCommand => ({
  type: 'ResolveReport',
  actor: who('mod'),
  now: LATER,
  outcome,
  note,
});
const reported: ReportEvent = {
  type: 'MessageReported',
  data: {
    report_id: 'r1',
    conversation_id: 'c1',
    message_id: 'c1.1',
    message_user_id: 'ann',
    reported_by: 'bob',
    reason: 'spam',
    reported_at: NOW,
  },
};
const resolved = (outcome: 'dismissed' | 'message_deleted', note: string | null = null): ReportEvent => ({
  type: 'ReportResolved',
  data: { report_id: 'r1', outcome, note, resolved_by: 'mod', resolved_at: LATER },
});

describe('ReportMessage', () => {
  it('opens a report with the reason, trimmed', () => {
    given([]).when(report('  spam ')).then([reported]);
  });

  it('reporting the same message again writes nothing', () => {
    given([reported]).when(report('other')).thenNothing();
  });

  it('refuses an empty or overlong reason and one’s own message', () => {
    given([]).when(report('   ')).thenThrows(InvalidReason);
    given([])
      .when(report('x'.repeat(MAX_REASON_LENGTH + 1)))
      .thenThrows(InvalidReason);
    given([])
      .when(report('spam', 'ann', 'ann'))
      .thenThrows(CannotReportOwnMessage);
  });
});

describe('ResolveReport', () => {
  it('resolves an open report with an outcome and a note', () => {
    given([reported])
      .when(resolve('dismissed', 'fine'))
      .then([resolved('dismissed', 'fine')]);
    given([reported])
      .when(resolve('message_deleted'))
      .then([resolved('message_deleted')]);
  });

  it('resolving the same way again writes nothing; another way is a conflict', () => {
    given([reported, resolved('dismissed')])
      .when(resolve('dismissed'))
      .thenNothing();
    given([reported, resolved('dismissed')])
      .when(resolve('message_deleted'))
      .thenThrows(ReportAlreadyResolved);
  });

  it('an unknown report is not found', () => {
    given([]).when(resolve('dismissed')).thenThrows(ReportNotFound);
  });
});
