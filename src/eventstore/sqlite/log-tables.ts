import type Database from 'better-sqlite3';

/** The embedded log's tables, their rows, and the reads the store runs on them. */

export const SCHEMA = `
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

export interface EventRow {
  pos: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

export interface StreamRow {
  revision: number;
  max_age_seconds: number | null;
  max_count: number | null;
}

/** How many events a subscription reads from the log at a time. */
export const TAIL_PAGE = 500;

export function prepareReads(db: Database.Database) {
  return {
    stream: db.prepare('SELECT revision, max_age_seconds, max_count FROM streams WHERE stream_id = ?'),
    streamForwards: db.prepare(
      'SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND recorded_at >= ? ORDER BY revision LIMIT ?',
    ),
    streamBackwards: db.prepare(
      'SELECT * FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? AND recorded_at >= ? ORDER BY revision DESC LIMIT ?',
    ),
    allForwards: db.prepare('SELECT * FROM events WHERE pos > ? ORDER BY pos LIMIT ?'),
    // The live tail's reads run after every commit, so their LIMIT is written into the SQL: SQLite
    // prepares a statement whose LIMIT is a bound parameter again on every run (perf shows a quarter of
    // such a read in sqlite3Reprepare; with the constant a page of a few rows costs about a third less).
    tailForwards: db.prepare(`SELECT * FROM events WHERE pos > ? ORDER BY pos LIMIT ${TAIL_PAGE}`),
    anyAfter: db.prepare('SELECT 1 FROM events WHERE pos > ? LIMIT 1'),
    lastPos: db.prepare("SELECT seq AS pos FROM sqlite_sequence WHERE name = 'events'"),
  };
}
