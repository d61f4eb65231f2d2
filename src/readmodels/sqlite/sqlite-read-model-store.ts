import { MAIN_THREAD_BUSY_TIMEOUT_MS, openDatabase } from '../../sqlite/open-database';
import type { ReadModelStore } from '../port';
import { PROJECTION_NAMES } from '../tables';
import { ProjectionWriter } from './projection-writer';
import { SqliteProjectionStore } from './sqlite-projection-store';
import { SqliteReadModels } from './sqlite-read-models';

export interface SqliteReadModelOptions {
  /**
   * Commit the batches of a generation being rebuilt in a thread of their own (the default for a file),
   * so that the log is read and projected while they are written; false commits everything here.
   */
  writerThread?: boolean;
}

/**
 * The embedded read models: their own SQLite file beside the log. They are derived and rebuildable, so
 * they commit with synchronous=NORMAL (a power loss may lose the last batches, which the projections
 * re-apply from their checkpoint, written in the same transaction).
 */
export async function openSqliteReadModels(
  file: string,
  options: SqliteReadModelOptions = {},
): Promise<ReadModelStore> {
  const db = openDatabase(file, { synchronous: 'NORMAL', busyTimeoutMs: MAIN_THREAD_BUSY_TIMEOUT_MS });
  // Erasure rewrites rows: the space their old values held is zeroed, not left for forensics.
  db.pragma('secure_delete = ON');
  // An in-memory database exists on this connection only.
  const writer =
    file !== ':memory:' && options.writerThread !== false ? new ProjectionWriter(file) : undefined;
  const projections = new SqliteProjectionStore(db, writer);
  for (const projection of PROJECTION_NAMES) await projections.currentGeneration(projection);
  return {
    readModels: new SqliteReadModels(db),
    projections,
    close: async () => {
      await writer?.close();
      db.close();
    },
  };
}
