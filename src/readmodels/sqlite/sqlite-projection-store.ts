import type Database from 'better-sqlite3';
import { comparePositions } from '../../eventstore/port';
import type { PositionedChange } from '../changes';
import { coalesce } from '../coalesce';
import type { ProjectionFault, ProjectionStore } from '../port';
import { TABLES, type TableName, type TableSpec, tablesOf } from '../tables';
import { BatchApplier, type BatchRequest } from './batch-applier';
import { encodeWrites } from './encoded-writes';
import type { ProjectionWriter } from './projection-writer';
import { fullTextIndexName, fullTextTableSql } from './sqlite-full-text';
import { CHECKPOINT_SQL, tableName } from './table-names';

export { tableName } from './table-names';

export const META_SCHEMA = `
CREATE TABLE IF NOT EXISTS generations (projection TEXT PRIMARY KEY, current INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS leases (projection TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS projection_faults (projection TEXT PRIMARY KEY, fault TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (
  projection TEXT NOT NULL,
  generation INTEGER NOT NULL,
  position TEXT,
  PRIMARY KEY (projection, generation)
);
`;

function createTableSql(table: TableName, generation: number): string {
  const spec: TableSpec = TABLES[table];
  const name = tableName(table, generation);
  if (spec.fullText) return fullTextTableSql(name, spec, spec.fullText);
  const columns = Object.entries(spec.fields).map(
    ([field, type]) => `${field} ${type === 'text' ? 'TEXT' : 'INTEGER'}`,
  );
  const indexes = spec.indexes.map(
    (fields, i) => `CREATE INDEX IF NOT EXISTS ${name}_i${i} ON ${name} (${fields.join(', ')});`,
  );
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (${columns.join(', ')}, pos TEXT NOT NULL, PRIMARY KEY (${spec.key.join(', ')})) WITHOUT ROWID;`,
    ...indexes,
  ].join('\n');
}

/**
 * The projection runner's side of the embedded read models: changes and the checkpoint commit in one
 * transaction. Every write is guarded on the document's position, so replayed events change nothing.
 *
 * Because they commit together, no document is newer than its generation's checkpoint, and the
 * checkpoint only moves forwards. A batch that starts after the checkpoint is therefore new to every
 * document, and its changes are folded per document before writing (see coalesce): a conversation's
 * row is written once per batch, not once per message. A batch that does not (a redelivery) is
 * written change by change, each guarded on its own position.
 *
 * A generation this store created and has not switched to yet (a rebuild) is written by a writer
 * thread (ProjectionWriter) on its own connection, when the store has one: the batches are folded and
 * laid out here and committed there, so the rebuild reads and projects the log while the previous batch
 * is written. The generations in service are written here, on the event loop: for the live projector's
 * small batches the hop to a thread and back cost more CPU than the transaction it moved, and on two
 * cores that CPU is what sends are short of (see docs/performance.md).
 */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly applier: BatchApplier;
  /** Generations being built by this store (projection and number), written by the writer thread. */
  private readonly building = new Set<string>();

  constructor(
    private readonly db: Database.Database,
    private readonly writer?: ProjectionWriter,
  ) {
    db.exec(META_SCHEMA);
    this.applier = new BatchApplier(db);
  }

  async currentGeneration(projection: string): Promise<number> {
    // The runner asks before every batch: read without the write lock, take it only to create.
    const current = this.statement('SELECT current FROM generations WHERE projection = ?');
    const row = current.get(projection) as { current: number } | undefined;
    if (row) return row.current;
    return this.db
      .transaction(() => {
        const raced = current.get(projection) as { current: number } | undefined;
        if (raced) return raced.current;
        this.createTables(projection, 1);
        this.statement('INSERT INTO generations (projection, current) VALUES (?, 1)').run(projection);
        return 1;
      })
      .immediate();
  }

  async checkpoint(projection: string, generation: number): Promise<string | undefined> {
    return this.checkpointRow(projection, generation);
  }

  async apply(
    projection: string,
    generation: number,
    changes: PositionedChange[],
    checkpoint: string,
  ): Promise<void> {
    const applied = this.checkpointRow(projection, generation);
    const request = { projection, generation, checkpoint };
    if (isNewBatch(changes, applied, checkpoint)) {
      const folded = { ...request, expected: applied ?? null, writes: encodeWrites(coalesce(changes)) };
      if ((await this.commit(folded)) === 'applied') return;
    }
    await this.commit({ ...request, writes: encodeWrites(changes) });
  }

  private async commit(request: BatchRequest): Promise<'applied' | 'stale'> {
    if (this.writer && this.building.has(buildKey(request.projection, request.generation)))
      return this.writer.apply(request);
    return this.applier.apply(request);
  }

  async createGeneration(projection: string): Promise<number> {
    const generation = this.db
      .transaction(() => {
        const row = this.db
          .prepare('SELECT max(generation) AS newest FROM checkpoints WHERE projection = ?')
          .get(projection) as { newest: number | null };
        const current = this.db
          .prepare('SELECT current FROM generations WHERE projection = ?')
          .get(projection) as { current: number } | undefined;
        const next = Math.max(row.newest ?? 0, current?.current ?? 0) + 1;
        this.createTables(projection, next);
        return next;
      })
      .immediate();
    this.building.add(buildKey(projection, generation));
    return generation;
  }

  async switchGeneration(projection: string, generation: number): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO generations (projection, current) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET current = excluded.current',
      )
      .run(projection, generation);
    // In service now: the live projector writes it from here on, on this connection.
    this.building.delete(buildKey(projection, generation));
  }

  async dropGeneration(projection: string, generation: number): Promise<void> {
    this.db
      .transaction(() => {
        for (const table of tablesOf(projection)) {
          this.db.exec(`DROP TABLE IF EXISTS ${tableName(table, generation)}`);
          this.db.exec(`DROP TABLE IF EXISTS ${fullTextIndexName(tableName(table, generation))}`);
        }
        this.db
          .prepare('DELETE FROM checkpoints WHERE projection = ? AND generation = ?')
          .run(projection, generation);
      })
      .immediate();
    this.building.delete(buildKey(projection, generation));
    this.statements.clear();
    this.applier.forget();
    this.writer?.forgetStatements();
  }

  async generations(projection: string): Promise<{ generation: number; checkpoint: string | undefined }[]> {
    const rows = this.db
      .prepare('SELECT generation, position FROM checkpoints WHERE projection = ? ORDER BY generation')
      .all(projection) as { generation: number; position: string | null }[];
    return rows.map((r) => ({ generation: r.generation, checkpoint: r.position ?? undefined }));
  }

  async claimLease(projection: string, owner: string, ttlMs: number, replacing?: string): Promise<boolean> {
    const now = Date.now();
    const claimed = this.statement(
      `INSERT INTO leases (projection, owner, expires_at) VALUES (@projection, @owner, @expires)
       ON CONFLICT (projection) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.owner = excluded.owner OR leases.expires_at <= @now OR leases.owner = @replacing`,
    ).run({ projection, owner, expires: now + ttlMs, now, replacing: replacing ?? null });
    return claimed.changes > 0;
  }

  async leaseHolder(projection: string): Promise<string | undefined> {
    const row = this.statement('SELECT owner FROM leases WHERE projection = ? AND expires_at > ?').get(
      projection,
      Date.now(),
    ) as { owner: string } | undefined;
    return row?.owner;
  }

  async releaseLease(projection: string, owner: string): Promise<void> {
    this.statement('DELETE FROM leases WHERE projection = ? AND owner = ?').run(projection, owner);
  }

  async reportFault(projection: string, fault: ProjectionFault | undefined): Promise<void> {
    if (fault === undefined) {
      this.statement('DELETE FROM projection_faults WHERE projection = ?').run(projection);
      return;
    }
    this.statement(
      `INSERT INTO projection_faults (projection, fault) VALUES (?, ?)
       ON CONFLICT (projection) DO UPDATE SET fault = excluded.fault`,
    ).run(projection, JSON.stringify(fault));
  }

  async faultOf(projection: string): Promise<ProjectionFault | undefined> {
    const row = this.statement('SELECT fault FROM projection_faults WHERE projection = ?').get(projection) as
      | { fault: string }
      | undefined;
    return row ? (JSON.parse(row.fault) as ProjectionFault) : undefined;
  }

  private createTables(projection: string, generation: number): void {
    for (const table of tablesOf(projection)) {
      this.db.exec(createTableSql(table, generation));
      this.addMissingColumns(table, generation);
    }
    this.db
      .prepare('INSERT OR IGNORE INTO checkpoints (projection, generation, position) VALUES (?, ?, NULL)')
      .run(projection, generation);
  }

  /**
   * A field added to a table after its generation was created arrives as a column of nulls: rows
   * written before it read as "not recorded" until a rebuild fills them.
   */
  private addMissingColumns(table: TableName, generation: number): void {
    const name = tableName(table, generation);
    const present = new Set(
      (this.db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => c.name),
    );
    for (const [field, type] of Object.entries(TABLES[table].fields)) {
      if (!present.has(field))
        this.db.exec(`ALTER TABLE ${name} ADD COLUMN ${field} ${type === 'text' ? 'TEXT' : 'INTEGER'}`);
    }
  }

  private checkpointRow(projection: string, generation: number): string | undefined {
    const row = this.statement(CHECKPOINT_SQL).get(projection, generation) as
      | { position: string | null }
      | undefined;
    return row?.position ?? undefined;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Whether no document can have seen any change of the batch: its positions ascend, start after the
 * checkpoint already applied and end at or before the checkpoint it commits with.
 */
function isNewBatch(
  changes: readonly PositionedChange[],
  applied: string | undefined,
  checkpoint: string,
): boolean {
  let previous = applied;
  for (const { position } of changes) {
    const order = previous === undefined ? 1 : comparePositions(position, previous);
    if (order < 0 || (order === 0 && previous === applied)) return false;
    previous = position;
  }
  return previous === undefined || comparePositions(previous, checkpoint) <= 0;
}

function buildKey(projection: string, generation: number): string {
  return `${projection}\u0000${generation}`;
}
