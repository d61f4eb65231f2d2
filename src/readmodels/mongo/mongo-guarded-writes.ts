import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { Change, Fields } from '../changes';
import { TABLES, type TableName } from '../tables';

/**
 * How a projection's change becomes one MongoDB write guarded on the document's position (decision 8):
 * a redelivered or older change matches nothing.
 */

/**
 * A document's `_id`, from its table's key fields in the table's key order: the value itself for a
 * one-field key, else the JSON array of the values (unambiguous, and free of the NUL characters that
 * FerretDB's SQLite backend would have to store inside JSON). The key fields are stored as fields too.
 */
export function documentId(table: TableName, key: Fields): string {
  const fields = TABLES[table].key;
  const values = fields.map((field) => {
    const value = key[field];
    if (value === undefined) throw new Error(`${table}: key field ${field} missing`);
    return value;
  });
  return values.length === 1 ? String(values[0]) : JSON.stringify(values);
}

/** A read-model document: its key, fields and `pos`, under a string `_id` (see documentId). */
export interface Row extends Document {
  _id: string;
}

export interface Write {
  op: AnyBulkWriteOperation<Row>;
  upsert: boolean;
}

/** A change as one guarded updateOne: it applies only to a document whose position is older. */
export function writeOf(change: Change, position: string): Write {
  const table = change.table as TableName;
  if (change.kind === 'upsert') {
    const _id = documentId(table, change.key);
    // When the document exists at `position` or later the filter matches nothing and the upsert tries
    // to insert a second document with that _id: a duplicate-key error that means "already newer".
    return {
      op: {
        updateOne: {
          filter: { _id, pos: { $lt: position } },
          update: { $set: { ...change.key, ...change.set, pos: position } },
          upsert: true,
        },
      },
      upsert: true,
    };
  }
  if (!isDocumentKey(table, change.key)) {
    // updateAll: every document the key's fields match, each still guarded on its own position.
    return {
      op: {
        updateMany: {
          filter: { ...change.key, pos: { $lt: position }, ...change.match },
          update: { $set: { ...change.set, pos: position } },
        },
      },
      upsert: false,
    };
  }
  return {
    op: {
      updateOne: {
        filter: { _id: documentId(table, change.key), pos: { $lt: position }, ...change.match },
        update: { $set: { ...change.set, pos: position } },
      },
    },
    upsert: false,
  };
}

/** Whether a change's key names one document (the table's key fields exactly), not a filter. */
function isDocumentKey(table: TableName, key: Fields): boolean {
  const fields = TABLES[table].key as readonly string[];
  const named = Object.keys(key);
  return named.length === fields.length && named.every((field) => fields.includes(field));
}
