import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store';
import { eventStoreContract } from '../contract/event-store.contract';
import { eventStoreModelTest } from '../contract/event-store.model';
import { tempDir } from '../support/temp-dir';

async function openEmbedded() {
  const { dir, remove } = tempDir();
  const store = SqliteEventStore.open(join(dir, 'events.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
}

eventStoreContract('embedded (SQLite)', openEmbedded);
eventStoreModelTest('embedded (SQLite)', openEmbedded);

describe('embedded event store', () => {
  it('refuses a position from another log', async () => {
    const a = tempDir();
    const b = tempDir();
    const storeA = SqliteEventStore.open(join(a.dir, 'events.db'));
    const storeB = SqliteEventStore.open(join(b.dir, 'events.db'));
    try {
      const { position } = await storeA.append('s-1', [{ id: randomUUID(), type: 'T', data: {} }], 'any');
      expect(() => storeB.parsePosition(position)).toThrow(/another event log/);
    } finally {
      await Promise.all([storeA.close(), storeB.close()]);
      a.remove();
      b.remove();
    }
  });

  it('keeps its epoch and positions across a reopen', async () => {
    const { dir, remove } = tempDir();
    const file = join(dir, 'events.db');
    const first = SqliteEventStore.open(file);
    const { position } = await first.append('s-1', [{ id: randomUUID(), type: 'T', data: {} }], 'any');
    await first.close();
    const second = SqliteEventStore.open(file);
    try {
      expect(second.parsePosition(position)).toBe(position);
      expect(await second.headPosition()).toBe(position);
    } finally {
      await second.close();
      remove();
    }
  });

  it('purges events hidden by a maximum count', async () => {
    const { dir, remove } = tempDir();
    const store = SqliteEventStore.open(join(dir, 'events.db'));
    try {
      await store.setStreamMetadata('snap-1', { maxCount: 1 });
      for (let n = 0; n < 3; n++)
        await store.append('snap-1', [{ id: randomUUID(), type: 'T', data: { n } }], 'any');
      await store.purgeExpired();
      const all = await store.readAll({ maxCount: 10 });
      expect(all.map((e) => e.data.n)).toEqual([2]);
    } finally {
      await store.close();
      remove();
    }
  });
});
