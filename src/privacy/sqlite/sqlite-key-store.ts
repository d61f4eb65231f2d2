import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { MAIN_THREAD_BUSY_TIMEOUT_MS, openDatabase } from '../../sqlite/open-database';
import { newDataKey } from '../field-cipher';
import type { DataKey, ErasureRecord, KeyStore, OwnedKey } from '../key-store';

/**
 * Data keys in a SQLite file of their own (the data directory's `keys.db`), kept apart from the log so
 * that deleting a key leaves no copy behind: `secure_delete` zeroes the freed cells, and after an
 * erasure the WAL is checkpointed and truncated so the deleted key survives in neither file. Keys are
 * stored raw (no master key): protect the file like the secret that signs tokens, and let its backups
 * expire (a backup taken before an erasure still holds the key).
 */
export class SqliteKeyStore implements KeyStore {
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS data_keys (
        user_id TEXT PRIMARY KEY, kid TEXT NOT NULL UNIQUE, key BLOB NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS erasures (user_id TEXT PRIMARY KEY, first_erased_at TEXT NOT NULL);`);
    this.statements = {
      insert: db.prepare(
        'INSERT INTO data_keys (user_id, kid, key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING',
      ),
      byUser: db.prepare('SELECT kid, key FROM data_keys WHERE user_id = ?'),
      byKid: db.prepare('SELECT user_id, key FROM data_keys WHERE kid = ?'),
      erasedAt: db.prepare('SELECT first_erased_at FROM erasures WHERE user_id = ?'),
      deleteKeys: db.prepare('DELETE FROM data_keys WHERE user_id = ?'),
      recordErasure: db.prepare(
        'INSERT INTO erasures (user_id, first_erased_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING',
      ),
    };
  }

  static open(file: string): SqliteKeyStore {
    const db = openDatabase(file, { synchronous: 'FULL', busyTimeoutMs: MAIN_THREAD_BUSY_TIMEOUT_MS });
    db.pragma('secure_delete = ON');
    return new SqliteKeyStore(db);
  }

  async keyFor(userId: string): Promise<DataKey> {
    const { insert, byUser } = this.statements;
    let row = byUser.get(userId) as { kid: string; key: Buffer } | undefined;
    if (!row) {
      insert.run(userId, randomBytes(16).toString('hex'), newDataKey(), new Date().toISOString());
      row = byUser.get(userId) as { kid: string; key: Buffer };
    }
    return { kid: row.kid, key: row.key };
  }

  async keyById(kid: string): Promise<OwnedKey | undefined> {
    const row = this.statements.byKid.get(kid) as { user_id: string; key: Buffer } | undefined;
    return row && { userId: row.user_id, key: row.key };
  }

  async erasedAt(userId: string): Promise<string | undefined> {
    return (this.statements.erasedAt.get(userId) as { first_erased_at: string } | undefined)?.first_erased_at;
  }

  async erase(userId: string, at: string): Promise<ErasureRecord> {
    const { deleteKeys, recordErasure, erasedAt } = this.statements;
    const deletedKeys = this.db.transaction(() => {
      const deleted = deleteKeys.run(userId).changes;
      recordErasure.run(userId, at);
      return deleted;
    })();
    // The deleted key's page may still sit in the WAL: copy it back (zeroed) and empty the WAL.
    if (deletedKeys > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    const first = erasedAt.get(userId) as { first_erased_at: string };
    return { deletedKeys, firstErasedAt: first.first_erased_at };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
