import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { queryWords } from '../seed/search-words';
import { summarize } from '../support/stats';

/**
 * The search scenario's ceiling: the same FTS5 query the server runs (the user's conversations, newest
 * first, a page of 20), prepared once and run directly on the read-model file with better-sqlite3 in
 * this process: no HTTP, no auth, no JSON, no highlights. Prints its latency summary as JSON.
 * Arguments: data directory, user id, number of queries, seed of the query words.
 */
const WARMUP = 50;
const PAGE = 20;

function main(dataDir: string, userId: string, count: number, seed: number): void {
  const db = new Database(join(dataDir, 'readmodels.db'), { readonly: true });
  const generation = (projection: string) =>
    (
      db.prepare('SELECT current FROM generations WHERE projection = ?').get(projection) as {
        current: number;
      }
    ).current;
  const messages = `search_messages_g${generation('search')}`;
  const participants = `participants_g${generation('conversations')}`;
  const fts = `${messages}_fts`;
  const query = db.prepare(
    `SELECT s.* FROM ${fts} JOIN ${messages} s ON s.doc_id = ${fts}.rowid
     WHERE ${fts} MATCH @match AND s.is_deleted = 0
       AND s.conversation_id IN (SELECT conversation_id FROM ${participants} WHERE user_id = @user AND removed = 0)
     ORDER BY ${fts}.rowid DESC LIMIT @limit`,
  );
  const words = queryWords(WARMUP + count, seed);
  const latencies: number[] = [];
  let hits = 0;
  words.forEach((word, i) => {
    const t0 = performance.now();
    const rows = query.all({ match: `"${word}"`, user: userId, limit: PAGE + 1 });
    const elapsed = performance.now() - t0;
    hits += Math.min(rows.length, PAGE);
    if (i >= WARMUP) latencies.push(elapsed);
  });
  db.close();
  process.stdout.write(`${JSON.stringify({ ...summarize(latencies), hits })}\n`);
}

main(
  process.argv[2] ?? '',
  process.argv[3] ?? '',
  Number(process.argv[4] ?? 1000),
  Number(process.argv[5] ?? 1),
);
