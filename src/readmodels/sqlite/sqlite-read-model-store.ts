import { MAIN_THREAD_BUSY_TIMEOUT_MS, openDatabase } from '../../sqlite/open-database';
import type { ReadModelStore } from '../port';
import { PROJECTION_NAMES } from '../tables';
import { SqliteProjectionStore } from './sqlite-projection-store';
import { SqliteReadModels } from './sqlite-read-models';

/**
 * The embedded read models: their own SQLite file beside the log. They are derived and rebuildable, so
 * they commit with synchronous=NORMAL (a power loss may lose the last batches, which the projections
 * re-apply from their checkpoint, written in the same transaction).
 */
export async function openSqliteReadModels(file: string): Promise<ReadModelStore> {
  const db = openDatabase(file, { synchronous: 'NORMAL', busyTimeoutMs: MAIN_THREAD_BUSY_TIMEOUT_MS });
  const projections = new SqliteProjectionStore(db);
  for (const projection of PROJECTION_NAMES) await projections.currentGeneration(projection);
  return {
    readModels: new SqliteReadModels(db),
    projections,
    close: async () => {
      db.close();
    },
  };
}
