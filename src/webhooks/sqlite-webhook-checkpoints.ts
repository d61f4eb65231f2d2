import type Database from 'better-sqlite3';
import { MAIN_THREAD_BUSY_TIMEOUT_MS, openDatabase } from '../sqlite/open-database';
import type { WebhookCheckpoints } from './checkpoints';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_checkpoints (
  endpoint TEXT PRIMARY KEY,
  position TEXT,
  updated_at TEXT NOT NULL
);`;

/**
 * Checkpoints of the embedded store, in a file of their own (`webhooks.db` in DATA_DIR) at a weaker
 * sync level: a checkpoint lost in a power cut only means some events are delivered again.
 */
export class SqliteWebhookCheckpoints implements WebhookCheckpoints {
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;

  private constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.select = db.prepare('SELECT position FROM webhook_checkpoints WHERE endpoint = ?');
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO webhook_checkpoints (endpoint, position, updated_at) VALUES (?, ?, ?)',
    );
    // Positions of one log sort in log order as strings (the event-store port writes them fixed-width).
    this.update = db.prepare(
      `UPDATE webhook_checkpoints SET position = ?, updated_at = ?
       WHERE endpoint = ? AND (position IS NULL OR position < ?)`,
    );
  }

  static open(file: string): SqliteWebhookCheckpoints {
    return new SqliteWebhookCheckpoints(
      openDatabase(file, { synchronous: 'NORMAL', busyTimeoutMs: MAIN_THREAD_BUSY_TIMEOUT_MS }),
    );
  }

  async get(endpointId: string): Promise<string | null | undefined> {
    const row = this.select.get(endpointId) as { position: string | null } | undefined;
    return row === undefined ? undefined : row.position;
  }

  async init(endpointId: string, position: string | null): Promise<string | null> {
    this.insert.run(endpointId, position, new Date().toISOString());
    return (await this.get(endpointId)) ?? null;
  }

  async advance(endpointId: string, position: string): Promise<void> {
    this.update.run(position, new Date().toISOString(), endpointId, position);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
