import type Database from 'better-sqlite3';
import { projectionNamed } from '../../projections/catalog';
import type { Change, Fields, PositionedChange, Value } from '../../projections/changes';
import { TABLES, type TableName } from '../../projections/tables';
import type { ProjectionStore } from '../port';

export const META_SCHEMA = `
CREATE TABLE IF NOT EXISTS generations (projection TEXT PRIMARY KEY, current INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS leases (projection TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (
  projection TEXT NOT NULL,
  generation INTEGER NOT NULL,
  position TEXT,
  PRIMARY KEY (projection, generation)
);
`;

export function tableName(table: TableName, generation: number): string {
  return `${table}_g${generation}`;
}

function createTableSql(table: TableName, generation: number): string {
  const spec = TABLES[table];
  const name = tableName(table, generation);
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

const toSql = (value: Value): string | number | null =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value;

/**
 * The projection runner's side of the embedded read models: changes and the checkpoint commit in one
 * transaction. Every write is guarded on the document's position, so replayed events change nothing.
 */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    db.exec(META_SCHEMA);
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
    const row = this.db
      .prepare('SELECT position FROM checkpoints WHERE projection = ? AND generation = ?')
      .get(projection, generation) as { position: string | null } | undefined;
    return row?.position ?? undefined;
  }

  async apply(
    projection: string,
    generation: number,
    changes: PositionedChange[],
    checkpoint: string,
  ): Promise<void> {
    this.db
      .transaction(() => {
        for (const { change, position } of changes) this.applyOne(change, generation, position);
        this.statement(
          'INSERT INTO checkpoints (projection, generation, position) VALUES (?, ?, ?) ON CONFLICT (projection, generation) DO UPDATE SET position = excluded.position',
        ).run(projection, generation, checkpoint);
      })
      .immediate();
  }

  async createGeneration(projection: string): Promise<number> {
    return this.db
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
  }

  async switchGeneration(projection: string, generation: number): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO generations (projection, current) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET current = excluded.current',
      )
      .run(projection, generation);
  }

  async dropGeneration(projection: string, generation: number): Promise<void> {
    this.db
      .transaction(() => {
        for (const table of projectionNamed(projection).tables) {
          this.db.exec(`DROP TABLE IF EXISTS ${tableName(table, generation)}`);
        }
        this.db
          .prepare('DELETE FROM checkpoints WHERE projection = ? AND generation = ?')
          .run(projection, generation);
      })
      .immediate();
    this.statements.clear();
  }

  async generations(projection: string): Promise<{ generation: number; checkpoint: string | undefined }[]> {
    const rows = this.db
      .prepare('SELECT generation, position FROM checkpoints WHERE projection = ? ORDER BY generation')
      .all(projection) as { generation: number; position: string | null }[];
    return rows.map((r) => ({ generation: r.generation, checkpoint: r.position ?? undefined }));
  }

  async claimLease(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const claimed = this.statement(
      `INSERT INTO leases (projection, owner, expires_at) VALUES (@projection, @owner, @expires)
       ON CONFLICT (projection) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.owner = excluded.owner OR leases.expires_at <= @now`,
    ).run({ projection, owner, expires: now + ttlMs, now });
    return claimed.changes > 0;
  }

  async releaseLease(projection: string, owner: string): Promise<void> {
    this.statement('DELETE FROM leases WHERE projection = ? AND owner = ?').run(projection, owner);
  }

  private createTables(projection: string, generation: number): void {
    for (const table of projectionNamed(projection).tables) this.db.exec(createTableSql(table, generation));
    this.db
      .prepare('INSERT OR IGNORE INTO checkpoints (projection, generation, position) VALUES (?, ?, NULL)')
      .run(projection, generation);
  }

  private applyOne(change: Change, generation: number, position: string): void {
    const table = tableName(change.table as TableName, generation);
    const keys = Object.keys(change.key);
    const fields = Object.keys(change.set);
    const matches = change.kind === 'update' ? Object.keys(change.match ?? {}) : [];
    const signature = `${change.kind}|${table}|${keys}|${fields}|${matches}`;
    let statement = this.statements.get(signature);
    if (!statement) {
      statement = this.db.prepare(
        change.kind === 'upsert' ? upsertSql(table, keys, fields) : updateSql(table, keys, fields, matches),
      );
      this.statements.set(signature, statement);
    }
    const params: Record<string, string | number | null> = { pos: position };
    for (const [field, value] of Object.entries(change.key)) params[`k_${field}`] = toSql(value);
    for (const [field, value] of Object.entries(change.set)) params[`s_${field}`] = toSql(value);
    if (change.kind === 'update') {
      for (const [field, value] of Object.entries(change.match ?? ({} as Fields)))
        params[`m_${field}`] = toSql(value);
    }
    statement.run(params);
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

function upsertSql(table: string, keys: string[], fields: string[]): string {
  const columns = [...keys, ...fields, 'pos'];
  const values = [...keys.map((k) => `@k_${k}`), ...fields.map((f) => `@s_${f}`), '@pos'];
  const sets = [...fields, 'pos'].map((f) => `${f} = excluded.${f}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sets.join(', ')} WHERE ${table}.pos < excluded.pos`;
}

function updateSql(table: string, keys: string[], fields: string[], matches: string[]): string {
  const sets = [...fields.map((f) => `${f} = @s_${f}`), 'pos = @pos'];
  const where = [
    ...keys.map((k) => `${k} = @k_${k}`),
    'pos < @pos',
    ...matches.map((m) => `${m} IS @m_${m}`),
  ];
  return `UPDATE ${table} SET ${sets.join(', ')} WHERE ${where.join(' AND ')}`;
}
