import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface OpenOptions {
  /** FULL for data that must survive a power loss; OFF for data that is derived or ephemeral. */
  synchronous: 'FULL' | 'NORMAL' | 'OFF';
  /** Leave WAL checkpoints to a background checkpointer instead of the committing connection. */
  manualCheckpoints?: boolean;
}

export function openDatabase(file: string, options: OpenOptions): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous}`);
  // Another process may hold the write lock briefly (a second node on the same file).
  db.pragma('busy_timeout = 5000');
  if (options.manualCheckpoints) db.pragma('wal_autocheckpoint = 0');
  return db;
}
