import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface LogHead {
  /** The last position written (0 for an empty log). */
  pos: number;
  events: number;
}

/**
 * The head of the embedded event log under `dataDir`, read through its own read-only connection:
 * a refused request must leave it where it was.
 */
export function logHead(dataDir: string): LogHead {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare('SELECT COALESCE(MAX(pos), 0) AS pos, COUNT(*) AS events FROM events')
      .get() as LogHead;
    return { pos: row.pos, events: row.events };
  } finally {
    db.close();
  }
}
