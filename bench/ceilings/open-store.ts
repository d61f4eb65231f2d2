import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The restart scenario's ceiling: a process that opens every SQLite file of a data directory (WAL mode,
 * as the product opens them), reads the head of the log, and answers `/health/ready` over HTTP. Its
 * time from spawn to a 200 is what node, better-sqlite3 and the files cost before any of the product's
 * own start-up work.
 */
const port = Number(process.env.PORT);
const dataDir = process.env.DATA_DIR ?? '';

const databases = readdirSync(dataDir)
  .filter((name) => name.endsWith('.db'))
  .map((name) => {
    const db = new Database(join(dataDir, name));
    db.pragma('journal_mode = WAL');
    return db;
  });
const events = databases.find((db) => db.name.endsWith('events.db'));
const head = events?.prepare('SELECT max(pos) AS head FROM events').get() as { head: number } | undefined;

createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ status: 'ready', head: head?.head ?? null, url: req.url }));
}).listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  for (const db of databases) db.close();
  process.exit(0);
});
