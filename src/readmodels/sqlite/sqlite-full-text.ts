import type { TableSpec } from '../tables';

/**
 * A table with a full-text field (TableSpec.fullText) on the embedded store: a rowid table with an
 * explicit `doc_id INTEGER PRIMARY KEY` (rowids that VACUUM cannot renumber), the table's key as a
 * unique constraint (the guarded upserts' conflict target), and an external-content FTS5 index over the
 * field kept by triggers, so every write path (whichever thread or batch applies it) keeps the index in
 * the same transaction as the row. Rows are never deleted, so `doc_id` grows in the order rows are
 * first inserted: for messages, log order.
 *
 * Tokenizer: `unicode61 remove_diacritics 2` (letters, digits and private-use characters form tokens;
 * case and diacritics are ignored, including diacritics on characters that carry several).
 */
export const FULL_TEXT_TOKENIZER = 'unicode61 remove_diacritics 2';

export const fullTextIndexName = (table: string) => `${table}_fts`;

export function fullTextTableSql(name: string, spec: TableSpec, field: string): string {
  const fts = fullTextIndexName(name);
  const columns = Object.entries(spec.fields).map(
    ([f, type]) => `${f} ${type === 'text' ? 'TEXT' : 'INTEGER'}`,
  );
  const indexes = spec.indexes.map(
    (fields, i) => `CREATE INDEX IF NOT EXISTS ${name}_i${i} ON ${name} (${fields.join(', ')});`,
  );
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (doc_id INTEGER PRIMARY KEY, ${columns.join(', ')}, pos TEXT NOT NULL, UNIQUE (${spec.key.join(', ')}));`,
    ...indexes,
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${fts} USING fts5(${field}, content='${name}', content_rowid='doc_id', tokenize='${FULL_TEXT_TOKENIZER}');`,
    `CREATE TRIGGER IF NOT EXISTS ${name}_fts_insert AFTER INSERT ON ${name} BEGIN
       INSERT INTO ${fts} (rowid, ${field}) VALUES (new.doc_id, new.${field});
     END;`,
    `CREATE TRIGGER IF NOT EXISTS ${name}_fts_update AFTER UPDATE OF ${field} ON ${name} BEGIN
       INSERT INTO ${fts} (${fts}, rowid, ${field}) VALUES ('delete', old.doc_id, old.${field});
       INSERT INTO ${fts} (rowid, ${field}) VALUES (new.doc_id, new.${field});
     END;`,
    `CREATE TRIGGER IF NOT EXISTS ${name}_fts_delete AFTER DELETE ON ${name} BEGIN
       INSERT INTO ${fts} (${fts}, rowid, ${field}) VALUES ('delete', old.doc_id, old.${field});
     END;`,
  ].join('\n');
}
