import type Database from 'better-sqlite3';
import { MAIN_THREAD_BUSY_TIMEOUT_MS, openDatabase } from '../../sqlite/open-database';
import { EPHEMERAL_MAX_AGE_SECONDS, type EphemeralChannel, type EphemeralSignal } from '../ephemeral';
import type { JsonObject, Subscription } from '../port';

const POLL_MS = 20;
const PURGE_INTERVAL_MS = 10_000;
const PAGE = 1000;

// AUTOINCREMENT: ids are never reused after a purge, so a cursor never skips a new signal.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS signals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
`;

interface SignalRow {
  id: number;
  type: string;
  data: string;
}

interface Listener {
  onSignal: (signal: EphemeralSignal) => void;
  onError: (error: Error) => void;
}

/**
 * Ephemeral signals in their own SQLite file, never fsynced. Every process sharing the file sees them:
 * local subscribers at once, another process's by polling. SQLite serialises writers, so ids become
 * visible in id order and one cursor per channel misses nothing.
 */
export class SqliteEphemeralChannel implements EphemeralChannel {
  private readonly listeners = new Set<Listener>();
  private cursor = 0;
  private pumping = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly purgeTimer: NodeJS.Timeout;
  private readonly statements: ReturnType<typeof prepareStatements>;

  private constructor(private readonly db: Database.Database) {
    this.statements = prepareStatements(db);
    this.purgeTimer = setInterval(
      () => this.ignoringErrors(() => this.purgeExpired()),
      PURGE_INTERVAL_MS,
    ).unref();
  }

  static open(file: string): SqliteEphemeralChannel {
    const db = openDatabase(file, { synchronous: 'OFF', busyTimeoutMs: MAIN_THREAD_BUSY_TIMEOUT_MS });
    db.exec(SCHEMA);
    return new SqliteEphemeralChannel(db);
  }

  async publish(signal: EphemeralSignal): Promise<void> {
    this.statements.insert.run(signal.type, JSON.stringify(signal.data), Date.now());
    if (this.listeners.size > 0) this.pump();
  }

  subscribe(onSignal: (signal: EphemeralSignal) => void, onError: (error: Error) => void): Subscription {
    // Existing listeners get everything published so far; the new one only what comes after this call.
    if (this.listeners.size === 0) this.cursor = this.maxId();
    else this.pump();
    const listener: Listener = { onSignal, onError };
    this.listeners.add(listener);
    this.pollTimer ??= setInterval(() => this.poll(), POLL_MS).unref();
    return {
      close: async () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.stopPolling();
      },
    };
  }

  /** Deletes signals older than the ephemeral maximum age. */
  purgeExpired(nowMs = Date.now()): void {
    this.statements.purge.run(nowMs - EPHEMERAL_MAX_AGE_SECONDS * 1000);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.stopPolling();
    clearInterval(this.purgeTimer);
    if (this.db.open) this.db.close();
  }

  private pump(): void {
    // A listener that publishes re-enters here; the outer loop picks its signal up.
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const rows = this.statements.after.all(this.cursor) as SignalRow[];
        for (const row of rows) {
          this.cursor = row.id;
          const signal = { type: row.type, data: JSON.parse(row.data) as JsonObject };
          for (const listener of [...this.listeners]) this.deliver(listener, signal);
        }
        if (rows.length < PAGE || !this.db.open) return;
      }
    } finally {
      this.pumping = false;
    }
  }

  private maxId(): number {
    return (this.statements.maxId.get() as { id: number }).id;
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** A poll that fails (a locked or failing file) stops every subscription; each subscriber is told. */
  private poll(): void {
    try {
      if (this.db.open) this.pump();
    } catch (error) {
      const failed = [...this.listeners];
      this.listeners.clear();
      this.stopPolling();
      for (const listener of failed) listener.onError(asError(error));
    }
  }

  /** A listener that throws stops its own subscription only, and is told. */
  private deliver(listener: Listener, signal: EphemeralSignal): void {
    try {
      listener.onSignal(signal);
    } catch (error) {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopPolling();
      listener.onError(asError(error));
    }
  }

  private ignoringErrors(work: () => void): void {
    try {
      if (this.db.open) work();
    } catch {
      // Purging is housekeeping: a busy file is purged on the next tick.
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare('INSERT INTO signals (type, data, at_ms) VALUES (?, ?, ?)'),
    // LIMIT in the SQL, not a parameter: SQLite would prepare the statement again on every poll.
    after: db.prepare(`SELECT id, type, data FROM signals WHERE id > ? ORDER BY id LIMIT ${PAGE}`),
    maxId: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM signals'),
    purge: db.prepare('DELETE FROM signals WHERE at_ms < ?'),
  };
}
