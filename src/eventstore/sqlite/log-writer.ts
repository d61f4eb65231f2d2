import type Database from 'better-sqlite3';
import { type ExpectedRevision, WrongExpectedRevisionError } from '../port';
import { FIELDS_PER_EVENT, type WriteReply, type WriteRequest } from './writer-protocol';

type AppendRequest = Extract<WriteRequest, { op: 'append' }>;

/**
 * The write side of the embedded log, on the writer thread's own connection. `commit` writes a group
 * of requests in one IMMEDIATE transaction with a savepoint per request, so one conflict fails only
 * its own request, and returns only after COMMIT (and with synchronous=FULL its fsync) returned.
 */
export class LogWriter {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly inSavepoint: (request: WriteRequest) => WriteReply;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareStatements(db);
    // A nested better-sqlite3 transaction runs as a savepoint: a throw rolls back this request only.
    this.inSavepoint = db.transaction((request: WriteRequest) => this.apply(request));
  }

  // IMMEDIATE takes the write lock at BEGIN, where busy_timeout applies: a deferred transaction that
  // reads first and then writes fails at once with SQLITE_BUSY when another process holds the lock.
  commit(requests: WriteRequest[]): WriteReply[] {
    try {
      return this.db.transaction(() => requests.map((request) => this.attempt(request))).immediate();
    } catch (error) {
      // BEGIN or COMMIT failed: nothing of the group is written.
      return requests.map((request) => ({ id: request.id, failure: describeError(error) }));
    }
  }

  private attempt(request: WriteRequest): WriteReply {
    try {
      return this.inSavepoint(request);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        return { id: request.id, conflict: { expected: error.expected, actual: error.actual } };
      }
      // Some errors (SQLITE_FULL, IOERR, NOMEM) roll back the whole transaction, not just the
      // savepoint: the later requests must not run as transactions of their own, so the group fails.
      if (!this.db.inTransaction) throw error;
      return { id: request.id, failure: describeError(error) };
    }
  }

  private apply(request: WriteRequest): WriteReply {
    switch (request.op) {
      case 'append':
        return { id: request.id, appended: this.append(request) };
      case 'metadata':
        this.statements.setMetadata.run({
          stream: request.stream,
          maxAge: request.maxAgeSeconds,
          maxCount: request.maxCount,
        });
        return { id: request.id };
      case 'purge':
        this.statements.purgeByCount.run();
        this.statements.purgeByAge.run(request.nowMs);
        return { id: request.id };
    }
  }

  private append({ stream, events, expected }: AppendRequest): { revision: number; pos: number } {
    const current = this.currentRevision(stream);
    if (events.length > 0) {
      const replay = this.replayedAppend(stream, events);
      if (replay) return replay;
    }
    checkExpected(stream, expected, current);
    if (events.length === 0) return { revision: current, pos: this.lastPos() };
    const recordedAt = new Date().toISOString();
    let pos = 0;
    let revision = current;
    for (let i = 0; i < events.length; i += FIELDS_PER_EVENT) {
      revision++;
      const result = this.statements.insert.run(
        stream,
        revision,
        events[i],
        events[i + 1],
        events[i + 2],
        events[i + 3],
        recordedAt,
      );
      pos = Number(result.lastInsertRowid);
    }
    this.statements.upsertStream.run(stream, revision);
    return { revision, pos };
  }

  /** The same events appended again: answer with the original result, write nothing. */
  private replayedAppend(stream: string, events: string[]): { revision: number; pos: number } | undefined {
    const existing = this.statements.byEventId.get(events[0]) as
      | { stream_id: string; revision: number }
      | undefined;
    if (!existing) return undefined;
    const count = events.length / FIELDS_PER_EVENT;
    const stored = this.statements.streamRange.all(
      stream,
      existing.revision,
      existing.revision + count - 1,
    ) as { pos: number; revision: number; event_id: string }[];
    const same =
      existing.stream_id === stream &&
      stored.length === count &&
      stored.every((row, i) => row.event_id === events[i * FIELDS_PER_EVENT]);
    const last = stored[stored.length - 1];
    if (!same || !last) {
      const current = this.currentRevision(stream);
      throw new WrongExpectedRevisionError(stream, 'any', current === -1 ? 'no_stream' : current);
    }
    return { revision: last.revision, pos: last.pos };
  }

  private currentRevision(stream: string): number {
    return (this.statements.stream.get(stream) as { revision: number } | undefined)?.revision ?? -1;
  }

  private lastPos(): number {
    return (this.statements.lastPos.get() as { pos: number } | undefined)?.pos ?? 0;
  }
}

function checkExpected(streamId: string, expected: ExpectedRevision, current: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === -1) ||
    (expected === 'stream_exists' && current !== -1) ||
    expected === current;
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current === -1 ? 'no_stream' : current);
}

function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' && { code }) };
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    upsertStream: db.prepare(
      'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
    ),
    setMetadata: db.prepare(
      `INSERT INTO streams (stream_id, revision, max_age_seconds, max_count) VALUES (@stream, -1, @maxAge, @maxCount)
       ON CONFLICT (stream_id) DO UPDATE SET max_age_seconds = @maxAge, max_count = @maxCount`,
    ),
    stream: db.prepare('SELECT revision FROM streams WHERE stream_id = ?'),
    byEventId: db.prepare('SELECT stream_id, revision FROM events WHERE event_id = ?'),
    streamRange: db.prepare(
      'SELECT pos, revision, event_id FROM events WHERE stream_id = ? AND revision BETWEEN ? AND ? ORDER BY revision',
    ),
    lastPos: db.prepare("SELECT seq AS pos FROM sqlite_sequence WHERE name = 'events'"),
    purgeByCount: db.prepare(
      `DELETE FROM events WHERE pos IN (
         SELECT e.pos FROM streams s JOIN events e ON e.stream_id = s.stream_id
         WHERE s.max_count IS NOT NULL AND e.revision <= s.revision - s.max_count)`,
    ),
    purgeByAge: db.prepare(
      `DELETE FROM events WHERE pos IN (
         SELECT e.pos FROM streams s JOIN events e ON e.stream_id = s.stream_id
         WHERE s.max_age_seconds IS NOT NULL
           AND e.recorded_at < strftime('%Y-%m-%dT%H:%M:%fZ', (? / 1000.0) - s.max_age_seconds, 'unixepoch'))`,
    ),
  };
}
