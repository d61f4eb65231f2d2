/**
 * Subscriptions following the tail of the embedded log share the pages they read: each must still see
 * exactly its own part of the log, in order, however their positions interleave.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Position, RecordedEvent, Subscription } from '../../src/eventstore/port';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { tempDir } from '../support/temp-dir';

describe('embedded event store tail', () => {
  it('delivers every event once and in order to many subscriptions started at different positions', async () => {
    const { dir, remove } = tempDir();
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    const subscriptions: Subscription[] = [];
    try {
      const early = await store.append('tail-0', [{ id: randomUUID(), type: 'T', data: { n: -1 } }], 'any');
      const writers = Array.from({ length: 6 }, async (_, w) => {
        for (let n = 0; n < 60; n++) {
          await store.append(`tail-${w}`, [{ id: randomUUID(), type: 'T', data: { n } }], 'any');
        }
      });
      const starts: (Position | 'end' | undefined)[] = [undefined, early.position, undefined, 'end'];
      const seen = starts.map(() => [] as RecordedEvent[]);
      const startedAt: (Position | undefined)[] = [];
      for (const [i, after] of starts.entries()) {
        // Let some appends land between the starts, so the subscriptions sit at different positions.
        await new Promise((resolve) => setImmediate(resolve));
        startedAt.push(after === 'end' ? await store.headPosition() : after);
        const slow = i === 2;
        subscriptions.push(
          store.subscribeToAll({
            after,
            onEvent: async (event) => {
              seen[i]?.push(event);
              if (slow) await new Promise((resolve) => setImmediate(resolve));
            },
          }),
        );
      }
      await Promise.all(writers);
      const head = (await store.headPosition()) as Position;
      const log = await store.readAll({ maxCount: 10_000 });
      await waitUntil(() => seen.every((events) => events[events.length - 1]?.position === head));

      seen.forEach((events, i) => {
        const from = startedAt[i];
        const expected = log.filter((e) => from === undefined || e.position > from).map((e) => e.id);
        expect({ subscription: i, ids: events.map((e) => e.id) }).toEqual({ subscription: i, ids: expected });
      });
    } finally {
      await Promise.all(subscriptions.map((s) => s.close()));
      await store.close();
      remove();
    }
  });

  it('steps over a tail whose events were all purged and waits quietly for the next commit', async () => {
    const { dir, remove } = tempDir();
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    let subscription: Subscription | undefined;
    try {
      const kept = await store.append('kept', [{ id: randomUUID(), type: 'T', data: { n: 0 } }], 'any');
      await store.setStreamMetadata('expiring', { maxAgeSeconds: 1 });
      for (let n = 0; n < 3; n++) {
        await store.append('expiring', [{ id: randomUUID(), type: 'T', data: { n } }], 'any');
      }
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await store.purgeExpired();
      expect((await store.readAll({ after: kept.position, maxCount: 10 })).length).toBe(0);

      // Counts the reads of a private method: the loop must not spin on the gap.
      const pages = jest.spyOn(store as unknown as { tailPage: () => unknown }, 'tailPage');
      const seen: RecordedEvent[] = [];
      subscription = store.subscribeToAll({ after: kept.position, onEvent: async (e) => void seen.push(e) });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // One read finds the gap, one after stepping over it finds nothing, then the subscription waits.
      expect(pages.mock.calls.length).toBeLessThanOrEqual(3);

      const next = await store.append('kept', [{ id: randomUUID(), type: 'T', data: { n: 1 } }], 'any');
      await waitUntil(() => seen.length > 0);
      expect(seen.map((e) => e.position)).toEqual([next.position]);
    } finally {
      await subscription?.close();
      await store.close();
      remove();
    }
  });
});

async function waitUntil(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
}
