import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { MAIN_THREAD_BUSY_TIMEOUT_MS, openDatabase } from '../../sqlite/open-database';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  InvalidPositionError,
  type Position,
  passes,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
  type Subscription,
} from '../port';
import { ChangeNotifier } from './change-notifier';
import { startCheckpointer } from './checkpointer';
import { EventWriter } from './event-writer';
import { type EventRow, prepareReads, SCHEMA, type StreamRow, TAIL_PAGE } from './log-tables';

/** How many pages subscriptions may share (see tailPage). */
const SHARED_PAGES = 8;
const PURGE_INTERVAL_MS = 60_000;

/**
 * The embedded event store: one SQLite file in WAL mode with `synchronous=FULL`, so an acknowledged
 * append survives a process crash and a power loss. Writes go to a writer thread (EventWriter) that
 * group-commits whatever arrived during its previous commit, one transaction with a savepoint per
 * append, so the fsync never blocks this thread; reads run here on a connection of their own (WAL
 * readers and the writer do not block each other). WAL checkpoints run in a third thread.
 */
export class SqliteEventStore implements EventStore {
  private readonly writer: EventWriter;
  private readonly notifier: ChangeNotifier;
  private readonly stopCheckpointer: () => Promise<void>;
  private readonly purgeTimer: NodeJS.Timeout;
  private readonly subscriptions = new Set<Subscription>();
  private readonly sharedPages = new Map<number, EventRow[]>();
  private closed = false;

  private readonly statements: ReturnType<typeof prepareReads>;

  private constructor(
    private readonly db: Database.Database,
    private readonly epoch: string,
    file: string,
  ) {
    this.statements = prepareReads(db);
    this.notifier = new ChangeNotifier(() => this.lastPos());
    this.writer = new EventWriter(
      file,
      (pos) => this.encode(pos),
      (head) => this.notifier.changed(head),
    );
    this.stopCheckpointer = startCheckpointer(file);
    // Best effort: a purge that fails (say, the lock held too long) is retried on the next interval.
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch(() => {}), PURGE_INTERVAL_MS).unref();
  }

  static open(file: string): SqliteEventStore {
    if (file === ':memory:') {
      throw new Error(
        'the embedded event store needs a file: its writer thread opens it on its own connection',
      );
    }
    const db = openDatabase(file, {
      synchronous: 'FULL',
      manualCheckpoints: true,
      busyTimeoutMs: MAIN_THREAD_BUSY_TIMEOUT_MS,
    });
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
    return this.writer.append(streamId, events, expected);
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

  /**
   * The next page for a subscription. Every subscription at the tail wakes on the same commit and asks
   * for the page after the same position, so the first one reads it and the others share its rows. A
   * page read once stays a true prefix of the log after its position, because a position is assigned
   * under the write lock and becomes visible only with its commit: a later read could return more
   * rows, never other ones. Empty pages are not kept, or a subscription would never see the next commit.
   */
  private tailPage(after: number): EventRow[] {
    const shared = this.sharedPages.get(after);
    if (shared) return shared;
    const page = this.statements.tailForwards.all(after) as EventRow[];
    if (page.length > 0) {
      if (this.sharedPages.size >= SHARED_PAGES) {
        const oldest = this.sharedPages.keys().next().value as number;
        this.sharedPages.delete(oldest);
      }
      this.sharedPages.set(after, page);
    }
    return page;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    let last =
      options.after === 'end' ? this.lastPos() : options.after === undefined ? 0 : this.decode(options.after);
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const page = this.closed ? [] : this.tailPage(last);
        let skipped = false;
        for (const row of page) {
          if (stopped) return;
          // The embedded log filters here, in the process: the rows are read either way.
          skipped = !passes(options.filter, row.stream_id);
          if (!skipped) await options.onEvent(this.toRecorded(row));
          last = row.pos;
        }
        if (skipped && !stopped) await options.onCheckpoint?.(this.encode(last));
        // Positions up to the head may all have been purged (stream limits): step over the gap, or the
        // wait below would return at once, again and again. The head is read first, so every row up to
        // it has committed, and a second empty read proves there is none left to deliver.
        if (page.length === 0 && !this.closed) {
          const head = this.lastPos();
          if (head > last && this.statements.anyAfter.get(last) === undefined) last = head;
        }
        // A short page ended at the head as it was when read: wait for a commit rather than read an empty
        // page first (the wait returns at once when the head has moved on meanwhile).
        if (page.length < TAIL_PAGE) await this.notifier.waitFor(last, () => stopped);
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
    if (this.closed) throw new Error('event store is closed');
    await this.writer.setMetadata(streamId, metadata);
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

  get positionPattern(): RegExp {
    return new RegExp(`^${this.epoch}:[0-9a-f]{16}$`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    clearInterval(this.purgeTimer);
    await this.writer.close();
    this.notifier.stop();
    await this.stopCheckpointer();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  /** Drops events that their stream's max age or max count has hidden. */
  async purgeExpired(): Promise<void> {
    if (this.closed) return;
    await this.writer.purge(Date.now());
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
