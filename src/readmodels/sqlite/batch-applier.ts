import type Database from 'better-sqlite3';
import type { ApplyRequest } from './projection-writer-protocol';
import { GuardedWrites } from './sqlite-guarded-writes';
import { ADVANCE_CHECKPOINT_SQL, CHECKPOINT_SQL } from './table-names';

export type BatchRequest = Omit<ApplyRequest, 'op' | 'id'>;

/**
 * Applies a projection's batch and moves its checkpoint in one transaction, on whichever connection
 * (and thread) owns the writes. Folded writes carry the checkpoint they were folded against: if it has
 * moved meanwhile (another writer), nothing is applied and the caller sends the writes unfolded.
 */
export class BatchApplier {
  private readonly writes: GuardedWrites;
  private readonly inTransaction: Database.Transaction<(request: BatchRequest) => 'applied' | 'stale'>;

  constructor(db: Database.Database) {
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
    return this.inTransaction.immediate(request);
  }

  /** Forgets the prepared statements (after tables they name are dropped). */
  forget(): void {
    this.writes.clear();
  }
}
