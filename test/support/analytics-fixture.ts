import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, JsonObject } from '../../src/eventstore/port';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { tempDir } from './temp-dir';

export const ANALYTICS_FIXTURE = join(__dirname, '..', 'fixtures', 'analytics-log.ndjson');

interface FixtureLine {
  stream: string;
  type: string;
  data: JsonObject;
}

/** Appends the NDJSON fixture (one `{stream, type, data}` per line) to a store, in file order. */
export async function appendFixture(store: EventStore, file = ANALYTICS_FIXTURE): Promise<number> {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FixtureLine);
  for (const [index, line] of lines.entries()) {
    const id = `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
    await store.append(line.stream, [{ id, type: line.type, data: line.data }], 'any');
  }
  return lines.length;
}

/** A fresh embedded log in a temp dir holding the fixture; `cleanup` closes and removes it. */
export async function fixtureStore(): Promise<{
  store: SqliteEventStore;
  dir: string;
  events: number;
  cleanup: () => Promise<void>;
}> {
  const { dir, remove } = tempDir('chat-analytics-');
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  const events = await appendFixture(store);
  return {
    store,
    dir,
    events,
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
}
