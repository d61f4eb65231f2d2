import { join } from 'node:path';
import type { Config } from './config/config';
import type { EphemeralChannel } from './eventstore/ephemeral';
import { EsdbEphemeralChannel } from './eventstore/esdb/esdb-ephemeral-channel';
import { EsdbEventStore } from './eventstore/esdb/esdb-event-store';
import type { EventStore } from './eventstore/port';
import { SqliteEphemeralChannel } from './eventstore/sqlite/sqlite-ephemeral-channel';
import { SqliteEventStore } from './eventstore/sqlite/sqlite-event-store';

export interface Stores {
  kind: 'eventstoredb' | 'embedded';
  store: EventStore;
  ephemeral: EphemeralChannel;
  close(): Promise<void>;
}

/** EventStoreDB when EVENTSTORE_URL is set; otherwise the embedded store under DATA_DIR. */
export async function openStores(config: Config): Promise<Stores> {
  if (config.EVENTSTORE_URL) {
    const store = await EsdbEventStore.connect(config.EVENTSTORE_URL);
    const ephemeral = await EsdbEphemeralChannel.create(store.client);
    return {
      kind: 'eventstoredb',
      store,
      ephemeral,
      close: async () => {
        await ephemeral.close();
        await store.close();
      },
    };
  }
  const store = SqliteEventStore.open(join(config.DATA_DIR, 'events.db'));
  const ephemeral = SqliteEphemeralChannel.open(join(config.DATA_DIR, 'ephemeral.db'));
  return {
    kind: 'embedded',
    store,
    ephemeral,
    close: async () => {
      await ephemeral.close();
      await store.close();
    },
  };
}
