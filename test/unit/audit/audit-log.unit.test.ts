import type { TemplatedApp } from 'uWebSockets.js';
import { AuditRead, auditStreamOf, recordAuditRead } from '../../../src/audit/audit-log';
import type { Position, RecordedEvent } from '../../../src/eventstore/port';
import { SqliteEventStore } from '../../../src/eventstore/sqlite/sqlite-event-store';
import { silentLogger } from '../../../src/observability/logger';
import { PROJECTIONS } from '../../../src/projections/catalog';
import { LogFanout, type MembershipListener } from '../../../src/realtime/log-fanout';
import { tempDir } from '../../support/temp-dir';
import { event as conversationEvent } from '../domain/conversation-fixtures';

const auditRead: RecordedEvent = {
  streamId: auditStreamOf('auditor-1'),
  revision: 0,
  id: '00000000-0000-4000-8000-000000000001',
  type: 'AuditRead',
  data: {
    auditor_id: 'auditor-1',
    what: 'conversation_events',
    conversation_id: 'c1',
    message_id: null,
    query: { limit: 100 },
    at: '2024-03-01T12:00:00.000Z',
  },
  metadata: {},
  position: '00000000000000000001' as Position,
  recordedAt: '2024-03-01T12:00:00.000Z',
};

describe('AuditRead events', () => {
  it('are valid AuditRead facts in auditaccess-<auditor>', () => {
    expect(auditRead.streamId).toBe('auditaccess-auditor-1');
    expect(AuditRead.parse({ type: auditRead.type, data: auditRead.data }).data.auditor_id).toBe('auditor-1');
  });

  it.each(PROJECTIONS.map((p) => [p.name, p] as const))('change nothing in the %s projection', (_, p) => {
    expect(p.project(auditRead)).toEqual([]);
    expect(p.categories).not.toContain('auditaccess');
  });

  it('reach no socket and no membership listener of the realtime fan-out', () => {
    const publish = jest.fn();
    const membership: MembershipListener = {
      added: jest.fn(),
      removed: jest.fn(),
      userChanged: jest.fn(),
    };
    const onPublished = jest.fn();
    const fanout = new LogFanout(
      {} as never,
      { publish } as unknown as TemplatedApp,
      membership,
      onPublished,
      silentLogger(),
    );
    const handle = (e: RecordedEvent) => (fanout as unknown as { handle(e: RecordedEvent): void }).handle(e);
    handle(auditRead);
    expect(publish).not.toHaveBeenCalled();
    expect(onPublished).not.toHaveBeenCalled();
    expect(membership.added).not.toHaveBeenCalled();
    // The control: a conversation event is published by the same fan-out.
    const sent = conversationEvent.removed('bob', 'ann');
    handle({
      ...auditRead,
      streamId: 'conversation-c1',
      type: sent.type,
      data: sent.data,
      position: '00000000000000000002' as Position,
    });
    expect(publish).toHaveBeenCalled();
  });

  it('are appended by recordAuditRead with a fresh id, whatever the stream revision', async () => {
    const dir = tempDir();
    const store = SqliteEventStore.open(`${dir.dir}/events.db`);
    try {
      const input = {
        auditorId: 'auditor-1',
        what: 'message_history' as const,
        conversationId: 'c1',
        messageId: 'c1.1',
        query: {},
      };
      await recordAuditRead(store, input);
      await recordAuditRead(store, { ...input, at: '2024-03-01T12:00:00.000Z' });
      const events = await store.readStream('auditaccess-auditor-1');
      expect(events).toHaveLength(2);
      expect(events[0]?.id).not.toBe(events[1]?.id);
      expect(events[1]).toMatchObject({
        type: 'AuditRead',
        data: { auditor_id: 'auditor-1', what: 'message_history', conversation_id: 'c1', message_id: 'c1.1' },
      });
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
