import type Database from 'better-sqlite3';
import type { TableName } from '../tables';
import {
  type EncodedWrites,
  guardedWriteSql,
  parameterCount,
  shapeKey,
  type WriteShape,
} from './encoded-writes';
import { tableName } from './table-names';

interface Prepared {
  statement: Database.Statement;
  parameters: number;
}

/**
 * Applies encoded writes to a generation's tables, each guarded on the row's position (see
 * guardedWriteSql), through a statement prepared once per shape and generation.
 */
export class GuardedWrites {
  private readonly prepared = new Map<string, Prepared>();

  constructor(private readonly db: Database.Database) {}

  apply(batch: EncodedWrites, generation: number): void {
    const statements = batch.shapes.map((shape) => this.statementFor(shape, generation));
    const { ops, values } = batch;
    let offset = 0;
    for (const op of ops) {
      const { statement, parameters } = statements[op] as Prepared;
      statement.run(values.slice(offset, offset + parameters));
      offset += parameters;
    }
  }

  /** Forgets the prepared statements (after tables they name are dropped). */
  clear(): void {
    this.prepared.clear();
  }

  private statementFor(shape: WriteShape, generation: number): Prepared {
    const id = `${generation}|${shapeKey(shape)}`;
    let prepared = this.prepared.get(id);
    if (!prepared) {
      const table = tableName(shape.table as TableName, generation);
      prepared = {
        statement: this.db.prepare(guardedWriteSql(shape, table)),
        parameters: parameterCount(shape),
      };
      this.prepared.set(id, prepared);
    }
    return prepared;
  }
}
