import type Database from 'better-sqlite3';
import { TABLES, type TableName } from '../tables';
import type { WriteShape } from './encoded-writes';
import type { ApplyRequest } from './projection-writer-protocol';
import { fullTextIndexName } from './sqlite-full-text';
import { GuardedWrites } from './sqlite-guarded-writes';
import { ADVANCE_CHECKPOINT_SQL, CHECKPOINT_SQL, tableName } from './table-names';

export type BatchRequest = Omit<ApplyRequest, 'op' | 'id'>;

/**
 * Applies a projection's batch and moves its checkpoint in one transaction, on whichever connection
 * (and thread) owns the writes. Folded writes carry the checkpoint they were folded against: if it has
 * moved meanwhile (another writer), nothing is applied and the caller sends the writes unfolded.
 */
export class BatchApplier {
  private readonly writes: GuardedWrites;
  private readonly inTransaction: Database.Transaction<(request: BatchRequest) => 'applied' | 'stale'>;

  constructor(private readonly db: Database.Database) {
    this.writes = new GuardedWrites(db);
    const readCheckpoint = db.prepare(CHECKPOINT_SQL);
    const advanceCheckpoint = db.prepare(ADVANCE_CHECKPOINT_SQL);
    this.inTransaction = db.transaction((request: BatchRequest) => {
      const { projection, generation, checkpoint, expected } = request;
      if (expected !== undefined) {
        const row = readCheckpoint.get(projection, generation) as { position: string | null } | undefined;
        if ((row?.position ?? null) !== expected) return 'stale';
      }
      this.writes.apply(request.writes, generation);
      advanceCheckpoint.run(projection, generation, checkpoint);
      return 'applied';
    });
  }

  apply(request: BatchRequest): 'applied' | 'stale' {
    const outcome = this.inTransaction.immediate(request);
    if (outcome === 'applied' && request.writes.shapes.some(isFilterWrite)) this.purge(request);
    return outcome;
  }

  /**
   * After a write that rewrote many rows (an erasure), no copy of what it replaced stays in the file:
   * the full-text indexes merge their segments (dropping the deleted entries' tokens), and the WAL is
   * checkpointed and truncated. `secure_delete` (set on every connection) zeroes the freed space.
   */
  private purge(request: BatchRequest): void {
    for (const shape of request.writes.shapes) {
      const spec = TABLES[shape.table as TableName];
      if (!spec || !('fullText' in spec)) continue;
      const fts = fullTextIndexName(tableName(shape.table as TableName, request.generation));
      this.db.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('optimize')`).run();
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Forgets the prepared statements (after tables they name are dropped). */
  forget(): void {
    this.writes.clear();
  }
}

/** An update whose key is a filter (updateAll), not the table's key. */
function isFilterWrite(shape: WriteShape): boolean {
  const spec = TABLES[shape.table as TableName];
  if (!spec || shape.kind !== 'update') return false;
  const key = spec.key as readonly string[];
  return shape.key.length !== key.length || shape.key.some((field) => !key.includes(field));
}
