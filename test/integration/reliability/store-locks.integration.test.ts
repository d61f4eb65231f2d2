/**
 * An operator's bad minute, from outside: another process holds the write lock of one of the server's
 * database files for longer than SQLite's busy timeout (5 s) while clients send.
 * - The read-model file: every send is acknowledged (after the bounded consistency wait), the
 *   projections fail, report it (log, readiness) and retry with backoff, and once the lock is released
 *   every acknowledged message is in history, with nothing lost or duplicated.
 * - The event-log file: a send meeting the lock answers 503 with Retry-After (never 500) and writes
 *   nothing; retried with the same Idempotency-Key after the lock it writes exactly one message.
 * The child runs the compiled server in dist/ (`npm test` builds it first).
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { pollUntil } from '../../support/poll';
import {
  assertBuilt,
  killServerProcesses,
  readLog,
  type ServerProcess,
  startServerProcess,
  tokenFor,
  wholeHistory,
} from '../../support/server-process';
import { tempDir } from '../../support/temp-dir';

/** Longer than the busy timeout of the server's connections, so its writes fail rather than wait. */
const LOCK_MS = 6500;
const ann = tokenFor('ann');

/** Holds the write lock of a SQLite file from this process (another process, for the server). */
function lockFile(file: string): () => void {
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  db.exec('BEGIN IMMEDIATE');
  return () => {
    db.exec('COMMIT');
    db.close();
  };
}

async function createGroup(server: ServerProcess): Promise<string> {
  const res = await server.call('POST', '/api/v1/chat/conversations', {
    token: ann,
    body: { conversation_type: 'group', name: 'ops', participant_ids: ['bob'] },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const eventually = <T>(read: () => Promise<T>, done: (value: T) => boolean) =>
  pollUntil(read, done, { everyMs: 200 });

describe('a database file locked by another process', () => {
  const data = tempDir();
  beforeAll(assertBuilt);
  afterEach(killServerProcesses);
  afterAll(() => data.remove());

  it('on the read models: every acknowledged message reaches history once the lock is released', async () => {
    const server = await startServerProcess(data.dir, {
      CONSISTENCY_TIMEOUT_MS: '300',
      READY_MAX_LAG_SECONDS: '1',
      // The lease outlives the lock: this node's own runner must recover (not hand the lease on).
      PROJECTION_LEASE_TTL_MS: '60000',
    });
    const conversation = await createGroup(server);
    const release = lockFile(join(data.dir, 'readmodels.db'));
    const acked: string[] = [];
    const started = Date.now();
    let i = 0;
    let sawUnready = false;
    while (Date.now() - started < LOCK_MS) {
      const key = `during-lock-${i++}`;
      const res = await server.call('POST', '/api/v1/chat/messages', {
        token: ann,
        headers: { 'Idempotency-Key': key },
        body: { conversation_id: conversation, content: key },
      });
      expect(res.status).toBe(201);
      acked.push(res.body.id);
      const ready = await server.call('GET', '/health/ready');
      if (ready.status === 503) {
        sawUnready = true;
        expect(ready.body.failing).toContain('projections');
      }
      await sleep(150);
    }
    release();
    for (let j = 0; j < 5; j++) {
      const res = await server.call('POST', '/api/v1/chat/messages', {
        token: ann,
        body: { conversation_id: conversation, content: `after-lock-${j}` },
      });
      expect(res.status).toBe(201);
      acked.push(res.body.id);
    }
    expect(sawUnready).toBe(true);
    const history = await eventually(
      () => wholeHistory(server, ann, conversation),
      (messages) => messages.length >= acked.length,
    );
    expect(history.map((m) => m.id).sort()).toEqual([...acked].sort());
    // The failure and the recovery were told, with the failing stretch of the log.
    expect(server.output()).toMatch(/projection failed/);
    expect(server.output()).toMatch(/projection-runner recovered/);
    const ready = await eventually(
      () => server.call('GET', '/health/ready'),
      (res) => res.status === 200,
    );
    expect(ready.body).toMatchObject({ status: 'ready', failing: [] });
  }, 120_000);

  it('on the event log: a send answers 503 with Retry-After and writes nothing; its retry writes it once', async () => {
    const server = await startServerProcess(data.dir);
    const conversation = await createGroup(server);
    const before = (await readLog(data.dir)).events.length;
    const release = lockFile(join(data.dir, 'events.db'));
    let refused: Awaited<ReturnType<ServerProcess['call']>>;
    try {
      refused = await server.call('POST', '/api/v1/chat/messages', {
        token: ann,
        headers: { 'Idempotency-Key': 'locked-send' },
        body: { conversation_id: conversation, content: 'sent while the log was locked' },
      });
    } finally {
      release();
    }
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({ status: 503, code: 'store_unavailable' });
    expect((await readLog(data.dir)).events.length).toBe(before);

    const retried = await server.call('POST', '/api/v1/chat/messages', {
      token: ann,
      headers: { 'Idempotency-Key': 'locked-send' },
      body: { conversation_id: conversation, content: 'sent while the log was locked' },
    });
    expect(retried.status).toBe(201);
    const again = await server.call('POST', '/api/v1/chat/messages', {
      token: ann,
      headers: { 'Idempotency-Key': 'locked-send' },
      body: { conversation_id: conversation, content: 'sent while the log was locked' },
    });
    expect(again.body.id).toBe(retried.body.id);
    const history = await wholeHistory(server, ann, conversation);
    expect(history.filter((m) => m.content === 'sent while the log was locked')).toHaveLength(1);
  }, 60_000);
});
