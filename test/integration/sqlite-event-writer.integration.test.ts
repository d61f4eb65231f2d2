/**
 * The embedded store's writer thread: what the main thread sees when commits happen elsewhere.
 * Real files, real threads, real SQLite locks.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { type EventToAppend, type Position, WrongExpectedRevisionError } from '../../src/eventstore/port';
import { EventWriter } from '../../src/eventstore/sqlite/event-writer';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { tempDir } from '../support/temp-dir';

const event = (n: number): EventToAppend => ({ id: randomUUID(), type: 'Numbered', data: { n } });

/** The nice value of each thread of this process (Linux). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').map((task) => {
    const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

/** Tracks whether a promise has settled, without waiting for it. */
function watch<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  return { settled: () => settled, promise: tracked };
}

describe('embedded event store writer thread', () => {
  let dir: string;
  let remove: () => void;
  let file: string;

  beforeEach(() => {
    ({ dir, remove } = tempDir());
    file = join(dir, 'events.db');
  });
  afterEach(() => remove());

  it('keeps serving reads on the main thread while a commit waits for the write lock', async () => {
    const store = SqliteEventStore.open(file);
    const holder = new Database(file);
    try {
      await store.append('before-1', [event(0)], 'no_stream');
      holder.exec('BEGIN IMMEDIATE');
      const pending = watch(store.append('held-1', [event(1)], 'no_stream'));
      for (let turn = 0; turn < 20; turn++) await nextTurn();
      // The commit is stuck behind the other connection's lock, yet this thread reads and runs timers.
      expect(await store.readStream('before-1')).toHaveLength(1);
      expect(pending.settled()).toBe(false);
      holder.exec('COMMIT');
      expect((await pending.promise).revision).toBe(0);
      expect(await store.readStream('held-1')).toHaveLength(1);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await store.close();
    }
  });

  it('commits every append requested before close, then refuses new ones', async () => {
    const store = SqliteEventStore.open(file);
    const appends = Array.from({ length: 200 }, (_, i) => store.append(`drain-${i % 7}`, [event(i)], 'any'));
    await store.close();
    const results = await Promise.all(appends);
    expect(new Set(results.map((r) => r.position)).size).toBe(200);
    await expect(store.append('drain-0', [event(0)], 'any')).rejects.toThrow(/closed/);

    const reopened = SqliteEventStore.open(file);
    try {
      const log = await reopened.readAll({ maxCount: 1000 });
      expect(log.map((e) => e.position).sort()).toEqual(results.map((r) => r.position).sort());
    } finally {
      await reopened.close();
    }
  });

  it('fails one append of a group on a storage error and commits the others', async () => {
    const store = SqliteEventStore.open(file);
    try {
      const repeated = event(2);
      const [good, bad, conflict, other] = await Promise.allSettled([
        store.append('group-1', [event(1)], 'no_stream'),
        // A new first event, then one id twice: the event-id uniqueness of the log refuses it.
        store.append('group-2', [event(0), repeated, repeated], 'no_stream'),
        store.append('group-3', [event(3)], 5),
        store.append('group-4', [event(4)], 'no_stream'),
      ]);
      expect(good).toMatchObject({ status: 'fulfilled', value: { revision: 0 } });
      expect(other).toMatchObject({ status: 'fulfilled', value: { revision: 0 } });
      expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_UNIQUE' } });
      expect((conflict as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((conflict as PromiseRejectedResult).reason).toMatchObject({
        streamId: 'group-3',
        actual: 'no_stream',
      });
      expect(await store.readStream('group-2')).toEqual([]);
      expect(await store.readStream('group-4')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  // Per-thread priorities are a Linux feature; elsewhere the thread runs at the usual priority.
  (existsSync('/proc/thread-self') ? it : it.skip)(
    'runs the writer thread at a lower priority than the event loop (Linux only)',
    async () => {
      const mainNice = Number(
        readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]?.split(' ')[16] ?? Number.NaN,
      );
      const lowered = Math.min(19, mainNice + 10);
      await SqliteEventStore.open(file).close();
      const before = threadNiceValues().filter((nice) => nice === lowered).length;
      // The writer alone, without the store's checkpointer thread, which lowers its priority too.
      const writer = new EventWriter(
        file,
        (pos) => String(pos) as Position,
        () => {},
      );
      try {
        await writer.append('nice-1', [event(1)], 'no_stream');
        expect(threadNiceValues().filter((nice) => nice === lowered).length).toBe(before + 1);
      } finally {
        await writer.close();
      }
    },
  );

  it('refuses an in-memory database, which a second thread could not open', () => {
    expect(() => SqliteEventStore.open(':memory:')).toThrow(/needs a file/);
  });
});
