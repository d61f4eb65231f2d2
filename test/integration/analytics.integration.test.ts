import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defineProjection, type ProjectionDefinition, type Row } from '../../src/analytics/define';
import activeUsersWeekly from '../../src/analytics/examples/active-users-weekly';
import firstResponseTime from '../../src/analytics/examples/first-response-time';
import messagesPerDay from '../../src/analytics/examples/messages-per-day';
import { isoWeek, median } from '../../src/analytics/helpers';
import { follow, type Output, outputOf, replay } from '../../src/analytics/run';
import { sinkFor, toCsv } from '../../src/analytics/sinks';
import type { EventStore } from '../../src/eventstore/port';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { fixtureStore } from '../support/analytics-fixture';
import { tempDir } from '../support/temp-dir';

/*
 * Expected values are worked out by hand from test/fixtures/analytics-log.ndjson (56 events, 29 real
 * messages in c-ab (direct alice/bob), c-ac (direct carol/alice), c-bd (direct bob/dave, no reply) and
 * c-team (group), 2026-03-02 (Monday of ISO week 10) to 2026-03-11 (week 11)). Two traps: a
 * `MessageSent` in a snapshot-* stream and one in an auditaccess-* stream, which must be skipped.
 */

let fixture: Awaited<ReturnType<typeof fixtureStore>>;
beforeAll(async () => {
  fixture = await fixtureStore();
});
afterAll(() => fixture.cleanup());

async function rowsOf<S>(definition: ProjectionDefinition<S, Row>, store: EventStore = fixture.store) {
  const { state } = await replay(store, definition);
  const output = outputOf(definition, state);
  if (!('rows' in output)) throw new Error('no rows');
  return output.rows;
}

describe('example projections on the committed fixture', () => {
  it('messages per conversation per UTC day', async () => {
    expect(await rowsOf(messagesPerDay)).toEqual([
      { conversation_id: 'c-ab', day: '2026-03-02', messages: 7 },
      { conversation_id: 'c-ab', day: '2026-03-09', messages: 2 },
      { conversation_id: 'c-ac', day: '2026-03-04', messages: 3 },
      { conversation_id: 'c-bd', day: '2026-03-05', messages: 1 },
      { conversation_id: 'c-team', day: '2026-03-02', messages: 3 },
      // 23:59:59.999 is still the 3rd, 00:00:00.000 is the 4th.
      { conversation_id: 'c-team', day: '2026-03-03', messages: 2 },
      { conversation_id: 'c-team', day: '2026-03-04', messages: 2 },
      // One of these two was deleted later: it still counts.
      { conversation_id: 'c-team', day: '2026-03-08', messages: 2 },
      { conversation_id: 'c-team', day: '2026-03-09', messages: 4 },
      { conversation_id: 'c-team', day: '2026-03-11', messages: 3 },
    ]);
  });

  it('median first-response time in direct conversations', async () => {
    // c-ab runs: alice 09:00 → bob 09:05 (300 s), bob 09:05 → alice 09:16 (660), alice 09:16 → bob 09:18
    // (120), bob 09:18 → alice 09:20 (120), alice 03-02 09:20 → bob 03-09 09:20 (604,800), bob 09:20 →
    // alice 09:21:30 (90): sorted 90 120 120 300 660 604800, median (120 + 300) / 2.
    // c-ac: carol 14:00 → alice 14:10 (600), alice 14:10 → carol 14:15 (300). c-bd: never answered.
    // All: 90 120 120 300 300 600 660 604800 → median 300. c-team is a group: not counted.
    expect(await rowsOf(firstResponseTime)).toEqual([
      { conversation_id: 'c-ab', responses: 6, median_seconds: 210 },
      { conversation_id: 'c-ac', responses: 2, median_seconds: 450 },
      { conversation_id: 'c-bd', responses: 0, median_seconds: null },
      { conversation_id: '(all)', responses: 8, median_seconds: 300 },
    ]);
  });

  it('most active users per ISO week', async () => {
    // Sunday 2026-03-08 23:45 is week 10, Monday 2026-03-09 00:01 week 11; bob and carol tie at 6 in
    // week 10 and 2 in week 11: user id breaks the tie.
    expect(await rowsOf(activeUsersWeekly)).toEqual([
      { week: '2026-W10', rank: 1, user_id: 'u-alice', username: 'alice', messages: 7 },
      { week: '2026-W10', rank: 2, user_id: 'u-bob', username: 'bob', messages: 6 },
      { week: '2026-W10', rank: 3, user_id: 'u-carol', username: 'carol', messages: 6 },
      { week: '2026-W10', rank: 4, user_id: 'u-dave', username: 'dave', messages: 1 },
      { week: '2026-W11', rank: 1, user_id: 'u-dave', username: 'dave', messages: 4 },
      { week: '2026-W11', rank: 2, user_id: 'u-bob', username: 'bob', messages: 2 },
      { week: '2026-W11', rank: 3, user_id: 'u-carol', username: 'carol', messages: 2 },
      { week: '2026-W11', rank: 4, user_id: 'u-alice', username: 'alice', messages: 1 },
    ]);
  });

  it('keeps only the top 10 users of a week', async () => {
    const { dir, remove } = tempDir('chat-analytics-');
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    try {
      // user u-01 sends 1 message, u-02 two, ..., u-12 twelve, all in week 2026-W10.
      for (let user = 1; user <= 12; user++) {
        const userId = `u-${String(user).padStart(2, '0')}`;
        for (let n = 0; n < user; n++) {
          await store.append(
            'conversation-c-big',
            [
              {
                id: `00000000-0000-4000-8000-${String(user * 100 + n).padStart(12, '0')}`,
                type: 'MessageSent',
                data: {
                  conversation_id: 'c-big',
                  user_id: userId,
                  username: userId,
                  created_at: `2026-03-0${2 + (n % 5)}T12:00:00.000Z`,
                },
              },
            ],
            'any',
          );
        }
      }
      const rows = await rowsOf(activeUsersWeekly, store);
      expect(rows.map((r) => [r.rank, r.user_id, r.messages])).toEqual(
        Array.from({ length: 10 }, (_, i) => [i + 1, `u-${String(12 - i).padStart(2, '0')}`, 12 - i]),
      );
    } finally {
      await store.close();
      remove();
    }
  });

  it('reads every event, reports progress per page and skips other streams', async () => {
    const seen: string[] = [];
    const progress: number[] = [];
    const { events, position } = await replay(
      fixture.store,
      defineProjection({
        name: 'streams',
        initialState: () => 0,
        handlers: {
          MessageSent: (count, event, meta) => {
            seen.push(meta.streamId);
            expect(meta.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
            expect(event.data.conversation_id).toBe(meta.streamId.slice('conversation-'.length));
            return count + 1;
          },
        },
      }),
      { pageSize: 10, onProgress: (p) => progress.push(p.events) },
    );
    expect(events).toBe(56);
    expect(position).toBe(await fixture.store.headPosition());
    expect(progress).toEqual([10, 20, 30, 40, 50, 56]);
    expect(seen).toHaveLength(29);
    expect(seen.every((s) => s.startsWith('conversation-'))).toBe(true);
  });
});

describe('typed handlers', () => {
  it('types each handler event from the zod schemas (checked by tsc on this file)', async () => {
    const typed = defineProjection({
      name: 'typed',
      initialState: () => ({ messages: 0, greeted: false, roles: [] as string[], statuses: [] as string[] }),
      handlers: {
        MessageSent: (state, event) => {
          // No casts: `content` is a string, `seq` a number.
          state.messages += event.data.seq > 0 ? 1 : 0;
          if (event.data.content.toUpperCase() === 'HI BOB') state.greeted = true;
          // @ts-expect-error MessageSent has no `role`
          void event.data.role;
        },
        ParticipantAdded: (state, event) => ({ ...state, roles: [...state.roles, event.data.role] }),
        PresenceChanged: (state, event) => {
          const status: 'online' | 'offline' | 'away' | 'busy' = event.data.status;
          state.statuses.push(status);
        },
        // @ts-expect-error not an event type
        MessageSnet: () => {},
      },
      output: (state) => [
        {
          messages: state.messages,
          greeted: state.greeted,
          roles: state.roles.join(' '),
          statuses: state.statuses.join(' '),
        },
      ],
    });
    expect(await rowsOf(typed)).toEqual([
      {
        messages: 29,
        greeted: true,
        roles: 'member member admin member member member member member member member',
        statuses: 'online away',
      },
    ]);
  });
});

describe('sinks', () => {
  const rows: Row[] = [
    { name: 'plain', note: 'a, b', quote: 'say "hi"', lines: 'one\ntwo', empty: null, n: 1.5, ok: true },
    { name: ' padded ', note: '', quote: '', lines: '', empty: undefined, n: 0, ok: false },
  ];

  it('writes RFC 4180 CSV with a header from the first row', () => {
    expect(toCsv(rows)).toBe(
      'name,note,quote,lines,empty,n,ok\r\n' +
        'plain,"a, b","say ""hi""","one\ntwo",,1.5,true\r\n' +
        '" padded ",,,,,0,false\r\n',
    );
    expect(toCsv([])).toBe('');
  });

  it('writes a projection to CSV, JSON and SQLite files', async () => {
    const { dir, remove } = tempDir('chat-analytics-');
    try {
      const { state } = await replay(fixture.store, firstResponseTime);
      const output: Output = outputOf(firstResponseTime, state);
      for (const spec of ['out.csv', 'out.json', 'sqlite:out.db#frt']) {
        const sink = sinkFor(spec.replace(/^(sqlite:)?/, `$1${dir}/`), firstResponseTime.name);
        sink.write(output);
        sink.close();
      }
      expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(
        'conversation_id,responses,median_seconds\r\n' +
          'c-ab,6,210\r\nc-ac,2,450\r\nc-bd,0,\r\n(all),8,300\r\n',
      );
      expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toEqual(
        'rows' in output ? output.rows : undefined,
      );
      const db = new Database(join(dir, 'out.db'), { readonly: true });
      try {
        expect(db.prepare('SELECT * FROM frt').all()).toEqual([
          { conversation_id: 'c-ab', responses: 6, median_seconds: 210 },
          { conversation_id: 'c-ac', responses: 2, median_seconds: 450 },
          { conversation_id: 'c-bd', responses: 0, median_seconds: null },
          { conversation_id: '(all)', responses: 8, median_seconds: 300 },
        ]);
      } finally {
        db.close();
      }
    } finally {
      remove();
    }
  });

  it('writes a raw state as JSON when the projection has no output function', async () => {
    const { dir, remove } = tempDir('chat-analytics-');
    try {
      const raw = defineProjection({
        name: 'raw',
        initialState: () => new Map<string, number>(),
        handlers: {
          ConversationCreated: (state, event) => {
            state.set(event.data.conversation_id, 0);
          },
        },
      });
      const { state } = await replay(fixture.store, raw);
      const sink = sinkFor(join(dir, 'raw.json'), raw.name);
      sink.write(outputOf(raw, state));
      expect(JSON.parse(readFileSync(join(dir, 'raw.json'), 'utf8'))).toEqual({
        'c-ab': 0,
        'c-team': 0,
        'c-ac': 0,
        'c-bd': 0,
      });
      expect(() => sinkFor(join(dir, 'raw.csv'), raw.name).write(outputOf(raw, state))).toThrow(
        /output\(state\)/,
      );
      expect(() => sinkFor(join(dir, 'raw.txt'), raw.name)).toThrow(/expected FILE.json/);
    } finally {
      remove();
    }
  });
});

describe('follow', () => {
  it('continues from where the replay stopped and re-emits the output', async () => {
    const { dir, remove } = tempDir('chat-analytics-');
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    try {
      const message = (id: number, day: string) => ({
        id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
        type: 'MessageSent',
        data: { conversation_id: 'c-1', user_id: 'u-1', username: 'u', created_at: `${day}T10:00:00.000Z` },
      });
      await store.append('conversation-c-1', [message(1, '2026-03-02')], 'any');
      const first = await replay(store, messagesPerDay);
      const outputs: Output[] = [];
      const follower = follow(store, messagesPerDay, {
        after: first.position,
        state: first.state,
        intervalMs: 20,
        onOutput: (output) => void outputs.push(output),
      });
      await store.append('conversation-c-1', [message(2, '2026-03-02'), message(3, '2026-03-03')], 'any');
      const deadline = Date.now() + 5000;
      while (outputs.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await follower.close();
      expect(outputs.at(-1)).toEqual({
        rows: [
          { conversation_id: 'c-1', day: '2026-03-02', messages: 2 },
          { conversation_id: 'c-1', day: '2026-03-03', messages: 1 },
        ],
      });
    } finally {
      await store.close();
      remove();
    }
  });
});

describe('helpers', () => {
  it('computes ISO weeks across year boundaries and medians', () => {
    expect(isoWeek('2026-03-08T23:59:59.999Z')).toBe('2026-W10');
    expect(isoWeek('2026-03-09T00:00:00.000Z')).toBe('2026-W11');
    expect(isoWeek('2027-01-01T12:00:00.000Z')).toBe('2026-W53');
    expect(isoWeek('2024-12-30T00:00:00.000Z')).toBe('2025-W01');
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
