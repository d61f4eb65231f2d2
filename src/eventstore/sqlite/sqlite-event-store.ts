import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  InvalidPositionError,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../port';
import { ChangeNotifier } from './change-notifier';
import { startCheckpointer } from './checkpointer';
import { openDatabase } from './open-database';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- AUTOINCREMENT: a position is never reused, even after expired events are purged.
CREATE TABLE IF NOT EXISTS events (
  pos INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  max_age_seconds INTEGER,
  max_count INTEGER
);
`;

interface EventRow {
  pos: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface StreamRow {
  revision: number;
  max_age_seconds: number | null;
  max_count: number | null;
}

interface PendingAppend {
  streamId: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

const PAGE = 500;
const PURGE_INTERVAL_MS = 60_000;

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous=FULL`, so an acknowledged
 * append survives a process crash and a power loss. Appends that arrive together are group-committed
 * in one transaction (a savepoint each, so one conflict does not fail the others), and WAL
 * checkpoints run in a worker thread instead of on the commit path.
 */
export class SqliteEventStore implements EventStore {
  private readonly pending: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly notifier: ChangeNotifier;
  private readonly stopCheckpointer: () => Promise<void>;
  private readonly purgeTimer: NodeJS.Timeout;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly appendOne: (
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ) => AppendResult;

  private constructor(
    private readonly db: Database.Database,
    private readonly epoch: string,
    file: string,
  ) {
    this.statements = prepareStatements(db);
    // A nested better-sqlite3 transaction runs as a savepoint: a throw rolls back this append only.
    this.appendOne = db.transaction((streamId: string, events: EventToAppend[], expected: ExpectedRevision) =>
      this.appendInSavepoint(streamId, events, expected),
    );
    this.notifier = new ChangeNotifier(() => this.lastPos());
    this.stopCheckpointer = file === ':memory:' ? async () => {} : startCheckpointer(file);
    this.purgeTimer = setInterval(() => this.purgeExpired(), PURGE_INTERVAL_MS).unref();
  }

  static open(file: string): SqliteEventStore {
    const db = openDatabase(file, { synchronous: 'FULL', manualCheckpoints: true });
    db.exec(SCHEMA);
    db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(
      'epoch',
      randomBytes(6).toString('hex'),
    );
    const epoch = (db.prepare('SELECT value FROM meta WHERE key = ?').get('epoch') as { value: string })
      .value;
    return new SqliteEventStore(db, epoch, file);
  }

  append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    let outcomes: ({ ok: AppendResult } | { error: unknown })[];
    try {
      outcomes = this.commitBatch(batch);
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    // Acknowledge only after the commit (and its fsync) returned.
    batch.forEach((request, i) => {
      const outcome = outcomes[i];
      if (outcome && 'ok' in outcome) request.resolve(outcome.ok);
      else request.reject(outcome?.error);
    });
    this.notifier.changed();
  }

  // IMMEDIATE takes the write lock at BEGIN, where busy_timeout applies: a deferred transaction that
  // reads first and then writes fails at once with SQLITE_BUSY when another process holds the lock.
  private commitBatch(batch: PendingAppend[]): ({ ok: AppendResult } | { error: unknown })[] {
    return this.db
      .transaction(() =>
        batch.map((request) => {
          try {
            return { ok: this.appendOne(request.streamId, request.events, request.expected) };
          } catch (error) {
            return { error };
          }
        }),
      )
      .immediate();
  }

  private appendInSavepoint(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult {
    {
      const stream = this.streamRow(streamId);
      const current = stream ? stream.revision : -1;
      const first = events[0];
      if (first) {
        const replay = this.replayedAppend(streamId, events);
        if (replay) return replay;
      }
      checkExpected(streamId, expected, current);
      if (!first) return { revision: current, position: this.encode(this.lastPos()) };
      const recordedAt = new Date().toISOString();
      let pos = 0;
      let revision = current;
      for (const event of events) {
        revision++;
        pos = Number(
          this.statements.insert.run(
            streamId,
            revision,
            event.id,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata ?? {}),
            recordedAt,
          ).lastInsertRowid,
        );
      }
      this.statements.upsertStream.run(streamId, revision);
      return { revision, position: this.encode(pos) };
    }
  }

  /** The same events appended again: answer with the original result, write nothing. */
  private replayedAppend(streamId: string, events: EventToAppend[]): AppendResult | undefined {
    const first = events[0];
    if (!first) return undefined;
    const existing = this.statements.byEventId.get(first.id) as
      | { stream_id: string; revision: number }
      | undefined;
    if (!existing) return undefined;
    const stored = this.statements.streamRange.all(
      streamId,
      existing.revision,
      existing.revision + events.length - 1,
    ) as EventRow[];
    const same =
      existing.stream_id === streamId &&
      stored.length === events.length &&
      stored.every((row, i) => row.event_id === events[i]?.id);
    if (!same) {
      throw new WrongExpectedRevisionError(
        streamId,
        'any',
        this.streamRow(streamId)?.revision ?? 'no_stream',
      );
    }
    const last = stored[stored.length - 1] as EventRow;
    return { revision: last.revision, position: this.encode(last.pos) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.streamRow(streamId);
    if (!stream) return [];
    const backwards = options.direction === 'backwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const oldestVisible = stream.max_count === null ? 0 : stream.revision - stream.max_count + 1;
    const notBefore =
      stream.max_age_seconds === null
        ? ''
        : new Date(Date.now() - stream.max_age_seconds * 1000).toISOString();
    const rows = (
      backwards
        ? this.statements.streamBackwards.all(
            streamId,
            options.fromRevision ?? stream.revision,
            oldestVisible,
            notBefore,
            maxCount,
          )
        : this.statements.streamForwards.all(
            streamId,
            Math.max(options.fromRevision ?? 0, oldestVisible),
            notBefore,
            maxCount,
          )
    ) as EventRow[];
    return rows.map((row) => this.toRecorded(row));
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const after = options.after === undefined ? 0 : this.decode(options.after);
    return this.pageAfter(after, options.maxCount).map((row) => this.toRecorded(row));
  }

  private pageAfter(after: number, limit: number): EventRow[] {
    return this.statements.allForwards.all(after, limit) as EventRow[];
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    let last =
      options.after === 'end' ? this.lastPos() : options.after === undefined ? 0 : this.decode(options.after);
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const page = this.closed ? [] : this.pageAfter(last, PAGE);
        if (page.length === 0) {
          await this.notifier.waitFor(last, () => stopped);
          continue;
        }
        for (const row of page) {
          if (stopped) return;
          await options.onEvent(this.toRecorded(row));
          last = row.pos;
        }
      }
    })().catch((error: unknown) => {
      stopped = true;
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    });
    const subscription: Subscription = {
      close: async () => {
        stopped = true;
        this.notifier.wakeAll();
        await loop;
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.statements.setMetadata.run({
      stream: streamId,
      maxAge: metadata.maxAgeSeconds ?? null,
      maxCount: metadata.maxCount ?? null,
    });
  }

  async headPosition(): Promise<Position | undefined> {
    const pos = this.lastPos();
    return pos === 0 ? undefined : this.encode(pos);
  }

  fractionOf(position: Position, head: Position): number {
    const end = this.decode(head);
    return end === 0 ? 1 : Math.min(1, this.decode(position) / end);
  }

  parsePosition(value: string): Position {
    this.decode(value as Position);
    return value as Position;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.flush();
    clearInterval(this.purgeTimer);
    this.notifier.stop();
    await this.stopCheckpointer();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  /** Drops events that their stream's max age or max count has hidden. */
  purgeExpired(): void {
    if (this.closed) return;
    this.statements.purgeByCount.run();
    this.statements.purgeByAge.run(Date.now());
  }

  private streamRow(streamId: string): StreamRow | undefined {
    return this.statements.stream.get(streamId) as StreamRow | undefined;
  }

  private lastPos(): number {
    return (this.statements.lastPos.get() as { pos: number } | undefined)?.pos ?? 0;
  }

  private encode(pos: number): Position {
    return `${this.epoch}:${pos.toString(16).padStart(16, '0')}` as Position;
  }

  private decode(position: Position): number {
    const match = /^([0-9a-f]{12}):([0-9a-f]{16})$/.exec(position);
    if (!match) throw new InvalidPositionError(position, 'not a position of this store');
    if (match[1] !== this.epoch) throw new InvalidPositionError(position, 'it belongs to another event log');
    return Number.parseInt(match[2] as string, 16);
  }

  private toRecorded(row: EventRow): RecordedEvent {
    return {
      streamId: row.stream_id,
      revision: row.revision,
      id: row.event_id,
      type: row.type,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
      position: this.encode(row.pos),
      recordedAt: row.recorded_at,
    };
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
    stream: db.prepare('SELECT revision, max_age_seconds, max_count FROM streams WHERE stream_id = ?'),
    byEventId: db.prepare('SELECT stream_id, revision FROM events WHERE event_id = ?'),
    streamRange: db.prepare(
      'SELECT * FROM events WHERE stream_id = ? AND revision BETWEEN ? AND ? ORDER BY revision',
    ),
    streamForwards: db.prepare(
      'SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND recorded_at >= ? ORDER BY revision LIMIT ?',
    ),
    streamBackwards: db.prepare(
      'SELECT * FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? AND recorded_at >= ? ORDER BY revision DESC LIMIT ?',
    ),
    allForwards: db.prepare('SELECT * FROM events WHERE pos > ? ORDER BY pos LIMIT ?'),
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
