import type Database from 'better-sqlite3';
import type { Change, Fields, Value } from '../changes';

const toSql = (value: Value): string | number | null =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value;

/**
 * A projection's changes as SQLite writes guarded on the row's position: an upsert or update applies
 * only to a row whose position is older, so a redelivered change does nothing.
 */
export class GuardedWrites {
  private readonly writes = new Map<string, Write>();

  constructor(private readonly db: Database.Database) {}

  /**
   * Applies a change to `table` (its generation's table) if the row is older than `position`, through
   * a statement prepared once per shape of change.
   */
  apply(change: Change, table: string, position: string): void {
    let shape = `${change.kind}|${table}|`;
    for (const field in change.key) shape += `${field},`;
    shape += '|';
    for (const field in change.set) shape += `${field},`;
    if (change.kind === 'update' && change.match) {
      shape += '|';
      for (const field in change.match) shape += `${field},`;
    }
    let write = this.writes.get(shape);
    if (!write) {
      write = prepareWrite(this.db, change, table);
      this.writes.set(shape, write);
    }
    write.statement.run(write.parameters(change, position));
  }

  /** Forgets the prepared statements (after tables they name are dropped). */
  clear(): void {
    this.writes.clear();
  }
}

/** A prepared write and how to lay out a change's values as its positional parameters. */
interface Write {
  statement: Database.Statement;
  parameters: (change: Change, position: string) => (string | number | null)[];
}

function prepareWrite(db: Database.Database, change: Change, table: string): Write {
  const keys = Object.keys(change.key);
  const fields = Object.keys(change.set);
  if (change.kind === 'upsert') {
    const columns = [...keys, ...fields, 'pos'];
    const sets = [...fields, 'pos'].map((f) => `${f} = excluded.${f}`);
    return {
      statement: db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sets.join(', ')} WHERE ${table}.pos < excluded.pos`,
      ),
      parameters: (c, position) => {
        const values = valuesOf(c.key);
        valuesOf(c.set, values);
        values.push(position);
        return values;
      },
    };
  }
  const matches = Object.keys(change.match ?? {});
  const where = [...keys.map((k) => `${k} = ?`), 'pos < ?', ...matches.map((m) => `${m} IS ?`)];
  return {
    statement: db.prepare(
      `UPDATE ${table} SET ${[...fields, 'pos'].map((f) => `${f} = ?`).join(', ')} WHERE ${where.join(' AND ')}`,
    ),
    parameters: (c, position) => {
      const values = valuesOf(c.set);
      values.push(position);
      valuesOf(c.key, values);
      values.push(position);
      if (c.kind === 'update' && c.match) valuesOf(c.match, values);
      return values;
    },
  };
}

/** Appends a change's values in the order of its fields, the order its statement was prepared in. */
function valuesOf(fields: Fields, values: (string | number | null)[] = []): (string | number | null)[] {
  for (const field in fields) values.push(toSql(fields[field] as Value));
  return values;
}
