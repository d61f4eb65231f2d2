import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { printReport } from '../children/replay-report';

/**
 * The replay scenario's ceiling: one bare scan of the embedded log, in keyset pages over the events
 * table (as the store reads it) with every event's data and metadata parsed, and nothing done with them.
 */
const PAGE = 500;

function main(dataDir: string): void {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  const page = db.prepare('SELECT * FROM events WHERE pos > ? ORDER BY pos LIMIT ?');
  const started = performance.now();
  let events = 0;
  let keys = 0;
  for (let after = 0; ; ) {
    const rows = page.all(after, PAGE) as { pos: number; data: string; metadata: string }[];
    for (const row of rows) {
      const data = JSON.parse(row.data) as object;
      const metadata = JSON.parse(row.metadata) as object;
      // Touch the parsed values so the parse cannot be optimised away.
      keys += Object.keys(data).length + Object.keys(metadata).length;
      after = row.pos;
    }
    events += rows.length;
    if (rows.length < PAGE) break;
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  if (keys < 0) console.error(keys);
  printReport({ events, seconds, maxRssKb: process.resourceUsage().maxRSS });
}

main(process.argv[2] ?? '');
