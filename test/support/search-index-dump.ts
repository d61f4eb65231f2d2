import Database from 'better-sqlite3';
import { fullTextIndexName } from '../../src/readmodels/sqlite/sqlite-full-text';
import { tableName } from '../../src/readmodels/sqlite/sqlite-projection-store';

/**
 * The embedded search index of the current generation as data: every row of `search_messages` with its
 * `doc_id` (the FTS5 rowid, which orders hits), and every (term, rowid, offset) the FTS5 index holds,
 * read through fts5vocab. Two indexes that dump alike answer every search alike.
 */
export function dumpSearchIndex(readModelsFile: string): { rows: unknown[]; terms: unknown[] } {
  const db = new Database(readModelsFile);
  try {
    const { current } = db.prepare("SELECT current FROM generations WHERE projection = 'search'").get() as {
      current: number;
    };
    const table = tableName('search_messages', current);
    const fts = fullTextIndexName(table);
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY doc_id`).all();
    // pos is the last applied position, which the same log reproduces too.
    db.exec(`CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, '${fts}', 'instance')`);
    const terms = db
      .prepare('SELECT term, doc, offset FROM temp.search_vocab ORDER BY term, doc, offset')
      .all();
    return { rows, terms };
  } finally {
    db.close();
  }
}
