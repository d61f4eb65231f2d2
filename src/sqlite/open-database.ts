/** Opening a better-sqlite3 database the way every embedded store here needs it (WAL, sync level, lock wait). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface OpenOptions {
  /** FULL for data that must survive a power loss; OFF for data that is derived or ephemeral. */
  synchronous: 'FULL' | 'NORMAL' | 'OFF';
  /** Leave WAL checkpoints to a background checkpointer instead of the committing connection. */
  manualCheckpoints?: boolean;
  /**
   * How long a statement waits for another connection's write lock before failing with SQLITE_BUSY.
   * better-sqlite3 waits synchronously: on the main thread, keep it short, or a lock held by another
   * process freezes every request of the node; the supervised loops retry with a backoff instead.
   */
  busyTimeoutMs: number;
}

/** For connections on the event loop: a short wait, then SQLITE_BUSY (retried, or a 503). */
export const MAIN_THREAD_BUSY_TIMEOUT_MS = 200;

export function openDatabase(file: string, options: OpenOptions): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  // Another process may hold the write lock briefly (a second node on the same file).
  db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  if (options.manualCheckpoints) db.pragma('wal_autocheckpoint = 0');
  return db;
}
